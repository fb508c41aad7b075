"""Shapes of real Terraform CloudTrail modules written elsewhere, each reduced to a small module of
our own: how the .tf reader links a trail to its log bucket and log group, and what Terraform itself
refuses. Each test names the repository and file whose shape it follows."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.normalise.terraform.hcl_versions import _bounds
from trail_lint.registry import all_rules

BUCKET_RULES = ("TL207", "TL310", "TL311", "TL002")


def lint(tmp_path: Path, files: dict[str, str], rules: tuple[str, ...]) -> list[str]:
    """The findings of ``rules`` on a module of ``files`` (path → text), as "RULE file:line message";
    the TL002 about the trail's home Region (no provider Region here) is left out."""
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = run(["."], from_mapping({"select": list(rules)}), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.rule} {f.file}:{f.line} {f.message}" for f in result.findings
            if f.rule in rules and "home Region" not in f.message]


TRAIL = """
resource "aws_cloudtrail" "this" {
  name                       = "audit"
  s3_bucket_name             = BUCKET
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
"""

LOGS = """
resource "aws_s3_bucket" "logs" {
  NAMING
}
"""

REPLICA_BUCKET = """
resource "aws_s3_bucket" "replica" {
  bucket = REPLICA
}
"""
REPLICA_SETTINGS = """
locals {
  replica_name = "${aws_s3_bucket.logs.bucket}-replica"
}
resource "aws_s3_bucket_logging" "replica" {
  bucket        = REPLICA
  target_bucket = "access-logs-example"
  target_prefix = "replica/"
}
resource "aws_s3_bucket_versioning" "replica" {
  bucket = REPLICA
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}
"""


@pytest.mark.parametrize("replica", ['"${aws_s3_bucket.logs.id}-replica"', 'format("%s-replica", aws_s3_bucket.logs.id)',
                                     "local.replica_name"])
def test_a_replica_named_after_the_log_bucket_keeps_its_settings_to_itself(tmp_path: Path, replica: str) -> None:
    """The settings of a bucket named after the log bucket (`"${local.bucket_name}-replica"`,
    test-renovate-bot-venkata/terraform-module-cloud-multy-prerequisites: s3-backup-bucket.tf;
    `format("%s-replica", module.bucket.s3_bucket_id)`, 3scale-ops/tf-aws-s3-backup: s3_replica.tf)
    are that bucket's: the log bucket keeps having no access logging and no versioning."""
    files = {"main.tf": TRAIL.replace("BUCKET", "aws_s3_bucket.logs.id") + LOGS.replace("NAMING", 'bucket = "audit-logs-example"')
             + (REPLICA_SETTINGS + REPLICA_BUCKET).replace("REPLICA", replica)}
    findings = lint(tmp_path, files, BUCKET_RULES)
    assert "TL310 main.tf:10 log bucket 'audit-logs-example' of trail 'audit' has no server access logging" in findings
    assert "TL311 main.tf:10 log bucket 'audit-logs-example' of trail 'audit' is not versioned" in findings


@pytest.mark.parametrize("replica", ['"${aws_s3_bucket.logs.id}-replica"', '"replica-of-${aws_s3_bucket.logs.bucket}"',
                                     "local.replica_name"])
def test_a_replica_of_a_log_bucket_with_a_name_made_at_apply_is_still_another_bucket(tmp_path: Path, replica: str) -> None:
    """With the log bucket named by the provider at apply (`bucket_prefix`), the replica's name is
    not known either, but it is the log bucket's name with text around it, so certainly another
    bucket's: the log bucket's own settings are decided."""
    files = {"main.tf": TRAIL.replace("BUCKET", "aws_s3_bucket.logs.id") + LOGS.replace("NAMING", 'bucket_prefix = "audit-"')
             + (REPLICA_SETTINGS + REPLICA_BUCKET).replace("REPLICA", replica)}
    assert lint(tmp_path, files, BUCKET_RULES) == [
        ("TL207 main.tf:10 log bucket 'aws_s3_bucket.logs' of trail 'audit' has no bucket policy, so CloudTrail "
        "cannot deliver to it"),
        "TL310 main.tf:10 log bucket 'aws_s3_bucket.logs' of trail 'audit' has no server access logging",
        "TL311 main.tf:10 log bucket 'aws_s3_bucket.logs' of trail 'audit' is not versioned"]


def test_the_policy_of_a_replica_named_after_the_log_bucket_is_the_replica_s(tmp_path: Path) -> None:
    """A bucket policy written with the replica bucket's own text (`"${aws_s3_bucket.logs.id}-replica"`
    in both) is the replica's, whatever the names turn out to be: the log bucket has no policy (TL207),
    no TL002 about where its policy may be."""
    policy = ('resource "aws_s3_bucket_policy" "replica" {\n  bucket = "${aws_s3_bucket.logs.id}-replica"\n'
              '  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Deny", Principal = "*", '
              'Action = "s3:*", Resource = "arn:aws:s3:::${aws_s3_bucket.logs.id}-replica/*", '
              'Condition = {Bool = {"aws:SecureTransport" = "false"}}}]})\n}\n')
    files = {"main.tf": TRAIL.replace("BUCKET", "aws_s3_bucket.logs.id") + LOGS.replace("NAMING", 'bucket_prefix = "audit-"')
             + REPLICA_BUCKET.replace("REPLICA", '"${aws_s3_bucket.logs.id}-replica"') + policy}
    assert lint(tmp_path, files, ("TL207", "TL002")) == [
        ("TL207 main.tf:10 log bucket 'aws_s3_bucket.logs' of trail 'audit' has no bucket policy, so CloudTrail "
        "cannot deliver to it")]


def test_a_trail_and_a_bucket_named_by_one_template_are_linked(tmp_path: Path) -> None:
    """`s3_bucket_name = "${var.name}-cloudtrail"` and `bucket = "${var.name}-cloudtrail"` (the shape
    of ChMarco/aws-organization-open-digital-platform's `"${var.cloudtrail_bucket_name}-${...}"`
    passed to its trail module), the variable without a value: one value, so one bucket."""
    files = {"main.tf": 'variable "name" {\n  type = string\n}\n'
             + LOGS.replace("NAMING", 'bucket = "${var.name}-cloudtrail"')
             + TRAIL.replace("BUCKET", '"${var.name}-cloudtrail"')}
    findings = lint(tmp_path, files, BUCKET_RULES)
    assert [f.split(" ", 2)[:2] for f in findings] == [["TL002", "main.tf:1"], ["TL207", "main.tf:5"],
                                                      ["TL310", "main.tf:5"], ["TL311", "main.tf:5"]]
    assert "cannot decide" not in findings[0]


def test_settings_whose_name_may_be_the_log_bucket_s_are_one_tl002_not_a_pass(tmp_path: Path) -> None:
    """`"${var.prefix}${aws_s3_bucket.logs.id}"` with a prefix that may be empty may be the log
    bucket's name: what the settings leave open is said, never passed over nor guessed."""
    files = {"main.tf": 'variable "prefix" {\n  type = string\n}\n'
             + TRAIL.replace("BUCKET", "aws_s3_bucket.logs.id") + LOGS.replace("NAMING", 'bucket_prefix = "audit-"')
             + REPLICA_SETTINGS.replace("REPLICA", '"${var.prefix}${aws_s3_bucket.logs.id}"')}
    findings = lint(tmp_path, files, ("TL310", "TL311", "TL002"))
    assert not [f for f in findings if f.startswith(("TL310", "TL311"))]
    assert [f for f in findings if "TL310 (" in f] and [f for f in findings if "TL311 (" in f]


@pytest.mark.parametrize("own", ["aws_s3_bucket.logs.id", '"${aws_s3_bucket.logs.bucket}"', 'join("", aws_s3_bucket.logs[*].id)',
                                 "local.replica_name"])
def test_settings_naming_the_log_bucket_itself_are_its_own(tmp_path: Path, own: str) -> None:
    """The same settings written with the log bucket's own name (a count-guarded module's
    `join("", aws_s3_bucket.x[*].id)`, or a local holding it) are the log bucket's."""
    files = {"main.tf": TRAIL.replace("BUCKET", "aws_s3_bucket.logs.id") + LOGS.replace("NAMING", 'bucket_prefix = "audit-"')
             + REPLICA_SETTINGS.replace('"${aws_s3_bucket.logs.bucket}-replica"', "aws_s3_bucket.logs.bucket")
             .replace("REPLICA", own)}
    findings = lint(tmp_path, files, ("TL310", "TL311"))
    assert findings == []


def test_a_log_bucket_named_through_a_local_of_its_attribute_is_linked(tmp_path: Path) -> None:
    """`s3_bucket_name = local.bucket`, the local being the bucket resource's `id`, and the bucket
    named by a variable given no value: the trail's bucket is that resource, whatever its name
    (trail variables without values: JayaprabhuD-cloud/hcl-usecase-monitoring:
    modules/cloudtrail/variable.tf), so the bucket rules decide and only the variable is a TL002."""
    files = {"main.tf": 'variable "bucket_name" {\n  type = string\n}\nlocals {\n  bucket = aws_s3_bucket.logs.id\n}\n'
             + LOGS.replace("NAMING", "bucket = var.bucket_name") + TRAIL.replace("BUCKET", "local.bucket")}
    findings = lint(tmp_path, files, BUCKET_RULES)
    assert [f.split(" ", 1)[0] for f in findings] == ["TL002", "TL207", "TL310", "TL311"]
    assert "var.bucket_name has no value" in findings[0] and "cannot decide" not in findings[0]


def test_a_local_that_may_name_another_bucket_is_one_tl002(tmp_path: Path) -> None:
    """A local that takes a variable without a value when it is set (`var.existing != "" ?
    var.existing : aws_s3_bucket.logs.id`) may name another bucket: the rules it blocks are named in
    one TL002, never decided on the module's own bucket."""
    files = {"main.tf": 'variable "existing" {\n  type = string\n}\n'
             'locals {\n  bucket = var.existing != "" ? var.existing : aws_s3_bucket.logs.id\n}\n'
             + LOGS.replace("NAMING", 'bucket = "audit-logs-example"') + TRAIL.replace("BUCKET", "local.bucket")}
    findings = lint(tmp_path, files, BUCKET_RULES)
    assert len(findings) == 1 and findings[0].startswith("TL002") and "TL310" in findings[0] \
        and "TL311" in findings[0]


SECURE_BUCKET = """
variable "bucket_name" {
  type = string
}
variable "log_bucket_name" {
  type = string
}
variable "enabled" {
  type = bool
}
resource "aws_s3_bucket" "access_log" {
  count  = var.enabled ? 1 : 0
  bucket = var.log_bucket_name
}
resource "aws_s3_bucket" "content" {
  count  = var.enabled ? 1 : 0
  bucket = var.bucket_name
  logging {
    target_bucket = aws_s3_bucket.access_log[0].id
  }
  versioning {
    enabled = true
  }
}
output "this_bucket" {
  value = var.enabled ? aws_s3_bucket.content[0] : null
}
"""
CALLER = """
variable "audit_bucket" {
  type = string
}
module "audit_log_bucket" {
  source          = "./modules/secure-bucket"
  bucket_name     = var.audit_bucket
  log_bucket_name = "${var.audit_bucket}-access-logs"
  enabled         = true
}
module "trail" {
  source         = "./modules/trail"
  s3_bucket_name = module.audit_log_bucket.this_bucket.id
}
"""


def test_a_log_bucket_passed_from_a_sibling_module_output_through_a_variable_is_linked(tmp_path: Path) -> None:
    """The trail module takes `var.s3_bucket_name`, which its caller gives as another local module's
    output, the bucket object chosen by a conditional (`var.enabled ? aws_s3_bucket.content[0] :
    null`; nozaq/terraform-aws-secure-baseline: modules/secure-bucket/main.tf), the bucket named by a
    variable without a value: the value is that bucket's name or null, never another bucket's, so
    the bucket rules decide (access logging on, versioning without MFA delete)."""
    files = {"main.tf": CALLER, "modules/secure-bucket/main.tf": SECURE_BUCKET,
             "modules/trail/main.tf": 'variable "s3_bucket_name" {\n  type = string\n}\n'
                                      + TRAIL.replace("BUCKET", "var.s3_bucket_name")}
    findings = lint(tmp_path, files, BUCKET_RULES)
    assert [f.split(" ", 2)[:2] for f in findings] == [
        ["TL002", "main.tf:2"], ["TL207", "modules/secure-bucket/main.tf:15"],
        ["TL311", "modules/secure-bucket/main.tf:21"]]
    assert "cannot decide" not in findings[0]


CHILD_LOGS = """
variable "prefix" {
  type = string
}
resource "random_id" "suffix" {
  byte_length = 4
}
resource "aws_s3_bucket" "this" {
  bucket = "${var.prefix}-trail-${random_id.suffix.hex}"
}
resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}
output "bucket_id" {
  value = aws_s3_bucket.this.id
}
"""


def test_a_log_bucket_from_a_local_module_output_with_a_random_name_is_linked(tmp_path: Path) -> None:
    """`s3_bucket_name = module.logs.bucket_id` of a local module whose bucket name ends in a
    `random_id` (plus3it/terraform-aws-tardigrade-cloudtrail: tests/no_log_group/main.tf names its
    bucket by `random_id`; trussworks/terraform-aws-logs: examples/cloudtrail/main.tf passes a logs
    module's bucket output to the trail): the name is not known, the bucket is."""
    files = {"main.tf": 'module "logs" {\n  source = "./modules/logs"\n  prefix = "audit"\n}\n'
             + TRAIL.replace("BUCKET", "module.logs.bucket_id"),
             "modules/logs/main.tf": CHILD_LOGS}
    findings = lint(tmp_path, files, BUCKET_RULES)
    assert findings == [
        ("TL207 modules/logs/main.tf:8 log bucket 'module.logs.aws_s3_bucket.this' of trail 'audit' has no bucket "
        "policy, so CloudTrail cannot deliver to it"),
        ("TL310 modules/logs/main.tf:8 log bucket 'module.logs.aws_s3_bucket.this' of trail 'audit' has no server "
        "access logging"),
        ("TL311 modules/logs/main.tf:11 log bucket 'module.logs.aws_s3_bucket.this' of trail 'audit' is versioned "
        "without MFA delete or Object Lock")]


LOG_GROUP = """
resource "aws_cloudwatch_log_group" "trail" {
  name = "cloudtrail-events"
}
resource "aws_cloudtrail" "this" {
  name                       = "audit"
  s3_bucket_name             = "audit-logs-example"
  cloud_watch_logs_group_arn = ARN
}
"""
DATA = 'data "aws_caller_identity" "current" {}\ndata "aws_region" "current" {}\n'


def versions(constraint: str) -> str:
    return ('terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
            f'      version = "{constraint}"\n    }}\n  }}\n}}\n')


def test_a_log_group_arn_written_without_the_wildcard_is_refused(tmp_path: Path) -> None:
    """A log group ARN the module writes itself, without `:*` (the shape of the locals in the
    search results for `log-group:${var.log_group_prefix}${var.name}`, here without the wildcard):
    CloudTrail refuses it whatever the provider version."""
    arn = '"arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:' \
          '${aws_cloudwatch_log_group.trail.name}"'
    findings = lint(tmp_path, {"main.tf": DATA + LOG_GROUP.replace("ARN", arn)}, ("TL219", "TL002"))
    assert findings == [("TL219 main.tf:10 CloudWatch Logs log group 'arn:aws:logs:<region>:<account>:log-group:"
                        "cloudtrail-events' of trail 'audit' does not end in ':*', which CloudTrail requires")]


@pytest.mark.parametrize(("arn", "constraint", "expected"), [
    ("aws_cloudwatch_log_group.trail.arn", ">= 4.0", "TL219"),
    ("aws_cloudwatch_log_group.trail.arn", "~> 3.71.0", "TL219"),
    ('join("", aws_cloudwatch_log_group.trail[*].arn)', ">= 3.0, < 6.0", "TL219"),
    ("aws_cloudwatch_log_group.trail.arn", None, "TL002"),
    ("aws_cloudwatch_log_group.trail.arn", ">= 2.0", "TL002"),
    ("aws_cloudwatch_log_group.trail.arn", "~> 2.70", None),
    ('"${aws_cloudwatch_log_group.trail.arn}:*"', None, None),
])
def test_a_log_group_resource_arn_depends_on_the_provider_versions_allowed(
        tmp_path: Path, arn: str, constraint: str | None, expected: str | None) -> None:
    """`cloud_watch_logs_group_arn = aws_cloudwatch_log_group.x.arn`
    (indigo-tangerine/itc-aws-base-cfg: terraform/_cloudtrail.tf; the failure reported in
    nozaq/terraform-aws-secure-baseline#118 and trussworks/terraform-aws-cloudtrail#167) lacks `:*`
    from AWS provider 3.0 (hashicorp/terraform-provider-aws#14214): refused where the constraints
    allow only 3.0 and later, fine where only earlier, a TL002 where they do not settle it."""
    files = {"main.tf": LOG_GROUP.replace("ARN", arn)}
    if constraint is not None:
        files["versions.tf"] = versions(constraint)
    findings = lint(tmp_path, files, ("TL219", "TL002"))
    assert [f.split(" ", 1)[0] for f in findings] == ([expected] if expected else [])
    if expected == "TL002":
        assert "depends on the AWS provider version" in findings[0]


def test_a_constraint_of_a_calling_module_settles_the_version(tmp_path: Path) -> None:
    """The root module's constraint holds for the modules it calls (Terraform installs one version)."""
    files = {"versions.tf": versions("~> 5.0"), "main.tf": 'module "trail" {\n  source = "./trail"\n}\n',
             "trail/main.tf": LOG_GROUP.replace("ARN", "aws_cloudwatch_log_group.trail.arn")}
    findings = lint(tmp_path, files, ("TL219", "TL002"))
    assert [f.split(" ", 2)[:2] for f in findings] == [["TL219", "trail/main.tf:8"]]


@pytest.mark.parametrize(("locked", "expected"), [("5.31.0", ["TL219"]), ("2.70.0", [])])
def test_the_dependency_lock_file_settles_the_provider_version(tmp_path: Path, locked: str, expected: list[str]) -> None:
    """A root module without a constraint, whose `.terraform.lock.hcl` (written by `terraform init`,
    kept in the repository) selects the AWS provider version that is installed."""
    lock = (f'provider "registry.terraform.io/hashicorp/aws" {{\n  version     = "{locked}"\n'
            '  constraints = ">= 2.0.0"\n  hashes = [\n    "h1:AAAA=",\n  ]\n}\n')
    files = {"main.tf": LOG_GROUP.replace("ARN", "aws_cloudwatch_log_group.trail.arn"), ".terraform.lock.hcl": lock}
    assert [f.split(" ", 1)[0] for f in lint(tmp_path, files, ("TL219", "TL002"))] == expected


def test_a_log_group_arn_from_a_local_module_output_is_the_resource_arn(tmp_path: Path) -> None:
    """The trail takes `module.cw.cloud_watch_logs_group_arn`, an output that is the resource's `arn`
    (Crown-Commercial-Service/digitalmarketplace-aws:
    terraform/modules/cloudtrail/modules/cloudtrail-cloudwatch/outputs.tf), under provider `~> 3.34`:
    the upgrade its PR #875 tells of, refused by CloudTrail."""
    files = {"versions.tf": versions("~> 3.34"),
             "main.tf": 'module "cw" {\n  source = "./cw"\n}\n'
                        + LOG_GROUP.split("resource \"aws_cloudtrail\"")[0].replace("trail", "unused")
                        + 'resource "aws_cloudtrail" "this" {\n  name = "audit"\n  s3_bucket_name = "audit-logs-example"\n'
                          '  cloud_watch_logs_group_arn = module.cw.arn\n}\n',
             "cw/main.tf": 'resource "aws_cloudwatch_log_group" "trail" {\n  name = "cloudtrail-logs"\n}\n'
                           'output "arn" {\n  value = aws_cloudwatch_log_group.trail.arn\n}\n'}
    findings = lint(tmp_path, files, ("TL219", "TL002"))
    assert [f.split(" ", 2)[:2] for f in findings] == [["TL219", "main.tf:11"]]


def test_an_arn_made_to_end_in_the_wildcard_under_either_version_is_fine(tmp_path: Path) -> None:
    """`"${replace(aws_cloudwatch_log_group.ct[0].arn, "/:\\*$/", "")}:*"` under a 0.12-style
    `aws = ">= 2.0"` (threatstack/threatstack-terraform: aws_cloudtrail.tf,
    module_provider_constraints.tf) ends in `:*` under every provider version."""
    files = {"main.tf": 'terraform {\n  required_providers {\n    aws = ">= 2.0"\n  }\n}\n'
             + LOG_GROUP.replace('resource "aws_cloudwatch_log_group" "trail" {', 'resource "aws_cloudwatch_log_group" "ct" {\n  count = 1')
             .replace("ARN", '"${replace(aws_cloudwatch_log_group.ct[0].arn, "/:\\\\*$/", "")}:*"')}
    assert lint(tmp_path, files, ("TL001", "TL219", "TL002", "TL306")) == []
    files["main.tf"] = files["main.tf"].replace('"${replace(aws_cloudwatch_log_group.ct[0].arn, "/:\\\\*$/", "")}:*"',
                                                "aws_cloudwatch_log_group.ct[0].arn")
    assert [f.split(" ", 1)[0] for f in lint(tmp_path, files, ("TL219", "TL002"))] == ["TL002"]


Version = tuple[int, int, int]
versions_drawn = st.tuples(st.integers(0, 7), st.integers(0, 80), st.integers(0, 12))
operators = st.sampled_from([">=", ">", "<", "<=", "=", "", "~>", "!="])


def allowed(version: Version, operator: str, bound: Version, parts: int) -> bool:
    """Whether ``version`` meets one constraint, as Terraform reads it."""
    if operator == "~>":
        if parts == 3:
            return bound <= version < (bound[0], bound[1] + 1, 0)
        return bound <= version < (bound[0] + 1, 0, 0) if parts == 2 else bound <= version
    return {">=": version >= bound, ">": version > bound, "<": version < bound, "<=": version <= bound,
            "=": version == bound, "": version == bound, "!=": version != bound}[operator]


@given(st.lists(st.tuples(operators, versions_drawn, st.integers(1, 3)), min_size=1, max_size=3), versions_drawn)
def test_the_bounds_of_a_constraint_hold_every_version_it_allows(
        constraints: list[tuple[str, Version, int]], version: Version) -> None:
    bounds = [(operator, bound[:parts] + (0,) * (3 - parts), parts) for operator, bound, parts in constraints]
    text = ", ".join(f"{operator} {'.'.join(map(str, bound[:parts]))}" for operator, bound, parts in bounds)
    lowest, below = _bounds(text)
    if all(allowed(version, operator, bound, parts) for operator, bound, parts in bounds):
        assert lowest <= version
        assert below is None or version < below


def test_a_second_block_of_one_address_is_refused_and_the_rest_linted(tmp_path: Path) -> None:
    """Two `resource "aws_cloudtrail" "this"` blocks in two files of one module: Terraform refuses
    the module ("Duplicate resource configuration"); the second is TL001 naming the first, and the
    first trail and the other resources are still linted."""
    first = TRAIL.replace("BUCKET", '"audit-logs-example"')
    second = first.replace('"audit"', '"audit-2"').replace("enable_log_file_validation = true",
                                                           "enable_log_file_validation = false")
    files = {"main.tf": first, "other.tf": second + LOGS.replace("NAMING", 'bucket = "audit-logs-example"')}
    findings = lint(tmp_path, files, ("TL001", "TL302", "TL310"))
    assert findings == [
        ("TL001 other.tf:2 cannot read Terraform block: resource \"aws_cloudtrail\" \"this\" is already declared at "
        "main.tf:2:1: Terraform rejects the configuration (\"Duplicate resource configuration\"), and this block is "
        "not read"),
        "TL310 other.tf:10 log bucket 'audit-logs-example' of trail 'audit' has no server access logging"]


def test_a_topic_arn_built_around_the_topic_s_name_is_still_the_topic(tmp_path: Path) -> None:
    """A trail's `sns_topic_name` may be the topic's ARN, which holds its name with text around it
    (moj-root-account-org-security in the corpus trims that text off again): unlike a bucket's, it
    still names the topic, whose default policy CloudTrail cannot publish through."""
    arn = ('"arn:aws:sns:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:'
           '${aws_sns_topic.trail.name}"')
    files = {"main.tf": DATA + 'resource "aws_sns_topic" "trail" {\n  name = "trail-deliveries"\n}\n'
             + TRAIL.replace("BUCKET", '"audit-logs-example"').replace("  kms_key_id", f"  sns_topic_name = {arn}\n  kms_key_id")}
    findings = lint(tmp_path, files, ("TL208", "TL002"))
    assert [f.split(" ", 2)[:2] for f in findings] == [["TL208", "main.tf:3"]]


ACCESS_LOGGED = """
variable "prefix" {
  default = "audit-ct"
}
variable "bucket_name" {
  default = ""
}
variable "log_bucket_name" {
  default = ""
}
locals {
  bucket_name     = length(var.bucket_name) > 0 ? var.bucket_name : "${var.prefix}-bucket-${random_id.uniq.hex}"
  log_bucket_name = length(var.log_bucket_name) > 0 ? var.log_bucket_name : "${local.bucket_name}-access-logs"
}
resource "random_id" "uniq" {
  byte_length = 4
}
resource "aws_cloudtrail" "this" {
  name                       = "audit"
  is_multi_region_trail      = true
  s3_bucket_name             = local.bucket_name
  enable_log_file_validation = true
}
resource "aws_s3_bucket" "trail" {
  bucket = local.bucket_name
}
resource "aws_s3_bucket_logging" "trail" {
  bucket        = aws_s3_bucket.trail.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "log/"
}
resource "aws_s3_bucket" "access_logs" {
  bucket = local.log_bucket_name
}
resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = local.log_bucket_name
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}
"""


def test_an_access_log_bucket_named_after_the_trail_bucket_keeps_its_versioning(tmp_path: Path) -> None:
    """The trail's bucket named by a local ending in a `random_id`, its access-log bucket by
    `"${local.bucket_name}-access-logs"`, each bucket's settings naming it through its own local
    (lacework/terraform-aws-cloudtrail: main.tf): the access-log bucket's versioning is its own, so
    the trail's bucket is reported unversioned; its access logging is on."""
    findings = lint(tmp_path, {"main.tf": ACCESS_LOGGED}, BUCKET_RULES)
    assert [f.split(" ", 2)[:2] for f in findings] == [["TL207", "main.tf:24"], ["TL311", "main.tf:24"]]
