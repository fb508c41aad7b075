"""The trail's SNS topic is longer than CloudTrail accepts, or no topic name or topic ARN.

## Why it matters
`SnsTopicName` takes "the name or ARN of the Amazon SNS topic", and "the maximum length is 256
characters" (CreateTrail, UpdateTrail; the CloudFormation schema's `maxLength` is 256). A topic
name is 1 to 256 ASCII letters, digits, hyphens and underscores (a FIFO topic's ends in
`.fifo`), and a topic ARN is `arn:PARTITION:sns:REGION:ACCOUNT:NAME`. Anything else (an ARN of
another service, a name with spaces or dots, a value over 256 characters) names no topic:
CreateTrail and UpdateTrail fail with `InvalidSnsTopicNameException`, and the trail is not
created or keeps its old notifications. A trail read from describe-trails output or Terraform
state is not checked: its topic is the one AWS accepted and returns (`SnsTopicARN`), and a
value that is no topic there was edited after the fact, for example an account ID blanked out
as `XXXXXXXXXXXX`.

A value not known offline that the user writes (a CloudFormation parameter without a value or
another stack's export, a Terraform variable without one) may be invalid: the check is named in
the TL002 the reader gives for that value. A value known only after apply (a resource's
attribute, a random suffix, whatever a plan does not know yet) is AWS's or the provider's own and
is not asked about.

A value a condition settled only at deployment chooses (a CloudFormation `Fn::If`, a Terraform
conditional such as `var.enabled ? "..." : null`) is checked in each case: a literal that is refused
is reported with the condition under which it is taken (`when condition Prod is false, ...`); a
branch that is a resource's own ARN or name (`!GetAtt Key.Arn`, `aws_kms_key.trail.arn`) or
nothing is not asked about.

## Fix
Terraform: `sns_topic_name = aws_sns_topic.trail.name` (or its `arn` for a topic in another
account or Region).
CloudFormation: `SnsTopicName: !GetAtt Topic.TopicName` (or `!Ref Topic`, its ARN).
CLI: `aws cloudtrail update-trail --name NAME --sns-topic-name TOPIC`.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
- https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail
from trail_lint.problems import each_branch, read_back, trail_problem, unchecked_input
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import is_sns_topic

MAX_TOPIC = 256


def check(trail: Trail) -> Iterator[Problem]:
    # each value a condition settled only at deployment may choose is checked where it may be taken
    yield from each_branch(_check, trail, "sns_topic")


def _check(trail: Trail) -> Iterator[Problem]:
    topic = trail.sns_topic
    if topic is UNKNOWN and (open_check := unchecked_input(trail, "sns_topic", "the SNS topic")):
        yield open_check
    if not isinstance(topic, str) or not topic or read_back(trail):
        return
    at = trail.origin.of("sns_topic")
    if len(topic) > MAX_TOPIC:
        yield trail_problem(trail, f"the SNS topic of trail {trail.label!r} has {len(topic)} characters; "
                                   f"the limit is {MAX_TOPIC}", at)
    elif not is_sns_topic(topic):
        yield trail_problem(trail, f"SNS topic {topic!r} of trail {trail.label!r} is no topic name or topic ARN", at)


RULE = Rule(id="TL218", name="invalid-sns-topic-name", severity=Severity.ERROR, applies_to=Trail, check=check,
            doc=__doc__)
