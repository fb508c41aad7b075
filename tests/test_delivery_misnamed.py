"""A bucket policy whose grant to CloudTrail names a service principal spelt almost as CloudTrail's
(`cloudtrail.amazon.com`): a principal is matched by its exact name, so it grants CloudTrail
nothing, and the finding says which statement and which name
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services)."""
from __future__ import annotations

import pytest

from trail_lint.delivery import evaluate
from trail_lint.delivery_bucket_requests import bucket_requests
from trail_lint.delivery_requests import SERVICE
from trail_lint.iam.evaluator import Decision
from trail_lint.model import Origin, Policy, Trail
from trail_lint.normalise.policy_json import parse_policy

OWNER = "111122223333"
BUCKET = "acme-trail-logs"
TRAIL = Trail(name="main", account=OWNER, region="us-east-1", s3_bucket=BUCKET)


def policy(service: str, action: str = "s3:GetBucketAcl") -> Policy:
    return parse_policy({"Version": "2012-10-17", "Statement": [
        {"Sid": "Acl", "Effect": "Allow", "Principal": {"Service": service}, "Action": action,
         "Resource": f"arn:aws:s3:::{BUCKET}"},
    ]}, name="logs", origin=Origin("policy.json", ()))


@pytest.mark.parametrize("service", ["cloudtrail.amazon.com", "cloudtrial.amazonaws.com", "cloudtrail.amazonaws.co",
                                     "cloudtrails.amazonaws.com"])
def test_a_near_miss_of_the_service_principal_is_named(service: str) -> None:
    verdict = evaluate(policy(service), bucket_requests(TRAIL, BUCKET)[0])
    assert verdict.decision is Decision.DENIED
    assert verdict.reason == f"statement 'Acl' names the service principal {service!r}, not {SERVICE} (a principal " \
                             "is matched by its exact name)"


@pytest.mark.parametrize("service", ["config.amazonaws.com", "logs.amazonaws.com", "s3.amazonaws.com"])
def test_another_service_is_no_near_miss(service: str) -> None:
    verdict = evaluate(policy(service), bucket_requests(TRAIL, BUCKET)[0])
    assert verdict.decision is Decision.DENIED and "no statement allows" in verdict.reason


def test_a_near_miss_on_another_action_is_not_the_reason() -> None:
    """The statement would not grant the request even with the right principal: not named."""
    verdict = evaluate(policy("cloudtrail.amazon.com", action="s3:ListBucket"), bucket_requests(TRAIL, BUCKET)[0])
    assert verdict.decision is Decision.DENIED and "no statement allows" in verdict.reason
