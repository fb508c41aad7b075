"""Delivery checks the inputs cannot settle (TL207, TL208, TL209): what is certain despite unknown
parts is decided, and what is not is one TL002 per policy and check, never a silent pass."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_delivery import ACCOUNT, BUCKET, SERVICE, TRAIL, deny, lint, policy, write

from trail_lint.delivery import evaluate
from trail_lint.delivery_bucket_requests import bucket_requests
from trail_lint.iam.evaluator import Decision
from trail_lint.model import UNKNOWN, Condition, Policy, Statement

# the flags describe-trails gives for every trail, as they were read when absent before
FLAGS = {"IsMultiRegionTrail": False, "IncludeGlobalServiceEvents": True, "LogFileValidationEnabled": False}


def _messages(found: list[str]) -> list[str]:
    """Findings as lint gives them ("line:column: TLnnn message"), without their line and column."""
    return [line.split(": ", 1)[1] for line in found]


def _open_write(others: str, why: str) -> str:
    """TL207's TL002 for CloudTrail's write to the bucket that a statement leaves open (``why``), said as
    for trail 'trail-0' and counting the ``others``."""
    return (f"TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: bucket policy of '{BUCKET}' of trail "
            f"'trail-0' ({others}) may not let CloudTrail call s3:PutObject on "
            f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*: {why}")


# --- The verdict: never decided when an unknown part could change it, never open when it could not ---

OTHER_ACCOUNT = "444455556666"
KNOWN = {
    "allow": write(Sid="Allow"),
    "allow-other-principal": write(Sid="OtherPrincipal", Principal={"Service": "config.amazonaws.com"}),
    "allow-other-bucket": write(f"arn:aws:s3:::other/AWSLogs/{ACCOUNT}/*", Sid="OtherBucket"),
    "allow-own-account": write(Sid="OwnAccount", Condition={"StringEquals": {"aws:SourceAccount": ACCOUNT}}),
    "allow-other-account": write(Sid="OtherAccount", Condition={"StringEquals": {"aws:SourceAccount": OTHER_ACCOUNT}}),
    "deny": deny(),
    "deny-without-tls": deny({"Bool": {"aws:SecureTransport": "false"}}),
    "deny-other-account": deny({"StringNotEquals": {"aws:SourceAccount": ACCOUNT}}),
}
FAILING = (Condition("StringEquals", "aws:SourceAccount", (OTHER_ACCOUNT,)),)
# What an unknown part of a statement may turn out to be: one reading that makes the statement apply
# to CloudTrail's write, and one that does not (the rest of the statement as written).
READINGS: dict[str, tuple[Any, Any]] = {
    "effect": ("Allow", "Deny"),
    "resources": (("*",), ("arn:aws:s3:::other/*",)),
    "principals": ({"AWS": ("*",)}, {"Service": ("config.amazonaws.com",)}),
    "conditions": ((), FAILING),
    "actions": (("s3:*",), ("s3:GetObject",)),
}


def _statement(name: str) -> Statement:
    return policy(KNOWN[name]).statements[0]  # type: ignore[index]


def _decision(statements: list[Statement]) -> Decision:
    document = Policy("p", tuple(statements))
    return evaluate(document, bucket_requests(TRAIL, BUCKET)[1]).decision


@given(st.lists(st.sampled_from(sorted(KNOWN)), max_size=4), st.sampled_from(sorted(KNOWN)),
       st.sampled_from(sorted(READINGS)), st.integers(min_value=0, max_value=4), st.booleans())
def test_one_unknown_part_decides_only_what_every_reading_decides(known: list[str], base: str, part: str,
                                                                  place: int, undecidable: bool) -> None:
    """A policy of known statements and one statement with one unknown part (or, ``undecidable``, a
    condition trail-lint cannot decide for CloudTrail's request): the verdict is ALLOWED or DENIED
    exactly when every reading of the unknown part gives that decision, and UNKNOWN otherwise."""
    statements = [_statement(name) for name in known]
    at = min(place, len(statements))
    if undecidable:
        part = "conditions"
        unknown = replace(_statement(base), conditions=(Condition("IpAddress", "aws:SourceIp", ("203.0.113.0/24",)),))
    else:
        unknown = replace(_statement(base), **{part: UNKNOWN})
    readings = {_decision([*statements[:at], replace(unknown, **{part: value}), *statements[at:]])
                for value in READINGS[part]}
    verdict = _decision([*statements[:at], unknown, *statements[at:]])
    assert verdict is (readings.pop() if len(readings) == 1 else Decision.UNKNOWN)


def test_a_statement_whose_effect_is_not_known_may_be_a_deny() -> None:
    open_effect = replace(_statement("deny"), effect=UNKNOWN)
    verdict = evaluate(Policy("p", (_statement("allow"), open_effect)), bucket_requests(TRAIL, BUCKET)[1])
    assert (verdict.decision, verdict.reason) == (Decision.UNKNOWN, "statement 'Deny': Effect not known")
    # one that cannot apply to CloudTrail's write (another principal) leaves the allow decided
    elsewhere = replace(_statement("allow-other-principal"), effect=UNKNOWN)
    assert _decision([_statement("allow"), elsewhere]) is Decision.ALLOWED


def test_an_undecidable_condition_is_named_with_its_operator_and_key() -> None:
    verdict = evaluate(policy(write(Sid="FromOffice", Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
                       bucket_requests(TRAIL, BUCKET)[1])
    assert verdict.reason == "statement 'FromOffice': whether its IpAddress aws:SourceIp condition holds for " \
                             "CloudTrail's s3:PutObject is not known offline"


# --- The rules: one TL002 per policy and check, at the statement ---------------------------------------

ACL = {"Sid": "Acl", "Effect": "Allow", "Principal": SERVICE, "Action": "s3:GetBucketAcl",
       "Resource": f"arn:aws:s3:::{BUCKET}"}


def _template(statements: list[dict[str, Any]], trails: int = 1, extra: str = "") -> str:
    """A bucket policy (JSON, which is YAML) and ``trails`` trails delivering to its bucket."""
    document = json.dumps({"Version": "2012-10-17", "Statement": statements})
    return f"""Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: {BUCKET}
      PolicyDocument: {document}
""" + "".join(f"""  Trail{n}:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: trail-{n}
      IsLogging: true
      S3BucketName: {BUCKET}
""" for n in range(trails)) + extra


def test_a_bucket_policy_resting_on_a_deploy_time_value_is_one_tl002_naming_tl207(tmp_path: Path) -> None:
    """`!GetAtt Bucket.Arn` in the write's Resource: before, no finding and no TL002 (a silent pass)."""
    text = _template([ACL, write(Sid="Write")], trails=3).replace(
        f'"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*"', '{"Fn::Sub": "${Logs.Arn}/AWSLogs/${AWS::AccountId}/*"}')
    text += "  Logs:\n    Type: AWS::S3::Bucket\n"
    assert lint(tmp_path, "t.yaml", text, "TL207") == []
    found = lint(tmp_path, "t.yaml", text, "TL002", select=("TL207",))
    assert [line.split(":", 1)[0] for line in found] == ["6"]      # the statement, in the policy document's line
    assert _messages(found) == [_open_write("and 2 other trails", (
        f"statement 'Write': whether the Resource covers arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/* is not known "
        "offline"))]


def test_a_deny_on_a_fact_trail_lint_cannot_see_is_one_tl002_at_the_deny(tmp_path: Path) -> None:
    office = deny({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})
    found = lint(tmp_path, "t.yaml", _template([ACL, write(), office], trails=2), "TL002", select=("TL207",))
    assert _messages(found) == [_open_write("and 1 other trail", (
        "statement 'Deny': whether its NotIpAddress aws:SourceIp condition holds for CloudTrail's s3:PutObject is "
        "not known offline"))]


def test_a_certain_answer_gives_no_tl002(tmp_path: Path) -> None:
    office = deny({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})
    # An unconditional Deny blocks whatever the other Deny's condition is: TL207, no TL002.
    blocked = _template([ACL, write(), office, deny()])
    assert len(lint(tmp_path, "t.yaml", blocked, "TL207")) == 1
    assert lint(tmp_path, "t.yaml", blocked, "TL002", select=("TL207",)) == []
    # Both requests allowed, the undecidable statement about another principal only: no finding.
    other = write(Sid="Partner", Principal={"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
                  Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})
    allowed = _template([ACL, write(), other])
    assert lint(tmp_path, "t.yaml", allowed, "TL002", select=("TL207",)) == []
    assert lint(tmp_path, "t.yaml", allowed, "TL207") == []


def _plan(policy_value: Any, unknown: bool) -> str:
    """A Terraform plan with a trail and its bucket policy (known, or known only after apply)."""
    trail = {"address": "aws_cloudtrail.main", "mode": "managed", "type": "aws_cloudtrail", "name": "main",
             "provider_name": "registry.terraform.io/hashicorp/aws",
             "change": {"actions": ["create"], "before": None,
                        "after": {"name": "main", "s3_bucket_name": BUCKET, "enable_logging": True},
                        "after_unknown": {"arn": True}}}
    attached = {"address": "aws_s3_bucket_policy.logs", "mode": "managed", "type": "aws_s3_bucket_policy",
                "name": "logs", "provider_name": "registry.terraform.io/hashicorp/aws",
                "change": {"actions": ["create"], "before": None,
                           "after": {"bucket": BUCKET, **({} if unknown else {"policy": policy_value})},
                           "after_unknown": {"policy": True} if unknown else {}}}
    return json.dumps({"format_version": "1.2", "terraform_version": "1.6.0", "resource_changes": [trail, attached],
                       "planned_values": {"root_module": {}}, "configuration": {"root_module": {}}}, indent=1)


def test_a_plan_whose_bucket_policy_is_known_after_apply_is_one_tl002_for_every_check(tmp_path: Path) -> None:
    found = lint(tmp_path, "plan.json", _plan(None, unknown=True), "TL002", select=("TL207", "TL307"))
    assert _messages(found) == [
        ("TL002 TL207 (bucket-policy-blocks-delivery) and TL307 (log-bucket-public) cannot decide: bucket policy of "
        f"log bucket '{BUCKET}' of trail 'main' is not known, so not checked")]
    known = json.dumps({"Version": "2012-10-17", "Statement": [ACL, write()]})
    assert lint(tmp_path, "plan.json", _plan(known, unknown=False), "TL002", select=("TL207", "TL307")) == []


def test_an_unknown_the_reader_reports_is_not_said_twice(tmp_path: Path) -> None:
    """A variable without a value in the write's Resource: the reader's one TL002 names the variable,
    the policy and the check it stopped (TL207); TL207 adds no finding of its own."""
    (tmp_path / "main.tf").write_text(f"""
variable "logs_arn" {{}}
resource "aws_cloudtrail" "main" {{
  name           = "main"
  s3_bucket_name = "{BUCKET}"
}}
resource "aws_s3_bucket_policy" "logs" {{
  bucket = "{BUCKET}"
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{ Effect = "Allow", Principal = {{ Service = "cloudtrail.amazonaws.com" }}, Action = "s3:GetBucketAcl",
        Resource = "arn:aws:s3:::{BUCKET}" }},
      {{ Sid = "Write", Effect = "Allow", Principal = {{ Service = "cloudtrail.amazonaws.com" }},
        Action = "s3:PutObject", Resource = "${{var.logs_arn}}/AWSLogs/{ACCOUNT}/*" }},
    ]
  }})
}}
""")
    found = lint(tmp_path, "main.tf", (tmp_path / "main.tf").read_text(), "TL002", select=("TL207",))
    assert len(found) == 1 and "var.logs_arn has no value" in found[0]
    assert found[0].endswith("so not known: Resource of statement 'Write' in policy of aws_s3_bucket_policy.logs "
                             "(TL207 (bucket-policy-blocks-delivery) cannot decide)")
    assert lint(tmp_path, "main.tf", (tmp_path / "main.tf").read_text(), "TL207") == []


TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:notices"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _delivering(kind: str, statements: list[dict[str, Any]]) -> str:
    """A topic or key created with a policy, and two trails using it."""
    document = json.dumps({"Version": "2012-10-17", "Statement": statements})
    if kind == "topic":
        resource = f"""  Topic:
    Type: AWS::SNS::Topic
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument: {document}
"""
        link = "SnsTopicName: !Ref Topic"
    else:
        resource = f"""  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: {document}
"""
        link = "KMSKeyId: !Ref Key"
    return "Resources:\n" + resource + "".join(f"""  Trail{n}:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: trail-{n}
      IsLogging: true
      S3BucketName: {BUCKET}
      {link}
""" for n in range(2))


def test_a_topic_policy_condition_trail_lint_cannot_decide_is_one_tl002_naming_tl208(tmp_path: Path) -> None:
    publish = {"Sid": "Publish", "Effect": "Allow", "Principal": SERVICE, "Action": "SNS:Publish", "Resource": "*",
               "Condition": {"StringEquals": {"aws:SourceOwner": ACCOUNT}}}
    text = _delivering("topic", [publish])
    assert lint(tmp_path, "t.yaml", text, "TL208") == []
    found = lint(tmp_path, "t.yaml", text, "TL002", select=("TL208",))
    assert _messages(found) == [
        ("TL002 TL208 (sns-policy-blocks-delivery) cannot decide: topic policy of 'Topic' of trail 'trail-0' (and 1 "
        "other trail) may not let CloudTrail call SNS:Publish on the topic: statement 'Publish': whether its "
        "StringEquals aws:SourceOwner condition holds for CloudTrail's SNS:Publish is not known offline")]


def test_a_key_policy_resting_on_another_stacks_value_is_one_tl002_naming_tl209(tmp_path: Path) -> None:
    encrypt = {"Sid": "Encrypt", "Effect": "Allow", "Principal": SERVICE, "Action": "kms:GenerateDataKey*",
               "Resource": "*", "Condition": {"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn":
                                                             {"Fn::ImportValue": "trail-arns"}}}}
    describe = {"Sid": "Describe", "Effect": "Allow", "Principal": SERVICE, "Action": "kms:DescribeKey", "Resource": "*"}
    text = _delivering("key", [encrypt, describe])
    assert lint(tmp_path, "t.yaml", text, "TL209") == []
    found = lint(tmp_path, "t.yaml", text, "TL002", select=("TL209",))
    assert _messages(found) == [
        ("TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: key policy of 'Key' of trail 'trail-0' (and 1 "
        "other trail) may not let CloudTrail call kms:GenerateDataKey on the key: statement 'Encrypt': whether its "
        "StringLike kms:EncryptionContext:aws:cloudtrail:arn condition holds for CloudTrail's kms:GenerateDataKey is "
        "not known offline")]
    # the describe statement left out: certain, so TL209 and no TL002
    assert len(lint(tmp_path, "t.yaml", _delivering("key", [encrypt]), "TL209")) == 2
    assert lint(tmp_path, "t.yaml", _delivering("key", [encrypt]), "TL002", select=("TL209",)) == []


# --- TL215: the CloudWatch Logs role -------------------------------------------------------------------

def _role(statements: str) -> str:
    """A role (its inline policy's statements as YAML flow) and two trails sending to one log group with it."""
    return f"""Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: trail-logs
      AssumeRolePolicyDocument:
        Statement:
          - {{Effect: Allow, Principal: {{Service: cloudtrail.amazonaws.com}}, Action: sts:AssumeRole}}
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Statement: {statements}
""" + "".join(f"""  Trail{n}:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: trail-{n}
      S3BucketName: {BUCKET}
      IsLogging: true
      CloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:{ACCOUNT}:log-group:audit:*"
      CloudWatchLogsRoleArn: "arn:aws:iam::{ACCOUNT}:role/trail-logs"
""" for n in range(2))


STREAM = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:audit:log-stream:{ACCOUNT}_CloudTrail_us-east-1"


def test_a_role_allowing_delivery_only_under_undecidable_conditions_is_one_tl002_naming_tl215(tmp_path: Path) -> None:
    text = _role("[{Sid: Office, Effect: Allow, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*', "
                 "Condition: {IpAddress: {'aws:SourceIp': 203.0.113.0/24}}}]")
    assert lint(tmp_path, "t.yaml", text, "TL215") == []
    assert _messages(lint(tmp_path, "t.yaml", text, "TL002", select=("TL215",))) == [
        ("TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: CloudWatch Logs role "
        f"'arn:aws:iam::{ACCOUNT}:role/trail-logs' of trail 'trail-0' (and 1 other trail) may not allow "
        f"logs:CreateLogStream on {STREAM}: statement 'Office' of logs allows it only under conditions not known "
        f"offline")]


def test_a_role_statement_with_a_deploy_time_resource_is_one_tl002_naming_tl215(tmp_path: Path) -> None:
    text = _role("[{Sid: Streams, Effect: Allow, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], "
                 "Resource: !ImportValue trail-log-group-arn}]")
    found = lint(tmp_path, "t.yaml", text, "TL002", select=("TL215",))
    assert _messages(found) == [
        ("TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: CloudWatch Logs role "
        f"'arn:aws:iam::{ACCOUNT}:role/trail-logs' of trail 'trail-0' (and 1 other trail) may not allow "
        f"logs:CreateLogStream on {STREAM}: statement 'Streams' of logs is not known offline")]
    # An unconditional Deny of one action settles it whatever the other statement is: TL215, no TL002.
    blocked = _role("[{Sid: Streams, Effect: Allow, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], "
                    "Resource: !ImportValue trail-log-group-arn}, {Sid: NoEvents, Effect: Deny, "
                    "Action: 'logs:PutLogEvents', Resource: '*'}]")
    assert len(lint(tmp_path, "t.yaml", blocked, "TL215")) == 2
    assert lint(tmp_path, "t.yaml", blocked, "TL002", select=("TL215",)) == []


_REMOTE_LOG_GROUP = """
provider "aws" {
  region = "us-east-1"
}
data "terraform_remote_state" "base" {
  backend = "local"
  config  = { path = "base.tfstate" }
}
resource "aws_cloudwatch_log_group" "trail" {
  name = "/aws/cloudtrail/${data.terraform_remote_state.base.outputs.name}"
}
resource "aws_iam_role" "delivery" {
  name               = "delivery"
  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow",
    Action = "sts:AssumeRole", Principal = {Service = "cloudtrail.amazonaws.com"}}]})
}
resource "aws_iam_role_policy" "delivery" {
  role   = aws_iam_role.delivery.id
  policy = jsonencode({Version = "2012-10-17", Statement = [{Sid = "Write", Effect = "Allow",
    Action = ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource = "arn:aws:logs:us-east-1:ACCOUNT:log-group:/aws/cloudtrail/${data.terraform_remote_state.base.outputs.name}:log-stream:*"}]})
}
resource "aws_cloudtrail" "t" {
  name                       = "t"
  s3_bucket_name             = "logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.delivery.arn
}
"""


def test_a_log_group_name_known_only_after_apply_is_named_not_account_and_region(tmp_path: Path) -> None:
    """With --account and --region given, what leaves the role's policy open is the log group's name:
    the TL002 names it and does not ask for --account and --region again."""
    found = lint(tmp_path, "main.tf", _REMOTE_LOG_GROUP.replace("ACCOUNT", ACCOUNT), "TL002", select=("TL215",))
    assert _messages(found) == [
        ("TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: CloudWatch Logs role "
         "'aws_iam_role.delivery' of trail 't' may not allow logs:CreateLogStream on "
         f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:<aws_cloudwatch_log_group.trail.name>:log-stream:"
         f"{ACCOUNT}_CloudTrail_us-east-1: whether statement 'Write' of aws_iam_role_policy.delivery covers it is "
         "not known offline (the log stream's ARN holds <aws_cloudwatch_log_group.trail.name>, known only at "
         "deployment)")]


# --- TL307: a public statement with unknown parts -------------------------------------------------------

READ = {"Sid": "Read", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{BUCKET}/*"}


# the log bucket, with S3 Block Public Access off for policies (RestrictPublicBuckets would settle it alone)
OPEN_BUCKET = f"""  LogBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: {BUCKET}
      PublicAccessBlockConfiguration: {{BlockPublicPolicy: false, RestrictPublicBuckets: false}}
"""


def _public(statement: dict[str, Any], **unknown: Any) -> str:
    """The bucket policy template with ``statement``, whose elements in ``unknown`` are replaced by
    CloudFormation values known only at deployment, and its log bucket."""
    text = _template([ACL, write(), statement], extra=OPEN_BUCKET)
    for key, value in unknown.items():
        text = text.replace(json.dumps({key: statement[key]})[1:-1], f'"{key}": {json.dumps(value)}')
    return text


def test_a_public_statement_whose_condition_is_not_known_is_one_tl002_naming_tl307(tmp_path: Path) -> None:
    # StringLike: the unknown value may be "*", which admits anyone
    text = _public({**READ, "Condition": {"StringLike": {"aws:SourceVpce": "v"}}},
                   Condition={"StringLike": {"aws:SourceVpce": {"Fn::ImportValue": "vpce"}}})
    assert lint(tmp_path, "t.yaml", text, "TL307") == []
    assert _messages(lint(tmp_path, "t.yaml", text, "TL002", select=("TL307",))) == [
        (f"TL002 TL307 (log-bucket-public) cannot decide: bucket policy of log bucket '{BUCKET}' of trail 'trail-0' "
        "may let anyone access it: statement 'Read' would, were it not for its Condition, which is not known")]


def test_an_exact_condition_on_the_caller_is_not_public_whatever_its_value(tmp_path: Path) -> None:
    # StringEquals admits only the endpoint it names, and a request through none does not match
    text = _public({**READ, "Condition": {"StringEquals": {"aws:SourceVpce": "v"}}},
                   Condition={"StringEquals": {"aws:SourceVpce": {"Fn::ImportValue": "vpce"}}})
    assert lint(tmp_path, "t.yaml", text, "TL307") == []
    assert lint(tmp_path, "t.yaml", text, "TL002", select=("TL307",)) == []


def test_what_unknown_parts_cannot_change_is_decided(tmp_path: Path) -> None:
    # Principal "*" without conditions is public whatever its Resource is (it is this bucket's).
    text = _public(READ, Resource={"Fn::Sub": "${Logs.Arn}/*"}) + "  Logs:\n    Type: AWS::S3::Bucket\n"
    assert _messages(lint(tmp_path, "t.yaml", text, "TL307")) == [
        f"TL307 statement 'Read' of the bucket policy of log bucket '{BUCKET}' lets anyone access it"]
    assert lint(tmp_path, "t.yaml", text, "TL002", select=("TL307",)) == []
    # A named account is never public, whatever the condition is.
    named = {**READ, "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"}, "Condition": {"Bool": {"a": "b"}}}
    text = _public(named, Condition={"Bool": {"aws:SecureTransport": {"Fn::ImportValue": "tls"}}})
    assert lint(tmp_path, "t.yaml", text, "TL002", select=("TL307",)) == []
    assert lint(tmp_path, "t.yaml", text, "TL307") == []


@given(st.sampled_from(["effect", "principals", "conditions", "resources", "actions"]),
       st.sampled_from([READ, {**READ, "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"}},
                        {**READ, "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}},
                        {**READ, "Effect": "Deny"}]))
def test_public_is_decided_only_when_every_reading_agrees(part: str, raw: dict[str, Any]) -> None:
    from trail_lint.iam.public import public_statement

    statement = policy(raw).statements[0]  # type: ignore[index]
    readings = {"effect": ("Allow", "Deny"), "principals": ({"AWS": ("*",)}, {"AWS": (f"arn:aws:iam::{ACCOUNT}:root",)}),
                "conditions": ((), (Condition("StringEquals", "aws:SourceAccount", (ACCOUNT,)),)),
                "resources": ((f"arn:aws:s3:::{BUCKET}/*",), (f"arn:aws:s3:::{BUCKET}",)),
                "actions": (("s3:GetObject",), ("s3:PutObject",))}[part]
    possible = {public_statement(replace(statement, **{part: value})) for value in readings}
    assert public_statement(replace(statement, **{part: UNKNOWN})) == (possible.pop() if len(possible) == 1 else UNKNOWN)


# --- A log bucket not in the inputs: the one TL002 of the log bucket rules names TL207 and TL307 too ------

def test_a_bucket_and_policy_not_in_the_inputs_join_the_log_bucket_tl002(tmp_path: Path) -> None:
    trails = "".join(f"""  Trail{n}:
    Type: AWS::CloudTrail::Trail
    Properties: {{TrailName: trail-{n}, IsLogging: true, S3BucketName: {BUCKET}}}
""" for n in range(2))
    found = lint(tmp_path, "t.yaml", "Resources:\n" + trails, "TL002", select=("TL207", "TL307", "TL310"))
    assert _messages(found) == [
        ("TL002 TL207 (bucket-policy-blocks-delivery), TL307 (log-bucket-public) and TL310 "
        f"(log-bucket-access-logging-disabled) cannot decide: log bucket '{BUCKET}' of trail 'trail-0' (and 1 other "
        "trail) is not in the inputs")]
    # Its policy in the inputs is checked (here: it allows both requests), so only TL310 is blocked.
    with_policy = _template([ACL, write()], trails=2)
    assert [line.split(": ", 1)[1].split(" cannot decide")[0]
            for line in lint(tmp_path, "t.yaml", with_policy, "TL002", select=("TL207", "TL307", "TL310"))] == [
        "TL002 TL310 (log-bucket-access-logging-disabled)"]


# --- A topic or key not in the inputs: one TL002 per topic or key, naming TL208 / TL209 -------------------

def test_describe_trails_topics_and_keys_are_one_tl002_each(tmp_path: Path) -> None:
    trails = [{"Name": f"trail-{n}", "S3BucketName": BUCKET, "HomeRegion": "us-east-1", "IsMultiRegionTrail": True,
               "IncludeGlobalServiceEvents": True, "LogFileValidationEnabled": False,
               "TrailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/trail-{n}", "SnsTopicARN": TOPIC,
               "KmsKeyId": KEY} for n in range(3)]
    text = json.dumps({"trailList": trails}, indent=1)
    found = _messages(lint(tmp_path, "trails.json", text, "TL002", select=("TL208", "TL209")))
    assert found == [
        (f"TL002 TL208 (sns-policy-blocks-delivery) cannot decide: SNS topic '{TOPIC}' of trail 'trail-0' (and 2 "
        "other trails) is not in the inputs"),
        (f"TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: KMS key '{KEY}' of trail 'trail-0' (and 2 other "
        "trails) is not in the inputs")]


def test_a_key_the_template_creates_or_a_policy_names_is_not_missing(tmp_path: Path) -> None:
    describe = {"Sid": "Describe", "Effect": "Allow", "Principal": SERVICE, "Action": "kms:DescribeKey", "Resource": "*"}
    encrypt = {**describe, "Sid": "Encrypt", "Action": "kms:GenerateDataKey*"}
    assert lint(tmp_path, "t.yaml", _delivering("key", [encrypt, describe]), "TL002", select=("TL209",)) == []
    # The key named by ARN in another stack: its policy is not in the inputs.
    elsewhere = _delivering("key", [encrypt, describe]).replace("KMSKeyId: !Ref Key", f"KMSKeyId: {KEY}")
    assert _messages(lint(tmp_path, "t.yaml", elsewhere, "TL002", select=("TL209",))) == [
        (f"TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: KMS key '{KEY}' of trail 'trail-0' (and 1 other "
        "trail) is not in the inputs")]


# --- A policy whose target is not known may be the one of a bucket, topic or key created without ------
# one: neither "it has no policy" (TL207, an error) nor a silent pass (TL208), but one TL002. (A KMS
# key's own KeyPolicy always names it: TL209 meets such a policy in a Terraform aws_kms_key_policy.)

UNTARGETED = """Parameters:
  Target:
    Type: String
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Topic:
    Type: AWS::SNS::Topic
  Key:
    Type: AWS::KMS::Key
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: trail-0
      IsLogging: true
      S3BucketName: !Ref Bucket
      SnsTopicName: !Ref Topic
      KMSKeyId: !Ref Key
"""
ATTACHED = {"TL207": ("AWS::S3::BucketPolicy", "Bucket: !Ref Target", "PolicyDocument", "log bucket 'Bucket'"),
            "TL208": ("AWS::SNS::TopicPolicy", "Topics: [!Ref Target]", "PolicyDocument", "SNS topic 'Topic'")}
NAMES = {"TL207": "bucket-policy-blocks-delivery", "TL208": "sns-policy-blocks-delivery"}


@pytest.mark.parametrize("rule", sorted(ATTACHED))
def test_a_policy_whose_target_is_not_known_may_be_the_created_resources(tmp_path: Path, rule: str) -> None:
    kind, target, key, shown = ATTACHED[rule]
    text = UNTARGETED + f"""  Attached:
    Type: {kind}
    Properties:
      {target}
      {key}: {{Statement: [{{Effect: Allow, Principal: '*', Action: '*', Resource: '*'}}]}}
"""
    assert lint(tmp_path, "t.yaml", text, rule) == []
    assert _messages(lint(tmp_path, "t.yaml", text, "TL002", select=(rule,))) == [
        (f"TL002 {rule} ({NAMES[rule]}) cannot decide: {shown} of trail 'trail-0' may have its policy in "
        "'Attached', whose target is not known offline")]


@settings(max_examples=8, deadline=None)
@given(st.integers(min_value=1, max_value=4), st.integers(min_value=1, max_value=3), st.sampled_from(sorted(ATTACHED)))
def test_each_policy_whose_target_is_not_known_is_a_tl002_of_its_own(policies: int, trails: int, rule: str) -> None:
    """Any one of them may be the policy that grants CloudTrail what it needs, or denies it: each is
    said at its own place (where a reader says why its target is not known, that finding names the
    rule too), naming every bucket or topic it may be the policy of, once however many there are."""
    import tempfile
    kind, target, key, shown = ATTACHED[rule]
    noun, name = shown.rsplit(" ", 1)
    text = "Parameters:\n" + "".join(f"  Target{n}:\n    Type: String\n" for n in range(policies))
    text += "Resources:\n"
    for n in range(trails):
        text += (f"  Bucket{n}:\n    Type: AWS::S3::Bucket\n  Topic{n}:\n    Type: AWS::SNS::Topic\n"
                 f"  Trail{n}:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      TrailName: trail-{n}\n"
                 f"      IsLogging: true\n      S3BucketName: !Ref Bucket{n}\n      SnsTopicName: !Ref Topic{n}\n")
    for n in range(policies):
        text += (f"  Attached{n}:\n    Type: {kind}\n    Properties:\n      {target.replace('Target', f'Target{n}')}\n"
                 f"      {key}: {{Statement: [{{Effect: Deny, Principal: '*', Action: '*', Resource: '*'}}]}}\n")
    with tempfile.TemporaryDirectory() as folder:
        found = lint(Path(folder), "t.yaml", text, "TL002", select=(rule,))
    lines = text.splitlines()
    # "Bucket0" is "Bucket" numbered; "Topic0" likewise
    names = [repr(name.strip("'") + str(n)) for n in range(trails)]
    subject = f"{noun} {names[0]} of trail 'trail-0'" if trails == 1 else \
        f"{noun}s {' and '.join([', '.join(names[:-1]), names[-1]])} of trail 'trail-0' (and {trails - 1} other " \
        f"trail{'s' if trails > 2 else ''})"
    assert _messages(found) == [
        (f"TL002 {rule} ({NAMES[rule]}) cannot decide: {subject} may have {'its' if trails == 1 else 'their'} "
         f"policy in 'Attached{n}', whose target is not known offline") for n in range(policies)]
    # each at its own policy (its Properties, two lines below its logical id)
    assert [lines[int(line.split(":")[0]) - 3].strip() for line in found] == [f"Attached{n}:" for n in range(policies)]


def test_each_variable_that_leaves_a_bucket_policys_target_open_names_the_rule(tmp_path: Path) -> None:
    text = ('provider "aws" {\n  region = "us-east-1"\n}\n'
            'variable "a" {\n  type = string\n}\nvariable "b" {\n  type = string\n}\n'
            'resource "aws_s3_bucket" "logs" {\n  bucket = "audit-logs"\n}\n'
            'resource "aws_cloudtrail" "t" {\n  name = "audit"\n  s3_bucket_name = aws_s3_bucket.logs.id\n}\n'
            'resource "aws_s3_bucket_policy" "p1" {\n  bucket = var.a\n  policy = "{}"\n}\n'
            'resource "aws_s3_bucket_policy" "p2" {\n  bucket = var.b\n  policy = "{}"\n}\n')
    assert lint(tmp_path, "main.tf", text, "TL002", select=("TL207",)) == [
        (f"{line}:1: TL002 var.{name} has no value: no default, and none given in a tfvars file or --var (in the "
         f"root module), so not known: bucket of aws_s3_bucket_policy.p{n} (TL207 (bucket-policy-blocks-delivery) "
         "cannot decide)") for n, (line, name) in enumerate([(4, "a"), (7, "b")], 1)]


def test_a_bucket_created_without_a_policy_is_still_tl207_when_every_policy_is_placed(tmp_path: Path) -> None:
    text = UNTARGETED + """  Attached:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: other-bucket
      PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: '*', Resource: '*'}]}
"""
    assert _messages(lint(tmp_path, "t.yaml", text, "TL207")) == [
        "TL207 log bucket 'Bucket' of trail 'trail-0' has no bucket policy, so CloudTrail cannot deliver to it"]
    assert lint(tmp_path, "t.yaml", text, "TL002", select=("TL207",)) == []


SUB_POLICY = """Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument: !Sub |
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl",
           "Resource": "arn:${AWS::Partition}:s3:::${Bucket}"},
          {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
           "Resource": "arn:${AWS::Partition}:s3:::${Bucket}/AWSLogs/${AWS::AccountId}/*"}]}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: audit, S3BucketName: !Ref Bucket, IsLogging: true}
"""


def test_a_bucket_policy_written_as_a_json_string_with_fn_sub_is_checked(tmp_path: Path) -> None:
    """The bucket's name, account and partition as the stack's holes: before, one TL002 said the
    policy was not known."""
    assert lint(tmp_path, "t.yaml", SUB_POLICY, "TL002", select=("TL207",)) == []
    assert lint(tmp_path, "t.yaml", SUB_POLICY, "TL207") == []
    other = SUB_POLICY.replace("/AWSLogs/", "/Other/")
    assert _messages(lint(tmp_path, "t.yaml", other, "TL207")) == [
        ("TL207 bucket policy of 'Bucket' blocks delivery for trail 'audit': no statement allows "
         f"cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::<bucket>/AWSLogs/{ACCOUNT}/*")]


KEY_SUB = """Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: !Sub |
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "Encrypt", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
           "Action": "kms:GenerateDataKey*", "Resource": "*", "Condition": {"StringLike":
             {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*"}}},
          {"Sid": "Describe", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
           "Action": "kms:DescribeKey", "Resource": "*"}]}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: audit, S3BucketName: logs, IsLogging: true, KMSKeyId: !GetAtt Key.Arn}
"""


def test_a_key_policy_written_as_a_json_string_with_fn_sub_is_checked(tmp_path: Path) -> None:
    """The condition's account and partition as the stack's holes: before, its statements were not known."""
    assert lint(tmp_path, "t.yaml", KEY_SUB, "TL002", select=("TL209",)) == []
    assert lint(tmp_path, "t.yaml", KEY_SUB, "TL209") == []
    other = KEY_SUB.replace(":trail/*", ":trail/other")
    assert _messages(lint(tmp_path, "t.yaml", other, "TL209")) == [
        ("TL209 key policy of 'Key' does not let CloudTrail encrypt the logs of trail 'audit': the "
         "kms:EncryptionContext:aws:cloudtrail:arn condition of statement 'Encrypt' excludes it")]


DECIDED_IF = """Conditions:
  Never: !Equals [a, b]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - !If
            - Never
            - {Effect: Deny, Principal: '*', Action: 's3:*', Resource: '*'}
            - !Ref AWS::NoValue
          - {Effect: Allow, Principal: {Service: cloudtrail.amazonaws.com}, Action: s3:GetBucketAcl,
             Resource: !GetAtt Bucket.Arn}
          - {Effect: Allow, Principal: {Service: cloudtrail.amazonaws.com}, Action: s3:PutObject,
             Resource: !Sub '${Bucket.Arn}/AWSLogs/${AWS::AccountId}/*'}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: audit, S3BucketName: !Ref Bucket, IsLogging: true}
"""


def test_a_statement_a_decided_fn_if_leaves_out_does_not_unsettle_the_others(tmp_path: Path) -> None:
    """Before, the statements as written no longer lined up with those read, and every Resource
    with a deploy-time value was unknown: one TL002 on a policy that lets CloudTrail deliver."""
    assert lint(tmp_path, "t.yaml", DECIDED_IF, "TL002", select=("TL207",)) == []
    assert lint(tmp_path, "t.yaml", DECIDED_IF, "TL207") == []
    always = DECIDED_IF.replace("Never: !Equals [a, b]", "Never: !Equals [a, a]")
    assert _messages(lint(tmp_path, "t.yaml", always, "TL207")) == [
        "TL207 bucket policy of 'Bucket' blocks delivery for trail 'audit': statement 1 denies s3:GetBucketAcl"]


def test_a_statement_an_undecided_fn_if_holds_is_one_that_may_exist(tmp_path: Path) -> None:
    """Before, the policy was unknown as a whole: one TL002 said it was not checked at all."""
    partner = ("          - !If\n            - Shared\n"
               "            - {Effect: Allow, Principal: {AWS: arn:aws:iam::444455556666:root}, Action: s3:GetObject,"
               " Resource: '*'}\n            - !Ref AWS::NoValue\n")
    text = DECIDED_IF.replace("Conditions:\n  Never: !Equals [a, b]\n",
                              "Parameters:\n  Partner: {Type: String}\nConditions:\n  Never: !Equals [a, b]\n"
                              "  Shared: !Not [!Equals [!Ref Partner, '']]\n")
    text = text.replace("        Statement:\n", "        Statement:\n" + partner)
    assert lint(tmp_path, "t.yaml", text, "TL002", select=("TL207",)) == []
    assert lint(tmp_path, "t.yaml", text, "TL207") == []
    # a Deny that may exist may block delivery: open, and said at that statement
    denied = text.replace("{Effect: Allow, Principal: {AWS: arn:aws:iam::444455556666:root}, Action: s3:GetObject",
                          "{Effect: Deny, Principal: '*', Action: 's3:*'")
    assert _messages(lint(tmp_path, "t.yaml", denied, "TL002", select=("TL207",))) == [
        ("TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: bucket policy of 'Bucket' of trail 'audit' may "
         "not let CloudTrail call s3:PutObject on arn:aws:s3:::<bucket>/AWSLogs/111122223333/*: statement 1: "
         "conditions not known")]


def test_a_cloudwatch_logs_role_not_in_the_inputs_is_one_tl002_naming_tl215(tmp_path: Path) -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/trail-logs"
    trails = [{"Name": f"trail-{n}", "S3BucketName": BUCKET, "HomeRegion": "us-east-1", **FLAGS,
               "TrailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/trail-{n}", "CloudWatchLogsRoleArn": role,
               "CloudWatchLogsLogGroupArn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:audit:*"} for n in range(2)]
    found = lint(tmp_path, "trails.json", json.dumps({"trailList": trails}, indent=1), "TL002", select=("TL215",))
    assert _messages(found) == [
        (f"TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: CloudWatch Logs role '{role}' of trail "
        "'trail-0' (and 1 other trail) is not in the inputs")]
    # the role in the inputs, allowing both actions: decided, no TL002
    text = _role("[{Effect: Allow, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*'}]")
    assert lint(tmp_path, "t.yaml", text, "TL002", select=("TL215",)) == []
    assert lint(tmp_path, "t.yaml", text, "TL215") == []


# --- TL309: data events of some buckets, and a log bucket whose name is not known ---------------------------

def _recording(bucket: str, prefix: str) -> str:
    return f"""Resources:
  Logs:
    Type: AWS::S3::Bucket
{bucket}  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      S3BucketName: !Ref Logs
      AdvancedEventSelectors:
        - FieldSelectors:
            - {{Field: eventCategory, Equals: [Data]}}
            - {{Field: resources.type, Equals: ['AWS::S3::Object']}}
            - {{Field: resources.ARN, StartsWith: ['{prefix}']}}
"""


def test_a_generated_log_bucket_name_leaves_own_bucket_recording_open(tmp_path: Path) -> None:
    # CloudFormation names the bucket after the stack, which may start with "audit-": one TL002
    text = _recording("", "arn:aws:s3:::audit-")
    assert lint(tmp_path, "t.yaml", text, "TL309") == []
    assert _messages(lint(tmp_path, "t.yaml", text, "TL002", select=("TL309",))) == [
        ("TL002 TL309 (trail-logs-own-bucket) cannot decide: trail 'audit' records S3 write data events of some "
        "buckets, and its log bucket's name is not known")]
    # the bucket named: decided either way
    named = "    Properties: {BucketName: audit-logs}\n"
    assert len(lint(tmp_path, "t.yaml", _recording(named, "arn:aws:s3:::audit-"), "TL309")) == 1
    assert lint(tmp_path, "t.yaml", _recording(named, "arn:aws:s3:::data-"), "TL309") == []
    assert lint(tmp_path, "t.yaml", _recording(named, "arn:aws:s3:::data-"), "TL002", select=("TL309",)) == []


def test_unread_selectors_name_tl309_in_the_trails_one_tl002(tmp_path: Path) -> None:
    trail = {"Name": "audit", "S3BucketName": BUCKET, "HomeRegion": "us-east-1", "HasCustomEventSelectors": True, **FLAGS,
             "TrailARN": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/audit"}
    found = lint(tmp_path, "trails.json", json.dumps({"trailList": [trail]}), "TL002", select=("TL309", "TL305"))
    assert [line.split(": ", 1)[1].split(" cannot decide: ")[0] for line in found] == [
        "TL002 TL305 (management-events-reduced) and TL309 (trail-logs-own-bucket)"]


_OWN_ARN = """
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "audit-logs-${random_id.suffix.hex}"
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.logs.id
  event_selector {
    read_write_type = "READ_WRITE"
    data_resource {
      type   = "AWS::S3::Object"
      values = ["${aws_s3_bucket.logs.arn}/"]
    }
  }
}
"""


def test_data_resources_known_only_after_apply_are_one_tl002_naming_tl309(tmp_path: Path) -> None:
    """The trail records writes to a bucket named only after apply: its own log bucket by reference
    is a finding whatever its name; another such bucket may be the log bucket or not, not a silent
    pass."""
    text = _OWN_ARN.replace("READ_WRITE", "All")
    own = "TL309 trail 'audit' records S3 write data events for its own log bucket 'aws_s3_bucket.logs'"
    assert _messages(lint(tmp_path, "main.tf", text, "TL309")) == [own]
    data = text.replace('values = ["${aws_s3_bucket.logs.arn}/"]', 'values = ["${aws_s3_bucket.data.arn}/"]')
    # the same random suffix after another prefix: another bucket, whatever the suffix is
    other = data + 'resource "aws_s3_bucket" "data" {\n  bucket = "data-${random_id.suffix.hex}"\n}\n'
    assert lint(tmp_path, "main.tf", other, "TL309") == []
    assert lint(tmp_path, "main.tf", other, "TL002", select=("TL309",)) == []
    # the same prefix and another random suffix: it may be the log bucket's name
    maybe = data + 'resource "aws_s3_bucket" "data" {\n  bucket = "audit-logs-${random_id.other.hex}"\n}\n' + \
        'resource "random_id" "other" {\n  byte_length = 4\n}\n'
    assert lint(tmp_path, "main.tf", maybe, "TL309") == []
    assert _messages(lint(tmp_path, "main.tf", maybe, "TL002", select=("TL309",))) == [
        ("TL002 TL309 (trail-logs-own-bucket) cannot decide: what trail 'audit' records is not known: its event "
         "selectors hold a value not known offline")]
    # reads only: never a loop, whatever the buckets are
    read_only = _OWN_ARN.replace("READ_WRITE", "ReadOnly")
    assert lint(tmp_path, "main.tf", read_only, "TL002", select=("TL309",)) == []
    # Lambda data events only: no S3 object writes at all
    functions = text.replace('"AWS::S3::Object"', '"AWS::Lambda::Function"')
    assert lint(tmp_path, "main.tf", functions, "TL002", select=("TL309",)) == []


def test_an_unknown_data_resource_with_its_own_cause_is_said_once_at_the_cause(tmp_path: Path) -> None:
    text = _OWN_ARN.replace("READ_WRITE", "All").replace('values = ["${aws_s3_bucket.logs.arn}/"]',
                                                         "values = [var.watched]") + 'variable "watched" {}\n'
    found = lint(tmp_path, "main.tf", text, "TL002", select=("TL309",))
    assert [line.split(": ", 1)[1].split(", so not known")[0] for line in found] == [
        "TL002 var.watched has no value: no default, and none given in a tfvars file or --var (in the root module)"]


_LIST_PARAMETER = """
Parameters:
  Watched:
    Type: String
  Functions:
    Type: CommaDelimitedList
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      IsMultiRegionTrail: true
      S3BucketName: logs
      EventSelectors:
        - DataResources:
            - Type: AWS::Lambda::Function
              Values:
                - !Select [0, !Ref Functions]
"""


def test_a_data_resource_value_from_a_parameter_without_a_value_is_said_at_its_cause(tmp_path: Path) -> None:
    """`!Select [0, !Ref Functions]` of a list parameter nobody passes: which function the trail records,
    and whether CloudTrail takes the value, are not known: one TL002 at the parameter, not a silent pass."""
    found = lint(tmp_path, "t.yaml", _LIST_PARAMETER, "TL002", select=("TL210", "TL309"))
    assert _messages(found) == [
        ("TL002 parameter Functions has no Default: pass --parameter Functions=VALUE, so not known: value 1 of "
         "Values of data resource 1 of event selector 1 of trail 'Trail'")]
    # an S3 object value of a parameter beside it stays TL309's own question: the Lambda value answers nothing
    both = _LIST_PARAMETER.replace("        - DataResources:\n", "        - DataResources:\n"
                                   "            - Type: AWS::S3::Object\n              Values: [!Ref Watched]\n")
    found = lint(tmp_path, "t.yaml", both, "TL002", select=("TL210", "TL309"))
    assert [line.split(": ", 1)[1].split(" cannot decide")[0].split(", so not known")[0] for line in found] == [
        "TL002 parameter Functions has no Default: pass --parameter Functions=VALUE",
        "TL002 TL309 (trail-logs-own-bucket)"]
    # given, the value is checked
    given = lint(tmp_path, "t.yaml", _LIST_PARAMETER.replace("Type: CommaDelimitedList",
                                                             "Type: CommaDelimitedList\n    Default: notify,audit"),
                 "TL210", select=("TL002",))
    assert [line.split(": ", 1)[1].split(",")[0] for line in given] == [
        "TL210 event selector of trail 'audit' has data resource value 'notify'"]


# --- TL310-TL312: a log bucket setting not known offline ----------------------------------------------------

def test_a_settings_resource_whose_bucket_is_not_known_is_one_tl002_per_rule(tmp_path: Path) -> None:
    from test_log_bucket_rules import TRAIL as PLANNED
    from test_log_bucket_rules import lint as plan_lint
    from test_log_bucket_rules import resource

    bucket = resource("aws_s3_bucket", "logs", {"bucket": "audit-logs"})
    somewhere = {"bucket": True}
    logging = resource("aws_s3_bucket_logging", "l", {"target_bucket": "access-logs"}, unknown=somewhere)
    versioning = resource("aws_s3_bucket_versioning", "v", {"versioning_configuration": [{"status": "Enabled"}]},
                          unknown=somewhere)
    block = resource("aws_s3_bucket_public_access_block", "p", {"block_public_acls": True}, unknown=somewhere)
    said = "of log bucket 'audit-logs' of trail 'audit' is not known offline"
    assert plan_lint(tmp_path, PLANNED, bucket, logging, select=("TL310", "TL002")) == [
        ("TL002", f"TL310 (log-bucket-access-logging-disabled) cannot decide: server access logging {said}")]
    assert plan_lint(tmp_path, PLANNED, bucket, versioning, select=("TL311", "TL002")) == [
        ("TL002", f"TL311 (log-bucket-unprotected) cannot decide: versioning {said}")]
    assert plan_lint(tmp_path, PLANNED, bucket, block, select=("TL312", "TL002")) == [
        ("TL002", f"TL312 (log-bucket-public-access-unblocked) cannot decide: Block Public Access {said}")]
    # settings that are known decide: a new bucket without them has no logging (TL310), is not versioned (TL311)
    assert [rule for rule, _ in plan_lint(tmp_path, PLANNED, bucket, select=("TL310", "TL311", "TL002"))] == \
        ["TL310", "TL311"]


def test_what_unknown_bucket_settings_cannot_change_is_decided(tmp_path: Path) -> None:
    """CloudFormation, a parameter without a value: versioning unknown, but neither MFA delete (CloudFormation
    cannot set it) nor Object Lock: TL311 whatever the versioning is. The canned ACL and logging: TL002."""
    text = f"""Parameters:
  Mode: {{Type: String}}
Conditions:
  HasLogs: !Equals [!Ref Mode, "yes"]
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {{IsLogging: true, S3BucketName: !Ref Logs, TrailName: audit}}
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: {BUCKET}
      AccessControl: !Ref Mode
      PublicAccessBlockConfiguration: {{IgnorePublicAcls: false}}
      VersioningConfiguration: {{Status: !Ref Mode}}
      LoggingConfiguration: !If [HasLogs, {{DestinationBucketName: access-logs}}, !Ref AWS::NoValue]
"""
    assert _messages(lint(tmp_path, "t.yaml", text, "TL311")) == [
        (f"TL311 log bucket '{BUCKET}' of trail 'audit' has neither MFA delete nor Object Lock (and its versioning is "
        "not known offline)")]
    said = f"of log bucket '{BUCKET}' of trail 'audit' is not known offline"
    assert _messages(lint(tmp_path, "t.yaml", text, "TL002",
                                                    select=("TL307", "TL310", "TL311"))) == [
        f"TL002 TL307 (log-bucket-public) cannot decide: the canned ACL {said}",
        f"TL002 TL310 (log-bucket-access-logging-disabled) cannot decide: server access logging {said}"]


def test_trails_with_their_own_prefixes_share_one_tl002_per_statement(tmp_path: Path) -> None:
    text = _template([ACL, write(Sid="Write")], trails=2).replace(
        f'"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*"', '{"Fn::ImportValue": "write-arns"}')
    text = text.replace("      TrailName: trail-1\n", "      TrailName: trail-1\n      S3KeyPrefix: team-b\n")
    found = _messages(lint(tmp_path, "t.yaml", text, "TL002", select=("TL207",)))
    assert found == [_open_write("and 1 other trail", "statement 'Write': Resource not known")]


_TWO_BUCKETS = """Resources:
  LogBucket:
    Type: AWS::S3::Bucket
  OtherBucket:
    Type: AWS::S3::Bucket
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      S3BucketName: !Ref LogBucket
      EventSelectors:
        - ReadWriteType: All
          DataResources:
            - Type: AWS::S3::Object
              Values: [VALUE]
"""


@pytest.mark.parametrize("value", ['!Sub "${OtherBucket.Arn}/"', '!Sub "arn:aws:s3:::${OtherBucket}/data/"',
                                   '!Sub "arn:${AWS::Partition}:s3:::${OtherBucket}/"'])
def test_data_events_of_another_bucket_of_the_stack_are_not_its_own(tmp_path: Path, value: str) -> None:
    """Two buckets of one stack never share a name: writes to OtherBucket are not the trail's own
    log files in LogBucket, whatever names CloudFormation gives them."""
    text = _TWO_BUCKETS.replace("VALUE", value)
    assert lint(tmp_path, "t.yaml", text, "TL002", select=("TL309",)) == []
    assert lint(tmp_path, "t.yaml", text, "TL309") == []


def test_data_events_of_the_log_bucket_itself_are_its_own(tmp_path: Path) -> None:
    text = _TWO_BUCKETS.replace("VALUE", '!Sub "${LogBucket.Arn}/"')
    assert _messages(lint(tmp_path, "t.yaml", text, "TL309", select=("TL309",))) \
        == ["TL309 trail 'audit' records S3 write data events for its own log bucket 'LogBucket'"]


@pytest.mark.parametrize("value", ['!Sub "${OtherBucket.Arn}"', "!Ref OtherBucket",
                                   '!Sub "${OtherBucket.Arn}/", "arn:aws:s3:::audit-"'])
def test_data_events_that_may_be_of_the_log_bucket_stay_open(tmp_path: Path, value: str) -> None:
    """A bucket ARN without "/" (a prefix of other names), a bare name, or a literal prefix beside
    it: not decided here."""
    text = _TWO_BUCKETS.replace("VALUE", value)
    assert _messages(lint(tmp_path, "t.yaml", text, "TL002", select=("TL309",))) == [
        ("TL002 TL309 (trail-logs-own-bucket) cannot decide: what trail 'audit' records is not known: its event "
         "selectors hold a value not known offline")]


# A trail made an organization trail by a condition a parameter without a default decides, and a
# bucket policy whose organization statement the same condition holds: the trail's own account's
# folder is covered either way, so what is open is only the organization's folder.
ORG_BY_PARAMETER = """
Parameters:
  Org: {Type: String, AllowedValues: ['true', 'false']}
  OrgId: {Type: String}
Conditions:
  IsOrg: !Equals [!Ref Org, 'true']
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - {Sid: Acl, Effect: Allow, Principal: {Service: cloudtrail.amazonaws.com}, Action: s3:GetBucketAcl,
             Resource: !GetAtt Bucket.Arn}
          - {Sid: Own, Effect: Allow, Principal: {Service: cloudtrail.amazonaws.com}, Action: s3:PutObject,
             Resource: !Sub '${Bucket.Arn}/AWSLogs/${AWS::AccountId}/*'}
ORG_STATEMENT
  Trail:
    Type: AWS::CloudTrail::Trail
    DependsOn: BucketPolicy
    Properties:
      TrailName: audit
      S3BucketName: !Ref Bucket
      IsLogging: true
      IsMultiRegionTrail: true
      IsOrganizationTrail: !If [IsOrg, true, false]
"""
ORG_STATEMENT = """          - !If
            - IsOrg
            - {Sid: Org, Effect: Allow, Principal: {Service: cloudtrail.amazonaws.com}, Action: s3:PutObject,
               Resource: !Sub '${Bucket.Arn}/AWSLogs/${OrgId}/*'}
            - !Ref AWS::NoValue"""
def _open_207(tmp_path: Path, text: str) -> list[str]:
    return [m for m in _messages(lint(tmp_path, "t.yaml", text, "TL002", select=("TL207",))) if "TL207" in m]


_OPEN_ORG = ("TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: bucket policy of 'Bucket' of trail 'audit' "
             "may not let CloudTrail write the organization's log files (AWSLogs/<org-id>/, the organization ID is "
             "not in the inputs) if it is an organization trail: ")


def test_a_trail_that_may_be_an_organization_trail_is_checked_as_either(tmp_path: Path) -> None:
    """Before, an organization flag not known offline made the folder any one (AWSLogs/<account-id>/),
    which no statement naming the trail's own account settles: one TL002 on the folder every reading
    covers, and none where the policy covers both readings."""
    text = ORG_BY_PARAMETER.replace("ORG_STATEMENT", ORG_STATEMENT)
    assert _open_207(tmp_path, text) == [
        _OPEN_ORG + "statement 'Org': whether the Resource covers arn:aws:s3:::<bucket>/AWSLogs/<org-id>/* is not "
        "known offline"]
    assert lint(tmp_path, "t.yaml", text, "TL207") == []
    # no organization statement: blocked only if it is an organization trail, which is not known
    alone = ORG_BY_PARAMETER.replace("ORG_STATEMENT\n", "")
    assert _open_207(tmp_path, alone) == [
        _OPEN_ORG + "no statement allows cloudtrail.amazonaws.com s3:PutObject on "
        "arn:aws:s3:::<bucket>/AWSLogs/<org-id>/*"]
    assert lint(tmp_path, "t.yaml", alone, "TL207") == []
    # every folder under AWSLogs/: delivered either way
    every = alone.replace("/AWSLogs/${AWS::AccountId}/*", "/AWSLogs/*")
    assert _open_207(tmp_path, every) == []
    assert lint(tmp_path, "t.yaml", every, "TL207") == []
    # blocked whatever the flag: the finding, as for a trail that is not an organization trail
    none = alone.replace("/AWSLogs/${AWS::AccountId}/*", "/Other/*")
    assert [m.split(":")[0] for m in _messages(lint(tmp_path, "t.yaml", none, "TL207"))] == [
        "TL207 bucket policy of 'Bucket' blocks delivery for trail 'audit'"]


def test_a_policy_for_the_organizations_folder_alone_is_open_if_the_trail_is_not_one(tmp_path: Path) -> None:
    """The reading that a policy blocks is the one the TL002 names."""
    text = ORG_BY_PARAMETER.replace("ORG_STATEMENT\n", "").replace("/AWSLogs/${AWS::AccountId}/*", "/AWSLogs/o-*")
    assert _open_207(tmp_path, text) == [
        ("TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: bucket policy of 'Bucket' of trail 'audit' may "
         "not let CloudTrail call s3:PutObject on arn:aws:s3:::<bucket>/AWSLogs/111122223333/* if it is not an "
         "organization trail: no statement allows cloudtrail.amazonaws.com s3:PutObject on "
         "arn:aws:s3:::<bucket>/AWSLogs/111122223333/*")]
    assert lint(tmp_path, "t.yaml", text, "TL207") == []
