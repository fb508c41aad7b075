"""Managed policies a CloudFormation principal attaches by an ARN the template leaves open: TL002
says each cause once (a pseudo parameter without --region, a parameter without a value), listing
the attachments it left unknown, never once per attachment."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.registry import all_rules

PARTITIONED = {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSIoTLogging"}
JOINED = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/AmazonMQReadOnlyAccess"]]}
# what an attachment left open blocks: the access rule of the run (tl002 selects TL401 only)
BLOCKED = " (TL401 (can-tamper-with-trail) cannot decide)"


def role(*arns: Any, boundary: Any = None) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        "ManagedPolicyArns": list(arns)}
    if boundary is not None:
        properties["PermissionsBoundary"] = boundary
    return {"Type": "AWS::IAM::Role", "Properties": properties}


def tl002(tmp_path: Path, template: dict[str, Any], **settings: Any) -> list[str]:
    (tmp_path / "stack.json").write_text(json.dumps(template, indent=1))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        # the access analysis (TL4xx) is what resolves managed policies
        result = run(["stack.json"], from_mapping({"select": ["TL002", "TL401"], **settings}), all_rules(),
                     raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f.message for f in result.findings if f.rule == "TL002"]


@given(st.integers(min_value=1, max_value=6))
def test_a_partition_left_open_is_one_tl002_whatever_the_number_of_roles(count: int) -> None:
    import tempfile
    workers = {f"Worker{n}": role(PARTITIONED, JOINED) for n in range(count)}
    with tempfile.TemporaryDirectory() as folder:
        messages = tl002(Path(folder), {"Resources": workers})
    assert len(messages) == 1
    listed = [f"ManagedPolicyArns[{i}] of Worker{n}{BLOCKED}" for n in range(count) for i in (0, 1)]
    more = f"; and {len(listed) - 3} more" if len(listed) > 3 else ""
    assert messages[0] == ("AWS::Partition is not known: pass --region, so not known: "
                           + "; ".join(listed[:3]) + more)


def test_with_the_region_each_policy_missing_from_the_snapshot_is_said_once(tmp_path: Path) -> None:
    workers = {f"Worker{n}": role(PARTITIONED, JOINED) for n in range(3)}
    assert sorted(tl002(tmp_path, {"Resources": workers}, region="eu-west-1")) == [
        f"TL401 (can-tamper-with-trail) cannot decide: managed policy arn:aws:iam::aws:policy/{name} is not in "
        "the inputs or the shipped AWS managed policies: its permissions are unknown"
        for name in ("AmazonMQReadOnlyAccess", "service-role/AWSIoTLogging")]


def test_the_lambda_basic_execution_role_policy_is_shipped(tmp_path: Path) -> None:
    """The policy nearly every Lambda role attaches is in the snapshot (v1, from its AWS page): no
    TL002 for it, and it grants no CloudTrail action."""
    basic = {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}
    assert tl002(tmp_path, {"Resources": {"Worker": role(basic)}}, region="eu-west-1") == []
    assert tl002(tmp_path, {"Resources": {"Worker": role(basic, JOINED)}}, region="eu-west-1") == [
        ("TL401 (can-tamper-with-trail) cannot decide: managed policy arn:aws:iam::aws:policy/AmazonMQReadOnlyAccess "
         "is not in the inputs or the shipped AWS managed policies: its permissions are unknown")]


@pytest.mark.parametrize(("written", "attachment"), [
    ({"Ref": "ExtraPolicy"}, "ManagedPolicyArns[1] of Builder"),
    ({"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:policy/${ExtraPolicy}"}, "ManagedPolicyArns[1] of Builder"),
])
def test_a_parameter_without_a_value_lists_the_attachment_it_leaves_open(tmp_path: Path, written: Any,
                                                                          attachment: str) -> None:
    template = {"Parameters": {"ExtraPolicy": {"Type": "String"}},
                "Resources": {"Builder": role("arn:aws:iam::aws:policy/ReadOnlyAccess", written)}}
    assert tl002(tmp_path, template, account="111122223333") == [
        f"parameter ExtraPolicy has no Default: pass --parameter ExtraPolicy=VALUE, so not known: {attachment}{BLOCKED}"]


def test_a_boundary_left_open_is_named_as_the_boundary(tmp_path: Path) -> None:
    boundary = {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/team-boundary"}
    assert tl002(tmp_path, {"Resources": {"Builder": role(boundary=boundary)}}, account="111122223333") == [
        "AWS::Partition is not known: pass --region, so not known: PermissionsBoundary of Builder" + BLOCKED]


# --- A managed policy of the template whose document is built as a JSON string -------------------

TRAIL = {"Type": "AWS::CloudTrail::Trail", "Properties": {"TrailName": "audit", "S3BucketName": "logs",
                                                          "IsLogging": True}}
WRITTEN = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudtrail:DeleteTrail", '
           '"Resource": "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/${Trail}"}]}')


def _lint(tmp_path: Path, document: Any, **settings: Any) -> list[str]:
    managed = {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"Users": ["carol"], "PolicyDocument": document}}
    (tmp_path / "stack.json").write_text(json.dumps({"Resources": {"Trail": TRAIL, "Delete": managed}}, indent=1))
    config = from_mapping({"select": ["TL002", "TL401"], **settings})
    found = run([str(tmp_path / "stack.json")], config, all_rules(), raise_errors=True).findings
    return [f"{f.rule} {f.message}" for f in found if not f.message.startswith("home Region")]


def test_a_document_written_with_fn_sub_keeps_what_the_stack_knows(tmp_path: Path) -> None:
    """The stack's account, Region, partition and trail name as holes, as in a document written as
    YAML: before, the whole document was unknown, and nothing said so."""
    assert _lint(tmp_path, {"Fn::Sub": WRITTEN}) == ["TL401 user carol can DeleteTrail on 'audit'"]
    head, tail = WRITTEN.split("arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/${Trail}")
    joined = {"Fn::Join": ["", [head, "arn:", {"Ref": "AWS::Partition"}, ":cloudtrail:", {"Ref": "AWS::Region"}, ":",
                                {"Ref": "AWS::AccountId"}, ":trail/", {"Ref": "Trail"}, tail]]}
    assert _lint(tmp_path, {"Fn::Sub": [WRITTEN, {}]}) == _lint(tmp_path, joined) == \
        ["TL401 user carol can DeleteTrail on 'audit'"]


def test_a_document_not_known_before_deployment_is_a_tl002(tmp_path: Path) -> None:
    assert _lint(tmp_path, {"Fn::ImportValue": "shared-policy"}) == [
        ("TL002 PolicyDocument of managed policy Delete is not known before deployment: Fn::ImportValue "
        "shared-policy is another stack's export")]
