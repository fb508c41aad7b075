"""A log bucket's, KMS key's or SNS topic's policy as trail-lint reads it for CloudTrail's delivery
(delivery.evaluate), and the trust policy of a trail's CloudWatch Logs role for CloudTrail's
sts:AssumeRole (delivery.evaluate_trust), against @cloud-copilot/iam-simulate, on random policies
(iam_cases.delivery_statements): Allow and Deny, the service principal among others, `*` and
accounts, Principal and NotPrincipal, Action/NotAction, Resource/NotResource on the target, its
objects and other places, conditions on aws:SourceArn, aws:SourceAccount, s3:x-amz-acl, the KMS
encryption context, aws:SecureTransport and keys a service principal's request does not carry
(aws:PrincipalOrgID, aws:SourceVpce), as documented, in lower case, under ForAnyValue:/ForAllValues:
and Null. What the simulator cannot express is skipped (simulator_drops).

A service principal in another case than documented (``CloudTrail.amazonaws.com``) the simulator
does not match; AWS does not document whether IAM folds its case, and trail-lint leaves a verdict
resting on it unknown (delivery._names_service), so it is drawn and never compared.

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

from trail_lint.delivery import (
    assume_request,
    bucket_requests,
    evaluate,
    evaluate_trust,
    key_requests,
    topic_request,
)
from trail_lint.iam.evaluator import Decision
from trail_lint.model import Origin, Trail
from trail_lint.normalise.policy_json import parse_policy

pytestmark = pytest.mark.differential

if not available():
    pytest.skip("node or @cloud-copilot/iam-simulate is not installed", allow_module_level=True)


def ours(target: str, document: dict[str, object], prefix: str | None) -> list[Decision]:
    trail = Trail(name="main", arn=cases.DELIVERY_TRAIL, region="us-east-1", account=cases.ACCOUNT,
                  s3_bucket=cases.BUCKET, s3_key_prefix=prefix)
    policy = parse_policy(document, name=target, origin=Origin("case", ()))
    if target == "role":
        return [evaluate_trust(policy, assume_request(cases.ROLE)).decision]
    requests = key_requests(trail, cases.KEY) if target == "key" else (topic_request(trail, cases.TOPIC),) \
        if target == "topic" else bucket_requests(trail, cases.BUCKET)
    return [evaluate(policy, request).decision for request in requests]


def simulator_drops(request: dict[str, object], document: dict[str, object]) -> bool:
    """Whether the comparison is skipped: iam-simulate takes no kms:EncryptionContext:… key into a
    request context (a condition requiring one is never met, Null on one always holds), while
    CloudTrail's kms:GenerateDataKey carries aws:cloudtrail:arn, the trail's ARN, as its encryption
    context, and the key policy page conditions on it
    (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html)."""
    return request["action"] == "kms:GenerateDataKey" and "kms:encryptioncontext" in json.dumps(document).lower()


@st.composite
def delivery_cases(draw: st.DrawFn) -> tuple[str, dict[str, object], str | None]:
    target = draw(st.sampled_from(["bucket", "bucket", "key", "topic", "role"]))
    return target, draw(cases.delivery_policies(target)), draw(st.sampled_from([None, "audit"]))


@cases.budget(8)
@given(st.lists(delivery_cases(), min_size=10, max_size=20))
def test_delivery_verdicts_agree_with_iam_simulate(drawn: list) -> None:
    compared = []
    for target, document, prefix in drawn:
        for decision, request in zip(ours(target, document, prefix), cases.delivery_requests(target, prefix)):
            if decision is not Decision.UNKNOWN and not simulator_drops(request, document):
                compared.append((decision, {**request, "identity": [], "account": cases.ACCOUNT,
                                            "principal": "cloudtrail.amazonaws.com", "resourcePolicy": document}))
    for (decision, simulated), result in zip(compared, simulate([simulated for _, simulated in compared])):
        assert "error" not in result, (json.dumps(simulated, indent=1), result)
        theirs = Decision.ALLOWED if result["result"] == "Allowed" else Decision.DENIED
        assert decision is theirs, f"trail-lint: {decision.value}\n{json.dumps(simulated, indent=1)}"
