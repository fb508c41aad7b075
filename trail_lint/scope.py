"""Accounts, Regions, partitions and ARNs: the one place that knows them.

- The spelling of account IDs and Region names, the partition of a Region, the fields of an ARN
  (``arn:partition:service:region:account:resource``) and the ARN of a trail.
- A trail's account scope (model.Scope): which account and Region it is in, as far as the inputs
  tie them. The inventory sets it on every trail when it is built; ``scope_of`` also answers for a
  trail built without an inventory (tests, single objects).
- Which trails record an account and a Region (``covers_account``, ``covers_region``), and the
  trails of a run grouped by account scope once (``Placement``), so that the rules comparing
  trails ask for the trails of an account instead of testing every trail against every account.
"""
from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from functools import cache
from typing import Any

from trail_lint.model import (
    UNKNOWN,
    At,
    Existence,
    Hole,
    InputKind,
    Inventory,
    Origin,
    Scope,
    Snapshot,
    Trail,
    Tri,
    all_of,
)
from trail_lint.records import record

# https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html
_ACCOUNT_ID = re.compile(r"\d{12}")
# us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-4, il-central-1, eusc-de-east-1 (the
# AWS European Sovereign Cloud), ...: the SDKs' partition patterns (trail_lint/data/regions.json's source)
_REGION_NAME = re.compile(r"[a-z]{2,4}(-[a-z]+)+-\d+")
# Since 2021-11-22 global service events are recorded only in us-east-1 (cloudtrail-facts.md §6).
GLOBAL_EVENTS_REGION = "us-east-1"
# The IDs AWS Organizations gives an organization, a root and an OU (the Id patterns of the API's
# Organization, Root and OrganizationalUnit): what aws:PrincipalOrgID and aws:PrincipalOrgPaths hold.
# https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html
# https://docs.aws.amazon.com/organizations/latest/APIReference/API_Root.html
# https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html
_ORGANIZATION_ID = re.compile(r"o-[a-z0-9]{10,32}")
_ROOT_ID = re.compile(r"r-[0-9a-z]{4,32}")
_UNIT_ID = re.compile(r"ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}")
TIE_ACCOUNTS = "pass --account, or name their accounts under `accounts:` in .trail-lint.yaml"


def always_enabled(partition: str | None) -> tuple[str, ...]:
    """Regions every account of the partition has enabled, which a multi-Region trail therefore always
    records: us-east-1, a default Region ("Regions launched before March 20, 2019 are enabled by
    default ... Default Regions cannot be enabled or disabled").
    https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html"""
    return (GLOBAL_EVENTS_REGION,) if partition == "aws" else ()


def is_account_id(text: object) -> bool:
    """Whether ``text`` is spelt as an AWS account ID: twelve digits."""
    return isinstance(text, str) and _ACCOUNT_ID.fullmatch(text) is not None


def organization_id(text: object) -> str | None:
    """``text`` when it is spelt as an organization's ID (o-…), else None."""
    return text if isinstance(text, str) and _ORGANIZATION_ID.fullmatch(text) else None


def is_root_id(text: object) -> bool:
    return isinstance(text, str) and _ROOT_ID.fullmatch(text) is not None


def is_unit_id(text: object) -> bool:
    return isinstance(text, str) and _UNIT_ID.fullmatch(text) is not None


def is_region_name(text: object) -> bool:
    """Whether ``text`` is spelt as a Region name such as us-east-1."""
    return isinstance(text, str) and _REGION_NAME.fullmatch(text) is not None


def region_listed(region: str) -> bool:
    """Whether ``region`` is one of the Regions of trail-lint's dated list (trail_lint/data/regions.json).
    A name spelt as a Region but not listed may be a typo, or a Region newer than the list."""
    return region in _listed_regions()


def regions_retrieved() -> str:
    """The date of trail-lint's list of Regions."""
    from trail_lint.resources import data_path, load_json_resource

    return str(load_json_resource(data_path("regions.json"))["source"]["retrieved"])


@cache
def _listed_regions() -> frozenset[str]:
    from trail_lint.resources import data_path, load_json_resource

    partitions = load_json_resource(data_path("regions.json"))["partitions"]
    return frozenset(region for regions in partitions.values() for region in regions)


# --- Partitions and ARNs -------------------------------------------------------------------

# The partitions other than aws, by the prefix of their Regions' names (the SDKs' partitions file,
# regionRegex; trail_lint/data/regions.json's source). Longer prefixes first: us-isob- before us-iso-.
_PARTITION_PREFIXES = (("us-gov-", "aws-us-gov"), ("us-isob-", "aws-iso-b"), ("us-isof-", "aws-iso-f"),
                       ("us-iso-", "aws-iso"), ("eu-isoe-", "aws-iso-e"), ("cn-", "aws-cn"),
                       ("eusc-", "aws-eusc"))
_OTHER_PARTITIONS = tuple(prefix for prefix, _ in _PARTITION_PREFIXES)
PARTITIONS = ("aws", *(partition for _, partition in _PARTITION_PREFIXES))   # every partition partition_of gives


def partition_of(region: str) -> str:
    """The partition of a Region: aws-cn for cn-*, aws-us-gov for us-gov-*, aws-iso for us-iso-*,
    aws-iso-b for us-isob-*, aws-iso-e for eu-isoe-*, aws-iso-f for us-isof-*, aws-eusc for eusc-*
    (the AWS European Sovereign Cloud), else aws.

    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
    """
    if not region.startswith(_OTHER_PARTITIONS):    # most Regions: one test
        return "aws"
    for prefix, partition in _PARTITION_PREFIXES:
        if region.startswith(prefix):
            return partition
    return "aws"


# The base DNS domain of each partition, which its service principals and endpoints end in (the AWS
# provider's aws_partition.dns_suffix, CloudFormation's AWS::URLSuffix). Only where trail-lint is sure
# of it: the isolated partitions and the AWS European Sovereign Cloud have suffixes of their own.
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/partition
# https://docs.aws.amazon.com/general/latest/gr/rande.html
_DNS_SUFFIXES = {"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com"}


def dns_suffix(region: str) -> str | None:
    """The DNS suffix of a Region's partition (amazonaws.com; amazonaws.com.cn in aws-cn); None in the
    other partitions (us-iso-*, us-isob-*, eu-isoe-*, eusc-*, …), which have suffixes of their own."""
    return _DNS_SUFFIXES.get(partition_of(region))


def trail_partition(trail: Trail) -> str | None:
    """The partition of a trail's home Region; None when the Region is not known."""
    return partition_of(trail.region) if isinstance(trail.region, str) else None


def bound_holes(trail: Trail) -> dict[str, str]:
    """The named holes of the trail's deployment (its account, Region, partition) whose text is now
    known (--account, config `accounts`, --region): a policy of the same provider configuration or
    stack that names them (a Terraform `data.aws_caller_identity`, `${AWS::AccountId}`) names the
    trail's own."""
    found: dict[str, str] = {}
    for name, value in (("account", trail.account), ("region", trail.region), ("partition", trail_partition(trail))):
        held = trail.holes.get(name)
        if isinstance(value, str) and value and held and len(held) == 1 and isinstance(held[0], Hole) \
                and held[0].name and not held[0].anything:
            found[held[0].name] = value
    return found


def arn_fields(arn: object) -> list[str]:
    """The six fields of an ARN (partition, service, Region, account and resource after ``arn``);
    [] for anything that is not one."""
    if isinstance(arn, str) and arn.startswith("arn:"):
        fields = arn.split(":", 5)
        if len(fields) == 6:
            return fields
    return []


# What samples write where an ARN's Region or account belongs, for whoever copies them to fill in
# (`arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID`, `<account-id>`, `{{AccountId}}`, `xxxxxxxxxxxx`): a word in
# capitals, a name in angle or double curly brackets, a run of x, or the field's own name. A forgotten
# Fn::Sub (`${AWS::AccountId}` as text) is no placeholder: the template is deployed with that text.
_PLACEHOLDER = re.compile(r"<[^<>]+>|\{\{[^{}]+\}\}|[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)*|[xX]{4,}"
                          r"|(?i:(?:your[_-]?)?(?:aws[_-]?)?(?:account(?:[_-]?(?:id|number))?|region(?:[_-]?name)?))")


def placeholders(arn: object) -> dict[int, str]:
    """The Region and account fields of an ARN (by their index in arn_fields) that hold a placeholder
    rather than a value (ACCOUNT_ID); none for an ARN whose fields are values, or are empty, and for
    anything that is not an ARN."""
    fields = arn_fields(arn)
    if not fields:
        return {}
    region, account = fields[3], fields[4]
    return {index: value for index, (value, valid) in ((3, (region, is_region_name(region.lower()))),
                                                       (4, (account, is_account_id(account))))
            if value and not valid and _PLACEHOLDER.fullmatch(value)}


def placeholder_cause(tokens: dict[int, str]) -> str:
    """Why an ARN holding the placeholders ``tokens`` (``placeholders``) is not known: what to write."""
    listed = " and ".join(repr(token) for token in tokens.values())
    if len(tokens) == 1:
        return f"{listed} is a placeholder, not a Region or account ID: write the value it stands for"
    return f"{listed} are placeholders, not values: write the values they stand for"


def root_arn(partition: str, account: str) -> str:
    """The ARN of the root user of an account (the account principal's ARN, ``arn:aws:iam::111122223333:root``).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"""
    return f"arn:{partition}:iam::{account}:root"


def principal_arn(partition: str, account: str, kind: str, path: str, name: str) -> str:
    """The ARN of an IAM user or role (``kind`` "user" or "role"): its path is part of it,
    ``arn:aws:iam::123456789012:role/service-role/MyRole`` for MyRole at the path /service-role/.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns"""
    return f"arn:{partition}:iam::{account}:{kind}{path}{name}"


def is_aws_managed(arn: str | None) -> bool:
    """AWS managed policies (arn:aws:iam::aws:policy/...): their authors are not the users of trail-lint,
    nor are they held to the quotas of the policies an account creates."""
    return isinstance(arn, str) and ":iam::aws:policy/" in arn


def account_from_arn(arn: Any) -> str | None:
    fields = arn_fields(arn)
    return fields[4] or None if fields else None


def region_from_arn(arn: Any, service: str | None = None) -> str | None:
    """The Region an ARN names (of that service, when one is given), or None when it names none."""
    fields = arn_fields(arn)
    return fields[3] or None if fields and (service is None or fields[2] == service) else None


def named_region(value: str) -> str | None:
    """The one Region an ARN, or the first characters of one, names: its fourth field, complete and not
    empty; None for a value that may name any Region's resource (``may_name_region``) or one of no Region.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"""
    fields = value.split(":", 4)
    return fields[3] if value.startswith("arn:") and len(fields) == 5 and fields[3] else None


def may_name_region(value: str, region: str) -> bool:
    """Whether an ARN, or the first characters of one (a resources.ARN prefix), may name a resource of
    ``region``. An ARN's fourth field is the Region of its resource, empty for resources of no Region (an
    S3 object); a value that is no ARN, or stops before that field is complete, may name any Region's.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"""
    if not value.startswith("arn:"):
        return True
    fields = value.split(":", 4)
    if len(fields) < 4:
        return True
    if len(fields) == 4:
        return region.startswith(fields[3])
    return fields[3] in ("", region)


def log_group_from_arn(arn: Any) -> str | None:
    """``arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]`` → NAME (a trail's log group ARN ends in ``:*``)."""
    fields = arn_fields(arn)
    if not fields or fields[2] != "logs" or not fields[5].startswith("log-group:"):
        return None
    name = fields[5][len("log-group:"):]
    return name.removesuffix(":*") or None


# "Log group names can be between 1 and 512 characters long" and "consist of the following
# characters: a-z, A-Z, 0-9, '_' (underscore), '-' (hyphen), '/' (forward slash), '.' (period), and
# '#' (number sign)".
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html
LOG_GROUP_NAME = re.compile(r"[A-Za-z0-9_\-/.#]{1,512}")


def is_log_group_arn(arn: str) -> bool:
    """Whether the text is the ARN of a log group (with its Region and account), as CreateTrail takes
    it: not a bare name, nor the ARN of a log stream or of another service, nor one whose name no
    log group can have."""
    fields = arn_fields(arn)
    if not fields or not fields[3] or not fields[4] or ":log-stream:" in fields[5]:
        return False
    name = log_group_from_arn(arn)
    return name is not None and LOG_GROUP_NAME.fullmatch(name) is not None


# CreateTopic: "Topic names must be made up of only uppercase and lowercase ASCII letters,
# numbers, underscores, and hyphens, and must be between 1 and 256 characters long"; a FIFO
# topic's name ends in .fifo. CreateTrail's SnsTopicName takes the name or the topic's ARN.
# https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
_TOPIC_NAME = r"[A-Za-z0-9_-]+(?:\.fifo)?"
SNS_TOPIC = re.compile(rf"{_TOPIC_NAME}|arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{{12}}:{_TOPIC_NAME}")


def is_sns_topic(value: str) -> bool:
    """Whether the text is an SNS topic's name or ARN, as CreateTrail takes it (its length apart)."""
    return SNS_TOPIC.fullmatch(value) is not None


# CreateTrail's KmsKeyId: "an alias name prefixed by alias/, a fully specified ARN to an alias, a
# fully specified ARN to a key, or a globally unique identifier" (a multi-Region key's ID is mrk-
# and 32 hex digits). Inside an ARN the key ID is not checked: a malformed one names a key that does
# not exist, which only AWS can tell (KmsKeyNotFoundException), and examples often shorten it.
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
_KEY_ID = r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})"
_ALIAS = r"alias/[a-zA-Z0-9/_-]+"
KMS_KEY_ID = re.compile(rf"{_ALIAS}|{_KEY_ID}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{{12}}:(?:{_ALIAS}|key/[^/:\s]+)")


def is_kms_key_id(value: str) -> bool:
    """Whether the text is one of the forms CreateTrail takes a KMS key in."""
    return KMS_KEY_ID.fullmatch(value) is not None


def trail_arn(region: str, account: str, name: str) -> str:
    """The ARN of the trail ``name`` homed in ``region`` of ``account``."""
    return f"arn:{partition_of(region)}:cloudtrail:{region}:{account}:trail/{name}"


def name_from_trail_arn(arn: Any) -> str | None:
    """``arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME`` → NAME; None for anything else."""
    fields = arn_fields(arn)
    if not fields or fields[2] != "cloudtrail" or not fields[5].startswith("trail/"):
        return None
    return fields[5][len("trail/"):] or None


# --- A trail's scope -------------------------------------------------------------------------

def account_id(account: str | None) -> str | None:
    """The account ID of a Scope.account key; None for a deployment whose account is not known
    (its key, "terraform:…" or "file:…", is never all digits)."""
    return account if account is not None and account.isdigit() else None


def region_name(region: str | None) -> str | None:
    """The Region name of a Scope.region key; None for a deployment's unknown Region (its key,
    "terraform:…" or "cloudformation:…", has a colon, which no Region name has)."""
    return None if region is None or ":" in region else region


def scope_of(trail: Trail) -> Scope:
    return trail.scope if trail.scope is not None else scope_for(trail, trail.account, trail.region)


def scope_for(trail: Trail, account: object, region: object) -> Scope:
    """The scope of a trail with the account and Region the inventory settled for it: known ones
    are themselves; an unknown one is its deployment's (a provider configuration or a stack is
    one account and one Region); without a deployment, the account is the file's own."""
    deployment = trail.deployment
    known = account if isinstance(account, str) and account else None
    if known is not None:
        key, label = known, f"account {known}"
    elif deployment is not None:
        key, label = deployment.key, deployment.label
    else:
        key, label = f"file:{trail.origin.file}", trail.origin.file
    if isinstance(region, str):
        return Scope(key, label, region, region, account_id=known, region_name=region)
    if deployment is not None and deployment.region_key:
        return Scope(key, label, deployment.region_key, deployment.region_label, account_id=known)
    return Scope(key, label, None, account_id=known)


# --- Which trails record an account and a Region ----------------------------------------------

def covers_account(trail: Trail, account: str | None) -> Tri:
    """Whether the trail records the account scope (None: the account is not named).

    An organization trail records every account of its organization; the accounts of the run
    are taken to be its members. A trail whose account no input ties may or may not be in the
    account: absence rules count it (`is not False`), duplicate rules do not (`is True`)."""
    own = scope_of(trail).account
    if own == account:
        return True
    if account is None or account_id(own) is None or account_id(account) is None:
        return UNKNOWN
    return trail.organization is True


def in_home_partition(trail: Trail, region: str) -> bool:
    """Whether the Region may be in the partition of the trail's home Region: False only where both are
    named and their partitions differ. A multi-Region trail records in every Region of its own partition,
    never in another's (a trail of us-east-1 never records cn-north-1): "CloudTrail records events in all
    AWS Regions in the AWS partition in which you are working".
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-getting-started.html"""
    return _one_partition(scope_of(trail).region, region)


def _one_partition(home: str | None, region: str) -> bool:
    """in_home_partition, of a trail whose home Region (or its deployment's key) is ``home``."""
    # region_name spelled out: this is asked for every trail in every Region of a run
    return home is None or home == region or ":" in home or ":" in region \
        or partition_of(home) == partition_of(region)


def covers_region(trail: Trail, region: str) -> Tri:
    """Whether the trail records the Region (a name, or the key of a deployment's unknown Region)."""
    own = scope_of(trail).region
    if own is not None and own == region:
        return True
    if not _one_partition(own, region):
        return False
    if trail.multi_region is True:
        return True
    if own is None or region_name(own) is None or region_name(region) is None:
        return UNKNOWN    # one of the two Regions is not known: they may be the same
    return False if trail.multi_region is False else UNKNOWN


def receives_global_events(trail: Trail) -> Tri:
    """Whether global service events reach the trail (three-valued), whatever its selectors record:
    CloudTrail records them in GLOBAL_EVENTS_REGION only, for a trail that covers it with
    IncludeGlobalServiceEvents on, which a multi-Region trail always has (CreateTrail and UpdateTrail
    refuse one without it, "Multi-Region trail must include global service events", TL202).
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events"""
    included = True if trail.multi_region is True else trail.include_global_events
    return all_of((included, covers_region(trail, GLOBAL_EVENTS_REGION)))


def multi_region(trail: Trail) -> Tri:
    """Whether the trail is multi-Region, as far as the inputs settle it: one not known offline whose
    IncludeGlobalServiceEvents is off is not (a multi-Region trail must include global service events,
    ``receives_global_events``)."""
    return False if trail.multi_region is UNKNOWN and trail.include_global_events is False else trail.multi_region


def global_events_open(trail: Trail) -> str | None:
    """The flag not known offline that leaves ``receives_global_events`` open (multi_region or
    include_global_events); None when that is known, or open only because a Region is not known."""
    if receives_global_events(trail) is not UNKNOWN:
        return None
    if trail.multi_region is UNKNOWN and trail.include_global_events is not False:
        return "multi_region"
    return "include_global_events" if trail.include_global_events is UNKNOWN else None


@record
class Placement:
    """Trails grouped by account scope once: what ``covers_account`` would answer for every trail
    and account, read from the groups (linear in the trails asked for, not in all of them).

    Results keep the order of ``trails``."""

    trails: tuple[Trail, ...]
    order: dict[int, int] = field(repr=False)                 # id(trail) -> its index in trails
    by_account: dict[str, tuple[Trail, ...]] = field(repr=False)   # Scope.account -> its trails
    organization: tuple[Trail, ...] = ()      # organization trails of known accounts: in every known account
    loose: tuple[Trail, ...] = ()             # trails no input ties to a known account
    # the two known accounts with most trails that are not organization trails: of several known
    # accounts, only the largest may be the same as a scope no input ties (see ``untied``)
    largest: tuple[str, ...] = ()
    source: tuple[Trail, ...] | None = field(default=None, repr=False)   # the Inventory.trails it was built from
    homes: dict[str | None, frozenset[str]] = field(default_factory=dict, repr=False)  # Region keys by account
    # Region keys an account's own findings cover besides its trails' homes (own_regions): for scopes
    # no input ties (None), every trail's named homes; for known accounts (""), the homes of the
    # organization trails (they record every known account) and the named homes of the loose trails
    shared_homes: dict[str | None, frozenset[str]] = field(default_factory=dict, repr=False)
    # how many trails (not organization trails) each account scope has: those no input ties to a
    # known account, and the largest known ones
    unknown_sizes: dict[str, int] = field(default_factory=dict, repr=False)
    largest_sizes: tuple[int, ...] = ()
    unknown_total: int = 0
    labels: dict[str, str] = field(default_factory=dict, repr=False)   # Region key -> how messages name it

    @staticmethod
    def of(trails: Iterable[Trail], source: tuple[Trail, ...] | None = None) -> Placement:
        listed = tuple(trails)
        by_account: dict[str, list[Trail]] = {}
        for trail in listed:
            by_account.setdefault(scope_of(trail).account, []).append(trail)
        sizes = {key: sum(t.organization is not True for t in group) for key, group in by_account.items()
                 if scope_of(group[0]).account_id is not None}
        largest = sorted((key for key in sizes if sizes[key]), key=lambda key: (sizes[key], key), reverse=True)[:2]
        unknown_sizes: dict[str, int] = {}
        for trail in listed:
            if trail.organization is not True and scope_of(trail).account_id is None:
                unknown_sizes[scope_of(trail).account] = unknown_sizes.get(scope_of(trail).account, 0) + 1
        organization = tuple(t for t in listed if t.organization is True and account_id(scope_of(t).account) is not None)
        loose = tuple(t for t in listed if account_id(scope_of(t).account) is None)

        def homes(trails: Iterable[Trail]) -> frozenset[str]:
            return frozenset(region for t in trails if (region := scope_of(t).region) is not None)
        # None: every trail's; "": the Regions every known account shares (organization and loose trails)
        regions: dict[str | None, frozenset[str]] = {key: homes(group) for key, group in by_account.items()}
        regions.update({None: homes(listed), "": homes(organization + loose)})
        shared = {None: _named(regions[None]), "": homes(organization) | _named(homes(loose))}
        return Placement(listed, {id(t): i for i, t in enumerate(listed)}, {k: tuple(v) for k, v in by_account.items()},
                         organization, loose, tuple(largest), source, regions, shared, unknown_sizes,
                         tuple(sizes[key] for key in largest), sum(unknown_sizes.values()), _labels(source or listed))

    def _merged(self, *parts: Sequence[Trail]) -> list[Trail]:
        order = self.order
        found = list(heapq.merge(*parts, key=lambda t: order[id(t)]))
        return [t for i, t in enumerate(found) if i == 0 or found[i - 1] is not t]   # a trail in two parts once

    def certain(self, account: str | None) -> list[Trail]:
        """The trails that record the account: ``covers_account(t, account) is True``."""
        own = self.by_account.get(account, ()) if account is not None else ()
        if account_id(account) is None or not self.organization:
            return list(own)
        return self._merged(own, self.organization)

    def possible(self, account: str | None) -> list[Trail]:
        """The trails that may record the account: ``covers_account(t, account) is not False``."""
        if account is None or account_id(account) is None:
            return list(self.trails)        # a scope no input ties may be any account
        return self._merged(self.by_account.get(account, ()), self.organization, self.loose)

    def regions(self, account: str | None) -> frozenset[str]:
        """The home Regions (Scope.region keys) of ``possible(account)``."""
        if account is None or account_id(account) is None:
            return self.homes[None]
        return self.homes.get(account, frozenset()) | self.homes[""]

    def own_regions(self, account: str | None) -> frozenset[str]:
        """The Region keys of ``regions(account)`` that the account's own findings are about: the
        homes of the trails that certainly record it, and the named homes of those that may, but not
        every other deployment's unknown Region: that is a Region of another scope, which may be
        another account, and is compared with this one only where scopes are pooled
        (``pooled_regions_of``). None: every Region key."""
        if account is None:
            return self.homes[None]
        return self.homes.get(account, frozenset()) | self.shared_homes[None if account_id(account) is None else ""]

    def has_region(self, account: str | None, region: str) -> bool:
        """Whether ``regions(account)`` holds the Region key, without building it."""
        if account is None or account_id(account) is None:
            return region in self.homes[None]
        return region in self.homes.get(account, ()) or region in self.homes[""]

    def untied(self, account: str | None) -> list[Trail]:
        """The trails of other account scopes that may be ``account``: no input ties either to a
        known account, or only one of them; of several known accounts only the one with most of the
        trails can be it. (Organization trails record every account already.)"""
        if account_id(account) is not None:
            return [t for t in self.loose if t.organization is not True and scope_of(t).account_id is None]
        others = [t for t in self.loose if t.organization is not True and scope_of(t).account_id is None
                  and scope_of(t).account != account]
        keep = self._kept(account)
        if keep is None:
            return others
        return self._merged(others, [t for t in self.by_account[keep] if t.organization is not True])

    def untied_count(self, account: str | None) -> int:
        """``len(untied(account))``, without listing them (a rule reports only the largest pool)."""
        unknown = self.unknown_total
        if account_id(account) is not None:
            return unknown
        keep = self._kept(account)
        kept = self.largest_sizes[self.largest.index(keep)] if keep is not None else 0
        own = self.unknown_sizes.get(account, 0) if account is not None else 0
        return unknown - own + kept

    def untied_key(self, account: str | None) -> tuple[str | None, ...]:
        """What ``untied(account)`` depends on besides the account's own trails (which it leaves
        out): accounts with equal keys have the same untied trails once their own are added back,
        so a rule pooling an account's trails with them can pool once per key."""
        if account_id(account) is not None:
            return ("known account",)
        return ("other scope", self._kept(account))

    def is_untied(self, trail: Trail) -> bool:
        """Whether the trail is one ``untied`` lists for the accounts it is not in."""
        return id(trail) in self.order and trail.organization is not True and scope_of(trail).account_id is None

    def _kept(self, account: str | None) -> str | None:
        """The one known account that may be the same as ``account`` (see ``untied``)."""
        return next((key for key in self.largest if key != account), None)


@record
class Reach:
    """Trails by the Regions they may record (``covers_region(t, region) is not False``), sorted
    once: those that may record in any Region (multi-Region or not known not to be, or homed in a
    Region no input names or none at all; in their partition's Regions only, in_home_partition), and the
    single-Region ones by their named home."""

    anywhere: tuple[Trail, ...]
    named: dict[str, tuple[Trail, ...]] = field(repr=False)

    @staticmethod
    def of(trails: Iterable[Trail]) -> Reach:
        anywhere: list[Trail] = []
        named: dict[str, list[Trail]] = {}
        for trail in trails:
            own = scope_of(trail).region
            if trail.multi_region is not False or own is None or region_name(own) is None:
                anywhere.append(trail)
            else:
                named.setdefault(own, []).append(trail)
        return Reach(tuple(anywhere), {k: tuple(v) for k, v in named.items()})

    def may_record(self, region: str) -> list[Trail]:
        """The trails that may record in the Region (not in the order they were given)."""
        if region_name(region) is None:     # a Region no input names may be any of the named ones
            return [*self.anywhere, *(t for found in self.named.values() for t in found)]
        return [*(t for t in self.anywhere if in_home_partition(t, region)), *self.named.get(region, ())]


@record
class Regional:
    """Trails that certainly record in a Region (``covers_region(t, region) is True``) for every
    Region key at once: the multi-Region ones, in every Region of their partition, and the others in their home.
    What ``Placement.of`` the trails of one Region answers about scopes no input ties, without
    listing them per Region (a run with many untied deployments has as many unknown Regions).

    ``of_region`` lists one Region's trails, in the order of ``trails``."""

    trails: tuple[Trail, ...]
    wide: tuple[Trail, ...] = field(repr=False)                   # multi-Region: in every Region of their partition
    homed: dict[str, tuple[Trail, ...]] = field(repr=False)       # Region key -> the others homed there
    # trails that are not organization trails, counted by account scope: (known accounts, untied
    # scopes) of ``wide``, and of each Region's ``homed`` (``wide`` whatever the partition: an account
    # is in one partition, so the trails of one account scope are too)
    wide_sizes: tuple[dict[str, int], dict[str, int]] = field(repr=False)
    homed_sizes: dict[str, tuple[dict[str, int], dict[str, int]]] = field(repr=False)
    ranking: tuple[str, ...] = ()           # the known accounts of ``wide``, most trails first
    wide_untied: int = 0                    # how many trails of untied scopes ``wide`` has
    homed_untied: dict[str, int] = field(default_factory=dict, repr=False)     # and each Region's ``homed``
    kept_in: dict[str, tuple[str | None, int]] = field(default_factory=dict, repr=False)   # ``kept``, once per Region
    order: dict[int, int] = field(default_factory=dict, repr=False)       # id(trail) -> its index in ``trails``
    # Region -> ``wide_sizes``, ``ranking`` and ``wide_untied`` of ``wide_in`` that Region, where its
    # partition leaves some of ``wide`` out
    partial: dict[str, tuple[tuple[dict[str, int], dict[str, int]], tuple[str, ...], int]] = \
        field(default_factory=dict, repr=False)
    wide_of: dict[str, tuple[Trail, ...]] = field(default_factory=dict, repr=False)   # ``wide_in``, once per Region

    @staticmethod
    def of(trails: Iterable[Trail]) -> Regional:
        listed = tuple(trails)
        homed: dict[str, list[Trail]] = {}
        for trail in listed:
            if trail.multi_region is not True and (home := scope_of(trail).region) is not None:
                homed.setdefault(home, []).append(trail)
        wide = tuple(t for t in listed if t.multi_region is True)
        known, unknown = _sizes(wide)
        homed_sizes = {region: _sizes(found) for region, found in homed.items()}
        return Regional(listed, wide, {k: tuple(v) for k, v in homed.items()}, (known, unknown), homed_sizes,
                        tuple(sorted(known, key=lambda key: (known[key], key), reverse=True)), sum(unknown.values()),
                        {region: sum(sizes[1].values()) for region, sizes in homed_sizes.items()}, {},
                        {id(t): i for i, t in enumerate(listed)})

    def of_region(self, region: str) -> list[Trail]:
        """The trails recording in the Region: ``covers_region(t, region) is True``, in the order of ``trails``."""
        homed = self.homed.get(region, ())
        wide = self.wide_in(region)
        if not homed or not wide:
            return list(homed or wide)
        order = self.order
        # the two runs sorted at once (timsort merges them in C): heapq.merge is a Python generator
        return sorted((*wide, *homed), key=lambda t: order[id(t)])

    def wide_in(self, region: str) -> tuple[Trail, ...]:
        """The multi-Region trails recording in the Region: those of its partition (in_home_partition)."""
        found = self.wide_of.get(region)
        if found is None:
            found = self.wide_of[region] = self.wide if all(in_home_partition(t, region) for t in self.wide) \
                else tuple(t for t in self.wide if in_home_partition(t, region))
        return found

    def wide_counts(self, region: str) -> tuple[tuple[dict[str, int], dict[str, int]], tuple[str, ...], int]:
        """``wide_sizes``, ``ranking`` and ``wide_untied`` of the multi-Region trails recording in the
        Region (``wide_in``: those of its partition)."""
        wide = self.wide_in(region)
        if len(wide) == len(self.wide):
            return self.wide_sizes, self.ranking, self.wide_untied
        found = self.partial.get(region)
        if found is None:
            known, unknown = _sizes(wide)
            found = self.partial[region] = ((known, unknown), tuple(sorted(known, key=lambda key: (known[key], key),
                                                                           reverse=True)), sum(unknown.values()))
        return found

    def kept(self, region: str) -> tuple[str | None, int]:
        """The known account with most trails (not organization trails) in the Region, and how many:
        of several known accounts, the one an untied scope may be (``Placement.largest``)."""
        found = self.kept_in.get(region)
        if found is None:
            (wide, _), ranking, _ = self.wide_counts(region)
            sizes = {key: count + wide.get(key, 0) for key, count in self.homed_sizes.get(region, _NONE)[0].items()}
            best = next((key for key in ranking if key not in sizes), None)
            if best is not None:
                sizes[best] = wide[best]
            kept = max(sizes, key=lambda key: (sizes[key], key), default=None)
            found = self.kept_in[region] = (kept, sizes[kept] if kept is not None else 0)
        return found

    def untied_total(self, region: str) -> int:
        """How many trails of untied scopes (not organization trails) are in the Region."""
        return self.wide_counts(region)[2] + self.homed_untied.get(region, 0)

    def untied_count(self, account: str | None, region: str) -> int:
        """``Placement.of(self.of_region(region)).untied_count(account)``."""
        total = self.untied_total(region)
        if account_id(account) is not None:
            return total
        own = self.wide_counts(region)[0][1].get(account, 0) + self.homed_sizes.get(region, _NONE)[1].get(account, 0) \
            if account is not None else 0
        return total - own + self.kept(region)[1]


_NONE: tuple[dict[str, int], dict[str, int]] = ({}, {})


def _sizes(trails: Iterable[Trail]) -> tuple[dict[str, int], dict[str, int]]:
    """Trails that are not organization trails, counted by account scope: known accounts, untied scopes."""
    known: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for trail in trails:
        if trail.organization is not True:
            scope = scope_of(trail)
            found = known if scope.account_id is not None else unknown
            found[scope.account] = found.get(scope.account, 0) + 1
    return known, unknown


def _labels(trails: Iterable[Trail]) -> dict[str, str]:
    """The label of each Region key, from the first trail homed there."""
    labels: dict[str, str] = {}
    for trail in trails:
        scope = scope_of(trail)
        if scope.region is not None and scope.region not in labels:
            labels[scope.region] = scope.region_label
    return labels


def placement(inventory: Inventory) -> Placement:
    """The live trails of the inventory grouped by account scope: built once with the inventory
    (``of_inventory``), else now (an inventory built in code, or one whose trails were replaced)."""
    found = inventory.placement
    if isinstance(found, Placement) and found.source is inventory.trails:
        return found
    return of_inventory(inventory.trails)


def of_inventory(trails: tuple[Trail, ...]) -> Placement:
    """The placement of an inventory's live trails, for Inventory.placement."""
    return Placement.of((t for t in trails if t.existence is not Existence.DELETED), source=trails)


def accounts(inventory: Inventory) -> tuple[str | None, ...]:
    """Account scopes of the run (Scope.account keys): the accounts named by trails, snapshots or
    the run, and the deployment of every trail no input ties to an account; None if there is none."""
    groups = placement(inventory).by_account
    named = {key for key, trails in groups.items() if any(t.organization is not True for t in trails)}
    named |= {s.account for s in inventory.snapshots if s.account}
    if inventory.account:
        named.add(inventory.account)
    if not named:
        named = set(groups)
    return tuple(sorted(named)) if named else (None,)


def regions_of(inventory: Inventory, account: str | None) -> tuple[str, ...]:
    """Regions in scope plus the home Regions of the trails that may record the account
    (``Placement.own_regions``: names, and the keys of its own deployments' unknown Regions;
    account None: every deployment's)."""
    return tuple(sorted(placement(inventory).own_regions(account).union(inventory.regions)))


def _named(regions: Iterable[str]) -> frozenset[str]:
    """The Region names among Region keys (not deployments' unknown Regions)."""
    return frozenset(region for region in regions if region_name(region) is not None)


def pooled_regions_of(inventory: Inventory, account: str | None) -> tuple[str, ...]:
    """Regions in scope plus the home Regions of every trail that may record the account
    (``Placement.regions``): where its scope may share a Region with others when scopes no input
    ties are pooled, other deployments' unknown Regions included."""
    return tuple(sorted(placement(inventory).regions(account).union(inventory.regions)))


def region_label(inventory: Inventory, region: str) -> str:
    """How messages name a Region key: its name, or "the stack's Region" for a deployment's unknown one."""
    if region_name(region) is not None:
        return region
    return placement(inventory).labels.get(region, region)


@record
class Listings:
    """The describe-trails outputs of a run (Inventory.snapshots) grouped by the account they were
    taken in once, for the rules that ask which listings are of an account."""

    snapshots: tuple[Snapshot, ...]
    by_account: dict[str | None, tuple[Snapshot, ...]] = field(repr=False)

    @staticmethod
    def of(inventory: Inventory) -> Listings:
        by_account: dict[str | None, list[Snapshot]] = {}
        for snapshot in inventory.snapshots:
            by_account.setdefault(snapshot.account, []).append(snapshot)
        return Listings(inventory.snapshots, {k: tuple(v) for k, v in by_account.items()})

    def of_account(self, account: str | None) -> list[Snapshot]:
        """The listings that may be of the account: its own and those of no named account (every
        one, for None), in the order of the inventory."""
        if account is None:
            return list(self.snapshots)
        own, unnamed = self.by_account.get(account, ()), self.by_account.get(None, ())
        if not unnamed or not own:
            return list(own or unnamed)
        order = {id(s): i for i, s in enumerate(self.snapshots)}
        return list(heapq.merge(own, unnamed, key=lambda s: order[id(s)]))

    def described(self, account: str | None) -> bool:
        return bool(self.snapshots) if account is None else account in self.by_account or None in self.by_account


def absence_scope(inventory: Inventory, account: str | None, configured: tuple[str, ...],
                  listings: Listings | None = None) -> tuple[str, ...]:
    """Regions where a missing trail is a finding. A plan or template shows only the trails it
    manages, so without configured `regions` only describe-trails output (which lists every
    trail of its Region, shadow copies and organization trails included) makes a gap certain."""
    listings = listings or Listings.of(inventory)
    regions = tuple(sorted(set(configured))) if configured else inventory.regions if listings.described(account) else ()
    # an account is of one partition: a Region of another (cn-north-1 beside us-gov-west-1) is none of its own
    own = {partition_of(s.region) for s in listings.by_account.get(account, ()) if isinstance(s.region, str)} | {
        p for t in (placement(inventory).by_account.get(account, ()) if account else ()) if (p := trail_partition(t))}
    return tuple(region for region in regions if not own or partition_of(region) in own)


def undecided_elsewhere(regions: set[str], shown: str) -> str:
    """'; likewise in 3 more Regions' for a once-per-run TL002 that names one Region."""
    more = len(regions - {shown})
    return f"; likewise in {more} more Region{'s' if more > 1 else ''}" if more else ""


@record
class RegionScope:
    """Options of the coverage rules: the `regions` configured in .trail-lint.yaml (empty: not configured)."""

    regions: tuple[str, ...] = ()


NOT_CONFIGURED = RegionScope()


def configured_regions(config: Any) -> RegionScope:
    return RegionScope(tuple(config.regions))


# --- Home and shadow copies ----------------------------------------------------------------

def shadow_copy(origin: Origin, account: object, region: object, listings: Mapping[str, Snapshot]) -> bool:
    """Whether a trail of ``account`` homed in ``region`` is read at a shadow copy: a describe-trails
    listing taken in another Region (a multi-Region trail) or in another account (an organization
    trail, which every member account lists). What the listing's place does not say is not held
    against it."""
    listing = listings.get(origin.file) if origin.kind is InputKind.AWS_CLI else None
    if listing is None:
        return False
    return (isinstance(listing.region, str) and listing.region != region) \
        or (listing.account is not None and isinstance(account, str) and listing.account != account)


def shadow_placed(inventory: Inventory) -> frozenset[At]:
    """Where the trails read only at a shadow copy are (shadow_copy): what is found there is about
    the trail, wherever a run finds it (``trail-lint merge`` keeps it at the trail's home copy)."""
    listings = {s.origin.file: s for s in inventory.snapshots}
    if not listings:
        return frozenset()
    return frozenset(t.origin.at for t in inventory.trails
                     if shadow_copy(t.origin, t.account, t.region, listings))


def unknown_regions(trails: Iterable[Trail]) -> dict[object, list[Trail]]:
    """The trails whose home Region nothing says, grouped by the Region they share."""
    shared: dict[object, list[Trail]] = {}
    for trail in trails:
        if trail.region is None and trail.existence is not Existence.DELETED:
            key = trail.scope.region if trail.scope and trail.scope.region else id(trail)
            shared.setdefault(key, []).append(trail)
    return shared


def region_unknown_places(trails: Iterable[Trail]) -> dict[At, At]:
    """Where the TL002 saying that a trail's home Region is not known is placed (that of the first
    trail sharing its Region), by the place of the trail (``origin.at``: copies of a trail made to
    check one of its values keep it), for a rule that check leaves open to be named there; trails
    whose home Region is known are not in it."""
    return {trail.origin.at: group[0].origin.of("region")
            for group in unknown_regions(trails).values() for trail in group}
