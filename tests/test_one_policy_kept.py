"""A topic, a key and a log bucket each keep one policy: several written for one of them replace each
other as they are applied, so what only some of them do is one TL002 naming them, and what all of
them do (or none) stays decided. The inputs follow the provider and CloudFormation docs:

- a Terraform `aws_kms_key` with its `policy` argument and an `aws_kms_key_policy` for it ("Attaches a
  policy to a KMS Key", registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key_policy);
  a key has one key policy (PutKeyPolicy replaces it, the policy name is always `default`);
- a Terraform `aws_sns_topic` with its `policy` argument and an `aws_sns_topic_policy` on its `arn`
  (both set the topic's `Policy` attribute, SetTopicAttributes), and two CloudFormation
  `AWS::SNS::TopicPolicy` whose `Topics` name one topic
  (docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topicpolicy.html);
- two `aws_s3_bucket_policy` for one log bucket (PutBucketPolicy replaces the bucket's policy).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules

MIXED = [("Allow", "Deny"), ("Deny", "Allow")]

HEAD = """
provider "aws" {{
  region = "eu-west-1"
}}
"""

STATEMENT = """jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "{effect}"
      Principal = {{ Service = "cloudtrail.amazonaws.com" }}
      Action    = {actions}
      Resource  = "*"
    }}]
  }})"""

KEY = HEAD + """
resource "aws_cloudtrail" "audit" {{
  name           = "audit"
  s3_bucket_name = "audit-logs-example"
  kms_key_id     = aws_kms_key.logs.arn
}}

resource "aws_kms_key" "logs" {{
  description = "trail logs"
  policy      = {inline}
}}
"""

KEY_POLICY = """
resource "aws_kms_key_policy" "{name}" {{
  key_id = aws_kms_key.logs.id
  policy = {policy}
}}
"""

KEY_ACTIONS = '["kms:GenerateDataKey*", "kms:DescribeKey"]'


def lint(tmp_path: Path, name: str, text: str, rule: str) -> list[tuple[str, str]]:
    (tmp_path / name).write_text(text)
    result = run([str(tmp_path)], Config(select=(rule, "TL002")), all_rules(), raise_errors=True)
    return [(f.rule, f.message) for f in result.findings if f.rule == rule or f"{rule} (" in f.message]


def key_policy(effect: str, actions: str = KEY_ACTIONS) -> str:
    return STATEMENT.format(effect=effect, actions=actions)


def trail_key(tmp_path: Path, inline: str, *attached: str) -> list[tuple[str, str]]:
    text = KEY.format(inline=key_policy(inline)) + "".join(
        KEY_POLICY.format(name=f"p{index}", policy=key_policy(effect)) for index, effect in enumerate(attached))
    return lint(tmp_path, "main.tf", text, "TL209")


@pytest.mark.parametrize("effects", MIXED)
def test_a_key_policy_beside_the_keys_own_that_disagrees_is_open(tmp_path: Path, effects: tuple[str, str]) -> None:
    found = trail_key(tmp_path, *effects)
    assert [rule for rule, _ in found] == ["TL002"]
    blocking, other = ("aws_kms_key.logs", "aws_kms_key_policy.p0") if effects[0] == "Deny" else \
        ("aws_kms_key_policy.p0", "aws_kms_key.logs")
    assert ("may not let CloudTrail call kms:GenerateDataKey on the key: 2 policies are written for the key and it "
            f"keeps one, {blocking} (statement 1 denies kms:GenerateDataKey) or {other}, which the inputs do not "
            "say") in found[0][1]


def test_two_key_policy_resources_for_one_key_are_said_alike(tmp_path: Path) -> None:
    found = trail_key(tmp_path, "Allow", "Allow", "Deny")
    assert [rule for rule, _ in found] == ["TL002"]
    assert ("3 policies are written for the key and it keeps one, aws_kms_key_policy.p1 (statement 1 denies "
            "kms:GenerateDataKey) or aws_kms_key.logs, aws_kms_key_policy.p0, which the inputs do not say") in found[0][1]


def test_every_key_policy_blocking_is_one_finding_and_none_is_nothing(tmp_path: Path) -> None:
    assert trail_key(tmp_path, "Deny", "Deny") == [
        ("TL209", ("key policy of 'aws_kms_key.logs' does not let CloudTrail encrypt the logs of trail 'audit': "
                  "statement 1 denies kms:GenerateDataKey"))]
    assert trail_key(tmp_path, "Allow", "Allow") == []


def test_one_key_policy_that_blocks_is_certain(tmp_path: Path) -> None:
    assert [rule for rule, _ in trail_key(tmp_path, "Deny")] == ["TL209"]
    assert [rule for rule, _ in trail_key(tmp_path, "Allow", "Deny")] == ["TL002"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["Allow", "Deny"]), min_size=1, max_size=4))
def test_which_key_policy_is_kept_decides_only_where_they_disagree(effects: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        found = trail_key(Path(folder), *effects)
    rules = [rule for rule, _ in found]
    if "Allow" not in effects:
        assert rules == ["TL209"]
    elif "Deny" not in effects:
        assert rules == []
    else:
        assert rules == ["TL002"]
        assert f"{len(effects)} policies are written for the key and it keeps one" in found[0][1]


TOPIC = HEAD + """
resource "aws_cloudtrail" "audit" {{
  name           = "audit"
  s3_bucket_name = "audit-logs-example"
  sns_topic_name = aws_sns_topic.trail.arn
}}

resource "aws_sns_topic" "trail" {{
  name   = "trail-notes"
  policy = {inline}
}}

resource "aws_sns_topic_policy" "trail" {{
  arn    = aws_sns_topic.trail.arn
  policy = {attached}
}}
"""


@pytest.mark.parametrize("effects", [*MIXED, ("Deny", "Deny"), ("Allow", "Allow")])
def test_a_topic_policy_beside_the_topics_own(tmp_path: Path, effects: tuple[str, str]) -> None:
    inline, attached = (STATEMENT.format(effect=effect, actions='"SNS:Publish"') for effect in effects)
    found = lint(tmp_path, "main.tf", TOPIC.format(inline=inline, attached=attached), "TL208")
    if effects in MIXED:
        blocking, other = ("aws_sns_topic.trail", "aws_sns_topic_policy.trail") if effects[0] == "Deny" else \
            ("aws_sns_topic_policy.trail", "aws_sns_topic.trail")
        assert [rule for rule, _ in found] == ["TL002"]
        assert (f"2 policies are written for the topic and it keeps one, {blocking} (statement 1 denies SNS:Publish) "
                f"or {other}, which the inputs do not say") in found[0][1]
    elif effects == ("Deny", "Deny"):
        assert found == [("TL208", ("topic policy of 'aws_sns_topic.trail' blocks notifications of trail 'audit': "
                                   "statement 1 denies SNS:Publish"))]
    else:
        assert found == []


TEMPLATE = """
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      S3BucketName: audit-logs-example
      SnsTopicName: !GetAtt Topic.TopicName
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: trail-notes
{policies}
"""

TOPIC_POLICY = """
  {name}:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [{topics}]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: {effect}
            Principal:
              Service: cloudtrail.amazonaws.com
            Action: SNS:Publish
            Resource: !Ref Topic
"""


def template(*policies: tuple[str, str]) -> str:
    return TEMPLATE.format(policies="".join(TOPIC_POLICY.format(name=name, effect=effect, topics="!Ref Topic")
                                            for name, effect in policies))


def test_two_cloudformation_topic_policies_naming_one_topic_that_disagree_are_open(tmp_path: Path) -> None:
    found = lint(tmp_path, "template.yaml", template(("Open", "Allow"), ("Closed", "Deny")), "TL208")
    assert [rule for rule, _ in found] == ["TL002"]
    assert ("2 policies are written for the topic and it keeps one, Closed (statement 1 denies SNS:Publish) or Open, "
            "which the inputs do not say") in found[0][1]


def test_two_cloudformation_topic_policies_that_agree_are_decided(tmp_path: Path) -> None:
    assert [rule for rule, _ in lint(tmp_path, "template.yaml", template(("A", "Deny"), ("B", "Deny")), "TL208")] \
        == ["TL208"]
    assert lint(tmp_path, "template.yaml", template(("A", "Allow"), ("B", "Allow")), "TL208") == []


def test_one_topic_policy_naming_its_topic_twice_is_one_policy(tmp_path: Path) -> None:
    text = TEMPLATE.format(policies=TOPIC_POLICY.format(name="Closed", effect="Deny", topics="!Ref Topic, !Ref Topic"))
    assert [rule for rule, _ in lint(tmp_path, "template.yaml", text, "TL208")] == ["TL208"]


TOPIC_KEY = HEAD + """
resource "aws_cloudtrail" "audit" {{
  name           = "audit"
  s3_bucket_name = "audit-logs-example"
  sns_topic_name = aws_sns_topic.trail.arn
}}

resource "aws_sns_topic" "trail" {{
  name              = "trail-notes"
  kms_master_key_id = aws_kms_key.topic.arn
}}

resource "aws_kms_key" "topic" {{
  description = "topic"
  policy      = {inline}
}}

resource "aws_kms_key_policy" "topic" {{
  key_id = aws_kms_key.topic.id
  policy = {attached}
}}
"""


@pytest.mark.parametrize("effects", [*MIXED, ("Deny", "Deny"), ("Allow", "Allow")])
def test_the_topics_key_with_two_policies(tmp_path: Path, effects: tuple[str, str]) -> None:
    inline, attached = (key_policy(effect, '["kms:GenerateDataKey*", "kms:Decrypt"]') for effect in effects)
    found = lint(tmp_path, "main.tf", TOPIC_KEY.format(inline=inline, attached=attached), "TL220")
    if effects in MIXED:
        blocking, other = ("aws_kms_key.topic", "aws_kms_key_policy.topic") if effects[0] == "Deny" else \
            ("aws_kms_key_policy.topic", "aws_kms_key.topic")
        assert [rule for rule, _ in found] == ["TL002"]
        assert (f"2 policies are written for the key and it keeps one, {blocking} (statement 1 denies "
                f"kms:GenerateDataKey) or {other}, which the inputs do not say") in found[0][1]
    elif effects == ("Deny", "Deny"):
        assert [rule for rule, _ in found] == ["TL220"]
    else:
        assert found == []


BUCKET = HEAD + """
resource "aws_cloudtrail" "audit" {{
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.logs.id
}}

resource "aws_s3_bucket" "logs" {{
  bucket = "audit-logs-example"
}}

resource "aws_s3_bucket_public_access_block" "logs" {{
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = {restrict}
}}
"""

BUCKET_POLICY = """
resource "aws_s3_bucket_policy" "{name}" {{
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Sid       = "Read"
      Effect    = "Allow"
      Principal = {principal}
      Action    = "s3:GetObject"
      Resource  = "${{aws_s3_bucket.logs.arn}}/*"
    }}]
  }})
}}
"""

ANYONE, CLOUDTRAIL = '"*"', '{ Service = "cloudtrail.amazonaws.com" }'


def public(tmp_path: Path, *principals: str, restrict: str = "false") -> list[tuple[str, str]]:
    text = BUCKET.format(restrict=restrict) + "".join(
        BUCKET_POLICY.format(name=f"p{index}", principal=principal) for index, principal in enumerate(principals))
    return lint(tmp_path, "main.tf", text, "TL307")


@pytest.mark.parametrize("principals", [(ANYONE, CLOUDTRAIL), (CLOUDTRAIL, ANYONE)])
def test_a_public_bucket_policy_beside_one_that_is_not_is_open(tmp_path: Path, principals: tuple[str, str]) -> None:
    found = public(tmp_path, *principals)
    assert [rule for rule, _ in found] == ["TL002"]
    blocking = principals.index(ANYONE)
    assert ("may let anyone access it: 2 policies are written for the bucket and it keeps one, "
            f"aws_s3_bucket_policy.p{blocking} (statement 'Read' lets anyone access it) or "
            f"aws_s3_bucket_policy.p{1 - blocking}, which the inputs do not say") in found[0][1]


def test_every_bucket_policy_public_is_certain_and_none_is_nothing(tmp_path: Path) -> None:
    assert [rule for rule, _ in public(tmp_path, ANYONE, ANYONE)] == ["TL307", "TL307"]
    assert public(tmp_path, CLOUDTRAIL, CLOUDTRAIL) == []
    assert [rule for rule, _ in public(tmp_path, ANYONE)] == ["TL307"]


def test_restrict_public_buckets_on_leaves_nothing_to_ask(tmp_path: Path) -> None:
    assert public(tmp_path, ANYONE, CLOUDTRAIL, restrict="true") == []
