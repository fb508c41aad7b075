"""Topics and keys the inputs create without a policy keep the service's default policy, which gives
CloudTrail nothing (TL208, TL209); those the inputs only refer to have a policy trail-lint cannot see."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.finding import Finding
from trail_lint.load import load_text
from trail_lint.normalise.cloudformation import template as cloudformation
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"



def findings(tmp_path: Path, name: str, text: str | None, rule: str) -> list[Finding]:
    """The rule's findings on one file written into tmp_path (text None: a folder already there)."""
    if text is not None:
        (tmp_path / name).write_text(text)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        config = from_mapping({"region": "us-east-1", "account": ACCOUNT, "select": [rule]})
        result = run([name], config, all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f for f in result.findings if f.rule == rule]


def lint(tmp_path: Path, name: str, text: str | None, rule: str) -> list[str]:
    return [f"{f.line}:{f.column}: {f.rule} {f.message}" for f in findings(tmp_path, name, text, rule)]


CLOUDTRAIL = "{Effect: Allow, Principal: {Service: cloudtrail.amazonaws.com}, Action: '*', Resource: '*'}"


def _trails(attribute: str, value: str, *names: str) -> str:
    return "".join(f"""
  Trail{index}:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: "{name}"
      IsLogging: true
      S3BucketName: logs
      {attribute}: {value}""" for index, name in enumerate(names))


def test_a_key_and_a_topic_created_without_policy_are_read_as_keeping_the_default() -> None:
    template = "Resources:\n  Key: {Type: AWS::KMS::Key}\n  Topic: {Type: AWS::SNS::Topic}\n" \
               "  Stated: {Type: AWS::KMS::Key, Properties: {KeyPolicy: {Statement: []}}}\n"
    found = cloudformation.normalise(load_text(template, "t.yaml")).resource_policies
    assert [(p.target, p.service, p.default, p.policy.statements) for p in found] == [
        ("Key", "kms", True, ()), ("Topic", "sns", True, ()), ("Stated", "kms", False, ())]


def test_a_key_whose_properties_are_an_intrinsic_is_not_read_as_without_policy() -> None:
    template = """Conditions: {C: !Equals [a, b]}
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties: !If [C, {KeyPolicy: {Statement: []}}, {KeyPolicy: {Statement: []}}]
"""
    assert cloudformation.normalise(load_text(template, "t.yaml")).resource_policies == ()


@pytest.mark.parametrize(("kind", "attribute", "rule", "said"), [
    ("AWS::KMS::Key", "KMSKeyId", "TL209", ("KMS key 'Key' of {trails} has the default key policy, which does not "
                                           "let CloudTrail encrypt log files")),
    ("AWS::SNS::Topic", "SnsTopicName", "TL208", ("SNS topic 'Key' of {trails} has the default topic policy, which "
                                                 "does not let CloudTrail publish notifications")),
])
def test_created_without_policy_is_one_finding_at_the_resource(tmp_path: Path, kind: str, attribute: str, rule: str,
                                                                said: str) -> None:
    one = f"Resources:\n  Key:\n    Type: {kind}\n" + _trails(attribute, "!Ref Key", "a")
    assert lint(tmp_path, "t.yaml", one, rule) == [f"2:3: {rule} " + said.format(trails="trail 'a'")]
    many = f"Resources:\n  Key:\n    Type: {kind}\n" + _trails(attribute, "!Ref Key", *"abcde")
    assert lint(tmp_path, "t.yaml", many, rule) == [
        f"2:3: {rule} " + said.format(trails="trails 'a', 'b', 'c' and 2 more")]


@pytest.mark.parametrize(("attribute", "value", "rule"), [
    ("KMSKeyId", f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab", "TL209"),
    ("KMSKeyId", "alias/trail-logs", "TL209"),
    ("KMSKeyId", "!ImportValue shared-trail-key", "TL209"),
    ("SnsTopicName", "trail-notices", "TL208"),
    ("SnsTopicName", f"arn:aws:sns:us-east-1:{ACCOUNT}:trail-notices", "TL208"),
])
def test_a_key_or_topic_only_referred_to_has_no_finding(tmp_path: Path, attribute: str, value: str,
                                                        rule: str) -> None:
    # Another key or topic created in the same template does not stand in for the one referred to.
    template = "Resources:\n  Unused: {Type: AWS::KMS::Key}\n  Spare: {Type: AWS::SNS::Topic}\n" + \
        _trails(attribute, value, "a")
    assert lint(tmp_path, "t.yaml", template, rule) == []


@pytest.mark.parametrize("policy", [
    ("Unrelated:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics: !Ref TopicList\n"
    f"      PolicyDocument: {{Statement: [{CLOUDTRAIL}]}}\n"),
    ("Unrelated:\n    Type: AWS::SNS::TopicInlinePolicy\n    Properties:\n      TopicArn: !ImportValue topic\n"
    f"      PolicyDocument: {{Statement: [{CLOUDTRAIL}]}}\n"),
])
def test_a_topic_policy_naming_an_unknown_topic_may_be_the_topics(tmp_path: Path, policy: str) -> None:
    # The policy may be attached to the created topic (its Topics are a parameter): nothing is certain.
    template = "Parameters:\n  TopicList: {Type: CommaDelimitedList}\nResources:\n  Topic: {Type: AWS::SNS::Topic}\n" \
        f"  {policy}" + _trails("SnsTopicName", "!GetAtt Topic.TopicName", "a")
    assert lint(tmp_path, "t.yaml", template, "TL208") == []


def test_a_topic_inline_policy_replaces_the_default(tmp_path: Path) -> None:
    template = """Resources:
  Topic: {Type: AWS::SNS::Topic}
  Policy:
    Type: AWS::SNS::TopicInlinePolicy
    Properties:
      TopicArn: !Ref Topic
      PolicyDocument: {Statement: [{Sid: OnlyEvents, Effect: Allow, Principal: {Service: events.amazonaws.com},
                                     Action: SNS:Publish, Resource: !Ref Topic}]}
""" + _trails("SnsTopicName", "!GetAtt Topic.TopicName", "a")
    assert lint(tmp_path, "t.yaml", template, "TL208") == [
        ("7:7: TL208 topic policy of 'Topic' blocks notifications of trail 'a': no statement allows "
        "cloudtrail.amazonaws.com SNS:Publish on the topic")]


TF_KEY = """
resource "aws_kms_key" "logs" {
  description = "trail logs"
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "logs"
  kms_key_id     = aws_kms_key.logs.arn
}
"""


def test_terraform_key_policy_resource_replaces_the_default(tmp_path: Path) -> None:
    (tmp_path / "tf").mkdir()
    (tmp_path / "tf" / "key.tf").write_text(TF_KEY)
    assert lint(tmp_path, "tf", None, "TL209") == [
        ("2:1: TL209 KMS key 'aws_kms_key.logs' of trail 'audit' has the default key policy, which does not let "
        "CloudTrail encrypt log files")]
    (tmp_path / "tf" / "policy.tf").write_text("""
resource "aws_kms_key_policy" "logs" {
  key_id = aws_kms_key.logs.id
  policy = jsonencode({Statement = [{Effect = "Allow", Principal = {AWS = "arn:aws:iam::111122223333:root"},
                                     Action = "kms:*", Resource = "*"}]})
}
""")
    assert [f.split(": ", 1)[1] for f in lint(tmp_path, "tf", None, "TL209")] == [
        ("TL209 key policy of 'aws_kms_key.logs' does not let CloudTrail encrypt the logs of trail 'audit': no "
        "statement allows cloudtrail.amazonaws.com kms:GenerateDataKey on the key")]


def _plan(configured: bool, with_configuration: bool = True) -> str:
    plan = json.loads((Path(__file__).parent / "rules" / "TL209" / "bad-created.tfplan.json").read_text())
    if configured:
        key, = (r for r in plan["configuration"]["root_module"]["resources"] if r["type"] == "aws_kms_key")
        key["expressions"]["policy"] = {"references": ["data.aws_iam_policy_document.key.json"]}
    if not with_configuration:
        for resource in plan["configuration"]["root_module"]["resources"]:
            if resource["type"] == "aws_kms_key":
                plan["configuration"]["root_module"]["resources"].remove(resource)
    return json.dumps(plan, indent=1)


def test_a_plans_key_policy_known_after_apply_is_unknown_when_configured(tmp_path: Path) -> None:
    assert len(lint(tmp_path, "p.tfplan.json", _plan(configured=False), "TL209")) == 1
    assert lint(tmp_path, "p.tfplan.json", _plan(configured=True), "TL209") == []
    # A plan that does not say how the key is configured: its policy may be set, so nothing is said.
    assert lint(tmp_path, "p.tfplan.json", _plan(configured=False, with_configuration=False), "TL209") == []


def test_an_existing_key_without_policy_in_the_plan_is_not_read_as_default(tmp_path: Path) -> None:
    plan = json.loads(_plan(configured=False))
    for change in plan["resource_changes"]:
        change["change"]["actions"] = ["no-op"]
        change["change"]["before"] = change["change"]["after"]
    assert lint(tmp_path, "p.tfplan.json", json.dumps(plan, indent=1), "TL209") == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True), min_size=1, max_size=7, unique=True))
def test_one_finding_for_any_number_of_trails_with_a_stable_subject(tmp_path: Path, names: list[str]) -> None:
    def template(trail_names: list[str]) -> str:
        return "Resources:\n  Key: {Type: AWS::KMS::Key}\n" + _trails("KMSKeyId", "!GetAtt Key.Arn", *trail_names)

    found = findings(tmp_path, "t.yaml", template(names), "TL209")
    assert len(found) == 1
    shown = names if len(names) <= 4 else names[:3]
    assert all(repr(name) in found[0].message for name in shown)
    assert (f"and {len(names) - 3} more" in found[0].message) == (len(names) > 4)
    # Adding trails after the first leaves the fingerprint alone.
    added = findings(tmp_path, "t.yaml", template([*names, "zz-added"]), "TL209")
    assert [f.fingerprint for f in added] == [found[0].fingerprint]
