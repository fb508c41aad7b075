"""A principal known only after apply is still known by its shape.

`identifiers = [aws_iam_role.ops.arn]` in the only statement of a topic, bucket or key policy: the
role's ARN is known only after apply, but it is `arn:PARTITION:iam::ACCOUNT:role/NAME`, an AWS
principal, never CloudTrail's service principal nor CloudTrail's own account of a Region, so the
policy certainly does not let CloudTrail deliver (TL207, TL208, TL209), in a `.tf` module and in a
plan. The deploying account's root (`arn:aws:iam::${data.aws_caller_identity.current.account_id}:root`)
is a customer's account, never CloudTrail's. What may still be CloudTrail (a variable without a
value, a whole value not known, `*`) stays TL002.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.delivery_accounts import may_name_accounts
from trail_lint.delivery_match import ANYTHING, SEGMENT
from trail_lint.engine import run
from trail_lint.model import ACCOUNT_CHARS, UNKNOWN, Hole
from trail_lint.registry import all_rules

# what each delivery check needs: the trail's argument, the target resource and its policy's holder
TARGETS = {
    "TL208": ('sns_topic_name = aws_sns_topic.t.name', '''
resource "aws_sns_topic" "t" {
  name = "trail-topic"
}
resource "aws_sns_topic_policy" "t" {
  arn    = aws_sns_topic.t.arn
  policy = POLICY
}''', "sns:Publish", "aws_sns_topic.t.arn"),
    "TL207": ('', '''
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = POLICY
}''', "s3:*", '"${aws_s3_bucket.logs.arn}/*", aws_s3_bucket.logs.arn'),
    "TL209": ('kms_key_id = aws_kms_key.k.arn', '''
resource "aws_kms_key" "k" {
  policy = POLICY
}''', "kms:*", '"*"'),
}

MODULE = '''
provider "aws" {
  region = "eu-west-1"
}
data "aws_caller_identity" "current" {}
data "aws_iam_role" "existing" {
  name = "existing"
}
data "aws_iam_user" "existing" {
  user_name = "existing"
}
resource "aws_iam_role" "ops" {
  name               = "ops"
  assume_role_policy = "{}"
}
resource "aws_iam_user" "admin" {
  name = "admin"
}
resource "aws_iam_role" "many" {
  count              = 2
  name_prefix        = "many"
  assume_role_policy = "{}"
}
variable "principal" {
  type = string
}
resource "aws_s3_bucket" "logs" {
  bucket = "trail-logs-bucket"
}
resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = aws_s3_bucket.logs.id
  is_multi_region_trail         = MULTI
  include_global_service_events = MULTI
  ARGUMENT
}
TARGET
'''

DOCUMENT = '''
data "aws_iam_policy_document" "p" {
  statement {
    sid       = "Only"
    actions   = ["ACTION"]
    resources = [RESOURCES]
    principals {
      type        = "AWS"
      identifiers = [IDENTIFIER]
    }
  }
}'''

ENCODED = '''jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Only"
      Effect    = "Allow"
      Principal = { AWS = IDENTIFIER }
      Action    = "ACTION"
      Resource  = "*"
    }]
  })'''

# AWS principals known only after apply whose shape is known: never CloudTrail
SHAPED = ("aws_iam_role.ops.arn", "aws_iam_user.admin.arn", "data.aws_iam_role.existing.arn",
          "data.aws_iam_user.existing.arn", "aws_iam_role.many[1].arn",
          '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"',
          '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${aws_iam_role.ops.name}"',
          '"${aws_iam_role.ops.arn}"', "aws_iam_role.ops.unique_id", "aws_iam_user.admin.unique_id")
# values that may still be CloudTrail (or anyone): not decided
OPEN = ("var.principal", '"arn:aws:iam::${var.principal}:root"', '"${var.principal}"')


def lint(tmp_path: Path, name: str, text: str, rule: str) -> list[str]:
    """The findings of ``rule`` and the TL002s that say it cannot decide, on one file."""
    (tmp_path / name).write_text(text)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = run([name], from_mapping({"select": [rule, "TL002"]}), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.rule} {f.message}" for f in result.findings
            if f.rule == rule or f.rule == "TL002" and f"{rule} (" in f.message]


def module(rule: str, identifier: str, *, encoded: bool = False, multi: bool = False) -> str:
    argument, target, action, resources = TARGETS[rule]
    policy = ENCODED if encoded else "data.aws_iam_policy_document.p.json"
    text = MODULE.replace("TARGET", target.replace("POLICY", policy) + ("" if encoded else DOCUMENT))
    return text.replace("ARGUMENT", argument).replace("MULTI", "true" if multi else "false") \
        .replace("ACTION", action).replace("RESOURCES", resources).replace("IDENTIFIER", identifier)


def decided(findings: list[str], rule: str) -> bool:
    """Whether the check says the policy blocks CloudTrail (and not that it cannot decide)."""
    assert findings, "the check says nothing"
    return all(finding.startswith(f"{rule} ") for finding in findings)


@pytest.mark.parametrize("rule", sorted(TARGETS))
def test_a_role_s_arn_known_only_after_apply_is_not_cloudtrail(rule: str, tmp_path: Path) -> None:
    found = lint(tmp_path, "main.tf", module(rule, "aws_iam_role.ops.arn"), rule)
    assert decided(found, rule), found
    assert "no statement allows cloudtrail.amazonaws.com" in found[0]


@pytest.mark.parametrize("rule", sorted(TARGETS))
def test_a_principal_that_may_be_anything_is_still_not_known(rule: str, tmp_path: Path) -> None:
    found = lint(tmp_path, "main.tf", module(rule, "var.principal"), rule)
    assert found and all(finding.startswith("TL002 ") for finding in found), found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rule=st.sampled_from(sorted(TARGETS)), identifier=st.sampled_from(SHAPED), encoded=st.booleans(),
       multi=st.booleans())
def test_each_shape_is_an_aws_principal_never_cloudtrail(rule: str, identifier: str, encoded: bool, multi: bool,
                                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp_path = tmp_path_factory.mktemp("shape")
    found = lint(tmp_path, "main.tf", module(rule, identifier, encoded=encoded, multi=multi), rule)
    assert decided(found, rule), (identifier, found)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rule=st.sampled_from(("TL207", "TL208")), identifier=st.sampled_from(OPEN), encoded=st.booleans())
def test_what_may_be_cloudtrail_s_own_account_stays_open(rule: str, identifier: str, encoded: bool,
                                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    """A single-Region trail: an AWS principal that may be CloudTrail's own account of its Region
    (which old bucket and topic policies name) or anything at all is not decided."""
    tmp_path = tmp_path_factory.mktemp("open")
    found = lint(tmp_path, "main.tf", module(rule, identifier, encoded=encoded), rule)
    assert found and all(finding.startswith("TL002 ") for finding in found), (identifier, found)


@pytest.mark.parametrize("rule", sorted(TARGETS))
def test_a_role_s_arn_through_a_module_output_is_not_cloudtrail(rule: str, tmp_path: Path) -> None:
    (tmp_path / "child").mkdir()
    (tmp_path / "child" / "main.tf").write_text(
        'resource "aws_iam_role" "r" {\n  name_prefix = "x"\n  assume_role_policy = "{}"\n}\n'
        'output "arn" {\n  value = aws_iam_role.r.arn\n}\n')
    text = module(rule, "module.child.arn") + '\nmodule "child" {\n  source = "./child"\n}\n'
    found = lint(tmp_path, "main.tf", text, rule)
    assert decided(found, rule), found


def test_the_accounts_a_shape_may_name() -> None:
    deployment = Hole(name="terraform:.:aws#account", chars=ACCOUNT_CHARS)
    role = ("arn:", SEGMENT, ":iam::", SEGMENT, ":role/", ANYTHING)
    assert may_name_accounts((role,), "eu-west-1") is False
    assert may_name_accounts((("arn:aws:iam::", deployment, ":root"),), UNKNOWN) is False
    assert may_name_accounts(((deployment,),), "us-east-1") is False
    assert may_name_accounts((("arn:aws:iam::", SEGMENT, ":root"),), "eu-west-1") is True
    assert may_name_accounts(((ANYTHING,),), UNKNOWN) is True
    assert may_name_accounts(None, "eu-west-1") is True
    # a Region with no CloudTrail account of its own: none may be named
    assert may_name_accounts((("arn:aws:iam::", SEGMENT, ":root"),), "eu-south-2") is False


# --- A plan: the identifiers are unknown, the configuration says what they refer to ----------

def _change(address: str, after: dict[str, Any], unknown: dict[str, Any], mode: str = "managed",
            actions: tuple[str, ...] = ("create",)) -> dict[str, Any]:
    kind, name = address.removeprefix("data.").split(".")
    return {"address": address, "mode": mode, "type": kind, "name": name, "provider_name":
            "registry.terraform.io/hashicorp/aws", "change": {"actions": list(actions), "before": None,
                                                               "after": after, "after_unknown": unknown}}


def _config(address: str, expressions: dict[str, Any], mode: str = "managed") -> dict[str, Any]:
    kind, name = address.removeprefix("data.").split(".")
    return {"address": address, "mode": mode, "type": kind, "name": name, "provider_config_key": "aws",
            "expressions": expressions}


def plan(rule: str, references: list[str]) -> dict[str, Any]:
    """A plan of a single-Region trail whose topic, bucket or key policy is a policy document with
    one statement whose AWS identifier is known only after apply and refers to ``references``."""
    action = TARGETS[rule][2]
    statement = {"actions": [action], "condition": [], "effect": None, "not_actions": None,
                 "not_principals": [], "not_resources": None, "principals": [{"identifiers": [None], "type": "AWS"}],
                 "sid": "Only", "resources": ["*"]}
    changes = [
        _change("data.aws_iam_policy_document.p", {"statement": [statement]},
                {"json": True, "statement": [{"principals": [{"identifiers": [True]}]}]}, "data", ("read",)),
        _change("aws_iam_role.ops", {"name": "ops", "assume_role_policy": "{}"}, {"arn": True}),
        _change("aws_iam_user.admin", {"name": "admin"}, {"arn": True}),
        _change("aws_s3_bucket.logs", {"bucket": "trail-logs-bucket"}, {"arn": True}),
    ]
    trail = {"name": "main", "is_multi_region_trail": False, "include_global_service_events": False,
             "enable_log_file_validation": True, "enable_logging": True, "s3_bucket_name": "trail-logs-bucket"}
    trail_unknown: dict[str, Any] = {}
    trail_config: dict[str, Any] = {"s3_bucket_name": {"references": ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"]}}
    policy_ref = {"references": ["data.aws_iam_policy_document.p.json", "data.aws_iam_policy_document.p"]}
    config = [_config("data.aws_iam_policy_document.p", {"statement": [{"principals": [
        {"type": {"constant_value": "AWS"}, "identifiers": {"references": references}}]}]}, "data")]
    if rule == "TL208":
        trail["sns_topic_name"] = "trail-topic"
        trail_config["sns_topic_name"] = {"references": ["aws_sns_topic.t.name", "aws_sns_topic.t"]}
        changes += [_change("aws_sns_topic.t", {"name": "trail-topic"}, {"arn": True}),
                    _change("aws_sns_topic_policy.t", {}, {"arn": True, "policy": True})]
        config += [_config("aws_sns_topic_policy.t", {"arn": {"references": ["aws_sns_topic.t.arn", "aws_sns_topic.t"]},
                                                      "policy": policy_ref})]
    elif rule == "TL207":
        changes.append(_change("aws_s3_bucket_policy.logs", {"bucket": "trail-logs-bucket"}, {"policy": True}))
        config.append(_config("aws_s3_bucket_policy.logs", {"policy": policy_ref}))
    else:
        trail_unknown["kms_key_id"] = True
        trail_config["kms_key_id"] = {"references": ["aws_kms_key.k.arn", "aws_kms_key.k"]}
        changes.append(_change("aws_kms_key.k", {}, {"arn": True, "policy": True}))
        config.append(_config("aws_kms_key.k", {"policy": policy_ref}))
    changes.append(_change("aws_cloudtrail.main", trail, trail_unknown))
    config.append(_config("aws_cloudtrail.main", trail_config))
    return {"format_version": "1.2", "terraform_version": "1.9.0", "resource_changes": changes,
            "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
                "region": {"constant_value": "eu-west-1"}}}}, "root_module": {"resources": config}}}


@pytest.mark.parametrize("rule", sorted(TARGETS))
@pytest.mark.parametrize("references", [["aws_iam_role.ops.arn", "aws_iam_role.ops"],
                                        ["aws_iam_user.admin.arn", "aws_iam_user.admin"],
                                        ["aws_iam_role.ops.unique_id", "aws_iam_role.ops"]])
def test_a_plan_s_role_arn_known_only_after_apply_is_not_cloudtrail(rule: str, references: list[str],
                                                                     tmp_path: Path) -> None:
    found = lint(tmp_path, "plan.json", json.dumps(plan(rule, references)), rule)
    assert decided(found, rule), found


@pytest.mark.parametrize("rule", sorted(TARGETS))
@pytest.mark.parametrize("references", [["var.principal"], ["aws_iam_role.ops.name", "aws_iam_role.ops"],
                                        ["aws_iam_role.ops.arn", "aws_iam_role.ops", "aws_iam_role.ops.unique_id"],
                                        ["aws_iam_role.ops.arn", "aws_iam_role.ops", "var.principal"]])
def test_a_plan_s_identifier_that_may_be_anything_is_not_known(rule: str, references: list[str],
                                                                tmp_path: Path) -> None:
    found = lint(tmp_path, "plan.json", json.dumps(plan(rule, references)), rule)
    assert found and all(finding.startswith("TL002 ") for finding in found), found
