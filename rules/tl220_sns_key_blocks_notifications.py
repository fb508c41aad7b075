"""The KMS key that encrypts the trail's SNS topic does not let CloudTrail publish the trail's notifications.

## Why it matters
A topic with server-side encryption (`KmsMasterKeyId`, `kms_master_key_id`) takes a message
only from a publisher that may use the topic's KMS key. CloudTrail's topic policy page says
that to send notifications to an AWS KMS-encrypted topic, the key's policy must also allow the
service principal `cloudtrail.amazonaws.com` `kms:GenerateDataKey*` and `kms:Decrypt`; the
Amazon SNS guide gives the same statement for every AWS service that publishes to an encrypted
topic, and has it added to a customer managed key. Without it CloudTrail cannot publish, and
whoever relies on the notifications (log forwarders, SIEM ingestion) stops receiving them,
however right the topic policy is.

The AWS managed key for Amazon SNS (`alias/aws/sns`) cannot be used: only a customer managed
key's policy can be changed (the AWS KMS guide, "Change a key policy"), so an AWS managed key can
never be given that statement (the AWS End User Messaging guide says so of this very key). A
topic encrypted with it is reported at its `KmsMasterKeyId`.

The key must also be in the topic's Region: CreateTrail and UpdateTrail fail with
`KmsKeyNotFoundException` "when the KMS key associated with the Amazon SNS topic either does not
exist or is not in the same Region". Where the inputs give both the topic and its key as ARNs,
their Regions are compared.

This is not TL208 (the topic policy) or TL209 (the key that encrypts the trail's log files):
the policy to fix is a third one, the key policy of the topic's key, and CloudTrail's request to
it carries no encryption context of the trail. It is checked with the same evaluator as theirs:
trail-lint reports only what is certain from the inputs, and decides what is certain despite
unknown parts (an unconditional Deny blocks; an Allow that covers the request lets it through
unless a statement that may be a Deny may apply). No page says which condition keys these
requests carry (Amazon SNS makes them for CloudTrail), so a statement that grants them only under
a condition (`aws:SourceArn`, `aws:SourceAccount`, an encryption context) is not decided offline.

A trail that gives by name a topic of the inputs in another Region names the topic of that name in
its own Region instead (TL208 says so): that topic's key is not judged.

Each topic and key policy is said once, naming the first trail and how many others share it.
What the inputs cannot settle is one TL002 naming TL220: a topic the trail names that the inputs
do not create (said with TL208's, as one TL002), a key known only at deployment, a key the inputs
only refer to (an ARN, an alias, a data source) with no key policy for it, or a key policy
statement with a part not known offline. The key keeps one key policy, as TL209 reads it: an
`aws_kms_key`'s `policy` beside an `aws_kms_key_policy` for it, of which one blocks these requests
and another does not, is one TL002 naming them; where every one blocks them, it is the finding.
A key the inputs create without a key policy keeps the default one, which grants nothing to
`cloudtrail.amazonaws.com`: that is a finding at the key.
A trail whose topic is a value no topic can have (a name with spaces or dots) is TL218's alone:
there is no topic whose key could be asked about.

A resource control policy (RCP) of AWS Organizations limits what any principal, AWS service
principals included, may do with the customer managed keys of the member accounts it is attached
over, whatever the key policy allows: an RCP whose Deny matches these requests is one finding per
RCP statement and key, at the statement, naming the RCP and the trails. RCPs do not apply to keys of the management account
(nor to AWS managed keys, reported above). An RCP that may match (a condition on `aws:SourceArn`
or `aws:SourceAccount`, which no page says these requests carry), or whose reach of the key's
account the inputs do not settle (a key not named by ARN), is one TL002 per RCP statement, naming
TL220. (Amazon SNS is not among the services the RCP pages list: the topic policy, TL208, is not
checked against RCPs.)

## Fix
Encrypt the topic with a customer managed key, and add to that key's policy a statement
`Effect: Allow`, `Principal: {Service: cloudtrail.amazonaws.com}`,
`Action: [kms:GenerateDataKey*, kms:Decrypt]`, `Resource: "*"`.
CloudFormation: set the `AWS::SNS::Topic`'s `KmsMasterKeyId: !Ref TopicKey` and add the
statement to the `KeyPolicy` of the `AWS::KMS::Key`.
Terraform: set `kms_master_key_id = aws_kms_key.topic.arn` on the `aws_sns_topic`, and add the
statement to the `policy` of the `aws_kms_key` (or an `aws_kms_key_policy`).
A key of another Region: use a key of the topic's Region.
CLI: `aws kms put-key-policy --key-id KEY --policy-name default --policy file://key-policy.json`,
then `aws sns set-topic-attributes --topic-arn ARN --attribute-name KmsMasterKeyId --attribute-value KEY`.
An RCP that blocks these requests: exempt AWS service principals (`aws:PrincipalIsAWSService`) in its
`kms:` Deny (`AWS::Organizations::Policy`, `aws_organizations_policy` with
`type = "RESOURCE_CONTROL_POLICY"`, `aws organizations update-policy`).

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
- https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying.html
- https://docs.aws.amazon.com/sms-voice/latest/userguide/configuration-sets-sns-creating-role.html
- https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic
- https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html
"""
from collections.abc import Iterator

from trail_lint.delivery import Verdict, evaluate
from trail_lint.delivery_links import (
    created_without_policy,
    named_elsewhere,
    names_no_topic,
    policies_of_key,
    trail_topics,
    untargeted,
)
from trail_lint.delivery_pending import missing_targets, target_key
from trail_lint.delivery_problems import kept_decides, kept_one, reported, shared_problem, undecided, unsaid, written
from trail_lint.delivery_rcp import deployed_with, key_account, rcp_organization, rcp_problems
from trail_lint.delivery_requests import Request, aws_managed_key, topic_key_requests
from trail_lint.iam.evaluator import Decision
from trail_lint.model import At, Inventory, Problem, ResourcePolicy, Topic, Trail
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import region_from_arn

WHAT = "publish notifications"


def check(inventory: Inventory) -> Iterator[Problem]:
    missing: dict[str | int, list[Trail]] = {}
    topics: dict[int, tuple[Topic, list[Trail]]] = {}
    for trail, topic in trail_topics(inventory):
        if named_elsewhere(trail, topic) is not None:
            continue        # the trail's name names another topic than this one, of its own Region: TL208 says so
        if topic is not None:
            topics.setdefault(id(topic), (topic, []))[1].append(trail)
        elif not reported(inventory, (trail.origin.of("sns_topic"),)) and not names_no_topic(trail):
            missing.setdefault(target_key(trail, trail.sns_topic), []).append(trail)
    yield from missing_targets(inventory, missing, "SNS topic", "sns_topic")
    rcp_org = rcp_organization(inventory)      # None: no RCP that may deny anything
    rcps: list[tuple[Trail, str, str | None, tuple[Request, ...]]] = []    # the requests RCPs may block
    for topic, trails in topics.values():
        if topic.kms_key is not None:
            yield from _check_key(inventory, topic, trails)
            if rcp_org is not None and not aws_managed_key(topic.kms_key):
                rcps.extend(_rcp_checks(inventory, topic, trails))
    # Resource control policies over the key's account limit the requests whatever the key policy says.
    yield from rcp_problems(inventory, rcp_org, rcps)


def _rcp_checks(inventory: Inventory, topic: Topic, trails: list[Trail]
                ) -> Iterator[tuple[Trail, str, str | None, tuple[Request, ...]]]:
    """Each trail's requests to the topic's key, in the key's account (its ARN's, else the trail's when
    the trail's CloudFormation stack or Terraform provider configuration holds the key's policy)."""
    found = policies_of_key(inventory, topic.kms_key, topic.kms_key_ref, topic.origin)
    target = next((p.target for p in found if isinstance(p.target, str)), "")
    key = topic.kms_key if isinstance(topic.kms_key, str) and topic.kms_key.startswith("arn:") else target
    shown = f"KMS key {topic.kms_key if isinstance(topic.kms_key, str) else target or '<key>'!r} of SNS topic " \
            f"{topic.name!r}"
    for trail in trails:
        same_stack = any(deployed_with(trail, p.origin, p.deployment) for p in found)
        account = key_account((topic.kms_key, target), trail.account if same_stack and
                              isinstance(trail.account, str) else None)
        yield trail, shown, account, topic_key_requests(trail, key)


def _check_key(inventory: Inventory, topic: Topic, trails: list[Trail]) -> Iterator[Problem]:
    key, at, resource = topic.kms_key, topic.origin.of("kms_key"), topic.origin.resource
    subject = f"SNS topic {topic.name!r}"
    if aws_managed_key(key):
        yield shared_problem(trails, subject, f"is encrypted with the AWS managed key {key!r}, whose key policy "
                             f"cannot be changed to let CloudTrail {WHAT}", at, resource, "aws-managed-key")
        return
    topic_region, key_region = region_from_arn(topic.name, "sns") or region_from_arn(trails[0].sns_topic, "sns"), \
        region_from_arn(key, "kms")
    if topic_region and key_region and topic_region != key_region:
        yield shared_problem(trails, subject, f"is encrypted with KMS key {key!r} of {key_region}, not of the "
                             f"topic's Region {topic_region}", at, resource, "key-region")
        return
    found = policies_of_key(inventory, key, topic.kms_key_ref, topic.origin)
    if not found:
        if not untargeted(inventory, "kms") and not reported(inventory, (at,)):
            said = "is not in the inputs" if isinstance(key, str) else "is not known offline"
            yield undecided(trails, f"KMS key{f' {key!r}' if isinstance(key, str) else ''} of {subject}", said,
                            at, resource, "key-not-known")
        return
    created = created_without_policy(inventory, found)
    if created is not None:
        yield shared_problem(trails, subject, f"is encrypted with KMS key {_shown(key, created)!r}, which has the "
                             f"default key policy: it does not let CloudTrail {WHAT}", created.origin.at,
                             created.origin.resource, "default-key-policy")
        return
    # A key keeps one policy: its verdict where every policy written for it agrees, else one TL002 (kept_one).
    once = written(p for p in found if not p.default)
    policies = [attached.policy for attached in once]
    outcomes = [(attached, *_outcome(topic, trails, attached)) for attached in once]
    denials = [(attached, denied) for attached, denied, _ in outcomes if denied is not None]
    if denials:
        attached, (verdict, request) = denials[0]
        shown = _shown(key, attached)
        at = verdict.at or attached.policy.origin.at
        if not kept_decides([denied.policy for denied, _ in denials], policies):
            # one finding, the first request it fails
            yield shared_problem(trails, subject, f"is encrypted with KMS key {shown!r}, whose key policy does not let "
                                 f"CloudTrail {WHAT}: {verdict.reason}", at, attached.origin.resource, request.action)
        else:
            yield undecided(trails, f"key policy of KMS key {shown!r} of {subject}",
                            f"may not let CloudTrail call {request.action} on {request.shown}: "
                            f"{kept_one('key', policies, attached.policy, verdict.reason)}", at,
                            attached.origin.resource, request.action)
        return
    for attached, _, open_here in outcomes:
        first = unsaid(inventory, open_here)
        if first is not None:
            verdict, request = first
            yield undecided(trails, f"key policy of KMS key {_shown(key, attached)!r} of {subject}",
                            f"may not let CloudTrail call {request.action} on {request.shown}: {verdict.reason}",
                            verdict.at or attached.policy.origin.at, attached.origin.resource, request.action)


def _shown(key: object, attached: ResourcePolicy) -> str:
    return key if isinstance(key, str) else attached.target if isinstance(attached.target, str) else "the key"


def _outcome(topic: Topic, trails: list[Trail], attached: ResourcePolicy
             ) -> tuple[tuple[Verdict, Request] | None, list[tuple[tuple[Verdict, Request], tuple[At, ...]]]]:
    """What one key policy does to the requests for the topic: the first it denies, else those it
    leaves open, each with the statements that leave it so."""
    target = attached.target if isinstance(attached.target, str) else ""
    key = topic.kms_key if isinstance(topic.kms_key, str) and topic.kms_key.startswith("arn:") else target
    open_here: list[tuple[tuple[Verdict, Request], tuple[At, ...]]] = []
    for request in topic_key_requests(trails[0], key):
        verdict = evaluate(attached.policy, request)
        if verdict.decision is Decision.DENIED:
            return (verdict, request), []
        if verdict.decision is Decision.UNKNOWN:
            open_here.append(((verdict, request), verdict.open))
    return None, open_here


RULE = Rule(id="TL220", name="sns-key-blocks-notifications", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
