"""A trail's ARN that holds a placeholder for its Region or account, as samples written to be
filled in do (`arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID`, `arn:aws:iam::<account-id>:role/...`,
also as a parameter's Default), is one TL002 saying what to fill in: not findings about a Region
or account that is not one, and not a silent pass. The value is set, so what needs only that
(TL303, TL203) is decided.

Shapes seen in public CloudFormation and policy samples through a code search (excerpts that did
not name their repository): `CloudWatchLogsRoleArn: arn:aws:iam::<account-id>:role/<name>` and
`arn:aws:iam::account:role/appsync-logs` in CloudFormation LogConfig blocks, and
`arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID` or `arn:aws:kms:region:account_id:key/your-key-id` in policy
and Terraform samples. A forgotten Fn::Sub (`${AWS::AccountId}` as plain text) is no placeholder:
the template is deployed with that text, and its findings stay.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_same_holes import lint

from trail_lint.scope.arns import placeholders

TEMPLATE = """Parameters:
  KeyArn:
    Type: String
    Default: KEY
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
      KMSKeyId: !Ref KeyArn
      CloudWatchLogsLogGroupArn: arn:aws:logs:us-east-1:111122223333:log-group:trail:*
      CloudWatchLogsRoleArn: ROLE
"""
KEY = "arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID"
ROLE = "arn:aws:iam::<account-id>:role/CloudTrailLogs"


def test_placeholders_in_a_trails_arns_are_one_tl002_each_saying_what_to_fill_in(tmp_path: Path) -> None:
    found = lint(tmp_path, "stack.yaml", TEMPLATE.replace("KEY", KEY).replace("ROLE", ROLE),
                 ("TL002", "TL203", "TL217", "TL219", "TL303"))
    assert found == [
        ("TL002 'REGION' and 'ACCOUNT_ID' are placeholders, not values: write the values they stand for, so not "
        "known: KMSKeyId of trail 'Trail' (TL217 (invalid-kms-key-id) cannot decide) (assuming parameter KeyArn "
        f"keeps its Default {KEY!r})"),
        ("TL002 '<account-id>' is a placeholder, not a Region or account ID: write the value it stands for, so not "
        "known: CloudWatchLogsRoleArn of trail 'Trail' (TL219 (invalid-cloudwatch-logs-arn) cannot decide)")]


def test_a_forgotten_sub_is_no_placeholder(tmp_path: Path) -> None:
    written = "arn:aws:kms:us-east-1:${AWS::AccountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    found = lint(tmp_path, "stack.yaml", TEMPLATE.replace("KEY", f"'{written}'").replace("ROLE", ROLE),
                 ("TL217",))
    assert len(found) == 1 and found[0].startswith(f"TL217 KMS key ID {written!r} of trail 'Trail'")


_WORDS = st.sampled_from(["ACCOUNT_ID", "ACCOUNT-ID", "AWS_ACCOUNT_ID", "<account-id>", "<AccountId>",
                          "{{AccountId}}", "xxxxxxxxxxxx", "XXXXXXXXXXXX", "account-id", "AccountId",
                          "YOUR_ACCOUNT_ID", "your-account-id", "account_id", "account"])
_REGIONS = st.sampled_from(["REGION", "<region>", "{{Region}}", "region", "your-region", "AWS_REGION"])


@given(_WORDS, st.sampled_from(["kms", "iam", "logs", "sns"]))
def test_a_placeholder_account_is_named(account: str, service: str) -> None:
    assert placeholders(f"arn:aws:{service}:us-east-1:{account}:thing") == {4: account}


@given(_REGIONS, _WORDS)
def test_a_placeholder_region_and_account_are_both_named(region: str, account: str) -> None:
    assert placeholders(f"arn:aws:kms:{region}:{account}:key/x") == {3: region, 4: account}


@given(st.text("0123456789", min_size=12, max_size=12),
       st.sampled_from(["us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "", "*"]))
def test_values_are_never_placeholders(account: str, region: str) -> None:
    assert placeholders(f"arn:aws:kms:{region}:{account}:key/x") == {}
    assert placeholders(f"arn:aws:iam::{account}:role/x") == {}
    # a value spelt wrongly is a value: the rules of its form say what is wrong with it
    assert placeholders(f"arn:aws:kms:US-EAST-1:{account[:11]}:key/x") == {}
    assert placeholders(f"arn:aws:kms:us-east-1:${{AWS::AccountId}}:key/{account}") == {}
