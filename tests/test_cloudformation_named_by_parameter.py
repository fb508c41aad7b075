"""A trail's bucket or topic named by a CloudFormation parameter without a value.

Real templates name the log bucket by a parameter in both places: the trail's ``S3BucketName``
and the ``AWS::S3::Bucket``'s ``BucketName`` are both ``!Ref BucketName``, and the bucket policy's
``Bucket`` is the same parameter (aws-quickstart/quickstart-enterprise-accelerator-pci,
templates/centralized-logging-Primary_LCQS_Config_Alerts.yaml, in the shared corpus as
quickstart-pci-central-logging-nested-stack-metric-filters.yaml). Whatever the parameter holds, it
names the same bucket: its policy and settings are the trail's delivery's, and the log bucket
rules decide. Bucket names built from a parameter and literal text (``!Sub "${Prefix}-cloudtrail"``,
as in templates that add the account or an organisation prefix) are invalid for certain when the
literal text alone breaks the S3 naming rules, and undecided (one TL002) otherwise.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_same_holes import lint

POLICY = """  LogBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref LogBucketName
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: cloudtrail.amazonaws.com}
            Action: s3:GetBucketAcl
            Resource: !Sub "arn:${AWS::Partition}:s3:::${LogBucketName}"
          - Effect: Allow
            Principal: {Service: cloudtrail.amazonaws.com}
            Action: ACTION
            Resource: !Sub "arn:${AWS::Partition}:s3:::${LogBucketName}/AWSLogs/${AWS::AccountId}/*"
            Condition:
              StringEquals: {"s3:x-amz-acl": bucket-owner-full-control}
"""


def template(*, policy: str = "", topic: str = "", bucket: str = "!Ref LogBucketName", sns: bool = False) -> str:
    return f"""Parameters:
  LogBucketName:
    Type: String
  TopicName:
    Type: String
  Prefix:
    Type: String
Resources:
  LogBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref LogBucketName
{policy}{topic}  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: {bucket}
""" + ("      SnsTopicName: !Ref TopicName\n" if sns else "")


TOPIC = """  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Ref TopicName
"""


def test_a_bucket_named_by_the_trails_parameter_is_its_log_bucket(tmp_path: Path) -> None:
    assert lint(tmp_path, "stack.yaml", template(), ("TL207", "TL002")) == [
        "TL207 log bucket 'LogBucket' of trail 'Trail' has no bucket policy, so CloudTrail cannot deliver to it"]


def test_a_bucket_policy_on_the_same_parameter_is_the_log_buckets_policy(tmp_path: Path) -> None:
    granted = template(policy=POLICY.replace("ACTION", "s3:PutObject"))
    assert lint(tmp_path, "stack.yaml", granted, ("TL207", "TL002")) == []
    # the same policy without the write CloudTrail needs blocks delivery, said at the policy
    found = lint(tmp_path, "stack.yaml", template(policy=POLICY.replace("ACTION", "s3:GetObject")), ("TL207",))
    assert found == [("TL207 bucket policy of 'LogBucket' blocks delivery for trail 'Trail': no statement allows "
                     "cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::<bucket>/AWSLogs/<account-id>/*")]


def test_a_bucket_named_by_another_parameter_is_not_the_trails(tmp_path: Path) -> None:
    found = lint(tmp_path, "stack.yaml", template(bucket="!Ref Prefix"), ("TL207", "TL002"))
    assert found == [("TL002 parameter Prefix has no Default: pass --parameter Prefix=VALUE, so not known: "
                     "S3BucketName of trail 'Trail' (TL207 (bucket-policy-blocks-delivery) cannot decide)")]


def test_a_topic_named_by_the_trails_parameter_is_its_topic(tmp_path: Path) -> None:
    found = lint(tmp_path, "stack.yaml", template(topic=TOPIC, sns=True), ("TL208", "TL002"))
    # the parameter names the topic the stack creates: not a topic switched off by an empty value
    assert found == [("TL208 SNS topic 'Topic' of trail 'Trail' has the default topic policy, which does not let "
                     "CloudTrail publish notifications")]


def test_a_topic_given_by_parameter_alone_is_one_tl002(tmp_path: Path) -> None:
    found = lint(tmp_path, "stack.yaml", template(sns=True), ("TL208", "TL002"))
    assert found == [("TL002 parameter TopicName has no Default: pass --parameter TopicName=VALUE, so not known: "
                     "SnsTopicName of trail 'Trail' may be unset at deployment (TL208 (sns-policy-blocks-delivery) "
                     "cannot decide)")]


def test_a_bucket_name_partly_a_parameter_is_judged_on_its_literal_part(tmp_path: Path) -> None:
    invalid = lint(tmp_path, "stack.yaml", template(bucket='!Sub "${Prefix}-CloudTrail"'), ("TL212",))
    assert invalid == [("TL212 S3 bucket name '<parameter Prefix>-CloudTrail' of trail 'Trail' is invalid whatever "
                       "its unknown parts hold: it contains 'C', 'T'; only lowercase letters, digits, '.' and '-' are "
                       "allowed; only a bucket created in us-east-1 before 1 March 2018 can have such a name")]
    reserved = lint(tmp_path, "stack.yaml", template(bucket='!Sub "${Prefix}-s3alias"'), ("TL212",))
    assert reserved == [("TL212 S3 bucket name '<parameter Prefix>-s3alias' of trail 'Trail' is invalid whatever its "
                        "unknown parts hold: the suffix '-s3alias' is reserved")]
    open_check = lint(tmp_path, "stack.yaml", template(bucket='!Sub "${Prefix}-cloudtrail"'), ("TL212", "TL002"))
    assert open_check == [("TL002 parameter Prefix has no Default: pass --parameter Prefix=VALUE, so not known: "
                          "S3BucketName of trail 'Trail' (TL212 (invalid-bucket-name) cannot decide)")]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=20),
       st.sampled_from("ABCXYZ_ /:"), st.integers(min_value=0, max_value=20))
def test_a_character_s3_never_takes_in_the_literal_part_is_always_a_finding(tmp_path: Path, suffix: str, bad: str,
                                                                           where: int) -> None:
    where = min(where, len(suffix))
    literal = suffix[:where] + bad + suffix[where:]
    found = lint(tmp_path, "stack.yaml", template(bucket=f'!Sub "${{Prefix}}-{literal}"'), ("TL212",))
    assert len(found) == 1 and found[0].startswith(f"TL212 S3 bucket name '<parameter Prefix>-{literal}'")
    assert f"it contains {bad!r}" in found[0]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=20))
def test_a_literal_part_s3_takes_leaves_the_name_to_the_parameter(tmp_path: Path, suffix: str) -> None:
    assume(suffix != "s3alias")     # "${Prefix}-s3alias": a reserved suffix
    found = lint(tmp_path, "stack.yaml", template(bucket=f'!Sub "${{Prefix}}-{suffix}"'), ("TL212", "TL002"))
    assert found == [("TL002 parameter Prefix has no Default: pass --parameter Prefix=VALUE, so not known: "
                     "S3BucketName of trail 'Trail' (TL212 (invalid-bucket-name) cannot decide)")]


ELSEWHERE = """Parameters:
  LogBucketName:
    Type: String
Resources:
{policy}  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: {bucket}
"""


def test_a_bucket_policy_on_the_trails_parameter_is_its_buckets_policy_wherever_the_bucket_is(tmp_path: Path) -> None:
    """A stack that attaches the policy to a bucket another stack made, both named by one parameter
    (the bucket's settings stay undecided: the bucket is not in the inputs)."""
    granted = ELSEWHERE.format(policy=POLICY.replace("ACTION", "s3:PutObject"), bucket="!Ref LogBucketName")
    assert lint(tmp_path, "stack.yaml", granted, ("TL207", "TL310", "TL002")) == [
        ("TL002 TL310 (log-bucket-access-logging-disabled) cannot decide: log bucket of trail 'Trail' is not in the "
        "inputs")]
    refused = ELSEWHERE.format(policy=POLICY.replace("ACTION", "s3:GetObject"), bucket="!Ref LogBucketName")
    assert lint(tmp_path, "stack.yaml", refused, ("TL207",)) == [
        ("TL207 bucket policy of 'LogBucketName' blocks delivery for trail 'Trail': no statement allows "
        "cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::<bucket>/AWSLogs/<account-id>/*")]


def test_a_bucket_policy_on_a_parameter_no_trail_names_may_still_be_any_buckets(tmp_path: Path) -> None:
    """Its target is not known: it may be the policy of the bucket the template creates for the trail."""
    bucket = "  AuditBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: audit-logs-bucket\n"
    found = lint(tmp_path, "stack.yaml", ELSEWHERE.format(policy=bucket + POLICY.replace("ACTION", "s3:PutObject"),
                                                          bucket="!Ref AuditBucket"), ("TL207", "TL002"))
    assert found == [("TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: log bucket 'audit-logs-bucket' "
                      "of trail 'Trail' may have its policy in 'LogBucketPolicy', whose target is not known offline")]


TOPIC_POLICY = """Parameters:
  TopicArn:
    Type: String
Resources:
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref TopicArn]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: cloudtrail.amazonaws.com}
            Action: ACTION
            Resource: !Ref TopicArn
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs-bucket
      SnsTopicName: !Ref TopicArn
"""


def test_a_topic_policy_on_the_trails_parameter_is_its_topics_policy(tmp_path: Path) -> None:
    refused = lint(tmp_path, "stack.yaml", TOPIC_POLICY.replace("ACTION", "SNS:Subscribe"), ("TL208", "TL002"))
    assert refused == [("TL208 topic policy of 'TopicArn' blocks notifications of trail 'Trail': no statement allows "
                       "cloudtrail.amazonaws.com SNS:Publish on the topic")]
    # whether `Resource: !Ref TopicArn` is the topic's ARN rests on the parameter holding an ARN, not a name
    granted = lint(tmp_path, "stack.yaml", TOPIC_POLICY.replace("ACTION", "SNS:Publish"), ("TL208", "TL002"))
    assert granted == [
        ("TL002 TL208 (sns-policy-blocks-delivery) cannot decide: topic policy of 'TopicArn' of trail 'Trail' may not "
        "let CloudTrail call SNS:Publish on the topic: statement 1: whether the Resource covers the topic is not "
        "known offline (parameter TopicArn has no Default: pass --parameter TopicArn=VALUE)")]
