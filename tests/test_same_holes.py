"""The same value not known offline on both sides of a delivery check ("named holes").

A bucket policy written as `arn:${AWS::Partition}:s3:::${Bucket}/AWSLogs/${AWS::AccountId}/*` for a
trail whose `S3BucketName` is `!Ref Bucket` holds the very bucket and account CloudTrail writes to,
whatever they turn out to be: decided, in CloudFormation and Terraform. Another resource's value may
or may not be the same (TL002); a policy wrong for the named bucket is wrong whatever its name (TL207).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.delivery_match import ANYTHING, SEGMENT, matches
from trail_lint.engine import run
from trail_lint.iam.evaluator import arn_matches
from trail_lint.model import ACCOUNT_CHARS, UNKNOWN, Hole, Part
from trail_lint.registry import all_rules

BUCKET = Hole(name="stack#Ref Bucket")
OTHER = Hole(name="stack#Ref Other")
ACCOUNT = Hole(name="stack#AWS::AccountId", chars=ACCOUNT_CHARS)
PARAMETER = Hole(anything=True, name="stack#parameter Name")
WRITE: tuple[Part, ...] = ("arn:aws:s3:::", BUCKET, "/AWSLogs/", ACCOUNT, "/", ANYTHING)


# --- The matcher ------------------------------------------------------------------------------

def test_the_same_holes_on_both_sides_match_whatever_they_hold() -> None:
    assert matches(("arn:aws:s3:::", BUCKET, "/AWSLogs/", ACCOUNT, "/*"), WRITE, arn_matches) is True
    assert matches(("arn:aws:s3:::", BUCKET, "/*"), WRITE, arn_matches) is True
    assert matches(("arn:aws:s3:::", PARAMETER, "/AWSLogs/*"), ("arn:aws:s3:::", PARAMETER, "/AWSLogs/1/x"),
                   arn_matches) is True


def test_another_resource_s_hole_may_or_may_not_be_the_same() -> None:
    assert matches(("arn:aws:s3:::", OTHER, "/AWSLogs/", ACCOUNT, "/*"), WRITE, arn_matches) is UNKNOWN
    assert matches(("arn:aws:s3:::", BUCKET, "/AWSLogs/", ACCOUNT, "/*"),
                   ("arn:aws:s3:::", SEGMENT, "/AWSLogs/", ACCOUNT, "/", ANYTHING), arn_matches) is UNKNOWN


def test_a_pattern_wrong_for_the_named_bucket_matches_nothing() -> None:
    # AWSLogs/ left out: an account ID (digits) is never "AWSLogs"
    assert matches(("arn:aws:s3:::", BUCKET, "/", ACCOUNT, "/*"), WRITE, arn_matches) is False
    # another prefix
    assert matches(("arn:aws:s3:::", BUCKET, "/logs/AWSLogs/", ACCOUNT, "/*"), WRITE, arn_matches) is False


def test_a_hole_that_may_hold_wildcards_is_not_taken_as_literal() -> None:
    """A parameter may be `*`: in a pattern it may then match any prefix, so a mismatch is not certain."""
    assert matches(("arn:aws:s3:::", PARAMETER, "/logs/AWSLogs/*"), ("arn:aws:s3:::", PARAMETER, "/AWSLogs/1/x"),
                   arn_matches) is UNKNOWN
    assert matches(("arn:aws:s3:::", BUCKET, "/logs/AWSLogs/*"), ("arn:aws:s3:::", BUCKET, "/AWSLogs/1/x"),
                   arn_matches) is False


# Concrete fillings: a bucket name, an account ID, any text (wildcards too) for a parameter, but
# for a colon: like the unnamed holes, a hole is taken to hold no ':', which only the resource part
# of an ARN may hold, and which IAM's `*` crosses there anyway.
_NAMES = st.text("ab-.", min_size=1, max_size=4)
_IDS = st.text("0123", min_size=1, max_size=3)
_ANY = st.text("ab/*?-", min_size=1, max_size=4)
_PIECES = st.sampled_from(["arn:aws:s3:::", "/", "AWSLogs/", "*", "?", "a", "1", ":"])
_HOLES = st.sampled_from([BUCKET, OTHER, ACCOUNT, PARAMETER])


@given(st.lists(st.one_of(_PIECES, _HOLES), max_size=6), st.lists(st.one_of(_PIECES, _HOLES), max_size=6),
       _NAMES, _NAMES, _IDS, _ANY)
def test_a_decided_answer_holds_for_every_filling(pattern: list[Part], value: list[Part], bucket: str,
                                                  other: str, account: str, anything: str) -> None:
    """True and False hold whatever the holes hold, the same text for the same name on both sides; a
    parameter's text may hold wildcards, and stays literal in the value."""
    value = [part for part in value if part != "*" and part != "?"]       # a request holds no wildcard
    fill = {BUCKET: bucket, OTHER: other, ACCOUNT: account, PARAMETER: anything}

    def text(parts: list[Part], literal: bool) -> str:
        return "".join(part if isinstance(part, str) else
                       fill[part].replace("*", "\ue0a1").replace("?", "\ue0a2") if literal else fill[part]
                       for part in parts)
    found = matches(tuple(pattern), tuple(value), arn_matches)
    if found is not UNKNOWN:
        # the value's wildcard characters are literal: stand-ins that only a pattern's wildcards match
        assert found == arn_matches(text(pattern, False), text(value, True))


# --- CloudFormation ---------------------------------------------------------------------------

def lint(tmp_path: Path, name: str, text: str, rules: tuple[str, ...], **settings: object) -> list[str]:
    """The findings of ``rules`` (and their TL002s) on one file, in an account and Region not given
    unless ``settings`` says."""
    (tmp_path / name).write_text(text)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = run([name], from_mapping({"select": list(rules), **settings}), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    # the home Region of a trail of a stack or provider without one is said apart (TL002 of its own)
    return [f"{f.rule} {f.message}" for f in result.findings
            if f.rule in rules and not f.message.startswith("home Region of trail")]


def template(write: str, *, bucket: str = "Bucket", extra: str = "", action: str = "s3:PutObject") -> str:
    return f"""Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Other:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref {bucket}
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: AclCheck
            Effect: Allow
            Principal: {{Service: cloudtrail.amazonaws.com}}
            Action: s3:GetBucketAcl
            Resource: !GetAtt Bucket.Arn
          - Sid: Write
            Effect: Allow
            Principal: {{Service: cloudtrail.amazonaws.com}}
            Action: {action}
            Resource: !Sub "{write}"
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      S3BucketName: !Ref Bucket
{extra}"""


SAMPLE = "arn:${AWS::Partition}:s3:::${Bucket}/AWSLogs/${AWS::AccountId}/*"


def test_the_stack_s_bucket_and_account_on_both_sides_decide_tl207(tmp_path: Path) -> None:
    assert lint(tmp_path, "t.yaml", template(SAMPLE), ("TL207", "TL002")) == []
    assert lint(tmp_path, "t.yaml", template("${Bucket.Arn}/AWSLogs/*"), ("TL207", "TL002")) == []


def test_another_bucket_of_the_stack_may_be_another_name(tmp_path: Path) -> None:
    found = lint(tmp_path, "t.yaml", template(SAMPLE.replace("${Bucket}", "${Other}")), ("TL207", "TL002"))
    assert [line.split(" cannot decide")[0] for line in found] == ["TL002 TL207 (bucket-policy-blocks-delivery)"]
    assert "statement 'Write': whether the Resource covers" in found[0]


def test_a_policy_wrong_for_the_stack_s_bucket_is_tl207(tmp_path: Path) -> None:
    no_awslogs = lint(tmp_path, "t.yaml", template("arn:${AWS::Partition}:s3:::${Bucket}/${AWS::AccountId}/*"),
                      ("TL207", "TL002"))
    assert [line.split(":")[0] for line in no_awslogs] == ["TL207 bucket policy of 'Bucket' blocks delivery for trail 'audit'"]
    assert "no statement allows cloudtrail.amazonaws.com s3:PutObject" in no_awslogs[0]
    read_only = lint(tmp_path, "t.yaml", template(SAMPLE, action="s3:GetObject"), ("TL207", "TL002"))
    assert [line.split(":")[0] for line in read_only] == ["TL207 bucket policy of 'Bucket' blocks delivery for trail 'audit'"]


def test_a_parameter_without_value_is_the_same_text_wherever_it_is_used(tmp_path: Path) -> None:
    text = template("arn:${AWS::Partition}:s3:::${Name}/AWSLogs/${AWS::AccountId}/*").replace(
        "  Bucket:\n    Type: AWS::S3::Bucket\n", "  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !Ref Name}\n"
    ).replace("Resources:", "Parameters:\n  Name: {Type: String}\nResources:")
    assert "BucketName: !Ref Name" in text

    def undecided(text: str) -> list[str]:
        return [line.split(" (")[0] for line in lint(tmp_path, "t.yaml", text, ("TL207", "TL002"))
                if not line.startswith("TL002 parameter Name has no Default")]
    assert undecided(text) == []
    # ... which may hold wildcards: a prefix that looks wrong may still be matched through them
    assert undecided(text.replace("/AWSLogs/${AWS::AccountId}", "/logs/AWSLogs/${AWS::AccountId}")) == ["TL002 TL207"]
    # a bucket name made up at deployment holds none
    generated = template("arn:${AWS::Partition}:s3:::${Bucket}/logs/AWSLogs/${AWS::AccountId}/*")
    assert [line.split(" ")[0] for line in lint(tmp_path, "t.yaml", generated, ("TL207", "TL002"))] == ["TL207"]


def test_a_literal_arn_aws_holds_only_in_the_aws_partition(tmp_path: Path) -> None:
    """The stack's Region, so its partition, is not known: `arn:aws:` may not be the trail's partition.
    That is said once, in the TL002 that says the home Region is not known, which names TL207."""
    text = template(SAMPLE.replace("${AWS::Partition}", "aws"))
    found = lint(tmp_path, "t.yaml", text, ("TL207",), select=["TL207"])
    undecided = lint(tmp_path, "t.yaml", text, ("TL002",), select=["TL207", "TL002"])
    assert found == [] and len(undecided) == 1
    assert undecided[0].startswith("TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: home Region of trail")
    assert lint(tmp_path, "t.yaml", text, ("TL207", "TL002"), region="us-east-1") == []


TOPIC = """  Topic:
    Type: AWS::SNS::Topic
  OtherTopic:
    Type: AWS::SNS::Topic
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: AWSCloudTrailSNSPolicy
            Effect: Allow
            Principal: {Service: cloudtrail.amazonaws.com}
            Action: SNS:Publish
            Resource: !Ref RESOURCE
"""


def test_the_topic_of_the_stack_on_both_sides_decides_tl208(tmp_path: Path) -> None:
    trail = template(SAMPLE).replace("      S3BucketName: !Ref Bucket",
                                     "      S3BucketName: !Ref Bucket\n      SnsTopicName: !GetAtt Topic.TopicName")
    assert lint(tmp_path, "t.yaml", trail + TOPIC.replace("RESOURCE", "Topic"), ("TL208", "TL002")) == []
    other = lint(tmp_path, "t.yaml", trail + TOPIC.replace("RESOURCE", "OtherTopic"), ("TL208", "TL002"))
    assert [line.split(" cannot decide")[0] for line in other] == ["TL002 TL208 (sns-policy-blocks-delivery)"]


def test_json_templates_read_alike(tmp_path: Path) -> None:
    import json

    from trail_lint.load import Intrinsic, load_text

    def long_form(value: object) -> object:
        if isinstance(value, Intrinsic):
            name = value.name
            argument = value.value.split(".", 1) if name == "Fn::GetAtt" and isinstance(value.value, str) else value.value
            return {name: long_form(argument)}
        if isinstance(value, dict):
            return {key: long_form(item) for key, item in value.items()}
        return [long_form(item) for item in value] if isinstance(value, list) else value

    for write, expected in ((SAMPLE, []), ("arn:${AWS::Partition}:s3:::${Bucket}/${AWS::AccountId}/*", ["TL207"])):
        document = long_form(load_text(template(write), "t.yaml").data)
        found = lint(tmp_path, "t.json", json.dumps(document), ("TL207", "TL002"))
        assert [line.split(" ")[0] for line in found] == expected


# --- Terraform --------------------------------------------------------------------------------

TERRAFORM = """
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

resource "aws_s3_bucket" "trail" {
  bucket_prefix = "trail-logs-"
}

resource "aws_s3_bucket" "other" {}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.trail.arn
      },
      {
        Sid       = "Write"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "WRITE"
      },
    ]
  })
}
"""
TF_SAMPLE = "${aws_s3_bucket.trail.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"


def tf(tmp_path: Path, write: str, rules: tuple[str, ...] = ("TL207", "TL002"), **settings: object) -> list[str]:
    return lint(tmp_path, "main.tf", TERRAFORM.replace("WRITE", write), rules, **settings)


def test_terraform_the_bucket_and_account_of_the_configuration_decide_tl207(tmp_path: Path) -> None:
    assert tf(tmp_path, TF_SAMPLE) == []
    written = "arn:${data.aws_partition.current.partition}:s3:::${aws_s3_bucket.trail.id}/AWSLogs/" \
              "${data.aws_caller_identity.current.account_id}/*"
    assert tf(tmp_path, written) == []


def test_terraform_another_bucket_or_a_wrong_prefix(tmp_path: Path) -> None:
    other = tf(tmp_path, TF_SAMPLE.replace("aws_s3_bucket.trail", "aws_s3_bucket.other"))
    assert [line.split(" cannot decide")[0] for line in other] == ["TL002 TL207 (bucket-policy-blocks-delivery)"]
    wrong = tf(tmp_path, TF_SAMPLE.replace("/AWSLogs/", "/"))
    assert [re.sub(r":.*", "", line) for line in wrong] == [
        "TL207 bucket policy of 'aws_s3_bucket.trail' blocks delivery for trail 'main'"]


def test_terraform_what_is_made_of_a_value_is_not_the_value(tmp_path: Path) -> None:
    """`substr` of the account is not the account: the policy may or may not name it."""
    made = tf(tmp_path, TF_SAMPLE.replace("${data.aws_caller_identity.current.account_id}",
                                          "${substr(data.aws_caller_identity.current.account_id, 0, 4)}"))
    assert [line.split(" cannot decide")[0] for line in made] == ["TL002 TL207 (bucket-policy-blocks-delivery)"]


def test_terraform_a_bucket_named_from_values_known_after_apply_is_one_name(tmp_path: Path) -> None:
    """`bucket = "logs-${random_id.suffix.hex}"`: whatever the name is, the trail writes to this bucket."""
    text = TERRAFORM.replace('bucket_prefix = "trail-logs-"', 'bucket = "trail-logs-${random_id.suffix.hex}"')
    text += 'resource "random_id" "suffix" {\n  byte_length = 4\n}\n'
    assert "random_id.suffix.hex" in text
    assert lint(tmp_path, "main.tf", text.replace("WRITE", TF_SAMPLE), ("TL207", "TL002")) == []
    wrong = lint(tmp_path, "main.tf", text.replace("WRITE", TF_SAMPLE.replace("/AWSLogs/", "/")), ("TL207", "TL002"))
    assert [line.split(" ")[0] for line in wrong] == ["TL207"]


def test_terraform_a_random_suffix_is_one_value_wherever_it_is_written(tmp_path: Path) -> None:
    """The bucket's name and the policy's Resource both written from "trail-logs-${random_id.suffix.hex}"
    (not through the bucket's attributes): one value known only after apply, the same in both."""
    text = TERRAFORM.replace('bucket_prefix = "trail-logs-"', 'bucket = local.name') + \
        'locals {\n  name = "trail-logs-${random_id.suffix.hex}"\n}\n' + \
        'resource "random_id" "suffix" {\n  byte_length = 4\n}\n'
    written = "arn:aws:s3:::${local.name}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
    assert lint(tmp_path, "main.tf", text.replace("WRITE", written), ("TL207", "TL002"), region="us-east-1") == []
    other = lint(tmp_path, "main.tf", text.replace("WRITE", written.replace("${local.name}", "audit-${random_id.suffix.hex}")),
                 ("TL207", "TL002"), region="us-east-1")
    assert [line.split(" ")[0] for line in other] == ["TL207"]
    # another random value may be the same text or not
    again = text.replace("WRITE", written.replace("${local.name}", "trail-logs-${random_id.again.hex}")) + \
        'resource "random_id" "again" {\n  byte_length = 4\n}\n'
    found = lint(tmp_path, "main.tf", again, ("TL207", "TL002"), region="us-east-1")
    assert [line.split(" cannot decide")[0] for line in found] == ["TL002 TL207 (bucket-policy-blocks-delivery)"]


def test_terraform_a_named_bucket_s_arn_is_in_its_provider_s_partition(tmp_path: Path) -> None:
    # A literal bucket name, no Region anywhere (a module written for any provider): the bucket's ARN
    # is in the partition of its provider configuration's Region, the same as the trail's request.
    named = TERRAFORM.replace('bucket_prefix = "trail-logs-"', 'bucket = "trail-logs"')
    found = lint(tmp_path, "main.tf", named.replace("WRITE", TF_SAMPLE), ("TL207", "TL002"))
    assert found == []
    # A bucket of another provider configuration (another Region, perhaps another partition) may not be.
    other = named.replace('bucket = "trail-logs"', 'bucket = "trail-logs"\n  provider = aws.other') + \
        'provider "aws" {\n  alias = "other"\n}\n'
    found = lint(tmp_path, "main.tf", other.replace("WRITE", TF_SAMPLE), ("TL207", "TL002"))
    assert [line.split(" cannot decide")[0] for line in found] == ["TL002 TL207 (bucket-policy-blocks-delivery)"]


TF_TOPIC = """
provider "aws" {
  alias = "elsewhere"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = "trail-logs"
  sns_topic_name = aws_sns_topic.alerts.arn
}

resource "aws_sns_topic" "alerts" {
  NAME
}

resource "aws_sns_topic" "other" {
  name = "other-alerts"
}

resource "aws_sns_topic" "elsewhere" {
  provider = aws.elsewhere
  name     = "trail-alerts"
}

resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = RESOURCE
    }]
  })
}
"""


def tf_topic(tmp_path: Path, name: str, resource: str) -> list[str]:
    text = TF_TOPIC.replace("NAME", name).replace("RESOURCE", resource)
    return [line.split(":")[0] for line in lint(tmp_path, "main.tf", text, ("TL208", "TL002"))]


def test_terraform_a_topic_s_own_arn_in_its_policy_decides_tl208(tmp_path: Path) -> None:
    """`Resource = aws_sns_topic.alerts.arn` is the ARN of the very topic the trail names, whatever its
    Region and account: arn:PARTITION:sns:REGION:ACCOUNT:NAME of the topic's provider configuration."""
    for name in ('name = "trail-alerts"', 'name_prefix = "trail-alerts-"', ""):
        assert tf_topic(tmp_path, name, "aws_sns_topic.alerts.arn") == []
        assert tf_topic(tmp_path, name, "aws_sns_topic.alerts.id") == []     # a topic's id is its ARN


def test_terraform_another_topic_s_arn_in_the_policy(tmp_path: Path) -> None:
    # another name in the same Region and account: never the trail's topic
    assert tf_topic(tmp_path, 'name = "trail-alerts"', "aws_sns_topic.other.arn") == [
        "TL208 topic policy of 'aws_sns_topic.alerts' blocks notifications of trail 'main'"]
    # the same name under another provider configuration may be another Region or account
    assert tf_topic(tmp_path, 'name = "trail-alerts"', "aws_sns_topic.elsewhere.arn") == [
        "TL002 TL208 (sns-policy-blocks-delivery) cannot decide"]


def test_terraform_a_trail_naming_its_topic_by_name_is_that_topic(tmp_path: Path) -> None:
    """`sns_topic_name = aws_sns_topic.alerts.name` (as the provider's example writes it): a name is the
    topic of that name in the trail's own Region and account, the ARN its policy names."""
    by_name = TF_TOPIC.replace("sns_topic_name = aws_sns_topic.alerts.arn", "sns_topic_name = aws_sns_topic.alerts.name")
    assert "alerts.name" in by_name
    text = by_name.replace("NAME", 'name = "trail-alerts"')
    assert lint(tmp_path, "main.tf", text.replace("RESOURCE", "aws_sns_topic.alerts.arn"), ("TL208", "TL002")) == []
    other = lint(tmp_path, "main.tf", text.replace("RESOURCE", "aws_sns_topic.other.arn"), ("TL208", "TL002"))
    assert [line.split(":")[0] for line in other] == [
        "TL208 topic policy of 'trail-alerts' blocks notifications of trail 'main'"]
    # the same name under another provider configuration may be another Region or account
    elsewhere = lint(tmp_path, "main.tf", text.replace("RESOURCE", "aws_sns_topic.elsewhere.arn"), ("TL208", "TL002"))
    assert [line.split(" cannot decide")[0] for line in elsewhere] == ["TL002 TL208 (sns-policy-blocks-delivery)"]


TF_LOG_GROUP = """
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_cloudwatch_log_group" "trail" {
  name = "trail-events"
}

resource "aws_iam_role" "delivery" {
  name               = "trail-delivery"
  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow",
    Principal = {Service = "cloudtrail.amazonaws.com"}, Action = "sts:AssumeRole"}]})
}

resource "aws_iam_role_policy" "delivery" {
  role = aws_iam_role.delivery.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "arn:aws:logs:eu-west-1:111122223333:log-group:GROUP:log-stream:*"
    }]
  })
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "trail-logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.delivery.arn
}
"""


def test_terraform_a_log_group_s_name_is_its_name_argument(tmp_path: Path) -> None:
    """The role's policy names the log group by `aws_cloudwatch_log_group.trail.name`: its `name`."""
    def found(group: str) -> list[str]:
        text = TF_LOG_GROUP.replace("GROUP", group)
        return [line.split(":")[0] for line in lint(tmp_path, "main.tf", text, ("TL215", "TL002"))]

    assert found("${aws_cloudwatch_log_group.trail.name}") == []
    assert found("other-events") == [
        "TL215 CloudWatch Logs role 'aws_iam_role.delivery' of trail 'main' does not allow logs"]


def test_terraform_the_account_given_is_the_caller_identity_s_account(tmp_path: Path) -> None:
    """`--account` ties the trail and `data.aws_caller_identity` of its provider configuration to one
    account: a policy naming that data source's account names the trail's, as without it."""
    assert tf(tmp_path, TF_SAMPLE, account="111122223333") == []
    wrong = tf(tmp_path, TF_SAMPLE.replace("/AWSLogs/", "/"), account="111122223333")
    assert [re.sub(r":.*", "", line) for line in wrong] == [
        "TL207 bucket policy of 'aws_s3_bucket.trail' blocks delivery for trail 'main'"]
