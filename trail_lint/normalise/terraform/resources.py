"""Terraform resource instances → model: trails, buckets, resource policies, IAM.

Shared by the plan and state normalisers once each has listed its resource instances.
Argument names and defaults follow the AWS provider's aws_cloudtrail schema:
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from trail_lint.model import (
    FIELD_OPERATORS,
    UNKNOWN,
    AdvancedSelector,
    At,
    Bucket,
    DataResource,
    EventSelector,
    Existence,
    FieldSelector,
    InputKind,
    Insight,
    Problem,
    ReadWrite,
    Tag,
    Topic,
    Trail,
    Unknown,
)
from trail_lint.normalise import Contents, MalformedInput
from trail_lint.normalise.placeholders import without_placeholders
from trail_lint.normalise.terraform.alarms import TYPES as MONITORING
from trail_lint.normalise.terraform.alarms import monitoring
from trail_lint.normalise.terraform.buckets import (
    SETTINGS,
    account_block,
    inline_settings,
    names_bucket,
    with_settings,
)
from trail_lint.normalise.terraform.common import (
    MADE,
    UNREAD_TRAIL,
    Instance,
    Node,
    flag,
    items,
    known_blocks,
    text,
    texts,
)
from trail_lint.normalise.terraform.config import (
    Configuration,
    Reading,
    config_resource,
    expression,
    index_instances,
    provider_default_tags,
    provider_region,
    strip_key_tail,
)
from trail_lint.normalise.terraform.delegation import TYPES as DELEGATION_TYPES
from trail_lint.normalise.terraform.delegation import delegations
from trail_lint.normalise.terraform.iam import TYPES as IAM_TYPES
from trail_lint.normalise.terraform.iam import iam
from trail_lint.normalise.terraform.policies import (
    DOCUMENT,
    ORGANIZATION_TYPES,
    RESOURCE_POLICIES,
    attribute_origin,
    documents,
    organization,
    origin_of,
    policy_attr,
    resource_policy,
)
from trail_lint.scope.arns import account_from_arn, region_from_arn
from trail_lint.scope.names import is_region_name

# model field -> aws_cloudtrail argument
TRAIL_KEYS = {
    "name": "name", "arn": "arn", "account": "arn", "region": "region",
    "multi_region": "is_multi_region_trail", "organization": "is_organization_trail",
    "include_global_events": "include_global_service_events", "logging": "enable_logging",
    "log_file_validation": "enable_log_file_validation", "kms_key_id": "kms_key_id",
    "s3_bucket": "s3_bucket_name", "s3_key_prefix": "s3_key_prefix", "sns_topic": "sns_topic_name",
    "cloudwatch_logs_group_arn": "cloud_watch_logs_group_arn",
    "cloudwatch_logs_role_arn": "cloud_watch_logs_role_arn",
    "event_selectors": "event_selector", "advanced_selectors": "advanced_event_selector",
    "insights": "insight_selector", "tags": "tags",
}
# What an aws_cloudtrail block may hold: its arguments and, written or not, the attributes it exports
# (the .tf reader adds arn, id and region). https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail
_TRAIL_SETTABLE = tuple(sorted({*TRAIL_KEYS.values()} - {"arn"}))
_TRAIL_ARGUMENTS = frozenset({*_TRAIL_SETTABLE, "arn", "home_region", "sns_topic_arn", "tags_all", "id"})
# model field -> aws_s3_bucket argument (settings made by their own resources are found in terraform_buckets)
BUCKET_KEYS = {"name": "bucket", "acl": "acl", "access_logging": "logging", "versioning": "versioning",
               "mfa_delete": "versioning", "object_lock": "object_lock_enabled", "requester_pays": "request_payer",
               "lifecycle": "lifecycle_rule"}
# a trail's keys by the argument its Region is read from (region_of), made once, shared by the origins
_TRAIL_KEYS = {key: {**TRAIL_KEYS, "region": key} for key in ("region", "home_region", "arn")}
_SELECTOR_KEYS = {"read_write": "read_write_type", "management": "include_management_events",
                  "exclude_management_sources": "exclude_management_event_sources",
                  "data_resources": "data_resource", "values": "values"}
_ADVANCED_KEYS = {"name": "name", "fields": "field_selector"}


# The resource types each reader reads: one pass over the instances hands each reader its own, in
# the order of the input (each reader still checks their mode and existence).
_READERS: Mapping[str, tuple[str, ...]] = {
    "contents_of": ("aws_cloudtrail", "aws_s3_bucket", "aws_s3_bucket_acl", *SETTINGS,
                    "aws_s3_account_public_access_block", *RESOURCE_POLICIES),
    "documents": (DOCUMENT,), "_caller_account": ("aws_caller_identity",), "iam": IAM_TYPES,
    "organization": ORGANIZATION_TYPES, "delegations": DELEGATION_TYPES, "monitoring": MONITORING, "_unread_trail": (UNREAD_TRAIL,),
}
_READER_OF = {kind: reader for reader, kinds in _READERS.items() for kind in kinds}


def by_reader(instances: Iterable[Instance]) -> dict[str, list[Instance]]:
    """The instances each reader of ``_READERS`` reads, in the order of the input."""
    found: dict[str, list[Instance]] = {reader: [] for reader in _READERS}
    for instance in instances:
        reader = _READER_OF.get(instance.type)
        if reader is not None:
            found[reader].append(instance)
    return found


def contents_of(instances: Sequence[Instance], *, file: str, kind: InputKind, config: Configuration,
                root: str = "") -> Contents:
    """Everything trail-lint reads from one plan or state (or one root module's .tf, ``root``), given
    its resource instances."""
    readers = by_reader(instances)
    scope = Reading(file, kind, config, index_instances(instances), _caller_account(readers["_caller_account"]),
                    organizations=tuple(i for i in readers["organization"] if i.type == "aws_organizations_organization"),
                    root=root)
    problems: list[Problem] = []
    scope = replace(scope, documents=documents(scope, readers["documents"], problems))
    trails, buckets, resource_policies, acls, settings, account_blocks = [], [], [], [], [], []
    topics: list[Topic] = []
    for instance in readers["contents_of"]:
        if instance.mode != "managed":
            continue
        if instance.type == "aws_cloudtrail":
            trails.append(trail(scope, instance, problems))
        elif instance.existence is Existence.DELETED:
            continue
        elif instance.type == "aws_s3_bucket":
            buckets.append(bucket(scope, instance, problems))
        elif instance.type == "aws_s3_bucket_acl":
            acls.append(instance)
        elif instance.type in SETTINGS:
            settings.append(instance)
        elif instance.type == "aws_s3_account_public_access_block":
            account_blocks.append(account_block(scope, instance))
        elif instance.type in RESOURCE_POLICIES:
            found = resource_policy(scope, instance, problems)
            if found is not None:
                resource_policies.append(found)
            if instance.type == "aws_sns_topic":
                topics.append(_topic(scope, instance))
    problems.extend(_unread_trails(scope, readers["_unread_trail"]))
    buckets = with_settings(scope, _with_acls(scope, buckets, acls), settings)
    principals, policies = iam(scope, readers["iam"], problems)
    scps, rcps, nodes = organization(scope, readers["organization"], problems)
    managing, delegated = delegations(scope, readers["delegations"])
    log_groups, metric_filters, alarms = monitoring(scope, [i for i in readers["monitoring"] if i.mode == "managed"
                                                            and i.existence is not Existence.DELETED])
    return Contents(kind=kind, trails=tuple(trails), principals=principals, policies=policies,
                    log_groups=log_groups, metric_filters=metric_filters, alarms=alarms,
                    account_blocks=tuple(account_blocks),
                    scps=scps, rcps=rcps, organization=nodes + managing, delegated_administrators=delegated,
                    buckets=tuple(buckets), resource_policies=tuple(resource_policies), topics=tuple(topics),
                    unknowns=tuple(problems))


def _topic(scope: Reading, instance: Instance) -> Topic:
    """An aws_sns_topic: its ARN (else name, else address) and its kms_master_key_id, with the key
    it refers to (through an aws_kms_alias to its key).
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic"""
    node = instance.node
    arn, name = text(node, "arn"), text(node, "name")
    return Topic(name=arn if isinstance(arn, str) else name if isinstance(name, str) else instance.address,
                 kms_key=text(node, "kms_master_key_id"),
                 origin=origin_of(scope, instance, node, {"kms_key": "kms_master_key_id"}),
                 kms_key_ref=_linked(scope, instance, "kms_master_key_id", "aws_kms_key", "aws_kms_alias"),
                 region=region_from_arn(arn) or region_of(scope, instance, ())[0])


def _unread_trails(scope: Reading, instances: Iterable[Instance]) -> Iterator[Problem]:
    """One TL002 per resource (not per count or for_each instance) of a trail type not read."""
    said: set[str] = set()
    for instance in instances:
        resource = strip_key_tail(instance.address)
        if instance.mode != "managed" or instance.existence is Existence.DELETED or resource in said:
            continue
        said.add(resource)
        yield Problem(f"{resource} is an {UNREAD_TRAIL} of the AWS Cloud Control (awscc) provider, which "
                      "trail-lint does not read: the trails it makes are not linted",
                      origin_of(scope, instance, instance.node).at, resource=resource)


def _caller_account(instances: Sequence[Instance]) -> str | None:
    """The account of a known data.aws_caller_identity, when the input has exactly one."""
    accounts = set()
    for instance in instances:
        if instance.mode == "data" and instance.type == "aws_caller_identity":
            account = text(instance.node, "account_id")
            if isinstance(account, str):
                accounts.add(account)
    return accounts.pop() if len(accounts) == 1 else None


def _organization_id(scope: Reading, instance: Instance) -> str | None:
    """The ID of the organization of a trail's account: the known ``id`` of the
    aws_organizations_organization resources and data sources of the trail's own provider
    configuration (the organization of the account it signs in to), when they give exactly one.
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/organizations_organization"""
    own = (instance.deployment or scope.deployment(instance)).key
    found = {text(other.node, "id") for other in scope.organizations if other.existence is not Existence.DELETED
             and (other.deployment or scope.deployment(other)).key == own}
    ids = {value for value in found if isinstance(value, str) and value.startswith("o-")}
    return ids.pop() if len(ids) == 1 and len(found) == 1 else None


def region_of(scope: Reading, instance: Instance, own: tuple[str, ...]) -> tuple[str | None | Unknown, str]:
    """(Region, argument it came from): the resource's own ``region`` (provider v6), then the
    given computed arguments when known, then the provider configuration."""
    explicit = text(instance.node, "region")
    if isinstance(explicit, str):
        return explicit, "region"
    for argument in own:
        value = text(instance.node, argument)
        if isinstance(value, str):
            return value, argument
    if explicit is UNKNOWN and scope.configures(instance, "region"):
        return UNKNOWN, "region"    # set in the configuration, but only known after apply
    # otherwise `region` is the computed default: the provider's Region
    return provider_region(scope.config, instance), "region"


def _home_region(scope: Reading, instance: Instance, arn: object) -> tuple[str | None | Unknown, str, str]:
    """(home Region, argument it came from, why it is not known or "") of a trail: ``home_region`` and the Region of the trail's
    ARN, which the provider reads back from AWS's Trail (HomeRegion, TrailARN), so they name one
    Region; where they do not (a state edited by hand), which is right nothing says: the home Region
    is not known (TL002). A ``home_region`` that is no Region code is not the provider's output
    (MalformedInput). Without either, the provider's Region.
    The provider's Region may differ from the home Region, and that is real: a trail is found by
    its ARN in any Region (DescribeTrails), so one created elsewhere can be imported and read.
    https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
    https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html"""
    home = text(instance.node, "home_region")
    in_arn = region_from_arn(arn, "cloudtrail")
    if isinstance(home, str) and not is_region_name(home):
        raise MalformedInput(f"home_region {home!r} of {instance.address} is not a Region code such as "
                             "us-east-1"[:300], At(instance.node.file, instance.node.path + ("home_region",)))
    if isinstance(home, str) and in_arn is not None and home != in_arn:
        return UNKNOWN, "home_region", (f"its home_region ({home}) is not the Region of its arn ({in_arn}), and AWS "
                                        "gives a trail's home Region in both")
    if isinstance(home, str):
        return home, "home_region", ""
    if in_arn is not None and is_region_name(in_arn):
        return in_arn, "arn", ""
    return (*region_of(scope, instance, ()), "")


def trail(scope: Reading, instance: Instance, problems: list[Problem]) -> Trail:
    node = instance.node
    arn = text(node, "arn")
    region, region_key, disagreement = _home_region(scope, instance, arn)
    origin = origin_of(scope, instance, node, _TRAIL_KEYS.get(region_key) or {**TRAIL_KEYS, "region": region_key})
    name = text(node, "name", empty_is_none=False)   # "" is a name AWS rejects, not a missing one
    organization = flag(node, "is_organization_trail", False)
    holes = instance.holes
    if organization is True and "organization" not in holes and (org_id := _organization_id(scope, instance)):
        holes = {**holes, "organization": (org_id,)}     # where it writes: AWSLogs/<org id>/ (delivery)
    basic, advanced = node.get("event_selector"), node.get("advanced_event_selector")
    found = Trail(
        name=UNKNOWN if name is None else name,
        account=account_from_arn(arn) or scope.account,
        region=region,
        arn=arn,
        multi_region=flag(node, "is_multi_region_trail", False),
        organization=organization,
        include_global_events=flag(node, "include_global_service_events", True),
        logging=flag(node, "enable_logging", True),
        log_file_validation=flag(node, "enable_log_file_validation", False),
        kms_key_id=text(node, "kms_key_id"),
        s3_bucket=text(node, "s3_bucket_name"),
        s3_key_prefix=text(node, "s3_key_prefix"),
        sns_topic=text(node, "sns_topic_name"),
        cloudwatch_logs_group_arn=text(node, "cloud_watch_logs_group_arn"),
        cloudwatch_logs_role_arn=text(node, "cloud_watch_logs_role_arn"),
        event_selectors=_selectors(scope, instance, basic),
        advanced_selectors=_advanced(scope, instance, advanced),
        known_event_selectors=_listed(_selectors(scope, instance, known_blocks(basic))) if basic.unknown else (),
        known_advanced_selectors=_listed(_advanced(scope, instance, known_blocks(advanced))) if advanced.unknown
        else (),
        insights=_insights(node.get("insight_selector")),
        tags=_tags(scope, instance),
        existence=instance.existence,
        origin=origin,
        s3_bucket_ref=_linked(scope, instance, "s3_bucket_name", "aws_s3_bucket"),
        sns_topic_ref=_linked(scope, instance, "sns_topic_name", "aws_sns_topic"),
        kms_key_ref=_linked(scope, instance, "kms_key_id", "aws_kms_key", "aws_kms_alias"),
        cloudwatch_logs_group_ref=_linked(scope, instance, "cloud_watch_logs_group_arn", "aws_cloudwatch_log_group"),
        cloudwatch_logs_role_ref=_linked(scope, instance, "cloud_watch_logs_role_arn", "aws_iam_role"),
        deployment=instance.deployment or scope.deployment(instance),
        kept_until_replaced=instance.replaced_by_create,
        converted=instance.converted,
        holes=holes,
        branches=instance.branches,
        region_at=instance.region_at if region_key == "region" else None,
        log_group_arn_versioned=instance.log_group_arn_versioned,
    )
    if scope.kind is InputKind.TERRAFORM_HCL and isinstance(node.value, dict):
        found = replace(found, unsupported=_misspelt(node.value))
    # required arguments: terraform validate rejects a trail without a name, CreateTrail one without a bucket (TL211)
    if found.existence in _REQUIRED_WHEN:
        if found.s3_bucket is None and _left_out(scope, instance, "s3_bucket_name"):
            found = replace(found, s3_bucket=UNKNOWN)
        if name is None and _left_out(scope, instance, "name"):
            name = UNKNOWN
        missing = tuple(field for field, value in (("name", name), ("s3_bucket", found.s3_bucket)) if value is None)
        found = replace(found, missing=missing) if missing else found
    for field_name, value in (("name", found.name), ("region", found.region)):
        if value is UNKNOWN and field_name not in found.missing:
            message = f"{field_name} of trail {instance.address} is not known before apply" \
                if field_name == "name" or not disagreement else \
                f"home Region of {instance.address} is not known: {disagreement}; Region checks (quota, coverage, " \
                "cost) leave it out"
            problems.append(Problem(message,
                                    origin.of(field_name), resource=instance.address,
                                    account=found.account if isinstance(found.account, str) else None,
                                    region=found.region if isinstance(found.region, str) else None))
    return without_placeholders(found, problems, instance.address)


def _left_out(scope: Reading, instance: Instance, attribute: str) -> bool:
    """Whether a plan's ``after`` leaves ``attribute`` out, with no ``after_unknown`` mark, while the plan's
    configuration sets it to something other than null: a plan trimmed by hand (another tool's test
    fixture) that dropped the unknown marks. Terraform lists a null value as null and marks a value
    known only after apply in ``after_unknown``, so the value is set, and not known offline."""
    node = instance.node
    if not isinstance(node.value, dict) or attribute in node.value or node.get(attribute).mark is not None:
        return False
    written = expression(scope.config, instance, attribute)
    return bool(written) and written != {"constant_value": None}


# the existences whose trail must have its required arguments (read once: enum members cost a call to read)
_REQUIRED_WHEN = MADE


def _misspelt(written: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The arguments of a .tf trail that aws_cloudtrail does not have ("An argument named … is not
    expected here"), each with the one it resembles. A name like none is left alone: it may be an
    argument of a provider version trail-lint does not know yet."""
    import difflib

    found = []
    for key in written:
        if key not in _TRAIL_ARGUMENTS:
            close = difflib.get_close_matches(key, _TRAIL_SETTABLE, n=1, cutoff=0.75)
            if close:
                found.append((key, close[0]))
    return tuple(found)


def _linked(scope: Reading, instance: Instance, attribute: str, *types: str) -> str | None:
    """The address of the one resource an argument refers to (``aws_s3_bucket.logs.id``), so a
    name known only after apply still links the trail to its bucket, topic or key. A KMS alias
    leads on to the key it names (``target_key_id``). An argument a missing input may make name
    another resource (Instance.open_links) links to none: which one it names is not known."""
    if attribute in instance.open_links:
        return None
    linked = scope.link(instance, attribute, *types)
    if len(linked) == 1 and linked[0].type == "aws_kms_alias":
        linked = scope.link(linked[0], "target_key_id", "aws_kms_key")
    return linked[0].address if len(linked) == 1 and not _names_another(instance, attribute, linked[0]) else None


# The values an argument that refers to a bucket or topic takes when it is that resource
# (a trail's sns_topic_name takes the topic's name or ARN)
_NAMED_BY = {"aws_s3_bucket": ("bucket",), "aws_sns_topic": ("name", "arn")}


def _names_another(instance: Instance, attribute: str, linked: Instance) -> bool:
    """Whether the argument's value, known, is none of the known names of the resource it refers to:
    ``coalesce(var.archive_bucket, aws_s3_bucket.trail.id)`` with the variable set names another
    bucket, and a value known before apply never comes from a name known only after it."""
    if linked.type not in _NAMED_BY:
        return False
    value = text(instance.node, attribute)
    names = {name for key in _NAMED_BY[linked.type] if isinstance(name := text(linked.node, key), str)}
    return isinstance(value, str) and value not in names


def _selectors(scope: Reading, instance: Instance, node: Node) -> tuple[EventSelector, ...] | Unknown:
    blocks = items(node)
    if blocks is UNKNOWN:
        return UNKNOWN
    found = []
    for block in blocks:  # type: ignore[union-attr]
        read_write = text(block, "read_write_type")
        resources = items(block.get("data_resource"))
        found.append(EventSelector(
            read_write=ReadWrite.ALL if read_write is None else _read_write(read_write),
            management=flag(block, "include_management_events", True),
            exclude_management_sources=texts(block, "exclude_management_event_sources"),
            data_resources=UNKNOWN if resources is UNKNOWN else tuple(
                DataResource(UNKNOWN if (kind := text(r, "type")) is None else kind, texts(r, "values"))
                for r in resources),  # type: ignore[union-attr]
            origin=origin_of(scope, instance, block, _SELECTOR_KEYS),
        ))
    return tuple(found)


def _read_write(value: str | Unknown) -> ReadWrite | str | Unknown:
    return _READ_WRITE.get(value, value) if isinstance(value, str) else value


# read_write_type's values, each as its member (an enum iterated or called runs Python code: once here)
_READ_WRITE = {member.value: member for member in ReadWrite}


def _advanced(scope: Reading, instance: Instance, node: Node) -> tuple[AdvancedSelector, ...] | Unknown:
    blocks = items(node)
    if blocks is UNKNOWN:
        return UNKNOWN
    found = []
    for block in blocks:  # type: ignore[union-attr]
        node = block.get("field_selector")
        fields = items(node)
        found.append(AdvancedSelector(
            name=text(block, "name"),
            fields=UNKNOWN if fields is UNKNOWN else tuple(_field(f) for f in fields),  # type: ignore[union-attr]
            origin=origin_of(scope, instance, block, _ADVANCED_KEYS),
            known_fields=_known_fields(node) if fields is UNKNOWN else (),
        ))
    return tuple(found)


def _known_fields(node: Node) -> tuple[FieldSelector, ...]:
    """The field selectors known to be among those of a list not known offline: those written beside
    a dynamic block."""
    return tuple(_field(item) for item in _listed(items(known_blocks(node))))


_T = TypeVar("_T")


def _listed(found: tuple[_T, ...] | Unknown) -> tuple[_T, ...]:
    return found if isinstance(found, tuple) else ()




def _field(node: Node) -> FieldSelector:
    name = text(node, "field")
    # the provider writes null, not [], for operators that are not set
    values = node.value
    if type(values) is not dict or node.mark:
        operators: dict[str, Any] = {operator: texts(node, operator) for operator in FIELD_OPERATORS}
    else:   # nothing in it unknown: read as texts() reads it, without a call for each empty operator
        operators = {}
        for operator in FIELD_OPERATORS:
            value = values.get(operator)
            operators[operator] = () if value is None or value == [] else texts(node, operator)
    return FieldSelector(field=UNKNOWN if name is None else name, **operators)


def _insights(node: Node) -> tuple[Insight, ...] | Unknown:
    blocks = items(node)
    if blocks is UNKNOWN:
        return UNKNOWN
    found: list[Insight] = []
    for block in blocks:  # type: ignore[union-attr]
        kind = text(block, "insight_type")
        # the provider's insight_selector has no event categories: Insights on management events
        if kind is not None:
            found.append(Insight(kind))
    return tuple(found)


def _tags(scope: Reading, instance: Instance) -> tuple[Tag, ...] | Unknown:
    """The trail's tags as the AWS API receives them: ``tags_all`` (``tags`` with the provider's
    ``default_tags``), which a plan or state holds, where it is known; else ``tags`` with the default
    tags of its provider configuration (a .tf source's provider block, a plan's configuration), its
    own winning for a key both write; default tags not known offline are any number of tags more.
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block"""
    node = instance.node
    merged = node.get("tags_all")
    if not merged.unknown and merged.value is not None:
        return _tag_map(merged)
    own = node.get("tags")
    # two `tags { … }` blocks of a Terraform 0.11 source (one is read as the map): which map is meant is not known
    if own.unknown or (scope.kind is InputKind.TERRAFORM_HCL and isinstance(own.value, list)):
        return UNKNOWN
    written = _tag_map(own) if own.value is not None else ()
    defaults = instance.default_tags if instance.default_tags is not None else _configured_defaults(scope, instance)
    if defaults is None:
        return written
    if not isinstance(defaults, tuple):
        return (*written, Tag(UNKNOWN, UNKNOWN, At(node.file, node.path + ("tags",)), any_number=True))
    keys = {tag.key for tag in written}
    return (*written, *(tag for tag in defaults if tag.key not in keys))


def _configured_defaults(scope: Reading, instance: Instance) -> tuple[Tag, ...] | Unknown | None:
    """The default tags a plan's configuration gives the trail's provider configuration."""
    found = provider_default_tags(scope.config, instance) if scope.config.providers else None
    if found is None:
        return None
    value, path = found
    if not isinstance(value, dict):
        return UNKNOWN
    at = At(instance.node.file, path)
    return tuple(Tag(str(key), _tag_value(Node(item, None, at.file, path)), at) for key, item in value.items())


def _tag_map(held: Node) -> tuple[Tag, ...]:
    if not isinstance(held.value, dict):
        raise held.fail("must be a map")
    # Terraform may leave unknown values out of a map but keep their marks
    names = dict.fromkeys((*held.value, *(held.mark if isinstance(held.mark, dict) else ())))
    return tuple(Tag(name, _tag_value(held.get(name)), At(held.file, held.path + (name,))) for name in names)


def _tag_value(node: Node) -> str | None | Unknown:
    # map(string): Terraform converts a number or bool written in a configuration to its string
    if isinstance(node.value, bool) and not node.unknown:
        return "true" if node.value else "false"
    if isinstance(node.value, (int, float)) and not node.unknown:
        return str(node.value)
    return text(node, empty_is_none=False)


def bucket(scope: Reading, instance: Instance, problems: list[Problem]) -> Bucket:
    node = instance.node
    region, _key = region_of(scope, instance, ())
    name = text(node, "bucket")
    inline = node.get("policy")
    # the deprecated inline `policy` argument; computed, so unknown alone says nothing, but an
    # unknown value the configuration sets is a policy (built after apply), not a missing one
    given = (isinstance(inline.value, str) and inline.value) or (inline.unknown and scope.configures(instance, "policy"))
    policy = policy_attr(scope, instance, "policy", problems) if given else None
    acl = text(node, "acl")
    if acl is UNKNOWN and instance.existence in MADE and config_resource(scope.config, instance) \
            and not any(scope.configures(instance, given) for given in ("acl", "grant")):
        # computed, known only after apply, but a bucket created without an ACL or grants has the
        # default one, private (aws_s3_bucket_acl, if any, sets another: _with_acls)
        # https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
        acl = None
    found = Bucket(name=UNKNOWN if name is None else name, region=region, account=scope.account_of(instance),
                   policy=policy, origin=origin_of(scope, instance, node, BUCKET_KEYS),
                   acl=acl, existence=instance.existence,
                   deployment=instance.deployment or scope.deployment(instance))
    return inline_settings(scope, instance, found)


def _with_acls(scope: Reading, buckets: list[Bucket], acls: Sequence[Instance]) -> list[Bucket]:
    """A canned ACL set by aws_s3_bucket_acl (provider v4+) belongs to its bucket, found by name
    or by the configuration's reference."""
    for instance in acls:
        acl = text(instance.node, "acl")
        if acl is None:
            continue    # access_control_policy grants: not a canned ACL
        name = text(instance.node, "bucket")
        linked = {i.address for i in scope.link(instance, "bucket", "aws_s3_bucket")}
        if name is UNKNOWN and not linked:
            # its bucket is not known: any bucket's ACL may be this one, said where its bucket is set
            place = attribute_origin(scope, instance, "bucket")
            other = scope.named_not(instance, "bucket", "aws_s3_bucket")
            # None: the default; a bucket whose own ACL is not known may differ from this one too
            buckets = [replace(found, acl=UNKNOWN, settings=(*found.settings, ("acl", place)))
                       if (found.acl is UNKNOWN or (found.acl or "private") != acl)
                       and found.origin.resource not in other else found
                       for found in buckets]
            continue
        for index, found in enumerate(buckets):
            if names_bucket(name, linked, found):
                place = origin_of(scope, instance, instance.node, {"acl": "acl"})
                buckets[index] = replace(found, acl=acl, settings=(*found.settings, ("acl", place)))
    return buckets
