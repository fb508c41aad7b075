"""TL228: S3 rejects, at deployment, a public bucket policy while BlockPublicPolicy is on, a public
canned ACL while BlockPublicAcls is on, and any ACL granting others while Object Ownership is
BucketOwnerEnforced (ACLs disabled), the setting of every bucket created since April 2023
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html,
https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules

ACLS = {"Private": "private", "PublicRead": "public-read", "PublicReadWrite": "public-read-write",
        "AuthenticatedRead": "authenticated-read", "LogDeliveryWrite": "log-delivery-write",
        "AwsExecRead": "aws-exec-read", "BucketOwnerRead": "bucket-owner-read",
        "BucketOwnerFullControl": "bucket-owner-full-control"}
PUBLIC = {"public-read", "public-read-write", "authenticated-read"}
SHARED = PUBLIC | {"log-delivery-write", "aws-exec-read"}
OWNERSHIP = (None, "BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter")
POLICY = """  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref LogBucket
      PolicyDocument:
        Statement:
          - {Sid: Anyone, Effect: Allow, Principal: "*", Action: s3:GetObject,
             Resource: "arn:aws:s3:::logs-123456789012/*"}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: audit, S3BucketName: !Ref LogBucket, IsLogging: true}
"""


def lint(tmp_path: Path, template: str) -> list[str]:
    path = tmp_path / "template.yaml"
    path.write_text(template)
    config = Config(select=("TL228",), region="us-east-2", account="123456789012")
    return [f.message for f in run([str(path)], config, all_rules(), raise_errors=True).findings]


def template(acl: str | None, ownership: str | None, block: dict[str, bool] | None) -> str:
    lines = ["Resources:", "  LogBucket:", "    Type: AWS::S3::Bucket", "    Properties:",
             "      BucketName: logs-123456789012"]
    if acl is not None:
        lines.append(f"      AccessControl: {acl}")
    if ownership is not None:
        lines.append(f"      OwnershipControls: {{Rules: [{{ObjectOwnership: {ownership}}}]}}")
    if block is not None:
        lines.append("      PublicAccessBlockConfiguration: {"
                     + ", ".join(f"{k}: {str(v).lower()}" for k, v in block.items()) + "}")
    return "\n".join(lines) + "\n" + POLICY


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([None, *ACLS]), st.sampled_from(OWNERSHIP),
       st.one_of(st.none(), st.fixed_dictionaries({"BlockPublicAcls": st.booleans(), "BlockPublicPolicy": st.booleans()})))
def test_what_s3_rejects(tmp_path_factory: pytest.TempPathFactory, acl: str | None, ownership: str | None,
                         block: dict[str, bool] | None) -> None:
    found = lint(tmp_path_factory.mktemp("tl228"), template(acl, ownership, block))
    canned = ACLS.get(acl or "", "")
    acls_blocked = block is None or block["BlockPublicAcls"]          # a new bucket: all four on
    policy_blocked = block is None or block["BlockPublicPolicy"]
    disabled = ownership in (None, "BucketOwnerEnforced")
    by_ownership = canned in SHARED and disabled
    by_block = canned in PUBLIC and acls_blocked and not by_ownership
    assert any("Object Ownership is BucketOwnerEnforced" in m for m in found) is by_ownership, found
    assert any("BlockPublicAcls is on" in m for m in found) is by_block, found
    assert any("statement 'Anyone'" in m for m in found) is policy_blocked, found


def test_an_existing_bucket_is_not_judged(tmp_path: Path) -> None:
    """A bucket that exists already (describe output) holds what S3 accepted when it was set."""
    (tmp_path / "describe-trails.json").write_text(
        '{"trailList": [{"Name": "audit", "S3BucketName": "logs-123456789012", "HomeRegion": "us-east-2",'
        ' "TrailARN": "arn:aws:cloudtrail:us-east-2:123456789012:trail/audit", "IsMultiRegionTrail": true}]}')
    config = Config(select=("TL228",), region="us-east-2", account="123456789012")
    assert not run([str(tmp_path)], config, all_rules(), raise_errors=True).findings


def test_an_unknown_ownership_decides_nothing(tmp_path: Path) -> None:
    found = lint(tmp_path, template("LogDeliveryWrite", "!Ref Ownership", {"BlockPublicAcls": False,
                                                                          "BlockPublicPolicy": False}))
    assert found == []


@pytest.mark.parametrize("ownership", ["ObjectWriter", "BucketOwnerPreferred", "BucketOwnerEnforced"])
def test_a_plan_s_ownership_controls(tmp_path: Path, ownership: str) -> None:
    """aws_s3_bucket_ownership_controls in a plan: ObjectWriter and BucketOwnerPreferred enable ACLs,
    and the public ACL is then refused by Block Public Access only if BlockPublicAcls is on (it is
    off in this plan)."""
    plan = json.loads((Path(__file__).parent / "rules" / "TL307" / "bad.tfplan.json").read_text())
    plan["resource_changes"].append({
        "address": "aws_s3_bucket_ownership_controls.logs", "mode": "managed", "type": "aws_s3_bucket_ownership_controls",
        "name": "logs", "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": ["create"], "before": None, "after": {"rule": [{"object_ownership": ownership}]},
                   "after_unknown": {"bucket": True, "id": True}}})
    plan["configuration"]["root_module"]["resources"].append({
        "address": "aws_s3_bucket_ownership_controls.logs", "mode": "managed", "type": "aws_s3_bucket_ownership_controls",
        "name": "logs", "provider_config_key": "aws",
        "expressions": {"bucket": {"references": ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"]},
                        "rule": [{"object_ownership": {"constant_value": ownership}}]}})
    path = tmp_path / "plan.tfplan.json"
    path.write_text(json.dumps(plan))
    config = Config(select=("TL228",), region="us-east-2", account="123456789012")
    found = [f.message for f in run([str(path)], config, all_rules(), raise_errors=True).findings]
    assert bool(found) is (ownership == "BucketOwnerEnforced"), found
