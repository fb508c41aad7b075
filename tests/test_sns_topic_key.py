"""TL220: the KMS key of an encrypted SNS topic must let CloudTrail publish; what the inputs cannot
settle is one TL002 naming TL220, and what is certain is one finding per topic and key policy."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_delivery import ACCOUNT, lint

from trail_lint.delivery_requests import aws_managed_key

KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:notices"
PUBLISH = {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "SNS:Publish",
           "Resource": "*"}
USE_KEY = {"Sid": "CloudTrailUsesKey", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
           "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*"}


def template(key: str, statements: list[dict[str, object]] | None = None, trails: int = 1) -> str:
    """A topic encrypted with ``key`` (the template's Key when ``statements`` gives its policy), its
    topic policy, and ``trails`` trails publishing to it."""
    parts = ["Parameters:\n  TopicKeyArn: {Type: String}\nResources:\n"]
    if statements is not None:
        parts.append(f"  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: "
                     f"{json.dumps({'Statement': statements})}\n")
    parts.append(f"  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: {key}\n"
                 f"  TopicPolicy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics: [!Ref Topic]\n"
                 f"      PolicyDocument: {json.dumps({'Statement': [PUBLISH]})}\n")
    parts.extend(f"  Trail{n}:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      TrailName: trail-{n}\n"
                 f"      IsLogging: true\n      S3BucketName: audit-logs\n"
                 f"      SnsTopicName: !GetAtt Topic.TopicName\n" for n in range(trails))
    return "".join(parts)


def tl220(tmp_path: Path, text: str) -> list[str]:
    return [line.split(": ", 1)[1] for line in lint(tmp_path, "t.yaml", text, "TL220")]


def undecided(tmp_path: Path, text: str, *others: str) -> list[str]:
    return [line.split(": ", 1)[1] for line in lint(tmp_path, "t.yaml", text, "TL002", select=("TL220", *others))]


def test_a_key_policy_with_the_documented_statement_lets_cloudtrail_publish(tmp_path: Path) -> None:
    text = template("!Ref Key", [USE_KEY], trails=2)
    assert tl220(tmp_path, text) == []
    assert undecided(tmp_path, text) == []


def test_a_topic_without_encryption_is_not_checked(tmp_path: Path) -> None:
    text = template("!Ref AWS::NoValue")
    assert tl220(tmp_path, text) == []
    assert undecided(tmp_path, text) == []


def test_one_key_policy_blocking_every_trail_of_the_topic_is_one_finding(tmp_path: Path) -> None:
    generate_only = {**USE_KEY, "Action": "kms:GenerateDataKey*"}
    assert tl220(tmp_path, template("!GetAtt Key.Arn", [generate_only], trails=3)) == [
        ("TL220 SNS topic 'Topic' of trails 'trail-0', 'trail-1' and 'trail-2' is encrypted with KMS key 'Key', "
         "whose key policy does not let CloudTrail publish notifications: no statement allows "
         "cloudtrail.amazonaws.com kms:Decrypt on Key")]


def test_a_key_created_without_a_key_policy_blocks_cloudtrail(tmp_path: Path) -> None:
    text = template("!Ref Key", []).replace("      KeyPolicy: {\"Statement\": []}\n", "      Description: topic\n")
    assert tl220(tmp_path, text) == [
        ("TL220 SNS topic 'Topic' of trail 'trail-0' is encrypted with KMS key 'Key', which has the default key "
         "policy: it does not let CloudTrail publish notifications")]


def test_a_key_only_referred_to_is_one_tl002_naming_tl220(tmp_path: Path) -> None:
    assert undecided(tmp_path, template(KEY, trails=2)) == [
        (f"TL002 TL220 (sns-key-blocks-notifications) cannot decide: KMS key '{KEY}' of SNS topic 'Topic' of trail "
         "'trail-0' (and 1 other trail) is not in the inputs")]


def test_a_key_known_only_at_deployment_is_one_tl002_naming_tl220(tmp_path: Path) -> None:
    assert undecided(tmp_path, template("!Ref TopicKeyArn")) == [
        ("TL002 TL220 (sns-key-blocks-notifications) cannot decide: KMS key of SNS topic 'Topic' of trail 'trail-0' "
         "is not known offline")]


def test_a_condition_no_page_says_cloudtrail_meets_is_one_tl002_naming_tl220(tmp_path: Path) -> None:
    source = {**USE_KEY, "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}
    text = template("!Ref Key", [source])
    assert tl220(tmp_path, text) == []
    assert undecided(tmp_path, text) == [
        ("TL002 TL220 (sns-key-blocks-notifications) cannot decide: key policy of KMS key 'Key' of SNS topic 'Topic' "
         "of trail 'trail-0' may not let CloudTrail call kms:GenerateDataKey on Key: statement 'CloudTrailUsesKey': "
         "whether its StringEquals aws:SourceAccount condition holds for CloudTrail's kms:GenerateDataKey is not "
         "known offline")]


def test_a_topic_not_in_the_inputs_is_the_one_tl002_tl208_gives(tmp_path: Path) -> None:
    trails = [{"Name": f"trail-{n}", "S3BucketName": "audit-logs", "HomeRegion": "us-east-1",
               "IsMultiRegionTrail": False, "IncludeGlobalServiceEvents": True, "LogFileValidationEnabled": False,
               "TrailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/trail-{n}", "SnsTopicARN": TOPIC}
              for n in range(2)]
    found = lint(tmp_path, "trails.json", json.dumps({"trailList": trails}, indent=1), "TL002",
                 select=("TL208", "TL220"))
    assert [line.split(": ", 1)[1] for line in found] == [
        (f"TL002 TL208 (sns-policy-blocks-delivery) and TL220 (sns-key-blocks-notifications) cannot decide: SNS topic "
         f"'{TOPIC}' of trail 'trail-0' (and 1 other trail) is not in the inputs")]


def test_a_terraform_topic_links_its_key_through_an_alias(tmp_path: Path) -> None:
    text = """
resource "aws_kms_key" "topic" {
  policy = jsonencode({Statement = [{Effect = "Allow", Principal = {AWS = "arn:aws:iam::111122223333:root"},
                                     Action = "kms:*", Resource = "*"}]})
}
resource "aws_kms_alias" "topic" {
  name          = "alias/notices"
  target_key_id = aws_kms_key.topic.key_id
}
resource "aws_sns_topic" "notices" {
  name              = "notices"
  kms_master_key_id = aws_kms_alias.topic.name
  policy = jsonencode({Statement = [{Effect = "Allow", Principal = {Service = "cloudtrail.amazonaws.com"},
                                     Action = "SNS:Publish", Resource = "*"}]})
}
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs"
  sns_topic_name = aws_sns_topic.notices.name
}
"""
    # the topic names its key as configured, as the plan has it: the alias's name
    assert [line.split(": ", 1)[1] for line in lint(tmp_path, "main.tf", text, "TL220")] == [
        ("TL220 SNS topic 'notices' of trail 'audit' is encrypted with KMS key 'alias/notices', whose key "
         "policy does not let CloudTrail publish notifications: no statement allows cloudtrail.amazonaws.com "
         "kms:GenerateDataKey on aws_kms_key.topic")]


@pytest.mark.parametrize(("key", "managed"), [
    ("alias/aws/sns", True),
    ("arn:aws:kms:us-east-1:111122223333:alias/aws/sns", True),
    ("alias/aws-sns", False),
    ("alias/team/aws/sns", False),
    (KEY, False),
])
def test_aws_managed_keys_are_known_by_their_reserved_alias(key: str, managed: bool) -> None:
    assert aws_managed_key(key) is managed


@pytest.mark.parametrize(("key", "found"), [
    (KEY.replace("us-east-1", "eu-west-1"), [
        (f"TL220 SNS topic 'notices' of trail 'trail-0' is encrypted with KMS key "
         f"'{KEY.replace('us-east-1', 'eu-west-1')}' of eu-west-1, not of the topic's Region us-east-1")]),
    (f"arn:aws:kms:eu-west-1:{ACCOUNT}:alias/notices", [
        (f"TL220 SNS topic 'notices' of trail 'trail-0' is encrypted with KMS key "
         f"'arn:aws:kms:eu-west-1:{ACCOUNT}:alias/notices' of eu-west-1, not of the topic's Region us-east-1")]),
    (KEY, []),                  # the topic's Region: its policy is not in the inputs (one TL002)
    ("alias/notices", []),      # no Region said
])
def test_a_key_of_another_region_than_the_topic_is_a_finding(tmp_path: Path, key: str, found: list[str]) -> None:
    text = template(key).replace("    Properties:\n      KmsMasterKeyId", "    Properties:\n      TopicName: notices\n"
                                 "      KmsMasterKeyId").replace("!GetAtt Topic.TopicName", TOPIC)
    assert tl220(tmp_path, text) == found
