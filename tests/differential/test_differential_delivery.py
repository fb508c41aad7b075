"""A log bucket's policy as trail-lint reads it for CloudTrail's delivery (delivery.evaluate)
against @cloud-copilot/iam-simulate, on random bucket policies (iam_cases.bucket_statements):
Allow and Deny, the service principal among others, `*` and accounts, Principal and NotPrincipal,
Action/NotAction, Resource/NotResource on the bucket, its objects and other places, conditions on
aws:SourceArn, aws:SourceAccount, s3:x-amz-acl, aws:SecureTransport and keys a service principal's
request does not carry (aws:PrincipalOrgID, aws:SourceVpce).

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

from trail_lint.delivery import bucket_requests, evaluate
from trail_lint.iam.evaluator import Decision
from trail_lint.model import Origin, Trail
from trail_lint.normalise.policy_json import parse_policy

pytestmark = pytest.mark.differential

if not available():
    pytest.skip("node or @cloud-copilot/iam-simulate is not installed", allow_module_level=True)


def ours(document: dict[str, object], prefix: str | None) -> list[Decision]:
    trail = Trail(name="main", arn=cases.DELIVERY_TRAIL, region="us-east-1", account=cases.ACCOUNT,
                  s3_bucket=cases.BUCKET, s3_key_prefix=prefix)
    policy = parse_policy(document, name="bucket", origin=Origin("case", ()))
    return [evaluate(policy, request).decision for request in bucket_requests(trail, cases.BUCKET)]


@cases.budget(8)
@given(st.lists(st.tuples(cases.bucket_policies(), st.sampled_from([None, "audit"])), min_size=10, max_size=20))
def test_bucket_policy_verdicts_agree_with_iam_simulate(drawn: list) -> None:
    compared = []
    for document, prefix in drawn:
        for decision, request in zip(ours(document, prefix), cases.delivery_requests(prefix)):
            if decision is not Decision.UNKNOWN:
                compared.append((decision, {**request, "identity": [], "account": cases.ACCOUNT,
                                            "principal": "cloudtrail.amazonaws.com", "resourcePolicy": document}))
    for (decision, simulated), result in zip(compared, simulate([simulated for _, simulated in compared])):
        assert "error" not in result, (json.dumps(simulated, indent=1), result)
        theirs = Decision.ALLOWED if result["result"] == "Allowed" else Decision.DENIED
        assert decision is theirs, f"trail-lint: {decision.value}\n{json.dumps(simulated, indent=1)}"
