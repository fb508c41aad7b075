"""Can a trail deliver? Its bucket, topic and key policies, read as CloudTrail's requests.

CloudTrail calls S3, SNS and KMS as the service principal ``cloudtrail.amazonaws.com``, with
``aws:SourceArn`` = the trail ARN and ``aws:SourceAccount`` = the trail's account
(cloudtrail-facts.md §3). A resource policy must allow each request, and no explicit Deny may
match it. Only what is certain is a verdict: an unknown statement, value or condition that could
change it gives UNKNOWN, with the statements it rests on, and the rules report it as one TL002
per policy (delivery_links.undecided).
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

What CloudTrail's requests to a log bucket carry, which is all this module gives them (``context``,
``bucket_requests``, ``_encryption``); a key not in the table is not known offline, and a condition
on it leaves the check open (TL002):

| condition key | s3:GetBucketAcl, s3:PutObject | page |
| --- | --- | --- |
| aws:SourceArn, aws:SourceAccount | the trail's ARN, its account | [S3], [KMS] |
| aws:SecureTransport | true (no page says it of CloudTrail in words; S3's best practices deny requests without TLS on every bucket) | [TLS] |
| aws:PrincipalIsAWSService, aws:PrincipalServiceName | true, cloudtrail.amazonaws.com | [KEYS] |
| aws:PrincipalOrgID, aws:PrincipalOrgPaths | absent: a service principal belongs to no organization | [KEYS] |
| aws:SourceVpc, aws:SourceVpce | absent: CloudTrail does not deliver through a VPC endpoint | [KEYS] |
| aws:SourceIp | not known offline | [KEYS] |
| s3:x-amz-acl (PutObject) | bucket-owner-full-control, which the documented policy requires | [S3] |
| s3:x-amz-server-side-encryption (PutObject) | a trail with a KMS key, its log files: aws:kms; a trail without one, every file: absent or AES256 (the pages say the files are SSE-S3, not whether the header asks for it); the digest files of a trail with a KMS key: either of those (the pages disagree whether the key encrypts them) | [ENC], [HOW], [KP], [SSE] |
| s3:x-amz-server-side-encryption-aws-kms-key-id (PutObject) | a trail with a KMS key, its log files: present (SSE-KMS with a key of one's own needs it), naming the trail's key in a form no page gives (key ARN, key ID or alias): a policy that names another key by its ARN excludes it, one that names the trail's key is not decided; a trail without a KMS key: absent; the digest files of a trail with one: either | [ENC], [PUT] |

A trail's KMS key not known offline leaves both encryption keys not known. The Insights files of a
trail with a KMS key, which no page places on either side, and the files of folders not known, are
read as its digest files are: either. A condition on a key whose value is left among several is
decided only where each value decides it alike (``Request.either``).

- [S3] https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
- [KMS] https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
- [KP] the same page: the key policy "must allow CloudTrail to use the key to encrypt your log files,
  digest files, and event data stores"
- [ENC] https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
  ("If you don't enable SSE-KMS encryption, your logs are encrypted using SSE-S3 encryption";
  "Enabling server-side encryption encrypts the log files but not the digest files with SSE-KMS.
  Digest files are encrypted with Amazon S3-managed encryption keys (SSE-S3).")
- [HOW] https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html
  (log file encryption builds on S3's SSE-KMS)
- [SSE] https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
- [PUT] https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (with
  x-amz-server-side-encryption aws:kms and no x-amz-server-side-encryption-aws-kms-key-id, S3 uses
  the AWS managed key aws/s3; the header takes a key ID, key ARN or alias)
- [TLS] https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
- [KEYS] https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import field

from trail_lint.delivery_accounts import may_name_accounts, named_regions

# Where a trail's bucket, topic, key and policies are: the rules import these from here.
from trail_lint.delivery_links import (  # noqa: F401
    OpenChecks,
    Pending,
    Target,
    bucket_name,
    bucket_policies,
    bucket_policy_not_known,
    bucket_problem,
    created_without_policy,
    if_created,
    key_policies,
    log_bucket,
    log_buckets,
    maybe_untargeted,
    missing_targets,
    named_elsewhere,
    pending_problems,
    policies_of_key,
    policies_to_check,
    problem,
    public_access,
    reported,
    shared_problem,
    target_key,
    topic_policies,
    trail_topics,
    undecided,
    unknown_setting,
    unsaid,
    untargeted,
)
from trail_lint.delivery_match import ANYTHING, SEGMENT, filled, matches, text
from trail_lint.iam.conditions import arn_condition, arn_like, on_one_value, value_text
from trail_lint.iam.conditions import condition_holds as settle_condition
from trail_lint.iam.evaluator import (
    Decision,
    ResourceTest,
    action_applies,
    arn_matches,
    held_resource_applies,
    resource_rejected,
    trust_refused,
    trust_rejected,
)
from trail_lint.model import (
    ACCOUNT_CHARS,
    CLOUDTRAIL_PRINCIPAL,
    UNKNOWN,
    At,
    Condition,
    Hole,
    Inventory,
    Policy,
    Principals,
    Problem,
    Statement,
    Text,
    Trail,
    Tri,
    Unknown,
    all_of,
    any_of,
    statement_name,
)
from trail_lint.problems import few, home_region_unknown, undecided_setting
from trail_lint.records import record, replace
from trail_lint.scope.arns import account_from_arn, is_log_group_arn
from trail_lint.scope.names import always_enabled
from trail_lint.scope.trail_scope import bound_holes, scope_of, trail_partition

SERVICE = CLOUDTRAIL_PRINCIPAL
# Keys a request by a service principal never carries, so conditions on them are decidable:
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
# (aws:PrincipalOrgID/Paths are absent for service principals; aws:SourceVpc/Vpce are present
# only for requests through a VPC endpoint, which CloudTrail's delivery is not).
ABSENT_KEYS = frozenset({"aws:principalorgid", "aws:principalorgpaths", "aws:sourcevpc", "aws:sourcevpce"})
# kms:DescribeKey takes no encryption context (https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html),
# and kms:EncryptionContext:… / kms:EncryptionContextKeys exist only in requests that take one
# (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context)
_ENCRYPTION_CONTEXT = "kms:encryptioncontext"
_NEGATED = ("StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike")
_ARN_OPERATORS = ("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike")


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
    # The condition keys that name the trail as they would if another account owned it (``_owned``):
    # the request is blocked only if it is blocked either way.
    elsewhere: Mapping[str, Text] = field(default_factory=dict)
    # The resource with a stand-in for the trail's account where the inputs do not know it, the
    # resource holds it (AWSLogs/<account>/) and all the rest of it is known: a Resource written as
    # text alone is then open only for want of the account, which the run can be given
    # (_ACCOUNT_OPEN). None otherwise.
    any_account: Text | None = None
    # Condition keys whose value no page gives, with each value the pages leave (None: the key is
    # absent): a condition on such a key is decided only where every value decides it alike.
    either: Mapping[str, tuple[Text | None, ...]] = field(default_factory=dict)


@record
class Verdict:
    decision: Decision          # ALLOWED, DENIED (blocked) or UNKNOWN
    reason: str = ""            # why it is blocked (or, UNKNOWN, what leaves it open), for the message
    at: At | None = None        # the statement it rests on, if one
    open: tuple[At, ...] = ()   # UNKNOWN: every statement that leaves it open
    # UNKNOWN only because the trail's partition is not known, its home Region not being (_PARTITION_OPEN)
    partition: bool = False


def region_left_open(inventory: Inventory, trail: Trail, partition: bool, places: Mapping[At, At]) -> Problem | None:
    """A check that only the trail's partition leaves open (``partition``: Verdict.partition; its home
    Region is not known), said in
    the TL002 that says the home Region is not known, which then names the rule: one unknown said
    once. That TL002 is the run's, for a Region nothing says (``places``:
    scope.region_unknown_places), or a reader's, for a Region written with a value not known offline
    (a variable without a value). None for any other check, or a trail no such TL002 names."""
    if not partition:
        return None
    said = home_region_unknown(trail, places)
    if said is None and isinstance(trail.region, Unknown):
        at = trail.origin.of("region")
        if any(unknown.at == at for unknown in inventory.unknowns):
            said = undecided_setting(trail, "region", "the home Region")
    return said


# --- The trail as CloudTrail presents itself ----------------------------------------------

def _known(value: object, trail: Trail | None = None, field: str = "") -> Text:
    """A value of the trail: its text, else what the reader knows it by (named holes), else a hole."""
    if isinstance(value, str) and value:
        return (value,)
    return trail.holes.get(field, (SEGMENT,)) if trail is not None else (SEGMENT,)


def _partition(trail: Trail) -> Text:
    return _known(trail_partition(trail), trail, "partition")


def _home(trail: Trail, field: str) -> Text:
    """The trail's Region or account: also those of a topic or key of its own stack or module."""
    return _known(getattr(trail, field), trail, field)


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
        return ("arn:", *_partition(trail), f":{service}:", *_home(trail, "region"), ":", *_home(trail, "account"),
                separator, *held)
    return ("arn:", *_partition(trail), f":{service}:", SEGMENT, ":", SEGMENT, separator, *name)


def trail_arn(trail: Trail) -> Text:
    if isinstance(trail.arn, str) and trail.arn:
        return (trail.arn,)
    return _arn_in(trail, _known(trail.account, trail, "account"))


def _arn_in(trail: Trail, account: Text) -> Text:
    return ("arn:", *_partition(trail), ":cloudtrail:", *_known(trail.region, trail, "region"), ":", *account,
            ":trail/", *_known(trail.name, trail, "name"))


# "The management account remains the owner of any CloudTrail organization resources the delegated
# administrator creates" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html):
# an organization trail that a template or configuration deploys may belong to another account
# than the deploying one, and CloudTrail's requests then name that account's trail.
DELEGATED = "unless the account that deploys the organization trail is a CloudTrail delegated administrator: " \
            "the management account owns the trail, and CloudTrail's requests name its ARN and account"


def _owned(trail: Trail, management: frozenset[str]) -> dict[str, Text]:
    """The condition keys naming an organization trail known by its deployment (not by its ARN) as
    they would if another account owned it (``DELEGATED``); none for any other trail, or for one a
    management account deploys."""
    if trail.organization is not True or (isinstance(trail.arn, str) and trail.arn) or trail.account in management \
            or scope_of(trail).account in management:
        return {}
    owner: Text = (Hole(chars=ACCOUNT_CHARS),)     # some account of the organization: an account ID
    arn = _arn_in(trail, owner)
    return {"aws:sourcearn": arn, "aws:sourceaccount": owner, "kms:encryptioncontext:aws:cloudtrail:arn": arn}


def _bind(statement: Statement, known: Mapping[str, str]) -> Statement:
    """The statement with the named holes ``known`` gives as their text."""
    holes = statement.holes
    if holes is None or not known:
        return statement
    return replace(statement, holes=replace(
        holes,
        resources=None if holes.resources is None else tuple(filled(p, known) for p in holes.resources),
        not_resources=None if holes.not_resources is None else tuple(filled(p, known) for p in holes.not_resources),
        conditions=None if holes.conditions is None else tuple(
            replace(c, values=tuple(filled(v, known) if isinstance(v, tuple) else v for v in c.values))
            for c in holes.conditions)))


def context(trail: Trail, **extra: Text) -> dict[str, Text]:
    return {"aws:sourcearn": trail_arn(trail), "aws:sourceaccount": _known(trail.account, trail, "account"),
            "aws:securetransport": ("true",), "aws:principalisawsservice": ("true",),
            "aws:principalservicename": (SERVICE,), **{k.lower(): v for k, v in extra.items()}}


def delivering_region(trail: Trail) -> str | None | Unknown:
    """The one Region CloudTrail delivers the trail's files from: None for a multi-Region trail."""
    if trail.multi_region is True:
        return None
    if trail.multi_region is False and isinstance(trail.region, str):
        return trail.region
    return UNKNOWN


# The S3 operation, and so the data event name, of every log and digest file CloudTrail delivers
# (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html).
DELIVERY_OPERATION = "PutObject"


def bucket_requests(trail: Trail, bucket: str | None, management: frozenset[str] = frozenset()) -> tuple[Request, ...]:
    """s3:GetBucketAcl on the bucket and s3:PutObject under [<prefix>/]AWSLogs/<account or org id>/."""
    arn: Text = ("arn:", *_partition(trail), ":s3:::", *_known(bucket, trail, "s3_bucket"))
    prefix = trail.s3_key_prefix
    folder: Text = () if prefix is None else (prefix, "/") if isinstance(prefix, str) else (ANYTHING, "/")
    # An organization trail writes under AWSLogs/<org id>/<account>/; the org id (o-…, Organizations API
    # `Organization.Id`) is not in the inputs, but Terraform knows it by what it is: the id of the
    # aws_organizations_organization of the trail's provider configuration (a named hole in .tf
    # sources, the ID itself where a plan or state holds it).
    owner: Text = _known(trail.account, trail, "account") if trail.organization is False else \
        (trail.holes.get("organization") or ("o-", SEGMENT)) if trail.organization is True else (SEGMENT,)
    known = [part for part in trail.holes.get("organization", ()) if isinstance(part, str)]
    owner_shown = ("".join(known) if known and len(known) == len(trail.holes["organization"]) else "<org-id>") \
        if trail.organization is True else \
        trail.account if isinstance(trail.account, str) and trail.organization is False else "<account-id>"
    bucket_shown = f"arn:{trail_partition(trail) or 'aws'}:s3:::{bucket or '<bucket>'}"
    prefix_shown = f"{prefix}/" if isinstance(prefix, str) else "<prefix>/" if prefix is UNKNOWN else ""
    acl = ("bucket-owner-full-control",)
    region = delivering_region(trail)
    under: Text = (*arn, "/", *folder, "AWSLogs/", *owner, "/")
    shown = f"{bucket_shown}/{prefix_shown}AWSLogs/{owner_shown}/"
    ends = _ends(trail, shown)
    # only where the rest of the resource is known text: then the account alone leaves it open
    stand_in = (*arn, "/", *folder, "AWSLogs/", _STAND_IN, "/") if trail.organization is False and \
        not isinstance(trail.account, str) and all(type(part) is str for part in (*arn, *folder)) else None
    return (
        Request("s3:GetBucketAcl", arn, bucket_shown, context(trail), region, bound=bound_holes(trail),
                elsewhere=_owned(trail, management)),
        *(Request(f"s3:{DELIVERY_OPERATION}", (*under, *end), where,
                  context(trail, **{"s3:x-amz-acl": acl}, **_encryption(trail, end)[0]),
                  region, bound=bound_holes(trail), elsewhere=_owned(trail, management),
                  any_account=None if stand_in is None else (*stand_in, *end),
                  either=_encryption(trail, end)[1]) for end, where in ends),
    )


_SSE = "s3:x-amz-server-side-encryption"
_SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id"


def _encryption(trail: Trail, end: Text) -> tuple[dict[str, Text], dict[str, tuple[Text | None, ...]]]:
    """The server-side encryption headers of CloudTrail's s3:PutObject of the files under ``end``
    (``_ends``), as the table of the module docstring says: those the request carries, and those
    whose value the pages leave open (``Request.either``). Neither for a KMS key not known offline."""
    key = trail.kms_key_id
    if key is None:
        # SSE-S3 for every file: the header asks for it (AES256) or the bucket's default gives it
        return {}, {_SSE: (None, ("AES256",)), _SSE_KEY: (None,)}
    first = end[0] if end else None
    log_files = isinstance(first, str) and first.startswith("CloudTrail/") or \
        first == SEGMENT and len(end) > 2 and isinstance(end[2], str) and end[2].startswith("CloudTrail/")  # a member's
    if not isinstance(key, str) or not key:
        return {}, {}
    # The key ID header names the trail's key by its ARN, its ID or an alias; which, no page says.
    names: tuple[Text, ...] = ((ANYTHING,),)
    if _KEY_ARN.fullmatch(key):
        names = ((key,), (key.rsplit("/", 1)[1],), ("alias/", ANYTHING), ("arn:", ANYTHING, ":alias/", ANYTHING))
    if not log_files:
        # digest files (SSE-S3 on one page, the trail's key on another), Insights files (no page), or
        # files of folders not known: any of the two
        return {}, {_SSE: (None, ("AES256",), ("aws:kms",)), _SSE_KEY: (None, *names)}
    # SSE-KMS with the trail's own key: aws:kms, and a key ID header, or S3 would use aws/s3 (PutObject)
    return {_SSE: ("aws:kms",)}, {_SSE_KEY: names}


_KEY_ARN = re.compile(r"arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+")


# An account id no policy names, in place of a trail's account the inputs do not know.
_STAND_IN = "000000000000"


# The folders that hold a Region level, AWSLogs/<account>/<folder>/<region>/: log files
# (get-and-view-cloudtrail-log-files.html) and digest files (digest-file-structure, "the region from
# which the digest file was delivered"). The Insights page names only the folder.
_REGIONAL = ("CloudTrail", "CloudTrail-Digest")


def _ends(trail: Trail, shown: str) -> list[tuple[Text, str]]:
    """What follows AWSLogs/<account>/ in the keys the trail writes, each with how it is shown. A
    single-Region trail writes in its home Region's folders alone; a multi-Region trail in those of
    every enabled Region, which the inputs do not list, but its home Region and the Regions every
    account has enabled are among them: each is a request of its own, which a policy that covers
    only some Regions certainly fails.
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html"""
    folders = _folders(trail)
    if folders is None:
        return [((ANYTHING,), f"{shown}*")]
    # Where the files go is known: each folder, its account's level first for an organization trail.
    account: Text = (SEGMENT, "/") if trail.organization is True else ()
    level = "<account-id>/" if account else ""
    home = delivering_region(trail)
    ends: list[tuple[Text, str]] = []
    for name in folders:
        where = f"{shown}*" if name == "CloudTrail" else f"{shown}{level}{name}/*"
        if name in _REGIONAL and isinstance(home, str):
            ends.append(((*account, f"{name}/{home}/", ANYTHING), where))
            continue
        ends.append(((*account, f"{name}/", *((SEGMENT, "/") if name in _REGIONAL else ()), ANYTHING), where))
        if name in _REGIONAL and home is None:
            recorded = dict.fromkeys((*((trail.region,) if isinstance(trail.region, str) else ()),
                                      *always_enabled(trail_partition(trail))))
            ends.extend(((*account, f"{name}/{region}/", ANYTHING), f"{shown}{level}{name}/{region}/*")
                        for region in recorded)
    return ends


def _folders(trail: Trail) -> tuple[str, ...] | None:
    """The folders under AWSLogs/<account>/ (an organization trail's AWSLogs/<org id>/<account>/) the
    trail writes to: CloudTrail/ its log files, CloudTrail-Digest/ the digest files of log file
    validation, CloudTrail-Insight/ its Insights events; None where the inputs do not tell which.
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html#cloudtrail-find-log-files
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-understanding.html"""
    if not isinstance(trail.organization, bool) or not isinstance(trail.log_file_validation, bool) \
            or not isinstance(trail.insights, tuple):
        return None
    return ("CloudTrail", *(("CloudTrail-Digest",) if trail.log_file_validation else ()),
            *(("CloudTrail-Insight",) if trail.insights else ()))


def topic_request(trail: Trail, target: str, management: frozenset[str] = frozenset()) -> Request:
    topic = target if target.startswith("arn:") else trail.sns_topic if isinstance(trail.sns_topic, str) \
        and trail.sns_topic.startswith("arn:") else None
    name = trail.sns_topic if isinstance(trail.sns_topic, str) else "the topic"
    resource: Text = (topic,) if topic else _unnamed_arn(trail, "sns_topic", "sns", ":", _known(trail.sns_topic))
    return Request("SNS:Publish", resource, topic or name, context(trail), delivering_region(trail),
                   bound=bound_holes(trail), elsewhere=_owned(trail, management))


def key_requests(trail: Trail, target: str, management: frozenset[str] = frozenset()) -> tuple[Request, Request]:
    """kms:GenerateDataKey with the trail's encryption context, and kms:DescribeKey: the key policy
    page requires both ("Granting encrypt permissions", "Enable CloudTrail to describe KMS key
    properties", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html)."""
    key = target if target.startswith("arn:") else trail.kms_key_id if isinstance(trail.kms_key_id, str) \
        and trail.kms_key_id.startswith("arn:") and ":key/" in trail.kms_key_id else None
    resource: Text = (key,) if key else _unnamed_arn(trail, "kms_key_id", "kms", ":key/", (SEGMENT,))
    return (Request("kms:GenerateDataKey", resource, key or "the key",
                    context(trail, **{"kms:EncryptionContext:aws:cloudtrail:arn": trail_arn(trail)}),
                    bound=bound_holes(trail), elsewhere=_owned(trail, management)),
            Request("kms:DescribeKey", resource, key or "the key", context(trail), absent=(_ENCRYPTION_CONTEXT,),
                    bound=bound_holes(trail), elsewhere=_owned(trail, management)))


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
        ("arn:", *_partition(trail), ":kms:", SEGMENT, ":", SEGMENT, ":key/", SEGMENT)
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


def evaluate_trust(policy: Policy, request: Request) -> Verdict:
    """A role's trust policy for the request: its statements name no Resource, and each applies to
    the role that holds it. One IAM rejects (a Resource or a NotPrincipal, besides what rejects a
    resource's own policy: iam.trust_rejected) lets no one assume the role."""
    if trust_rejected(policy):
        return _rejected(policy, request, "TL001" if trust_refused(policy) else "TL221")
    if isinstance(policy.statements, tuple):
        policy = replace(policy, statements=tuple(
            replace(s, resources=("*",)) if s.resources == () and s.not_resources is None else s
            for s in policy.statements))
    return evaluate(policy, request)


def evaluate(policy: Policy, request: Request) -> Verdict:
    """ALLOWED, BLOCKED (with the reason) or UNKNOWN (with the first statement that leaves it open)
    for CloudTrail's request. A request that may name its trail otherwise (``Request.elsewhere``) is
    blocked only if it is blocked either way."""
    verdict = _evaluate(policy, request)
    if verdict.decision is not Decision.DENIED or not request.elsewhere:
        return verdict
    other = _evaluate(policy, replace(request, elsewhere={}, context={
        **request.context, **{key: value for key, value in request.elsewhere.items() if key in request.context}}))
    if other.decision is Decision.DENIED:
        return verdict
    at = verdict.at or policy.origin.at
    return Verdict(Decision.UNKNOWN, f"{verdict.reason}, {DELEGATED}", at, (at,))


def _rejected(policy: Policy, request: Request, rule: str = "TL001") -> Verdict:
    """IAM rejects the document (a statement outside the grammar, or one naming no principal), so the
    resource has no policy: nothing grants CloudTrail's request and nothing blocks it (the engine
    reports the statement as TL001; ``rule``: TL221 for a trust policy's NotPrincipal)."""
    return Verdict(Decision.DENIED, f"IAM rejects the policy (reported as {rule}), so it does not exist and "
                                    f"does not allow {SERVICE} {request.action}", policy.origin.at)


def _evaluate(policy: Policy, request: Request) -> Verdict:
    if not isinstance(policy.statements, tuple):
        return Verdict(Decision.UNKNOWN, "its statements are not known", policy.origin.at, (policy.origin.at,))
    if resource_rejected(policy):
        return _rejected(policy, request)
    statements = policy.statements
    if request.bound:
        # the run's account, Region or partition, on both sides: a trail's topic or key held by its
        # reader with its deployment's named holes is the same text as the policy's
        statements = tuple(_bind(s, request.bound) for s in statements)
        request = replace(request, resource=filled(request.resource, request.bound),
                          context={key: filled(value, request.bound) for key, value in request.context.items()})
    allowed: Tri = False
    may_deny = False
    excluded: Verdict | None = None
    open_: dict[str, list[str]] = {}        # what is not known: the statements it leaves open
    opened: list[At] = []
    old_grant: Verdict | None = None        # an Allow that names CloudTrail's own accounts, which do not apply
    for index, statement in enumerate(statements):
        name = statement_name(statement.sid, index)
        at = statement.origin.at if statement.origin.file else policy.origin.at
        base = all_of((principal_applies(statement, request), action_applies(statement, request.action),
                       resource_applies(statement, request)))
        holds = conditions_hold(statement, request)
        applies = all_of((base, holds))
        if statement.effect is UNKNOWN:
            # An Allow or a Deny: it matters only where it may apply to the request.
            if applies is not False:
                allowed, may_deny = any_of((allowed, UNKNOWN)), True
                open_.setdefault("Effect not known", []).append(name)
                opened.append(at)
            continue
        if statement.effect == "Deny":
            if applies is True:
                return Verdict(Decision.DENIED, f"{name} denies {request.action}", at)
            # A Deny that may match (conditions on request facts trail-lint cannot see) may block:
            # not a certain verdict.
            if applies is UNKNOWN:
                may_deny = True
                open_.setdefault(_open(statement, request, holds), []).append(name)
                opened.append(at)
            continue
        allowed = any_of((allowed, applies))
        if old_grant is None and base is False:
            old_grant = _old_grant(statement, request, name, at) or _misnamed(statement, request, name, at)
        if applies is UNKNOWN:
            open_.setdefault(_open(statement, request, holds), []).append(name)
            opened.append(at)
        # The statement would grant the request but for its conditions (or its resource is not
        # known, which cannot make it grant): the failing condition is the reason to give.
        if base is not False and holds is False and excluded is None:
            keys = ", ".join(sorted({c.key for c in _failing(statement, request)}))
            excluded = Verdict(Decision.DENIED, f"the {keys} condition of {name} excludes it", at)
    if allowed is True and not may_deny:
        return Verdict(Decision.ALLOWED)
    if allowed is not False:
        return Verdict(Decision.UNKNOWN, "; ".join(f"{few(names)}: {said}" for said, names in open_.items()),
                       opened[0], tuple(opened), partition=list(open_) == [_PARTITION_OPEN])
    return excluded or old_grant or Verdict(
        Decision.DENIED, f"no statement allows {SERVICE} {request.action} on {request.shown}", policy.origin.at)


def _old_grant(statement: Statement, request: Request, name: str, at: At) -> Verdict | None:
    """Why an Allow naming CloudTrail's own per-Region accounts (not the service principal) does
    not let CloudTrail make the request; None for any other statement."""
    regions = named_regions(statement.principals) if isinstance(statement.principals, dict) else ()
    if not regions or action_applies(statement, request.action) is False \
            or resource_applies(statement, request) is False:
        return None
    where = "the trail is multi-Region" if request.region is None else f"not from {request.region}"
    return Verdict(Decision.DENIED, f"{name} names CloudTrail's own accounts of {few(regions)} instead "
                                    f"of {SERVICE}, which lets CloudTrail deliver only from those Regions: {where}", at)


def _misnamed(statement: Statement, request: Request, name: str, at: At) -> Verdict | None:
    """Why an Allow naming a service principal spelt almost as CloudTrail's (``cloudtrail.amazon.com``,
    ``cloudtrial.amazonaws.com``) does not let CloudTrail make the request: a principal is matched
    by its exact name. None for any other statement.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services"""
    from difflib import get_close_matches

    services = statement.principals.get("Service") if isinstance(statement.principals, Mapping) else None
    if not isinstance(services, tuple) or action_applies(statement, request.action) is False \
            or resource_applies(statement, request) is False:
        return None
    near = [service for service in services if isinstance(service, str) and service.lower() != SERVICE
            and get_close_matches(service.lower(), (SERVICE,), n=1, cutoff=0.85)]
    if not near:
        return None
    return Verdict(Decision.DENIED, f"{name} names the service principal {near[0]!r}, not {SERVICE} "
                                    "(a principal is matched by its exact name)", at)


# What leaves a statement's Resource open when a known account would settle it (the AWSLogs/<account-id>/ folder).
_ACCOUNT_OPEN = "depends on the trail's account, which is not known (pass --account, or set account in the " \
                "configuration)"
# What leaves a statement open when it applies in the aws partition and the trail's is not known.
_PARTITION_OPEN = "it applies to CloudTrail's request only if the trail is in the aws partition, and the trail's " \
                  "Region is not known (pass --region)"


def _open(statement: Statement, request: Request, holds: Tri) -> str:
    """What leaves a statement's say on the request open: the part of it that is not known."""
    if _applies_in(statement, request, "aws"):
        return _PARTITION_OPEN
    if principal_applies(statement, request) is UNKNOWN:
        if principal_applies(statement) is False:
            if isinstance(statement.principals, Mapping) and named_regions(statement.principals):
                return "Principal names CloudTrail's own accounts of some Regions, and the Region CloudTrail " \
                       "delivers the trail from is not known"
            return "Principal's account not known: it may be CloudTrail's own account of the trail's Region"
        return "Principal not known"
    if action_applies(statement, request.action) is UNKNOWN:
        return "Action not known"
    if _patterns(statement) is None:
        return "Resource not known"
    if resource_applies(statement, request) is UNKNOWN:
        if request.any_account is not None and _written_out(statement) and \
                resource_applies(statement, replace(request, resource=request.any_account)) is not UNKNOWN:
            return f"whether the Resource covers {request.shown} {_ACCOUNT_OPEN}"
        return f"whether the Resource covers {request.shown} is not known offline"
    if holds is not UNKNOWN:
        return "may apply"
    if statement.maybe and conditions_hold(replace(statement, maybe=False), request) is True:
        return "made by a dynamic block over a for_each not known offline, any number of times, maybe none"
    conditions = _conditions(statement)
    if conditions is None:
        return "conditions not known"
    open_ = [f"{c.operator} {c.key}" for c in conditions if condition_holds(c, request) is UNKNOWN]
    headers = sorted({c.key for c in conditions if c.key.lower() in request.either
                      and condition_holds(c, request) is UNKNOWN})
    if headers and len(headers) == len({c.key for c in conditions if condition_holds(c, request) is UNKNOWN}):
        return f"whether its {few(open_)} condition{'s hold' if len(open_) > 1 else ' holds'} depends on what " \
               f"CloudTrail's {request.action} sends in {few(headers)}, which AWS does not document"
    return f"whether its {few(open_)} condition{'s hold' if len(open_) > 1 else ' holds'} for CloudTrail's " \
           f"{request.action} is not known offline"


def _written_out(statement: Statement) -> bool:
    """Whether the statement's Resource (or NotResource) is all text: no value not known offline, no
    policy variable."""
    patterns = statement.not_resources if statement.not_resources is not None else statement.resources
    return isinstance(patterns, tuple) and all("${" not in pattern for pattern in patterns)


def _applies_in(statement: Statement, request: Request, partition: str) -> bool:
    """Whether the statement applies to the request once the trail's partition, which the reader
    knows only by name (the stack's), is ``partition``."""
    source = request.context.get("aws:sourcearn", ())
    hole = source[1] if len(source) > 1 else None
    if not isinstance(hole, Hole) or not hole.name:
        return False
    known = {hole.name: partition}
    there = replace(request, resource=filled(request.resource, known),
                    context={key: filled(value, known) for key, value in request.context.items()})
    return all_of((principal_applies(statement, there), action_applies(statement, there.action),
                   resource_applies(statement, there), conditions_hold(statement, there))) is True


def principal_applies(statement: Statement, request: Request | None = None) -> Tri:
    """Whether the statement's principal covers CloudTrail: the service principal, ``*``, or (for
    the request's one Region) CloudTrail's own account there, which old policies name."""
    principals, not_principals = statement.principals, statement.not_principals
    if isinstance(principals, Unknown) or isinstance(not_principals, Unknown):
        return UNKNOWN
    held = statement.holes
    if not_principals is not None:
        named = _names_service(not_principals, held.not_principals if held else None)
        return named if named is UNKNOWN else not named
    if principals is None:
        return False                  # a resource-policy statement without Principal grants nothing
    named = _names_service(principals, held.principals if held else None)
    if named is True or request is None or request.region is None:
        return named
    regions = named_regions(principals)
    # an AWS identifier not known offline may be CloudTrail's own account of the request's Region,
    # unless its shape says it is not (a role's ARN, the deployment's own account)
    maybe = not isinstance(principals.get("AWS", ()), tuple) and \
        may_name_accounts(dict(held.principals or ()).get("AWS") if held else None, request.region)
    old: Tri = (UNKNOWN if regions or maybe else False) if request.region is UNKNOWN else \
        True if request.region in regions else UNKNOWN if maybe else False
    return any_of((named, old))


def _names_service(principals: Principals, held: tuple[tuple[str, tuple[Text, ...]], ...] | None = None) -> Tri:
    """Whether the element names CloudTrail. Identifiers not known offline of another kind than
    Service cannot: an AWS identifier with literal text of its own is an account or an ARN, never
    ``*`` (model.Principals).

    AWS documents the service principal as ``cloudtrail.amazonaws.com``, in lower case, and not
    whether the Principal element matches it in another case (``CloudTrail.amazonaws.com``), as it
    does action names; simulators differ. Such an identifier is not known to name CloudTrail.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
    """
    found: Tri = False
    texts = dict(held or ())
    for kind, ids in principals.items():
        if not isinstance(ids, tuple):
            # identifiers with holes whose text is held: `logs.${region}.amazonaws.com` is never CloudTrail's
            named: Tri = False if kind != "Service" else \
                any_of(_may_name_service(written) for written in texts[kind]) if kind in texts else UNKNOWN
            if named is True:
                return True
            found = any_of((found, named))
        elif ("*" in ids) if kind == "AWS" else kind == "Service" and SERVICE in ids:
            return True
        elif kind == "Service" and any(i.lower() == SERVICE for i in ids):
            found = any_of((found, UNKNOWN))
    return found


def _may_name_service(identifier: Text) -> Tri:
    """Whether one identifier of a Service kind that has some with holes names CloudTrail: True for the
    service principal written out, UNKNOWN where some filling of its holes spells it (in any case),
    else False."""
    if text(identifier) == SERVICE:
        return True
    found = matches(identifier, (SERVICE,), lambda written, service: written.lower() == service, wildcards=False,
                    ignore_case=True)
    return UNKNOWN if found is not False else False


def _patterns(statement: Statement) -> tuple[str | Text, ...] | None:
    """The Resource (or NotResource) patterns, those with holes too; None when not known."""
    negated = statement.not_resources is not None
    patterns = statement.not_resources if negated else statement.resources
    if isinstance(patterns, tuple):
        return patterns
    held = statement.holes and (statement.holes.not_resources if negated else statement.holes.resources)
    return held or None


def resource_applies(statement: Statement, request: Request) -> Tri:
    return _covers(statement, _patterns(statement), request.resource)


def _covers(statement: Statement, patterns: tuple[str | Text, ...] | None, resource: Text) -> Tri:
    if patterns is None:
        return UNKNOWN
    found = any_of(matches(p, resource, arn_matches) for p in patterns)
    if statement.not_resources is None:
        return found
    return found if found is UNKNOWN else not found


def resource_test(resource: Text, known: Mapping[str, str] | None = None) -> ResourceTest:
    """The test iam.evaluate asks whether a statement covers the request's resource, for a resource
    with holes (CloudTrail's log stream in an account or log group known by name only), or a policy
    that may hold the named holes ``known`` gives (see bound): the statement's Resource, as its
    reader holds it with named holes where it has them, against it. A pattern with a policy
    variable is not compared (its value is the principal's)."""
    known = known or {}
    resource = filled(resource, known)

    def applies(statement: Statement, _resource: object, _context: object) -> Tri:
        held = held_resource_applies(statement, resource, known)
        if held is not None:
            return held
        patterns = _patterns(statement)
        if patterns is not None and any(isinstance(p, str) and "${" in p for p in patterns):
            return UNKNOWN
        return _covers(statement, patterns, resource)
    return applies


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
        base = ("arn:", *_partition(trail), ":logs:", *region, ":", *owner, ":log-group:",
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


def log_group_held(trail: Trail) -> Text | None:
    """The trail's log group ARN as its input writes it: the text, or the parts its reader holds
    (Trail.holes) where it is known by what it is only; None where it is neither."""
    group = trail.cloudwatch_logs_group_arn
    return (group,) if isinstance(group, str) and group else trail.holes.get("cloudwatch_logs_group_arn")


def lacks_log_group_wildcard(value: Text) -> bool:
    """Whether a log group ARN, known whole or in part, certainly does not end in ``:*``: its known
    text names a log group (and no log stream), and no text its holes may hold ends it in ``:*`` (a
    hole within one segment, such as a name of the template or configuration or a random value,
    holds no ``:``)."""
    known = "".join(part for part in value if isinstance(part, str))
    if not known.startswith("arn:") or ":logs:" not in known or ":log-group:" not in known \
            or ":log-stream:" in known:
        return False
    return matches((ANYTHING, ":*"), value, lambda _, whole: whole.endswith(":*"), wildcards=False) is False


def by_provider_version(trail: Trail) -> Text | None:
    """The trail's log group ARN without ``:*`` where it is built from the ``arn`` of an
    aws_cloudwatch_log_group, which ended in ``:*`` before AWS provider 3.0 and does not from 3.0
    (known whole, in the reader's Trail.holes, or made of parts known by what they are): whether
    CloudTrail takes it (TL219), and whether a role policy naming the same ARN covers its log
    streams (TL215), depend on that version, where the configuration's version constraints do not
    settle it (Trail.log_group_arn_versioned). None for any other trail. (TL219 names the sources.)"""
    held = log_group_held(trail)
    if not trail.log_group_arn_versioned or not held or not lacks_log_group_wildcard(held):
        return None
    return held


def as_shown(value: Text) -> str:
    """A value with holes as messages print it: each hole as <what the reader knows it by>."""
    return "".join(part if isinstance(part, str) else f"<{part.name.rsplit('#', 1)[-1] or 'not known'}>"
                   for part in value)


def _conditions(statement: Statement) -> tuple[Condition, ...] | None:
    """The statement's conditions, with the values that have holes as Text; None when not known."""
    if statement.holes is not None and statement.holes.conditions is not None:
        return statement.holes.conditions
    return statement.conditions if isinstance(statement.conditions, tuple) else None


def conditions_hold(statement: Statement, request: Request) -> Tri:
    """Whether the statement's conditions hold for the request; a statement that may not be there
    (Statement.maybe) holds back as a condition not known does."""
    conditions = _conditions(statement)
    if conditions is None:
        return UNKNOWN
    holds = all_of(condition_holds(c, request) for c in conditions)
    return UNKNOWN if statement.maybe and holds is True else holds


def _failing(statement: Statement, request: Request) -> list[Condition]:
    return [c for c in _conditions(statement) or () if condition_holds(c, request) is False]


def condition_holds(condition: Condition, request: Request) -> Tri:
    """One condition against the request; UNKNOWN for operators and keys it cannot decide."""
    if condition.key != condition.key.strip():
        return UNKNOWN                # the key, or one no request carries: not documented (iam.conditions.outside_grammar)
    key = condition.key.lower()
    if key in request.either:
        # each value the pages leave: decided only where all decide alike
        each = {condition_holds(condition, replace(request, either={}, absent=(*request.absent, key))
                                 if value is None else
                                 replace(request, either={}, context={**request.context, key: value}))
                 for value in request.either[key]}
        return each.pop() if len(each) == 1 else UNKNOWN
    # a key the request says it carries (a role's session has aws:PrincipalOrgID) is read from it
    if key not in request.context and (key in ABSENT_KEYS or any(key.startswith(b) for b in request.absent)):
        if any(isinstance(v, tuple) for v in condition.values):     # values with holes: not known here
            condition = Condition(condition.operator, condition.key,
                                  tuple(UNKNOWN if isinstance(v, tuple) else v for v in condition.values))
        return settle_condition(condition, _absent)
    value = request.context.get(key)
    # each key of the request holds one value: ForAnyValue:/ForAllValues: ask what the operator they
    # qualify does (iam.conditions.on_one_value)
    operator = on_one_value(condition.operator, key)
    if value is None or operator is None:
        return UNKNOWN
    base = operator.removesuffix("IfExists")
    # a value not known offline may be any text: it may match, never surely; so may one with no one
    # text (iam.conditions.value_text); one with holes is Text
    texts = [v if isinstance(v, tuple) else value_text(v) for v in condition.values]
    unknown = any(v is None for v in texts)
    values = tuple(v for v in texts if v is not None)
    if base == "Null":
        return True if "false" in (v.lower() for v in values if isinstance(v, str)) else \
            UNKNOWN if unknown or any(isinstance(v, tuple) for v in values) else False
    if base in _ARN_OPERATORS and not unknown and all(isinstance(v, str) for v in values):
        known = text(value)
        if known is not None:
            # a pattern or a value that is no ARN: only what every reading decides (iam.conditions.arn_condition)
            return arn_condition(base in _NEGATED, [v for v in values if isinstance(v, str)], known)
    test = _TESTS.get(base.replace("Not", "", 1) if base in _NEGATED else base)
    if test is None:
        return UNKNOWN
    check, wildcards, ignore_case = test
    found = any_of((*(matches(v, value, check, wildcards=wildcards, ignore_case=ignore_case) for v in values),
                    UNKNOWN if unknown else False))
    return (found if found is UNKNOWN else not found) if base in _NEGATED else found


def _absent(_key: str) -> None:
    return None               # iam.conditions lookup: the key is not in CloudTrail's request


def _like(pattern: str, value: str) -> bool:
    from fnmatch import fnmatchcase
    # fnmatch reads [...] as a class; IAM has only * and ?
    return fnmatchcase(value, pattern.replace("[", "[[]"))


_TESTS = {
    "StringEquals": (lambda p, v: p == v, False, False),
    "StringEqualsIgnoreCase": (lambda p, v: p.lower() == v.lower(), False, True),
    "StringLike": (_like, True, False),
    "ArnEquals": (arn_like, True, False),       # ArnEquals takes wildcards too, like ArnLike
    "ArnLike": (arn_like, True, False),
    "Bool": (lambda p, v: p.lower() == v.lower(), False, True),
}

