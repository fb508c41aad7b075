"""TL215 when the log stream's account, Region or log group are known by name only.

CloudTrail writes to `arn:PARTITION:logs:REGION:ACCOUNT:log-group:GROUP:log-stream:ACCOUNT_CloudTrail_REGION`
(https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html).
In a template deployed to an account the inputs do not name, with a log group CloudFormation names,
that ARN is known only by what its parts are: a role policy written with the same parts covers it, a
role without a logs grant covers nothing, and a policy for another log group may or may not (TL002,
never a silent pass). A policy attached to a role named by a value not known offline may be the
trail's role's: then a denial is not certain.
"""
from __future__ import annotations

from pathlib import Path

from test_same_holes import lint

RULES = ("TL215", "TL002")

TEMPLATE = """Resources:
  LogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 90
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: cloudtrail.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ACTIONS
                Resource: RESOURCE
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
      CloudWatchLogsLogGroupArn: !GetAtt LogGroup.Arn
      CloudWatchLogsRoleArn: !GetAtt Role.Arn
"""
USER_GUIDE = '!Sub "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroup}:log-stream:' \
             '${AWS::AccountId}_CloudTrail_${AWS::Region}*"'
LOGS = "[logs:CreateLogStream, logs:PutLogEvents]"


def template(resource: str, actions: str = LOGS) -> str:
    return TEMPLATE.replace("RESOURCE", resource).replace("ACTIONS", actions)


def test_a_policy_naming_the_same_log_group_account_and_region_allows_it(tmp_path: Path) -> None:
    for resource in (USER_GUIDE, '!Sub "${LogGroup.Arn}"', '"*"',
                     '!Sub "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroup}:*"'):
        assert lint(tmp_path, "t.yaml", template(resource), RULES) == [], resource


def test_a_role_without_a_logs_grant_blocks_delivery_whatever_the_names(tmp_path: Path) -> None:
    found = lint(tmp_path, "t.yaml", template('"*"', "[s3:GetObject]"), RULES)
    assert len(found) == 1 and found[0].startswith("TL215 CloudWatch Logs role 'Role' of trail 'Trail' does not "
                                                   "allow logs:CreateLogStream or logs:PutLogEvents on arn:<")


def test_a_policy_for_another_log_group_is_undecided_not_passed(tmp_path: Path) -> None:
    other = '!Sub "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:other:*"'
    found = lint(tmp_path, "t.yaml", template(other), RULES)
    assert len(found) == 1 and found[0].startswith("TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot "
                                                   "decide: CloudWatch Logs role 'Role' of trail 'Trail' may not "
                                                   "allow logs:CreateLogStream")


def test_another_account_is_certain_once_the_account_is_given(tmp_path: Path) -> None:
    elsewhere = '"arn:aws:logs:*:111122223333:log-group:*"'
    assert [f[:6] for f in lint(tmp_path, "t.yaml", template(elsewhere), RULES)] == ["TL002 "]
    found = lint(tmp_path, "t.yaml", template(elsewhere), RULES, account="444455556666")
    assert len(found) == 1 and found[0].startswith("TL215 ") and "444455556666_CloudTrail_" in found[0]


def test_a_literal_partition_waits_for_the_region(tmp_path: Path) -> None:
    literal = '!Sub "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroup}:*"'
    found = lint(tmp_path, "t.yaml", template(literal), RULES)
    # said once, in the TL002 that the trail's home Region is not known, which names TL215
    assert len(found) == 1 and found[0].startswith("TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot "
                                                   "decide: home Region of trail")
    assert lint(tmp_path, "t.yaml", template(literal), RULES, region="us-east-1") == []


TERRAFORM = """
variable "prefix" {}

resource "aws_cloudwatch_log_group" "trail" {
  name = "trail-events"
}

resource "aws_iam_role" "logs" {
  name               = "trail-logs"
  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow",
    Principal = {Service = "cloudtrail.amazonaws.com"}, Action = "sts:AssumeRole"}]})
}

resource "aws_iam_role_policy" "logs" {
  role   = "${var.prefix}-logs"
  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow",
    Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = "${aws_cloudwatch_log_group.trail.arn}:*"}]})
}

resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = "audit-logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.logs.arn
}
"""


def test_a_policy_attached_to_a_role_not_known_offline_may_be_the_trails(tmp_path: Path) -> None:
    found = lint(tmp_path, "main.tf", TERRAFORM, RULES, account="111122223333", region="us-east-1")
    assert not any(f.startswith("TL215 ") for f in found)
    assert any(f.startswith("TL002 var.prefix has no value") and "TL215 (cloudwatch-logs-role-blocks-delivery) "
               "cannot decide" in f for f in found), found
    # named, it is the trail's role's, and it allows the stream
    named = TERRAFORM.replace('"${var.prefix}-logs"', "aws_iam_role.logs.name").replace(
        '"${aws_cloudwatch_log_group.trail.arn}:*"}', '"arn:aws:logs:us-east-1:111122223333:log-group:trail-events:*"}')
    assert lint(tmp_path, "main.tf", named, RULES, account="111122223333", region="us-east-1") == []
    # a role with no policy at all: certain
    bare = TERRAFORM.replace('"${var.prefix}-logs"', '"another-role"')
    assert [f[:6] for f in lint(tmp_path, "main.tf", bare, RULES, account="111122223333", region="us-east-1")] \
        == ["TL215 "]


MODULE = """
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
resource "aws_cloudwatch_log_group" "trail" {
  name = "trail-events"
}
resource "aws_iam_role" "logs" {
  name               = "trail-logs"
  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow",
    Principal = {Service = "cloudtrail.amazonaws.com"}, Action = "sts:AssumeRole"}]})
}
resource "aws_iam_role_policy" "logs" {
  role   = aws_iam_role.logs.id
  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow",
    Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = "RESOURCE"}]})
}
resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = "audit-logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.logs.arn
}
"""


def test_a_terraform_log_group_arn_is_its_provider_s_account_region_and_name(tmp_path: Path) -> None:
    """`aws_cloudwatch_log_group.x.arn` is `arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME` of its
    provider configuration (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group)."""
    def found(resource: str) -> list[str]:
        return [f[:6] for f in lint(tmp_path, "main.tf", MODULE.replace("RESOURCE", resource), RULES)]

    assert found("${aws_cloudwatch_log_group.trail.arn}:*") == []
    assert found("*") == []
    assert found("arn:aws:logs:*:*:log-group:other:*") == ["TL215 "]
    # arn:aws: is the trail's partition only if its Region is known
    assert found("arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
                 ":log-group:trail-events:*") == ["TL002 "]
    (tmp_path / "providers.tf").write_text('provider "aws" {\n  region = "eu-west-1"\n}\n')
    assert found("arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
                 ":log-group:trail-events:*") == []


def test_a_role_policy_naming_the_log_group_arn_as_such_depends_on_the_provider_version(tmp_path: Path) -> None:
    """A trail and its role policy that both use `aws_cloudwatch_log_group.x.arn` as such (a module written
    for AWS provider 2.x): before 3.0 that arn ended in ':*', so the policy covered the log streams and
    CloudTrail took the ARN; from 3.0 CloudTrail refuses the ARN (TL219). The role's denial holds only
    from 3.0: a TL002 naming TL215, never a finding. A role denied whatever the version is still one."""
    as_such = MODULE.replace('"${aws_cloudwatch_log_group.trail.arn}:*"', "aws_cloudwatch_log_group.trail.arn")

    def found(resource: str, **settings: object) -> list[str]:
        return lint(tmp_path, "main.tf", as_such.replace('"RESOURCE"', resource), RULES, **settings)

    for settings in ({}, {"account": "111122223333", "region": "us-east-1"}):
        assert found("aws_cloudwatch_log_group.trail.arn", **settings) == [
            "TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: CloudWatch Logs role "
            "'aws_iam_role.logs' of trail 'audit' may not allow logs:CreateLogStream on "
            + found_stream(settings) + ": statement 1 of aws_iam_role_policy.logs names log group "
            "'" + found_group(settings) + "' as the arn of aws_cloudwatch_log_group reads from AWS provider 3.0, "
            "without ':*': it covers the log streams only before 3.0, when that arn ended in ':*'"]
        assert [f[:6] for f in found('"arn:aws:logs:*:*:log-group:other:*"', **settings)] == ["TL215 "]


def found_group(settings: dict[str, object]) -> str:
    return "arn:aws:logs:us-east-1:111122223333:log-group:trail-events" if settings else \
        "arn:<partition>:logs:<region>:<account>:log-group:trail-events"


def found_stream(settings: dict[str, object]) -> str:
    return found_group(settings) + (":log-stream:111122223333_CloudTrail_us-east-1" if settings else
                                    ":log-stream:<account>_CloudTrail_<region>")


def test_the_account_and_region_given_are_those_of_the_provider_s_data_sources(tmp_path: Path) -> None:
    """`--account` and `--region` tie `data.aws_caller_identity` and `data.aws_region` of a provider
    configuration that names neither to the trail's account and Region: a policy written with them
    names the trail's log stream, as it does without them."""
    text = MODULE.replace("RESOURCE", "arn:${data.aws_partition.current.partition}:logs:"
                          "${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
                          ":log-group:trail-events:*")
    text = 'data "aws_partition" "current" {}\n' + text
    assert lint(tmp_path, "main.tf", text, RULES) == []
    assert lint(tmp_path, "main.tf", text, RULES, account="111122223333", region="eu-west-1") == []
    wrong = text.replace(":log-group:trail-events:*", ":log-group:other:*")
    assert [f[:6] for f in lint(tmp_path, "main.tf", wrong, RULES, account="111122223333", region="eu-west-1")] \
        == ["TL215 "]


# The User Guide's role policy (cloudtrail-required-policy-for-cloudwatch-logs.html), with the Region,
# account and log group of the provider configuration, written the three ways Terraform modules write it.
_STREAM = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:" \
          "${data.aws_caller_identity.current.account_id}:log-group:GROUP:log-stream:" \
          "${data.aws_caller_identity.current.account_id}_CloudTrail_${data.aws_region.current.name}*"
DOCUMENTED = {
    "aws_iam_policy_document": f"""
data "aws_iam_policy_document" "logs" {{
  statement {{
    sid       = "AWSCloudTrailCreateLogStream2014110"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream"]
    resources = ["{_STREAM}"]
  }}
  statement {{
    sid       = "AWSCloudTrailPutLogEvents20141101"
    effect    = "Allow"
    actions   = ["logs:PutLogEvents"]
    resources = ["{_STREAM}"]
  }}
}}
resource "aws_iam_role_policy" "logs" {{
  role   = aws_iam_role.logs.id
  policy = data.aws_iam_policy_document.logs.json
}}
""",
    "jsonencode": f"""
resource "aws_iam_role_policy" "logs" {{
  role   = aws_iam_role.logs.id
  policy = jsonencode({{Version = "2012-10-17", Statement = [
    {{Sid = "AWSCloudTrailCreateLogStream2014110", Effect = "Allow", Action = ["logs:CreateLogStream"],
     Resource = ["{_STREAM}"]}},
    {{Sid = "AWSCloudTrailPutLogEvents20141101", Effect = "Allow", Action = ["logs:PutLogEvents"],
     Resource = ["{_STREAM}"]}}]}})
}}
""",
    "heredoc": f"""
resource "aws_iam_role_policy" "logs" {{
  role   = aws_iam_role.logs.id
  policy = <<POLICY
{{
  "Version": "2012-10-17",
  "Statement": [
    {{"Sid": "AWSCloudTrailCreateLogStream2014110", "Effect": "Allow", "Action": ["logs:CreateLogStream"],
     "Resource": ["{_STREAM}"]}},
    {{"Sid": "AWSCloudTrailPutLogEvents20141101", "Effect": "Allow", "Action": ["logs:PutLogEvents"],
     "Resource": ["{_STREAM}"]}}
  ]
}}
POLICY
}}
""",
}
PROVIDER_CONFIGURATION = """
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}
variable "region" {}
variable "group" {}
provider "aws" {
  region = var.region
}
resource "aws_cloudwatch_log_group" "trail" {
  name = var.group
}
resource "aws_iam_role" "logs" {
  name               = "trail-logs"
  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow",
    Principal = {Service = "cloudtrail.amazonaws.com"}, Action = "sts:AssumeRole"}]})
}
resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = "audit-logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.logs.arn
}
"""
_VARIABLES = tuple(f"TL002 var.{name} has no value: no default, and none given in a tfvars file or --var (in the root "
                   f"module), so not known: {what}" for name, what in (
                       ("region", "region of trail aws_cloudtrail.audit"),
                       ("group", "name of aws_cloudwatch_log_group.trail")))


def documented(form: str, group: str = "${aws_cloudwatch_log_group.trail.name}", region: str = "var.region") -> str:
    return PROVIDER_CONFIGURATION.replace("var.region", region) + DOCUMENTED[form].replace("GROUP", group)


def test_the_documented_policy_holds_the_provider_s_account_region_and_log_group_whatever_they_are(
        tmp_path: Path) -> None:
    """The Region from a variable without a value, the log group named by one: still the one Region
    and log group of the trail and of the policy, which the readers say once (their own TL002s)."""
    for form in DOCUMENTED:
        assert sorted(lint(tmp_path, "main.tf", documented(form), RULES)) == sorted(_VARIABLES), form
        # and with the provider's Region and account not said at all
        assert lint(tmp_path, "main.tf", documented(form, "trail-events", region='"us-east-1"').replace(
            "name = var.group", 'name = "trail-events"'), RULES) == [], form


def test_a_documented_policy_for_other_log_streams_blocks_delivery_whatever_the_holes_hold(tmp_path: Path) -> None:
    """Log streams named after another prefix than ACCOUNT_CloudTrail_REGION: never the trail's, whatever
    the Region, account and log group turn out to be."""
    for form in DOCUMENTED:
        found = lint(tmp_path, "main.tf", documented(form).replace("_CloudTrail_", "_Trail_"), RULES)
        blocked = "TL215 CloudWatch Logs role 'aws_iam_role.logs' of trail 'audit' does not allow " \
                  "logs:CreateLogStream or logs:PutLogEvents on arn:<partition>:logs:<var.region>:<account>:log-group:" \
                  "<aws_cloudwatch_log_group.trail.name>:log-stream:<account>_CloudTrail_<var.region>"
        assert sorted(found) == sorted([blocked, *_VARIABLES]), form


def test_a_policy_that_depends_on_the_holes_is_one_tl002(tmp_path: Path) -> None:
    """A literal account may or may not be the provider's: one TL002 for the check, decided once the
    run names the account (--account), which is then that of the provider's data sources too."""
    for form in DOCUMENTED:
        text = documented(form).replace(":${data.aws_caller_identity.current.account_id}:log-group:",
                                        ":111122223333:log-group:")
        found = [f for f in lint(tmp_path, "main.tf", text, RULES) if f not in _VARIABLES]
        assert len(found) == 1 and found[0].startswith(
            "TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: CloudWatch Logs role "
            "'aws_iam_role.logs' of trail 'audit' may not allow logs:CreateLogStream"), (form, found)
        assert sorted(lint(tmp_path, "main.tf", text, RULES, account="111122223333")) == sorted(_VARIABLES), form
        assert [f[:6] for f in lint(tmp_path, "main.tf", text, RULES, account="444455556666")
                if f not in _VARIABLES] == ["TL215 "], form
        # the documented policy, all of whose parts are the provider's, with the account given
        assert sorted(lint(tmp_path, "main.tf", documented(form), RULES, account="444455556666")) \
            == sorted(_VARIABLES), form


def test_the_partition_s_dns_suffix_is_decided_once_its_region_is_known(tmp_path: Path) -> None:
    """`cloudtrail.${data.aws_partition.current.dns_suffix}` is cloudtrail.amazonaws.com in aws and
    aws-us-gov (amazonaws.com.cn in aws-cn); in a provider configuration whose Region is not known it
    may be either: one TL002.
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/partition"""
    def found(region: str) -> list[str]:
        text = documented("jsonencode", region=region).replace(
            '"cloudtrail.amazonaws.com"', '"cloudtrail.${data.aws_partition.current.dns_suffix}"')
        return [f for f in lint(tmp_path, "main.tf", text, RULES) if f not in _VARIABLES]

    assert found('"eu-west-1"') == []
    assert found('"us-gov-west-1"') == []
    assert found("var.region") == [(
        "TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: CloudWatch Logs role 'aws_iam_role.logs' "
        "of trail 'audit' may not let CloudTrail assume it: statement 1: Principal not known")]
