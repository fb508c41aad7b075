"""The model: what the normalisers produce and the rules read, in trail-lint's own words.

Every input format is normalised into these frozen values. Fields that cannot be known
offline (a CloudFormation intrinsic, a Terraform "known after apply" value) hold
``UNKNOWN``, never a guessed default. ``origin`` fields are excluded from equality, so the
same trail read from different formats compares equal.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from enum import Enum

from trail_lint.records import record
from trail_lint.switches import Switch

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.finding import SharedCause

Path = tuple[str | int, ...]


class Unknown:
    """A value that cannot be known offline."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:  # noqa: PYI034 - one shared instance; subclasses define their own __new__
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:  # an unknown is never silently truthy or falsy
        raise TypeError("UNKNOWN has no truth value; compare with `is True` / `is False`")

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN = Unknown()
Tri = bool | Unknown      # three-valued logic: True, False or UNKNOWN


def any_of(values: Iterable[Tri]) -> Tri:
    """Three-valued OR."""
    return _settled(values, True)


def all_of(values: Iterable[Tri]) -> Tri:
    """Three-valued AND."""
    return _settled(values, False)


def _settled(values: Iterable[Tri], decisive: bool) -> Tri:
    """``decisive`` if some value is, its opposite if every value is that, else UNKNOWN."""
    # Plain loops: called for every selector and trail of a run (a snapshot: hundreds of thousands
    # of times), where two generators cost more than the answer.
    seen = tuple(values)
    for value in seen:
        if value is decisive:
            return decisive
    other = not decisive
    for value in seen:
        if value is not other:
            return UNKNOWN
    return other


@record(order=True)
class Position:
    line: int
    column: int


@record
class At:
    """A place in an input: a file and a path into its loaded document."""

    file: str
    path: Path = ()


class InputKind(str, Enum):
    """The kind of input a model object was read from (one per reader)."""

    TERRAFORM_PLAN = "terraform-plan"
    TERRAFORM_STATE = "terraform-state"
    TERRAFORM_HCL = "terraform-hcl"
    TERRAFORM_HCL_SOURCE = "terraform-hcl-source"   # --source-dir: only its suppressions are used
    CLOUDFORMATION = "cloudformation"
    AWS_CLI = "aws-cli"
    AWS_IAM = "aws-iam"
    AWS_MANAGED = "aws-managed"                     # the AWS managed policies shipped with trail-lint
    SNAPSHOT_MANIFEST = "snapshot-manifest"         # a snapshot directory's manifest.json (its failures)
    AWS_ORGANIZATIONS = "aws-organizations"         # AWS Organizations CLI output: OUs, accounts, SCPs
    CFCT_MANIFEST = "cfct-manifest"                 # a Customizations for Control Tower manifest.yaml
    NONE = ""                                       # built in code (tests)


# The "file" of the AWS managed policies shipped with trail-lint (normalise/aws_managed.py): their
# statements have no line in the user's inputs.
SHIPPED_FILE = "<aws managed policies>"
# The "file" of what the root user of an account may do without any policy (iam/root.py): no line
# in the user's inputs either.
ROOT_USER_FILE = "<root user>"


# Kinds of the inputs that define trails (what will exist), as opposed to those that
# describe what exists now (state, AWS CLI output). Two definitions of one name in one account
# and Region are two trails that cannot both be created (TL214), unless they are one Terraform
# resource read from its plan and its .tf source.
DEFINITIONS = frozenset({InputKind.TERRAFORM_PLAN, InputKind.CLOUDFORMATION, InputKind.TERRAFORM_HCL})


@record
class Origin:
    """Where a model object came from, and how its input spells each field."""

    file: str
    path: Path
    # model field -> its key as this input spells it (a path where nested), or its place in another
    # input that holds it (a trail's selectors or logging state joined from get-event-selectors,
    # get-insight-selectors or get-trail-status output)
    keys: Mapping[str, str | Path | At] = field(default_factory=dict, hash=False)
    resource: str = ""  # Terraform address, CloudFormation logical id, or trail name/ARN
    kind: InputKind = InputKind.NONE
    # .tf sources: the directory of the root module the object was read in. Root modules of one run
    # that call one module give the same addresses; a reference reaches only its own root's.
    root: str = ""

    def of(self, model_field: str) -> At:
        key = self.keys.get(model_field, model_field)
        if isinstance(key, At):
            return key
        suffix: Path = key if isinstance(key, tuple) else (key,)
        return At(self.file, self.path + suffix)

    @property
    def at(self) -> At:
        return At(self.file, self.path)

    @property
    def ref_scope(self) -> str:
        """Where a reference (logical id, resource address) names one resource: a CloudFormation
        template or a plan is one file; the `.tf` files of one root module and the modules it calls
        share their addresses."""
        return f"{InputKind.TERRAFORM_HCL.value}:{self.root}" if self.kind is InputKind.TERRAFORM_HCL else self.file


# --- CloudTrail ------------------------------------------------------------------------

class ReadWrite(str, Enum):
    ALL = "All"
    READ_ONLY = "ReadOnly"
    WRITE_ONLY = "WriteOnly"


@record
class DataResource:
    type: str | Unknown
    values: tuple[str | Unknown, ...] | Unknown


@record
class EventSelector:
    """A basic event selector. Defaults are applied by the normaliser (All, management on)."""

    read_write: ReadWrite | str | Unknown = ReadWrite.ALL
    management: bool | Unknown = True
    exclude_management_sources: tuple[str | Unknown, ...] | Unknown = ()
    data_resources: tuple[DataResource, ...] | Unknown = ()
    origin: Origin | None = field(default=None, compare=False, repr=False)


FIELD_OPERATORS = ("equals", "starts_with", "ends_with", "not_equals", "not_starts_with", "not_ends_with")


@record
class FieldSelector:
    field: str | Unknown
    equals: tuple[str | Unknown, ...] | Unknown = ()
    starts_with: tuple[str | Unknown, ...] | Unknown = ()
    ends_with: tuple[str | Unknown, ...] | Unknown = ()
    not_equals: tuple[str | Unknown, ...] | Unknown = ()
    not_starts_with: tuple[str | Unknown, ...] | Unknown = ()
    not_ends_with: tuple[str | Unknown, ...] | Unknown = ()
    extra_keys: tuple[str, ...] = ()  # operators the API does not know, as the input spelled them
    empty: tuple[str, ...] = ()       # operators given an empty list, as the input spelled them


@record
class AdvancedSelector:
    name: str | None | Unknown
    fields: tuple[FieldSelector, ...] | Unknown
    origin: Origin | None = field(default=None, compare=False, repr=False)
    # where ``fields`` is not known: field selectors known to be among them (a Terraform block written
    # beside a dynamic block over a for_each not known offline), values not known in them UNKNOWN
    known_fields: tuple[FieldSelector, ...] = field(default=(), compare=False, repr=False)


@record
class Aggregation:
    """An aggregation configuration of a trail's events: the event category and the templates
    (API AggregationConfiguration) its 5-minute summaries follow."""

    category: str | None | Unknown                  # None: not written (it is required)
    templates: tuple[str | Unknown, ...] | Unknown  # (): none written (at least one is required)
    at: At | None = field(default=None, compare=False, repr=False)


@record
class Insight:
    """An Insights selector: its type and the event categories it analyses (absent: Management only)."""

    type: str | Unknown
    categories: tuple[str | Unknown, ...] | Unknown = ("Management",)
    at: At | None = field(default=None, compare=False, repr=False)   # when read apart from its trail


@record
class Tag:
    """One tag written on a trail: its key and its value (None: written without one).
    ``any_number``: it stands for tags not known offline, as many as they may be (a Terraform
    provider's ``default_tags`` given by a variable without a value, or by an expression a plan does
    not evaluate); its key and value are UNKNOWN."""

    key: str | Unknown
    value: str | None | Unknown
    at: At | None = field(default=None, compare=False, repr=False)
    any_number: bool = False


@record
class DeliveryError:
    """An error `get-trail-status` reports for the latest delivery attempt, as the API spells its key."""

    key: str                  # "LatestDeliveryError", "LatestDigestDeliveryError", ...
    message: str              # the error as reported: "AccessDenied", "NoSuchBucket", ...
    at: At


@record
class Deployment:
    """What deploys a trail, as its input says: one provider configuration of a Terraform root
    module, or one CloudFormation stack (its template). Every trail of one deployment is in one
    account and one Region, even when no input states which. Provider configurations of one root
    module that differ only in their Region share the account key, not the Region key."""

    key: str                        # the account identity: root module + provider account settings, or the file
    label: str                      # how messages name it: "provider aws (profile prod) of infra/a"
    names: tuple[str, ...] = ()     # what `accounts:` in the configuration may call it
    account: str | None = None      # the account the deployment itself names (allowed_account_ids, role ARN, ...)
    region_key: str = ""            # the identity of its one Region ("": its trails may be in several)
    region_label: str = ""          # how messages name that Region when it is not known: "the stack's Region"


@record
class Scope:
    """The account and Region a trail is in, as far as the inputs tie them; set once, when the
    inventory is built (trail_lint/inventory.py), and read by every rule that compares trails.

    ``account`` and ``region`` are grouping keys: the account ID and the Region name when known,
    else the key of the deployment that certainly shares them (trails of one provider
    configuration share an account and a Region even when nobody says which)."""

    account: str                    # account ID, or the deployment's key when no input ties an account
    account_label: str              # "account 111122223333", or the deployment's label
    region: str | None              # Region name, or the deployment's key for its one unknown Region; None: unknown
    region_label: str = ""          # "us-east-1", or "the stack's Region"
    account_id: str | None = None   # the account ID, when known
    region_name: str | None = None  # the Region name, when known

    def apart(self, other: Scope) -> bool:
        """Certainly different accounts: two different known account IDs."""
        return self.account != other.account and self.account_id is not None and other.account_id is not None


class Existence(str, Enum):
    """Whether a trail exists once the inputs are applied."""

    EXISTS = "exists"          # present now and kept (describe-trails, state, plan no-op/update)
    CREATED = "created"        # created by a plan or template
    DELETED = "deleted"        # removed by a plan: it does not exist after apply
    CONDITIONAL = "conditional"  # exists only if a CloudFormation condition holds


@record
class Branch:
    """One value a trail's setting takes where conditions settled only at deployment choose between
    values (a CloudFormation ``Fn::If``, a Terraform conditional): the value (None: unset), where it
    is taken, and whether it is AWS's own (a resource's ARN or name known only after deployment,
    ``!GetAtt LogGroup.Arn``, ``aws_iam_role.r[0].arn``), which is set and of a valid form."""

    value: str | bool | None | Unknown
    when: Switch
    own: bool = False


@record
class Trail:
    name: str | Unknown
    account: str | None | Unknown = None     # None: the run's account (no ARN, --account or config)
    region: str | None | Unknown = None      # home Region; None: not stated by the input
    arn: str | None | Unknown = None
    multi_region: bool | Unknown = False
    organization: bool | Unknown = False
    include_global_events: bool | Unknown = True
    logging: bool | None | Unknown = None    # None: the input does not say (describe-trails)
    log_file_validation: bool | Unknown = False
    kms_key_id: str | None | Unknown = None
    s3_bucket: str | None | Unknown = None
    s3_key_prefix: str | None | Unknown = None
    sns_topic: str | None | Unknown = None
    cloudwatch_logs_group_arn: str | None | Unknown = None
    cloudwatch_logs_role_arn: str | None | Unknown = None
    # Selectors: () means "none configured" (= all management events, no data events).
    event_selectors: tuple[EventSelector, ...] | Unknown = ()
    advanced_selectors: tuple[AdvancedSelector, ...] | Unknown = ()
    # Where ``event_selectors`` (``advanced_selectors``) is UNKNOWN: selectors known to be among them
    # (Terraform blocks written beside a dynamic block over a for_each not known offline), values not
    # known in them UNKNOWN; more, not known, may be beside them (selectors.recording.known_part).
    known_event_selectors: tuple[EventSelector, ...] = field(default=(), compare=False, repr=False)
    known_advanced_selectors: tuple[AdvancedSelector, ...] = field(default=(), compare=False, repr=False)
    insights: tuple[Insight, ...] | Unknown = ()
    aggregations: tuple[Aggregation, ...] | Unknown = ()    # AggregationConfigurations, where the input has them
    # The tags a template or configuration writes, or list-tags output gives (UNKNOWN for a trail read
    # from other AWS CLI output without it),
    # for TL224 and, where they are all of the trail's (iam.access.trail_tags), for conditions on
    # aws:ResourceTag; not compared, since not every input that holds the trail holds its tags.
    tags: tuple[Tag, ...] | Unknown = field(default=(), compare=False, repr=False)
    existence: Existence = Existence.EXISTS
    origin: Origin = field(default_factory=lambda: Origin("", ()), compare=False, repr=False)
    # The resource the bucket/topic/key argument refers to, when the input links it (CloudFormation
    # logical id, Terraform address): the link that survives a name generated at deploy time.
    s3_bucket_ref: str | None = field(default=None, compare=False, repr=False)
    sns_topic_ref: str | None = field(default=None, compare=False, repr=False)
    kms_key_ref: str | None = field(default=None, compare=False, repr=False)
    cloudwatch_logs_group_ref: str | None = field(default=None, compare=False, repr=False)
    cloudwatch_logs_role_ref: str | None = field(default=None, compare=False, repr=False)
    # What get-trail-status says about the latest deliveries (joined to the trail by the inventory).
    delivery_errors: tuple[DeliveryError, ...] = field(default=(), compare=False, repr=False)
    # Required arguments the input leaves out, as model fields ("s3_bucket", "logging"): the API
    # or CloudFormation rejects the trail (TL211). Only for trails still to be created.
    missing: tuple[str, ...] = ()
    # Keys the input writes that the resource type does not have ("IsMultiRegion"), each with the one it
    # most resembles ("IsMultiRegionTrail", or ""): the deployment is rejected (TL223).
    unsupported: tuple[tuple[str, str], ...] = ()
    deployment: Deployment | None = field(default=None, compare=False, repr=False)
    scope: Scope | None = field(default=None, compare=False, repr=False)    # set by the inventory
    # A plan replaces the trail with create_before_destroy: it is deleted only after its
    # replacement exists, so it still counts at the peak during apply (its existence is DELETED).
    kept_until_replaced: bool = field(default=False, compare=False, repr=False)
    # A plan's update turns IsOrganizationTrail on or off: UpdateTrail converts the trail, which "only
    # the management account for the organization can" do (API UpdateTrail; TL226).
    converted: bool = field(default=False, compare=False, repr=False)
    # Fields not known offline that the reader knows by what they are (model.Hole): the value
    # with named holes, by field ("s3_bucket", "account", ...).
    holes: Mapping[str, Text] = field(default_factory=dict, compare=False, repr=False)
    # Fields whose value conditions settled only at deployment choose: each value it may take, and
    # where (switches.Switch); a value taken under no condition the run can decide is not here.
    branches: Mapping[str, tuple[Branch, ...]] = field(default_factory=dict, compare=False, repr=False)
    # Where the home Region is written when not in the trail's own block: the ``region`` of the
    # Terraform provider configuration the trail takes it from (.tf sources). None: at ``origin``.
    region_at: At | None = field(default=None, compare=False, repr=False)
    # The log group ARN is a Terraform aws_cloudwatch_log_group's ``arn`` as such, which ends in ``:*``
    # before AWS provider 3.0 and not from it, and the configuration allows versions on both sides.
    log_group_arn_versioned: bool = field(default=False, compare=False, repr=False)

    @property
    def label(self) -> str:
        """How findings name the trail."""
        if isinstance(self.name, str):
            return self.name
        return self.origin.resource or "<unnamed trail>"


@record
class TrailStatus:
    """`get-trail-status` output: whether a trail is logging."""

    trail: str | None          # name or ARN when the input says; get-trail-status output does not
    logging: bool | Unknown
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    errors: tuple[DeliveryError, ...] = ()


@record
class SelectorSet:
    """`get-event-selectors` (or `get-insight-selectors`) output, attached to its trail by ARN."""

    trail_arn: str | None
    event_selectors: tuple[EventSelector, ...] | Unknown | None      # None: get-insight-selectors output
    advanced_selectors: tuple[AdvancedSelector, ...] | Unknown | None
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    insights: tuple[Insight, ...] | None = None                      # None: get-event-selectors output


@record
class TrailTags:
    """`aws cloudtrail list-tags` output for one trail: every tag it has, attached to it by ARN."""

    trail_arn: str
    tags: tuple[Tag, ...]
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))


@record
class Snapshot:
    """What an AWS CLI describe-trails file says about the Region it was taken in."""

    region: str | None | Unknown
    account: str | None
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    trail_count: int | None = None   # how many trails (shadow copies included) the output lists


# --- Values with unknown parts ------------------------------------------------------------

@record
class Hole:
    """Unknown characters in a value: one or more within one ARN or key segment, or (``anything``)
    any text. A hole with a ``name`` is a value the reader knows by what it is though not by its
    text (the name of a bucket of the same template, the stack's account): two holes of one name
    stand for the same text, so a policy pattern and CloudTrail's request that hold the same hole
    can be compared. An unnamed hole is like no other hole."""

    anything: bool = False
    name: str = ""
    chars: str = ""          # the characters it may hold, when fewer than any (an account ID's digits)


Part = str | Hole
Text = tuple[Part, ...]          # a string some of whose parts may be holes


ACCOUNT_CHARS = "0123456789"     # the characters of an account ID, what a hole for one may hold
# An AWS account ID is "a 12-digit number, such as 012345678901" (Account Management Reference Guide,
# https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html): a hole of
# ACCOUNT_CHARS holds exactly that many.
ACCOUNT_ID_LENGTH = 12
# What a log group's name may hold: "a-z, A-Z, 0-9, '_', '-', '/', '.', and '#'" (CloudWatch Logs API
# Reference, CreateLogGroup), never the ':' of an ARN.
LOG_GROUP_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-/.#"


def length_bounds(text: Text) -> tuple[int, int | None]:
    """The fewest and most characters a value with holes may have (None: no most): an account ID's
    hole is ACCOUNT_ID_LENGTH characters, any other at least one (``anything``: none) and no most."""
    low = 0
    high: int | None = 0
    for part in text:
        if isinstance(part, str):
            width: int | None = len(part)
            low += len(part)
        elif part.chars == ACCOUNT_CHARS and not part.anything:
            width = ACCOUNT_ID_LENGTH
            low += ACCOUNT_ID_LENGTH
        else:
            width = None
            low += 0 if part.anything else 1
        high = None if high is None or width is None else high + width
    return low, high


def hole_name(deployment: str, what: str) -> str:
    """The name of a value a deployment (a stack, a provider configuration) fixes: its account,
    Region or partition (``what``), or one of its resources' names and ARNs."""
    return f"{deployment}#{what}"


_TERRAFORM = "terraform:"


def terraform_key(*parts: str) -> str:
    """The key of a thing a Terraform input defines, by its place: the root module or Terragrunt
    unit, then what names it there (a module instance: "terraform:envs/prod:module.trail"). The keys
    and Region keys of Terraform deployments and the deployment part of their ``hole_name`` are
    all spelt so."""
    return _TERRAFORM + ":".join(parts)


def is_terraform_key(key: str) -> bool:
    """Whether ``key`` is a ``terraform_key``."""
    return key.startswith(_TERRAFORM)


_BUCKET_RESOURCE, _BUCKET_NAME = "aws_s3_bucket.", ".bucket"


def terraform_bucket_hole(resource: str, key: int | str | None) -> str:
    """The ``what`` of ``hole_name`` for the name of the bucket ``aws_s3_bucket.RESOURCE[KEY]`` of a
    Terraform module instance, known only after apply ("aws_s3_bucket.logs[0].bucket"): one name
    wherever the bucket's id, name or ARN is used."""
    return f"{_BUCKET_RESOURCE}{resource}{'' if key is None else f'[{key}]'}{_BUCKET_NAME}"


def is_terraform_bucket_hole(name: str) -> bool:
    """Whether a hole's name (``hole_name``) is a ``terraform_bucket_hole`` of a Terraform deployment
    (``terraform_key``)."""
    deployment, mark, what = name.partition("#")
    return bool(mark) and is_terraform_key(deployment) and "#" not in what \
        and what.startswith(_BUCKET_RESOURCE) and what.endswith(_BUCKET_NAME) \
        and len(what) > len(_BUCKET_RESOURCE) + len(_BUCKET_NAME)


def selector_value_key(*place: str | int) -> str:
    """Where Trail.holes holds a selector value with named holes, by its place in the trail's
    selectors: "event_selectors/0/data_resources/1/values/0", "advanced_selectors/0/fields/2/starts_with/0"."""
    return "/".join(map(str, place))


# --- IAM -------------------------------------------------------------------------------

@record
class Condition:
    operator: str
    key: str
    values: tuple[object, ...]


# Principal / NotPrincipal: kind ("AWS", "Service", "Federated", "CanonicalUser") -> identifiers.
# Identifiers UNKNOWN: principals of that kind whose identifiers cannot be known offline (an ARN
# written with !Sub or a Terraform template), none of which can be "*": a reader keeps the kind
# only when every unknown identifier has literal text of its own; an identifier that may be
# anything makes the whole element UNKNOWN. A kind with a known "*" keeps ("*",)-like identifiers.
Principals = Mapping[str, tuple[str, ...] | Unknown]


def statement_name(sid: str | None, index: int) -> str:
    """How a message names a policy statement: by its Sid (``statement 'DenyStopLogging'``), else by
    its number in the policy's list of statements, counted from 1 (``statement 2``)."""
    return f"statement {sid!r}" if sid else f"statement {index + 1}"


@record
class Statement:
    effect: str | Unknown                           # "Allow" / "Deny" (case-sensitive); anything else is invalid
    actions: tuple[str, ...] | Unknown = ()         # Action; empty when NotAction is used
    not_actions: tuple[str, ...] | Unknown | None = None
    resources: tuple[str, ...] | Unknown = ()
    not_resources: tuple[str, ...] | Unknown | None = None
    conditions: tuple[Condition, ...] | Unknown = ()
    principals: Principals | Unknown | None = None   # resource policies only
    not_principals: Principals | Unknown | None = None
    sid: str | None = None
    # What is known of elements that hold values not known offline (UNKNOWN above), for the
    # checks that can compare named holes: None when no element has such parts.
    holes: Holes | None = field(default=None, compare=False, repr=False)
    # "Action" / "Resource" when written as an empty list, which the fields above hold as absent:
    # beside NotAction / NotResource, IAM rejects the statement all the same (iam.evaluator.rejected)
    written_empty: tuple[str, ...] = field(default=(), repr=False)
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    # Made by a Terraform dynamic block over a for_each not known offline: the statement as written
    # in its content, of which there may be any number of copies, maybe none. Where it would apply,
    # it may or may not: an Allow can only add, a Deny only take away (iam.conditions.settle).
    maybe: bool = False
    # What the for_each of the dynamic block that makes it is over, where it is one collection: the
    # statements of one policy made over the same one are there together, as many copies of each, or
    # none (iam.conditions.tied_denies); None: untied (not maybe there, or a for_each that may differ).
    made_over: str | None = None
    # Why its parts not known offline are not known, where the reader says so (a template parameter
    # without a value): what the statement leaves open is said in that cause's TL002 (iam.resolve).
    cause: Cause | None = field(default=None, compare=False, repr=False)


@record
class Holes:
    """A statement's Resource, NotResource, Condition, Principal and NotPrincipal elements with their
    unknown parts as holes (``Text``), where the statement's own element is UNKNOWN: None for an
    element that is known, or not known at all. Condition values are ``Text`` where they have holes."""

    resources: tuple[Text, ...] | None = None
    not_resources: tuple[Text, ...] | None = None
    conditions: tuple[Condition, ...] | None = None
    # Principal and NotPrincipal: for each kind whose identifiers the statement holds as UNKNOWN, all
    # of them as Text (`logs.${region}.amazonaws.com` is never CloudTrail's service principal)
    principals: tuple[tuple[str, tuple[Text, ...]], ...] | None = None
    not_principals: tuple[tuple[str, tuple[Text, ...]], ...] | None = None


@record
class Policy:
    """A policy document. ``statements`` is UNKNOWN when the document itself is unknown."""

    name: str
    statements: tuple[Statement, ...] | Unknown
    arn: str | None = None
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    # The Version element as written (JSON text for a value that is not a string), None when absent
    # (2008-10-17), UNKNOWN when not known offline; iam.evaluator.document_rejected reads it.
    version: str | Unknown | None = field(default=None, repr=False)
    # An AWS managed policy shipped reduced (normalise/aws_managed.py): the 1-based number of each
    # statement in the whole document, which names it in decisions; None: its place here.
    numbers: tuple[int, ...] | None = field(default=None, compare=False, repr=False)
    # The fewest characters other than white space that any JSON text of the document holds, its
    # parts not known offline counting none: at most what IAM counts against its size quotas (it
    # does not count white space) and what AWS Organizations counts (it counts every character);
    # None when not read (iam.sizes).
    size: int | None = field(default=None, compare=False, repr=False)


def not_known_offline(statement: Statement) -> bool:
    """Whether an element of the statement (Effect, Action, NotAction, Resource, NotResource,
    Condition, or a condition's value) is not known offline."""
    conditions = statement.conditions
    if not isinstance(conditions, tuple):
        return True
    # loops, not generators: the access analysis asks it of every statement
    for element in (statement.effect, statement.actions, statement.not_actions, statement.resources,
                    statement.not_resources):
        if isinstance(element, Unknown):
            return True
    for condition in conditions:
        for value in condition.values:
            if isinstance(value, Unknown):
                return True
    return False


def statement_of(policy: Policy, index: int, statement: Statement, kind: str = "policy") -> str:
    """The statement at ``index`` of ``policy`` as a message names it (``statement 'DenyStopLogging'
    of policy guard``, ``statement 2 of SCP guard``)."""
    return f"{statement_name(statement.sid, index)} of {kind} {policy.name}"


class PrincipalKind(str, Enum):
    USER = "user"
    GROUP = "group"
    ROLE = "role"
    DOCUMENT = "document"   # a bare policy document file, analysed as an anonymous principal
    ROOT = "root"           # the root user of an account the inputs model (iam/root.py), never read from an input


@record
class PolicyRef:
    """A managed policy attached by ARN (resolved against the inventory or the shipped snapshot)."""

    arn: str | Unknown
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    cause: Cause | None = field(compare=False, repr=False, default=None)   # why the ARN is unknown, if told


@record
class Principal:
    id: str                                   # ARN when known, else Terraform address / logical id
    kind: PrincipalKind
    name: str | Unknown
    account: str | None = None
    inline_policies: tuple[Policy, ...] = ()
    managed_policies: tuple[PolicyRef, ...] = ()
    boundary: PolicyRef | Policy | None = None
    groups: tuple[str, ...] = ()              # group ids (names) the user belongs to
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    # What policy variables read from the principal: its tags (UNKNOWN: the input does not
    # say) and the unique id of an IAM user (its aws:userid) or role (the part of its sessions'
    # aws:userid before the session name), when the input states them.
    tags: tuple[tuple[str, str], ...] | Unknown = UNKNOWN
    unique_id: str | None = None
    # A role's trust policy (who may assume it), when the input gives it; None: not in the input.
    # A reader may defer reading it (few roles are a trail's CloudWatch Logs role): trust_policy().
    trust: Policy | Callable[[], Policy] | None = field(default=None, compare=False, repr=False)
    # The deployment that declares it (a Terraform provider configuration, a stack), when the input
    # says: a principal of the deployment that manages the organization is in its management account
    # even where no input says which account that is (OrgNode.deployment), and config `accounts`
    # ties it by the deployment's names as it ties trails (Inventory.deployment_accounts, by its key).
    deployment: Deployment | None = field(default=None, compare=False, repr=False)
    # An IAM user's or role's partition and path where the input states them but not its ARN (a
    # CloudFormation template's role, in the stack's partition, at its Path or "/"; a Terraform one,
    # in its provider configuration's partition, at its `path` or "/"): its ARN is then
    # scope.arns.principal_arn of these, its name and its account, once the account is known.
    partition: str | None = None
    path: str | None = None

    @property
    def service_linked(self) -> bool:
        """A service-linked role (path /aws-service-role/): only its service may assume it, and SCPs do
        not restrict it. https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html"""
        return self.kind is PrincipalKind.ROLE and (":role/aws-service-role/" in self.id
                                                     or (self.path or "").startswith("/aws-service-role/"))


def trust_policy(principal: Principal) -> Policy | None:
    """The role's trust policy, read now if its reader deferred it; None when the input does not give it."""
    trust = principal.trust
    return trust if trust is None or isinstance(trust, Policy) else trust()


@record
class ServiceControlPolicy:
    policy: Policy
    # Where the inputs attach it: account ids, OU ids or root ids, else the Terraform address or
    # logical id of the OU/account/organization; UNKNOWN: an attachment whose target is unknown.
    targets: tuple[str | Unknown, ...] = ()
    detached_from: tuple[str, ...] = ()       # targets the inputs remove it from (FullAWSAccess)
    # where the inputs write the targets that are UNKNOWN (a Terraform target_id), when they say
    unknown_at: tuple[At, ...] = field(default=(), compare=False)


@record
class ResourceControlPolicy:
    """A resource control policy (RCP): the most a resource of a member account lets any principal do
    with it, service principals too. Kept apart from SCPs: it never limits what a principal may do
    elsewhere, only what is done to the resources of the accounts it reaches.
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html"""

    policy: Policy
    # Where the inputs attach it, as ServiceControlPolicy.targets says.
    targets: tuple[str | Unknown, ...] = ()
    unknown_at: tuple[At, ...] = field(default=(), compare=False)


def untyped_policy(name: str, when: str) -> str:
    """What an Organizations policy whose type the inputs leave open (a variable, a condition) leaves
    unread: as an SCP it would limit the principals the access checks read, as an RCP the resources the
    delivery checks read. Readers say it at the policy's type (a consequence of its cause, if any)."""
    return (f"Organizations policy {name} is read neither as an SCP, which limits principals (TL215, TL401, TL405, "
            "TL406, TL407 and `trail-lint access`), nor as an RCP, which limits resources (TL207, TL209, TL215 and "
            f"TL220), as its type is not known {when}")


class OrgNodeKind(str, Enum):
    ROOT = "root"
    UNIT = "organizational unit"
    ACCOUNT = "account"
    MANAGEMENT = "management account"       # the account that owns the organization


@record
class OrgNode:
    """A root, organizational unit or account of an organization: where SCPs are attached.

    ``id`` is the AWS id (r-…, ou-…, account id) when known, else the Terraform address or
    logical id, as attachment targets name it. ``parent`` is None for a root, and for an OU or
    account directly under the root when the input says so by leaving it out.
    """

    id: str
    kind: OrgNodeKind
    parent: str | None | Unknown = None
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    name: str | None = None         # the root's, OU's or account's name, when the input says
    # The management account as the deployment that manages the organization (only the management
    # account can create it: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-organizations-organization.html):
    # ``id`` is then that deployment's key where no input says its account ID; the inventory adds
    # the ID the run ties the deployment to (config `accounts`, --account).
    deployment: Deployment | None = field(default=None, compare=False, repr=False)
    # The management account's node: whether the organization has all features enabled (FeatureSet ALL,
    # the default) or consolidated billing only (False), where the input says; None where it does not;
    # UNKNOWN where it writes one not known offline (a Terraform value known after apply, a parameter
    # without a Default): TL226 says whether an organization trail can be created is not known.
    # https://docs.aws.amazon.com/organizations/latest/userguide/orgs_getting-started_concepts.html
    all_features: bool | Unknown | None = field(default=None, compare=False)
    # The management account's node: the organization's ID (o-…), where the input says (describe-organization,
    # a Terraform aws_organizations_organization's id); the value of aws:PrincipalOrgID of its members.
    organization: str | None = field(default=None, compare=False)


@record
class SnapshotFailure:
    """An API call a snapshot's manifest records as failed: what it would have returned is missing."""

    call: str                       # "cloudtrail:DescribeTrails", "sts:AssumeRole", ...
    code: str                       # "ThrottlingException", "AccessDenied", ...
    message: str
    account: str | None = None      # None: not about one account (the organization's structure)
    region: str | None = None       # None: not about one Region (the whole account, IAM)
    target: str | None = None       # the trail ARN, policy or parent id the call was about


@record
class SnapshotAccount:
    """An account a snapshot's manifest says it read, or tried to."""

    id: str
    name: str | None = None
    regions: tuple[str, ...] = ()   # the Regions whose describe-trails output the snapshot holds


@record
class Manifest:
    """What a snapshot's manifest.json says about the snapshot (docs/snapshot.md)."""

    accounts: tuple[SnapshotAccount, ...] = ()
    failures: tuple[SnapshotFailure, ...] = ()
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    # The organization's CloudTrail delegated administrators, every one (organizations
    # list-delegated-administrators --service-principal cloudtrail.amazonaws.com), when the snapshot
    # read them; None: not read.
    delegated_administrators: tuple[str, ...] | None = None
    organization: str | None = None         # the organization's ID (o-…), where the manifest says


# The service principal of CloudTrail: what its delegated administrators are registered for, and
# what it calls other services as (https://docs.aws.amazon.com/organizations/latest/APIReference/API_RegisterDelegatedAdministrator.html)
CLOUDTRAIL_PRINCIPAL = "cloudtrail.amazonaws.com"


@record
class DelegatedAdministrator:
    """An account an input registers as a CloudTrail delegated administrator of its organization
    (Terraform aws_cloudtrail_organization_delegated_admin_account, or aws_organizations_delegated_administrator
    for cloudtrail.amazonaws.com). One registration says the account is one, not that no other is: an
    organization may have up to three, registered anywhere; a snapshot's manifest lists every one
    (``Manifest.delegated_administrators``). ``trail_lint.delegation`` reads the two together.
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html"""

    account: str | Unknown          # UNKNOWN: known only after apply, or a variable without a value
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    # the service it is registered for: CloudTrail's, or UNKNOWN (an Organizations registration whose
    # service principal the inputs do not know: it may be CloudTrail's)
    service: str | Unknown = CLOUDTRAIL_PRINCIPAL


# --- Delivery chain resources -----------------------------------------------------------

@record
class PublicAccessBlock:
    """S3 Block Public Access settings of one bucket (an omitted flag is false)."""

    block_public_acls: bool | Unknown = False
    ignore_public_acls: bool | Unknown = False
    block_public_policy: bool | Unknown = False
    restrict_public_buckets: bool | Unknown = False
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    account: str | None = None      # for the account-level block: the account it covers (None: the run's)

    FLAGS = ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")


@record
class Bucket:
    name: str | Unknown
    region: str | None | Unknown = None
    account: str | None = None
    policy: Policy | None = None              # None: no policy in the inputs
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    acl: str | None | Unknown = None          # canned ACL ("private", "public-read", ...); None: not set
    existence: Existence = field(default=Existence.EXISTS, compare=False, repr=False)
    access_logging: bool | Unknown = False    # S3 server access logging
    versioning: bool | Unknown = False        # "Enabled" (Suspended and never enabled are False)
    mfa_delete: bool | Unknown = False
    object_lock: bool | Unknown = False
    public_access_block: PublicAccessBlock | None | Unknown = None   # None: no bucket-level block
    requester_pays: bool | Unknown = False    # the requester, not the bucket owner, pays for requests
    lifecycle: bool | Unknown = False         # an S3 Lifecycle configuration (retention of the log files)
    # S3 Object Ownership (BucketOwnerEnforced, BucketOwnerPreferred, ObjectWriter); None: not set, which is
    # BucketOwnerEnforced (ACLs disabled) for a bucket created since April 2023
    object_ownership: str | None | Unknown = None
    # The resources that make a setting on their own (aws_s3_bucket_versioning, ...): (setting, origin) pairs,
    # a tuple so that readers which relocate origins (the .tf reader) reach them.
    settings: tuple[tuple[str, Origin], ...] = field(default=(), compare=False, repr=False)
    # the provider configuration that creates it (Terraform): its trails' account is its own
    deployment: Deployment | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        """How findings name the bucket."""
        return self.name if isinstance(self.name, str) else self.origin.resource or "<unnamed bucket>"

    def setting(self, name: str) -> tuple[At, str]:
        """Where to fix a setting, and the resource to name: the resource that sets it, else the bucket."""
        found = dict(self.settings).get(name)
        return (found.at, found.resource) if found is not None else (self.origin.of(name), self.origin.resource)


@record
class ResourcePolicy:
    """A policy attached to a resource (bucket, topic, key) by reference."""

    target: str | Unknown                     # bucket name, topic ARN/name, key id/ARN, or reference
    service: str                              # "s3", "sns", "kms"
    policy: Policy
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    # The inputs create the topic or key with no policy of its own: it keeps the service's default
    # policy, which grants no service principal (``policy`` then has no statements).
    default: bool = False
    # the provider configuration that sets a KMS key's policy (Terraform): the key's account is its own
    deployment: Deployment | None = field(default=None, compare=False, repr=False)
    # A KMS key the inputs create: its key spec (KeySpec, customer_master_key_spec); None where not
    # written (SYMMETRIC_DEFAULT) or for a policy resource of its own (aws_kms_key_policy).
    key_spec: str | Unknown | None = None


@record
class Topic:
    """An SNS topic the inputs create or describe, with the key that encrypts it (server-side
    encryption), which CloudTrail must be allowed to use to publish to it."""

    name: str                                 # its ARN or name when known, else its logical id / address
    kms_key: str | None | Unknown             # KmsMasterKeyId / kms_master_key_id; None: not encrypted
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    kms_key_ref: str | None = field(default=None, compare=False, repr=False)   # the key's logical id / address
    # the Region its input places it in (a Terraform resource's own or its provider's; its ARN's):
    # None where the input does not say (a stack's topic is in the stack's Region)
    region: str | None | Unknown = field(default=None, compare=False, repr=False)


# --- CloudWatch: the log groups a trail sends to, their metric filters and alarms ----------

@record
class Metric:
    namespace: str | Unknown
    name: str | Unknown
    # the namespace and name not known offline that the input knows by what they are (a Terraform
    # variable without a value, the same text wherever its module uses it), as Text with named holes
    held: tuple[Text | None, Text | None] = field(default=(None, None), compare=False, repr=False)


@record
class LogGroup:
    name: str | Unknown
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))


@record
class MetricFilter:
    name: str | Unknown
    log_group: str | Unknown                       # the log group's name
    pattern: str | Unknown                         # as written; "" matches every event
    metrics: tuple[Metric, ...] | Unknown          # the metrics it publishes (metric transformations)
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    log_group_ref: str | None = field(default=None, compare=False, repr=False)   # logical id / address
    conditional: bool = False      # exists only if a CloudFormation condition holds
    # stands for the filters a part of the template that is not read may declare (an AWS::Include,
    # a loop whose collection is not known): nothing of them is known
    unread: bool = False


@record
class Alarm:
    name: str | Unknown
    metrics: tuple[Metric, ...] | Unknown          # the metric it watches (or those of its metric math)
    origin: Origin = field(compare=False, repr=False, default_factory=lambda: Origin("", ()))
    filter_refs: tuple[str, ...] = field(default=(), compare=False, repr=False)  # filters its metric names refer to
    conditional: bool = False      # exists only if a CloudFormation condition holds
    notifies: Tri = UNKNOWN        # whether it has an action for the ALARM state (AlarmActions)


# --- What a rule yields ----------------------------------------------------------------

# The subject of a rule's undecided Problem whose check needs only the value at its place: the
# TL002 a reader gives for that value, with or without a cause, names the rule (engine).
UNKNOWN_VALUE_SUBJECT = "unknown-value:"
# ... and of one whose check is open only if a reader says the value may be unset (a CloudFormation
# Fn::If with AWS::NoValue, a parameter or variable without a value): said in that reader's TL002,
# and not at all where no reader says so (an ARN known only after apply is set to something).
UNSET_VALUE_SUBJECT = "unset-value:"
# ... and of one that checks what a user writes (a name, a prefix, an ARN's form: the API's own
# validation), open only where a reader says the value is the user's and not known (a parameter or
# variable without a value, another stack's export): not where it is known only after apply, which
# AWS or the provider computes (Cause.computed) and which is valid, nor where no reader speaks.
INPUT_VALUE_SUBJECT = "input-value:"
# ... and of one open because of what another rule's finding at the same place reports
# ("said-by:TL205:<resource>": selectors the API refuses): that finding says it, and no TL002 is
# added; where that rule gives none there (not selected, or no finding), the TL002 stands.
SAID_BY_SUBJECT = "said-by:"


@record
class Problem:
    """A rule's verdict on one object: a message and where it belongs, never a line."""

    message: str
    at: At
    resource: str = ""
    account: str | None = None
    region: str | None = None
    subject: str = ""   # what the finding is about, for fingerprints: identities, never wording (subject_of)
    undecided: bool = False   # the rule could not decide on an unknown value: the engine reports it as TL002
    # (from the access analysis: a policy or group it cannot resolve, which leaves the rules reading
    # the analysis undecided: the engine names them in its TL002)
    # (from a reader: what an unknown value leaves unread, said in the TL002 of that value's cause if any)
    cause: Cause | None = None      # for unknown values (TL002): why, so one finding covers each cause
    shared_cause: SharedCause | None = None     # a cause several trails share, which it counts
    # an unknown that is a policy attached to a principal not known offline: it may belong to any
    # principal of its input, so no principal's policies are known whole (a denial is not certain)
    attachment: bool = False
    # (from the access analysis: about a statement that may not be there, whose Resource and NotResource
    # are known in full: a rule that reads only those, Rule.reads_resources, decides it all the same)
    resources_known: bool = False


def path_text(path: Path) -> str:
    """A path into a document as one string of its keys and indexes: ``Resources/Trail/Properties``."""
    return "/".join(map(str, path))


# The first keys of a Terraform plan's or state's paths: their lists of resources are in address order,
# so a resource's index shifts when another is added (its address, the finding's resource, names it).
_LISTED_RESOURCES = ("planned_values", "resource_changes", "prior_state", "resources")


def within_resource(path: Path) -> Path:
    """A path without the index at which a Terraform plan or state lists the resource; others whole."""
    if not path or path[0] not in _LISTED_RESOURCES:
        return path
    for index in range(len(path) - 1):
        if path[index] in ("resources", "resource_changes") and isinstance(path[index + 1], int):
            return path[index + 2:]
    return path


def subject_of(problem: Problem) -> str:
    """What a finding is about, for its fingerprint: the subject its rule gives, else its place within
    its resource (keys and indexes, never a line); never the message, whose wording may change while a
    saved baseline must keep the finding."""
    return problem.subject or "at:" + path_text(within_resource(problem.at.path))


# The subject of the unknown a reader gives for inputs it names but does not read (a module from a
# registry or Git, a Terragrunt unit whose module source is not known): what they create, users,
# groups, roles and policies included, is in no answer, and the access report says so.
UNREAD_SOURCE = "unread-source"


@record
class Cause:
    """Why values are unknown (a variable without a value, an unsupported function): TL002 reports
    each cause once, with everything it left unknown."""

    text: str                       # "var.regions has no value"
    at: At | None = None            # where the cause is written; None: at the first value it blocked
    scope: str = ""                 # the module (or file) the cause belongs to
    # the value is computed when Terraform applies (a resource's attribute, a data source that reads
    # AWS): AWS's or the provider's own, which the API's checks of what a user writes never refuse
    computed: bool = False


@record
class Assumption:
    """A value settled by taking a parameter's Default, which whoever deploys may override:
    a finding at or below ``at`` rests on it and says so. ``causes``: why parts of the value are
    not known offline (a parameter without a Default), which a TL002 at or below ``at`` names."""

    at: At
    defaults: tuple[tuple[str, str], ...]   # (parameter, its Default)
    causes: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        if not self.defaults:
            return ""
        if len(self.defaults) == 1:
            (name, value), = self.defaults
            return f"assuming parameter {name} keeps its Default {value!r}"
        listed = ", ".join(f"{name}={value!r}" for name, value in self.defaults)
        return f"assuming parameters keep their Defaults {listed}"


@record
class MissingReference:
    """A template's ``Ref``, ``Fn::GetAtt``, ``${X}`` in ``Fn::Sub``, ``DependsOn`` or condition name naming
    nothing it declares."""

    target: str          # the logical ID, parameter or condition name referred to
    function: str        # "Ref", "Fn::GetAtt", "Fn::Sub", "DependsOn"; "Condition" (attribute or function), "Fn::If"
    origin: Origin = field(compare=False, repr=False)


@record
class RefusedArgument:
    """What a Terraform ``module`` call passes, or leaves out, that its module (read from disk) refuses:
    an argument the module declares no ``variable`` for ("Unsupported argument"), or a variable of the
    module without a default that the call does not pass ("Missing required argument").
    https://developer.hashicorp.com/terraform/language/modules/syntax"""

    call: str            # the call's address in the configuration: "module.outer.module.inner"
    name: str            # the argument passed, or the variable left out
    source: str          # the module's source as the call writes it
    missing: bool        # a required variable left out (else an argument the module does not declare)
    at: At               # the argument; the module block for a variable left out


# --- What a trail records, derived once per run (trail_lint/selectors/recording.py computes it) -----

@record
class Coverage:
    """Management events a trail records."""

    read: Tri
    write: Tri
    excluded: frozenset[str] | Unknown = frozenset()     # event sources left out (kms, rdsdata)
    only: frozenset[str] | None | Unknown = None          # None: every event source
    filters: frozenset[str] = frozenset()                 # other fields that narrow it (eventName, ...)

    @property
    def records(self) -> Tri:
        return any_of((self.read, self.write))

    @property
    def full(self) -> Tri:
        """Every read and write management event, from every event source."""
        narrowed = UNKNOWN if self.excluded is UNKNOWN or self.only is UNKNOWN else \
            bool(self.excluded) or self.only is not None or bool(self.filters)
        return all_of((self.read, self.write, UNKNOWN if narrowed is UNKNOWN else not narrowed))


@record
class DataScope:
    """Data events of one resource type that a trail records."""

    type: str
    read: Tri
    write: Tri
    prefixes: tuple[str, ...] = ("",)    # ARN prefixes; ("",) is every resource of the type
    equals: tuple[str, ...] = ()         # exact ARNs
    filtered: bool = False               # other conditions narrow it further (eventName, NotStartsWith, ...)
    # the eventName values (Equals) when they are the only such condition (then filtered too); () otherwise
    names: tuple[str, ...] = ()
    # ARN prefixes of which resources.ARN NotStartsWith, NotEquals or NotEndsWith leave out some ARNs (then filtered)
    partial: tuple[str, ...] = ()
    # what leaves those prefixes in part: the resources.ARN NotStartsWith, NotEquals and NotEndsWith values
    excluding: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = ((), (), ())
    # the resources.ARN EndsWith values when they are its only condition beyond StartsWith and Equals, and
    # the selector's only one beyond those of every data selector (then filtered too); () otherwise
    ends: tuple[str, ...] = ()
    # Where the selector's values not known offline are written; the scope itself is then what is
    # certain whatever they are, and ``wider`` what it may record (every unknown value letting events
    # through), compared only to say what is undecided (``selectors.unknown_values.scopes_despite_unknowns``)
    unknown: tuple[At, ...] = ()
    wider: DataScope | None = None


@record
class Recorded:
    """What one trail records, from its event selectors: computed once when the inventory is built."""

    kind: str | Unknown                              # 'none', 'basic', 'advanced', 'both' or UNKNOWN
    management: Coverage
    data: tuple[DataScope, ...] | Unknown


# Organizations attaches this SCP to the root, every OU and every account unless it is detached:
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
FULL_ACCESS_ID = "p-FullAWSAccess"
# Neither is in the user's inputs: a decision they give is said to come from an AWS managed policy
# (SHIPPED_FILE), not from a line of a file.
FULL_AWS_ACCESS = Policy(
    "FullAWSAccess", (Statement("Allow", actions=("*",), resources=("*",)),),
    arn="arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
    origin=Origin(SHIPPED_FILE, ("policies", "p-FullAWSAccess"), kind=InputKind.AWS_MANAGED))


# RCPFullAWSAccess: attached to the root, every OU and every account once RCPs are enabled, and
# never detached; the one RCP that may Allow, it lets every request through RCP evaluation.
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
RCP_FULL_ACCESS_ID = "p-RCPFullAWSAccess"
RCP_FULL_AWS_ACCESS = Policy(
    "RCPFullAWSAccess", (Statement("Allow", principals={"AWS": ("*",)}, actions=("*",), resources=("*",)),),
    arn="arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess",
    origin=Origin(SHIPPED_FILE, ("policies", "p-RCPFullAWSAccess"), kind=InputKind.AWS_MANAGED))


# --- One run's inputs, merged ------------------------------------------------------------

@record
class Inventory:
    """Everything one run read, merged: the object that cross-resource rules take."""

    trails: tuple[Trail, ...] = ()                 # one per account × Region × name; deleted ones kept, marked
    principals: tuple[Principal, ...] = ()
    policies: tuple[Policy, ...] = ()              # managed policies in the inputs, by ARN or address
    scps: tuple[ServiceControlPolicy, ...] = ()
    rcps: tuple[ResourceControlPolicy, ...] = ()
    organization: tuple[OrgNode, ...] = ()         # roots, OUs, accounts, management account
    buckets: tuple[Bucket, ...] = ()
    resource_policies: tuple[ResourcePolicy, ...] = ()
    topics: tuple[Topic, ...] = ()
    snapshots: tuple[Snapshot, ...] = ()
    log_groups: tuple[LogGroup, ...] = ()
    metric_filters: tuple[MetricFilter, ...] = ()
    alarms: tuple[Alarm, ...] = ()
    account_blocks: tuple[PublicAccessBlock, ...] = ()   # account-level S3 Block Public Access
    regions: tuple[str, ...] = ()                  # the Regions in scope (config, else every Region seen)
    account: str | None = None                     # the run's account (--account / config), if any
    # True: ``account`` is not given but the one account every input that names one names: it names
    # the run, and decides nothing (given_account): not the account of a trail or principal no input ties
    account_inferred: bool = False
    # The account of each deployment (Deployment.key) the inputs tie to one: the configured
    # `accounts`, the account it names itself, its trails' ARNs (inventory._deployment_accounts)
    deployment_accounts: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    unknowns: tuple[Problem, ...] = ()             # values the normalisers could not resolve (TL002)
    assumptions: tuple[Assumption, ...] = ()       # values settled by a parameter's Default
    missing_references: tuple[MissingReference, ...] = ()
    refused_arguments: tuple[RefusedArgument, ...] = ()   # of .tf module calls
    manifests: tuple[Manifest, ...] = ()           # of the snapshot directories read
    delegated_administrators: tuple[DelegatedAdministrator, ...] = ()   # the registrations the inputs make
    # What each live trail records, by id() of the trail object (see selectors.recording.recorded).
    recorded: Mapping[int, Recorded] = field(default_factory=dict, compare=False, repr=False)
    # The live trails grouped by account scope (a scope.placement.Placement, built with the inventory; read
    # through scope.placement.placement, which rebuilds it for an inventory whose trails were replaced).
    placement: object = field(default=None, compare=False, repr=False)
    # The buckets and resource policies by the names trails use for them (a delivery_links.Links,
    # built with the inventory; read through delivery_links, which rebuilds it when they were replaced).
    links: object = field(default=None, compare=False, repr=False)
    # Trails per account scope × Region (a quota.Counts, counted with the inventory; read through
    # quota.region_counts, which counts again for an inventory whose trails or Regions were replaced).
    counts: object = field(default=None, compare=False, repr=False)
    # Every statement of the identity policies written in the inputs, once: a list the inventory is
    # built with, which iam.access.input_statements fills with a statements.Statements when a rule
    # first reads them (and which gathers them again for an inventory whose policies or principals
    # were replaced): five rules walk them, and a run of none of them gathers nothing.
    statements: object = field(default=None, compare=False, repr=False)

    def live_trails(self) -> tuple[Trail, ...]:
        """Trails that exist, or may exist, once the inputs are applied."""
        return tuple(t for t in self.trails if t.existence is not Existence.DELETED)

    @property
    def given_account(self) -> str | None:
        """The run's account where it is given (--account, config `account`), never one only inferred
        (account_inferred): a template may be deployed in any account, so what the inputs do not tie
        to an account is not that one's. What decides (a trail's ARN and aws:ResourceAccount, the
        account of a principal, of a log stream) reads this; None: not given."""
        return None if self.account_inferred else self.account


@record
class Suppression:
    """An inline or metadata ignore written in an input file."""

    rule: str                      # ID or name
    reason: str
    at: At                         # where it is written
    resource: str = ""             # the resource it covers ("" = the whole file / the line's object)
    line: int | None = None        # the source line it covers, for comment forms
