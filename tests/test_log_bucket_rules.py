"""The log bucket rules (TL310–TL312) beyond their fixtures: what they cannot decide is TL002, once."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.model import UNKNOWN
from trail_lint.registry import all_rules

TRAIL = {"address": "aws_cloudtrail.audit", "mode": "managed", "type": "aws_cloudtrail", "name": "audit",
         "change": {"actions": ["create"], "before": None, "after_unknown": {},
                    "after": {"name": "audit", "s3_bucket_name": "audit-logs", "is_multi_region_trail": True,
                              "region": "us-east-1"}}}


def resource(type_: str, name: str, after: dict, actions: tuple[str, ...] = ("create",), unknown: dict | None = None
             ) -> dict:
    return {"address": f"{type_}.{name}", "mode": "managed", "type": type_, "name": name,
            "change": {"actions": list(actions), "before": None if actions == ("create",) else after,
                       "after": after, "after_unknown": unknown or {}}}


def lint(tmp_path: Path, *changes: dict, select: tuple[str, ...] = ("TL310", "TL311", "TL312", "TL002")
         ) -> list[tuple[str, str]]:
    plan = tmp_path / "plan.tfplan.json"
    plan.write_text(json.dumps({"format_version": "1.2", "resource_changes": list(changes)}))
    result = run([str(plan)], Config(select=select), all_rules(), raise_errors=True)
    return [(f.rule, f.message) for f in result.findings]


def test_a_bucket_not_in_the_inputs_is_one_tl002_naming_each_check_it_blocks(tmp_path: Path) -> None:
    missing = "log bucket 'audit-logs' of trail 'audit' is not in the inputs"
    assert lint(tmp_path, TRAIL) == [
        ("TL002", ("TL310 (log-bucket-access-logging-disabled), TL311 (log-bucket-unprotected) and TL312 "
                  f"(log-bucket-public-access-unblocked) cannot decide: {missing}"))]
    # with one of the checks selected, the finding names that one only
    assert lint(tmp_path, TRAIL, select=("TL311", "TL002")) == [
        ("TL002", f"TL311 (log-bucket-unprotected) cannot decide: {missing}")]


def test_tl002_only_when_selected(tmp_path: Path) -> None:
    assert lint(tmp_path, TRAIL, select=("TL310",)) == []


def test_an_existing_bucket_without_block_settings_is_unknown(tmp_path: Path) -> None:
    bucket = resource("aws_s3_bucket", "logs", {"bucket": "audit-logs"}, actions=("no-op",))
    findings = dict(lint(tmp_path, TRAIL, bucket, select=("TL312", "TL002")))
    assert findings == {"TL002": "TL312 (log-bucket-public-access-unblocked) cannot decide: Block Public Access of "
                                 "log bucket 'audit-logs' of trail 'audit' is not in the inputs (S3 turns it on for "
                                 "buckets created since April 2023)"}


def test_a_new_bucket_without_block_settings_is_blocked_by_default(tmp_path: Path) -> None:
    bucket = resource("aws_s3_bucket", "logs", {"bucket": "audit-logs"})
    assert lint(tmp_path, TRAIL, bucket, select=("TL312", "TL002")) == []


def test_a_settings_resource_whose_bucket_is_unknown_makes_the_answer_unknown(tmp_path: Path) -> None:
    bucket = resource("aws_s3_bucket", "logs", {"bucket": "audit-logs"})
    logging = resource("aws_s3_bucket_logging", "somewhere", {"target_bucket": "access-logs"},
                       unknown={"bucket": True})
    assert lint(tmp_path, TRAIL, bucket, select=("TL310",)) != []
    assert lint(tmp_path, TRAIL, bucket, logging, select=("TL310",)) == []


def test_legacy_inline_blocks_are_read(tmp_path: Path) -> None:
    bucket = resource("aws_s3_bucket", "logs", {
        "bucket": "audit-logs", "logging": [{"target_bucket": "access-logs", "target_prefix": ""}],
        "versioning": [{"enabled": True, "mfa_delete": True}]}, actions=("no-op",))
    assert lint(tmp_path, TRAIL, bucket, select=("TL310", "TL311")) == []


def test_two_trails_sharing_a_bucket_give_one_finding(tmp_path: Path) -> None:
    second = json.loads(json.dumps(TRAIL).replace("audit", "second").replace("second-logs", "audit-logs"))
    bucket = resource("aws_s3_bucket", "logs", {"bucket": "audit-logs"})
    assert [rule for rule, _ in lint(tmp_path, TRAIL, second, bucket, select=("TL310",))] == ["TL310"]


def test_the_same_bucket_settings_in_a_template_and_a_plan_are_equal(tmp_path: Path) -> None:
    from trail_lint.model import PublicAccessBlock

    template = tmp_path / "t.yaml"
    template.write_text("""Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: audit-logs
      LoggingConfiguration: {DestinationBucketName: access-logs}
      VersioningConfiguration: {Status: Enabled}
      ObjectLockEnabled: "true"
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false}
""")
    plan = tmp_path / "plan.tfplan.json"
    plan.write_text(json.dumps({"format_version": "1.2", "resource_changes": [
        resource("aws_s3_bucket", "logs", {"bucket": "audit-logs", "object_lock_enabled": True}),
        resource("aws_s3_bucket_logging", "logs", {"bucket": "audit-logs", "target_bucket": "access-logs"}),
        resource("aws_s3_bucket_versioning", "logs", {"bucket": "audit-logs",
                                                      "versioning_configuration": [{"status": "Enabled"}]}),
        resource("aws_s3_bucket_public_access_block", "logs", {
            "bucket": "audit-logs", "block_public_acls": True, "ignore_public_acls": True,
            "block_public_policy": False, "restrict_public_buckets": False}),
    ]}))
    buckets = [run([str(path)], Config(region="us-east-1"), all_rules()).inventory.buckets for path in (template, plan)]
    settings = [(b.name, b.access_logging, b.versioning, b.mfa_delete, b.object_lock, b.public_access_block)
                for found in buckets for b in found]
    assert settings[0] == settings[1] == ("audit-logs", True, True, False, True,
                                          PublicAccessBlock(True, True, False, False))


def test_the_account_level_block_counts_with_the_buckets(tmp_path: Path) -> None:
    bucket = resource("aws_s3_bucket", "logs", {"bucket": "audit-logs"}, actions=("no-op",))
    partial = resource("aws_s3_bucket_public_access_block", "logs", {
        "bucket": "audit-logs", "block_public_acls": True, "ignore_public_acls": True,
        "block_public_policy": False, "restrict_public_buckets": False})
    account = resource("aws_s3_account_public_access_block", "all", {
        "block_public_acls": True, "ignore_public_acls": True, "block_public_policy": True,
        "restrict_public_buckets": False})
    select = ("TL312", "TL002")
    assert lint(tmp_path, TRAIL, bucket, partial, select=select) == [
        ("TL312", ("log bucket 'audit-logs' of trail 'audit' has Block Public Access BlockPublicPolicy, "
                  "RestrictPublicBuckets off"))]
    assert lint(tmp_path, TRAIL, bucket, partial, account, select=select) == [
        ("TL312", "log bucket 'audit-logs' of trail 'audit' has Block Public Access RestrictPublicBuckets off")]
    every = json.loads(json.dumps(account).replace('"restrict_public_buckets": false', '"restrict_public_buckets": true'))
    assert lint(tmp_path, TRAIL, bucket, every, select=select) == []        # the existing bucket is covered


def _trail(index: int, bucket: str | None, region: str) -> dict:
    after = {"name": f"trail-{index}", "is_multi_region_trail": True, "region": region}
    if bucket is not None:
        after["s3_bucket_name"] = bucket
    return resource("aws_cloudtrail", f"trail_{index}", after, unknown={} if bucket else {"s3_bucket_name": True})


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["shared-logs", "other-logs", None]),
                          st.sampled_from(["us-east-1", "eu-west-1", "cn-north-1"])), min_size=1, max_size=8))
def test_trails_delivering_to_one_missing_bucket_give_one_tl002_for_it(
        trails: list[tuple[str | None, str]]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        found = [message for rule, message in lint(Path(scratch), *(_trail(i, *t) for i, t in enumerate(trails)))
                 if rule == "TL002"]
    # Bucket names are global in a partition: one finding per name and partition, at its first trail.
    sharing: dict[tuple[str, str], list[int]] = {}
    for index, (bucket, region) in enumerate(trails):
        if bucket is not None:
            sharing.setdefault((bucket, "aws-cn" if region.startswith("cn-") else "aws"), []).append(index)
    expected = [f"log bucket {bucket!r} of trail 'trail-{first}'" + (
        "" if not others else f" (and {len(others)} other trail{'s' if len(others) > 1 else ''})")
        for (bucket, _), (first, *others) in sharing.items()]
    # A bucket whose name is not known stays each trail's own.
    expected += [f"log bucket of trail 'trail-{index}'" for index, (bucket, _) in enumerate(trails) if bucket is None]
    assert sorted(message.split(" cannot decide: ")[1] for message in found) == \
        sorted(f"{said} is not in the inputs" for said in expected)


def test_log_buckets_is_found_once_per_inventory_and_not_lent_to_another(tmp_path: Path) -> None:
    # The five log bucket rules share one answer per inventory; an inventory made from it with other
    # trails (the same buckets, so the same Links) gets its own.
    from dataclasses import replace

    from trail_lint.delivery_links import log_buckets

    plan = tmp_path / "plan.tfplan.json"
    bucket = resource("aws_s3_bucket", "logs", {"bucket": "other-logs"}, actions=("no-op",))
    plan.write_text(json.dumps({"format_version": "1.2", "resource_changes": [TRAIL, bucket]}))
    inventory = run([str(plan)], Config(select=("TL310",)), all_rules(), raise_errors=True).inventory
    first = list(log_buckets(inventory))
    assert [(trail.name, type(found).__name__) for trail, found in first] == [("audit", "Problem")]
    assert list(log_buckets(inventory)) == first
    assert all(a is b for pair, again in zip(first, log_buckets(inventory)) for a, b in zip(pair, again))
    renamed = replace(inventory, trails=tuple(replace(t, s3_bucket="other-logs") for t in inventory.trails))
    assert [(trail.s3_bucket, found.name) for trail, found in log_buckets(renamed)] == [("other-logs", "other-logs")]
    assert list(log_buckets(inventory)) == first


def test_a_trail_without_a_bucket_has_no_log_bucket_to_look_for(tmp_path: Path) -> None:
    """A template trail without `S3BucketName` is TL211 (CloudFormation rejects it); the log bucket
    rules have no bucket to check, and say nothing about one missing from the inputs."""
    template = tmp_path / "trail.yaml"
    template.write_text("Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n"
                        "      IsLogging: true\n")
    select = ("TL207", "TL211", "TL307", "TL310", "TL311", "TL312", "TL002")
    result = run([str(template)], Config(select=select, region="us-east-1"), all_rules(), raise_errors=True)
    assert [(f.rule, f.message) for f in result.findings] == [
        ("TL211", "trail 'Trail' has no S3BucketName, which is required")]


def test_a_new_bucket_without_an_acl_has_the_default_one(tmp_path: Path) -> None:
    """`acl` is computed: known only after apply. A plan's new bucket whose configuration sets no ACL
    and no grants gets the private one; one that sets it to a value not yet known is decided by Block
    Public Access (tests/test_log_bucket_public_access.py)."""
    def plan_with(expressions: dict) -> list[tuple[str, str]]:
        bucket = resource("aws_s3_bucket", "logs", {"bucket": "audit-logs"}, unknown={"acl": True})
        document = {"format_version": "1.2", "resource_changes": [TRAIL, bucket], "configuration": {"root_module": {
            "resources": [{"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket",
                           "name": "logs", "expressions": expressions}]}}}
        plan = tmp_path / "plan.tfplan.json"
        plan.write_text(json.dumps(document))
        result = run([str(plan)], Config(select=("TL307", "TL002")), all_rules(), raise_errors=True)
        return [(f.rule, f.message) for f in result.findings]

    assert plan_with({"bucket": {"constant_value": "audit-logs"}}) == []
    # a new bucket has S3 Block Public Access on (IgnorePublicAcls): whatever its ACL, S3 ignores a public one
    assert plan_with({"bucket": {"constant_value": "audit-logs"}, "acl": {"references": ["var.acl"]}}) == []


def test_a_new_versioning_configuration_without_mfa_delete_leaves_a_new_bucket_without_it(tmp_path: Path) -> None:
    """`mfa_delete` and `object_lock_enabled` are computed: known only after apply. A configuration
    that sets neither gives a new bucket neither; an existing bucket keeps what it has."""
    def plan_with(bucket_actions: tuple[str, ...], versioning: dict) -> list[tuple[str, str]]:
        bucket = resource("aws_s3_bucket", "logs", {"bucket": "audit-logs"}, actions=bucket_actions,
                          unknown={"object_lock_enabled": True} if bucket_actions == ("create",) else None)
        setting = resource("aws_s3_bucket_versioning", "logs", {
            "bucket": "audit-logs", "versioning_configuration": [{"status": "Enabled"}]},
            unknown={"versioning_configuration": [{"mfa_delete": True}]})
        configured = [{"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
                       "expressions": {"bucket": {"constant_value": "audit-logs"}}},
                      {"address": "aws_s3_bucket_versioning.logs", "mode": "managed",
                       "type": "aws_s3_bucket_versioning", "name": "logs", "expressions": versioning}]
        document = {"format_version": "1.2", "resource_changes": [TRAIL, bucket, setting],
                    "configuration": {"root_module": {"resources": configured}}}
        plan = tmp_path / "plan.tfplan.json"
        plan.write_text(json.dumps(document))
        result = run([str(plan)], Config(select=("TL311", "TL002")), all_rules(), raise_errors=True)
        return [(f.rule, f.message) for f in result.findings]

    status = {"bucket": {"constant_value": "audit-logs"},
              "versioning_configuration": [{"status": {"constant_value": "Enabled"}}]}
    unprotected = ("TL311", "log bucket 'audit-logs' of trail 'audit' is versioned without MFA delete or Object Lock")
    assert plan_with(("create",), status) == [unprotected]
    # set to a value known only after apply, or on a bucket that exists already: not known
    mfa = {**status, "versioning_configuration": [{"status": {"constant_value": "Enabled"},
                                                   "mfa_delete": {"references": ["var.mfa"]}}]}
    assert [rule for rule, _ in plan_with(("create",), mfa)] == ["TL002"]
    assert [rule for rule, _ in plan_with(("no-op",), status)] == ["TL002"]


def _tf(block_provider: str) -> str:
    """A trail's bucket in 111122223333 that blocks public ACLs only, and an account-level block that turns
    on every setting in the account of ``block_provider``."""
    return f"""
provider "aws" {{
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}}

provider "aws" {{
  alias               = "other"
  region              = "us-east-1"
  allowed_account_ids = ["444455556666"]
}}

resource "aws_cloudtrail" "audit" {{
  name                  = "audit"
  s3_bucket_name        = aws_s3_bucket.logs.id
  is_multi_region_trail = true
}}

resource "aws_s3_bucket" "logs" {{
  bucket = "audit-logs"
}}

resource "aws_s3_bucket_public_access_block" "logs" {{
  bucket             = aws_s3_bucket.logs.id
  block_public_acls  = true
  ignore_public_acls = true
}}

resource "aws_s3_account_public_access_block" "all" {{
  provider                = {block_provider}
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}}
"""


def test_an_account_level_block_covers_the_buckets_of_its_own_account_only(tmp_path: Path) -> None:
    """The bucket and the account-level block are each in the account their provider configuration names:
    a block in another account leaves the bucket's settings off."""
    main = tmp_path / "main.tf"
    main.write_text(_tf("aws.other"))
    result = run([str(main)], Config(select=("TL312", "TL002")), all_rules(), raise_errors=True)
    assert [(f.rule, f.line, f.message) for f in result.findings] == [
        ("TL312", 23, ("log bucket 'audit-logs' of trail 'audit' has Block Public Access BlockPublicPolicy, "
                       "RestrictPublicBuckets off"))]
    main.write_text(_tf("aws"))
    assert run([str(main)], Config(select=("TL312", "TL002")), all_rules(), raise_errors=True).findings == ()


BUCKET_TF = """provider "aws" {{
  region = "us-east-1"
}}
variable "make" {{}}
resource "aws_s3_bucket" "logs" {{
{count}  bucket = "audit-logs-example"
}}
resource "aws_cloudtrail" "audit" {{
  name                  = "audit"
  s3_bucket_name        = "audit-logs-example"
  is_multi_region_trail = true
}}
"""


def _messages(path: Path, select: tuple[str, ...]) -> list[tuple[str, str]]:
    result = run([str(path)], Config(select=select), all_rules(), raise_errors=True)
    return [(f.rule, f.message) for f in result.findings]


def test_a_bucket_that_may_not_be_created_is_said_if_created(tmp_path: Path) -> None:
    """A count or for_each not known offline may make no bucket: TL310, TL311 and TL320 hold only if it is
    created, as for a CloudFormation bucket with a Condition."""
    select = ("TL310", "TL311", "TL320")
    said = ["log bucket 'audit-logs-example' of trail 'audit' has no server access logging",
            "log bucket 'audit-logs-example' of trail 'audit' is not versioned",
            "log bucket 'audit-logs-example' of trail 'audit' has no lifecycle configuration"]
    for count in ("  count = var.make ? 1 : 0\n", '  for_each = var.make\n'):
        (tmp_path / "main.tf").write_text(BUCKET_TF.format(count=count))
        assert sorted(m for _, m in _messages(tmp_path, select)) == sorted(f"if created, {m}" for m in said)
    (tmp_path / "main.tf").write_text(BUCKET_TF.format(count="  count = 1\n"))
    assert sorted(m for _, m in _messages(tmp_path, select)) == sorted(said)
    (tmp_path / "main.tf").unlink()
    (tmp_path / "t.yaml").write_text("""Parameters:
  Make:
    Type: String
Conditions:
  MakeIt: !Equals [!Ref Make, "yes"]
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Condition: MakeIt
    Properties:
      BucketName: audit-logs-example
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      S3BucketName: audit-logs-example
      IsMultiRegionTrail: true
""")
    assert sorted(m for _, m in _messages(tmp_path / "t.yaml", select)) == sorted(f"if created, {m}" for m in said)


BLOCKED_TF = """provider "aws" {{
  region = "us-east-1"
}}
variable "make" {{}}
resource "aws_s3_bucket" "logs" {{
{count}  bucket = "audit-logs-example"
}}
resource "aws_s3_bucket_public_access_block" "logs" {{
{count}  bucket             = "audit-logs-example"
  block_public_acls = true
}}
resource "aws_s3_bucket_policy" "logs" {{
  bucket = "audit-logs-example"
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "arn:aws:s3:::audit-logs-example/*"
    }}]
  }})
}}
resource "aws_cloudtrail" "audit" {{
  name                  = "audit"
  s3_bucket_name        = "audit-logs-example"
  is_multi_region_trail = true
}}
"""

BLOCKED_CFN = """Parameters:
  Make:
    Type: String
Conditions:
  MakeIt: !Equals [!Ref Make, "yes"]
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Condition: MakeIt
    Properties:
      BucketName: audit-logs-example
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      S3BucketName: audit-logs-example
      IsMultiRegionTrail: true
"""


def test_tl207_and_tl312_say_if_created_of_a_bucket_that_may_not_be_created(tmp_path: Path) -> None:
    """TL207 (a policy that blocks delivery, no policy at all) and TL312 word their findings on a bucket
    the inputs may not create as holding if it is created, as TL310, TL311 and TL320 do."""
    select = ("TL207", "TL312")
    blocked = "bucket policy of 'audit-logs-example' blocks delivery for trail 'audit'"
    unblocked = ("log bucket 'audit-logs-example' of trail 'audit' has Block Public Access IgnorePublicAcls, "
                 "BlockPublicPolicy, RestrictPublicBuckets off")
    for count, prefix in (("  count = var.make ? 1 : 0\n", "if created, "), ("", "")):
        (tmp_path / "main.tf").write_text(BLOCKED_TF.format(count=count))
        found = dict(_messages(tmp_path, select))
        assert sorted(found) == ["TL207", "TL312"], found
        assert found["TL207"].startswith(f"{prefix}{blocked}: ")
        assert found["TL312"] == f"{prefix}{unblocked}"
    (tmp_path / "main.tf").unlink()
    (tmp_path / "t.yaml").write_text(BLOCKED_CFN)
    assert sorted(_messages(tmp_path / "t.yaml", select)) == [
        ("TL207", ("if created, log bucket 'audit-logs-example' of trail 'audit' has no bucket policy, so "
                   "CloudTrail cannot deliver to it")),
        ("TL312", f"if created, {unblocked}")]


def test_settings_of_a_bucket_named_after_the_log_bucket_are_not_the_log_bucket_s(tmp_path: Path) -> None:
    """A plan's configuration lists every reference of `bucket = "${aws_s3_bucket.logs.id}-replica"`
    (the replica shape of 3scale-ops/tf-aws-s3-backup: s3_replica.tf): where both names are known,
    the names say which bucket the settings are on, not the reference."""
    bucket = resource("aws_s3_bucket", "logs", {"bucket": "audit-logs"})
    logging = resource("aws_s3_bucket_logging", "replica", {"bucket": "audit-logs-replica",
                                                            "target_bucket": "access-logs"})
    plan = {"format_version": "1.2", "resource_changes": [TRAIL, bucket, logging], "configuration": {"root_module": {
        "resources": [{"address": "aws_s3_bucket_logging.replica", "mode": "managed", "type": "aws_s3_bucket_logging",
                       "name": "replica", "expressions": {"bucket": {"references": ["aws_s3_bucket.logs.id",
                                                                                    "aws_s3_bucket.logs"]}}}]}}}
    path = tmp_path / "plan.tfplan.json"
    path.write_text(json.dumps(plan))
    result = run([str(path)], Config(select=("TL310",)), all_rules(), raise_errors=True)
    assert [f.message for f in result.findings] == ["log bucket 'audit-logs' of trail 'audit' has no server access logging"]


def test_an_acl_resource_of_unknown_bucket_beside_a_bucket_of_unknown_acl_is_no_crash(tmp_path: Path) -> None:
    """Found by the mutation test (test_properties): an aws_s3_bucket_acl whose bucket is not known may
    be any bucket's, and a bucket whose own acl is not known may differ from it: its ACL stays unknown."""
    (tmp_path / "main.tf").write_text('''
variable "acl" {}
variable "name" {}
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  acl    = var.acl
}
resource "aws_s3_bucket_acl" "other" {
  bucket = var.name
  acl    = "private"
}
''')
    result = run([str(tmp_path)], Config(region="us-east-1"), all_rules())
    assert [f.message for f in result.findings if f.rule == "TL000"] == []
    assert [bucket.acl for bucket in result.inventory.buckets] == [UNKNOWN]
