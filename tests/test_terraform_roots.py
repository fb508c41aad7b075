"""Root modules of one run that call a module by the same name (environments/dev and prod, a module's
examples/*): the addresses are the same in each, and each root's references reach its own resources
only, so each root gets its own findings and none is tied to another root's bucket, role or policy."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.model import Origin
from trail_lint.normalise.terraform.hcl import read_tree
from trail_lint.registry import all_rules

MODULE = '''variable "name" {}
variable "bucket" {}
variable "role_arn" {}

resource "aws_cloudwatch_log_group" "trail" {
  name = "${var.name}-logs"
}

resource "aws_cloudtrail" "this" {
  name                       = var.name
  s3_bucket_name             = var.bucket
  is_multi_region_trail      = true
  enable_log_file_validation = true
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = var.role_arn
}

output "log_group_arn" {
  value = aws_cloudwatch_log_group.trail.arn
}
'''

# A root module: its own bucket and role (the same addresses in every root), and the module.
ROOT = '''provider "aws" {{
  region              = "eu-west-1"
  allowed_account_ids = ["{account}"]
}}

resource "aws_s3_bucket" "logs" {{
  bucket_prefix = "{name}-logs"
}}

resource "aws_iam_role" "trail" {{
  name_prefix        = "{name}"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Principal = {{ Service = "{service}" }} }}]
  }})
}}

# named by its address: its ARN is known only after apply
resource "aws_iam_policy" "logs" {{
  name_prefix = "{name}"
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = {actions}, Resource = "${{module.cloudtrail.log_group_arn}}:*" }}]
  }})
}}

resource "aws_iam_role_policy_attachment" "logs" {{
  role       = aws_iam_role.trail.name
  policy_arn = aws_iam_policy.logs.arn
}}

module "cloudtrail" {{
  source   = "../../modules/cloudtrail"
  name     = "{trail}"
  bucket   = aws_s3_bucket.logs.id
  role_arn = aws_iam_role.trail.arn
}}
'''

BUCKET_POLICY = '''
resource "aws_s3_bucket_policy" "logs" {{
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{ Effect = "Allow", Action = "s3:GetBucketAcl", Principal = {{ Service = "cloudtrail.amazonaws.com" }},
        Resource = aws_s3_bucket.logs.arn }},
      {{ Effect = "Allow", Action = "s3:PutObject", Principal = {{ Service = "cloudtrail.amazonaws.com" }},
        Resource = "${{aws_s3_bucket.logs.arn}}/AWSLogs/{account}/*",
        Condition = {{ StringEquals = {{ "s3:x-amz-acl" = "bucket-owner-full-control" }} }} }},
    ]
  }})
}}
'''


def write_tree(top: Path, roots: dict[str, tuple[bool, bool, bool]], account: str = "111111111111",
               trail: str | None = None) -> None:
    """``roots``: name → (the role trusts CloudTrail, its policy allows the log actions, the bucket has
    CloudTrail's policy); ``trail``: one trail name for every root (else each root's own)."""
    (top / "modules" / "cloudtrail").mkdir(parents=True)
    (top / "modules" / "cloudtrail" / "main.tf").write_text(MODULE)
    for name, (trusted, allowed, delivered) in roots.items():
        directory = top / "envs" / name
        directory.mkdir(parents=True)
        text = ROOT.format(name=name, account=account, trail=trail or f"{name}-trail",
                           service="cloudtrail.amazonaws.com" if trusted else "ec2.amazonaws.com",
                           actions='["logs:CreateLogStream", "logs:PutLogEvents"]' if allowed
                           else '["logs:DescribeLogGroups"]')
        if delivered:
            text += BUCKET_POLICY.format(account=account)
        (directory / "main.tf").write_text(text)


def lint(top: Path, *select: str) -> list[str]:
    result = run([str(top)], Config(), all_rules(), raise_errors=True)
    assert not [f for f in result.findings if f.rule in ("TL000", "TL001")]
    return sorted(f"{Path(f.file).relative_to(top)}:{f.line}: {f.rule} {f.message}" for f in result.findings
                  if f.rule in select and not f.suppressed)


def test_each_root_is_linted_with_its_own_role_bucket_and_policy(tmp_path: Path) -> None:
    # dev wires a role CloudTrail cannot assume and a bucket without CloudTrail's policy; prod's are right.
    write_tree(tmp_path, {"dev": (False, True, False), "prod": (True, True, True)})
    assert lint(tmp_path, "TL002", "TL207", "TL215") == [
        ("envs/dev/main.tf:6: TL207 log bucket 'aws_s3_bucket.logs' of trail 'dev-trail' has no bucket policy, "
         "so CloudTrail cannot deliver to it"),
        # the role is named with its root module: the other root has a role at that address too
        (f"modules/cloudtrail/main.tf:15: TL215 CloudWatch Logs role 'aws_iam_role.trail ({tmp_path}/envs/dev)' of "
         "trail 'dev-trail' does not let CloudTrail assume it: no statement allows cloudtrail.amazonaws.com "
         "sts:AssumeRole on the role"),
    ]


def test_a_policy_named_by_its_address_is_the_one_of_the_same_root(tmp_path: Path) -> None:
    # Both roles trust CloudTrail; only dev's attached policy (aws_iam_policy.logs in both roots) allows
    # the log actions: prod's role is found lacking, and dev's is not given prod's policy (read last).
    write_tree(tmp_path, {"dev": (True, True, True), "prod": (True, False, True)})
    assert lint(tmp_path, "TL002", "TL207", "TL215") == [
        (f"modules/cloudtrail/main.tf:15: TL215 CloudWatch Logs role 'aws_iam_role.trail ({tmp_path}/envs/prod)' of "
         "trail 'prod-trail' does not allow logs:CreateLogStream or logs:PutLogEvents on arn:aws:logs:eu-west-1:111111111111:log-group:"
         "prod-trail-logs:log-stream:111111111111_CloudTrail_eu-west-1"),
    ]


def test_the_references_of_each_root_reach_its_own_resources(tmp_path: Path) -> None:
    write_tree(tmp_path, {"dev": (True, True, True), "prod": (True, True, True)})
    contents = read_tree([str(p) for p in sorted(tmp_path.rglob("*.tf"))]).contents
    roots = {trail.name: trail.origin.root for trail in contents.trails}
    assert roots == {"dev-trail": str(tmp_path / "envs" / "dev"), "prod-trail": str(tmp_path / "envs" / "prod")}
    for trail in contents.trails:
        assert (trail.s3_bucket_ref, trail.cloudwatch_logs_role_ref, trail.cloudwatch_logs_group_ref) == \
            ("aws_s3_bucket.logs", "aws_iam_role.trail", "module.cloudtrail.aws_cloudwatch_log_group.trail")
    # every object read from the .tf knows its root module, and each root has one of each
    origins: list[Origin] = [*(b.origin for b in contents.buckets), *(p.origin for p in contents.principals),
                             *(p.origin for p in contents.policies), *(p.origin for p in contents.resource_policies)]
    assert sorted(o.root for o in origins) == sorted([*roots.values()] * 4)


def test_one_trail_name_in_two_roots_of_one_account_is_two_trails(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # Two root modules are two Terraform resources even at one address: a name taken twice in one
    # account and Region (TL214, each place named with its root module), each with its own findings.
    write_tree(tmp_path, {"dev": (False, True, True), "prod": (True, True, True)}, trail="audit")
    assert main(["--select", "TL214,TL215", "--format", "parsable", str(tmp_path)]) == 1
    module = tmp_path / "modules" / "cloudtrail" / "main.tf"
    place = f"module.cloudtrail.aws_cloudtrail.this in {module} of root module {tmp_path / 'envs'}"
    assert capsys.readouterr().out == (
        f"{module}:10:3: TL214 trail 'audit' ({place}/prod) has the name of trail 'audit' ({place}/dev) in "
        "eu-west-1: CreateTrail fails with TrailAlreadyExistsException\n"
        f"{module}:15:3: TL215 CloudWatch Logs role 'aws_iam_role.trail ({tmp_path}/envs/dev)' of trail 'audit' does not let "
        "CloudTrail assume it: no statement allows cloudtrail.amazonaws.com sts:AssumeRole on the role\n")


@settings(max_examples=12, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), min_size=1, max_size=4))
def test_any_number_of_roots_each_get_the_findings_of_their_own_resources(
        specs: list[tuple[bool, bool, bool]]) -> None:
    roots = {f"r{index}": spec for index, spec in enumerate(specs)}
    with tempfile.TemporaryDirectory() as directory:
        top = Path(directory)
        write_tree(top, roots)
        found = lint(top, "TL002", "TL207", "TL215")
    expected = []   # (rule, trail, what is said) of each finding
    for name, (trusted, allowed, delivered) in roots.items():
        if not delivered:
            expected.append(("TL207", name, "has no bucket policy"))
        if not trusted:
            expected.append(("TL215", name, "does not let CloudTrail assume it"))
        elif not allowed:
            expected.append(("TL215", name, "does not allow logs:CreateLogStream"))
    # no TL002: every reference is decided within its root
    assert len(found) == len(expected), found
    assert all(sum(f" {rule} " in line and f"of trail '{name}-trail'" in line and said in line for line in found) == 1
               for rule, name, said in expected), found


TEAM = '''variable "actions" {}
resource "random_id" "suffix" {
  byte_length = 4
}
resource "aws_iam_group" "ops" {
  name = "ops-${random_id.suffix.hex}"
}
resource "aws_iam_group_policy" "ops" {
  group  = aws_iam_group.ops.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}
resource "aws_iam_user" "alice" {
  name = "alice"
}
resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.ops.name]
}
'''


def test_principals_at_one_address_in_two_roots_are_two_principals(tmp_path: Path) -> None:
    # Each root (its own account) calls one module making a user in a group named only after apply:
    # in envs/a the group may StopLogging, in envs/b it may not. Each user has its own root's group.
    (tmp_path / "modules" / "team").mkdir(parents=True)
    (tmp_path / "modules" / "team" / "main.tf").write_text(TEAM)
    for root, account, action in (("a", "111111111111", "cloudtrail:StopLogging"), ("b", "222222222222", "s3:GetObject")):
        (tmp_path / "envs" / root).mkdir(parents=True)
        (tmp_path / "envs" / root / "main.tf").write_text(
            f'provider "aws" {{\n  region = "eu-west-1"\n  allowed_account_ids = ["{account}"]\n}}\n'
            f'resource "aws_cloudtrail" "main" {{\n  name = "main-{root}"\n  s3_bucket_name = "logs-{root}"\n}}\n'
            f'module "team" {{\n  source = "../../modules/team"\n  actions = ["{action}"]\n}}\n')
    result = run([str(tmp_path)], Config(), all_rules(), raise_errors=True)
    assert [(f.message, f.resource) for f in result.findings if f.rule == "TL401"] == [
        ("user alice can StopLogging on 'main-a'", f"module.team.aws_iam_user.alice ({tmp_path}/envs/a)")]
    assert not [f for f in result.findings if f.rule == "TL002" and "group" in f.message]
