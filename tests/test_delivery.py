"""The delivery chain: CloudTrail's requests against bucket, topic and key policies (TL207-TL209,
TL307, TL309), the three-valued matcher they rest on, and the trail → resource links."""
from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from trail_lint.rules.tl309_trail_logs_own_bucket import records_own_logs

from trail_lint.config import from_mapping
from trail_lint.delivery import evaluate, evaluate_trust
from trail_lint.delivery_bucket_requests import bucket_requests
from trail_lint.delivery_match import ANYTHING, SEGMENT, matches
from trail_lint.delivery_requests import assume_request, key_requests, topic_request, trail_arn
from trail_lint.engine import run
from trail_lint.iam.evaluator import Decision, arn_matches
from trail_lint.iam.public import raw_statement
from trail_lint.load import load_text
from trail_lint.model import UNKNOWN, DataResource, DataScope, EventSelector, Insight, Inventory, Origin, Policy, Trail
from trail_lint.normalise.cloudformation import template as cloudformation
from trail_lint.normalise.policy_json import parse_policy
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
BUCKET = "audit-logs"
TRAIL = Trail(name="audit", account=ACCOUNT, region="us-east-1", s3_bucket=BUCKET)
TRAIL_ARN = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/audit"
SERVICE = {"Service": "cloudtrail.amazonaws.com"}


def policy(*statements: dict[str, Any]) -> Policy:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)}, name="p",
                        origin=Origin("policy.json", ()))


def write(resource: str | list[str] = f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": SERVICE, "Action": "s3:PutObject", "Resource": resource, **extra}


def put_object(trail: Trail, document: Policy) -> Decision:
    return evaluate(document, bucket_requests(trail, BUCKET)[1]).decision


# --- Conditions: aws:SourceArn / aws:SourceAccount ---------------------------------------------

@pytest.mark.parametrize(("condition", "outcome"), [
    ({"StringEquals": {"aws:SourceArn": TRAIL_ARN}}, Decision.ALLOWED),
    ({"StringEquals": {"aws:SourceArn": [TRAIL_ARN.replace("audit", "other"), TRAIL_ARN]}}, Decision.ALLOWED),
    ({"StringEquals": {"aws:SourceArn": TRAIL_ARN.replace("audit", "other")}}, Decision.DENIED),
    ({"ArnLike": {"aws:SourceArn": f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*"}}, Decision.ALLOWED),
    ({"ArnEquals": {"aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:*"}}, Decision.DENIED),
    # ArnLike and ArnEquals check "each of the six colon-delimited components of the ARN" on its own
    # (condition operators page): a pattern of five matches no trail ARN, even with a final `*`
    ({"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:*"}}, Decision.DENIED),
    ({"ArnEquals": {"aws:SourceArn": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}*"}}, Decision.DENIED),
    ({"ArnNotLike": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:*"}}, Decision.ALLOWED),
    # a pattern that is no ARN: read as written it matches nothing, read as no answer the negated
    # operator fails as well; only what both readings decide (iam.conditions.arn_condition)
    ({"ArnLike": {"aws:SourceArn": "*"}}, Decision.DENIED),
    ({"ArnNotLike": {"aws:SourceArn": "*"}}, Decision.UNKNOWN),
    ({"ArnNotEquals": {"aws:SourceArn": ["main", TRAIL_ARN]}}, Decision.DENIED),
    ({"StringLike": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:*"}}, Decision.ALLOWED),
    ({"StringLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:444455556666:trail/*"}}, Decision.DENIED),
    ({"StringEquals": {"aws:SourceAccount": ACCOUNT}}, Decision.ALLOWED),
    ({"StringEquals": {"aws:SourceAccount": "444455556666"}}, Decision.DENIED),
    ({"StringNotEquals": {"aws:SourceAccount": ACCOUNT}}, Decision.DENIED),
    ({"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}, Decision.ALLOWED),
    ({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, Decision.UNKNOWN),      # not decidable offline
    # a key with white space around it: the key, or one no request carries (not documented)
    ({"StringEquals": {" aws:SourceAccount": ACCOUNT}}, Decision.UNKNOWN),
    ({"StringEquals": {"aws:SourceAccount ": "444455556666"}}, Decision.UNKNOWN),
    ({"StringEquals": {"aws:PrincipalOrgID ": "o-abc"}}, Decision.UNKNOWN),
    # a set operator on a key of one value asks what the operator it qualifies asks of that value
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html)
    ({"ForAnyValue:StringEquals": {"aws:SourceAccount": ACCOUNT}}, Decision.ALLOWED),
    ({"ForAllValues:StringEquals": {"aws:SourceAccount": "444455556666"}}, Decision.DENIED),
    ({"ForAllValues:ArnLike": {"aws:SourceArn": f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*"}}, Decision.ALLOWED),
    ({"ForAnyValue:StringNotEqualsIfExists": {"aws:SourceAccount": ACCOUNT}}, Decision.DENIED),
    # ... but a key no CloudTrail request carries fails ForAnyValue (iam.conditions._absent)
    ({"ForAnyValue:StringEquals": {"aws:PrincipalOrgID": "o-abc"}}, Decision.DENIED),
    ({"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-abc"}}, Decision.ALLOWED),
])
def test_source_conditions(condition: dict[str, Any], outcome: Decision) -> None:
    assert put_object(TRAIL, policy(write(Condition=condition))) is outcome


def test_an_excluding_condition_is_named_in_the_reason() -> None:
    verdict = evaluate(policy(write(Sid="OnlyOther", Condition={"StringEquals": {"aws:SourceAccount": "444455556666"}})),
                       bucket_requests(TRAIL, BUCKET)[1])
    assert verdict.reason == "the aws:SourceAccount condition of statement 'OnlyOther' excludes it"


def test_unknown_trail_parts_give_no_verdict_unless_no_value_could_match() -> None:
    unnamed = Trail(name=UNKNOWN, account=ACCOUNT, region="us-east-1", s3_bucket=BUCKET)
    assert trail_arn(unnamed) == ("arn:", "aws", ":cloudtrail:", "us-east-1", ":", ACCOUNT, ":trail/", SEGMENT)
    same_account = {"StringEquals": {"aws:SourceArn": TRAIL_ARN}}
    other_account = {"StringEquals": {"aws:SourceArn": TRAIL_ARN.replace(ACCOUNT, "444455556666")}}
    assert put_object(unnamed, policy(write(Condition=same_account))) is Decision.UNKNOWN
    assert put_object(unnamed, policy(write(Condition=other_account))) is Decision.DENIED


# --- Resources: prefixes and organization trails ------------------------------------------------

@pytest.mark.parametrize(("prefix", "resource", "outcome"), [
    (None, f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*", Decision.ALLOWED),
    (None, f"arn:aws:s3:::{BUCKET}/*", Decision.ALLOWED),
    (None, f"arn:aws:s3:::{BUCKET}/logs/AWSLogs/{ACCOUNT}/*", Decision.DENIED),
    ("logs", f"arn:aws:s3:::{BUCKET}/logs/AWSLogs/{ACCOUNT}/*", Decision.ALLOWED),
    ("logs", f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*", Decision.DENIED),
    ("a/b", f"arn:aws:s3:::{BUCKET}/a/b/AWSLogs/*", Decision.ALLOWED),
    (UNKNOWN, f"arn:aws:s3:::{BUCKET}/logs/AWSLogs/{ACCOUNT}/*", Decision.UNKNOWN),
    (None, f"arn:aws:s3:::other-bucket/AWSLogs/{ACCOUNT}/*", Decision.DENIED),
    (None, f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/CloudTrail/*", Decision.ALLOWED),   # no digests, no Insights
])
def test_prefixes(prefix: Any, resource: str, outcome: Decision) -> None:
    trail = Trail(name="audit", account=ACCOUNT, region="us-east-1", s3_bucket=BUCKET, s3_key_prefix=prefix)
    assert put_object(trail, policy(write(resource))) is outcome


# Log files go to AWSLogs/<account>/CloudTrail/, digest files to CloudTrail-Digest/, Insights events to
# CloudTrail-Insight/ (get-and-view-cloudtrail-log-files, cloudtrail-log-file-validation-digest-file-structure,
# insights-events-understanding): a policy for CloudTrail/ alone lets a trail write its log files only.
@pytest.mark.parametrize(("validation", "insights", "outcomes"), [
    (False, (), [Decision.ALLOWED]),
    (True, (), [Decision.ALLOWED, Decision.DENIED]),
    (False, (Insight("ApiCallRateInsight"),), [Decision.ALLOWED, Decision.DENIED]),
    (True, (Insight("ApiErrorRateInsight"),), [Decision.ALLOWED, Decision.DENIED, Decision.DENIED]),
    (UNKNOWN, (), [Decision.UNKNOWN]),       # which folders it writes is not known: the whole AWSLogs/<account>/
    (False, UNKNOWN, [Decision.UNKNOWN]),
])
def test_digest_and_insight_files_have_folders_of_their_own(validation: Any, insights: Any, outcomes: list[Decision]) -> None:
    trail = Trail(name="audit", account=ACCOUNT, region="us-east-1", s3_bucket=BUCKET, log_file_validation=validation,
                  insights=insights)
    writes = [r for r in bucket_requests(trail, BUCKET) if r.action == "s3:PutObject"]
    narrow = policy(write(f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/CloudTrail/*"))
    assert [evaluate(narrow, request).decision for request in writes] == outcomes
    assert {evaluate(policy(write()), request).decision for request in writes} == {Decision.ALLOWED}


# Log and digest files have a Region level, AWSLogs/<account>/CloudTrail/<region>/ and CloudTrail-Digest/<region>/
# (get-and-view-cloudtrail-log-files, cloudtrail-log-file-validation-digest-file-structure): a single-Region trail
# writes its home Region's alone, a multi-Region trail those of every enabled Region, its home Region and us-east-1
# (a default Region, which no account can disable: accounts/latest/reference/manage-acct-regions.html) among them.
@pytest.mark.parametrize(("multi_region", "region", "covered", "outcome"), [
    (False, "us-east-2", ["us-east-2"], Decision.ALLOWED),
    (False, "us-east-2", ["us-west-2"], Decision.DENIED),
    (True, "us-east-2", ["us-east-2"], Decision.DENIED),
    (True, "us-east-2", ["us-east-2", "us-east-1"], Decision.UNKNOWN),     # the other enabled Regions are not known
    (True, "us-east-1", ["us-east-1"], Decision.UNKNOWN),
    (True, "us-east-2", ["*"], Decision.ALLOWED),
    (True, "cn-north-1", ["cn-north-1"], Decision.UNKNOWN),      # no Region of aws-cn is known to be enabled in all
    (UNKNOWN, "us-east-2", ["us-east-2"], Decision.UNKNOWN),
])
def test_log_and_digest_files_are_written_per_region(multi_region: Any, region: str, covered: list[str],
                                                     outcome: Decision) -> None:
    trail = Trail(name="audit", account=ACCOUNT, region=region, s3_bucket=BUCKET, multi_region=multi_region,
                  log_file_validation=True)
    partition = "aws-cn" if region.startswith("cn-") else "aws"
    grant = policy(write([f"arn:{partition}:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/{folder}/{name}/*"
                          for folder in ("CloudTrail", "CloudTrail-Digest") for name in covered]))
    decisions = {evaluate(grant, r).decision for r in bucket_requests(trail, BUCKET) if r.action == "s3:PutObject"}
    assert (Decision.DENIED if Decision.DENIED in decisions else Decision.UNKNOWN if Decision.UNKNOWN in decisions
            else Decision.ALLOWED) is outcome


@pytest.mark.parametrize(("resource", "outcome"), [
    (f"arn:aws:s3:::{BUCKET}/AWSLogs/*", Decision.ALLOWED),
    (f"arn:aws:s3:::{BUCKET}/AWSLogs/o-a1b2c3d4e5/*", Decision.UNKNOWN),      # the org id is not in the inputs
    (f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*", Decision.DENIED),           # org trails write under the org id
])
def test_organization_trails(resource: str, outcome: Decision) -> None:
    trail = Trail(name="org", account=ACCOUNT, region="us-east-1", organization=True, s3_bucket=BUCKET)
    assert put_object(trail, policy(write(resource))) is outcome


def test_messages_show_the_missing_resource() -> None:
    trail = Trail(name="org", account=ACCOUNT, region="us-east-1", organization=True, s3_bucket=BUCKET,
                  s3_key_prefix="p")
    verdict = evaluate(policy(write(f"arn:aws:s3:::{BUCKET}/p/AWSLogs/{ACCOUNT}/*")), bucket_requests(trail, BUCKET)[1])
    assert verdict.reason == f"no statement allows cloudtrail.amazonaws.com s3:PutObject on " \
                             f"arn:aws:s3:::{BUCKET}/p/AWSLogs/<org-id>/*"


# --- Principals, actions and Deny ---------------------------------------------------------------

def test_principal_star_and_lower_case_actions_allow() -> None:
    assert put_object(TRAIL, policy(write(Principal="*", Action="S3:putobject"))) is Decision.ALLOWED
    assert put_object(TRAIL, policy(write(Principal={"Service": "config.amazonaws.com"}))) is Decision.DENIED
    assert put_object(TRAIL, policy(write(Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))) is Decision.DENIED


def test_a_service_principal_in_another_case_is_not_known_to_name_cloudtrail() -> None:
    # documented in lower case only; whether IAM folds its case is not documented
    upper = {"Service": "CloudTrail.amazonaws.com"}
    assert put_object(TRAIL, policy(write(Principal=upper))) is Decision.UNKNOWN
    assert put_object(TRAIL, policy(write(Principal={"Service": ["CloudTrail.amazonaws.com", SERVICE["Service"]]}))) \
        is Decision.ALLOWED
    # a Deny of that principal may protect, or not: no verdict rests on it
    assert put_object(TRAIL, policy(write(), {**write(Principal=upper), "Effect": "Deny"})) is Decision.UNKNOWN
    everyone_but = {key: value for key, value in write().items() if key != "Principal"}
    assert put_object(TRAIL, policy(write(), {**everyone_but, "Effect": "Deny", "NotPrincipal": upper})) \
        is Decision.UNKNOWN


def deny(condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement = {"Sid": "Deny", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                 "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"]}
    return {**statement, "Condition": condition} if condition else statement


@pytest.mark.parametrize(("condition", "outcome"), [
    ({"Bool": {"aws:SecureTransport": "false"}}, Decision.ALLOWED),          # CloudTrail uses TLS
    ({"Bool": {"aws:SecureTransport": False}}, Decision.ALLOWED),            # YAML reads False as a Boolean
    ({"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, Decision.DENIED),   # absent for services
    ({"StringNotEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}}, Decision.DENIED),  # absent: true
    ({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}, Decision.ALLOWED),
    ({"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}, Decision.DENIED),
    ({"Bool": {"aws:PrincipalIsAWSService": "false"}}, Decision.ALLOWED),
    ({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, Decision.UNKNOWN),   # may block: no finding
    (None, Decision.DENIED),
])
def test_deny(condition: dict[str, Any] | None, outcome: Decision) -> None:
    verdict = evaluate(policy(write(), deny(condition)), bucket_requests(TRAIL, BUCKET)[1])
    assert verdict.decision is outcome
    if outcome is Decision.DENIED:
        assert verdict.reason == "statement 'Deny' denies s3:PutObject"


def test_a_statement_naming_no_principal_makes_the_bucket_policy_rejected() -> None:
    # "You must use the Principal element in resource-based policies" (the Principal element page):
    # S3 refuses the whole document, so the bucket has no policy and nothing grants CloudTrail's
    # write, the valid Allow beside the statement included
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)
    unnamed = {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
    assert put_object(TRAIL, policy(write())) is Decision.ALLOWED
    verdict = evaluate(policy(write(), unnamed), bucket_requests(TRAIL, BUCKET)[1])
    assert verdict.decision is Decision.DENIED
    assert verdict.reason.startswith("IAM rejects the policy (reported as TL001)")


def test_unknown_policies_and_statements_give_no_verdict() -> None:
    assert put_object(TRAIL, Policy("p", UNKNOWN)) is Decision.UNKNOWN
    unknown_resource = policy(write())
    from dataclasses import replace
    statements = (replace(unknown_resource.statements[0], resources=UNKNOWN),)  # type: ignore[index]
    assert put_object(TRAIL, replace(unknown_resource, statements=statements)) is Decision.UNKNOWN


def test_get_bucket_acl_is_checked_on_the_bucket() -> None:
    acl = bucket_requests(TRAIL, BUCKET)[0]
    allow = {"Effect": "Allow", "Principal": SERVICE, "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{BUCKET}"}
    assert evaluate(policy(allow), acl).decision is Decision.ALLOWED
    assert evaluate(policy({**allow, "Resource": f"arn:aws:s3:::{BUCKET}/*"}), acl).decision is Decision.DENIED


# --- SNS and KMS ----------------------------------------------------------------------------------

def test_sns_publish_is_case_insensitive_and_checks_source_arn() -> None:
    topic = f"arn:aws:sns:us-east-1:{ACCOUNT}:notices"
    publish = {"Effect": "Allow", "Principal": SERVICE, "Action": "sns:publish", "Resource": topic}
    assert evaluate(policy(publish), topic_request(TRAIL, topic)).decision is Decision.ALLOWED
    other = {**publish, "Condition": {"StringEquals": {"aws:SourceArn": TRAIL_ARN + "-2"}}}
    assert evaluate(policy(other), topic_request(TRAIL, topic)).decision is Decision.DENIED


@pytest.mark.parametrize(("context", "outcome"), [
    (f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*", Decision.ALLOWED),
    ("arn:aws:cloudtrail:*:444455556666:trail/*", Decision.DENIED),
    (["arn:aws:cloudtrail:*:444455556666:trail/*", f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*"], Decision.ALLOWED),
])
def test_kms_encryption_context_condition(context: Any, outcome: Decision) -> None:
    statement = {"Effect": "Allow", "Principal": SERVICE, "Action": "kms:GenerateDataKey*", "Resource": "*",
                 "Condition": {"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": context}}}
    assert evaluate(policy(statement), key_requests(TRAIL, "")[0]).decision is outcome


def test_kms_encryption_context_with_an_unknown_account_gives_no_verdict() -> None:
    trail = Trail(name="audit", region="us-east-1", s3_bucket=BUCKET)
    statement = {"Effect": "Allow", "Principal": SERVICE, "Action": "kms:GenerateDataKey*", "Resource": "*",
                 "Condition": {"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn":
                                              f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*"}}}
    assert evaluate(policy(statement), key_requests(trail, "")[0]).decision is Decision.UNKNOWN


@pytest.mark.parametrize(("condition", "outcome"), [
    ({"StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{ACCOUNT}:trail/*"}},
     Decision.DENIED),
    ({"StringLikeIfExists": {"kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:*:trail/*"}},
     Decision.ALLOWED),
    ({"Null": {"kms:EncryptionContextKeys": "true"}}, Decision.ALLOWED),
    # ForAnyValue on a key the request lacks is false ("For no matching context key or a null dataset,
    # the condition returns false": the multivalued context keys page); ForAllValues holds
    ({"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": "aws:cloudtrail:arn"}}, Decision.DENIED),
    ({"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": "aws:cloudtrail:arn"}}, Decision.ALLOWED),
])
def test_describe_key_carries_no_encryption_context(condition: dict[str, Any], outcome: Decision) -> None:
    # DescribeKey and GenerateDataKey* under one encryption-context condition (a common way to write the
    # key policy): the context is absent from DescribeKey, so the condition excludes it, whatever the
    # account; the key page's own statement for DescribeKey has no condition.
    statement = {"Effect": "Allow", "Principal": SERVICE, "Action": ["kms:GenerateDataKey*", "kms:DescribeKey"],
                 "Resource": "*", "Condition": condition}
    for trail in (TRAIL, Trail(name="audit", region="us-east-1", s3_bucket=BUCKET)):
        assert evaluate(policy(statement), key_requests(trail, "")[1]).decision is outcome


# --- The matcher -----------------------------------------------------------------------------------

def test_matcher_three_values() -> None:
    key = ("arn:aws:s3:::b/AWSLogs/", SEGMENT, "/", ANYTHING)
    assert matches("arn:aws:s3:::b/AWSLogs/*", key, arn_matches) is True
    assert matches("arn:aws:s3:::b/AWSLogs/111122223333/*", key, arn_matches) is UNKNOWN
    assert matches("arn:aws:s3:::c/AWSLogs/*", key, arn_matches) is False
    assert matches("arn:aws:s3:::b/AWSLogs/a:b/*", key, arn_matches) is False   # a segment has no ':'
    assert matches("y*", ("x", SEGMENT), lambda p, v: p == v, wildcards=False) is False
    assert matches("x*", ("x", SEGMENT), lambda p, v: p == v, wildcards=False) is UNKNOWN   # literally "x*"


segments = st.text(alphabet="ab-1*?", min_size=0, max_size=6)


@given(st.lists(segments, min_size=1, max_size=3), st.text(alphabet="ab-1", min_size=1, max_size=4))
def test_a_true_match_holds_for_any_filling(pattern_parts: list[str], filling: str) -> None:
    pattern = "/".join(pattern_parts)
    parts = ("a/", SEGMENT, "/b")
    verdict = matches(pattern, parts, _glob)
    concrete = _glob(pattern, f"a/{filling}/b")
    if verdict is True:
        assert concrete
    if verdict is False:
        assert not concrete


def _glob(pattern: str, value: str) -> bool:
    from fnmatch import fnmatchcase
    return fnmatchcase(value, pattern)


def test_raw_statement_round_trip() -> None:
    document = {"Sid": "S", "Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"],
                "Resource": ["arn:aws:s3:::b/*"], "Condition": {"StringEquals": {"aws:SourceAccount": [ACCOUNT]}}}
    raw = raw_statement(policy(document).statements[0])  # type: ignore[index]
    assert raw == {k: v for k, v in document.items() if k != "Sid"}


# --- TL309 ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("scope", "expected"), [
    (DataScope("AWS::S3::Object", True, True), True),
    (DataScope("AWS::S3::Object", True, False), False),                                  # reads do not loop
    (DataScope("AWS::S3::Object", True, True, prefixes=("arn:aws:s3:::audit-logs/",)), True),
    (DataScope("AWS::S3::Object", True, True, prefixes=("arn:aws:s3:::audit-logs/AWSLogs/1/",)), True),
    (DataScope("AWS::S3::Object", True, True, prefixes=("arn:aws:s3:::audit-logs/other/",)), False),
    (DataScope("AWS::S3::Object", True, True, filtered=True), False),
    (DataScope("AWS::Lambda::Function", True, True), False),
])
def test_records_own_logs(scope: DataScope, expected: bool) -> None:
    assert records_own_logs(scope, "arn:aws:s3:::audit-logs/AWSLogs/") is expected


def _all_objects_but(starts: tuple[str, ...] = (), exact: tuple[str, ...] = (), ends: tuple[str, ...] = (),
                     names: tuple[str, ...] = ()) -> DataScope:
    """Every S3 object but those resources.ARN NotStartsWith / NotEquals / NotEndsWith leave out."""
    return DataScope("AWS::S3::Object", True, True, prefixes=(), filtered=True, partial=("",),
                     excluding=(starts, exact, ends), names=names)


@pytest.mark.parametrize(("scope", "expected"), [
    # other buckets left out (the provider docs' "all S3 object events except for two buckets")
    (_all_objects_but(exact=("arn:aws:s3:::other-1/", "arn:aws:s3:::other-2/")), True),
    (_all_objects_but(starts=("arn:aws:s3:::other-1/",)), True),
    # one log file left out is not every log file to come
    (_all_objects_but(exact=("arn:aws:s3:::audit-logs/AWSLogs/1/CloudTrail/x.json.gz",)), True),
    # the log bucket, or its whole log folder, left out
    (_all_objects_but(starts=("arn:aws:s3:::audit-logs/",)), False),
    (_all_objects_but(starts=("arn:aws:s3:::audit-logs/AWSLogs/",)), False),
    # an account's folder may be every log file of the trail
    (_all_objects_but(starts=("arn:aws:s3:::audit-logs/AWSLogs/111122223333/",)), UNKNOWN),
    # every log file ends with ".json.gz" (cloudtrail-log-file-examples.html): that ending leaves them
    # all out, another leaves them all in
    (_all_objects_but(ends=(".json.gz",)), False),
    (_all_objects_but(ends=(".csv",)), True),
    # an eventName filter besides: not judged
    (_all_objects_but(exact=("arn:aws:s3:::other-1/",), names=("GetObject",)), False),
])
def test_records_own_logs_under_arn_exclusions(scope: DataScope, expected: object) -> None:
    assert records_own_logs(scope, "arn:aws:s3:::audit-logs/AWSLogs/") is expected


def test_own_bucket_arns_are_in_the_partition_of_the_trails_region() -> None:
    from trail_lint.rules.tl309_trail_logs_own_bucket import check as tl309

    def logging_own_bucket(region: str, prefix: str) -> Inventory:
        selector = EventSelector(data_resources=(DataResource("AWS::S3::Object", (prefix,)),))
        return Inventory(trails=(Trail("t", region=region, s3_bucket="audit-logs", event_selectors=(selector,)),))

    assert len(list(tl309(logging_own_bucket("cn-north-1", "arn:aws-cn:s3:::audit-logs/")))) == 1
    assert len(list(tl309(logging_own_bucket("us-gov-west-1", "arn:aws-us-gov:s3:::audit-logs/")))) == 1
    assert list(tl309(logging_own_bucket("cn-north-1", "arn:aws:s3:::audit-logs/"))) == []
    assert len(list(tl309(logging_own_bucket("us-east-1", "arn:aws:s3:::audit-logs/")))) == 1


# --- Links and the rules end to end ---------------------------------------------------------------

def lint(tmp_path: Path, name: str, text: str, rule: str, *, select: tuple[str, ...] = ()) -> list[str]:
    (tmp_path / name).write_text(text)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        config = from_mapping({"region": "us-east-1", "account": ACCOUNT, "select": [rule, *select]})
        result = run([name], config, all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.line}:{f.column}: {f.rule} {f.message}" for f in result.findings if f.rule == rule]


TEMPLATE = """
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: {Statement: []}
  Alias:
    Type: AWS::KMS::Alias
    Properties: {AliasName: alias/trail, TargetKeyId: !Ref Key}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: {"Ref": "Bucket"}
      KMSKeyId: !Ref Alias
      SnsTopicName: {"Fn::GetAtt": [Topic, TopicName]}
  Topic:
    Type: AWS::SNS::Topic
"""


def test_cloudformation_links_follow_refs_getatt_and_aliases() -> None:
    trail, = cloudformation.normalise(load_text(TEMPLATE, "t.yaml")).trails
    assert (trail.s3_bucket_ref, trail.kms_key_ref, trail.sns_topic_ref) == ("Bucket", "Key", "Topic")


def test_a_created_bucket_without_policy_is_tl207(tmp_path: Path) -> None:
    assert lint(tmp_path, "t.yaml", TEMPLATE, "TL207") == [
        "3:3: TL207 log bucket 'Bucket' of trail 'Trail' has no bucket policy, so CloudTrail cannot deliver to it"]


def test_an_existing_bucket_without_policy_in_the_plan_is_not_tl207(tmp_path: Path) -> None:
    plan = json.loads((Path(__file__).parent / "rules" / "TL207" / "bad.tfplan.json").read_text())
    for change in plan["resource_changes"]:
        change["change"]["actions"] = ["no-op"]
        change["change"]["before"] = change["change"]["after"]
    assert lint(tmp_path, "plan.tfplan.json", json.dumps(plan, indent=2), "TL207") == [
        ("99:11: TL207 bucket policy of 'org-logs-111122223333' blocks delivery for trail 'organization': no statement "
        "allows cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::org-logs-111122223333/AWSLogs/<org-id>/*")]


def test_terraform_links_follow_references(tmp_path: Path) -> None:
    from trail_lint.normalise.terraform import plan as terraform_plan
    text = (Path(__file__).parent / "rules" / "TL209" / "bad.tfplan.json").read_text()
    trail, = terraform_plan.normalise(load_text(text, "plan.json")).trails
    assert trail.kms_key_id is UNKNOWN and trail.kms_key_ref == "aws_kms_key.trail"
    text = (Path(__file__).parent / "rules" / "TL307" / "bad.tfplan.json").read_text()
    contents = terraform_plan.normalise(load_text(text, "plan.json"))
    assert contents.trails[0].s3_bucket_ref == "aws_s3_bucket.logs"
    assert [b.acl for b in contents.buckets] == ["public-read"]


def test_a_bucket_whose_inline_policy_is_known_after_apply_has_a_policy(tmp_path: Path) -> None:
    plan = json.loads((Path(__file__).parent / "rules" / "TL207" / "bad.tfplan.json").read_text())
    bucket, = (c for c in plan["resource_changes"] if c["address"] == "aws_s3_bucket.logs")
    bucket["change"]["after_unknown"]["policy"] = True
    config, = (r for r in plan["configuration"]["root_module"]["resources"] if r["address"] == "aws_s3_bucket.logs")
    config["expressions"]["policy"] = {"references": ["data.aws_iam_policy_document.logs.json",
                                                      "data.aws_iam_policy_document.logs"]}
    findings = lint(tmp_path, "plan.tfplan.json", json.dumps(plan, indent=2), "TL207")
    assert [f.split(": ", 1)[1] for f in findings] == [
        ("TL207 bucket policy of 'org-logs-111122223333' blocks delivery for trail 'organization': no statement "
        "allows cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::org-logs-111122223333/AWSLogs/<org-id>/*")]


def _trails_to(bucket: str, *names: str, prefix: str = "") -> str:
    """CloudFormation trails named `names`, each delivering to `bucket` (under `prefix` + its name, if given)."""
    return "".join(f"""
  Trail{index}:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: {name}
      IsLogging: true
      S3BucketName: {bucket}""" + (f"\n      S3KeyPrefix: {prefix}{name}" if prefix else "")
                   for index, name in enumerate(names))


def test_a_bucket_without_any_policy_is_one_tl207_naming_its_trails(tmp_path: Path) -> None:
    # The cause is the bucket's (it has no policy at all) and so is the fix: one finding, at the bucket.
    template = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n" + _trails_to("!Ref Logs", *"abcde")
    assert lint(tmp_path, "t.yaml", template, "TL207") == [
        ("2:3: TL207 log bucket 'Logs' of trails 'a', 'b', 'c' and 2 more has no bucket policy, so CloudTrail "
         "cannot deliver to it")]
    two = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n" + _trails_to("!Ref Logs", "a", "b")
    assert lint(tmp_path, "t.yaml", two, "TL207") == [
        "2:3: TL207 log bucket 'Logs' of trails 'a' and 'b' has no bucket policy, so CloudTrail cannot deliver to it"]
    # one name written by several definitions (callers of one module, each a root of its own) is named once
    alike = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n" + _trails_to("!Ref Logs", "a", "b", "a")
    assert lint(tmp_path, "t.yaml", alike, "TL207") == [
        ("2:3: TL207 log bucket 'Logs' of trails 'a' (2 definitions) and 'b' has no bucket policy, so CloudTrail "
         "cannot deliver to it")]


def test_a_policy_that_leaves_out_some_trails_is_one_tl207_per_trail(tmp_path: Path) -> None:
    # A policy that lets CloudTrail write under one trail's prefix only: the other trails' prefixes are each
    # trail's own finding (each needs its own statement or resource), said at the policy.
    template = f"""Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties: {{BucketName: shared-logs}}
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: shared-logs
      PolicyDocument:
        Statement:
          - {{Effect: Allow, Principal: {{Service: cloudtrail.amazonaws.com}}, Action: s3:GetBucketAcl,
              Resource: "arn:aws:s3:::shared-logs"}}
          - {{Effect: Allow, Principal: {{Service: cloudtrail.amazonaws.com}}, Action: s3:PutObject,
              Resource: "arn:aws:s3:::shared-logs/team-a/AWSLogs/{ACCOUNT}/*"}}""" + \
        _trails_to("shared-logs", "a", "b", "c", prefix="team-")
    assert lint(tmp_path, "t.yaml", template, "TL207") == [
        f"9:7: TL207 bucket policy of 'shared-logs' blocks delivery for trail '{name}': no statement allows "
        f"cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::shared-logs/team-{name}/AWSLogs/{ACCOUNT}/*"
        for name in ("b", "c")]


# --- A trail's AWSLogs/<account-id>/ that only the trail's account leaves open: the TL002 says to give it ---

NO_ACCOUNT = Trail(name="audit", account=UNKNOWN, region="us-east-1", s3_bucket=BUCKET)
_GIVE_ACCOUNT = "depends on the trail's account, which is not known (pass --account, or set account in the configuration)"


@given(st.from_regex(r"[0-9]{12}", fullmatch=True))
def test_a_literal_account_leaves_the_write_open_for_want_of_the_trail_s_account(account: str) -> None:
    verdict = evaluate(policy(write(f"arn:aws:s3:::{BUCKET}/AWSLogs/{account}/*", Sid="Write")),
                       bucket_requests(NO_ACCOUNT, BUCKET)[1])
    assert verdict.decision is Decision.UNKNOWN
    assert verdict.reason == f"statement 'Write': whether the Resource covers arn:aws:s3:::{BUCKET}/AWSLogs/" \
                             f"<account-id>/* {_GIVE_ACCOUNT}"


def test_what_the_account_would_not_settle_is_not_said_to_be_the_account() -> None:
    # another bucket: no account makes the statement apply
    assert evaluate(policy(write(f"arn:aws:s3:::other/AWSLogs/{ACCOUNT}/*")),
                    bucket_requests(NO_ACCOUNT, BUCKET)[1]).decision is Decision.DENIED
    # the bucket is not known either: the account alone would not settle it
    verdict = evaluate(policy(write(f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*", Sid="Write")),
                       bucket_requests(replace(NO_ACCOUNT, s3_bucket=UNKNOWN), None)[1])
    assert verdict.decision is Decision.UNKNOWN
    assert _GIVE_ACCOUNT not in verdict.reason


def test_the_tl002_of_a_template_without_its_account_says_how_to_give_it(tmp_path: Path) -> None:
    template = f"""
Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: {BUCKET}
      PolicyDocument:
        Statement:
          - {{Effect: Allow, Principal: {{Service: cloudtrail.amazonaws.com}}, Action: s3:GetBucketAcl,
              Resource: "arn:aws:s3:::{BUCKET}"}}
          - {{Sid: Write, Effect: Allow, Principal: {{Service: cloudtrail.amazonaws.com}}, Action: s3:PutObject,
              Resource: "arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*"}}
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      S3BucketName: {BUCKET}
"""
    (tmp_path / "t.yaml").write_text(template)
    result = run([str(tmp_path / "t.yaml")], from_mapping({"region": "us-east-1", "select": ["TL207", "TL002"]}),
                 all_rules(), raise_errors=True)
    assert [(f.rule, f.message) for f in result.findings] == [
        ("TL002", (f"TL207 (bucket-policy-blocks-delivery) cannot decide: bucket policy of '{BUCKET}' of trail 'audit' "
                  f"may not let CloudTrail call s3:PutObject on arn:aws:s3:::{BUCKET}/AWSLogs/<account-id>/*: "
                  f"statement 'Write': whether the Resource covers arn:aws:s3:::{BUCKET}/AWSLogs/<account-id>/* "
                  f"{_GIVE_ACCOUNT}"))]
    assert lint(tmp_path, "t.yaml", template, "TL002", select=("TL207",)) == []     # --account given


# --- An organization trail's AWSLogs/<org-id>/ that the inputs cannot settle: TL002, once per bucket ---

ORG_TRAIL = Trail(name="org", account=ACCOUNT, region="us-east-1", organization=True, s3_bucket=BUCKET)


@given(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=10, max_size=32).map(lambda tail: f"o-{tail}"))
def test_a_literal_organization_id_leaves_the_write_open_and_names_the_statement(org_id: str) -> None:
    verdict = evaluate(policy(write(f"arn:aws:s3:::{BUCKET}/AWSLogs/{org_id}/*", Sid="OrgWrite")),
                       bucket_requests(ORG_TRAIL, BUCKET)[1])
    assert verdict.decision is Decision.UNKNOWN
    assert verdict.reason == f"statement 'OrgWrite': whether the Resource covers arn:aws:s3:::{BUCKET}/AWSLogs/" \
                             f"<org-id>/* is not known offline"


def test_an_unknown_resource_is_what_leaves_the_write_open() -> None:
    document = policy(write(Sid="AccountWrite"), write(Sid="OrgWrite"))
    statements = (document.statements[0], replace(document.statements[1], resources=UNKNOWN))  # type: ignore[index]
    verdict = evaluate(replace(document, statements=statements), bucket_requests(ORG_TRAIL, BUCKET)[1])
    assert (verdict.decision, verdict.reason) == (Decision.UNKNOWN, "statement 'OrgWrite': Resource not known")
    both = (replace(document.statements[0], resources=UNKNOWN), statements[1])  # type: ignore[index]
    assert evaluate(replace(document, statements=both), bucket_requests(ORG_TRAIL, BUCKET)[1]).reason == \
        "statement 'AccountWrite' and statement 'OrgWrite': Resource not known"
    # A trail of the account alone is decided by the first statement, whatever the second says.
    assert evaluate(replace(document, statements=statements), bucket_requests(TRAIL, BUCKET)[1]).decision \
        is Decision.ALLOWED


def _org_policy(resource: str) -> str:
    return f"""
Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: {BUCKET}
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {{Service: cloudtrail.amazonaws.com}}
            Action: s3:GetBucketAcl
            Resource: arn:aws:s3:::{BUCKET}
          - Sid: OrgWrite
            Effect: Allow
            Principal: {{Service: cloudtrail.amazonaws.com}}
            Action: s3:PutObject
            Resource: {resource}""" + "".join(f"""
  Trail{name}:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: {name}
      IsLogging: true
      IsOrganizationTrail: true
      S3BucketName: {BUCKET}""" for name in ("first", "second", "third")) + "\n"


def test_an_undecided_organization_prefix_is_one_tl002_per_bucket_naming_tl207(tmp_path: Path) -> None:
    found = lint(tmp_path, "t.yaml", _org_policy(f"arn:aws:s3:::{BUCKET}/AWSLogs/o-a1b2c3d4e5/*"), "TL002",
                 select=("TL207",))
    assert found == [
        (f"13:13: TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: bucket policy of '{BUCKET}' of trail "
         f"'first' (and 2 other trails) may not let CloudTrail write the organization's log files "
         f"(AWSLogs/<org-id>/, the organization ID is not in the inputs): statement 'OrgWrite': whether the "
         f"Resource covers arn:aws:s3:::{BUCKET}/AWSLogs/<org-id>/* is not known offline")]
    assert lint(tmp_path, "t.yaml", _org_policy(f"arn:aws:s3:::{BUCKET}/AWSLogs/o-a1b2c3d4e5/*"), "TL207") == []


@pytest.mark.parametrize(("resource", "tl207", "tl002"), [
    (f"arn:aws:s3:::{BUCKET}/AWSLogs/*", 0, 0),                 # covers any organization: allowed
    (f"arn:aws:s3:::{BUCKET}/AWSLogs/o-*", 0, 0),
    (f"arn:aws:s3:::{BUCKET}/AWSLogs/{ACCOUNT}/*", 3, 0),       # no AWSLogs/o-… path: blocked, ID or not
    (f"arn:aws:s3:::{BUCKET}/logs/AWSLogs/o-a1b2c3d4e5/*", 3, 0),
])
def test_what_is_certain_about_the_organization_prefix_is_decided(tmp_path: Path, resource: str, tl207: int,
                                                                   tl002: int) -> None:
    assert len(lint(tmp_path, "t.yaml", _org_policy(resource), "TL207")) == tl207
    assert len(lint(tmp_path, "t.yaml", _org_policy(resource), "TL002", select=("TL207",))) == tl002


SAME_NAME = """Resources:
  ArchiveBucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: !Sub '${AWS::AccountId}-archive'}
  OtherBucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: {"Fn::Sub": "${AWS::AccountId}-other"}}
  Notices:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: {"Fn::Join": ["-", [notices, {"Ref": "AWS::AccountId"}]]}
  ArchiveTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: {"Fn::Sub": "${AWS::AccountId}-archive"}
      SnsTopicName: !Join ['-', [notices, !Ref AWS::AccountId]]
"""


def test_a_bucket_and_topic_named_by_the_same_expression_link_to_the_trail() -> None:
    # long and short forms alike; the name itself is not known without --account
    trail, = cloudformation.normalise(load_text(SAME_NAME, "t.yaml")).trails
    assert (trail.s3_bucket, trail.s3_bucket_ref, trail.sns_topic_ref) == (UNKNOWN, "ArchiveBucket", "Notices")
    twice = SAME_NAME.replace("'${AWS::AccountId}-other'", "'${AWS::AccountId}-archive'").replace(
        '{"Fn::Sub": "${AWS::AccountId}-other"}', '{"Fn::Sub": "${AWS::AccountId}-archive"}')
    trail, = cloudformation.normalise(load_text(twice, "t.yaml")).trails
    assert trail.s3_bucket_ref is None           # two buckets of that name: neither is taken


def test_a_bucket_linked_by_its_name_expression_is_linted_without_the_account(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(SAME_NAME)
    config = from_mapping({"region": "us-east-1", "select": ["TL207"]})      # no account: names not known
    result = run([str(tmp_path / "t.yaml")], config, all_rules(), raise_errors=True)
    assert [(f.line, f.message) for f in result.findings] == [
        (4, "log bucket 'ArchiveBucket' of trail 'ArchiveTrail' has no bucket policy, so CloudTrail cannot deliver to it")]


# --- A CloudWatch Logs role's trust policy (TL215) ----------------------------------------------

ASSUME = {"Effect": "Allow", "Action": "sts:AssumeRole"}


@pytest.mark.parametrize(("statements", "outcome"), [
    ([{**ASSUME, "Principal": SERVICE}], Decision.ALLOWED),                        # the documented trust policy
    ([{**ASSUME, "Principal": {"Service": ["ec2.amazonaws.com", "cloudtrail.amazonaws.com"]}}], Decision.ALLOWED),
    ([{**ASSUME, "Action": "sts:*", "Principal": {"AWS": "*"}}], Decision.ALLOWED),
    ([{**ASSUME, "Principal": {"Service": "lambda.amazonaws.com"}}], Decision.DENIED),
    ([{**ASSUME, "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}}], Decision.DENIED),
    ([{**ASSUME, "Action": "sts:AssumeRoleWithWebIdentity", "Principal": SERVICE}], Decision.DENIED),
    ([{**ASSUME, "Principal": SERVICE}, {**ASSUME, "Effect": "Deny", "Principal": "*"}], Decision.DENIED),
    # CloudTrail's request carries no confused deputy keys for this role: not decided offline
    ([{**ASSUME, "Principal": SERVICE, "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}],
     Decision.UNKNOWN),
])
def test_trust_policy_of_the_cloudwatch_logs_role(statements: list[dict[str, Any]], outcome: Decision) -> None:
    verdict = evaluate_trust(policy(*statements), assume_request(f"arn:aws:iam::{ACCOUNT}:role/logs"))
    assert verdict.decision is outcome, verdict.reason



@pytest.mark.parametrize(("statements", "rule"), [
    # a permissions policy pasted as the trust policy: no Principal, which a trust policy requires
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)
    ([{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}], "TL001"),
    # a NotPrincipal, which a trust policy cannot have, beside the documented grant
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html)
    ([{**ASSUME, "Principal": SERVICE}, {**ASSUME, "Effect": "Deny", "NotPrincipal": SERVICE}], "TL221"),
    # a Resource or NotResource, which a trust policy cannot have, in the documented grant
    # (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
    ([{**ASSUME, "Principal": SERVICE, "Resource": "*"}], "TL001"),
    ([{**ASSUME, "Principal": SERVICE, "NotResource": f"arn:aws:iam::{ACCOUNT}:role/admin"}], "TL001"),
])
def test_a_rejected_trust_policy_lets_no_one_assume_the_role(statements: list[dict[str, Any]], rule: str) -> None:
    verdict = evaluate_trust(policy(*statements), assume_request(f"arn:aws:iam::{ACCOUNT}:role/logs"))
    assert verdict.decision is Decision.DENIED
    assert verdict.reason.startswith(f"IAM rejects the policy (reported as {rule})")

MULTI_REGION_LOGS = """
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: cloudtrail.amazonaws.com}, Action: sts:AssumeRole}]
      Policies:
        - PolicyName: to-logs
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [logs:CreateLogStream, logs:PutLogEvents]
                Resource: "arn:aws:logs:us-east-1:ACCOUNT:log-group:CloudTrail/logs:log-stream:STREAM"
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      S3BucketName: audit-logs
      IsLogging: true
      IsMultiRegionTrail: MULTI
      CloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:ACCOUNT:log-group:CloudTrail/logs:*"
      CloudWatchLogsRoleArn: !GetAtt Role.Arn
"""


@pytest.mark.parametrize("multi", ["true", "false"])
@pytest.mark.parametrize(("stream", "denied"), [
    ("ACCOUNT_CloudTrail_us-east-1*", False),        # the User Guide's policy: the trail's own Region
    ("ACCOUNT_CloudTrail_eu-west-1*", True),         # another Region's name is not the trail's stream
    ("ACCOUNT_CloudTrail_*", False),
])
def test_every_region_a_trail_records_is_delivered_to_the_stream_named_after_the_trails_region(
        tmp_path: Path, multi: str, stream: str, denied: bool) -> None:
    # CloudTrail names the streams ACCOUNT_CloudTrail_<trail Region>[_n], whatever Region the events
    # come from (cloudwatch-log-group-log-stream-naming-for-cloudtrail.html): a multi-Region trail
    # needs no stream of another Region.
    text = MULTI_REGION_LOGS.replace("STREAM", stream).replace("MULTI", multi).replace("ACCOUNT", ACCOUNT)
    found = lint(tmp_path, "t.yaml", text, "TL215")
    assert [m.split(" does not allow")[0] for m in found] == (
        ["23:7: TL215 CloudWatch Logs role 'Role' of trail 'audit'"] if denied else [])


def test_a_bucket_policy_iam_rejects_is_no_bucket_policy() -> None:
    # One statement outside the grammar rejects the document: its Allow does not let CloudTrail
    # deliver, and its Deny blocks nothing (there is no policy); the engine reports it (TL001).
    broken = {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "NotAction": "s3:Get*", "Resource": "*"}
    assert put_object(TRAIL, policy(write())) is Decision.ALLOWED
    verdict = evaluate(policy(write(), broken), bucket_requests(TRAIL, BUCKET)[1])
    assert (verdict.decision, verdict.reason) == (
        Decision.DENIED, ("IAM rejects the policy (reported as TL001), so it does not exist and does not allow "
                          "cloudtrail.amazonaws.com s3:PutObject"))
    versioned = replace(policy(write()), version="2012-10-18")
    assert evaluate(versioned, bucket_requests(TRAIL, BUCKET)[1]).decision is Decision.DENIED
    assert put_object(TRAIL, policy(write(Condition={"StringMatches": {"aws:SourceAccount": ACCOUNT}}))) \
        is Decision.DENIED


ROLE_BY_ARN = """Resources:
  Group:
    Type: AWS::Logs::LogGroup
  Delivery:
    Type: AWS::IAM::Role
    Properties:
      RoleName: TrailLogs
      Path: /audit/
      AssumeRolePolicyDocument:
        Statement:
        - {Effect: Allow, Principal: {Service: cloudtrail.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
      - PolicyName: streams
        PolicyDocument:
          Statement:
          - {Effect: Allow, Action: logs:CreateLogStream, Resource: '*'}
  Other:
    Type: AWS::IAM::Role
    Properties:
      RoleName: OldTrailLogs
      AssumeRolePolicyDocument: {Statement: []}
  Audit:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      CloudWatchLogsLogGroupArn: !GetAtt Group.Arn
      CloudWatchLogsRoleArn: ROLE
"""


@pytest.mark.parametrize(("role", "linked"), [
    ("!Sub 'arn:aws:iam::${AWS::AccountId}:role/audit/TrailLogs'", "Delivery"),
    ("!Sub |-\n        arn:${AWS::Partition}:iam::${AWS::AccountId}:role/audit/TrailLogs", "Delivery"),
    ('{"Fn::Join": ["", ["arn:aws-us-gov:iam::", {"Ref": "AWS::AccountId"}, ":role/OldTrailLogs"]]}', "Other"),
    ("!Sub 'arn:aws:iam::${AWS::AccountId}:role/TrailLogs2'", None),       # no role of that name
    ("!Sub 'arn:aws:iam::${AWS::AccountId}:role/other/TrailLogs'", None),  # nor of that path
    ("!Sub 'arn:aws:iam::${AWS::AccountId}:user/audit/TrailLogs'", None),  # a user, not a role
    ("!Sub 'arn:aws:iam::123456789012:role/audit/TrailLogs'", None),       # an account of its own
    ("!Sub 'arn:aws:iam::${AWS::AccountId}:role/audit/${AWS::Region}'", None),
])
def test_a_role_named_by_its_arn_in_the_stacks_account_links_to_the_trail(role: str, linked: str | None) -> None:
    trail, = cloudformation.normalise(load_text(ROLE_BY_ARN.replace("ROLE", role), "t.yaml")).trails
    assert trail.cloudwatch_logs_role_ref == linked


def test_the_policies_of_a_role_named_by_its_arn_are_checked(tmp_path: Path) -> None:
    """Without --account the ARN is known only as the stack's account: the role is still the one."""
    def tl215(text: str) -> list[str]:
        (tmp_path / "t.yaml").write_text(text)
        config = from_mapping({"region": "us-east-1", "select": ["TL215"]})
        result = run([str(tmp_path / "t.yaml")], config, all_rules(), raise_errors=True)
        return [f"{f.line}:{f.rule} {f.message}" for f in result.findings if "TL215" in f"{f.rule} {f.message}"]

    text = ROLE_BY_ARN.replace("ROLE", "!Sub 'arn:aws:iam::${AWS::AccountId}:role/audit/TrailLogs'")
    found = tl215(text)
    assert len(found) == 1 and found[0].startswith("28:TL215 ") and "logs:PutLogEvents" in found[0]
    allowed = text.replace("Action: logs:CreateLogStream", "Action: [logs:CreateLogStream, logs:PutLogEvents]")
    assert tl215(allowed) == []
