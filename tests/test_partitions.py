"""Inputs of the AWS GovCloud (US) and China partitions: their trail ARNs (arn:aws-us-gov:, arn:aws-cn:) and
Regions (us-gov-west-1, cn-north-1) are read as AWS writes them; a policy ARN names a trail of its own
partition only; an AWS managed policy of those partitions (arn:aws-us-gov:iam::aws:policy/...) is never
taken for the aws partition's shipped copy; SAM names a managed policy in the stack's partition; and an
account is of one partition, so a Region of another is no gap of its.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rules.tl402_tamper_on_every_trail import _may_deny
from trail_lint.config import Config
from trail_lint.delivery_links import bucket_policies
from trail_lint.engine import run
from trail_lint.iam.access import TAMPER_ACTIONS, analyse
from trail_lint.iam.evaluator import Decision
from trail_lint.iam.masks import ActionMasks
from trail_lint.iam.resolve import shipped_in_aws_only
from trail_lint.model import Inventory, Policy, ResourcePolicy, Statement, Trail
from trail_lint.records import replace
from trail_lint.registry import all_rules

PARTITIONS = [("aws-us-gov", "us-gov-west-1", "111122223333"), ("aws-cn", "cn-north-1", "444455556666")]


def _listing(partition: str, region: str, account: str, count: int = 1) -> dict[str, object]:
    return {"trailList": [{
        "Name": f"t{i}", "TrailARN": f"arn:{partition}:cloudtrail:{region}:{account}:trail/t{i}", "HomeRegion": region,
        "S3BucketName": "logs", "IsMultiRegionTrail": False, "IncludeGlobalServiceEvents": True,
        "LogFileValidationEnabled": True, "IsOrganizationTrail": False, "HasCustomEventSelectors": False,
        "HasInsightSelectors": False} for i in range(count)]}


def _role(partition: str, account: str, name: str, statements: list[dict[str, object]],
          attached: tuple[str, ...] = ()) -> dict[str, object]:
    return {"Path": "/", "RoleName": name, "RoleId": f"AROA{name.upper()}", "Arn": f"arn:{partition}:iam::{account}:role/{name}",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "RolePolicyList": [{"PolicyName": name.lower(), "PolicyDocument": {"Version": "2012-10-17",
                                                                                "Statement": statements}}]
            if statements else [],
            "InstanceProfileList": [], "Tags": [],
            "AttachedManagedPolicies": [{"PolicyName": arn.rsplit("/", 1)[-1], "PolicyArn": arn} for arn in attached]}


def _lint(folder: Path) -> list[tuple[str, str]]:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run(["."], Config(), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return sorted((f.rule, f.message) for f in result.findings)


@pytest.mark.parametrize(("partition", "region", "account"), PARTITIONS)
def test_a_partitions_trail_arns_and_managed_policies(tmp_path: Path, partition: str, region: str,
                                                       account: str) -> None:
    own = f"arn:{partition}:cloudtrail:{region}:{account}:trail/t0"
    written_as_aws = f"arn:aws:cloudtrail:{region}:{account}:trail/t0"
    managed = f"arn:{partition}:iam::aws:policy/AWSCloudTrail_FullAccess"
    (tmp_path / "trails.json").write_text(json.dumps(_listing(partition, region, account)))
    (tmp_path / "auth.json").write_text(json.dumps({"UserDetailList": [], "GroupDetailList": [], "Policies": [],
                                                    "RoleDetailList": [
        _role(partition, account, "Stopper", [{"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": own},
                                              {"Effect": "Allow", "Action": "cloudtrail:DeleteTrail",
                                               "Resource": written_as_aws}]),
        _role(partition, account, "Ops", [], (managed,))]}))
    found = _lint(tmp_path)
    rules = [rule for rule, _ in found]
    assert "TL225" not in rules        # the partition's Regions are listed
    tamper = [message for rule, message in found if rule in ("TL401", "TL404")]
    # the partition's ARN names the trail; the aws partition's names none of the inputs'
    assert tamper == ["role Stopper can StopLogging on 't0'",
                      f"trail ARN '{written_as_aws}' in statement 2 of policy stopper matches no known trail"]
    # the aws partition's copy of the AWS managed policy is not the partition's
    assert (f"managed policy {managed} is not in the inputs, and trail-lint ships only the aws partition's "
            f"AWSCloudTrail_FullAccess (that of {partition} may differ): its permissions are unknown") in \
        "\n".join(message for rule, message in found if rule == "TL002")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        report = analyse(run(["."], Config(), all_rules()).inventory)
    finally:
        os.chdir(cwd)
    assert report.decision(f"arn:{partition}:iam::{account}:role/Ops", own, "cloudtrail:StopLogging") is Decision.UNKNOWN
    assert report.decision(f"arn:{partition}:iam::{account}:role/Stopper", own, "cloudtrail:DeleteTrail") \
        is Decision.DENIED


def test_a_region_of_another_partition_is_no_gap_of_an_account(tmp_path: Path) -> None:
    for partition, region, account in PARTITIONS:
        (tmp_path / f"{partition}.json").write_text(json.dumps(_listing(partition, region, account, count=6)))
    found = _lint(tmp_path)
    # each account's listing covers its own Region; the other partition's Region is none of its
    assert [message for rule, message in found if rule == "TL304"] == []
    assert [message for rule, message in found if rule == "TL101"] == [
        f"6 trails would exist in {region}, over the quota of 5 per Region: t0, t1, t2, t3, t4, t5"
        for region in ("cn-north-1", "us-gov-west-1")]
    # a Region of its own partition that no trail records is still one
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = run(["."], Config(regions=("us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1")),
                     all_rules())
    finally:
        os.chdir(cwd)
    assert sorted((f.account, f.region) for f in result.findings if f.rule == "TL304") == [
        ("111122223333", "us-gov-east-1"), ("444455556666", "cn-northwest-1")]


def test_shipped_in_aws_only() -> None:
    assert shipped_in_aws_only("arn:aws-us-gov:iam::aws:policy/AWSCloudTrail_FullAccess") == "AWSCloudTrail_FullAccess"
    assert shipped_in_aws_only("arn:aws-cn:iam::aws:policy/AdministratorAccess") == "AdministratorAccess"
    # the aws partition's own ARN is the shipped one; a policy of an account, or one not shipped, is none
    assert shipped_in_aws_only("arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess") is None
    assert shipped_in_aws_only("arn:aws-us-gov:iam::111122223333:policy/AWSCloudTrail_FullAccess") is None
    assert shipped_in_aws_only("arn:aws-us-gov:iam::aws:policy/NoSuchPolicyAnywhere") is None


@pytest.mark.parametrize(("region", "found"), [("us-gov-west-1", ["gov"]), ("us-east-1", ["aws"]),
                                               (None, ["aws", "gov", "cn"])])
def test_a_bucket_policy_named_by_arn_in_the_trails_partition(region: str | None, found: list[str]) -> None:
    # a bucket ARN is arn:PARTITION:s3:::NAME: of the trail's partition, or of any where its Region is not known
    policies = tuple(ResourcePolicy(f"arn:{partition}:s3:::logs", "s3", Policy(name, ()))
                     for partition, name in (("aws", "aws"), ("aws-us-gov", "gov"), ("aws-cn", "cn")))
    trail = Trail(name="audit", s3_bucket="logs", region=region)
    inventory = Inventory(trails=(trail,), resource_policies=policies)
    assert [p.policy.name for p in bucket_policies(inventory, trail)] == found


@pytest.mark.parametrize("partition", ["aws", "aws-us-gov", "aws-cn", "*"])
def test_a_deny_not_known_offline_on_every_trail_of_a_partition_may_deny(partition: str) -> None:
    # TL402: a Deny that may be there (maybe) on every trail of the partition leaves the Allow on every trail open
    deny = Statement("Deny", actions=("cloudtrail:StopLogging",), resources=(f"arn:{partition}:cloudtrail:*:*:trail/*",),
                     maybe=True)
    assert _may_deny(deny, ActionMasks(TAMPER_ACTIONS))
    # one on a trail of its own only may not
    one = replace(deny, resources=(f"arn:{partition}:cloudtrail:us-gov-west-1:111122223333:trail/audit",))
    assert not _may_deny(one, ActionMasks(TAMPER_ACTIONS))
