"""A log bucket's, KMS key's or SNS topic's policy as trail-lint reads it for CloudTrail's delivery
(delivery.evaluate), and the trust policy of a trail's CloudWatch Logs role for CloudTrail's
sts:AssumeRole (delivery.evaluate_trust), against @cloud-copilot/iam-simulate, on random policies
(iam_cases.delivery_statements): Allow and Deny, the service principal among others, `*` and
accounts, Principal and NotPrincipal, Action/NotAction, Resource/NotResource on the target, its
objects and other places, conditions on aws:SourceArn, aws:SourceAccount, s3:x-amz-acl, the KMS
encryption context, aws:SecureTransport and keys a service principal's request does not carry
(aws:PrincipalOrgID, aws:SourceVpce), as documented, in lower case, under ForAnyValue:/ForAllValues:
and Null. What the simulator cannot express is skipped (simulator_drops).

Over the bucket, the key and the role, RCPs (iam_cases.rcp_policies: Deny statements with
"Principal": "*", on one or two levels beside RCPFullAWSAccess) must let the request through too:
trail-lint's verdict is the resource policy's, denied where an RCP Deny certainly matches
(delivery_rcp.blocking), unknown where one may.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html

A service principal in another case than documented (``CloudTrail.amazonaws.com``) the simulator
does not match; AWS does not document whether IAM folds its case, and trail-lint leaves a verdict
resting on it unknown (delivery_applies._names_service), so it is drawn and never compared.

The simulator is given CloudTrail's requests as the AWS documentation describes them
(iam_cases.delivery_requests); a verdict trail-lint gives ("allowed" or "denied") must be the
simulator's. "unknown" is not compared.
"""
from __future__ import annotations

import json

import iam_cases as cases
import pytest
from hypothesis import given
from hypothesis import strategies as st
from iam_simulator import available, simulate

from trail_lint.delivery import evaluate, evaluate_trust
from trail_lint.delivery_bucket_requests import bucket_requests
from trail_lint.delivery_rcp import blocking
from trail_lint.delivery_requests import Request, assume_request, key_requests, topic_request
from trail_lint.iam.evaluator import Decision
from trail_lint.model import Origin, Trail
from trail_lint.normalise.policy_json import parse_policy
from trail_lint.records import replace

pytestmark = pytest.mark.differential

if not available():
    pytest.skip("node or @cloud-copilot/iam-simulate is not installed", allow_module_level=True)


def ours(target: str, document: dict[str, object], prefix: str | None, rcps: list[list[dict[str, object]]]) -> list[Decision]:
    trail = Trail(name="main", arn=cases.DELIVERY_TRAIL, region="us-east-1", account=cases.ACCOUNT,
                  s3_bucket=cases.BUCKET, s3_key_prefix=prefix)
    policy = parse_policy(document, name=target, origin=Origin("case", ()))
    if target == "role":
        request = assume_request(cases.ROLE)
        return [with_rcps(evaluate_trust(policy, request).decision, request, rcps)]
    requests = key_requests(trail, cases.KEY) if target == "key" else (topic_request(trail, cases.TOPIC),) \
        if target == "topic" else bucket_requests(trail, cases.BUCKET)
    return [with_rcps(evaluate(policy, request).decision, request, rcps) for request in requests]


def with_rcps(decision: Decision, request: Request, rcps: list[list[dict[str, object]]]) -> Decision:
    """The resource policy's decision under the RCPs (each reaching the resource's account): a Deny
    that matches blocks the request, one that may match leaves it unknown."""
    policies = [parse_policy(document, name=f"rcp{depth}-{index}", origin=Origin("case", ()))
                for depth, level in enumerate(rcps) for index, document in enumerate(level)]
    blocked = list(blocking([(policy, True) for policy in policies], [request]))
    if decision is Decision.DENIED or any(found.certain for found in blocked):
        return Decision.DENIED
    return Decision.UNKNOWN if blocked else decision


def simulator_drops(request: dict[str, object], document: object) -> bool:
    """Whether the comparison is skipped: iam-simulate takes no kms:EncryptionContext:… key into a
    request context (a condition requiring one is never met, Null on one always holds), while
    CloudTrail's kms:GenerateDataKey carries aws:cloudtrail:arn, the trail's ARN, as its encryption
    context, and the key policy page conditions on it
    (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html)."""
    return request["action"] == "kms:GenerateDataKey" and "kms:encryptioncontext" in json.dumps(document).lower()


def refused(target: str, document: dict[str, object]) -> bool:
    """Whether IAM refuses the document, which the simulator evaluates all the same: a role's trust
    policy with NotPrincipal ("You cannot use the NotPrincipal element in an IAM identity-based policy
    nor in an IAM role trust policy"), which trail-lint reads as letting no one assume the role
    (delivery.evaluate_trust, TL221).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html"""
    statements = document.get("Statement")
    return target == "role" and isinstance(statements, list) and any(
        isinstance(statement, dict) and "NotPrincipal" in statement for statement in statements)


@st.composite
def delivery_cases(draw: st.DrawFn) -> tuple[str, dict[str, object], str | None, list[list[dict[str, object]]]]:
    target = draw(st.sampled_from(["bucket", "bucket", "key", "topic", "role"]))
    rcps = draw(st.lists(st.lists(cases.rcp_policies(target), max_size=2), max_size=2)) \
        if target in cases.RCP_TARGETS and draw(st.booleans()) else []
    return target, draw(cases.delivery_policies(target)), draw(st.sampled_from([None, "audit"])), rcps


@cases.budget(8)
@given(st.lists(delivery_cases(), min_size=10, max_size=20))
def test_delivery_verdicts_agree_with_iam_simulate(drawn: list) -> None:
    compared = []
    for target, document, prefix, rcps in drawn:
        if refused(target, document):
            continue
        for decision, request in zip(ours(target, document, prefix, rcps), cases.delivery_requests(target, prefix)):
            if decision is not Decision.UNKNOWN and not simulator_drops(request, [document, rcps]):
                compared.append((decision, {**request, "identity": [], "account": cases.ACCOUNT,
                                            "principal": "cloudtrail.amazonaws.com", "resourcePolicy": document,
                                            **({"rcps": rcps} if rcps else {})}))
    for (decision, simulated), result in zip(compared, simulate([simulated for _, simulated in compared])):
        assert "error" not in result, (json.dumps(simulated, indent=1), result)
        theirs = Decision.ALLOWED if result["result"] == "Allowed" else Decision.DENIED
        assert decision is theirs, f"trail-lint: {decision.value}\n{json.dumps(simulated, indent=1)}"


@st.composite
def tied_delivery_cases(draw: st.DrawFn) -> tuple[str, dict[str, object], list[dict[str, object]], str | None]:
    """A bucket's, key's or topic's policy and statements two Terraform dynamic blocks over one for_each
    make: as many copies of each, maybe none
    (https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks)."""
    target = draw(st.sampled_from(["bucket", "bucket", "key", "topic"]))
    tied = draw(st.lists(cases.delivery_statements(target), min_size=2, max_size=3))
    return target, draw(cases.delivery_policies(target)), tied, draw(st.sampled_from([None, "audit"]))


@cases.budget(8)
@given(st.lists(tied_delivery_cases(), min_size=10, max_size=20))
def test_statements_there_together_decide_delivery_as_with_none_and_with_them(drawn: list) -> None:
    """Where trail-lint decides CloudTrail's request with the tied statements maybe there (Statement.made_over),
    the simulator decides it alike without them and with one copy of each."""
    compared = []
    for target, document, tied, prefix in drawn:
        statements = document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
        with_them = {**document, "Statement": [*statements, *tied]}
        policy = parse_policy(with_them, name=target, origin=Origin("case", ()))
        if not isinstance(policy.statements, tuple):
            continue
        kept = len(policy.statements) - len(tied)
        policy = replace(policy, statements=(*policy.statements[:kept], *(
            replace(statement, maybe=True, made_over="over") for statement in policy.statements[kept:])))
        trail = Trail(name="main", arn=cases.DELIVERY_TRAIL, region="us-east-1", account=cases.ACCOUNT,
                      s3_bucket=cases.BUCKET, s3_key_prefix=prefix)
        requests = key_requests(trail, cases.KEY) if target == "key" else (topic_request(trail, cases.TOPIC),) \
            if target == "topic" else bucket_requests(trail, cases.BUCKET)
        for request, simulated in zip(requests, cases.delivery_requests(target, prefix)):
            decision = evaluate(policy, request).decision
            if decision is Decision.UNKNOWN or simulator_drops(simulated, with_them):
                continue
            compared += [(decision, {**simulated, "identity": [], "account": cases.ACCOUNT,
                                     "principal": "cloudtrail.amazonaws.com", "resourcePolicy": chosen})
                         for chosen in (document, with_them)]
    for (decision, simulated), result in zip(compared, simulate([simulated for _, simulated in compared])):
        assert "error" not in result, (json.dumps(simulated, indent=1), result)
        theirs = Decision.ALLOWED if result["result"] == "Allowed" else Decision.DENIED
        assert decision is theirs, f"trail-lint: {decision.value}\n{json.dumps(simulated, indent=1)}"
