"""The requests CloudTrail makes to deliver a trail's files and notifications (to its topic, its key,
its CloudWatch Logs role and log group), and the trail as they present it: its ARN and account, as
far as the inputs know them (``as_text``), and the condition keys every request carries (``context``).
A log bucket's requests are ``delivery_bucket_requests``.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field

from trail_lint.delivery_match import ANYTHING, SEGMENT
from trail_lint.model import ACCOUNT_CHARS, CLOUDTRAIL_PRINCIPAL, UNKNOWN, Hole, Text, Trail, Unknown
from trail_lint.records import record
from trail_lint.scope.arns import account_from_arn, is_log_group_arn
from trail_lint.scope.trail_scope import bound_holes, scope_of, trail_partition

SERVICE = CLOUDTRAIL_PRINCIPAL
# kms:DescribeKey takes no encryption context (https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html),
# and kms:EncryptionContext:… / kms:EncryptionContextKeys exist only in requests that take one
# (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context)
_ENCRYPTION_CONTEXT = "kms:encryptioncontext"


@record
class Request:
    """One call CloudTrail makes: action, resource and the condition keys it carries."""

    action: str
    resource: Text
    shown: str                                  # the resource as messages print it
    context: Mapping[str, Text] = field(default_factory=dict)   # lower-case keys
    # The one Region CloudTrail sends this request from, whose own account (delivery_accounts)
    # an old policy may name: a single-Region trail's home Region; None when that does not decide
    # (a multi-Region trail delivers from Regions that have no such account; KMS never took one).
    region: str | None | Unknown = None
    # beginnings of condition keys the request never carries (kms:DescribeKey takes no encryption
    # context, so kms:EncryptionContext:… and kms:EncryptionContextKeys are absent from it)
    absent: tuple[str, ...] = ()
    # Named holes whose text the run knows (bound): the trail's account, Region or partition that
    # its reader holds as its deployment's, since given (--account, config `accounts`, --region).
    bound: Mapping[str, str] = field(default_factory=dict)
    # The condition keys that name the trail as they would if another account owned it
    # (``owned_elsewhere``): the request is blocked only if it is blocked either way.
    elsewhere: Mapping[str, Text] = field(default_factory=dict)
    # The resource with a stand-in for the trail's account where the inputs do not know it, the
    # resource holds it (AWSLogs/<account>/) and all the rest of it is known: a Resource written as
    # text alone is then open only for want of the account, which the run can be given
    # (delivery._ACCOUNT_OPEN). None otherwise.
    any_account: Text | None = None
    # Condition keys whose value no page gives, with each value the pages leave (None: the key is
    # absent): a condition on such a key is decided only where every value decides it alike.
    either: Mapping[str, tuple[Text | None, ...]] = field(default_factory=dict)


# --- The trail as CloudTrail presents itself ----------------------------------------------

def as_text(value: object, trail: Trail | None = None, field: str = "") -> Text:
    """A value of the trail: its text, else what the reader knows it by (named holes), else a hole."""
    if isinstance(value, str) and value:
        return (value,)
    return trail.holes.get(field, (SEGMENT,)) if trail is not None else (SEGMENT,)


def partition_text(trail: Trail) -> Text:
    return as_text(trail_partition(trail), trail, "partition")


def _home(trail: Trail, field: str) -> Text:
    """The trail's Region or account: also those of a topic or key of its own stack or module."""
    return as_text(getattr(trail, field), trail, field)


def _is_arn(value: Text | None) -> bool:
    first = value[0] if value else None
    return isinstance(first, str) and first.startswith("arn:")


def _held_name(trail: Trail, field: str) -> Text | None:
    """The trail's topic or key as its reader knows it, when that is an ARN, or a name (an ID) that
    cannot be an ARN (no part of it may be any text, as a parameter may)."""
    held = trail.holes.get(field) if not isinstance(getattr(trail, field), str) else None
    if held is None or _is_arn(held):
        return held
    return None if any(isinstance(part, Hole) and part.anything for part in held) else held


def _unnamed_arn(trail: Trail, field: str, service: str, separator: str, name: Text) -> Text:
    """The ARN of the trail's topic or key (``field``) when the inputs do not give it as an ARN: what
    its reader holds (an ARN with named holes, or a name in the trail's own Region and account),
    else any ARN of ``service`` in the trail's partition that ends in ``name``."""
    held = _held_name(trail, field)
    if held and _is_arn(held):
        return held
    given = getattr(trail, field)
    if not held and isinstance(given, str) and given and not given.startswith("arn:") and name == (given,):
        # a name written out, not an ARN (Terraform's `sns_topic_name = aws_sns_topic.x.name`): the topic
        # of that name in the trail's own Region and account, as a held name is; another account's or
        # Region's topic is given by its ARN (aws_cloudtrail `sns_topic_name`, cloudtrail-facts.md)
        held = name
    if held:
        return ("arn:", *partition_text(trail), f":{service}:", *_home(trail, "region"), ":", *_home(trail, "account"),
                separator, *held)
    return ("arn:", *partition_text(trail), f":{service}:", SEGMENT, ":", SEGMENT, separator, *name)


def trail_arn(trail: Trail) -> Text:
    if isinstance(trail.arn, str) and trail.arn:
        return (trail.arn,)
    return _arn_in(trail, as_text(trail.account, trail, "account"))


def _arn_in(trail: Trail, account: Text) -> Text:
    return ("arn:", *partition_text(trail), ":cloudtrail:", *as_text(trail.region, trail, "region"), ":", *account,
            ":trail/", *as_text(trail.name, trail, "name"))


# "The management account remains the owner of any CloudTrail organization resources the delegated
# administrator creates" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html):
# an organization trail that a template or configuration deploys may belong to another account
# than the deploying one, and CloudTrail's requests then name that account's trail.
DELEGATED = "unless the account that deploys the organization trail is a CloudTrail delegated administrator: " \
            "the management account owns the trail, and CloudTrail's requests name its ARN and account"


def owned_elsewhere(trail: Trail, management: frozenset[str]) -> dict[str, Text]:
    """The condition keys naming an organization trail known by its deployment (not by its ARN) as
    they would if another account owned it (``DELEGATED``); none for any other trail, or for one a
    management account deploys."""
    if trail.organization is not True or (isinstance(trail.arn, str) and trail.arn) or trail.account in management \
            or scope_of(trail).account in management:
        return {}
    owner: Text = (Hole(chars=ACCOUNT_CHARS),)     # some account of the organization: an account ID
    arn = _arn_in(trail, owner)
    return {"aws:sourcearn": arn, "aws:sourceaccount": owner, "kms:encryptioncontext:aws:cloudtrail:arn": arn}


def context(trail: Trail, **extra: Text) -> dict[str, Text]:
    return {"aws:sourcearn": trail_arn(trail), "aws:sourceaccount": as_text(trail.account, trail, "account"),
            "aws:securetransport": ("true",), "aws:principalisawsservice": ("true",),
            "aws:principalservicename": (SERVICE,), **{k.lower(): v for k, v in extra.items()}}


def delivering_region(trail: Trail) -> str | None | Unknown:
    """The one Region CloudTrail delivers the trail's files from: None for a multi-Region trail."""
    if trail.multi_region is True:
        return None
    if trail.multi_region is False and isinstance(trail.region, str):
        return trail.region
    return UNKNOWN


def topic_request(trail: Trail, target: str, management: frozenset[str] = frozenset()) -> Request:
    topic = target if target.startswith("arn:") else trail.sns_topic if isinstance(trail.sns_topic, str) \
        and trail.sns_topic.startswith("arn:") else None
    name = trail.sns_topic if isinstance(trail.sns_topic, str) else "the topic"
    resource: Text = (topic,) if topic else _unnamed_arn(trail, "sns_topic", "sns", ":", as_text(trail.sns_topic))
    return Request("SNS:Publish", resource, topic or name, context(trail), delivering_region(trail),
                   bound=bound_holes(trail), elsewhere=owned_elsewhere(trail, management))


def key_requests(trail: Trail, target: str, management: frozenset[str] = frozenset()) -> tuple[Request, Request]:
    """kms:GenerateDataKey with the trail's encryption context, and kms:DescribeKey: the key policy
    page requires both ("Granting encrypt permissions", "Enable CloudTrail to describe KMS key
    properties", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html)."""
    key = target if target.startswith("arn:") else trail.kms_key_id if isinstance(trail.kms_key_id, str) \
        and trail.kms_key_id.startswith("arn:") and ":key/" in trail.kms_key_id else None
    resource: Text = (key,) if key else _unnamed_arn(trail, "kms_key_id", "kms", ":key/", (SEGMENT,))
    return (Request("kms:GenerateDataKey", resource, key or "the key",
                    context(trail, **{"kms:EncryptionContext:aws:cloudtrail:arn": trail_arn(trail)}),
                    bound=bound_holes(trail), elsewhere=owned_elsewhere(trail, management)),
            Request("kms:DescribeKey", resource, key or "the key", context(trail), absent=(_ENCRYPTION_CONTEXT,),
                    bound=bound_holes(trail), elsewhere=owned_elsewhere(trail, management)))


def aws_managed_key(key: object) -> bool:
    """An AWS managed KMS key, named by its alias: `alias/aws/` is reserved for them. Its key policy
    cannot be changed, and resource control policies do not apply to it.
    https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html"""
    return isinstance(key, str) and (key.startswith("alias/aws/") or ":alias/aws/" in key)


def topic_key_requests(trail: Trail, key: str) -> tuple[Request, Request]:
    """kms:GenerateDataKey and kms:Decrypt on the key of the trail's encrypted SNS topic, which
    CloudTrail needs to publish to it ("To use an AWS KMS-encrypted Amazon SNS topic ...",
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html).
    No page says which condition keys these requests carry (Amazon SNS makes them for CloudTrail),
    so they are given none but the service principal's own: a key policy that conditions them is
    not decided offline."""
    resource: Text = (key,) if key.startswith("arn:") and ":key/" in key else \
        ("arn:", *partition_text(trail), ":kms:", SEGMENT, ":", SEGMENT, ":key/", SEGMENT)
    shown = key or "the key"
    said = {"aws:principalisawsservice": ("true",), "aws:principalservicename": (SERVICE,)}
    return (Request("kms:GenerateDataKey", resource, shown, said),
            Request("kms:Decrypt", resource, shown, said))


def assume_request(role: str) -> Request:
    """sts:AssumeRole on a trail's CloudWatch Logs role, which CloudTrail calls as the service
    principal. The role policy page says confused deputy conditions (aws:SourceArn,
    aws:SourceAccount) do not apply to this role, so the request is not given them: a trust policy
    that uses them is not decided offline."""
    return Request("sts:AssumeRole", (role,), "the role",
                   {"aws:principalisawsservice": ("true",), "aws:principalservicename": (SERVICE,)})


def log_requests(stream: Text, shown: str, role: object, bound: Mapping[str, str]) -> tuple[Request, Request]:
    """logs:CreateLogStream and logs:PutLogEvents on a trail's log stream, which CloudTrail calls
    with the session of the trail's CloudWatch Logs role (``role``, as the trail names it): an IAM
    role of an account of the organization, not a service principal, so aws:PrincipalOrgID and
    aws:PrincipalOrgPaths are present, with values the inputs do not hold (the organization ID).
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"""
    said: dict[str, Text] = {"aws:principalisawsservice": ("false",), "aws:principalorgid": ("o-", SEGMENT),
                             "aws:principalorgpaths": ("o-", ANYTHING)}
    account = account_from_arn(role)
    if account is not None and isinstance(role, str):
        said["aws:principalarn"], said["aws:principalaccount"] = (role,), (account,)
    return (Request("logs:CreateLogStream", stream, shown, said, bound=bound),
            Request("logs:PutLogEvents", stream, shown, said, bound=bound))


def log_stream(trail: Trail, group_name: str | None, account: str | None = None) -> Text | None:
    """The ARN of the log stream CloudTrail writes the trail's events to, ACCOUNT_CloudTrail_REGION
    in its log group (named by its ARN, else ``group_name`` when the inputs name it, else as its
    reader holds it), with holes where the account, Region or log group are known by name only;
    ``account`` is the run's, for a trail whose input does not say its own. None for a trail without
    a log group, or with an ARN that names none.
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html"""
    group = trail.cloudwatch_logs_group_arn
    if group is None or isinstance(group, str) and not is_log_group_arn(group):
        return None
    owner = _home(trail, "account") if trail.account is not None or account is None else (account,)
    region = _home(trail, "region")
    held = trail.holes.get("cloudwatch_logs_group_arn") if not isinstance(group, str) else None
    if isinstance(group, str):
        base: Text = (group.removesuffix(":*"),)
    elif group_name is None and held:   # a policy that names the same log group holds the same holes
        last = held[-1]
        base = (*held[:-1], last.removesuffix(":*")) if isinstance(last, str) else held
    else:
        base = ("arn:", *partition_text(trail), ":logs:", *region, ":", *owner, ":log-group:",
                *((group_name,) if group_name is not None else (ANYTHING,)))
    return (*base, ":log-stream:", *owner, "_CloudTrail_", *region)


def member_log_streams(stream: Text, organization: Text | None = None) -> Text:
    """The log streams an organization trail writes its member accounts' events to, ``o-ORGID_*``, in
    the log group of ``stream`` (``log_stream``'s): the role policy page's statement for organization
    trails. ``organization``: the trail's organization ID where the inputs give it (Trail.holes), else
    any organization's.
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html"""
    cut = len(stream) - 1 - stream[::-1].index(":log-stream:")
    return (*stream[:cut], ":log-stream:", *(organization or ("o-", SEGMENT)), "_", ANYTHING)
