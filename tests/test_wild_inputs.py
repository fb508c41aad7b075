"""Shapes met in inputs written elsewhere (CLI output pasted in guides, plans of other tools' tests,
policies of public modules), each reduced to a minimal input of its own."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main


def write(path: Path, document: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def lint(*arguments: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    main(["--format", "json", *arguments])
    findings: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return findings


@pytest.mark.parametrize("account", ["<account-id>", "XXXXXXXXXXXX", "123"])
def test_a_redacted_account_in_a_trail_arn_is_no_account(tmp_path, capsys, account):
    """describe-trails output copied with its account ID blanked out says no account; a lone trail
    is no copy of itself, so TL501 has nothing to ask."""
    trail = {"Name": "audit", "S3BucketName": "logs", "HomeRegion": "eu-north-1", "IsMultiRegionTrail": False,
             "TrailARN": f"arn:aws:cloudtrail:eu-north-1:{account}:trail/audit", "LogFileValidationEnabled": True}
    path = write(tmp_path / "trails.json", {"trailList": [trail]})
    findings = lint(str(path), capsys=capsys)
    assert not [f for f in findings if "TL501" in f["message"] or f["rule"] == "TL501"]
    assert {f["account"] for f in findings} == {None}


def test_key_and_topic_read_back_from_aws_are_not_checked_as_requests(tmp_path, capsys):
    """Terraform state holds what AWS returned: a key or topic ARN whose account was blanked out in
    a copy is no request CreateTrail would reject (TL217, TL218); in a plan it is a placeholder to
    fill in, one TL002 asking for the value (tests/test_terraform_placeholders.py)."""
    values = {"name": "audit", "s3_bucket_name": "audit-logs", "is_multi_region_trail": True,
              "enable_log_file_validation": True,
              "kms_key_id": "arn:aws:kms:us-east-1:XXXXXXXXXXXX:key/1234abcd-12ab-34cd-56ef-1234567890ab",
              "sns_topic_name": "arn:aws:sns:us-east-1:XXXXXXXXXXXX:trail-deliveries"}
    resource = {"address": "aws_cloudtrail.audit", "mode": "managed", "type": "aws_cloudtrail", "name": "audit",
                "provider_name": "registry.terraform.io/hashicorp/aws", "values": values}
    state = write(tmp_path / "state.json", {"format_version": "1.0", "terraform_version": "1.9.0",
                                            "values": {"root_module": {"resources": [resource]}}})
    plan = write(tmp_path / "plan" / "plan.json", {
        "format_version": "1.2", "terraform_version": "1.9.0",
        "planned_values": {"root_module": {"resources": [resource]}},
        "resource_changes": [{**{k: resource[k] for k in ("address", "mode", "type", "name", "provider_name")},
                              "change": {"actions": ["create"], "before": None, "after": values,
                                         "after_unknown": {}}}]})
    assert not lint("--select", "TL217,TL218", str(state), capsys=capsys)
    found = lint("--select", "TL002,TL217,TL218", str(plan), capsys=capsys)
    assert {f["rule"] for f in found} == {"TL002"}
    said, = [f for f in found if "placeholder" in f["message"]]
    assert said["message"].startswith("'XXXXXXXXXXXX' is a placeholder")
    assert "kms_key_id of aws_cloudtrail.audit" in said["message"] and "sns_topic_name" in said["message"]



@pytest.mark.parametrize("name", ["<trail-name>", "YOUR_TRAIL_NAME_HERE_", "my trail"])
def test_name_and_prefix_read_back_from_aws_are_not_checked_as_requests(tmp_path, capsys, name):
    """describe-trails lists trails CreateTrail accepted: a name or S3 key prefix there that the naming
    rules would refuse was edited in a copy (a placeholder), no request AWS would reject (TL201,
    TL206), while the same values in a template are."""
    prefix = "p" * 201
    trail = {"Name": name, "S3BucketName": "audit-logs-123456789012", "S3KeyPrefix": prefix,
             "HomeRegion": "us-east-1", "IsMultiRegionTrail": True, "IncludeGlobalServiceEvents": True,
             "TrailARN": f"arn:aws:cloudtrail:us-east-1:123456789012:trail/{name}", "LogFileValidationEnabled": True}
    listed = write(tmp_path / "trails.json", {"trailList": [trail]})
    template = tmp_path / "template.yaml"
    template.write_text(json.dumps({"Resources": {"Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {
        "TrailName": name, "S3BucketName": "audit-logs-123456789012", "S3KeyPrefix": prefix, "IsLogging": True,
        "IsMultiRegionTrail": True}}}}))
    assert not lint("--select", "TL201,TL206", str(listed), capsys=capsys)
    assert {f["rule"] for f in lint("--select", "TL201,TL206", str(template), capsys=capsys)} == {"TL201", "TL206"}


ORG_TRAIL_TF = """
provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias   = "other"
  region  = "us-east-1"
  profile = "management"
}

ORGANIZATION

resource "aws_cloudtrail" "org" {
  name                  = "org"
  s3_bucket_name        = aws_s3_bucket.logs.id
  is_multi_region_trail = true
  is_organization_trail = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "org-trail-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:GetBucketAcl",
        Resource = aws_s3_bucket.logs.arn },
      { Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject",
        Resource = "${aws_s3_bucket.logs.arn}/AWSLogs/ORG_ID/*" },
    ]
  })
}
"""


@pytest.mark.parametrize(("organization", "org_id", "expected"), [
    ('resource "aws_organizations_organization" "this" {}', "${aws_organizations_organization.this.id}", set()),
    ('data "aws_organizations_organization" "this" {}', "${data.aws_organizations_organization.this.id}", set()),
    # another provider configuration may sign in to another account, of another organization
    ('resource "aws_organizations_organization" "this" {\n  provider = aws.other\n}',
     "${aws_organizations_organization.this.id}", {"TL002"}),
    ('resource "aws_organizations_organization" "this" {}', "${data.aws_caller_identity.me.account_id}", {"TL207"}),
])
def test_an_organization_trail_writes_under_the_id_of_its_providers_organization(
        tmp_path, capsys, organization, org_id, expected):
    """The bucket policy of the usual Terraform organization trail names the organization by the id of
    aws_organizations_organization: that is where CloudTrail writes, not a question for TL002."""
    text = ORG_TRAIL_TF.replace("ORGANIZATION", organization + '\ndata "aws_caller_identity" "me" {}')
    (tmp_path / "main.tf").write_text(text.replace("ORG_ID", org_id))
    findings = lint("--select", "TL207,TL002", str(tmp_path), capsys=capsys)
    assert {f["rule"] for f in findings} == expected, findings


def org_trail_plan(policy_org_id: str, read_org_id: str | None) -> dict[str, Any]:
    """A plan of an organization trail whose bucket policy writes AWSLogs/<policy_org_id>/, with the
    aws_organizations_organization data source of the same provider read as ``read_org_id``."""
    bucket, provider = "org-trail-logs", "registry.terraform.io/hashicorp/aws"
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl",
         "Resource": f"arn:aws:s3:::{bucket}"},
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/{policy_org_id}/*"}]}
    trail = {"name": "org", "s3_bucket_name": bucket, "is_multi_region_trail": True, "is_organization_trail": True}

    def change(kind: str, after: dict[str, Any]) -> dict[str, Any]:
        return {"address": f"{kind}.this", "mode": "managed", "type": kind, "name": "this", "provider_name": provider,
                "change": {"actions": ["create"], "before": None, "after": after, "after_unknown": {}}}

    organization = {"address": "data.aws_organizations_organization.this", "mode": "data",
                    "type": "aws_organizations_organization", "name": "this", "provider_name": provider,
                    "values": {"id": read_org_id}}
    return {"format_version": "1.2", "terraform_version": "1.9.0",
            "resource_changes": [change("aws_cloudtrail", trail), change("aws_s3_bucket", {"bucket": bucket}),
                                 change("aws_s3_bucket_policy", {"bucket": bucket, "policy": json.dumps(policy)})],
            "prior_state": {"values": {"root_module": {"resources": [organization] if read_org_id else []}}},
            "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
                "region": {"constant_value": "us-east-1"}}}}}}


@pytest.mark.parametrize(("policy_org_id", "read_org_id", "expected"), [
    ("o-abc123def4", "o-abc123def4", set()),
    ("o-zzz999yyy8", "o-abc123def4", {"TL207"}),
    ("o-abc123def4", None, {"TL002"}),      # the plan does not say which organization the trail's is
])
def test_a_plan_gives_an_organization_trail_the_organization_id_its_provider_reads(
        tmp_path, capsys, policy_org_id, read_org_id, expected):
    path = write(tmp_path / "plan.json", org_trail_plan(policy_org_id, read_org_id))
    findings = lint("--select", "TL207,TL002", str(path), capsys=capsys)
    assert {f["rule"] for f in findings} == expected, findings
    if expected == {"TL207"}:
        assert "AWSLogs/o-abc123def4/*" in findings[0]["message"]


AWSCC_TRAILS_TF = """
resource "awscc_cloudtrail_trail" "single" {
  trail_name            = "audit"
  s3_bucket_name        = "audit-logs"
  is_logging            = true
  is_multi_region_trail = false
}

resource "awscc_cloudtrail_trail" "per_team" {
  for_each       = toset(["a", "b", "c"])
  trail_name     = "team-${each.key}"
  s3_bucket_name = "audit-logs"
  is_logging     = true
}

resource "awscc_cloudtrail_trail" "off" {
  count          = 0
  s3_bucket_name = "audit-logs"
  is_logging     = true
}
"""


def test_a_trail_of_the_awscc_provider_is_said_not_read_once_per_resource(tmp_path, capsys):
    """The AWS Cloud Control provider's awscc_cloudtrail_trail is no aws_cloudtrail: a module of such
    trails is no module without trails. Each resource that makes one is said once (not once per
    for_each instance); one that makes none (count = 0) is not."""
    (tmp_path / "main.tf").write_text(AWSCC_TRAILS_TF)
    findings = lint("--region", "us-east-1", str(tmp_path), capsys=capsys)
    assert [(f["rule"], f["line"], f["message"].split(" is an ")[0]) for f in findings] == [
        ("TL002", 2, "awscc_cloudtrail_trail.single"), ("TL002", 9, "awscc_cloudtrail_trail.per_team")]
    assert all("does not read: the trails it makes are not linted" in f["message"] for f in findings)
    # a plan of the same resource says the same
    values = {"trail_name": "audit", "s3_bucket_name": "audit-logs", "is_logging": True}
    change = {"address": "awscc_cloudtrail_trail.single", "mode": "managed", "type": "awscc_cloudtrail_trail",
              "name": "single", "provider_name": "registry.terraform.io/hashicorp/awscc",
              "change": {"actions": ["create"], "before": None, "after": values, "after_unknown": {}}}
    plan = write(tmp_path / "plan" / "plan.json", {"format_version": "1.2", "terraform_version": "1.9.0",
                                                   "resource_changes": [change]})
    assert [(f["rule"], f["message"].split(" is an ")[0]) for f in lint(str(plan), capsys=capsys)] == [
        ("TL002", "awscc_cloudtrail_trail.single")]


def test_values_of_an_awscc_trail_are_no_tl002_of_their_own(tmp_path, capsys):
    """An awscc_cloudtrail_trail is said not read, once: a value of it that is not known (a bucket of
    the awscc provider the module does not declare, a count a variable without a value gives) leaves
    no rule undecided, so it is no TL002 of its own beside that one."""
    (tmp_path / "main.tf").write_text(
        'variable "trails" {\n  type = number\n}\n'
        'resource "awscc_cloudtrail_trail" "validated" {\n  count                      = var.trails\n'
        '  trail_name                 = "validated"\n  is_logging                 = true\n'
        '  s3_bucket_name             = awscc_s3_bucket.example.id\n  enable_log_file_validation = true\n}\n')
    findings = lint("--region", "us-east-1", str(tmp_path), capsys=capsys)
    assert [(f["rule"], f["line"], f["message"].split(" is an ")[0]) for f in findings] == [
        ("TL002", 4, "awscc_cloudtrail_trail.validated")]


def test_a_data_resource_value_made_of_a_bucket_name_is_no_arn(tmp_path, capsys):
    """`!Sub '${Bucket}/*'` (a bucket's name, which holds no ':', and a path) is no S3 object ARN
    whatever name the bucket is given, so CloudTrail rejects the selector (TL210); the bucket's
    ARN, and a parameter that may hold anything, are not reported."""
    (tmp_path / "t.yaml").write_text(
        "Parameters:\n  Prefix:\n    Type: String\n"
        "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n"
        "  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      IsLogging: true\n"
        "      S3BucketName: audit-logs-xyz\n      EventSelectors:\n        - DataResources:\n"
        "            - Type: AWS::S3::Object\n              Values:\n"
        "                - !Sub '${Data}/*'\n                - !Sub '${Data.Arn}/'\n"
        "                - !Sub '${Prefix}/'\n")
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_s3_bucket" "data" {\n  bucket_prefix = "data-"\n}\n'
        'resource "aws_cloudtrail" "t" {\n  name = "audit"\n  s3_bucket_name = "audit-logs-xyz"\n'
        '  event_selector {\n    data_resource {\n      type = "AWS::S3::Object"\n'
        '      values = ["${aws_s3_bucket.data.id}/", "${aws_s3_bucket.data.arn}/"]\n    }\n  }\n}\n')
    findings = lint("--select", "TL210", "--region", "us-east-1", str(tmp_path), capsys=capsys)
    assert sorted((Path(f["file"]).name, f["line"], f["message"]) for f in findings) == [
        ("main.tf", 11, ("event selector of trail 'audit' has data resource value '<aws_s3_bucket.data.bucket>/', which is no "
                        "AWS::S3::Object ARN or ARN prefix")),
        ("t.yaml", 14, ("event selector of trail 'Trail' has data resource value '<Ref Data>/*', which is no "
                       "AWS::S3::Object ARN or ARN prefix"))]


def test_an_arn_start_reads_segment_holes_as_names_without_colons() -> None:
    # TL210 asks the shared matcher whether a value with holes may begin with "arn:"
    from fnmatch import fnmatchcase

    from trail_lint.delivery_match import matches
    from trail_lint.model import UNKNOWN, Hole

    def may_be_arn(value: tuple) -> object:
        return matches("arn:*", value, lambda pattern, text: fnmatchcase(text, pattern))

    name = Hole(name="bucket")
    assert may_be_arn((name, "/*")) is False
    assert may_be_arn((name, ":s3:::b/")) is UNKNOWN            # the name may be "arn"
    assert may_be_arn(("ar", name, "/")) is False              # "ar" + a name without ':' + "/"
    assert may_be_arn(("arn:", name)) is True
    assert may_be_arn((Hole(anything=True), "/")) is UNKNOWN   # a parameter: any text
    assert may_be_arn((Hole(name="id", chars="0123456789"), ":x")) is False
    assert may_be_arn(("ar",)) is False


REGION_OVERRIDE_TF = """
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {
  region = "eu-west-2"
}
resource "aws_s3_bucket" "logs" {
  region = "eu-west-2"
  bucket = "audit-logs-1234"
}
resource "aws_s3_bucket_policy" "logs" {
  region = "eu-west-2"
  bucket = aws_s3_bucket.logs.bucket
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:GetBucketAcl",
        Resource = aws_s3_bucket.logs.arn },
      { Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject",
        Resource = "${aws_s3_bucket.logs.arn}/*",
        Condition = { StringEquals = {
          "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudtrail:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:trail/TRAIL"
        } } }
    ]
  })
}
resource "aws_cloudtrail" "t" {
  region         = "eu-west-2"
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.logs.bucket
}
"""


@pytest.mark.parametrize(("named", "expected"), [("audit", set()), ("other", {"TL207"})])
def test_a_trail_with_its_own_region_is_in_its_provider_configurations_partition(tmp_path, capsys, named,
                                                                                 expected):
    """Provider v6's per-resource `region`: the provider configuration sets no Region, the trail
    and its bucket set their own. `data.aws_partition.current` (of the same configuration) is the
    trail's partition, which its Region gives: a SourceArn made of it names the trail (no TL002)
    or, naming another trail, certainly does not (TL207)."""
    (tmp_path / "main.tf").write_text(REGION_OVERRIDE_TF.replace("TRAIL", named))
    findings = lint("--select", "TL002,TL207", str(tmp_path), capsys=capsys)
    assert {f["rule"] for f in findings} == expected


@pytest.mark.parametrize(("second", "expected"), [
    ("audit", ["TL214"]),
    ("audit-copy", ["TL501", "TL502", "TL503", "TL504"])])
def test_a_trail_whose_name_is_taken_is_no_copy_of_the_trail_that_took_it(tmp_path, capsys, second, expected):
    """A module instantiated twice with one trail name (an example calling it for two tables): the
    second CreateTrail fails (TL214), so the two are never two copies of management, global or data
    events (TL501, TL503, TL504) nor duplicates (TL502). Under two names they are."""
    trails = "".join(
        f'resource "aws_cloudtrail" "{label}" {{\n  name = "{name}"\n  s3_bucket_name = "logs"\n'
        '  is_multi_region_trail = true\n  enable_log_file_validation = true\n'
        '  event_selector {\n    data_resource {\n      type = "AWS::DynamoDB::Table"\n'
        '      values = ["arn:aws:dynamodb"]\n    }\n  }\n}\n'
        for label, name in (("first", "audit"), ("second", second)))
    (tmp_path / "main.tf").write_text('provider "aws" {\n  region = "us-east-2"\n}\n' + trails)
    findings = lint("--select", "TL214,TL501,TL502,TL503,TL504", "--account", "111122223333", str(tmp_path),
                    capsys=capsys)
    assert sorted({f["rule"] for f in findings}) == expected, findings


def _plan_for_each(keys: tuple[str, ...]) -> dict[str, Any]:
    """``terraform show -json`` of a bucket and a trail per key, the trail's bucket known only after
    apply (``aws_s3_bucket.logs[each.key].id``): the shape Terraform 1.11 with provider 5.100 writes."""
    changes, config = [], []
    for key in keys:
        changes.append({"address": f'aws_s3_bucket.logs["{key}"]', "mode": "managed", "type": "aws_s3_bucket",
                        "name": "logs", "index": key, "provider_name": "registry.terraform.io/hashicorp/aws",
                        "change": {"actions": ["create"], "before": None, "after": {"bucket": f"logs-{key}"},
                                   "after_unknown": {"id": True, "arn": True}}})
        changes.append({"address": f'aws_cloudtrail.t["{key}"]', "mode": "managed", "type": "aws_cloudtrail",
                        "name": "t", "index": key, "provider_name": "registry.terraform.io/hashicorp/aws",
                        "change": {"actions": ["create"], "before": None,
                                   "after": {"name": f"trail-{key}", "enable_log_file_validation": True},
                                   "after_unknown": {"s3_bucket_name": True, "arn": True}}})
    config.append({"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
                   "provider_config_key": "aws", "expressions": {"bucket": {"references": ["each.key"]}},
                   "for_each_expression": {"references": ["var.names"]}})
    config.append({"address": "aws_cloudtrail.t", "mode": "managed", "type": "aws_cloudtrail", "name": "t",
                   "provider_config_key": "aws",
                   "expressions": {"s3_bucket_name": {"references": ["aws_s3_bucket.logs", "each.key"]}},
                   "for_each_expression": {"references": ["var.names"]}})
    return {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes,
            "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
                "region": {"constant_value": "eu-west-1"}}}}, "root_module": {"resources": config}}}


def test_a_for_each_trail_of_a_plan_is_linked_to_the_bucket_of_its_own_key(tmp_path, capsys):
    """trail["a"].s3_bucket_name = aws_s3_bucket.logs[each.key].id, unknown in the plan: the
    configuration's references (aws_s3_bucket.logs and each.key) name bucket["a"], not both buckets
    (which left the log bucket 'not in the inputs')."""
    path = write(tmp_path / "plan.json", _plan_for_each(("a", "b")))
    findings = lint("--select", "TL002,TL311", str(path), capsys=capsys)
    assert sorted(f["message"] for f in findings) == [
        f"log bucket 'logs-{key}' of trail 'trail-{key}' is not versioned" for key in ("a", "b")], findings


def test_an_inline_bucket_policy_without_a_source_condition_is_reported(tmp_path, capsys):
    """aws_s3_bucket's own `policy` argument (provider 3, NHS MESH's log bucket) is the log bucket's
    policy for TL319 as it is for TL207 and TL307; a grant scoped to the account is not reported."""
    def grant(condition: str) -> str:
        return ('{ Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "s3:PutObject", '
                f'Resource = "arn:aws:s3:::logs/AWSLogs/*"{condition} }}')

    for condition, expected in (("", ["TL319"]),
                                (', Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }', [])):
        (tmp_path / "main.tf").write_text(
            'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n'
            f'  policy = jsonencode({{ Version = "2012-10-17", Statement = [{grant(condition)}] }})\n}}\n'
            'resource "aws_cloudtrail" "t" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n')
        findings = lint("--select", "TL319", str(tmp_path), capsys=capsys)
        assert [f["rule"] for f in findings] == expected, findings


ROLE_INLINE_DOCUMENT_TF = """
variable "enabled" {
  default = true
}
resource "aws_iam_role" "ops" {
  COUNT
  name               = "ops"
  assume_role_policy = "{}"
  inline_policy {
    name   = "first"
    policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "s3:GetObject", Resource = "*"}]})
  }
  inline_policy {
    name   = "trail-admin"
    policy = data.aws_iam_policy_document.trail_admin INDEX .json
  }
}
data "aws_iam_policy_document" "trail_admin" {
  COUNT
  statement {
    actions   = ["cloudtrail:StopLogging"]
    resources = ["*"]
  }
}
"""


@pytest.mark.parametrize("count", [False, True])
def test_a_role_inline_policy_block_is_read_from_the_policy_document_it_names(tmp_path, capsys, count):
    """``inline_policy { policy = data.aws_iam_policy_document.x.json }`` (and ``x[0].json`` beside
    ``count``) is that document's statements, as a role policy naming it is, not a policy unknown
    offline: the second block links to the document its own ``policy`` names."""
    source = ROLE_INLINE_DOCUMENT_TF.replace("COUNT", "count = var.enabled ? 1 : 0" if count else "") \
        .replace(" INDEX ", "[0]" if count else "")
    (tmp_path / "main.tf").write_text(source)
    findings = lint("--select", "TL002,TL402", str(tmp_path), capsys=capsys)
    assert [(f["rule"], f["message"]) for f in findings] == [
        ("TL402", "statement 1 of policy trail-admin allows StopLogging on every trail")]


def test_access_says_a_policy_attached_to_no_one_is_there(tmp_path, capsys):
    """A module that defines aws_iam_policy documents and attaches them to nothing has policies but no
    principal: the access report says so, not that the inputs hold no policy documents."""
    (tmp_path / "main.tf").write_text("""
resource "aws_iam_policy" "trail_write" {
  name   = "cloudtrail-write"
  policy = jsonencode({Version = "2012-10-17",
                       Statement = [{Effect = "Allow", Action = "cloudtrail:StopLogging", Resource = "*"}]})
}
""")
    main(["access", str(tmp_path)])
    assert capsys.readouterr().out == "no IAM users, groups or roles in the inputs: 1 policy attached to none\n"
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n')
    main(["access", str(tmp_path)])
    assert capsys.readouterr().out == "no IAM users, groups, roles or policy documents in the inputs\n"


def test_access_says_the_service_control_policies_of_inputs_without_principals(tmp_path, capsys):
    """An SCP module (aws_organizations_policy and its attachment, no user or role) holds policy
    documents: the access report counts them, not that the inputs hold none."""
    (tmp_path / "main.tf").write_text("""
resource "aws_organizations_policy" "protect" {
  name    = "protect-trails"
  content = jsonencode({Version = "2012-10-17",
                        Statement = [{Effect = "Deny", Action = "cloudtrail:StopLogging", Resource = "*"}]})
}
resource "aws_organizations_policy" "regions" {
  name    = "regions"
  content = jsonencode({Version = "2012-10-17",
                        Statement = [{Effect = "Deny", NotAction = "iam:*", Resource = "*"}]})
}
resource "aws_iam_policy" "reader" {
  name   = "reader"
  policy = jsonencode({Version = "2012-10-17",
                       Statement = [{Effect = "Allow", Action = "cloudtrail:GetTrail", Resource = "*"}]})
}
""")
    main(["access", str(tmp_path)])
    assert capsys.readouterr().out == \
        "no IAM users, groups or roles in the inputs: 1 policy attached to none, 2 service control policies\n"


def _reader_bucket_template(conditions: dict[str, Any]) -> dict[str, Any]:
    reader = {"Sid": "AnalyzerRead", "Effect": "Allow", "Principal": {"AWS": "*"},
              "Action": ["s3:GetObject", "s3:ListBucket"],
              "Resource": [{"Fn::GetAtt": ["Logs", "Arn"]}, {"Fn::Sub": "${Logs.Arn}/AWSLogs/*"}],
              "Condition": conditions}
    return {"Resources": {
        # Block Public Access off for policies (a new bucket has it on, which would settle it alone)
        "Logs": {"Type": "AWS::S3::Bucket", "Properties": {"PublicAccessBlockConfiguration": {
            "BlockPublicPolicy": False, "RestrictPublicBuckets": False}}},
        "LogsPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {
            "Bucket": {"Ref": "Logs"}, "PolicyDocument": {"Version": "2012-10-17", "Statement": [reader]}}},
        "Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {
            "IsLogging": True, "IsMultiRegionTrail": True, "S3BucketName": {"Ref": "Logs"}}}}}


ANY_ACCOUNTS_ROLE = {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:role/service-role/Reader*"}}


@pytest.mark.parametrize(("conditions", "public"), [
    ({**ANY_ACCOUNTS_ROLE, "StringEquals": {"aws:PrincipalOrgID": "o-abcd1234ef"}}, False),
    ({**ANY_ACCOUNTS_ROLE, "StringEquals": {"aws:SourceAccount": "111122223333"}}, False),
    (ANY_ACCOUNTS_ROLE, True),
    ({**ANY_ACCOUNTS_ROLE, "StringLike": {"aws:PrincipalOrgID": "o-*"}}, True),
])
def test_a_bucket_policy_confined_to_an_organization_is_not_public_whatever_its_other_conditions(
        tmp_path, capsys, conditions, public):
    """IAM requires every condition of a statement to hold: ``StringEquals aws:PrincipalOrgID`` beside a
    ``StringLike aws:PrincipalArn`` pattern naming a role in any account admits the organization's
    principals only, so the log bucket is not public (policyuniverse alone counts the statement public
    as soon as one of its conditions would be)."""
    write(tmp_path / "logs.json", _reader_bucket_template(conditions))
    findings = lint("--select", "TL307", str(tmp_path), capsys=capsys)
    assert [f["rule"] for f in findings] == (["TL307"] if public else [])


TOPIC_KEY_TF = """
data "aws_region" "current" {}
variable "service" {
  type = string
}
resource "aws_kms_key" "topic" {
  policy = data.aws_iam_policy_document.topic_key.json
}
data "aws_iam_policy_document" "topic_key" {
  statement {
    sid       = "CloudTrailEncrypt"
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
  statement {
    sid       = "LogsDecrypt"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = [SERVICE]
    }
  }
}
resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = aws_kms_key.topic.id
}
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs"
  sns_topic_name = aws_sns_topic.alerts.arn
}
"""


@pytest.mark.parametrize(("service", "expected"), [
    ('"logs.${data.aws_region.current.name}.amazonaws.com"', "TL220"),
    ('"${var.service}.amazonaws.com"', "TL002"),
    ('"cloudtrail.amazonaws.com", "logs.${data.aws_region.current.name}.amazonaws.com"', None),
])
def test_a_service_principal_with_a_hole_that_cannot_spell_cloudtrail_leaves_nothing_open(
        tmp_path, capsys, service, expected):
    """``logs.${region}.amazonaws.com`` is CloudWatch Logs' service principal in whatever Region: it can
    never be cloudtrail.amazonaws.com, so it does not leave CloudTrail's kms:Decrypt on the topic's key
    open, and the missing grant is TL220's finding; a principal whose service name itself is not
    known still is TL002, and CloudTrail's own beside one with a hole is CloudTrail's."""
    (tmp_path / "main.tf").write_text(TOPIC_KEY_TF.replace("SERVICE", service))
    findings = lint("--select", "TL220,TL002", str(tmp_path), capsys=capsys)
    said = [f["rule"] for f in findings if f["rule"] == "TL220" and "kms:Decrypt" in f["message"]
            or f["rule"] == "TL002" and "TL220 (sns-key-blocks-notifications)" in f["message"]]
    assert said == ([expected] if expected else [])


def _account_with_user_policy(tmp_path: Path, statements: list[dict[str, Any]]) -> Path:
    """One account's snapshot files: trails 'audit' and 'protected-main', and user 'ops' with the
    statements as an inline policy."""
    account = tmp_path / "accounts" / "444455556666"
    trails = [{"Name": name, "S3BucketName": "logs", "HomeRegion": "us-east-1", "IsMultiRegionTrail": True,
               "IncludeGlobalServiceEvents": True, "LogFileValidationEnabled": True,
               "TrailARN": f"arn:aws:cloudtrail:us-east-1:444455556666:trail/{name}"}
              for name in ("audit", "protected-main")]
    write(account / "us-east-1" / "describe-trails.json", {"trailList": trails})
    user = {"UserName": "ops", "UserId": "AIDAEXAMPLEOPS000001", "Path": "/",
            "Arn": "arn:aws:iam::444455556666:user/ops", "GroupList": [], "AttachedManagedPolicies": [],
            "UserPolicyList": [{"PolicyName": "ops", "PolicyDocument": {"Version": "2012-10-17",
                                                                      "Statement": statements}}]}
    write(account / "get-account-authorization-details.json",
          {"UserDetailList": [user], "GroupDetailList": [], "RoleDetailList": [], "Policies": []})
    return tmp_path


@pytest.mark.parametrize(("statements", "every", "granted"), [
    # an ARN written with empty Region and account, as scanners name "all trails": it matches none (TL404)
    ([{"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "arn:aws:cloudtrail:::trail/*"}],
     False, None),
    # NotResource leaves the protected trails out
    ([{"Effect": "Allow", "Action": "cloudtrail:*", "NotResource": "arn:aws:cloudtrail:*:*:trail/protected-*"}],
     False, "'audit'"),
    ([{"Effect": "Allow", "Action": "cloudtrail:*", "NotResource": ["arn:aws:cloudtrail:us-east-1:*:trail/pro?ected*"]}],
     False, "'audit'"),
    # a NotResource that names no trail leaves none out
    ([{"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:iam::*:*"}], True, "'audit', 'protected-main'"),
    ([{"Effect": "Allow", "Action": "cloudtrail:*", "NotResource": "arn:aws:s3:::*"}], True, "'audit', 'protected-main'"),
    # a condition the requests decide alone: these actions carry no request tags, nor cloudtrail: keys
    ([{"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*",
       "Condition": {"StringNotEquals": {"aws:RequestTag/approved": "yes"}}}], True, "'audit', 'protected-main'"),
    ([{"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*",
       "Condition": {"StringLike": {"cloudtrail:trailarn": "*"}}}], False, None),
    # a Deny that leaves one trail out: the policy allows tampering with that one only
    ([{"Effect": "Allow", "Action": "*", "Resource": "*"},
      {"Effect": "Deny", "Action": "cloudtrail:*", "NotResource": "arn:aws:cloudtrail:*:*:trail/audit"}], False, "'audit'"),
])
def test_every_trail_is_said_only_of_a_statement_that_covers_every_trail(tmp_path, capsys, statements, every,
                                                                         granted):
    """TL402 says "on every trail" only where no trail is left out: not of a NotResource that names
    some trails, nor of a Resource whose empty Region and account match no trail, where TL401 (and
    the access matrix) name fewer trails or none."""
    findings = lint("--select", "TL401,TL402", str(_account_with_user_policy(tmp_path, statements)),
                    capsys=capsys)
    assert [f["rule"] for f in findings if f["rule"] == "TL402"] == (["TL402"] if every else [])
    tampering = [f["message"] for f in findings if f["rule"] == "TL401"]
    assert [message.split(" on ", 1)[1] for message in tampering] == ([granted] if granted else [])


TAMPER = ["cloudtrail:DeleteTrail", "cloudtrail:PutEventSelectors", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail"]


@pytest.mark.parametrize(("condition", "resource", "expected"), [
    # a public module's protection SCP: cloudtrail:trailarn is no key a CloudTrail request has
    ({"StringLike": {"cloudtrail:trailarn": "arn:aws:cloudtrail:*:trail/protected--*"}}, "*",
     ("never applies: its condition on cloudtrail:trailarn cannot hold, as no request for these actions carries "
      "that key: it protects no trail")),
    # these actions carry no request tags: the negated operator holds on every request
    ({"StringNotEquals": {"aws:RequestTag/approved": "yes"}}, "*", None),
    ({"StringNotEquals": {"aws:RequestTag/approved": "yes"}}, "arn:aws:cloudtrail:*:*:trail/audit",
     "does not cover 'protected-main' of account 444455556666"),
    ({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/TrailAdmin"}}, "*",
     "is conditional: it exempts principals matching 'arn:aws:iam::*:role/TrailAdmin'"),
])
def test_a_deny_whose_condition_the_request_decides_is_read_as_decided(tmp_path, capsys, condition, resource,
                                                                       expected):
    """TL407 calls a conditional Deny unreliable; a condition the requests for the trail actions decide
    on their own is decided instead, as the access analysis decides it: one no request can meet
    protects no trail, one every request meets is a Deny without condition."""
    statements = [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                  {"Effect": "Deny", "Action": TAMPER, "Resource": resource, "Condition": condition}]
    findings = lint("--select", "TL401,TL407", str(_account_with_user_policy(tmp_path, statements)), capsys=capsys)
    gaps = [f["message"] for f in findings if f["rule"] == "TL407"]
    assert [message.split(" on StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors ", 1)[1]
            for message in gaps] == ([expected] if expected else [])
    tampering = [f["message"] for f in findings if f["rule"] == "TL401"]
    if "RequestTag" in json.dumps(condition):
        everywhere = "user ops can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'protected-main'"
        assert tampering == ([everywhere] if resource != "*" else [])


GIT_ROLE_MODULE_TF = """
data "aws_iam_policy_document" "infra" {
  statement {
    actions   = ["cloudtrail:*Logging", "cloudtrail:*Trail"]
    resources = ["arn:aws:cloudtrail:us-east-2:444455556666:trail/management-events-trail"]
  }
}
module "terraform_role" {
  source        = "git::https://github.com/example/infrastructure.git//modules/iam-role?ref=main"
  role_name     = "infra-role"
  inline_policy = data.aws_iam_policy_document.infra.json
}
resource "aws_cloudtrail" "management" {
  name           = "management-events-trail"
  s3_bucket_name = "logs-444455556666"
}
ADMIN
"""


@pytest.mark.parametrize("admin", [False, True])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_access_names_the_modules_it_cannot_read(tmp_path, capsys, admin, fmt):
    """A role made by a module from Git (a policy document passed to it as an input) is not read offline:
    the access report says which modules it could not read, in every format, rather than answering
    'no IAM users, groups, roles or policy documents' or a matrix that looks whole."""
    role = ('resource "aws_iam_user" "admin" {\n  name = "admin"\n}\n'
            'resource "aws_iam_user_policy_attachment" "admin" {\n  user = aws_iam_user.admin.name\n'
            '  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n') if admin else ""
    (tmp_path / "main.tf").write_text(GIT_ROLE_MODULE_TF.replace("ADMIN", role))
    main(["access", "--format", fmt, str(tmp_path)])
    out = capsys.readouterr().out
    said = ("module.terraform_role (git::https://github.com/example/infrastructure.git//modules/iam-role?ref=main) "
            "is not known: modules from a registry or Git are not read offline, so the users, groups, roles and "
            "policies it creates are not in this report")
    if fmt == "json":
        assert [item["message"] for item in json.loads(out)["unknown"]] == [said]
    else:
        assert f"not read: {said}" in out.splitlines()
        assert ("aws_iam_user.admin" in out) is admin


TWO_TRAILS_ONE_GENERATED_BUCKET = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:
    Type: AWS::S3::Bucket
  Other:
    Type: AWS::S3::Bucket
  First:
    Type: AWS::CloudTrail::Trail
    Properties: {IsLogging: true, IsMultiRegionTrail: true, S3BucketName: {Ref: Logs}}
  Second:
    Type: AWS::CloudTrail::Trail
    Properties: {IsLogging: true, IsMultiRegionTrail: "true", S3BucketName: {Ref: %s}}
"""


@pytest.mark.parametrize("second, expected", [
    ("Logs", ["trail 'Second' delivers the same events as trail 'First' to log bucket 'Logs'"]),
    ("Other", []),     # another bucket, whatever the two generated names turn out to be
])
def test_two_trails_of_one_template_on_one_bucket_of_generated_name_are_duplicates(tmp_path, capsys, second,
                                                                                   expected):
    """A kics fixture: two identical trails of one template delivering to one bucket that has no
    BucketName. The name is generated at deployment, but it is one bucket for both trails."""
    path = tmp_path / "trails.yaml"
    path.write_text(TWO_TRAILS_ONE_GENERATED_BUCKET % second)
    findings = lint("--select", "TL502", "--region", "us-east-1", str(path), capsys=capsys)
    assert [f["message"] for f in findings] == expected


def test_either_or_trails_of_one_template_on_one_bucket_are_no_duplicates(tmp_path, capsys):
    """gford's template: a trail with CloudWatch Logs and one without, behind complementary conditions
    on one parameter; only one of them ever exists."""
    path = tmp_path / "trails.yaml"
    path.write_text(TWO_TRAILS_ONE_GENERATED_BUCKET.replace("Resources:", (
        "Parameters:\n  Cw: {Type: String}\nConditions:\n  WithCw: !Equals [!Ref Cw, 'true']\n"
        "  NoCw: !Equals [!Ref Cw, 'false']\nResources:")).replace(
        "  First:\n    Type: AWS::CloudTrail::Trail\n", "  First:\n    Type: AWS::CloudTrail::Trail\n    Condition: WithCw\n").replace(
        "  Second:\n    Type: AWS::CloudTrail::Trail\n", "  Second:\n    Type: AWS::CloudTrail::Trail\n    Condition: NoCw\n")
        % "Logs")
    assert not lint("--select", "TL502", "--region", "us-east-1", str(path), capsys=capsys)
    # one conditional trail and a certain one are duplicates if both exist
    path.write_text(path.read_text().replace("    Condition: NoCw\n", ""))
    assert [f["message"] for f in lint("--select", "TL502", "--region", "us-east-1", str(path), capsys=capsys)] == [
        ("trail 'Second' delivers the same events as trail 'First' to log bucket 'Logs' "
         "(if both exist: one has a CloudFormation condition)")]


@pytest.mark.parametrize("written, expected", [
    ({"references": ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"]}, []),
    ({"constant_value": None}, ["TL211"]),      # set to null: no bucket at all
    (None, ["TL211"]),                          # not configured either
])
def test_a_plan_trimmed_of_its_unknown_marks_sets_what_its_configuration_sets(tmp_path, capsys, written, expected):
    """A policy library's test plan: `after` leaves s3_bucket_name out and there is no `after_unknown`,
    while `configuration` sets it from a bucket; Terraform would have marked it known after apply."""
    after = {"name": "sample", "is_multi_region_trail": False, "enable_log_file_validation": False}
    expressions = {"name": {"constant_value": "sample"}}
    if written is not None:
        expressions["s3_bucket_name"] = written
    path = write(tmp_path / "plan.json", {
        "format_version": "1.1", "terraform_version": "1.2.5",
        "resource_changes": [{"address": "aws_cloudtrail.sample", "mode": "managed", "type": "aws_cloudtrail",
                              "name": "sample", "provider_name": "registry.terraform.io/hashicorp/aws",
                              "change": {"actions": ["create"], "before": None, "after": after}}],
        "configuration": {"root_module": {"resources": [
            {"address": "aws_cloudtrail.sample", "mode": "managed", "type": "aws_cloudtrail", "name": "sample",
             "provider_config_key": "aws", "expressions": expressions}]}}})
    assert [f["rule"] for f in lint("--select", "TL211", str(path), capsys=capsys)] == expected


@pytest.mark.parametrize("key, named", [
    ("arn:aws:kms:us-east-2:123456789012:key/12345678-1234-1234-1234-123456789012", True),
    ("12345678-1234-1234-1234-123456789012", False),    # a bare key ID does not say its Region
])
def test_a_key_arn_beside_a_bucket_not_given_leaves_the_region_check_open(tmp_path, capsys, key, named):
    """kics: a trail with a key ARN of us-east-2 and a log bucket no input holds; where that bucket
    is, nothing says, so TL204 is named in the bucket's TL002 rather than passed."""
    path = tmp_path / "main.tf"
    path.write_text(f'resource "aws_cloudtrail" "t" {{\n  name = "t"\n  s3_bucket_name = "bucketlog1"\n'
                    f'  kms_key_id = "{key}"\n}}\n')
    messages = [f["message"] for f in lint("--region", "eu-west-1", str(path), capsys=capsys) if f["rule"] == "TL002"]
    bucket = [m for m in messages if "log bucket 'bucketlog1'" in m]
    assert len(bucket) == 1
    assert ("TL204 (kms-key-region-mismatch)" in bucket[0]) is named


def test_trails_of_one_logical_id_in_two_templates_are_told_apart(tmp_path, capsys):
    """Two CDK stacks synthesise their trail with one logical ID (Trail022F0CF2): a message naming
    both says which template each is in, not the same name twice."""
    trail = {"Type": "AWS::CloudTrail::Trail",
             "Properties": {"IsLogging": True, "IsMultiRegionTrail": True, "S3BucketName": {"Ref": "TrailS3"}}}
    for stack in ("one", "two"):
        write(tmp_path / f"{stack}.template.json",
              {"Resources": {"TrailS3": {"Type": "AWS::S3::Bucket"}, "Trail022F0CF2": trail}})
    found = lint("--select", "TL501", "--region", "us-east-1", "--account", "111122223333", str(tmp_path),
                 capsys=capsys)
    assert [f["message"].split(": ", 1)[1] for f in found] == [
        (f"multi-Region trails Trail022F0CF2 in {tmp_path / 'one.template.json'}, "
         f"Trail022F0CF2 in {tmp_path / 'two.template.json'}")]


_OWN_OR_ARCHIVE = """
variable "archive_bucket" {{
  type    = string
  default = "{archive}"
}}
resource "aws_s3_bucket" "own" {{
  bucket = "own-trail-logs"
}}
resource "aws_sns_topic" "own" {{
  name = "own-trail-topic"
}}
resource "aws_cloudtrail" "org" {{
  name                       = "org-trail"
  s3_bucket_name             = {bucket}
  sns_topic_name             = {topic}
  is_multi_region_trail      = true
  enable_log_file_validation = true
}}
"""


@pytest.mark.parametrize("bucket, topic", [
    ("coalesce(var.archive_bucket, aws_s3_bucket.own.id)", "coalesce(var.archive_bucket, aws_sns_topic.own.name)"),
    ('var.archive_bucket != "" ? var.archive_bucket : aws_s3_bucket.own.id',
     'var.archive_bucket != "" ? var.archive_bucket : aws_sns_topic.own.arn'),
])
@pytest.mark.parametrize("archive", ["", "central-org-logs"])
def test_a_bucket_named_beside_a_fallback_resource_is_the_one_named(tmp_path, capsys, bucket, topic, archive):
    """``coalesce(var.archive_bucket, aws_s3_bucket.own.id)``: with the variable set the trail delivers
    to the bucket it names, and the module's own bucket (and topic) are not the trail's."""
    (tmp_path / "main.tf").write_text(_OWN_OR_ARCHIVE.format(archive=archive, bucket=bucket, topic=topic))
    findings = lint(str(tmp_path), capsys=capsys)
    on_own = {f["rule"] for f in findings if "own-trail" in f["message"]}
    if archive:
        assert not on_own
        assert any(f["rule"] == "TL002" and "'central-org-logs'" in f["message"] for f in findings)
    else:
        assert {"TL207", "TL310", "TL311"} <= on_own


_OWN_OR_UNSET = """
variable "archive_bucket" {{
  type = string
}}
variable "use_archive" {{
  type = bool
}}
resource "aws_s3_bucket" "own" {{
  bucket = "own-trail-logs"
}}
resource "aws_sns_topic" "own" {{
  name = "own-trail-topic"
}}
locals {{
  fallback = coalesce(var.archive_bucket, aws_s3_bucket.own.id)
}}
resource "aws_cloudtrail" "org" {{
  name                       = "org-trail"
  s3_bucket_name             = {bucket}
  sns_topic_name             = {topic}
  is_multi_region_trail      = true
  enable_log_file_validation = true
}}
"""


@pytest.mark.parametrize("bucket, topic, variable", [
    ("local.fallback", "aws_sns_topic.own.arn", "var.archive_bucket"),
    ("coalesce(var.archive_bucket, aws_s3_bucket.own.id)", "coalesce(var.archive_bucket, aws_sns_topic.own.name)",
     "var.archive_bucket"),
    ('var.archive_bucket != "" ? var.archive_bucket : aws_s3_bucket.own.id',
     'var.archive_bucket != "" ? var.archive_bucket : aws_sns_topic.own.arn', "var.archive_bucket"),
    ('var.use_archive ? "central-org-logs" : aws_s3_bucket.own.id',
     'var.use_archive ? "central-org-topic" : aws_sns_topic.own.arn', "var.use_archive"),
    ('"${lower(var.archive_bucket)}${aws_s3_bucket.own.id}"', "aws_sns_topic.own.arn", "var.archive_bucket"),
])
def test_a_fallback_bucket_is_not_the_trails_while_a_variable_has_no_value(tmp_path, capsys, bucket, topic, variable):
    """``coalesce(var.archive_bucket, aws_s3_bucket.own.id)`` with the variable given no value: the trail
    delivers to the bucket the variable names, or to the module's own; which one nothing offline says, so
    no finding about the own bucket (or topic) is made as if certain: the variable's TL002 names the checks."""
    (tmp_path / "main.tf").write_text(_OWN_OR_UNSET.format(bucket=bucket, topic=topic))
    findings = lint(str(tmp_path), capsys=capsys)
    assert not [f for f in findings if "own-trail-logs" in f["message"] or f["rule"] in ("TL207", "TL310", "TL311",
                                                                                           "TL320")]
    said = [f["message"] for f in findings if f["rule"] == "TL002" and f"{variable} has no value" in f["message"]]
    assert len(said) == 1 and "TL207" in said[0] and "TL311" in said[0]
    if topic.startswith("aws_sns_topic"):
        assert any(f["rule"] == "TL208" for f in findings)
    else:
        assert not [f for f in findings if f["rule"] == "TL208"] and "TL208" in said[0]


@pytest.mark.parametrize("bucket", ["aws_s3_bucket.own.bucket", "var.use_archive ? aws_s3_bucket.own.id : null"])
def test_a_bucket_referred_to_alone_is_the_trails_whatever_a_variable_leaves_unknown(tmp_path, capsys, bucket):
    """A reference to the bucket as such (its name a variable without a value), or the bucket or none under a
    test not known: where the trail delivers, it delivers to that bucket, which the log bucket rules judge."""
    module = _OWN_OR_UNSET.format(bucket=bucket, topic="aws_sns_topic.own.arn").replace(
        'bucket = "own-trail-logs"', "bucket = var.archive_bucket")
    (tmp_path / "main.tf").write_text(module)
    findings = lint(str(tmp_path), capsys=capsys)
    assert {"TL207", "TL310", "TL311", "TL320"} <= {f["rule"] for f in findings if "aws_s3_bucket.own" in f["message"]}


_POLICY_WITH_A_VARIABLE = """
variable "account" {{
  type = string
}}
resource "aws_s3_bucket" "logs" {{
  bucket = "trail-logs"
}}
resource "aws_s3_bucket_policy" "logs" {{
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Sid       = "Acl"
      Effect    = "Allow"
      Principal = {{ Service = "cloudtrail.amazonaws.com" }}
      Action    = "s3:GetBucketAcl"
      Resource  = aws_s3_bucket.logs.arn
    }}, {{
      Sid       = "Write"
      Effect    = "Allow"
      Principal = {{ Service = "{service}" }}
      Action    = "s3:PutObject"
      Resource  = "${{aws_s3_bucket.logs.arn}}/AWSLogs/${{var.account}}/*"
    }}]
  }})
}}
resource "aws_cloudtrail" "audit" {{
  name                       = "audit"
  s3_bucket_name             = aws_s3_bucket.logs.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}}
"""


@pytest.mark.parametrize("service", ["cloudtrail.amazonzws.com", "cloudtrail.amazonaws.com"])
def test_a_policy_keeps_its_statements_where_one_string_holds_a_variable_without_a_value(tmp_path, capsys, service):
    """``jsonencode`` of a policy one of whose Resource strings holds a variable without a value: only that
    string is unknown. A typo'd principal blocks delivery whatever the variable is (TL207); with the right
    one, what the hole leaves open is named in the variable's one TL002."""
    (tmp_path / "main.tf").write_text(_POLICY_WITH_A_VARIABLE.format(service=service))
    findings = lint(str(tmp_path), capsys=capsys)
    said = [f["message"] for f in findings if f["rule"] == "TL002" and "var.account has no value" in f["message"]]
    assert len(said) == 1 and "policy of aws_s3_bucket_policy.logs" in said[0]
    blocked = [f["message"] for f in findings if f["rule"] == "TL207"]
    # the statement without the variable is read: its missing source condition is a finding
    assert any(f["rule"] == "TL319" and "'Acl'" in f["message"] for f in findings)
    if "amazonzws" in service:
        assert len(blocked) == 1 and "'cloudtrail.amazonzws.com'" in blocked[0]
    else:
        assert not blocked and "TL207" in said[0]


_STATEMENT = """{{
      {sid}Effect    = "Allow"
      Principal = {{ Service = "cloudtrail.amazonaws.com" }}
      Action    = "{action}"
      Resource  = {resource}
      {condition}
    }}"""


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(write_first=st.booleans(), condition_in=st.sampled_from([None, "GetBucketAcl", "PutObject"]),
       sids=st.booleans())
def test_a_partly_read_policy_says_which_part_is_not_known(tmp_path, capsys, write_first, condition_in, sids):
    """The variable's TL002 names the elements of the statements that hold it (by Sid, else by number),
    not the whole policy, whose other parts are read."""
    statements, expected = [], []
    for index, action in enumerate(("PutObject", "GetBucketAcl") if write_first else ("GetBucketAcl", "PutObject")):
        resource = '"${aws_s3_bucket.logs.arn}/AWSLogs/${var.account}/*"' if action == "PutObject" else \
            "aws_s3_bucket.logs.arn"
        condition = 'Condition = { StringEquals = { "aws:SourceAccount" = var.account } }' \
            if action == condition_in else ""
        sid = action if sids else ""
        statements.append(_STATEMENT.format(sid=f'Sid = "{sid}"\n      ' if sid else "", resource=resource,
                                            condition=condition, action=f"s3:{action}"))
        name = f"statement {sid!r}" if sid else f"statement {index + 1}"
        expected.extend([f"Resource of {name}"] * (action == "PutObject") +
                        [f"Condition of {name}"] * (action == condition_in))
    module = ('variable "account" {\n  type = string\n}\n'
              'resource "aws_s3_bucket" "logs" {\n  bucket = "trail-logs"\n}\n'
              'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
              f'  policy = jsonencode({{\n    Version = "2012-10-17"\n    Statement = [{", ".join(statements)}]\n  }})\n}}\n'
              'resource "aws_cloudtrail" "audit" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n'
              '  is_multi_region_trail = true\n  enable_log_file_validation = true\n}\n')
    (tmp_path / "main.tf").write_text(module)
    said = [f["message"] for f in lint(str(tmp_path / "main.tf"), capsys=capsys)
            if f["rule"] == "TL002" and "var.account has no value" in f["message"]]
    named = ", ".join(expected[:-1]) + " and " + expected[-1] if len(expected) > 1 else expected[0]
    assert len(said) == 1, said
    assert f"so not known: {named} in policy of aws_s3_bucket_policy.logs (TL207" in said[0], said


@pytest.mark.parametrize(("key", "written"), [
    ("AWS:SourceArn", "arn:aws:cloudtrail:*:*:trail/org-audit"),
    ("aws:SourceArn", "arn:aws:cloudtrail:us-east-1:*:trail/org-audit"),
    ("aws:SourceAccount", "*"),
])
def test_string_equals_with_a_wildcard_blocks_an_organization_trail_whoever_deploys_it(tmp_path, capsys, key, written):
    """StringEquals compares text, so a '*' in its value matches only a '*'. An organization trail
    deployed from an account the inputs do not name may belong to the management account (a delegated
    administrator's), but an account ID is twelve digits whichever account it is: no request of
    CloudTrail's holds the '*', and the policy blocks delivery (TL207), no open question (TL002)."""
    (tmp_path / "main.tf").write_text(f"""
resource "aws_s3_bucket" "audit" {{
  bucket = "org-audit-logs"
}}
resource "aws_s3_bucket_policy" "audit" {{
  bucket = aws_s3_bucket.audit.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "cloudtrail.amazonaws.com" }}
      Action    = ["s3:GetBucketAcl", "s3:PutObject"]
      Resource  = [aws_s3_bucket.audit.arn, "${{aws_s3_bucket.audit.arn}}/*"]
      Condition = {{ StringEquals = {{ "{key}" = "{written}" }} }}
    }}]
  }})
}}
resource "aws_cloudtrail" "org" {{
  name                  = "org-audit"
  s3_bucket_name        = aws_s3_bucket.audit.id
  is_organization_trail = true
  is_multi_region_trail = true
}}
""")
    findings = lint("--select", "TL207", "--region", "us-east-1", str(tmp_path), capsys=capsys)
    assert [(f["rule"], f["severity"]) for f in findings] == [("TL207", "error")]
    assert "blocks delivery for trail 'org-audit'" in findings[0]["message"]


@pytest.mark.parametrize(("operator", "exempted", "gap"), [
    ("StringNotEquals", "arn:aws:iam::*:role/Admin", False),        # a '*' StringEquals reads as text
    ("StringNotEqualsIgnoreCase", "arn:aws:iam::*:role/Admin", False),
    ("StringNotLike", "arn:aws:iam::*:role/Admin", True),           # the same '*' a wildcard
    ("StringNotEquals", "arn:aws:iam::123456789012:role/Admin", True),
])
def test_a_deny_exempting_no_principal_arn_protects_every_trail(tmp_path, capsys, operator, exempted, gap):
    """A guardrail "Deny unless StringNotEquals aws:PrincipalArn arn:aws:iam::*:role/Admin", copied
    from landing-zone guides: no principal's ARN is that text, so the Deny exempts nobody and TL407
    has no gap to report; with StringNotLike, or a real ARN, it exempts the role."""
    write(tmp_path / "trails.json", {"trailList": [{
        "Name": "main", "S3BucketName": "logs", "HomeRegion": "us-east-1", "IsMultiRegionTrail": True,
        "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/main"}]})
    write(tmp_path / "scp.json", {"Version": "2012-10-17", "Statement": [{
        "Sid": "Protect", "Effect": "Deny", "Resource": "*",
        "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail",
                   "cloudtrail:PutEventSelectors"],
        "Condition": {operator: {"aws:PrincipalArn": exempted}}}]})
    findings = lint("--select", "TL407", str(tmp_path), capsys=capsys)
    assert [f["rule"] for f in findings] == (["TL407"] if gap else [])
