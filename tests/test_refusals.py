"""Policies IAM or AWS Organizations refuse at deployment, beyond the policy grammar: a role's trust
policy naming a resource, a resource control policy naming a principal other than "*"."""
from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.iam.evaluator import (
    iam_layer_rejected,
    names_resource,
    scp_rejected,
    trust_refused,
    trust_rejected,
)
from trail_lint.iam.scp_levels import rcp_refused
from trail_lint.iam.sizes import (
    IDENTITY_POLICY_MOST,
    MANAGED_POLICY_QUOTA,
    ORGANIZATIONS_POLICY_QUOTA,
    TRUST_POLICY_QUOTA,
    TRUST_POLICY_QUOTA_MOST,
    oversized,
    trust_size_undecided,
)
from trail_lint.model import UNKNOWN, Origin, Policy, Statement
from trail_lint.normalise.policy_json import UNKNOWN_TEXT, document_size, parse_policy, text_size, walked_size
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
ASSUME = {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}
DENY = {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}


def policy(*statements: dict[str, Any]) -> Policy:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name="p",
                        origin=Origin("policy.json", ()))


# --- A role's trust policy names no resource ----------------------------------------------------

@pytest.mark.parametrize(("statements", "index"), [
    ([ASSUME], None),
    ([ASSUME, {**ASSUME, "Resource": "*"}], 1),
    ([{**ASSUME, "NotResource": f"arn:aws:iam::{ACCOUNT}:role/admin"}], 0),
    ([{**ASSUME, "Resource": []}], 0),                       # written, if empty: IAM sees the field
    # no AWS page says which actions a trust policy may name: not refused for them
    ([{**ASSUME, "Action": ["sts:AssumeRole", "sts:TagSession", "s3:GetObject"]}], None),
    ([{**ASSUME, "Action": "*"}], None),
])
def test_a_trust_policy_naming_a_resource_is_refused(statements: list[dict[str, Any]], index: int | None) -> None:
    document = policy(*statements)
    assert names_resource(document) == index
    assert trust_refused(document) is (index is not None)
    assert trust_rejected(document) is (index is not None)


@given(st.one_of(st.text(min_size=1), st.lists(st.text(min_size=1), min_size=1)),
       st.sampled_from(["Resource", "NotResource"]))
def test_any_resource_in_a_trust_policy_is_refused(value: Any, element: str) -> None:
    assert names_resource(policy(ASSUME, {**ASSUME, element: value})) == 1


# --- An RCP names only "*" ----------------------------------------------------------------------

@pytest.mark.parametrize(("statement", "field"), [
    (DENY, None),
    ({**DENY, "Principal": {"AWS": "*"}}, None),              # the page does not settle it: read as "*"
    ({**DENY, "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}}, "principals"),
    ({**DENY, "Principal": {"Service": "cloudtrail.amazonaws.com"}}, "principals"),
    ({**DENY, "Principal": {"AWS": ["*", f"arn:aws:iam::{ACCOUNT}:root"]}}, "principals"),
    ({key: value for key, value in DENY.items() if key != "Principal"}, ""),       # a Condition-only form
    ({**{key: value for key, value in DENY.items() if key != "Principal"},
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}}, ""),
    ({**{key: value for key, value in DENY.items() if key != "Principal"}, "NotPrincipal": {"AWS": ACCOUNT}},
     "not_principals"),
    ({**{key: value for key, value in DENY.items() if key != "Action"}, "NotAction": "s3:Get*"}, "not_actions"),
    ({**DENY, "Action": "*"}, "actions"),
    ({**DENY, "Action": "s3:*"}, None),
])
def test_an_rcp_statement_naming_other_principals_is_refused(statement: dict[str, Any], field: str | None) -> None:
    refused = rcp_refused(policy(DENY, statement))
    assert (refused and refused[:2]) == (None if field is None else (1, field))


@given(st.dictionaries(st.sampled_from(["AWS", "Service", "Federated", "CanonicalUser"]),
                       st.lists(st.text(min_size=1), min_size=1, max_size=3), min_size=1))
def test_an_rcp_principal_is_refused_unless_it_is_everyone(principal: dict[str, list[str]]) -> None:
    refused = rcp_refused(policy({**DENY, "Principal": principal}))
    everyone = all(kind == "AWS" and set(values) == {"*"} for kind, values in principal.items())
    assert (refused is None) is everyone


def test_a_principal_not_known_offline_is_not_refused() -> None:
    document = Policy("p", (Statement("Deny", actions=("s3:*",), resources=("*",), principals={"AWS": UNKNOWN}),),
                      version="2012-10-17")
    assert rcp_refused(document) is None


# --- End to end: reported at the element, the rest still linted ---------------------------------

TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  LogsRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: cloudtrail.amazonaws.com}
            Action: sts:AssumeRole
            Resource: "*"
      Policies:
        - PolicyName: to-logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [logs:CreateLogStream, logs:PutLogEvents]
                Resource: "*"
  DenyOutsideWrites:
    Type: AWS::Organizations::Policy
    Properties:
      Name: deny-outside-writes
      Type: RESOURCE_CONTROL_POLICY
      TargetIds: [r-abcd]
      Content:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Principal: {AWS: "arn:aws:iam::444455556666:root"}
            Action: s3:PutObject
            Resource: "*"
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      S3BucketName: audit-logs
      IsLogging: true
      CloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/logs:*"
      CloudWatchLogsRoleArn: !GetAtt LogsRole.Arn
"""


def lint(tmp_path: Path, name: str, text: str, rules: tuple[str, ...]) -> list[tuple[str, int, int, str]]:
    (tmp_path / name).write_text(text)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        config = from_mapping({"region": "us-east-1", "account": ACCOUNT, "select": list(rules)})
        result = run([name], config, all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [(f.rule, f.line, f.column, f.message) for f in result.findings]


def test_refused_policies_are_reported_where_they_are_and_the_rest_is_linted(tmp_path: Path) -> None:
    found = lint(tmp_path, "t.yaml", TEMPLATE, ("TL001", "TL215", "TL302"))
    assert [(rule, line, column) for rule, line, column, _ in found if rule == "TL001"] == [
        ("TL001", 12, 13), ("TL001", 31, 13)]
    # the refused trust policy is read as absent: no one may assume the role
    assert [message for rule, *_, message in found if rule == "TL215"] == [
        ("CloudWatch Logs role 'LogsRole' of trail 'audit' does not let CloudTrail assume it: IAM rejects "
         "the policy (reported as TL001), so it does not exist and does not allow cloudtrail.amazonaws.com "
         "sts:AssumeRole")]
    assert [rule for rule, *_ in found if rule == "TL302"] == ["TL302"]     # the trail itself is still linted


# --- Policy size quotas ---------------------------------------------------------------------------

def non_white(text: str) -> int:
    return len(text) - sum(text.count(white) for white in " \t\n\r")


JSON_VALUES = st.recursive(
    st.one_of(st.text(max_size=12), st.booleans(), st.none(), st.integers(), st.floats(allow_nan=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20)


@given(JSON_VALUES, st.sampled_from([None, 0, 2, "\t"]), st.booleans())
def test_a_size_is_at_most_what_any_text_of_the_document_holds(value: Any, indent: Any, ascii_only: bool) -> None:
    # IAM counts the characters but white space of the text it receives, whichever that is
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    assert document_size(value) <= non_white(text)
    assert text_size(text) <= non_white(text)


POLICY_TEXT = st.text(alphabet=st.sampled_from(['a', '1', ' ', '"', '\\', '\n', '\t', 'é', ':', ',', '[', '{', '-',
                                                 'e', '.', UNKNOWN_TEXT]), max_size=10)
POLICY_VALUES = st.recursive(
    st.one_of(POLICY_TEXT, st.booleans(), st.none(), st.integers(), st.floats(), st.just(UNKNOWN)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(POLICY_TEXT, inner, max_size=4)),
    max_leaves=20)


@given(POLICY_VALUES)
def test_a_document_is_counted_alike_from_its_compact_text_and_value_by_value(value: Any) -> None:
    # the count from msgspec's compact text is the count of walking the document, whatever it holds
    assert document_size(value) == walked_size(value)


def test_a_compact_text_is_counted_whole() -> None:
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    compact = json.dumps(document, separators=(",", ":"))
    assert document_size(document) == text_size(compact) == len(compact)
    assert text_size(json.dumps(document, indent=4)) == len(compact)         # white space is not counted


def test_a_number_counts_as_the_shortest_it_may_be_written() -> None:
    written = '{"Condition":{"NumericLessThan":{"s3:max-keys":1e5}}}'
    assert document_size(json.loads(written)) <= len(written)


def test_values_not_known_offline_count_nothing() -> None:
    assert document_size({"Action": UNKNOWN}) == 2
    assert text_size('{"Action":"' + UNKNOWN_TEXT + '"}') <= len('{"Action":1}')


def sized(size: int, arn: str | None = None) -> Policy:
    return replace(policy(ASSUME), size=size, arn=arn)


@pytest.mark.parametrize(("size", "refused", "undecided"), [
    (TRUST_POLICY_QUOTA, False, False),
    (TRUST_POLICY_QUOTA + 1, False, True),            # the account's quota decides
    (TRUST_POLICY_QUOTA_MOST, False, True),
    (TRUST_POLICY_QUOTA_MOST + 1, True, False),
])
def test_a_trust_policy_longer_than_any_quota_is_refused(size: int, refused: bool, undecided: bool) -> None:
    assert trust_refused(sized(size)) is refused
    assert trust_size_undecided(sized(size)) is undecided


def test_quotas_bind_what_an_account_creates_not_aws_managed_policies() -> None:
    assert oversized(sized(MANAGED_POLICY_QUOTA + 1), MANAGED_POLICY_QUOTA)
    assert not oversized(sized(50_000, "arn:aws:iam::aws:policy/ReadOnlyAccess"), MANAGED_POLICY_QUOTA)
    assert not oversized(replace(policy(ASSUME), size=None), MANAGED_POLICY_QUOTA)     # not read: not known


def test_an_identity_policy_is_refused_only_beyond_what_any_kind_may_hold() -> None:
    # a policy of 6,144 to 10,240 characters may be a role's inline policy: read, and TL001 says it
    # where the inputs say it is a managed policy
    guardrail = policy({key: value for key, value in DENY.items() if key != "Principal"})
    assert not iam_layer_rejected(replace(guardrail, size=IDENTITY_POLICY_MOST))
    assert iam_layer_rejected(replace(guardrail, size=IDENTITY_POLICY_MOST + 1))
    assert not scp_rejected(replace(guardrail, size=ORGANIZATIONS_POLICY_QUOTA))
    assert scp_rejected(replace(guardrail, size=ORGANIZATIONS_POLICY_QUOTA + 1))
    assert rcp_refused(replace(policy(DENY), size=ORGANIZATIONS_POLICY_QUOTA + 1)) is not None
    assert rcp_refused(replace(policy(DENY), size=ORGANIZATIONS_POLICY_QUOTA)) is None


def padded(statement: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """``count`` copies of the statement, each with its own Sid: about 100 characters each."""
    return [{"Sid": f"S{index}", **statement} for index in range(count)]


def cloudformation_template() -> str:
    write = {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::audit-logs/AWSLogs/*"}
    deny = {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::audit-logs/AWSLogs/*"}
    resources = {
        "BigManagedPolicy": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
            "PolicyDocument": {"Version": "2012-10-17", "Statement": padded(write, 90)}}},
        "UserWithBigInlinePolicies": {"Type": "AWS::IAM::User", "Properties": {"Policies": [
            {"PolicyName": f"p{n}", "PolicyDocument": {"Version": "2012-10-17", "Statement": padded(write, 15)}}
            for n in range(2)]}},
        "LongTrust": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
            "Version": "2012-10-17", "Statement": padded({**ASSUME}, 30)}}},
        "TooLongTrust": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": padded({**ASSUME}, 50)},
            "Policies": [{"PolicyName": "to-logs", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]}}]}},
        "BigScp": {"Type": "AWS::Organizations::Policy", "Properties": {
            "Name": "big-scp", "Type": "SERVICE_CONTROL_POLICY", "TargetIds": ["r-abcd"],
            "Content": {"Version": "2012-10-17", "Statement": padded(deny, 70)}}},
        "BigRcp": {"Type": "AWS::Organizations::Policy", "Properties": {
            "Name": "big-rcp", "Type": "RESOURCE_CONTROL_POLICY", "TargetIds": ["r-abcd"],
            "Content": {"Version": "2012-10-17", "Statement": padded({**deny, "Principal": "*"}, 70)}}},
        "Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {
            "TrailName": "audit", "S3BucketName": "audit-logs", "IsLogging": True,
            "CloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/logs:*",
            "CloudWatchLogsRoleArn": {"Fn::GetAtt": ["TooLongTrust", "Arn"]}}},
    }
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}, indent=1)


def test_policies_longer_than_their_quotas_are_refused_in_a_template(tmp_path: Path) -> None:
    text = cloudformation_template()
    lines = text.splitlines()

    def line_of(resource: str, key: str) -> int:
        """The line of ``key`` in the resource: where the policy is written."""
        start = next(number for number, line in enumerate(lines, 1) if line.strip().startswith(f'"{resource}"'))
        return next(number for number, line in enumerate(lines, 1) if number > start
                    and line.strip().startswith(f'"{key}"'))

    found = lint(tmp_path, "t.json", text, ("TL001", "TL002", "TL215", "TL302"))
    said = {(rule, line): message for rule, line, _, message in found if rule in ("TL001", "TL002")
            and "home Region" not in message}
    managed, inline = ("TL001", line_of("BigManagedPolicy", "PolicyDocument")), (
        "TL001", line_of("UserWithBigInlinePolicies", "Policies"))
    trust = ("TL002", line_of("LongTrust", "AssumeRolePolicyDocument"))
    assert set(said) == {managed, inline, trust, ("TL001", line_of("TooLongTrust", "AssumeRolePolicyDocument")),
                         ("TL001", line_of("BigScp", "Content")), ("TL001", line_of("BigRcp", "Content"))}, said
    assert "IAM allows 6,144 and rejects the policy" in said[managed]
    assert "IAM allows 2,048 and rejects the policy that passes it" in said[inline]
    assert "role trust policy length quota" in said[trust]
    # a trust policy no quota allows is no trust policy: no one may assume the role
    assert [message for rule, *_, message in found if rule == "TL215"] == [
        ("CloudWatch Logs role 'TooLongTrust' of trail 'audit' does not let CloudTrail assume it: IAM rejects "
         "the policy (reported as TL001), so it does not exist and does not allow cloudtrail.amazonaws.com "
         "sts:AssumeRole")]
    assert [rule for rule, *_ in found if rule == "TL302"] == ["TL302"]     # the trail itself is still linted


def test_a_jsonencode_policy_longer_than_its_quota_is_refused_in_terraform(tmp_path: Path) -> None:
    statements = ",\n".join(
        f'{{ Sid = "S{index}", Effect = "Allow", Action = "s3:PutObject", '
        f'Resource = "arn:aws:s3:::audit-logs/AWSLogs/*" }}' for index in range(90))
    text = f"""resource "aws_iam_policy" "big" {{
  name   = "big"
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{statements}]
  }})
}}

resource "aws_iam_policy" "small" {{
  name   = "small"
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "s3:PutObject" }}]
  }})
}}
"""
    found = lint(tmp_path, "main.tf", text, ("TL001",))
    small = text.splitlines().index('resource "aws_iam_policy" "small" {') + 3
    assert [(line, column) for _, line, column, _ in found] == [(3, 3), (small, 3)]
    assert "managed policy aws_iam_policy.big holds at least" in found[0][3]
    assert "has neither Resource nor NotResource" in found[1][3]          # the rest is still linted


def test_a_plan_holds_the_text_iam_receives(tmp_path: Path) -> None:
    def role(name: str, statements: int) -> tuple[dict[str, Any], dict[str, Any]]:
        document = json.dumps({"Version": "2012-10-17", "Statement": padded(ASSUME, statements)}, indent=2)
        values = {"name": name, "assume_role_policy": document}
        common = {"address": f"aws_iam_role.{name}", "mode": "managed", "type": "aws_iam_role", "name": name,
                  "provider_name": "registry.terraform.io/hashicorp/aws"}
        return {**common, "values": values}, {**common, "change": {
            "actions": ["create"], "before": None, "after": values, "after_unknown": {}}}
    roles = [role("fits", 15), role("quota_decides", 30), role("too_long", 50)]
    plan = {"format_version": "1.2", "terraform_version": "1.9.0",
            "planned_values": {"root_module": {"resources": [planned for planned, _ in roles]}},
            "resource_changes": [change for _, change in roles]}
    found = lint(tmp_path, "plan.json", json.dumps(plan, indent=1), ("TL001", "TL002"))
    assert [(rule, message.split(" holds")[0]) for rule, _, _, message in found if "trust policy" in message] == [
        ("TL002", "trust policy aws_iam_role.quota_decides.assume_role_policy"),
        ("TL001", "trust policy aws_iam_role.too_long.assume_role_policy")]
