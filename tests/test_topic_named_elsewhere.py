"""TL208: a trail that gives its SNS topic by name names the topic of that name in its own Region
(SnsTopicName takes "the name or the ARN"; aws_cloudtrail's sns_topic_name: "Specify the SNS topic
ARN if it resides in another region"). Where the topic it refers to is in another Region, the cause
is that the name does not name it, not that topic's policy."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main

POLICY = """
resource "aws_sns_topic_policy" "notices" {
  provider = aws.topic
  arn      = aws_sns_topic.notices.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = aws_sns_topic.notices.arn
    }]
  })
}
"""


def configuration(trail_region: str, topic_region: str, topic: str) -> str:
    return f"""
provider "aws" {{
  region = "{trail_region}"
}}

provider "aws" {{
  alias  = "topic"
  region = "{topic_region}"
}}

resource "aws_sns_topic" "notices" {{
  provider = aws.topic
  name     = "notices"
}}
{POLICY}
resource "aws_cloudtrail" "audit" {{
  name                       = "audit"
  s3_bucket_name             = "audit-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  sns_topic_name             = {topic}
}}
"""


def tl208(directory: Path, text: str, capsys) -> list[str]:
    (directory / "main.tf").write_text(text)
    main(["--format", "parsable", "--select", "TL208", str(directory)])
    return capsys.readouterr().out.splitlines()


def test_a_topic_of_another_region_given_by_name_is_said_to_be_named_wrongly(tmp_path, capsys):
    text = configuration("us-east-2", "us-west-2", "aws_sns_topic.notices.name")
    line = text.split("\n").index("  sns_topic_name             = aws_sns_topic.notices.name") + 1
    assert tl208(tmp_path, text, capsys) == [
        (f"{tmp_path / 'main.tf'}:{line}:3: TL208 trail 'audit' gives its SNS topic by name ('notices'), which names "
        "the topic of that name in the trail's Region us-east-2, not the one in us-west-2 the inputs hold "
        "(aws_sns_topic.notices): give its ARN")]


REGIONS = st.sampled_from(["us-east-1", "us-east-2", "us-west-2", "eu-west-1"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(REGIONS, REGIONS, st.sampled_from(["aws_sns_topic.notices.name", "aws_sns_topic.notices.arn", '"notices"']))
def test_only_a_reference_by_name_across_regions_is_a_wrong_name(tmp_path_factory, capsys, trail_region,
                                                                    topic_region, topic):
    """By its ARN the topic of any Region is named; by name, the topic of the trail's own Region; a
    literal name may mean a topic of the trail's Region the inputs do not hold (no finding of this kind)."""
    found = tl208(tmp_path_factory.mktemp("named"), configuration(trail_region, topic_region, topic), capsys)
    wrong = topic.endswith(".name") and trail_region != topic_region
    assert [f for f in found if "gives its SNS topic by name" in f] == (found[:1] if wrong else [])
    assert len(found) == (1 if wrong else 0), found


# TL220: the topic's key is checked for the topic the trail names. A topic of another Region given
# by name is not that topic (TL208 says so): its key is not judged.
KEY = """
resource "aws_kms_key" "notices" {
  provider = aws.topic
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
"""


def encrypted(trail_region: str, topic_region: str, topic: str) -> str:
    return configuration(trail_region, topic_region, topic).replace(
        '  name     = "notices"\n', '  name     = "notices"\n  kms_master_key_id = aws_kms_key.notices.arn\n') + KEY


def tl220(directory: Path, text: str, capsys) -> list[str]:
    (directory / "main.tf").write_text(text)
    main(["--format", "parsable", "--select", "TL220", "--select", "TL002", str(directory)])
    return capsys.readouterr().out.splitlines()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(REGIONS, REGIONS, st.sampled_from(["aws_sns_topic.notices.name", "aws_sns_topic.notices.arn"]))
def test_the_key_of_a_topic_the_trail_does_not_name_is_not_judged(tmp_path_factory, capsys, trail_region,
                                                                   topic_region, topic):
    found = tl220(tmp_path_factory.mktemp("key"), encrypted(trail_region, topic_region, topic), capsys)
    wrong = topic.endswith(".name") and trail_region != topic_region
    if wrong:
        assert found == []
    else:
        assert [f.split(": ", 1)[1] for f in found] == [
            ("TL220 SNS topic 'notices' of trail 'audit' is encrypted with KMS key 'aws_kms_key.notices', whose key "
             "policy does not let CloudTrail publish notifications: no statement allows cloudtrail.amazonaws.com "
             "kms:GenerateDataKey on aws_kms_key.notices")], found
