"""Terraform .tf sources → model, with positions at the .tf lines."""
from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.load import load_file
from trail_lint.model import (
    UNKNOWN,
    AdvancedSelector,
    At,
    Cause,
    Condition,
    DataResource,
    EventSelector,
    Existence,
    FieldSelector,
    Hole,
    Insight,
    Policy,
    PolicyRef,
    Position,
    Principal,
    PrincipalKind,
    Problem,
    ReadWrite,
    ResourcePolicy,
    Statement,
    Suppression,
    Trail,
    Unknown,
)
from trail_lint.normalise import Contents
from trail_lint.normalise.terraform import plan as terraform_plan
from trail_lint.normalise.terraform.hcl import (
    TfSyntaxError,
    load_tf,
    normalise_dir,
    read_tree,
    source_index,
)
from trail_lint.normalise.terraform.hcl_dir import load_dir
from trail_lint.normalise.terraform.hcl_eval import evaluate
from trail_lint.normalise.terraform.hcl_modules import ModuleInstance
from trail_lint.normalise.terraform.hcl_syntax import parse_tf
from trail_lint.registry import all_rules

FIXTURES = Path(__file__).parent / "fixtures" / "hcl"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def read(*names: str) -> Contents:
    return normalise_dir([fixture(name) for name in names])[0]


def by_address(contents: Contents) -> dict[str, Trail]:
    return {trail.origin.resource: trail for trail in contents.trails}


def value_of(expression: str, **names: object) -> object:
    """Evaluate one expression, with ``var.X`` taken from ``names``."""
    attribute = parse_tf("t.tf", f"x = {expression}\n").body.attributes["x"]

    def resolve(root: str, steps: list[object]) -> tuple[object, int]:
        if root == "var" and steps and steps[0] in names:
            return names[str(steps[0])], 1
        return UNKNOWN, 0
    return plain(evaluate(attribute.expr, resolve))


def plain(value: object) -> object:
    """A value with every unknown part (whatever its cause) as UNKNOWN."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


# --- Trails: providers, Regions, variables, locals, count and for_each ----------------------------

def test_regions_variables_locals_and_expansion() -> None:
    trails = by_address(read("regions/main.tf"))
    assert {address: (t.name, t.region, t.s3_bucket) for address, t in trails.items()} == {
        # provider = aws.useast1; local built from var.region, which terraform.tfvars overrides
        "aws_cloudtrail.aliased": ("audit-eu-central-1-global", "us-east-1", "audit-logs"),
        "aws_cloudtrail.own_region": ("v6", "sa-east-1", "audit-logs"),          # the resource's own region
        "aws_cloudtrail.counted[0]": ("alpha", "eu-central-1", "audit-logs"),
        "aws_cloudtrail.counted[1]": ("beta", "eu-central-1", "audit-logs"),
        'aws_cloudtrail.each["app"]': ("app", "eu-central-1", "app-logs"),
        'aws_cloudtrail.each["data"]': ("data", "eu-central-1", "data-logs"),
        # providers = { aws = aws.useast1 }
        "module.regional.aws_cloudtrail.passed": ("regional", "us-east-1", "audit-logs"),
        # no provider block, no providers map: the caller's default configuration
        "module.inherit.aws_cloudtrail.inherited": ("trail-inherited", "eu-central-1", "audit-logs"),
    }
    assert trails["aws_cloudtrail.aliased"] == Trail(
        name="audit-eu-central-1-global", region="us-east-1", arn=UNKNOWN, multi_region=True, logging=True,
        log_file_validation=True, s3_bucket="audit-logs", existence=Existence.CREATED)


def test_origins_name_the_tf_file_the_address_and_the_key_table() -> None:
    trails = by_address(read("regions/main.tf"))
    child = trails["module.regional.aws_cloudtrail.passed"]
    assert child.origin.file == fixture("regions/modules/regional/main.tf")
    assert child.origin.kind == "terraform-hcl"
    assert child.origin.path == ("resource", "aws_cloudtrail", "passed")
    assert child.origin.of("log_file_validation") == At(
        fixture("regions/modules/regional/main.tf"),
        ("resource", "aws_cloudtrail", "passed", "enable_log_file_validation"))


def test_a_module_directory_passed_too_is_read_once_as_the_module() -> None:
    contents = read("regions/main.tf", "regions/modules/regional/main.tf", "regions/modules/inherit/main.tf")
    assert sorted(by_address(contents)) == sorted(by_address(read("regions/main.tf")))


def test_the_same_trail_in_tf_and_in_a_plan_is_equal() -> None:
    planned = terraform_plan.normalise(load_file(fixture("equal/plan.json"))).trails
    written = read("equal/main.tf").trails
    assert len(planned) == len(written) == 1
    assert dataclasses.replace(written[0], existence=planned[0].existence) == planned[0]
    assert written[0] == Trail(
        name="audit", region="eu-west-1", arn=UNKNOWN, multi_region=True, include_global_events=False,
        logging=True, log_file_validation=True, kms_key_id=UNKNOWN, s3_bucket="audit-logs", s3_key_prefix="org",
        event_selectors=(EventSelector(ReadWrite.WRITE_ONLY, True, ("kms.amazonaws.com",),
                                       (DataResource("AWS::S3::Object", ("arn:aws:s3",)),)),),
        advanced_selectors=(AdvancedSelector("s3 writes", (
            FieldSelector("eventCategory", equals=("Data",)),
            FieldSelector("resources.ARN", starts_with=("arn:aws:s3:::audit-logs/",)))),),
        insights=(Insight("ApiCallRateInsight"),), existence=Existence.CREATED)


# --- Unknowns -----------------------------------------------------------------------------------

def test_references_and_variables_without_values_are_unknown() -> None:
    contents = read("unknown/main.tf")
    trails = by_address(contents)
    file = fixture("unknown/main.tf")
    # the provider's region is a variable without a value
    assert trails["aws_cloudtrail.refs"] == Trail(
        name=UNKNOWN, region=UNKNOWN, arn=UNKNOWN, logging=True, log_file_validation=UNKNOWN, kms_key_id=UNKNOWN,
        s3_bucket=UNKNOWN, sns_topic=UNKNOWN, event_selectors=UNKNOWN, existence=Existence.CREATED)
    # count over an unknown condition: the trail is read once, under its address without a key,
    # and may not be created at all (zero instances)
    assert trails["aws_cloudtrail.maybe"] == Trail(
        name="maybe", region=UNKNOWN, arn=UNKNOWN, logging=True, s3_bucket="audit-logs",
        existence=Existence.CONDITIONAL)
    assert contents.resource_policies == (
        ResourcePolicy("audit-logs", "s3", Policy("aws_s3_bucket_policy.unreadable", UNKNOWN)),)
    root = f"the root module {fixture('unknown')}"

    def no_value(name: str) -> Cause:
        return Cause(f"var.{name} has no value: no default, and none given in a tfvars file or --var",
                     At(file, ("variable", name)), root)
    assert [(p.message, p.at.path[-1], p.cause) for p in contents.unknowns] == [
        # what the evaluation itself could not know: variables without a value, a variable or resource not
        # declared
        ("s3_bucket_name of aws_cloudtrail.refs is not known", "s3_bucket_name", no_value("bucket")),
        ("enable_log_file_validation of aws_cloudtrail.refs is not known", "enable_log_file_validation",
         no_value("enabled")),
        # the key is no resource of the module: Terraform rejects the reference
        ("kms_key_id of aws_cloudtrail.refs is not known", "kms_key_id",
         Cause("aws_kms_key.trail is not declared", None, root)),
        # no module block calls it: Terraform rejects the reference
        ("sns_topic_name of aws_cloudtrail.refs is not known", "sns_topic_name",
         Cause("module.alerts is not declared", None, root)),
        ("event_selector of aws_cloudtrail.refs is not known", "event_selector",
         Cause("var.selectors is not declared", None, root)),
        ("count of aws_cloudtrail.maybe is not known before apply: its instances cannot be listed", "count",
         no_value("enabled")),
        # the readers' findings, each with the cause of its unknown value
        ("name of trail aws_cloudtrail.refs is not known before apply", "name",
         Cause("data.aws_caller_identity.current.account_id is read from AWS when Terraform runs", None, root,
               computed=True)),
        ("region of trail aws_cloudtrail.refs is not known before apply", "region", no_value("region")),
        ("region of trail aws_cloudtrail.maybe is not known before apply", "region", no_value("region")),
        ("policy aws_s3_bucket_policy.unreadable is not valid JSON: Expecting value: line 1 column 1 (char 0)",
         "policy", None),
    ]


# --- Policies -----------------------------------------------------------------------------------

def test_jsonencode_heredoc_and_policy_documents() -> None:
    contents = read("policies/main.tf")
    bucket_policy, topic_policy = contents.resource_policies
    # aws_s3_bucket.logs.id is the bucket's literal name
    assert bucket_policy == ResourcePolicy("org-audit-logs", "s3", Policy("aws_s3_bucket_policy.logs", (
        Statement("Allow", ("s3:GetBucketAcl",), resources=("arn:aws:s3:::org-audit-logs",),
                  principals={"Service": ("cloudtrail.amazonaws.com",)}, sid="AclCheck"),), version="2012-10-17"))
    assert topic_policy == ResourcePolicy(
        "arn:aws:sns:eu-west-1:111122223333:alerts", "sns", Policy("aws_sns_topic_policy.alerts", (
            Statement("Allow", ("SNS:Publish",), resources=("arn:aws:sns:eu-west-1:111122223333:alerts",),
                      principals={"Service": ("cloudtrail.amazonaws.com",)}),), version="2012-10-17"))
    assert contents.principals == (
        Principal("aws_iam_role.auditor", PrincipalKind.ROLE, "auditor", inline_policies=(
            Policy("aws_iam_role_policy.auditor", (
                Statement("Deny", ("cloudtrail:StopLogging", "cloudtrail:DeleteTrail"), resources=("*",),
                          conditions=(Condition("StringNotEquals", "aws:PrincipalAccount", ("111122223333",)),),
                          sid="NoStop"),
                Statement("Allow", (), not_actions=("iam:*",), resources=(),
                          not_resources=("arn:aws:iam::111122223333:role/admin",)),
            )),)),
        Principal("aws_iam_user.alice", PrincipalKind.USER, "alice",
                  managed_policies=(PolicyRef("aws_iam_policy.readers"),)),
    )
    assert contents.policies == (Policy("aws_iam_policy.readers", (
        Statement("Allow", ("cloudtrail:Describe*", "cloudtrail:Get*"), resources=("*",)),), version="2012-10-17"),)
    statement = contents.principals[0].inline_policies[0].statements[0]  # type: ignore[index]
    assert statement.origin.at == At(fixture("policies/main.tf"),
                                     ("data", "aws_iam_policy_document", "stop_trails", "statement", 0))


HEREDOC_POLICIES = '''variable "open" {}
resource "aws_s3_bucket" "b" {}
data "aws_region" "current" {}
resource "aws_iam_role" "r" {
  name = "r"
}
resource "aws_iam_role_policy" "holes" {
  role   = aws_iam_role.r.id
  policy = <<POLICY
{
  "Statement": [
    {"Effect": "Allow", "Action": "logs:PutLogEvents",
     "Resource": "arn:aws:logs:${data.aws_region.current.name}:*:log-group:x:*"},
    {"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*"}
  ]
}
POLICY
}
resource "aws_iam_role_policy" "bare" {
  role   = aws_iam_role.r.id
  policy = <<POLICY
{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ${jsonencode(aws_s3_bucket.b.arn)}}]}
POLICY
}
resource "aws_iam_role_policy" "variable" {
  role   = aws_iam_role.r.id
  policy = <<POLICY
{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${var.open}"}]}
POLICY
}
'''


def test_a_heredoc_policy_with_values_known_after_apply_keeps_what_is_known(tmp_path: Path) -> None:
    # As for jsonencode: an element holding a value known only after apply is unknown, the
    # rest of the statement and the other statements are read. A hole outside a JSON string
    # leaves no document to read. A variable without a value inside a string is such an element
    # too, and stays one cause to report.
    (tmp_path / "main.tf").write_text(HEREDOC_POLICIES)
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    role, = contents.principals
    holes, bare, variable = role.inline_policies
    assert holes.statements == (
        Statement("Allow", ("logs:PutLogEvents",), resources=UNKNOWN),
        Statement("Allow", ("cloudtrail:StopLogging",), resources=("*",)))
    assert bare.statements is UNKNOWN
    assert variable.statements == (Statement("Allow", ("s3:GetObject",), resources=UNKNOWN),)
    assert [p.cause.text.split(":")[0] for p in contents.unknowns if p.cause] == ["var.open has no value"]


def test_a_trail_names_its_log_group_and_bucket_through_locals(tmp_path: Path) -> None:
    # The link is the reference, wherever it is written: in the attribute or in a chain of locals
    # (a local that refers to itself is read, not followed forever).
    (tmp_path / "main.tf").write_text('''locals {
  group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  bucket    = local.names.bucket
  names     = { bucket = aws_s3_bucket.logs.id }
  loop      = local.loop
}
resource "aws_cloudwatch_log_group" "trail" {
  name = "/aws/cloudtrail/audit"
}
resource "aws_s3_bucket" "logs" {
  bucket = "audit-logs-111122223333"
}
resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = local.bucket
  cloud_watch_logs_group_arn = local.group_arn
  sns_topic_name             = local.loop
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    trail, = contents.trails
    assert (trail.cloudwatch_logs_group_ref, trail.s3_bucket_ref, trail.sns_topic_ref) == (
        "aws_cloudwatch_log_group.trail", "aws_s3_bucket.logs", None)


def test_terraform_011_block_lists_written_as_arguments(tmp_path: Path) -> None:
    # 0.11 let a block list be an argument, flattened `["${var.list}"]`, and read "true" strings
    # as booleans: the trail is read as 0.11 read it, not lost to one TL002.
    (tmp_path / "main.tf").write_text('''variable "selectors" {
  type    = "list"
  default = [{ read_write_type = "WriteOnly", include_management_events = "false",
               data_resource = [{ type = "AWS::S3::Object", values = ["arn:aws:s3:::data/"] }] }]
}
resource "aws_cloudtrail" "flattened" {
  name                       = "flattened"
  s3_bucket_name             = "logs"
  enable_log_file_validation = "false"
  event_selector             = ["${var.selectors}"]
}
resource "aws_cloudtrail" "listed" {
  name           = "listed"
  s3_bucket_name = "logs"
  event_selector = [{ read_write_type = "All", include_management_events = "true" }]
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    flattened, listed = contents.trails
    assert (flattened.log_file_validation, flattened.event_selectors) == (False, (EventSelector(
        ReadWrite.WRITE_ONLY, False, (), (DataResource("AWS::S3::Object", ("arn:aws:s3:::data/",)),)),))
    assert listed.event_selectors == (EventSelector(ReadWrite.ALL, True, (), ()),)
    assert contents.unknowns == ()


def test_terraform_011_one_block_written_as_a_map_argument(tmp_path: Path) -> None:
    # 0.11 took `condition = { ... }` for one condition block, beside blocks written as blocks, and a
    # number in its values (an interpolated product) as its text: the statement is read, not a TL002
    (tmp_path / "main.tf").write_text('''locals {
  age = "${2 * 60}"
}
resource "aws_iam_user" "u" {
  name = "u"
  tags = { team = "audit" }
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["cloudtrail:StopLogging"]
    resources = ["*"]
    condition = {
      test     = "NumericLessThan"
      variable = "aws:MultiFactorAuthAge"
      values   = ["${local.age}"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}
resource "aws_iam_user_policy" "p" {
  user   = aws_iam_user.u.name
  policy = data.aws_iam_policy_document.d.json
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    (user,) = contents.principals
    (statement,) = user.inline_policies[0].statements  # type: ignore[index]
    assert statement.conditions == (Condition("NumericLessThan", "aws:MultiFactorAuthAge", ("120",)),
                                    Condition("Bool", "aws:SecureTransport", ("true",)))
    assert contents.unknowns == ()


def test_a_splat_over_a_template_file_data_source_reads_each_rendered_text(tmp_path: Path) -> None:
    # `element(data.template_file.t.*.rendered, 0)` (a counted data source, or one without count) is
    # the rendered policy; a template file that is not there is said as its cause, not lost in the splat
    (tmp_path / "policy.json").write_text(
        '{"Statement": [{"Effect": "Allow", "Action": "cloudtrail:${action}", "Resource": "*"}]}')
    (tmp_path / "main.tf").write_text('''resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}
data "template_file" "counted" {
  count    = 1
  template = file("${path.module}/policy.json")
  vars     = { action = "StopLogging" }
}
data "template_file" "single" {
  template = file("${path.module}/policy.json")
  vars     = { action = "GetTrail" }
}
data "template_file" "missing" {
  template = file("${path.module}/policies/missing.json")
}
resource "aws_iam_role_policy" "counted" {
  role   = aws_iam_role.r.id
  policy = element(data.template_file.counted.*.rendered, 0)
}
resource "aws_iam_role_policy" "single" {
  role   = aws_iam_role.r.id
  policy = one(data.template_file.single[*].rendered)
}
resource "aws_iam_role_policy" "missing" {
  role   = aws_iam_role.r.id
  policy = data.template_file.missing.*.rendered[0]
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    (role,) = contents.principals
    counted, single, missing = role.inline_policies  # type: ignore[misc]
    assert [statement.actions for statement in (*counted.statements, *single.statements)] == [
        ("cloudtrail:StopLogging",), ("cloudtrail:GetTrail",)]
    assert missing.statements is UNKNOWN
    (unknown,) = contents.unknowns
    assert "file './policies/missing.json' does not exist" in str(unknown.cause)


def test_a_trail_in_a_module_names_its_bucket_through_the_caller(tmp_path: Path) -> None:
    # The trail's s3_bucket_name is a variable, which the calling module fills with the output of
    # a sibling module: the link goes up to the caller and down into the sibling.
    for name, text in {
        "logs/main.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket_prefix = "audit-"\n}\n'
                        'output "bucket_id" {\n  value = aws_s3_bucket.logs.id\n}\n',
        "trail/main.tf": 'variable "bucket" {}\nresource "aws_cloudtrail" "audit" {\n  name = "audit"\n'
                         '  s3_bucket_name = var.bucket\n}\n',
        "main.tf": 'module "logs" {\n  source = "./logs"\n}\nmodule "trail" {\n  source = "./trail"\n'
                   '  bucket = module.logs.bucket_id\n}\n'}.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    trail, = contents.trails
    assert trail.s3_bucket_ref == "module.logs.aws_s3_bucket.logs"


def test_a_trail_and_its_bucket_named_by_one_local_are_linked(tmp_path: Path) -> None:
    # No reference between them, but one bare local for both names: the same value, whatever it is
    # (here known only after apply). A name built around the local is another value: no link.
    (tmp_path / "main.tf").write_text('''locals {
  bucket_name = "trail-${random_id.uniq.hex}"
}
resource "random_id" "uniq" {
  byte_length = 4
}
resource "aws_s3_bucket" "logs" {
  bucket = local.bucket_name
}
resource "aws_s3_bucket" "access_logs" {
  bucket = "${local.bucket_name}-access"
}
resource "aws_sns_topic" "alerts" {
  name = "${var.topic}"
}
variable "topic" {}
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = (local.bucket_name)
  sns_topic_name = var.topic
}
resource "aws_cloudtrail" "other" {
  name           = "other"
  s3_bucket_name = "${local.bucket_name}-other"
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    assert [(trail.s3_bucket_ref, trail.sns_topic_ref) for trail in contents.trails] == [
        ("aws_s3_bucket.logs", "aws_sns_topic.alerts"), (None, None)]


def test_a_bucket_policy_and_settings_named_by_the_buckets_local_are_its_own(tmp_path: Path) -> None:
    # The bucket, its policy and its versioning all take `bucket = local.bucket_name` (a name known only
    # after apply), with no reference to the bucket: they are the bucket's, so TL207 checks the policy
    # (it lets CloudTrail check the ACL but never write: delivery is blocked) and TL311 sees it versioned.
    # A policy on a name built around the local is another bucket's.
    (tmp_path / "main.tf").write_text('''provider "aws" {
  region = "us-east-1"
}
resource "random_pet" "name" {
  count = var.create ? 1 : 0
}
variable "create" {
  default = true
}
locals {
  bucket_name = var.create ? "trail-logs-${random_pet.name[0].id}" : "existing-logs"
}
resource "aws_s3_bucket" "logs" {
  count  = var.create ? 1 : 0
  bucket = local.bucket_name
}
resource "aws_s3_bucket_versioning" "logs" {
  count  = var.create ? 1 : 0
  bucket = local.bucket_name
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_policy" "logs" {
  count  = var.create ? 1 : 0
  bucket = local.bucket_name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:GetBucketAcl"
      Resource  = "arn:aws:s3:::${local.bucket_name}"
    }]
  })
}
resource "aws_s3_bucket_policy" "elsewhere" {
  bucket = "${local.bucket_name}-copy"
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = local.bucket_name
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    assert {p.origin.resource: p.target for p in contents.resource_policies if p.service == "s3"} == {
        "aws_s3_bucket_policy.elsewhere": UNKNOWN, "aws_s3_bucket_policy.logs[0]": "aws_s3_bucket.logs[0]"}
    result = run([str(tmp_path)], Config(select=("TL207", "TL311", "TL002")), all_rules(), raise_errors=True)
    found = [(f.rule, f.message) for f in result.findings if f.rule in ("TL207", "TL311")
             or (f.rule == "TL002" and "TL207" in f.message)]
    assert sorted(rule for rule, _ in found) == ["TL207", "TL311"], found
    said = dict(found)
    assert "blocks delivery" in said["TL207"] and "is versioned without MFA delete" in said["TL311"]


def test_a_trail_names_its_bucket_and_log_group_through_module_outputs(tmp_path: Path) -> None:
    # module.NAME.OUTPUT of a local module (an instance key written as a literal too) links to
    # what the output refers to, through the child's own locals.
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "main.tf").write_text('''locals {
  group = aws_cloudwatch_log_group.trail
}
resource "aws_s3_bucket" "logs" {
  bucket_prefix = "audit-"
}
resource "aws_cloudwatch_log_group" "trail" {
  name = "/aws/cloudtrail/audit"
}
output "bucket_id" {
  value = aws_s3_bucket.logs.id
}
output "group_arn" {
  value = local.group.arn
}
''')
    (tmp_path / "main.tf").write_text('''module "logs" {
  source = "./logs"
  count  = 1
}
module "bucket" {
  source = "./logs"
}
resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = module.bucket.bucket_id
  cloud_watch_logs_group_arn = "${module.logs[0].group_arn}:*"
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    trail, = contents.trails
    assert (trail.s3_bucket_ref, trail.cloudwatch_logs_group_ref) == (
        "module.bucket.aws_s3_bucket.logs", "module.logs[0].aws_cloudwatch_log_group.trail")


def test_policy_documents_built_from_other_policy_documents(tmp_path: Path) -> None:
    # source_policy_documents / source_json / override_policy_documents naming other documents'
    # `json` (known only when they are read): those documents, merged by Sid as the data source
    # does. Two references for one unknown element cannot be told apart: unknown.
    (tmp_path / "main.tf").write_text('''data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Read"
    actions   = ["cloudtrail:Describe*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "stop" {
  statement {
    sid       = "Read"
    actions   = ["cloudtrail:StopLogging"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "merged" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.stop.json]
  statement {
    actions   = ["cloudtrail:GetTrail"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "legacy" {
  source_json = data.aws_iam_policy_document.merged.json
}
data "aws_iam_policy_document" "ambiguous" {
  source_policy_documents = [var.any ? data.aws_iam_policy_document.base.json : data.aws_iam_policy_document.stop.json]
}
variable "any" {
  default = true
}
resource "aws_iam_user" "ops" {
  name = "ops"
}
resource "aws_iam_user_policy" "legacy" {
  user   = aws_iam_user.ops.name
  policy = data.aws_iam_policy_document.legacy.json
}
resource "aws_iam_user_policy" "ambiguous" {
  user   = aws_iam_user.ops.name
  policy = data.aws_iam_policy_document.ambiguous.json
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    user, = contents.principals
    legacy, ambiguous = user.inline_policies
    assert legacy.statements == (Statement("Allow", ("cloudtrail:StopLogging",), resources=("*",), sid="Read"),
                                 Statement("Allow", ("cloudtrail:GetTrail",), resources=("*",)))
    assert ambiguous.statements is UNKNOWN


def test_the_organization_names_the_management_account_of_its_provider(tmp_path: Path) -> None:
    # Only the management account creates the organization; principals are in the account their
    # provider configuration names, so SCPs are known not to restrict them there.
    from trail_lint.model import OrgNode, OrgNodeKind

    (tmp_path / "main.tf").write_text('''provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}
resource "aws_organizations_organization" "org" {
  feature_set = "ALL"
}
resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = "{}"
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    assert contents.organization == (OrgNode("aws_organizations_organization.org", OrgNodeKind.ROOT),
                                     OrgNode("111122223333", OrgNodeKind.MANAGEMENT))
    assert [principal.account for principal in contents.principals] == ["111122223333"]


# Expressions whose value Terraform itself gives (terraform console, offline): each is evaluated
# here and by Terraform, and the two must agree.
ORACLE = [
    'format("%05.1f|%-4s|%q|%d|%t|%x|%%|%v", 3.14159, "ab", "x", 42, true, 255, [1, "a"])',
    'format("%.3s|%8.2f|%+d|%e", "abcdef", 3.14159, 5, 1234.5)', 'formatlist("%s=%s", ["a", "b"], "x")',
    'join("-", ["a", 1, true])', 'split(",", "a,,b")', 'split(",", "")', 'replace("a.b.c", "/[.]/", "-")',
    'replace("a1b22c", "/(\\\\d+)/", "<$1>")', 'lower("ÄBC")', 'upper("straße")', 'title("hello wORLD-foo bar_baz")',
    'trimspace("  x y ")', 'trim("?!hello?!", "!?")', 'trimprefix("helloworld", "hello")',
    'substr("hello world", 1, 4)', 'substr("hello", -3, -1)', 'substr("hello", 2, 100)', 'strrev("héllo")',
    'length({a = 1, b = 2})', 'keys({b = 1, a = 2, C = 3})', 'values({b = 1, a = 2, C = 3})',
    'merge({a = 1, b = 2}, {b = 3}, {})', 'flatten([[1, [2]], [], 3])', 'distinct([3, 1, 3, "3"])',
    'sort(["b", "a", "10", "9"])', 'slice(["a", "b", "c", "d"], 1, 3)', 'element(["a", "b", "c"], 4)',
    'lookup({a = "x"}, "b", "dflt")', 'contains(["a", 1], "1")', 'coalesce("", "b", "c")',
    'coalescelist([], ["a"], ["b"])', 'compact(["a", "", null, "b"])', 'zipmap(["a", "b"], [1, 2])',
    'range(5, 1, -2)', 'range(0, 1, 0.25)', 'min(3, 1.5, 2)', 'ceil(1.2)', 'floor(-1.2)', 'sum([1, 2.5])',
    'anytrue([false, "true"])', 'regex("(?P<name>[a-z]+)-(?P<num>\\\\d+)", "abc-123")',
    'regexall("[a-z]+", "a1bb2ccc")', 'sha256("hello")', 'base64encode("héllo")', 'dirname("c.tf")',
    'tostring(1.5)', 'tonumber("1e3")', 'jsonencode({b = 1.0, a = [true, null, "x<y>&"]})',
    'setunion(["b", "a"], ["c", "a"])', 'setproduct(["b", "a"], [1, 2])', 'setproduct(toset(["b", "a"]), ["x"])',
    'setproduct(["a", "a"], [])', 'strcontains("arn:aws:s3", ":s3")', 'strcontains("abc", "d")', 'tolist(toset(["b", "a"]))', 'tomap({a = 1, b = "x"})',
    'chomp("abc\\r\\n\\n")', 'try(tonumber("x"), "fallback")', '"${5 / 2}-${7 % 3}-${-5 % 3}-${5.5 % 2}"',
    '[for k, v in {b = 1, a = 2} : "${k}${v}"]', '{for s in ["a", "b", "a"] : s => s...}',
    '[{a = 1}, {a = 2}][*].a', '"%{for x in ["a", "b"]}${x},%{endfor}"',
    # the strings Terraform takes for a bool: "true", "false", "1" and "0"
    '"1" ? "a" : "b"', '"0" ? "a" : "b"', '!"0"', '"1" && "true"', '[for x in [1, 2] : x if "1"]',
    '"%{if "0"}y%{else}n%{endif}"',
]


@pytest.mark.skipif(shutil.which("terraform") is None, reason="needs terraform on PATH")
def test_expressions_agree_with_terraform(tmp_path: Path) -> None:
    done = subprocess.run(["terraform", "console"], input=f"jsonencode([{', '.join(ORACLE)}])\n", cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=True)
    theirs = json.loads(json.loads(done.stdout.strip().splitlines()[-1]))
    ours = [value_of(expression) for expression in ORACLE]
    assert [(e, _number_free(o)) for e, o in zip(ORACLE, ours)] == [
        (e, _number_free(t)) for e, t in zip(ORACLE, theirs)]


# Heredocs and template files, whose lines Terraform reads one by one: strip markers and <<-
HEREDOCS = {
    "stripped": '<<EOT\nx\n%{~ if true ~}\n  y\n%{~ endif ~}\nz\nEOT',
    "flush_stripped": '<<-EOT\n    x\n    %{~ for n in ["a", "b"] ~}\n    ${n}\n    %{~ endfor ~}\n  EOT',
    "flush_directives": '<<-EOT\n      %{ if true }\n    x\n      %{ else }\n    y\n      %{ endif }\n  EOT',
    "flush_blank": '<<-EOT\n    a\n\n   \n      b\n\t  ${"c"}\n  EOT',
    "flush_line_start": '<<-EOT\n    a\n${"x"}\n      b\n  EOT',
    "template": 'templatefile("t.tpl", { names = ["a", "b"] })',
}


@pytest.mark.skipif(shutil.which("terraform") is None, reason="needs terraform on PATH")
def test_heredocs_and_template_files_agree_with_terraform(tmp_path: Path) -> None:
    (tmp_path / "t.tpl").write_text('x\n  %{~ for n in names ~}\n  ${n}\n  %{~ endfor ~}\nend %{~ if true ~}  \n'
                                    '  y\n%{~ endif }\n')
    (tmp_path / "main.tf").write_text("locals {\n" + "".join(f"  {name} = {text}\n" for name, text in HEREDOCS.items())
                                      + "}\n")
    names = sorted(HEREDOCS)
    done = subprocess.run(["terraform", "console"], input=f"jsonencode([{', '.join(f'local.{n}' for n in names)}])\n",
                          cwd=tmp_path, capture_output=True, text=True, timeout=300, check=True)
    theirs = json.loads(json.loads(done.stdout.strip().splitlines()[-1]))
    module = ModuleInstance("", "", load_dir(str(tmp_path)), files=lambda path: (tmp_path / path).read_text())
    assert dict(zip(names, (module.local(name) for name in names))) == dict(zip(names, theirs))


def _number_free(value: object) -> object:
    """Whole numbers as ints (JSON does not tell 1 from 1.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_number_free(item) for item in value]
    if isinstance(value, dict):
        return {key: _number_free(item) for key, item in value.items()}
    return value


# --- Positions ----------------------------------------------------------------------------------

def test_locator_gives_the_attribute_line_or_the_block_line() -> None:
    contents, locators = normalise_dir([fixture("equal/main.tf")])
    trail = contents.trails[0]
    locate = locators[fixture("equal/main.tf")]
    assert locate(trail.origin.of("log_file_validation").path) == Position(15, 3)
    assert locate(trail.origin.of("logging").path) == Position(9, 1)       # absent: the resource block
    selector = trail.event_selectors[0]  # type: ignore[index]
    assert locate(selector.origin.of("read_write").path) == Position(19, 5)
    assert locate(selector.origin.of("data_resources").path) == Position(23, 5)
    assert locate(("resource", "aws_cloudtrail", "audit", "advanced_event_selector", 0, "field_selector", 1,
                   "starts_with")) == Position(37, 7)
    assert locate(("nothing", "here")) == Position(1, 1)


def test_locators_cover_child_module_files_and_source_index_names_blocks() -> None:
    _contents, locators = normalise_dir([fixture("regions/main.tf")])
    child = fixture("regions/modules/regional/main.tf")
    assert sorted(locators) == sorted([fixture("regions/main.tf"), fixture("regions/modules/inherit/main.tf"), child])
    assert locators[child](("resource", "aws_cloudtrail", "passed", "name")) == Position(6, 3)
    assert source_index([fixture("regions/main.tf")]) == {
        "aws_cloudtrail.aliased": At(fixture("regions/main.tf"), ("resource", "aws_cloudtrail", "aliased")),
        "aws_cloudtrail.own_region": At(fixture("regions/main.tf"), ("resource", "aws_cloudtrail", "own_region")),
        "aws_cloudtrail.counted": At(fixture("regions/main.tf"), ("resource", "aws_cloudtrail", "counted")),
        "aws_cloudtrail.each": At(fixture("regions/main.tf"), ("resource", "aws_cloudtrail", "each")),
        "aws_cloudtrail.none": At(fixture("regions/main.tf"), ("resource", "aws_cloudtrail", "none")),
        "module.regional.aws_cloudtrail.passed": At(child, ("resource", "aws_cloudtrail", "passed")),
        "module.inherit.aws_cloudtrail.inherited": At(
            fixture("regions/modules/inherit/main.tf"), ("resource", "aws_cloudtrail", "inherited")),
    }


# --- Syntax errors ------------------------------------------------------------------------------

def test_syntax_error_has_its_line_and_column() -> None:
    reading = read_tree([fixture("syntax/main.tf")])
    [error] = reading.errors
    assert (error.file, error.line, error.column) == (fixture("syntax/main.tf"), 3, 20)
    assert error.message == "cannot parse Terraform file: expected an expression, found '='"
    with pytest.raises(TfSyntaxError) as caught:
        load_tf("open.tf", 'resource "aws_cloudtrail" "t" {\n  name = "t"\n')
    # the block that is not closed, where it starts
    assert (caught.value.message, caught.value.line, caught.value.column) == (
        "cannot parse Terraform file: block 'resource' is not closed: expected '}'", 1, 1)


@pytest.mark.parametrize(("text", "message", "line", "column"), [
    ('a = "open\nb = 1\n', "unterminated string", 1, 5),
    ('a = 1\nb = [1,\n  2\n', "'[' is not closed: expected ']'", 2, 5),
    ('a = f(1,\n', "'(' is not closed: expected ')'", 1, 6),
    ('a = 1 /* open\n', "unterminated comment", 1, 7),
    ('a = <<EOF\ntext\n', "unterminated heredoc: no closing 'EOF' line", 1, 5),
    ('a = "${var.x"\n', "unterminated string", 1, 13),
    ('a = "%{ if true }x"\n', "template directive is not closed: expected %{endif}", 1, 6),
    ('a = 1 2\n', "expected a line break after the argument, found '2'", 1, 7),
    ('a = 1\n}\n', "expected an argument or block name, found '}'", 2, 1),
    ("a = 1 @\n", "unexpected character '@'", 1, 7),
])
def test_syntax_errors_point_at_the_broken_construct(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(TfSyntaxError) as caught:
        load_tf("x.tf", text)
    assert (caught.value.message, caught.value.line, caught.value.column) == (
        f"cannot parse Terraform file: {message}", line, column)


def test_one_unreadable_file_costs_only_itself(tmp_path: Path) -> None:
    (tmp_path / "variables.tf").write_text('variable "name" {\n  default = "audit"\n}\n')
    (tmp_path / "main.tf").write_text('resource "aws_cloudtrail" "t" {\n  name = var.name\n  s3_bucket_name = "b"\n}\n')
    (tmp_path / "broken.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "b\n}\n')
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "main.tf").write_text('resource "aws_cloudtrail" "o" {\n  name = "other"\n}\n')
    reading = read_tree([str(tmp_path / "main.tf"), str(tmp_path / "broken.tf"), str(tmp_path / "variables.tf"),
                         str(tmp_path / "other" / "main.tf")])
    assert [(e.file, e.line, e.column, e.message) for e in reading.errors] == [
        (str(tmp_path / "broken.tf"), 2, 12, "cannot parse Terraform file: unterminated string")]
    # the module's other files are still read, and so is every other module
    assert sorted(t.name for t in reading.contents.trails) == ["audit", "other"]


def test_unreadable_files_are_syntax_errors(tmp_path: Path) -> None:
    binary = tmp_path / "main.tf"
    binary.write_bytes(b"\xff\xfe\x00resource")
    [error] = read_tree([str(binary)]).errors
    assert (error.message, error.line) == ("cannot read Terraform file: not UTF-8 text (invalid start byte)", 1)
    with pytest.raises(TfSyntaxError, match="nested too deeply"):
        load_tf("deep.tf", "a {" * 3000 + "}" * 3000)


# --- Suppressions -------------------------------------------------------------------------------

def test_suppression_comments_above_on_and_inside_blocks() -> None:
    file = fixture("suppress/main.tf")
    block = ("resource", "aws_cloudtrail")
    assert read("suppress/main.tf").suppressions == (
        Suppression("TL302", "digest files are checked by the archive account", At(file, block + ("above",)),
                    resource="aws_cloudtrail.above", line=1),
        Suppression("TL301", "single-Region by design", At(file, block + ("first_line",)),
                    resource="aws_cloudtrail.first_line", line=7),
        Suppression("TL303", "single-Region by design", At(file, block + ("first_line",)),
                    resource="aws_cloudtrail.first_line", line=7),
        Suppression("TL302", "reviewed", At(file, block + ("attribute",)), resource="aws_cloudtrail.attribute",
                    line=16),
        # kept without a reason, so that the engine reports it
        Suppression("TL302", "", At(file, block + ("no_reason",)), resource="aws_cloudtrail.no_reason", line=22),
        # a blank line separates it from the next block: it covers only its own line
        Suppression("TL401", "loose comment, covers nothing", At(file, ()), line=28),
    )


def test_suppressions_in_a_child_module_name_the_module_address(tmp_path: Path) -> None:
    (tmp_path / "child").mkdir()
    (tmp_path / "main.tf").write_text('module "logs" {\n  source = "./child"\n}\n')
    (tmp_path / "child" / "main.tf").write_text(
        '# trail-lint: ignore=TL302 archive checks digests\nresource "aws_cloudtrail" "t" {\n  name = "t"\n}\n')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    assert contents.suppressions == (Suppression(
        "TL302", "archive checks digests", At(str(tmp_path / "child" / "main.tf"), ("resource", "aws_cloudtrail", "t")),
        resource="module.logs.aws_cloudtrail.t", line=1),)
    assert [t.origin.resource for t in contents.trails] == ["module.logs.aws_cloudtrail.t"]


# --- Expressions --------------------------------------------------------------------------------

@pytest.mark.parametrize(("expression", "expected"), [
    ('"a-${var.x}-${1 + 2}"', "a-x-3"),
    ('"${var.n}"', 5),
    ('"esc \\" \\n $${literal}"', 'esc " \n ${literal}'),
    ('jsonencode({ A = [var.x, true, null] })', '{"A":["x",true,null]}'),
    ('var.flag ? "yes" : "no"', "yes"),
    ('var.missing ? "yes" : "no"', UNKNOWN),
    ('{ a = { b = [10, 20] } }.a.b[1]', 20),
    ('[for s in ["a", "b"] : upper(s) if s != "b"]', ["A"]),
    ('{ for k, v in { a = 1 } : "${k}x" => v }', {"ax": 1}),
    ('merge({ a = 1 }, { b = var.x })', {"a": 1, "b": "x"}),
    ('concat(["a"], [var.missing])', ["a", UNKNOWN]),
    ('format("%s/%d", "p", 3)', "p/3"),
    ('aws_kms_key.k.arn', UNKNOWN),
    ('data.aws_caller_identity.c.account_id', UNKNOWN),
    ('unknownfunction(1)', UNKNOWN),
    ('!var.flag || 2 < 1', False),
])
def test_expressions(expression: str, expected: object) -> None:
    assert value_of(expression, x="x", n=5, flag=True) == expected


def test_heredoc_with_interpolation_and_indented_marker() -> None:
    assert value_of('<<-EOT\n    {"a": "${var.x}"}\n      indented\n  EOT', x="v") == '{"a": "v"}\n  indented\n'
    assert value_of('<<EOT\n  keep ${var.missing}\nEOT') is UNKNOWN
    assert value_of('<<EOT\n  keep $${literal} %%{literal}\nEOT') == "  keep ${literal} %{literal}\n"


def test_dynamic_blocks_over_known_collections() -> None:
    contents, locators = normalise_dir([fixture("dynamic/main.tf")])
    trail = contents.trails[0]
    assert trail.event_selectors == (
        EventSelector(ReadWrite.READ_ONLY, True, (), (DataResource("AWS::S3::Object", ("arn:aws:s3:::a/",)),)),
        EventSelector(ReadWrite.WRITE_ONLY, True, (), ()),
    )
    assert trail.insights == ()
    # generated blocks point at their dynamic block
    selector = trail.event_selectors[1]  # type: ignore[index]
    assert locators[fixture("dynamic/main.tf")](selector.origin.of("read_write").path) == Position(16, 3)


def test_a_module_in_the_current_directory_keeps_plain_file_names(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "env").mkdir()
    (tmp_path / "main.tf").write_text('resource "aws_cloudtrail" "t" {\n  name = var.name\n}\nvariable "name" {}\n')
    (tmp_path / "env" / "main.tf").write_text('module "trail" {\n  source = "../"\n  name   = "from-env"\n}\n')
    monkeypatch.chdir(tmp_path)
    contents, locators = normalise_dir(["main.tf", "env/main.tf"])
    assert [(t.origin.resource, t.name, t.origin.file) for t in contents.trails] == [
        ("module.trail.aws_cloudtrail.t", "from-env", "main.tf")]
    assert sorted(locators) == ["env/main.tf", "main.tf"]


def test_exponential_locals_and_nested_counts_stay_bounded(tmp_path: Path) -> None:
    chain = "\n".join(f"  l{i} = [local.l{i + 1}, local.l{i + 1}]" for i in range(60))
    (tmp_path / "main.tf").write_text(
        f'locals {{\n{chain}\n  l60 = "x"\n}}\n'
        'resource "aws_iam_policy" "p" {\n  policy = jsonencode(local.l0)\n}\n'
        'module "m" {\n  source = "./m"\n  count  = 200\n}\n')
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text('resource "aws_cloudtrail" "t" {\n  count = 200\n  name = "t"\n}\n')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    assert contents.policies == (Policy("aws_iam_policy.p", UNKNOWN),)
    assert len(contents.trails) <= 10_001
    assert [(u.message, u.cause) for u in contents.unknowns] == [
        ("policy of aws_iam_policy.p is not known", Cause("a value with more than 200,000 parts", None,
                                                           f"the root module {tmp_path}")),
        ("more than 10000 resource and module instances: the rest are not read", None)]


def test_a_resource_with_a_wrong_type_is_reported_and_the_others_are_read(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_cloudtrail" "bad" {\n  name = "bad"\n  enable_logging = [1]\n}\n'
        'resource "aws_cloudtrail" "good" {\n  name = "good"\n}\n')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    assert [t.name for t in contents.trails] == ["good"]
    assert contents.unknowns == (Problem(
        "enable_logging must be true or false in aws_cloudtrail.bad",
        At(str(tmp_path / "main.tf"), ("resource", "aws_cloudtrail", "bad", "enable_logging")),
        resource="aws_cloudtrail.bad"),)


def test_tfvars_json_and_auto_tfvars_override_defaults_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('variable "name" {\n  default = "default"\n}\n'
                                      'resource "aws_cloudtrail" "t" {\n  name = var.name\n}\n')
    (tmp_path / "terraform.tfvars").write_text('name = "tfvars"\n')
    (tmp_path / "a.auto.tfvars.json").write_text('{"name": "auto-json"}')
    (tmp_path / "b.auto.tfvars").write_text('name = "auto"\n')
    assert [t.name for t in normalise_dir([str(tmp_path / "main.tf")])[0].trails] == ["auto"]
    (tmp_path / "b.auto.tfvars").unlink()
    assert [t.name for t in normalise_dir([str(tmp_path / "main.tf")])[0].trails] == ["auto-json"]


_FIXTURE_TEXTS = [path for path in sorted(FIXTURES.glob("*/main.tf")) if path.parent.name != "syntax"]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(_FIXTURE_TEXTS), st.integers(0, 4000), st.integers(0, 40),
       st.sampled_from(["", "1", '"x"', "[", "{}", "var.x", "null", "[1]", "{ a = 1 }", "true"]))
def test_edited_fixtures_give_contents_or_a_syntax_error(source: Path, start: int, length: int,
                                                         insert: str) -> None:
    import tempfile

    text = source.read_text()
    start = min(start, len(text))
    edited = text[:start] + insert + text[start + length:]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "main.tf"
        path.write_text(edited)
        reading = read_tree([str(path)])
        for error in reading.errors:
            assert error.message.startswith("cannot ")
        contents, locators = reading.contents, reading.locators
        assert contents.kind == "terraform-hcl"
        for trail in contents.trails:
            locators[trail.origin.file](trail.origin.of("log_file_validation").path)


def test_a_path_through_dot_dot_gives_the_same_findings(tmp_path: Path) -> None:
    """`top/module/../module` names the same files as `top/module`: findings are not said twice,
    once for each spelling of the path (the reader names a module by its normalised directory)."""
    from trail_lint.cli import main as cli_main

    module = tmp_path / "module"
    module.mkdir()
    (module / "main.tf").write_text(
        'variable "prefix" {}\n'
        'resource "aws_cloudtrail" "audit" {\n  name = "${var.prefix}-audit"\n  s3_bucket_name = "logs"\n'
        '  enable_log_file_validation = false\n}\n')

    def rules_found(path: str) -> list[str]:
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            cli_main([path, "--format", "parsable", "--fail-on", "never", "--region", "us-east-1"])
        return sorted(line.split(" ")[1] for line in out.getvalue().splitlines() if line)

    plain = rules_found(str(module))
    assert plain.count("TL302") == 1 and plain.count("TL002") >= 1
    assert rules_found(str(module / ".." / "module")) == plain


def test_strings_terraform_takes_for_bools_in_conditions_variables_and_arguments(tmp_path: Path) -> None:
    """"1" and "0" convert to true and false as "true" and "false" do (Terraform 0.11 modules use them)."""
    (tmp_path / "main.tf").write_text(
        'variable "multi" {\n  type    = bool\n  default = "1"\n}\nvariable "enabled" {\n  default = "1"\n}\n'
        'resource "aws_cloudtrail" "t" {\n  count = var.enabled ? 1 : 0\n  name = "t"\n  s3_bucket_name = "logs"\n'
        '  is_multi_region_trail = var.multi\n  enable_log_file_validation = "0"\n}\n')
    [trail] = read_tree([str(tmp_path / "main.tf")]).contents.trails
    assert (trail.multi_region, trail.log_file_validation, trail.existence) == (True, False, Existence.CREATED)


def test_a_null_given_to_a_variable_that_is_not_nullable_is_its_default(tmp_path: Path) -> None:
    # terraform plan: a null from tfvars or a module block gives a `nullable = false` variable its
    # default; a nullable one stays null (and `null` in a template leaves the name unknown)
    (tmp_path / "main.tf").write_text('''variable "suffix" {
  type     = string
  default  = "root"
  nullable = false
}
module "child" {
  source = "./child"
  kept   = null
  set    = null
}
resource "aws_cloudtrail" "root" {
  name           = "trail-${var.suffix}"
  s3_bucket_name = "logs"
}
''')
    (tmp_path / "terraform.tfvars").write_text("suffix = null\n")
    (tmp_path / "child").mkdir()
    (tmp_path / "child" / "main.tf").write_text('''variable "kept" {
  type     = string
  default  = "child"
  nullable = false
}
variable "set" {
  type    = string
  default = "nullable"
}
resource "aws_cloudtrail" "child" {
  name           = "trail-${var.kept}"
  s3_bucket_name = var.set == null ? "null-bucket" : var.set
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf"), str(tmp_path / "terraform.tfvars")])
    assert sorted((t.name, t.s3_bucket) for t in contents.trails) == [("trail-child", "null-bucket"),
                                                                      ("trail-root", "logs")]


def test_whole_resources_give_their_configured_arguments(tmp_path: Path) -> None:
    # keys/values over for_each instances, a splat over count instances, a for expression over a
    # resource, a module output made of them: Terraform knows configured arguments when it plans,
    # and a computed attribute (arn of a topic without a name) only after apply
    (tmp_path / "names").mkdir()
    (tmp_path / "names" / "main.tf").write_text('''resource "aws_sns_topic" "each" {
  for_each = toset(["b", "a"])
  name     = "topic-${each.key}"
}
output "names" {
  value = [for key, topic in aws_sns_topic.each : "${key}=${topic.name}"]
}
''')
    (tmp_path / "main.tf").write_text('''module "names" {
  source = "./names"
}
resource "aws_s3_bucket" "logs" {
  bucket = "the-logs"
}
resource "aws_sns_topic" "unnamed" {
}
resource "aws_cloudtrail" "none" {
  count          = 0
  name           = "none"
  s3_bucket_name = "none"
}
resource "aws_cloudtrail" "counted" {
  count          = 2
  name           = "counted-${count.index}"
  s3_bucket_name = aws_s3_bucket.logs.bucket
  s3_key_prefix  = join("-", keys(aws_cloudtrail.grouped))
}
resource "aws_cloudtrail" "grouped" {
  for_each       = { one = "x", two = "y" }
  name           = "grouped-${each.value}"
  s3_bucket_name = aws_cloudtrail.counted[0].s3_bucket_name
  s3_key_prefix  = join("/", module.names.names)
}
resource "aws_cloudtrail" "derived" {
  name           = join("-", values(aws_cloudtrail.grouped)[*].name)
  s3_bucket_name = aws_s3_bucket.logs.id
  s3_key_prefix  = join("/", concat(aws_cloudtrail.counted[*].name, aws_cloudtrail.none[*].name))
  sns_topic_name = aws_sns_topic.unnamed.id
  kms_key_id     = aws_cloudtrail.counted[1].home_region
  # no such instance: Terraform would reject it if it evaluated it; not known, not a TL002
  cloud_watch_logs_group_arn = aws_cloudtrail.none[0].arn
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    assert {address: (t.name, t.s3_bucket, t.s3_key_prefix) for address, t in by_address(contents).items()} == {
        "aws_cloudtrail.counted[0]": ("counted-0", "the-logs", "one-two"),
        "aws_cloudtrail.counted[1]": ("counted-1", "the-logs", "one-two"),
        'aws_cloudtrail.grouped["one"]': ("grouped-x", "the-logs", "a=topic-a/b=topic-b"),
        'aws_cloudtrail.grouped["two"]': ("grouped-y", "the-logs", "a=topic-a/b=topic-b"),
        "aws_cloudtrail.derived": ("grouped-x-grouped-y", "the-logs", "counted-0/counted-1"),
    }
    derived = by_address(contents)["aws_cloudtrail.derived"]
    assert (derived.sns_topic, derived.kms_key_id, derived.cloudwatch_logs_group_arn) == (UNKNOWN, UNKNOWN, UNKNOWN)
    assert [p.message for p in contents.unknowns if p.resource == "aws_cloudtrail.derived"] == []


@pytest.mark.parametrize(("source", "said"), [
    ("aws_caller_identity.current.account_id", "is read from AWS when Terraform runs"),
    ("terraform_remote_state.base.outputs", "is read when Terraform runs"),
    ("http.list.response_body", "is read when Terraform runs"),
])
def test_only_the_aws_providers_data_sources_are_said_to_read_aws(source: str, said: str) -> None:
    """terraform_remote_state reads another configuration's state, http a URL: not AWS."""
    from trail_lint.normalise.terraform.hcl_eval import after_apply

    assert after_apply("data", source.split(".")).text == f"data.{source} {said}"


def test_a_quoted_provider_reference_is_the_reference_it_quotes(tmp_path: Path) -> None:
    # Terraform 0.11 quoted provider references; Terraform 1.x still takes them, with the warning
    # "Quoted references are deprecated", in a resource's provider and a module's providers alike.
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text('resource "aws_cloudtrail" "m" {\n  name = "in-module"\n'
                                            '  s3_bucket_name = "logs-bucket"\n}\n')
    (tmp_path / "main.tf").write_text('''
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "west"
  region = "eu-west-1"
}
resource "aws_cloudtrail" "quoted" {
  provider       = "aws.west"
  name           = "quoted"
  s3_bucket_name = "logs-bucket"
}
module "m" {
  source    = "./m"
  providers = {
    aws = "aws.west"
  }
}
''')
    contents, _ = normalise_dir([str(tmp_path / "main.tf"), str(tmp_path / "m" / "main.tf")])
    assert sorted((trail.name, trail.region) for trail in contents.trails) == [
        ("in-module", "eu-west-1"), ("quoted", "eu-west-1")]


def test_a_log_group_arn_known_whole_still_depends_on_the_provider_version(tmp_path: Path) -> None:
    # aws_cloudwatch_log_group's arn ended in ':*' before AWS provider 3.0: known whole (the account
    # and Region of its provider are), it is still TL219's question, never a finding taken for granted
    fixture = Path(__file__).parent / "rules" / "TL219" / "good-log-group-arn.terraform" / "main.tf"
    (tmp_path / "main.tf").write_text(fixture.read_text())
    result = run([str(tmp_path)], Config(select=("TL219", "TL002")), all_rules(), raise_errors=True)
    assert [(f.rule, f.message) for f in result.findings] == [(
        "TL002", ("TL219 (invalid-cloudwatch-logs-arn) cannot decide: whether CloudWatch Logs log group "
                 "'arn:aws:logs:us-east-1:111122223333:log-group:trail' of trail 'main' ends in ':*', which "
                 "CloudTrail requires, depends on the AWS provider version: the arn of aws_cloudwatch_log_group "
                 "has no ':*' from version 3.0"))]


def test_a_log_group_arn_named_by_random_values_still_depends_on_the_provider_version(tmp_path: Path) -> None:
    # the same arn, its log group named after a random_id and a random_pet (known only after apply, and
    # holding no ':'): it cannot end in ':*' from provider 3.0, so it is TL219's question, never a silent pass
    (tmp_path / "main.tf").write_text('''
resource "random_id" "b" {
  byte_length = 4
}
resource "random_pet" "p" {
  length = 1
}
resource "aws_cloudwatch_log_group" "trail" {
  name = "cloudtrail-${random_id.b.hex}-${random_pet.p.id}"
}
resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "audit-logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}"
}
''')
    result = run([str(tmp_path)], Config(select=("TL219", "TL002")), all_rules(), raise_errors=True)
    assert [f.message for f in result.findings if "TL219" in f.message] == [(
        "TL219 (invalid-cloudwatch-logs-arn) cannot decide: whether CloudWatch Logs log group "
        "'arn:<partition>:logs:<region>:<account>:log-group:cloudtrail-<random_id.b.hex>-<random_pet.p.id>' of "
        "trail 'main' ends in ':*', which CloudTrail requires, depends on the AWS provider version: the arn of "
        "aws_cloudwatch_log_group has no ':*' from version 3.0")]


# A log group ARN ending in holes for the parts of its name known only after apply: one segment's
# characters each (never ':' or '/'), '*' among them.
_SEGMENT_TEXTS = st.text(alphabet="ab-_*", min_size=1, max_size=3)
_TAIL = st.lists(st.one_of(st.sampled_from(("-", ":", "*", ":*", "x")), st.just(None)), min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(tail=_TAIL, fillings=st.lists(_SEGMENT_TEXTS, min_size=4, max_size=4))
def test_a_log_group_arn_said_to_lack_the_wildcard_lacks_it_whatever_fills_its_holes(
        tail: list[str | None], fillings: list[str]) -> None:
    from trail_lint.delivery_log_groups import lacks_log_group_wildcard

    holes = iter(range(len(tail)))
    value = ("arn:aws:logs:eu-west-1:111122223333:log-group:g",
             *(part if part is not None else Hole(name=f"h{next(holes)}") for part in tail))
    if lacks_log_group_wildcard(value):
        names = {f"h{i}": filling for i, filling in enumerate(fillings)}
        assert not "".join(p if isinstance(p, str) else names[p.name] for p in value).endswith(":*")


def test_a_trail_names_its_bucket_by_a_literal_instance_key(tmp_path: Path) -> None:
    # aws_s3_bucket.logs["audit"].id of a for_each bucket whose name is known only after apply
    # (bucket_prefix): the trail's bucket is that instance, in the inputs, not "not in the inputs"
    (tmp_path / "main.tf").write_text('''
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}
resource "aws_s3_bucket" "logs" {
  for_each      = toset(["audit", "other"])
  bucket_prefix = "acme-${each.key}-"
}
resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.logs["audit"].id
}
''')
    result = run([str(tmp_path)], Config(select=("TL310", "TL002")), all_rules(), raise_errors=True)
    assert [(f.rule, f.message) for f in result.findings] == [
        ("TL310", 'log bucket \'aws_s3_bucket.logs["audit"]\' of trail \'main\' has no server access logging')]


_SELECTOR_BESIDE_DYNAMIC = '''variable "switch" {{
  type = bool
}}
resource "aws_cloudtrail" "audit" {{
  name           = "audit"
  s3_bucket_name = "audit-logs-bucket"
  advanced_event_selector {{
    name = "picked"
    {before}
    dynamic "field_selector" {{
      for_each = var.switch ? [] : [1]
      content {{
        field      = "eventSource"
        not_equals = ["kms.amazonaws.com"]
      }}
    }}
    {after}
  }}
}}
'''


@pytest.mark.parametrize("category, own_bucket_open", [("Management", False), ("Data", True)])
@pytest.mark.parametrize("static_first", [True, False])
def test_field_selectors_beside_a_dynamic_one_are_known_among_them(
        tmp_path: Path, category: str, own_bucket_open: bool, static_first: bool) -> None:
    # A dynamic field_selector over a for_each not known offline leaves the list open, but the block
    # written beside it is in it, before or after: eventCategory Management alone rules out S3 object
    # writes (TL309 decided), while a Data selector may still record them (TL309 open, named in the
    # variable's TL002).
    static = f'field_selector {{\n      field  = "eventCategory"\n      equals = ["{category}"]\n    }}'
    (tmp_path / "main.tf").write_text(_SELECTOR_BESIDE_DYNAMIC.format(
        before=static if static_first else "", after="" if static_first else static))
    contents, _ = normalise_dir([str(tmp_path / "main.tf")])
    selector, = contents.trails[0].advanced_selectors
    assert selector.fields is UNKNOWN
    assert [(f.field, f.equals) for f in selector.known_fields] == [("eventCategory", (category,))]
    result = run([str(tmp_path)], Config(select=("TL309", "TL002")), all_rules(), raise_errors=True)
    said = [f.message for f in result.findings if "var.switch" in f.message]
    assert len(said) == 1
    assert ("TL309 (trail-logs-own-bucket)" in said[0]) is own_bucket_open, said
