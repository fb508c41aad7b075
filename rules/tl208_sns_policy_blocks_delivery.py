"""The trail's SNS topic policy does not let CloudTrail publish the trail's notifications.

## Why it matters
For every log file it delivers, CloudTrail publishes a notification to the trail's SNS topic
as the service principal `cloudtrail.amazonaws.com`. Without an `SNS:Publish` grant on the
topic (action names are case-insensitive), or with an `aws:SourceArn` / `aws:SourceAccount`
condition that names other trails, `CreateTrail` and `UpdateTrail` fail with
`InsufficientSnsTopicPolicyException`, and whoever relies on the notifications (log
forwarders, SIEM ingestion) stops receiving them when the policy is changed later.

An organization trail that a CloudTrail delegated administrator creates is owned by the
management account ("The management account remains the owner of any CloudTrail organization
resources the delegated administrator creates"), so CloudTrail's requests name the trail ARN and
account of the management account, not of the account whose template or configuration deploys
it. Where a condition excludes the deploying account's trail but would let the same trail of
another account through, that is one TL002 ("unless the account that deploys the organization
trail is a CloudTrail delegated administrator"), not a finding; a certain finding where the
inputs say the deploying account is the management account (`management-account` in
`.trail-lint.yaml`, describe-organization output, the `master_account_id` of an
`aws_organizations_organization` in a plan or state) or where describe-trails gives the trail's ARN.

trail-lint reports only what is certain from the inputs, and decides what is certain despite
unknown parts (an unconditional Deny blocks; an Allow that covers the request lets it through
unless a statement that may be a Deny may apply). A value not known offline that the policy and CloudTrail's request both hold is compared as the
same value whatever it is, as for TL207: the topic of the same stack (`!Ref Topic` for a trail whose
`SnsTopicName` is `!GetAtt Topic.TopicName`), the stack's account and Region.
When the topic policy cannot be settled — a
statement with a part it cannot know (a Resource or Principal built from a value known only at
deployment, a policy known only after apply), or a condition it cannot decide for CloudTrail's
request (a Deny on a source IP or a tag, a condition key CloudTrail's request may not carry) —
it is not a finding but one TL002 per topic policy and statement, naming TL208, the request
(`SNS:Publish`), the first trail and how many others share it, and what is unknown. Where a reader
already reports the unknown value in that statement (a variable without a value), that TL002 is
the only one. A statement that applies only in the aws partition (`arn:aws:`) of a trail whose home
Region is not known is said in the TL002 that says so, which names TL208.
An old policy that names CloudTrail's own AWS account of each Region instead of the service
principal is read as TL207 reads it: it lets a single-Region trail in a Region it names
publish, and no other trail.

A topic the inputs create without a topic policy (an `AWS::SNS::Topic` that no
`AWS::SNS::TopicPolicy` or `AWS::SNS::TopicInlinePolicy` names, an `aws_sns_topic` without
`policy` and no `aws_sns_topic_policy` for it) keeps the default topic policy, which lets only
the owner account's principals use the topic: it has no statement for the CloudTrail service
principal (the console adds one when it creates a topic for a trail; templates and Terraform do
not). That topic blocks every trail that uses it, and one policy fixes it: one finding at the
topic, naming its trails. A topic the inputs only refer to (an ARN or name, a data source, a
variable, describe-trails output), with no topic policy for it in the inputs, has a policy
trail-lint cannot see: one TL002 per topic naming TL208, at the first trail that names it,
counting the others (none when the topic's name is an unknown value a reader already reports, nor
when it is a value no topic can have, such as a name with spaces or dots: TL218 reports that, and
there is no topic policy to ask about).

A topic keeps one policy: a Terraform `aws_sns_topic` with its `policy` argument and an
`aws_sns_topic_policy` for it, or two `AWS::SNS::TopicPolicy` (or `AWS::SNS::TopicInlinePolicy`)
that name one topic, each set the topic's `Policy` attribute and replace the other as they are
applied (the last applied wins), so one that blocks CloudTrail beside one that does not is a TL002
naming them, not a finding; where every one of them blocks it, it is (the first one's, once).

A topic given by name is the topic of that name in the trail's own Region (`SnsTopicName` takes
"the name or the ARN"; Terraform's `sns_topic_name`: "Specify the SNS topic ARN if it resides in
another region"). A trail that refers to a topic of the inputs in another Region by its name
(`sns_topic_name = aws_sns_topic.x.name` with the topic under another provider Region) does not
name that topic, whatever its policy says: one finding at the trail's topic argument, which says so.

## Fix
Allow `cloudtrail.amazonaws.com` to publish, with `aws:SourceArn` set to the trail ARN.
CloudFormation: an `AWS::SNS::TopicPolicy` with `Topics: [!Ref Topic]` (or an
`AWS::SNS::TopicInlinePolicy` with `TopicArn: !Ref Topic`) and a statement
`Effect: Allow`, `Principal: {Service: cloudtrail.amazonaws.com}`, `Action: SNS:Publish`,
`Resource: !Ref Topic`.
Terraform: an `aws_sns_topic_policy` (or the topic's `policy` argument) with the same statement.
CLI: `aws sns set-topic-attributes --topic-arn ARN --attribute-name Policy --attribute-value file://policy.json`.
A topic of another Region: give its ARN (Terraform `sns_topic_name = aws_sns_topic.x.arn`,
CloudFormation `SnsTopicName: arn:aws:sns:REGION:ACCOUNT:NAME`, CLI
`--sns-topic-name arn:aws:sns:REGION:ACCOUNT:NAME`).

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/configure-sns-notifications-for-cloudtrail.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
- https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.iam.permissions.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topicinlinepolicy.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topicpolicy.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic_policy
- https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
"""
from collections.abc import Iterator

from trail_lint.delegation import management_accounts
from trail_lint.delivery import evaluate, region_left_open
from trail_lint.delivery_links import named_elsewhere, names_no_topic, topic_policies, trail_topics
from trail_lint.delivery_pending import Pending, Target, pending_problems, policies_to_check
from trail_lint.delivery_problems import kept_decides, kept_one, problem, reported, written
from trail_lint.delivery_requests import topic_request
from trail_lint.iam.evaluator import Decision
from trail_lint.model import Inventory, Problem, ResourcePolicy
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.scope.home import region_unknown_places

TOPIC = Target(kind="SNS topic", field="sns_topic", ref="sns_topic_ref", service="sns", policy="topic policy",
               needs="publish notifications")


def check(inventory: Inventory) -> Iterator[Problem]:
    management = management_accounts(inventory)     # an organization trail they deploy is their own
    pending = Pending(TOPIC)        # topics not in the inputs, created without a policy, and open checks
    unknown_at = region_unknown_places(inventory.trails)     # where the home Region is said not known
    linked = {id(trail): topic for trail, topic in trail_topics(inventory)}
    for trail in inventory.live_trails():
        topic = linked.get(id(trail))
        if topic is None and names_no_topic(trail):
            continue        # no topic can have that name: TL218 says so, and there is no policy to ask about
        region = named_elsewhere(trail, topic)
        if topic is not None and region is not None:
            # the policy the inputs hold is another topic's: the trail's name does not name that topic
            created = f" ({topic.origin.resource})" if topic.origin.resource else ""
            yield trail_problem(trail, f"trail {trail.label!r} gives its SNS topic by name ({trail.sns_topic!r}), which "
                                       f"names the topic of that name in the trail's Region {trail.region}, not the one "
                                       f"in {region} the inputs hold{created}: give its ARN", trail.origin.of("sns_topic"))
            continue
        found = policies_to_check(inventory, pending, trail, topic_policies(inventory, trail))
        # A topic keeps one policy: its verdict where every policy written for it agrees, else one TL002 (kept_one).
        once = written(found)
        policies = [attached.policy for attached in once]
        verdicts = [(attached, evaluate(attached.policy, request), request) for attached, request in
                    ((attached, topic_request(trail, _target(attached), management)) for attached in once)]
        denials = [(attached, verdict, request) for attached, verdict, request in verdicts
                   if verdict.decision is Decision.DENIED]
        if denials:
            attached, verdict, request = denials[0]
            shown = trail.sns_topic if isinstance(trail.sns_topic, str) else _target(attached)
            at = verdict.at or attached.policy.origin.at
            if not kept_decides([denied.policy for denied, _, _ in denials], policies):
                yield problem(trail, f"topic policy of {shown!r} blocks notifications of trail {trail.label!r}: "
                                     f"{verdict.reason}", at, attached.origin.resource, request.action)
            else:
                pending.open.add(trail, f"topic policy of {shown!r}", f"may not let CloudTrail call {request.action} "
                                 f"on {request.shown}: {kept_one('topic', policies, attached.policy, verdict.reason)}",
                                 at, attached.origin.resource, request.action)
            continue
        for attached, verdict, request in verdicts:
            shown = trail.sns_topic if isinstance(trail.sns_topic, str) else _target(attached)
            if verdict.decision is Decision.UNKNOWN and not reported(inventory, verdict.open):
                said = region_left_open(inventory, trail, verdict.partition, unknown_at)
                if said is not None:
                    yield said
                    continue
                # a check the inputs cannot settle: one TL002 per topic policy statement and reason
                pending.open.add(trail, f"topic policy of {shown!r}", f"may not let CloudTrail call {request.action} "
                                 f"on {request.shown}: {verdict.reason}", verdict.at or attached.policy.origin.at,
                                 attached.origin.resource, request.action)
    # Each topic not in the inputs, created without a policy (one finding for its trails) or open: said once.
    yield from pending_problems(inventory, pending)


def _target(attached: ResourcePolicy) -> str:
    return attached.target if isinstance(attached.target, str) else ""


RULE = Rule(id="TL208", name="sns-policy-blocks-delivery", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
