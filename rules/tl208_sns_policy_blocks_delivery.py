"""The trail's SNS topic policy does not let CloudTrail publish the trail's notifications.

## Why it matters
For every log file it delivers, CloudTrail publishes a notification to the trail's SNS topic
as the service principal `cloudtrail.amazonaws.com`. Without an `SNS:Publish` grant on the
topic (action names are case-insensitive), or with an `aws:SourceArn` / `aws:SourceAccount`
condition that names other trails, `CreateTrail` and `UpdateTrail` fail with
`InsufficientSnsTopicPolicyException`, and whoever relies on the notifications (log
forwarders, SIEM ingestion) stops receiving them when the policy is changed later.

trail-lint reports only what is certain from the inputs: an unknown statement, value or
condition gives no finding, nor does a Deny whose conditions depend on request facts it
cannot see.

## Fix
Allow `cloudtrail.amazonaws.com` to publish, with `aws:SourceArn` set to the trail ARN.
CloudFormation: an `AWS::SNS::TopicPolicy` with `Topics: [!Ref Topic]` and a statement
`Effect: Allow`, `Principal: {Service: cloudtrail.amazonaws.com}`, `Action: SNS:Publish`,
`Resource: !Ref Topic`.
Terraform: an `aws_sns_topic_policy` (or the topic's `policy` argument) with the same statement.
CLI: `aws sns set-topic-attributes --topic-arn ARN --attribute-name Policy --attribute-value file://policy.json`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html
"""
from collections.abc import Iterator

from trail_lint.delivery import evaluate, problem, topic_policies, topic_request
from trail_lint.iam.evaluator import Decision
from trail_lint.model import Inventory, Problem
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    for trail in inventory.live_trails():
        for attached in topic_policies(inventory, trail):
            target = attached.target if isinstance(attached.target, str) else ""
            verdict = evaluate(attached.policy, topic_request(trail, target))
            if verdict.decision is Decision.DENIED:
                shown = trail.sns_topic if isinstance(trail.sns_topic, str) else target
                yield problem(trail, f"topic policy of {shown!r} blocks notifications of trail {trail.label!r}: "
                                     f"{verdict.reason}", verdict.at or attached.policy.origin.at,
                              attached.origin.resource)


RULE = Rule(id="TL208", name="sns-policy-blocks-delivery", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
