"""Old bucket and topic policies that grant CloudTrail's own account of each Region instead of the
service principal: they let CloudTrail deliver from the Regions they name, and only from those."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.delivery import evaluate
from trail_lint.delivery_accounts import REGION_ACCOUNTS, named_regions
from trail_lint.delivery_bucket_requests import bucket_requests
from trail_lint.delivery_requests import topic_request
from trail_lint.engine import run
from trail_lint.iam.evaluator import Decision
from trail_lint.model import UNKNOWN, Origin, Policy, Trail
from trail_lint.normalise.policy_json import parse_policy
from trail_lint.registry import all_rules

OWNER = "444455556666"
LEDGER = "ledger-archive"
# The two accounts an old policy names: Ireland's and Frankfurt's CloudTrail.
IRELAND, FRANKFURT = REGION_ACCOUNTS["eu-west-1"], REGION_ACCOUNTS["eu-central-1"]


def ledger_trail(region: Any, multi_region: Any = False) -> Trail:
    return Trail(name="ledger", account=OWNER, region=region, multi_region=multi_region, s3_bucket=LEDGER)


def old_policy(*principals: str, partition: str = "aws") -> Policy:
    grantees = {"AWS": list(principals)}
    return parse_policy({"Version": "2012-10-17", "Statement": [
        {"Sid": "AclCheck2013", "Effect": "Allow", "Principal": grantees, "Action": "s3:GetBucketAcl",
         "Resource": f"arn:{partition}:s3:::{LEDGER}"},
        {"Sid": "Write2013", "Effect": "Allow", "Principal": grantees, "Action": "s3:PutObject",
         "Resource": f"arn:{partition}:s3:::{LEDGER}/AWSLogs/{OWNER}/*",
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
    ]}, name="old", origin=Origin("old.json", ()))


def decisions(trail: Trail, document: Policy) -> list[Decision]:
    return [evaluate(document, request).decision for request in bucket_requests(trail, LEDGER)]


@given(st.sampled_from(sorted(REGION_ACCOUNTS)), st.booleans())
def test_a_single_region_trail_delivers_where_its_regions_account_is_named(region: str, as_arn: bool) -> None:
    account = REGION_ACCOUNTS[region]
    partition = "aws-cn" if region.startswith("cn-") else "aws"
    principal = f"arn:{partition}:iam::{account}:root" if as_arn else account
    assert decisions(ledger_trail(region), old_policy(principal, partition=partition)) == [Decision.ALLOWED] * 2


OTHER_REGIONS = sorted(r for r in REGION_ACCOUNTS if r not in ("eu-west-1", "eu-central-1") and not r.startswith("cn-"))


@given(st.sampled_from([*OTHER_REGIONS, "eu-north-1", "me-south-1"]))
def test_a_single_region_trail_elsewhere_is_blocked_and_told_why(region: str) -> None:
    verdict = evaluate(old_policy(f"arn:aws:iam::{IRELAND}:root", FRANKFURT), bucket_requests(ledger_trail(region),
                                                                                            LEDGER)[0])
    assert verdict.decision is Decision.DENIED
    assert verdict.reason == ("statement 'AclCheck2013' names CloudTrail's own accounts of eu-central-1 and "
                              "eu-west-1 instead of cloudtrail.amazonaws.com, which lets CloudTrail deliver only "
                              f"from those Regions: not from {region}")


def test_a_multi_region_trail_is_blocked_even_from_a_named_home_region() -> None:
    verdict = evaluate(old_policy(IRELAND), bucket_requests(ledger_trail("eu-west-1", multi_region=True), LEDGER)[1])
    assert verdict.decision is Decision.DENIED
    assert verdict.reason.endswith("deliver only from those Regions: the trail is multi-Region")


@pytest.mark.parametrize(("region", "multi_region"), [(UNKNOWN, False), (None, False), ("eu-west-1", UNKNOWN)])
def test_an_unknown_region_leaves_an_old_grant_undecided(region: Any, multi_region: Any) -> None:
    verdict = evaluate(old_policy(IRELAND), bucket_requests(ledger_trail(region, multi_region), LEDGER)[1])
    assert verdict.decision is Decision.UNKNOWN
    assert "Principal names CloudTrail's own accounts of some Regions" in verdict.reason


def test_other_accounts_and_non_root_principals_are_not_cloudtrail() -> None:
    assert named_regions({"AWS": (f"arn:aws:iam::{IRELAND}:user/ops", OWNER, f"arn:aws:iam::{OWNER}:root")}) == ()
    blocked = evaluate(old_policy(OWNER), bucket_requests(ledger_trail("eu-west-1"), LEDGER)[1])
    assert blocked.reason == (f"no statement allows cloudtrail.amazonaws.com s3:PutObject on "
                              f"arn:aws:s3:::{LEDGER}/AWSLogs/{OWNER}/*")


def test_an_old_topic_policy_lets_the_named_region_publish() -> None:
    topic = f"arn:aws:sns:eu-west-1:{OWNER}:ledger-notices"
    publish = parse_policy({"Statement": [{"Effect": "Allow", "Principal": {"AWS": [IRELAND]},
                                           "Action": "SNS:Publish", "Resource": topic}]},
                           name="topic", origin=Origin("topic.json", ()))
    assert evaluate(publish, topic_request(ledger_trail("eu-west-1"), topic)).decision is Decision.ALLOWED
    assert evaluate(publish, topic_request(ledger_trail("eu-west-2"), topic)).decision is Decision.DENIED


LEDGER_TEMPLATE = """\
Resources:
  LedgerBucket:
    Type: AWS::S3::Bucket
  LedgerBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref LedgerBucket
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: ["arn:aws:iam::IRELAND:root", "arn:aws:iam::FRANKFURT:root"]}
            Action: s3:GetBucketAcl
            Resource: !Sub arn:aws:s3:::${LedgerBucket}
          - Effect: Allow
            Principal: {AWS: ["arn:aws:iam::IRELAND:root", "arn:aws:iam::FRANKFURT:root"]}
            Action: s3:PutObject
            Resource: !Sub arn:aws:s3:::${LedgerBucket}/AWSLogs/${AWS::AccountId}/*
  LedgerTrail:
    Type: AWS::CloudTrail::Trail
    DependsOn: LedgerBucketPolicy
    Properties:
      IsLogging: true
      S3BucketName: !Ref LedgerBucket
""".replace("IRELAND", IRELAND).replace("FRANKFURT", FRANKFURT)


@pytest.mark.parametrize(("region", "found"), [
    ("eu-west-1", []),
    ("eu-central-1", []),
    ("eu-west-2", [("10:13: TL207 bucket policy of 'LedgerBucket' blocks delivery for trail 'LedgerTrail': "
                    "statement 1 names CloudTrail's own accounts of eu-central-1 and eu-west-1 instead of "
                    "cloudtrail.amazonaws.com, which lets CloudTrail deliver only from those Regions: not from "
                    "eu-west-2")]),
])
def test_a_template_with_an_old_bucket_policy(tmp_path: Path, region: str, found: list[str]) -> None:
    (tmp_path / "ledger.yaml").write_text(LEDGER_TEMPLATE)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        config = from_mapping({"region": region, "account": OWNER, "select": ["TL207"]})
        result = run(["ledger.yaml"], config, all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    assert [f"{f.line}:{f.column}: {f.rule} {f.message}" for f in result.findings] == found
