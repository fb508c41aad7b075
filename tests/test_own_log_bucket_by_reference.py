"""TL309 when a trail's selectors name its log bucket by reference, whose name is not known offline.

`!Sub "${Logs.Arn}/"` or `"${aws_s3_bucket.logs.arn}/"` in a data event selector of a trail whose
`S3BucketName` is that bucket is the log bucket whatever its name turns out to be: the trail records
its own log files (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-recursive-logging.html).
Another bucket, or a prefix that may or may not be the log bucket's, stays one TL002.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_same_holes import lint
from trail_lint.rules.tl309_trail_logs_own_bucket import _differ

RULES = ("TL309", "TL002")

TEMPLATE = """Resources:
  Logs:
    Type: AWS::S3::Bucket
  Other:
    Type: AWS::S3::Bucket
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: !Ref Logs
SELECTORS"""
BASIC = """      EventSelectors:
        - ReadWriteType: READ_WRITE
          DataResources:
            - Type: AWS::S3::Object
              Values: [VALUE]
"""
ADVANCED = """      AdvancedEventSelectors:
        - FieldSelectors:
            - {Field: eventCategory, Equals: [Data]}
            - {Field: resources.type, Equals: ["AWS::S3::Object"]}
            - {Field: resources.ARN, StartsWith: [VALUE]}
"""
OWN = "TL309 trail 'Trail' records S3 write data events for its own log bucket 'Logs'"
# the one TL002 of the trail's selectors, which TL502 and TL504 name too where they are open on them
OPEN = "TL002 TL309 (trail-logs-own-bucket) cannot decide: what trail 'Trail' records is not known: its event " \
       "selectors hold a value not known offline"


def template(selectors: str, value: str, read_write: str = "All") -> str:
    return TEMPLATE.replace("SELECTORS", selectors.replace("VALUE", value).replace("READ_WRITE", read_write))


@pytest.mark.parametrize("selectors", [BASIC, ADVANCED])
@pytest.mark.parametrize("value", ['!Sub "${Logs.Arn}/"', '!Sub "arn:${AWS::Partition}:s3:::${Logs}/"',
                                   '!Sub "${Logs.Arn}/AWSLogs/"', '!Join ["", [!GetAtt Logs.Arn, "/"]]',
                                   '!GetAtt Logs.Arn'])
def test_the_log_bucket_by_reference_is_its_own_whatever_its_name(tmp_path: Path, selectors: str, value: str) -> None:
    assert lint(tmp_path, "t.yaml", template(selectors, value), RULES) == [OWN]
    # the Region given: the bucket's partition is the trail's
    assert lint(tmp_path, "t.yaml", template(selectors, value), RULES, region="eu-west-1") == [OWN]


# the TL002 saying the trail's home Region is not known, naming TL309: the Region's partition decides
REGION_OPEN = "TL002 TL309 (trail-logs-own-bucket) cannot decide: home Region of trail 'Trail' is not known: " \
              "pass --region or set `region` in .trail-lint.yaml; quota and cost checks count it in the stack's " \
              "Region, coverage checks leave it out"


def test_what_cannot_be_tied_to_the_log_bucket_stays_one_tl002(tmp_path: Path) -> None:
    # a literal partition while the trail's is not known: the selector is known to name the log bucket,
    # and the log files are arn:aws:s3:::… only in the aws partition, so the trail's Region decides
    assert lint(tmp_path, "t.yaml", template(BASIC, '!Sub "arn:aws:s3:::${Logs}/"'), RULES) == [REGION_OPEN]
    # a partition whose log files the literal one does not name: decided
    assert lint(tmp_path, "t.yaml", template(BASIC, '!Sub "arn:aws:s3:::${Logs}/"'), RULES, region="cn-north-1") == []
    # a value that may or may not be the log bucket whatever the partition: the selectors' own TL002
    assert lint(tmp_path, "t.yaml", template(BASIC, '!Sub "arn:aws:s3:::${Other}-x/"'), RULES) == [OPEN]
    # another bucket of the template is another name (two buckets of one stack never share one)
    assert lint(tmp_path, "t.yaml", template(BASIC, '!Sub "${Other.Arn}/"'), RULES) == []
    assert lint(tmp_path, "t.yaml", template(ADVANCED, '!Sub "${Other.Arn}/"'), RULES) == []
    # a literal partition is the trail's once its Region is known
    assert lint(tmp_path, "t.yaml", template(BASIC, '!Sub "arn:aws:s3:::${Logs}/"'), RULES, region="us-east-1") \
        == [OWN]


def test_a_selector_that_does_not_record_writes_is_no_loop(tmp_path: Path) -> None:
    assert lint(tmp_path, "t.yaml", template(BASIC, '!Sub "${Logs.Arn}/"', "ReadOnly"), RULES) == []


TERRAFORM = """
resource "aws_s3_bucket" "logs" {
  bucket_prefix = "audit-logs-"
}
resource "aws_s3_bucket" "other" {
  bucket_prefix = "data-"
}
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.logs.id
  event_selector {
    read_write_type = "WriteOnly"
    data_resource {
      type   = "AWS::S3::Object"
      values = [VALUE]
    }
  }
}
"""


def test_a_terraform_bucket_named_at_apply_by_reference(tmp_path: Path) -> None:
    def found(value: str, **settings: object) -> list[str]:
        return lint(tmp_path, "main.tf", TERRAFORM.replace("VALUE", value), RULES, **settings)

    own = "TL309 trail 'audit' records S3 write data events for its own log bucket 'aws_s3_bucket.logs'"
    assert found('"${aws_s3_bucket.logs.arn}/"') == [own]
    assert found('"${aws_s3_bucket.logs.arn}/"', region="eu-west-1", account="111122223333") == [own]
    assert found('"arn:aws:s3:::${aws_s3_bucket.logs.id}/"', region="us-east-1") == [own]
    # another bucket resource of the configuration is another name (S3 bucket names are unique)
    assert found('"${aws_s3_bucket.other.arn}/"') == []
    assert found('"arn:aws:s3:::${aws_s3_bucket.other.id}/"', region="us-east-1") == []
    # a variable without a value may name the log bucket or not
    variable = 'variable "data" {}\n' + TERRAFORM.replace("VALUE", '"arn:aws:s3:::${var.data}/"')
    assert [f[:6] for f in lint(tmp_path, "main.tf", variable, RULES, region="us-east-1")] == ["TL002 "]


TERRAFORM_ADVANCED = TERRAFORM.replace("""  event_selector {
    read_write_type = "WriteOnly"
    data_resource {
      type   = "AWS::S3::Object"
      values = [VALUE]
    }
  }""", """  advanced_event_selector {
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field       = "resources.ARN"
      starts_with = [VALUE]
    }
  }""")


def test_an_advanced_selector_on_another_terraform_bucket_is_no_loop(tmp_path: Path) -> None:
    def found(value: str) -> list[str]:
        return lint(tmp_path, "main.tf", TERRAFORM_ADVANCED.replace("VALUE", value), RULES)

    own = "TL309 trail 'audit' records S3 write data events for its own log bucket 'aws_s3_bucket.logs'"
    assert found('"${aws_s3_bucket.logs.arn}/"') == [own]
    assert found('"${aws_s3_bucket.other.arn}/"') == []
    # a prefix of the other bucket's name, without the '/': a longer name may be the log bucket's
    assert [f[:6] for f in found('"${aws_s3_bucket.other.arn}"')] == ["TL002 "]


def test_a_prefix_that_differs_from_the_log_files_whatever_the_names_is_no_loop(tmp_path: Path) -> None:
    """Another folder of the log bucket, or a bucket named after it with more: the log files' ARNs
    differ from it in a character after the same names, whatever those names are."""
    for value in ('!Sub "${Logs.Arn}/data/"', '!Sub "${Logs.Arn}-archive/"'):
        assert lint(tmp_path, "t.yaml", template(ADVANCED, value), RULES) == [], value
    # a folder whose name is not known offline may be AWSLogs
    assert lint(tmp_path, "t.yaml", template(ADVANCED, '!Sub "${Logs.Arn}/${Other}/"'), RULES) == [OPEN]



@pytest.mark.parametrize("selectors", [BASIC, ADVANCED])
def test_another_bucket_in_a_literal_partition_is_no_loop_whatever_the_region(tmp_path: Path, selectors: str) -> None:
    """``arn:aws:s3:::${Other}/x/`` names another bucket of the template in every partition the trail's
    home Region may be in: no partition's log files are among them, so the Region does not matter."""
    assert lint(tmp_path, "t.yaml", template(selectors, '!Sub "arn:aws:s3:::${Other}/x/"'), RULES) == []

NAMED = """
data "aws_caller_identity" "current" {}
resource "aws_s3_bucket" "logs" {
  bucket = "acme-cloudtrail-${data.aws_caller_identity.current.account_id}"
}
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.logs.id
  advanced_event_selector {
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field       = "resources.ARN"
      starts_with = [VALUE]
    }
  }
}
"""


def test_a_literal_prefix_of_a_log_bucket_named_with_holes(tmp_path: Path) -> None:
    """A log bucket whose name holds the account (known at deployment): a prefix of its literal part
    that the selectors record holds whatever the account is, and one that differs from it does not."""
    def found(value: str) -> list[str]:
        return lint(tmp_path, "main.tf", NAMED.replace("VALUE", value), RULES, region="eu-west-1")

    assert found('"arn:aws:s3:::acme-"') == [
        "TL309 trail 'audit' records S3 write data events for its own log bucket 'aws_s3_bucket.logs'"]
    assert found('"arn:aws:s3:::other-"') == []
    # the account's own text may or may not begin with a 1
    assert [f[:6] for f in found('"arn:aws:s3:::acme-cloudtrail-1"')] == ["TL002 "]


def test_tokens_differ_only_at_a_literal_character_after_the_same_names() -> None:
    bucket, other = "\x00stack#Ref Logs\x00", "\x00stack#Ref Other\x00"
    logs = f"arn:aws:s3:::{bucket}/AWSLogs/"
    assert _differ(f"arn:aws:s3:::{bucket}/data/", logs) is True
    assert _differ(f"arn:aws:s3:::{bucket}/AWSLogs/111/", logs) is False        # begins with the log files'
    assert _differ(f"arn:aws:s3:::{other}/", logs) is False                     # may be the same name
    assert _differ(f"arn:aws:s3:::{bucket}{other}/", logs) is False


@given(st.text(alphabet="abcdefghij-", min_size=1, max_size=6), st.text(alphabet="abcdefghij-", min_size=1, max_size=6),
       st.sampled_from(["/", "/AWSLogs/", ""]))
def test_the_names_of_two_bucket_resources_differ_before_a_slash(first: str, second: str, rest: str) -> None:
    """Two bucket resources never share a name: values naming each, followed by '/', differ whatever
    the names turn out to be; the same resource, or a name that may go on, may not."""
    names = [f"terraform:.:#aws_s3_bucket.{first}.bucket", f"terraform:.:#aws_s3_bucket.{second}.bucket"]
    created = frozenset(names)
    logs = f"arn:aws:s3:::\x00{names[0]}\x00/AWSLogs/"
    value = f"arn:aws:s3:::\x00{names[1]}\x00{rest}"
    assert _differ(value, logs, created) is (first != second and rest != "")
    assert _differ(value, logs) is False                      # not known to be two bucket resources


BY_ACCOUNT = """Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "trail-logs-${AWS::AccountId}"
  Other:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "other-${AWS::AccountId}"
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: !Ref Logs
      AdvancedEventSelectors:
        - FieldSelectors:
            - {Field: eventCategory, Equals: [Data]}
            - {Field: resources.type, Equals: ["AWS::S3::Object"]}
            - {Field: resources.ARN, NotStartsWith: [!Sub "${EXCLUDED.Arn}/"]}
"""


@pytest.mark.parametrize("settings", [{}, {"account": "111122223333"}, {"account": "111122223333", "region": "us-east-1"}])
@pytest.mark.parametrize(("excluded", "expected"), [
    ("Logs", []),
    ("Other", ["TL309 trail 'Trail' records S3 write data events for its own log bucket 'LOGS'"])])
def test_a_bucket_named_by_reference_decides_the_same_once_the_account_settles_its_name(
        tmp_path: Path, settings: dict[str, str], excluded: str, expected: list[str]) -> None:
    """An organization trail that excludes its own log bucket (NotStartsWith "${Logs.Arn}/") records
    none of its log files, whether the bucket's name holds the account or --account writes it out."""
    shown = "trail-logs-111122223333" if settings else "Logs"
    assert lint(tmp_path, "t.yaml", BY_ACCOUNT.replace("EXCLUDED", excluded), RULES, **settings) == [
        line.replace("LOGS", shown) for line in expected]


BY_VARIABLE = """
variable "name" {
  type = string
}
resource "aws_s3_bucket" "archive" {
  bucket = var.name
}
resource "aws_s3_bucket" "trail" {
  bucket = "${var.name}-trail"
}
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.trail.id
  advanced_event_selector {
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field       = "resources.ARN"
      starts_with = [VALUE]
    }
  }
}
"""


@pytest.mark.parametrize("region", [None, "eu-west-1"])
def test_buckets_named_by_a_variable_without_a_value_are_told_apart_by_their_arns(tmp_path: Path,
                                                                                  region: str | None) -> None:
    """A module whose buckets are named after a variable it is not given: the ARN of each holds that
    variable as a named hole, as its name does. Before, the ARN lost it, so neither the log bucket's
    own ARN nor another bucket's settled TL309 (one TL002 naming TL309 on the variable)."""
    def found(value: str) -> list[str]:
        return [f for f in lint(tmp_path, "main.tf", BY_VARIABLE.replace("VALUE", value), RULES,
                                **({"region": region} if region else {}))
                if f.startswith("TL309") or "TL309" in f]

    assert found('"${aws_s3_bucket.trail.arn}/"') == [
        "TL309 trail 'audit' records S3 write data events for its own log bucket 'aws_s3_bucket.trail'"]
    # "<name>/" never begins "<name>-trail/": another bucket, whatever the name is
    assert found('"${aws_s3_bucket.archive.arn}/"') == []


PARAMETER = """Parameters:
  LogBucket:
    Type: String
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: false
      S3BucketName: !Ref LogBucket
      EventSelectors:
        - ReadWriteType: WriteOnly
          IncludeManagementEvents: false
          DataResources:
            - Type: AWS::S3::Object
              Values: [!Sub "arn:aws:s3:::${LogBucket}/"]
"""


def test_a_parameter_without_a_value_naming_the_log_bucket_waits_only_for_the_region(tmp_path: Path) -> None:
    # the selector names the log bucket whatever the parameter's value: what is open is the trail's
    # Region (its partition begins the log files' ARNs), said in the TL002 for the Region
    found = lint(tmp_path, "t.yaml", PARAMETER, RULES)
    assert [f for f in found if "TL309" in f] == [REGION_OPEN]
    assert lint(tmp_path, "t.yaml", PARAMETER, ("TL309",), region="us-east-1") == \
        ["TL309 trail 'Trail' records S3 write data events for its own log bucket"]
    assert lint(tmp_path, "t.yaml", PARAMETER, ("TL309",), region="us-gov-west-1") == []


LITERAL = TEMPLATE.replace("S3BucketName: !Ref Logs", "S3BucketName: acme-logs")


def literal(selectors: str, value: str) -> str:
    return LITERAL.replace("SELECTORS", selectors.replace("VALUE", value).replace("READ_WRITE", "All"))


@pytest.mark.parametrize("selectors", [BASIC, ADVANCED])
def test_a_literal_selector_waits_for_the_partition_of_the_trail(tmp_path: Path, selectors: str) -> None:
    """The log files' ARNs begin with the partition of the trail's home Region: a selector naming the
    log bucket in one partition names them in that partition only."""
    text = literal(selectors, '"arn:aws-cn:s3:::acme-logs/"')
    own = "TL309 trail 'Trail' records S3 write data events for its own log bucket 'acme-logs'"
    assert lint(tmp_path, "t.yaml", text, RULES, region="cn-north-1") == [own]
    assert lint(tmp_path, "t.yaml", text, RULES, region="us-east-1") == []
    assert lint(tmp_path, "t.yaml", text, RULES) == [REGION_OPEN]
    # every bucket of every partition, or a bucket that is no log bucket in any: decided without it
    every = literal(selectors, '"arn:aws:s3:::"' if selectors == ADVANCED else '"arn:aws:s3"')
    assert lint(tmp_path, "t.yaml", every, RULES) == [own]
    other = literal(selectors, '"arn:aws-cn:s3:::media/"')
    assert lint(tmp_path, "t.yaml", other, RULES) == []
