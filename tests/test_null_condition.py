"""``"Condition": null`` (YAML: ``Condition:`` with nothing after it). The IAM policy grammar has the
Condition element only as an object of operators (``<condition_block> = "Condition" : {
<condition_map> }``, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)
and AWS documents neither that it rejects null there nor that it reads null as "no condition": the
statement's conditions are not known (one TL002 naming why and what it blocks), never taken as none
(a Deny read as unconditional would hide who can stop logging; an Allow read so may be no grant)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.model import UNKNOWN, InputKind, Origin
from trail_lint.normalise.policy_json import NULL_CONDITION, parse_policy, parse_policy_string
from trail_lint.registry import all_rules

DOCUMENT = Origin("policy.json", (), resource="p", kind=InputKind.AWS_IAM)


def statements(condition: object, absent: bool = False) -> list[dict[str, object]]:
    statement: dict[str, object] = {"Sid": "Ops", "Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}
    if not absent:
        statement["Condition"] = condition
    return [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, statement]


@pytest.mark.parametrize("as_string", [False, True])
def test_a_null_condition_is_not_known_and_says_why(as_string: bool) -> None:
    document = {"Version": "2012-10-17", "Statement": statements(None)}
    policy = parse_policy_string(json.dumps(document), name="p", origin=DOCUMENT) if as_string \
        else parse_policy(document, name="p", origin=DOCUMENT)
    read, null = policy.statements  # type: ignore[misc]
    assert null.conditions is UNKNOWN and null.cause == NULL_CONDITION
    assert null.actions == ("cloudtrail:*",) and null.effect == "Allow"     # the rest is read
    assert read.conditions == () and read.cause is None


@given(st.booleans(), st.sampled_from([{}, {"Bool": {"aws:SecureTransport": "true"}}]))
def test_an_absent_or_written_condition_is_read_as_before(as_string: bool, written: dict[str, object]) -> None:
    for absent in (True, False):
        document = {"Version": "2012-10-17", "Statement": statements(written, absent)}
        policy = parse_policy_string(json.dumps(document), name="p", origin=DOCUMENT) if as_string \
            else parse_policy(document, name="p", origin=DOCUMENT)
        ops = policy.statements[1]  # type: ignore[index]
        assert ops.conditions is not UNKNOWN and ops.cause is None
        assert len(ops.conditions) == (0 if absent else len(written))   # type: ignore[arg-type]


def test_a_policy_file_with_a_null_condition_gives_one_tl002_not_a_grant(tmp_path: Path) -> None:
    file = tmp_path / "ops.json"
    file.write_text(json.dumps({"Version": "2012-10-17", "Statement": statements(None)}))
    findings = run([str(file)], Config(), all_rules(), raise_errors=True).findings
    assert [f.rule for f in findings] == ["TL002"]
    assert "its Condition is null" in findings[0].message
    assert "statement 'Ops'" in findings[0].message
    # written without it, the same statement is the grant it is
    file.write_text(json.dumps({"Version": "2012-10-17", "Statement": statements(None, absent=True)}))
    assert [f.rule for f in run([str(file)], Config(), all_rules(), raise_errors=True).findings] == ["TL402"]


def test_a_yaml_condition_left_empty_in_a_template_is_the_same(tmp_path: Path) -> None:
    template = tmp_path / "role.yaml"
    template.write_text("""Resources:
  Ops:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: ops
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: Ops
                Effect: Allow
                Action: cloudtrail:*
                Resource: "*"
                Condition:
""")
    findings = run([str(template)], Config(), all_rules(), raise_errors=True).findings
    assert [f.rule for f in findings] == ["TL002"] and "its Condition is null" in findings[0].message


def test_the_fast_reader_leaves_a_null_condition_to_the_one_that_says_why() -> None:
    pytest.importorskip("msgspec")
    from trail_lint.normalise.policy_structs import statement_fields

    assert statement_fields(json.dumps({"Statement": statements(None)})) is None
    found = statement_fields(json.dumps({"Statement": statements(None, absent=True)}))
    assert found is not None and found[0][1][5] == ()
