"""Terraform root module variables without a value: what the run's Region gives them, and one TL002
per variable however often a policy document uses it."""
from __future__ import annotations

from pathlib import Path

import pytest

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules

# A log bucket whose policy names the trail by its ARN, in the Region the provider is given
POLICY = '''
data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "audit-logs"
}

data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "AclCheck"
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.logs.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = ["arn:aws:cloudtrail:${var.region}:${data.aws_caller_identity.current.account_id}:trail/audit"]
    }
  }
  statement {
    sid       = "Write"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = ["arn:aws:cloudtrail:${var.region}:${data.aws_caller_identity.current.account_id}:trail/audit"]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.logs.id
}
'''
REGION_VARIABLE = 'variable "region" {\n  type = string\n}\n'


def lint(directory: Path, *rules: str, region: str | None = None) -> list[str]:
    config = Config(select=rules, region=region)
    result = run([str(directory)], config, all_rules(), raise_errors=True)
    return [f"{Path(f.file).name}:{f.line}:{f.column}: {f.rule} {f.message}" for f in result.findings]


@pytest.mark.parametrize("provider", [
    'provider "aws" {\n  region = var.region\n}\n',
    'provider "aws" {\n  region = "${var.region}"\n}\n',
    'locals {\n  region = var.region\n}\nprovider "aws" {\n  region = local.region\n}\n',
    # another configuration in a Region of its own names no other unknown Region
    'provider "aws" {\n  region = var.region\n}\nprovider "aws" {\n  alias  = "global"\n  region = "us-east-1"\n}\n',
])
def test_the_run_s_region_is_the_value_of_the_provider_s_region_variable(tmp_path: Path, provider: str) -> None:
    (tmp_path / "main.tf").write_text(REGION_VARIABLE + provider + POLICY)
    assert lint(tmp_path, "TL207", "TL002", region="eu-west-1") == []
    # without --region the variable stays unknown: one TL002, naming the check it blocks
    assert lint(tmp_path, "TL207", "TL002") == [
        (f"main.tf:1:1: TL002 var.region has no value: no default, and none given in a tfvars file or --var (in the "
        f"root module {tmp_path}), so not known: statement.1.condition.0.values.0 of "
        "data.aws_iam_policy_document.logs (TL207 (bucket-policy-blocks-delivery) cannot decide); "
        "statement.0.condition.0.values.0 of data.aws_iam_policy_document.logs; region of trail "
        "aws_cloudtrail.audit")]


@pytest.mark.parametrize("providers", [
    # the default configuration has the environment's Region, which --region names; the alias may be elsewhere
    'provider "aws" {\n  alias = "home"\n  region = var.region\n}\n',
    'provider "aws" {\n}\nprovider "aws" {\n  alias = "home"\n  region = var.region\n}\n',
    # two variables may name two Regions
    ('variable "replica_region" {\n  type = string\n}\nprovider "aws" {\n  region = var.region\n}\n'
    'provider "aws" {\n  alias = "replica"\n  region = var.replica_region\n}\n'),
    # an expression over the variable is not the variable
    'provider "aws" {\n  region = lower(var.region)\n}\n',
])
def test_the_run_s_region_fills_only_the_one_region_variable(tmp_path: Path, providers: str) -> None:
    (tmp_path / "main.tf").write_text(REGION_VARIABLE + providers + POLICY)
    found = lint(tmp_path, "TL002", region="eu-west-1")
    assert [line.split(" (in the root")[0] for line in found if "var.region" in line] == [
        "main.tf:1:1: TL002 var.region has no value: no default, and none given in a tfvars file or --var"]


def test_a_region_variable_with_a_value_keeps_it(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(REGION_VARIABLE + 'provider "aws" {\n  region = var.region\n}\n' + POLICY)
    (tmp_path / "terraform.tfvars").write_text('region = "us-east-2"\n')
    # the trail is in us-east-2 whatever --region says: the policy names its own Region
    assert lint(tmp_path, "TL207", "TL002", region="eu-west-1") == []
    (tmp_path / "terraform.tfvars").write_text('region = "eu-west-1"\n')
    policy = POLICY.replace("${var.region}", "us-east-2")
    (tmp_path / "main.tf").write_text(REGION_VARIABLE + 'provider "aws" {\n  region = var.region\n}\n' + policy)
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "TL207", region="us-east-2")] == [
        ("TL207 bucket policy of 'audit-logs' blocks delivery for trail 'audit': the aws:SourceArn condition of "
        "statement 'AclCheck' excludes it")]


def test_one_tl002_per_variable_used_in_several_statements(tmp_path: Path) -> None:
    """Each statement a check stops at names the variable's one TL002, not a TL002 of its own."""
    (tmp_path / "main.tf").write_text(
        'variable "account_id" {\n  type = string\n}\nprovider "aws" {\n  region = "eu-west-1"\n}\n'
        + POLICY.replace("${var.region}", "eu-west-1").replace(
            "${data.aws_caller_identity.current.account_id}", "${var.account_id}"))
    assert lint(tmp_path, "TL207", "TL002") == [
        (f"main.tf:1:1: TL002 var.account_id has no value: no default, and none given in a tfvars file or --var (in "
        f"the root module {tmp_path}), so not known: statement.1.resources.0 of "
        "data.aws_iam_policy_document.logs (TL207 (bucket-policy-blocks-delivery) cannot decide); "
        "statement.0.condition.0.values.0 of data.aws_iam_policy_document.logs")]


@pytest.mark.parametrize("given", [{}, {"region": "eu-west-1"}, {"account": "111122223333"},
                                   {"region": "eu-west-1", "account": "111122223333"}])
def test_the_run_s_region_and_account_fill_the_topic_on_both_sides(tmp_path: Path, given: dict[str, str]) -> None:
    """The trail's topic and the topic policy's Resource are one ARN, in the provider's Region and
    account: given by the run or not, the policy covers the topic."""
    (tmp_path / "main.tf").write_text(
        'resource "aws_sns_topic" "t" {\n  count = 1\n  name  = "trail-topic"\n}\n'
        'data "aws_iam_policy_document" "p" {\n  statement {\n    actions   = ["sns:Publish"]\n'
        '    resources = [aws_sns_topic.t[0].arn]\n    principals {\n      type        = "Service"\n'
        '      identifiers = ["cloudtrail.amazonaws.com"]\n    }\n  }\n}\n'
        'resource "aws_sns_topic_policy" "p" {\n  arn    = aws_sns_topic.t[0].arn\n'
        '  policy = data.aws_iam_policy_document.p.json\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name           = "audit"\n  s3_bucket_name = "audit-logs"\n'
        '  sns_topic_name = aws_sns_topic.t[0].arn\n}\n')
    result = run([str(tmp_path)], Config(select=("TL208", "TL002"), **given), all_rules(), raise_errors=True)
    assert [f.message for f in result.findings if not f.message.startswith("home Region")] == []


def test_statements_not_known_as_a_whole_are_one_tl002_with_the_checks_they_block(tmp_path: Path) -> None:
    """A dynamic statement block over a variable without a value leaves a statement of the document
    unknown: the bucket policy built from it is said in the variable's TL002, not in a TL002 of its
    own. TL307 is decided: the new bucket restricts public bucket policies (Block Public Access)."""
    dynamic = ('  dynamic "statement" {\n    for_each = var.readers\n    content {\n      actions = ["s3:GetObject"]\n'
               '      resources = ["${aws_s3_bucket.logs.arn}/*"]\n    }\n  }\n')
    policy = POLICY.replace("${var.region}", "eu-west-1").replace(
        'data "aws_iam_policy_document" "logs" {\n', 'data "aws_iam_policy_document" "logs" {\n' + dynamic)
    (tmp_path / "main.tf").write_text('variable "readers" {\n  type = list(string)\n}\n' + policy)
    assert lint(tmp_path, "TL207", "TL307", "TL002", region="eu-west-1") == [
        (f"main.tf:1:1: TL002 var.readers has no value: no default, and none given in a tfvars file or --var (in the "
        f"root module {tmp_path}), so not known: the for_each of dynamic \"statement\" block 1 of "
        "data.aws_iam_policy_document.logs (TL207 (bucket-policy-blocks-delivery) cannot decide)")]


@pytest.mark.parametrize("order", [("reads", "writes"), ("writes", "reads")])
def test_two_dynamic_blocks_of_one_name_over_unknown_for_each_name_both_causes(tmp_path: Path,
                                                                               order: tuple[str, str]) -> None:
    """Each of two dynamic "event_selector" blocks leaves the trail's event selectors unknown: each
    variable's TL002 names them, not only the last block's."""
    blocks = "".join(f'  dynamic "event_selector" {{\n    for_each = var.{name}\n    content {{\n'
                     f'      read_write_type = "{name.title()[:-1]}Only"\n    }}\n  }}\n' for name in order)
    (tmp_path / "main.tf").write_text(
        'variable "reads" {}\nvariable "writes" {}\nprovider "aws" {\n  region = "eu-west-1"\n}\n'
        'resource "aws_cloudtrail" "main" {\n  name           = "main"\n  s3_bucket_name = "logs"\n' + blocks + '}\n')
    said = [line for line in lint(tmp_path, "TL002", "TL309") if "event_selector" in line]
    assert said == [
        (f"main.tf:{line}:1: TL002 var.{name} has no value: no default, and none given in a tfvars file or --var (in "
         f"the root module {tmp_path}), so not known: event_selector of aws_cloudtrail.main (TL309 "
         "(trail-logs-own-bucket) cannot decide)") for line, name in ((1, "reads"), (2, "writes"))]


def test_trails_of_one_provider_without_a_region_are_one_tl002(tmp_path: Path) -> None:
    """The home Region of every trail of a provider configuration without a Region is one unknown:
    one TL002 names them all; trails of another configuration have a Region of their own."""
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n'
        + "".join(f'resource "aws_cloudtrail" "{name}" {{\n  name = "{name}"\n  s3_bucket_name = "audit-logs"\n}}\n'
                  for name in ("one", "two", "three"))
        + 'resource "aws_cloudtrail" "west" {\n  provider = aws.west\n  name = "west"\n'
          '  s3_bucket_name = "audit-logs"\n}\n')
    assert [line for line in lint(tmp_path, "TL002") if "home Region" in line] == [
        ("main.tf:5:1: TL002 home Region of trails 'one', 'two' and 'three' is not known: pass --region or set "
        f"`region` in .trail-lint.yaml; quota and cost checks count them in the Region of provider aws of root "
        f"module {tmp_path}, coverage checks leave them out")]
    assert [line for line in lint(tmp_path, "TL002", region="eu-west-1") if "home Region" in line] == []


@pytest.mark.parametrize(("target", "cause"), [
    ("var.target", ("var.target has no value: no default, and none given in a tfvars file or --var (in the root "
                   "module {root})")),
    # no module block calls it: Terraform rejects the reference
    ("module.elsewhere.name", "module.elsewhere is not declared (in the root module {root})"),
])
def test_a_bucket_policy_whose_bucket_is_not_known_may_be_the_log_bucket_s(tmp_path: Path, target: str,
                                                                             cause: str) -> None:
    """TL207 cannot say the log bucket has no policy while a policy of a bucket not known may be its
    own: that check is named in the TL002 of why the policy's bucket is not known."""
    (tmp_path / "main.tf").write_text(
        'variable "target" {\n  type = string\n}\nprovider "aws" {\n  region = "eu-west-1"\n}\n'
        'resource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n}\n'
        f'resource "aws_s3_bucket_policy" "p" {{\n  bucket = {target}\n  policy = jsonencode({{\n'
        '    Statement = [{ Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:*",\n'
        '                   Resource = "*" }]\n  })\n}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n')
    [found] = lint(tmp_path, "TL207", "TL002")
    assert found.split(": ", 1)[1] == (f"TL002 {cause.format(root=tmp_path)}, so not known: bucket of "
                                       "aws_s3_bucket_policy.p (TL207 (bucket-policy-blocks-delivery) cannot decide)")


@pytest.mark.parametrize(("acl", "blocked"), [('"public-read"', True), ("var.acl", True), ('"private"', False)])
def test_a_bucket_acl_whose_bucket_is_not_known_may_be_the_log_bucket_s(tmp_path: Path, acl: str,
                                                                        blocked: bool) -> None:
    """An ACL that may be the log bucket's, and may differ from the one it has, leaves TL307
    undecided, in the TL002 of why its bucket is not known; the default one changes nothing."""
    (tmp_path / "main.tf").write_text(
        'variable "target" {\n  type = string\n}\nvariable "acl" {\n  default = "public-read"\n}\n'
        'provider "aws" {\n  region = "eu-west-1"\n}\n'
        'resource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n}\n'
        # public ACLs not ignored (a new bucket ignores them, which would settle it alone)
        'resource "aws_s3_bucket_public_access_block" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
        '  block_public_acls = false\n  ignore_public_acls = false\n}\n'
        f'resource "aws_s3_bucket_acl" "a" {{\n  bucket = var.target\n  acl    = {acl}\n}}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n')
    [found] = lint(tmp_path, "TL307", "TL002")
    assert found.split(": ", 1)[1] == (
        f"TL002 var.target has no value: no default, and none given in a tfvars file or --var (in the root module "
        f"{tmp_path}), so not known: bucket of aws_s3_bucket_acl.a" +
        (" (TL307 (log-bucket-public) cannot decide)" if blocked else ""))
