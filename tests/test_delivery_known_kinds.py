"""What the inputs settle although a value in a delivery policy is not known offline: the kind of a
principal (an ``AWS`` principal written as an ARN is never CloudTrail's service principal) and a
condition on a key CloudTrail's requests never carry (false whatever the value, ``IfExists`` true)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_delivery import ACCOUNT, BUCKET, SERVICE, TRAIL, lint
from test_delivery_undecided import _delivering

from trail_lint.delivery import evaluate
from trail_lint.delivery_bucket_requests import bucket_requests
from trail_lint.iam.conditions import condition_holds
from trail_lint.iam.evaluator import Decision
from trail_lint.model import UNKNOWN, Condition, Origin, Policy, Statement
from trail_lint.normalise.policy_json import UNKNOWN_TEXT, parse_policy

ENCRYPT = {"Sid": "Encrypt", "Effect": "Allow", "Principal": SERVICE, "Action": "kms:GenerateDataKey*", "Resource": "*"}
DESCRIBE = {"Sid": "Describe", "Effect": "Allow", "Principal": SERVICE, "Action": "kms:DescribeKey", "Resource": "*"}
ORG_ID = "data.aws_organizations_organization.org.id"     # known only after apply
PARAMETERS = "Parameters:\n  Who:\n    Type: String\n  OrgId:\n    Type: String\n"


def _deny(principal: Any) -> dict[str, Any]:
    return {"Sid": "DenyOthers", "Effect": "Deny", "Principal": principal, "Action": "kms:*", "Resource": "*"}


def _key_template(*statements: dict[str, Any]) -> str:
    return PARAMETERS + _delivering("key", list(statements))


# --- The principal's kind ----------------------------------------------------------------------

@pytest.mark.parametrize("principal", [
    {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
    {"AWS": {"Fn::Join": ["", ["arn:aws:iam::", {"Ref": "AWS::AccountId"}, ":root"]]}},
    {"AWS": {"Ref": "AWS::AccountId"}},
    {"AWS": [f"arn:aws:iam::{ACCOUNT}:root", {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/admin"}]},
    {"Federated": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:saml-provider/corp"}},
])
def test_a_cloudformation_principal_of_another_kind_than_cloudtrail_settles_the_key_policy(
        tmp_path: Path, principal: Any) -> None:
    """The Deny names principals whose account is not known offline, but none can be CloudTrail:
    the key policy lets CloudTrail encrypt, with no TL002."""
    text = _key_template(_deny(principal), ENCRYPT, DESCRIBE)
    assert lint(tmp_path, "t.yaml", text, "TL209") == []
    assert lint(tmp_path, "t.yaml", text, "TL002", select=("TL209",)) == []


@pytest.mark.parametrize("principal", [
    {"AWS": {"Ref": "Who"}},                                           # may be "*"
    {"AWS": {"Fn::Sub": "${Who}"}},                                    # no literal text of its own
    {"Service": {"Fn::Sub": "cloudtrail.${Who}"}},                     # may be CloudTrail
])
def test_a_principal_that_may_be_cloudtrail_stays_one_tl002(tmp_path: Path, principal: Any) -> None:
    text = _key_template(_deny(principal), ENCRYPT, DESCRIBE)
    assert lint(tmp_path, "t.yaml", text, "TL209") == []
    found = lint(tmp_path, "t.yaml", text, "TL002", select=("TL209",))
    # the open part, and the parameter it rests on (a parameter without a Default)
    assert [line.split("statement 'DenyOthers': ", 1)[1] for line in found] == [
        "Principal not known (parameter Who has no Default: pass --parameter Who=VALUE)"]


def test_a_principal_behind_an_undeclared_condition_is_said_once_by_tl213(tmp_path: Path) -> None:
    """CloudFormation rejects an Fn::If naming no condition of the template: TL213 says so, and the
    principal it leaves unknown is not said again as a TL002."""
    text = _key_template(_deny({"Fn::If": ["NoSuchCondition", {"AWS": "*"}, {"AWS": "x"}]}), ENCRYPT, DESCRIBE)
    assert lint(tmp_path, "t.yaml", text, "TL209") == []
    assert lint(tmp_path, "t.yaml", text, "TL002", select=("TL209",)) == []
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "t.yaml", text, "TL213")] == [
        "TL213 Fn::If condition 'NoSuchCondition' names no condition of the template"]


def _terraform_key(principal: str, condition: str = "") -> str:
    return f"""
data "aws_caller_identity" "current" {{}}
variable "who" {{}}
data "aws_organizations_organization" "org" {{}}
resource "aws_cloudtrail" "main" {{
  name           = "main"
  s3_bucket_name = "{BUCKET}"
  kms_key_id     = aws_kms_key.logs.arn
}}
resource "aws_kms_key" "logs" {{
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{ Sid = "DenyOthers", Effect = "Deny", Principal = {principal}, Action = "kms:*", Resource = "*" }},
      {{ Sid = "Encrypt", Effect = "Allow", Principal = {{ Service = "cloudtrail.amazonaws.com" }},
        Action = "kms:GenerateDataKey*", Resource = "*"{condition} }},
      {{ Sid = "Describe", Effect = "Allow", Principal = {{ Service = "cloudtrail.amazonaws.com" }},
        Action = "kms:DescribeKey", Resource = "*" }},
    ]
  }})
}}
"""


def test_a_terraform_principal_written_as_an_arn_template_settles_the_key_policy(tmp_path: Path) -> None:
    text = _terraform_key('{ AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }')
    assert lint(tmp_path, "main.tf", text, "TL209") == []
    assert [f for f in lint(tmp_path, "main.tf", text, "TL002", select=("TL209",)) if "TL209" in f] == []


def test_a_terraform_principal_that_may_be_anything_stays_one_tl002(tmp_path: Path) -> None:
    text = _terraform_key("{ AWS = data.aws_caller_identity.current.arn }")
    found = [f for f in lint(tmp_path, "main.tf", text, "TL002", select=("TL209",)) if "TL209" in f]
    assert len(found) == 1 and found[0].endswith("statement 'DenyOthers': Principal not known")


# --- Conditions on keys CloudTrail's requests never carry ---------------------------------------

@pytest.mark.parametrize(("operator", "blocks"), [
    ("StringEquals", True), ("StringLike", True), ("StringEqualsIfExists", False), ("StringNotEquals", False)])
def test_an_org_condition_with_an_unknown_value_is_decided_for_cloudtrail(
        tmp_path: Path, operator: str, blocks: bool) -> None:
    """aws:PrincipalOrgID is absent from a service principal's request: the condition holds or not
    whatever the organization id is (CloudFormation and Terraform alike)."""
    encrypt = {**ENCRYPT, "Condition": {operator: {"aws:PrincipalOrgID": {"Ref": "OrgId"}}}}
    text = _key_template(encrypt, DESCRIBE)
    tf = _terraform_key('{ AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }',
                        f", Condition = {{ {operator} = {{ \"aws:PrincipalOrgID\" = {ORG_ID} }} }}")
    for name, source in (("t.yaml", text), ("main.tf", tf)):
        found = lint(tmp_path, name, source, "TL209")
        assert bool(found) is blocks, (name, found)
        assert all("aws:PrincipalOrgID condition of statement 'Encrypt' excludes it" in f for f in found)
        assert [f for f in lint(tmp_path, name, source, "TL002", select=("TL209",)) if "TL209" in f] == []
        (tmp_path / name).unlink()


_OPERATORS = ["StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "ArnEquals", "ArnLike",
              "ArnNotLike", "StringEqualsIgnoreCase", "NumericNotEquals", "Bool", "IpAddress", "NotIpAddress",
              "DateLessThan"]


@given(st.sampled_from(_OPERATORS), st.booleans(), st.lists(st.sampled_from(["o-abc", UNKNOWN]), min_size=1))
def test_an_absent_key_decides_whatever_the_values(operator: str, if_exists: bool, values: list[Any]) -> None:
    """The documented outcome on a key the request does not carry, known values or not."""
    condition = Condition(operator + ("IfExists" if if_exists else ""), "aws:PrincipalOrgID", tuple(values))
    assert condition_holds(condition, lambda key: None) is (if_exists or "Not" in operator)
    present = condition_holds(condition, lambda key: "o-abc")
    # on a key the request carries, a value not known offline leaves the condition open; so does a
    # negated ARN operator on a value that is no ARN (not documented: iam.conditions.arn_condition)
    assert present is UNKNOWN if UNKNOWN in values or not operator.startswith(("String", "Arn")) \
        or operator.startswith("ArnNot") else present is not UNKNOWN


@pytest.mark.parametrize(("values", "absent"), [(("true",), True), (("false",), False), ((UNKNOWN,), UNKNOWN)])
def test_null_on_an_absent_key_needs_its_value(values: tuple[Any, ...], absent: Any) -> None:
    assert condition_holds(Condition("Null", "aws:PrincipalOrgID", values), lambda key: None) is absent


# --- The reader: one place keeps the kind ------------------------------------------------------

@given(st.lists(st.sampled_from(["arn:aws:iam::", ":root", "*", UNKNOWN_TEXT]), min_size=1, max_size=4))
def test_an_identifier_with_a_hole_keeps_its_kind_only_when_it_cannot_be_a_star(pieces: list[str]) -> None:
    identifier = "".join(pieces)
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": identifier}, "Action": "kms:*", "Resource": "*"}]}
    statement = parse_policy(document, name="p", origin=Origin("p.json", ())).statements[0]  # type: ignore[index]
    literal = identifier.replace(UNKNOWN_TEXT, "")
    if UNKNOWN_TEXT not in identifier:
        assert statement.principals == {"AWS": (identifier,)}
    elif literal.strip("*"):
        assert statement.principals == {"AWS": UNKNOWN}
    else:
        assert statement.principals is UNKNOWN


def test_an_aws_principal_not_known_offline_may_be_cloudtrails_own_account_of_one_region() -> None:
    """Old bucket policies name CloudTrail's own account of a Region (delivery_accounts): an AWS
    principal not known offline may be that account for a single-Region trail, never for a
    multi-Region one."""
    grant = Policy("p", (Statement("Allow", ("s3:PutObject",), resources=("*",), principals={"AWS": UNKNOWN}),))
    single = replace(TRAIL, multi_region=False, region="us-east-1")
    verdict = evaluate(grant, bucket_requests(single, BUCKET)[1])
    assert verdict.decision is Decision.UNKNOWN and "may be CloudTrail's own account" in verdict.reason
    assert evaluate(grant, bucket_requests(replace(TRAIL, multi_region=True), BUCKET)[1]).decision is Decision.DENIED


@pytest.mark.parametrize(("identifiers", "settled"), [
    ('["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]', True),
    ("[local.root]", True),                                          # the template through a local
    ("[data.aws_caller_identity.current.arn]", False),               # may be anything
])
def test_a_terraform_policy_document_principal_keeps_its_kind(tmp_path: Path, identifiers: str,
                                                               settled: bool) -> None:
    """The aws_iam_policy_document form of the AWS documentation's key policy statement."""
    text = f"""
data "aws_caller_identity" "current" {{}}
locals {{
  root = "arn:aws:iam::${{data.aws_caller_identity.current.account_id}}:root"
}}
resource "aws_cloudtrail" "main" {{
  name           = "main"
  s3_bucket_name = "{BUCKET}"
  kms_key_id     = aws_kms_key.logs.arn
}}
data "aws_iam_policy_document" "key" {{
  statement {{
    sid    = "DenyOthers"
    effect = "Deny"
    principals {{
      type        = "AWS"
      identifiers = {identifiers}
    }}
    actions   = ["kms:*"]
    resources = ["*"]
  }}
  statement {{
    sid = "Encrypt"
    principals {{
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }}
    actions   = ["kms:GenerateDataKey*", "kms:DescribeKey"]
    resources = ["*"]
  }}
}}
resource "aws_kms_key" "logs" {{
  policy = data.aws_iam_policy_document.key.json
}}
"""
    assert lint(tmp_path, "main.tf", text, "TL209") == []
    found = [f for f in lint(tmp_path, "main.tf", text, "TL002", select=("TL209",)) if "TL209" in f]
    assert found == [] if settled else \
        len(found) == 1 and found[0].endswith("statement 'DenyOthers': Principal not known")


# --- TL307: who a statement lets in -------------------------------------------------------------

_ARN = {"Fn::Sub": ["arn:aws:iam::${A}:root", {"A": {"Fn::ImportValue": "account"}}]}   # another stack's


@pytest.mark.parametrize(("element", "principal", "public", "open_"), [
    ("Principal", {"AWS": _ARN}, False, False),                 # an account, never anyone
    ("Principal", {"AWS": ["*", _ARN]}, True, False),           # "*" beside it: anyone
    ("NotPrincipal", {"AWS": _ARN}, False, True),               # everyone but whom is not known
])
def test_a_principal_not_known_offline_is_public_only_as_its_kind_says(
        tmp_path: Path, element: str, principal: Any, public: bool, open_: bool) -> None:
    from test_delivery_undecided import READ, _public

    statement = {key: value for key, value in READ.items() if key != "Principal"}
    text = _public({**statement, element: "placeholder"}, **{element: principal})
    assert bool(lint(tmp_path, "t.yaml", text, "TL307")) is public
    assert bool(lint(tmp_path, "t.yaml", text, "TL002", select=("TL307",))) is open_
