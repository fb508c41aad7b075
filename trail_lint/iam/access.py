"""Who can do what to which trail: the access matrix, evaluated offline from the inventory.

Trail actions are evaluated against each live trail's ARN (multi-Region trails: the home
Region); actions without resource-level permissions against ``"*"``. Policies that cannot be
known make decisions UNKNOWN, never denied.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from functools import reduce
from operator import or_
from typing import Literal

from trail_lint.delegation import cloudtrail_delegation, the_management_account
from trail_lint.iam import evaluator as iam
from trail_lint.iam.actions import home_region_only, requires_wildcard_resource
from trail_lint.iam.conditions import (
    PRINCIPAL_KEYS,
    REQUEST_KEYS,
    REQUESTED_REGION,
    RESOURCE_ACCOUNT,
    RESOURCE_TAG,
    names_requested_region,
)
from trail_lint.iam.evaluator import (
    ANY_RESOURCE,
    IN_HOME,
    NO_RESOURCE,
    UNKNOWN_RESOURCE,
    Because,
    Decision,
    ResourceArn,
    ResourceContext,
    resource_text,
)
from trail_lint.iam.masks import (
    ActionBits,
    ActionMasks,
    Bits,
    ContextDependence,
    MaskEvaluator,
    Masks,
    Rejections,
    positions,
)
from trail_lint.iam.requests import MOST_TRIED, Request, alike_regions, requests, said_in
from trail_lint.iam.resolve import (  # noqa: F401  (resolve: public API)
    Context,
    Effective,
    Resolved,
    account_decides,
    memberless,
    principal_account,
    resolve,
)
from trail_lint.iam.resource_index import ResourceIndex
from trail_lint.iam.root import root_users
from trail_lint.model import (
    UNKNOWN,
    InputKind,
    Inventory,
    Part,
    Policy,
    Principal,
    PrincipalKind,
    Problem,
    Statement,
    Text,
    Trail,
    Tri,
    Unknown,
)
from trail_lint.problems import few, home_region_unknown, undecided_setting
from trail_lint.records import record, replace
from trail_lint.scope.arns import account_from_arn, arn_fields
from trail_lint.scope.home import region_unknown_places
from trail_lint.scope.names import partition_of
from trail_lint.scope.trail_scope import bound_holes
from trail_lint.statements import Statements, statements_of

TRAIL_ACTIONS = tuple(f"cloudtrail:{name}" for name in (
    "StartLogging", "StopLogging", "UpdateTrail", "DeleteTrail", "PutEventSelectors", "PutInsightSelectors",
    "GetTrail", "GetTrailStatus", "GetEventSelectors"))
GLOBAL_ACTIONS = ("cloudtrail:DescribeTrails", "cloudtrail:ListTrails", "cloudtrail:LookupEvents")
# the trail actions answered in any Region (GetTrailStatus): their requests carry the Region they are made in
ANYWHERE = tuple(action for action in TRAIL_ACTIONS if not home_region_only(action))
TAMPER_ACTIONS = ("cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail",
                  "cloudtrail:PutEventSelectors")
# The access matrix columns ("verbs", also used by access intents): a verb is granted when any
# of its actions is. `selectors` is PutEventSelectors alone (basic and advanced event selectors
# alike), which decides what the trail records; PutInsightSelectors only turns Insights on or off
# (TL401 does not count it as tampering) and is a verb of its own, so a guardrail that denies
# PutEventSelectors shows as denying `selectors`.
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutInsightSelectors.html
VERBS: dict[str, tuple[str, ...]] = {
    "view": ("cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"),
    "start": ("cloudtrail:StartLogging",),
    "stop": ("cloudtrail:StopLogging",),
    "update": ("cloudtrail:UpdateTrail",),
    "selectors": ("cloudtrail:PutEventSelectors",),
    "insights": ("cloudtrail:PutInsightSelectors",),
    "delete": ("cloudtrail:DeleteTrail",),
}
ACCOUNT_WIDE = "*"   # the "trail" of grants for actions that support no resource-level permission


@record
class Grant:
    """One decision of the access analysis, with the statements behind it (``because``) and, for a
    conditional decision that a request of the principal turns allowed, the conditions on the request
    under which it is allowed, in TL401's words (``when``: "aws:MultiFactorAuthPresent is true"; None
    otherwise): what AccessReport.requested says of it."""

    principal: str
    trail: str                 # trail key (ARN, else label), or "*" for account-wide actions
    action: str
    decision: Decision
    because: tuple[Because, ...] = ()
    when: str | None = None


@record
class Decided:
    principal: str
    trail: str
    action: str
    decision: Decision
    explicit: bool = False     # denied by an explicit Deny


@record
class AccessReport:
    trails: tuple[Trail, ...]
    principals: tuple[Principal, ...]
    rows: tuple[Row, ...]                # one per principal that can make requests (not groups)
    unknown: tuple[Problem, ...] = ()    # policies whose permissions cannot be known
    trail_keys: tuple[str, ...] = ()     # trail_key of each trail, in order
    resources: tuple[str | ResourceArn, ...] = ()   # the request resource of each trail
    row_index: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    trail_index: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    inventory: Inventory = field(default_factory=Inventory, compare=False, repr=False)  # what was analysed
    # One per group: what membership grants, from the group's own policies and the SCPs over its
    # account (a member's boundary and own Deny statements may take some of it away).
    groups: tuple[Row, ...] = ()
    # The index of ``resources`` (built by analyse, once: the rules that match Resource patterns
    # against every trail share it); see indexed().
    resource_index: ResourceIndex | None = field(default=None, compare=False, repr=False)
    # What each trail fixes about a request on it (its tags and account: trail_context), in order.
    contexts: tuple[ResourceContext, ...] = field(default=(), compare=False, repr=False)
    # analyse's masks of the statements' Action lists over TRAIL_ACTIONS and GLOBAL_ACTIONS, which the
    # reasons read again for the same statements (see actions_masked()).
    action_masks: ActionMasks | None = field(default=None, compare=False, repr=False)
    # analyse's answers to whether IAM rejects a policy, which the reasons ask of the same policies
    rejections: Rejections = field(default_factory=Rejections, compare=False, repr=False)
    # the ids of the groups no principal of the inputs is in (resolve.memberless), found by analyse with
    # the Context it resolves with, for resolved_by; None: a report made otherwise
    memberless: frozenset[int] | None = field(default=None, compare=False, repr=False)

    def requested(self) -> dict[tuple[str, str, str], str]:
        """(principal, trail key, action) -> the conditions on the request under which the conditional
        decision is allowed, as TL401 says them (Row.requested): empty where no policy has such conditions."""
        found: dict[tuple[str, str, str], str] = {}
        for row in (*self.rows, *self.groups):
            for action, mask, said in row.requested:
                for local in positions(mask):
                    found.setdefault((row.principal.id, self.trail_keys[row.view.bits[local]], action), said)
            for action, said in row.requested_globally:
                found.setdefault((row.principal.id, ACCOUNT_WIDE, action), said)
        return found

    def context_of(self, bit: int) -> ResourceContext:
        """The ResourceContext of the report's trail ``bit`` (-1: the "*" of an action without a resource type)."""
        if bit < 0:
            return NO_RESOURCE
        return self.contexts[bit] if self.contexts else UNKNOWN_RESOURCE

    def indexed(self) -> ResourceIndex:
        """The index of ``resources``: analyse's, else (a report made otherwise) built here."""
        return self.resource_index if self.resource_index is not None else ResourceIndex(self.resources)

    def actions_masked(self) -> ActionMasks:
        """The ActionMasks of TRAIL_ACTIONS and GLOBAL_ACTIONS: analyse's, else (a report made otherwise) a new one."""
        return self.action_masks if self.action_masks is not None else ActionMasks((*TRAIL_ACTIONS, *GLOBAL_ACTIONS))

    def decisions(self, include_denied: bool = False) -> Iterator[Decided]:
        """Every non-denied decision and every explicit denial (with include_denied: all), fast, no reasons."""
        for row in (*self.rows, *self.groups):
            for trail, _, action, decision, explicit in self.cells(row, include_denied):
                yield Decided(row.principal.id, trail, action, decision, explicit)

    def cells(self, row: Row, include_denied: bool = False,
              denials: bool = True) -> Iterator[tuple[str, int, str, Decision, bool]]:
        """decisions() of one row: (trail key or "*", its report bit, action, decision, explicit denial).

        ``denials=False`` (without include_denied): the explicit denials are left out too.
        """
        shown = -1 if denials else 0     # which bits of a denied mask are shown
        yield from _cells(ACCOUNT_WIDE, 0, 1, _columns(row.global_masks, GLOBAL_ACTIONS), include_denied, shown)
        view = row.view
        # each action's masks with the trails where its decision is shown, worked out once per row:
        # a row has a cell per trail and action
        columns = [(action, masks, masks.allowed | masks.conditional | masks.unknown | masks.denied & shown)
                   for action, masks in _columns(row.trail_masks, TRAIL_ACTIONS)]
        if include_denied:
            bits: Iterable[int] = range(len(self.trail_keys))
        else:       # only the trails where some action is not denied, or denied explicitly
            bits = view.report_bits(reduce(or_, (visible for _, _, visible in columns), 0))
        keys, local_of = self.trail_keys, view.local.get
        for bit in bits:
            local = local_of(bit)
            flag = 0 if local is None else 1 << local
            trail = keys[bit]
            for action, masks, visible in columns:
                if include_denied or visible & flag:
                    yield trail, bit, action, *_decided(masks, flag)

    @property
    def grants(self) -> tuple[Grant, ...]:
        """Every non-denied decision and every explicit denial, with the statements behind each."""
        return tuple(self.grant(d.principal, d.trail, d.action) for d in self.decisions())

    def decision(self, principal: str, trail: str, action: str) -> Decision:
        found = self.locate(principal, trail, action)
        if found is None:
            return Decision.DENIED
        _, masks, bit = found
        answer = decided(masks.get(canonical_action(action)), bit)
        return answer[0] if answer else Decision.DENIED

    def grant(self, principal: str, trail: str, action: str) -> Grant:
        """One decision with its reasons (evaluated again, request by request, by iam.evaluate)."""
        action = canonical_action(action)
        decision = self.decision(principal, trail, action)
        found = self.locate(principal, trail, action)
        explicit = found is not None and (decided(found[1].get(action), found[2]) or (None, False))[1]
        if found is None or found[0].effective is None or decision is Decision.DENIED and not explicit:
            return Grant(principal, trail, action, decision)
        row, _, bit = found
        effective = row.effective_on(-1 if trail == ACCOUNT_WIDE else bit)
        if effective is None:       # not reached: checked above, which mypy cannot follow
            return Grant(principal, trail, action, decision)
        at = -1 if trail == ACCOUNT_WIDE or requires_wildcard_resource(action) else row.view.bits[bit]
        resource = ANY_RESOURCE if at < 0 else self.resources[at]
        evaluation = iam.evaluate(effective.identity, action, resource, boundary=effective.boundary,
                                  scps=effective.scps, context=effective.context, on=self.context_of(at))
        local = -1 if trail == ACCOUNT_WIDE else bit
        return Grant(principal, trail, action, decision, row.reasons(local, decision, evaluation.because),
                     row.when(action, local) if decision is Decision.CONDITIONAL else None)

    def locate(self, principal: str, trail: str, action: str) -> tuple[Row, Mapping[str, Masks], int] | None:
        """The row of a decision, the masks it is read from and its bit in them (the row's view's local bit).

        None: no such principal or trail, or a trail the principal cannot act on (denied, implicitly).
        """
        index = self.row_index.get(principal)
        if index is None:
            return None
        row = self.rows[index] if index < len(self.rows) else self.groups[index - len(self.rows)]
        if trail == ACCOUNT_WIDE:
            return row, row.global_masks, 0
        bit = self.trail_index.get(trail)
        local = row.view.local.get(bit) if bit is not None else None
        return None if local is None else (row, row.trail_masks, local)


def canonical_action(action: str) -> str:
    return _CANONICAL.get(action.lower(), action)


_CANONICAL = {known.lower(): known for known in (*TRAIL_ACTIONS, *GLOBAL_ACTIONS)}   # action names are case-insensitive


def decided(masks: Masks | None, bit: int | None) -> tuple[Decision, bool] | None:
    """The decision at one bit of an action's masks, and whether it is an explicit denial (None: no masks).

    Bit None: a trail outside the masks' view, which the principal cannot act on (an implicit denial).
    """
    if masks is None:
        return None
    return _decided(masks, 0 if bit is None else 1 << bit)


def _decided(masks: Masks, flag: int) -> tuple[Decision, bool]:
    """The decision at the bit ``flag`` (0: a trail outside the view) and whether it is an explicit denial."""
    if masks.allowed & flag:
        return Decision.ALLOWED, False
    if masks.conditional & flag:
        return Decision.CONDITIONAL, False
    if masks.unknown & flag:
        return Decision.UNKNOWN, False
    return Decision.DENIED, bool(masks.denied & flag)


def _columns(masks: Mapping[str, Masks], actions: Sequence[str]) -> list[tuple[str, Masks]]:
    """The actions that have masks, with them."""
    return [(action, found) for action in actions if (found := masks.get(action)) is not None]


def _cells(trail: str, bit: int, flag: int, columns: Sequence[tuple[str, Masks]], include_denied: bool,
           shown: int) -> Iterator[tuple[str, int, str, Decision, bool]]:
    """AccessReport.cells of one trail: the actions' decisions at the bit ``flag`` of their masks."""
    for action, masks in columns:
        if include_denied or (masks.allowed | masks.conditional | masks.unknown | masks.denied & shown) & flag:
            yield trail, bit, action, *_decided(masks, flag)


def trail_key(trail: Trail, account: str | None = None) -> str:
    """How grants name a trail: its ARN when it can be known, else its label."""
    resource = trail_resource(trail, account)
    return resource if isinstance(resource, str) else trail.label


def trail_keys(trails: Sequence[Trail], account: str | None = None) -> tuple[str, ...]:
    """trail_key of each trail, so that every key names one trail. An ARN names one trail (two inputs
    that list it list one trail); a label may name several: two Terraform trails of one name whose
    Region or account is not known (two provider configurations: two trails, and what a policy allows
    on one it may not on the other). Those are told apart by where the inputs define them (the
    Terraform address or CloudFormation logical id, then the file), else by their order."""
    keys = [trail_key(trail, account) for trail in trails]
    for where in (lambda trail: trail.origin.resource, lambda trail: trail.origin.file, None):
        counts = Counter(keys)
        if all(count == 1 or trail_resource_known(key) for key, count in counts.items()):
            break
        seen: Counter[str] = Counter()
        told = []
        for trail, key in zip(trails, keys):
            seen[key] += 1
            if counts[key] == 1 or trail_resource_known(key):
                told.append(key)
            elif where is None:
                told.append(f"{key} #{seen[key]}")
            else:
                place = where(trail)
                told.append(f"{key} ({place})" if place and place != key else key)
        keys = told
    return tuple(keys)


def trail_resource_known(key: str) -> bool:
    """Whether a trail key is the trail's ARN (trail_key), which names one trail wherever it is listed."""
    return key.startswith("arn:") and key.count(":") >= 5


def trail_resource(trail: Trail, account: str | None = None) -> str | ResourceArn:
    """The request resource for trail actions: the ARN in the trail's home Region."""
    if isinstance(trail.arn, str) and trail.arn.count(":") >= 5:
        return trail.arn
    region: str | Unknown = trail.region if isinstance(trail.region, str) else UNKNOWN
    owner = trail.account if trail.account is not None else account
    partition: str | Unknown = partition_of(region) if isinstance(region, str) else UNKNOWN
    name = f"trail/{trail.name}" if isinstance(trail.name, str) else UNKNOWN
    parts = ("arn", partition, "cloudtrail", region, owner if isinstance(owner, str) else UNKNOWN, name)
    resource = ResourceArn(parts)
    return resource.known or resource


def trail_text(trail: Trail, account: str | None = None) -> Text | None:
    """trail_resource with the named holes the trail's reader knows its unknown parts by (the account
    of a Terraform provider configuration, a stack's Region): the same holes in a statement's
    Resource line up with them. None when the trail has none."""
    resource = trail_resource(trail, account)
    if isinstance(resource, str) or not trail.holes:
        return None
    unknown = resource_text(resource)       # part i of the ARN at 2 * i, separators between
    named = trail.holes.get("name")
    held = {1: trail.holes.get("partition"), 3: trail.holes.get("region"), 4: trail.holes.get("account"),
            5: ("trail/", *named) if named else None}
    parts: list[Part] = []
    for index, part in enumerate(resource.parts):
        if index:
            parts.append(":")
        parts.extend((part,) if isinstance(part, str) else held.get(index) or (unknown[2 * index],))
    return tuple(parts)


# The readers whose trails carry every tag AWS holds for them: a Terraform plan's or state's
# tags_all (the trail's tags with the provider's default tags, environment variables' included).
# Not a CloudFormation template, whose stack-level tags CloudFormation propagates to the trail
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html),
# nor .tf sources, whose default tags may come from TF_AWS_DEFAULT_TAGS_<key> environment variables.
# AWS CLI output too: describe-trails and the create-trail and update-trail responses give no tags,
# and their trails' tags are UNKNOWN unless list-tags output gives every one of them.
_ALL_TAGS = frozenset((InputKind.TERRAFORM_PLAN, InputKind.TERRAFORM_STATE, InputKind.AWS_CLI))


def trail_tags(trail: Trail) -> tuple[tuple[str, str], ...] | Unknown:
    """The trail's tags, key and value, where the inputs hold every one of them: what a request on it
    carries as aws:ResourceTag/<key>; else UNKNOWN (also where one tag's key or value is not known
    offline, or default tags not known offline may add more)."""
    if trail.origin.kind not in _ALL_TAGS or not isinstance(trail.tags, tuple):
        return UNKNOWN
    found = []
    for tag in trail.tags:
        if tag.any_number or not isinstance(tag.key, str) or not isinstance(tag.value, str):
            return UNKNOWN
        found.append((tag.key, tag.value))
    return tuple(found)


# The readers whose trails carry, of their tags, surely those written (and others may be beside them):
# a CloudFormation template, whose stack adds its stack-level tags to the trail; which value a trail
# keeps for a key written both in its Tags and in its stack's tags, the CloudFormation docs do not say
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html),
# so only the key is sure. A .tf source, whose provider's default tags may also come from
# TF_AWS_DEFAULT_TAGS_<key> environment variables: the resource's own tags win over default tags
# ("resource tags take precedence": https://www.hashicorp.com/blog/default-tags-in-the-terraform-aws-provider),
# and the provider's default_tags block over the environment ("If the same tag is defined in both an
# environment variable and the Terraform config, the Terraform takes precedence":
# https://github.com/hashicorp/terraform-provider-aws/pull/33339), so what the source writes is sure.
_SOME_TAGS = frozenset((InputKind.CLOUDFORMATION, InputKind.TERRAFORM_HCL))


def some_trail_tags(trail: Trail) -> tuple[tuple[str, str | Unknown], ...] | Unknown:
    """The tags the trail surely has where its input holds some of them only (_SOME_TAGS): each key,
    with its value where that is sure too; else UNKNOWN."""
    if trail.origin.kind not in _SOME_TAGS or not isinstance(trail.tags, tuple):
        return UNKNOWN
    if trail.origin.kind is InputKind.TERRAFORM_HCL:
        # a value not known offline may be null, which leaves the tag out
        return tuple((tag.key, tag.value) for tag in trail.tags
                     if not tag.any_number and isinstance(tag.key, str) and isinstance(tag.value, str))
    return tuple((tag.key, UNKNOWN) for tag in trail.tags
                 if not tag.any_number and isinstance(tag.key, str) and tag.value is not None)


def trail_context(trail: Trail, account: str | None = None) -> ResourceContext:
    """What a request on the trail carries of its resource: its tags (trail_tags, else those it surely
    has: some_trail_tags), its account (aws:ResourceAccount: trail_account) and its home Region
    (aws:RequestedRegion of the actions performed only there: trail_home_region), each UNKNOWN where
    the inputs do not say."""
    owner = trail_account(trail, account)
    owner_or = owner if owner else UNKNOWN
    region = trail_home_region(trail, account)
    tags = trail_tags(trail)
    if isinstance(tags, tuple):
        return ResourceContext(tags, owner_or, region)
    return ResourceContext(some_trail_tags(trail), owner_or, region, more=True)


def trail_home_region(trail: Trail, account: str | None = None) -> str | Unknown:
    """The Region of the trail's request resource (trail_resource: the ARN in its home Region, a
    multi-Region trail's included), UNKNOWN where the inputs do not say."""
    resource = trail_resource(trail, account)
    fields = arn_fields(resource) if isinstance(resource, str) else resource.parts
    region = fields[3] if len(fields) == 6 else UNKNOWN
    return region if isinstance(region, str) and region else UNKNOWN


def bound_in(trails: Iterable[Trail]) -> dict[str, str]:
    """The named holes whose text the run knows (scope.bound_holes) for any of the trails: a hole one
    trail gives one text and another trail another (never for one deployment) is left a hole."""
    found: dict[str, str] = {}
    torn: set[str] = set()
    for trail in trails:
        for name, value in bound_holes(trail).items():
            if found.setdefault(name, value) != value:
                torn.add(name)
    return {name: value for name, value in found.items() if name not in torn}


def trail_account(trail: Trail, account: str | None) -> str | None:
    """The trail's account: its ARN's, else the one the inputs give it, else ``account``: the run's where it
    is given (Inventory.given_account), never one only inferred from other inputs."""
    if arn_fields(trail.arn):
        return account_from_arn(trail.arn)
    return trail.account if isinstance(trail.account, str) else account


@record
class TrailView:
    """The trails the principals of one account can act on (see reachable), shared by their rows.

    Bit ``i`` of a row's trail masks (a local bit) stands for the report's trail ``bits[i]``: a
    principal's masks are as wide as its account's trails, not as the whole run's.
    """

    bits: tuple[int, ...]                                           # report bit of each local bit, increasing
    local: Mapping[int, int] = field(compare=False, repr=False)     # report bit -> local bit
    # (account, the run's account) -> whether every trail of the view is the account's (view_trail_list)
    owned: dict[tuple[str, str | None], bool] = field(default_factory=dict, compare=False, repr=False)
    # local mask of the trails of a known account that the inputs do not tie the view's principals to
    # (their own account is not known): they act on such a trail only if they are in its account
    untied: int = 0
    # the account of each of them, by local bit
    owners: Mapping[int, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, bits: Iterable[int], untied: Mapping[int, str] | None = None) -> TrailView:
        """``untied``: the report bits of the untied trails, with their accounts (untied_trails)."""
        ordered = tuple(bits)
        local = {bit: index for index, bit in enumerate(ordered)}
        owners = {local[bit]: account for bit, account in (untied or {}).items()}
        return cls(ordered, local, untied=sum(1 << at for at in owners), owners=owners)

    def owned_by(self) -> dict[str, int]:
        """The local mask of the untied trails of each account."""
        found: dict[str, int] = {}
        for at, account in self.owners.items():
            found[account] = found.get(account, 0) | 1 << at
        return found

    def tied(self, masks: Masks) -> Masks:
        """The masks with what they allow on ``untied`` trails conditional: on the principals' account."""
        moved = masks.allowed & self.untied
        if not moved:
            return masks
        return Masks(masks.allowed & ~moved, masks.conditional | moved, masks.unknown, masks.denied)

    def report_bits(self, mask: int) -> list[int]:
        """The report bits of a local mask's set bits, lowest first."""
        return [self.bits[local] for local in positions(mask)]

    def report_mask(self, mask: int) -> int:
        """A local mask as a mask over the report's trails (the trails outside the view: 0)."""
        if len(self.bits) == 0 or self.bits[-1] == len(self.bits) - 1:      # every trail, in order
            return mask
        digits = ["0"] * (self.bits[-1] + 1)
        for bit in self.report_bits(mask):
            digits[bit] = "1"
        return int("".join(reversed(digits)), 2)

    def local_mask(self, mask: int) -> int:
        """A mask over the report's trails as a local mask (its trails outside the view dropped)."""
        digits = bin(mask)[:1:-1]        # least significant digit first
        return sum(1 << local for local, bit in enumerate(self.bits) if bit < len(digits) and digits[bit] == "1")


@record
class Row:
    """One principal's decisions: per action, masks over its view's trails (or over "*")."""

    principal: Principal
    effective: Effective | None          # None: no policy of the principal can mention CloudTrail
    trail_masks: Mapping[str, Masks]     # bit i: the trail view.bits[i] of the report
    global_masks: Mapping[str, Masks]
    view: TrailView
    # The reason a conditional decision adds where the principal's account is not known (access.unknown_account),
    # and whether that account could settle its policies too (resolve.account_decides), not only which trails it acts on
    account_unknown: Because | None = None
    account_decides: bool = False
    # Where the principal's account is not known: its policies were it in the account of an untied
    # trail of its view (resolve.Context.in_account), by account. A request on such a trail is made
    # from that account or not at all (trails have no resource-based policies).
    in_accounts: Mapping[str, Effective] = field(default_factory=dict)
    # Grants under conditions on the request that a request of the principal meets (iam.requests), on
    # trails its masks leave conditional: (action, local mask, the conditions the request meets).
    requested: tuple[tuple[str, int, str], ...] = ()
    # the same for the account-wide actions (on "*"): (action, the conditions the request meets)
    requested_globally: tuple[tuple[str, str], ...] = ()

    def when(self, action: str, local: int) -> str | None:
        """The conditions on the request under which the conditional decision on the trail at the local bit
        ``local`` is allowed (requested), as AccessReport.requested gives them; None: none found."""
        if local < 0:
            return next((said for asked, said in self.requested_globally if asked == action), None)
        return next((said for asked, mask, said in self.requested if asked == action and mask >> local & 1), None)

    def effective_on(self, local: int) -> Effective | None:
        """The policies a request on the trail at the local bit ``local`` is decided by (-1: account-wide)."""
        account = self.view.owners.get(local) if local >= 0 else None
        return self.effective if account is None else self.in_accounts.get(account, self.effective)

    @property
    def effectives(self) -> tuple[Effective, ...]:
        """Every Effective the row's decisions rest on: its own, then those of in_accounts."""
        return (*((self.effective,) if self.effective is not None else ()), *self.in_accounts.values())

    def reasons(self, local: int, decision: Decision, because: tuple[Because, ...]) -> tuple[Because, ...]:
        """A decision's reasons (at the local bit ``local``; -1: account-wide), with the principal's unknown
        account where the decision is conditional on it."""
        note = self.account_unknown
        if note is None or decision is not Decision.CONDITIONAL or note in because:
            return because
        if self.account_decides or local >= 0 and self.view.untied >> local & 1:
            return (*because, note)
        return because


def analyse(inventory: Inventory, now: float | None = None) -> AccessReport:
    """Every principal × live trail it can act on × trail action, plus the account-wide actions. ``now``: the
    time of the run (seconds since the epoch), from which a request on aws:CurrentTime is made (iam.requests;
    None: no such request is tried, and a grant under a condition on the time stays conditional)."""
    problems: dict[str, Problem] = {}
    trails = inventory.live_trails()
    keys = trail_keys(trails, inventory.given_account)
    resources = tuple(trail_resource(trail, inventory.given_account) for trail in trails)
    texts = tuple(trail_text(trail, inventory.given_account) for trail in trails)
    contexts = tuple(trail_context(trail, inventory.given_account) for trail in trails)
    bound = bound_in(trails)
    actions = ActionMasks((*TRAIL_ACTIONS, *GLOBAL_ACTIONS))
    # An action without resource-level permissions is evaluated once, against "*", and the answer
    # is broadcast to every trail of the view.
    on_trails_actions = tuple(bit for bit, action in enumerate(TRAIL_ACTIONS) if not requires_wildcard_resource(action))
    on_any_actions = tuple(bit for bit in range(len(actions.actions)) if bit not in on_trails_actions)
    dependence, rejections = ContextDependence(), Rejections()
    resource_index = ResourceIndex(resources)
    by_account_trails = owned(trails, inventory.given_account)
    delegated = administered(trails, inventory)
    context = Context(inventory, problems)
    managed = management_trails(trails, context.organization.management)
    asked = _Asked(now, actions)
    # by deployment: the principals of unknown account with grants on untied trails, and those trails' accounts
    untied: dict[str, tuple[list[Principal], set[str]]] = {}
    # by the requests of a set of Condition blocks: the principals some of whose requests were left untried
    untried_by: dict[int, list[tuple[int, Principal]]] = {}
    # the root user of each account whose IAM the inputs model (iam.root), after the inputs' own principals
    roots = root_users(inventory.principals, trails, lambda principal: principal_account(principal, inventory),
                       lambda trail: trail_account(trail, inventory.given_account) or None)
    everyone = (*inventory.principals, *roots) if roots else inventory.principals
    # Trails have no resource-based policies: a principal acts only on its account's trails (and
    # those of unknown account), so its masks cover those: one view and evaluator per account (and one
    # for the principals of the deployment managing the organization, by its key: its trails are theirs),
    # whose principals are decided together; then the evaluators and what they memoise are let go (an
    # organization's thousand accounts would otherwise hold theirs all to the end), the rows kept.
    by_view: dict[str | None, tuple[str | None, list[int]]] = {}
    for index, principal in enumerate(everyone):
        account = principal_account(principal, inventory)
        by_view.setdefault(account or context.managing(principal), (account, []))[1].append(index)
    made: list[Row | None] = [None] * len(everyone)
    for own, (account, indexes) in by_view.items():
        view = TrailView.of(reachable(by_account_trails, len(trails), account, delegated),
                            None if account else untied_trails(trails, managed, own))
        # One evaluator decides every action: its resources are the view's trails, then "*" (an action
        # without resource-level permissions is evaluated against "*" alone), so that each statement
        # is read once for both, not once for the trails and again for "*".
        on_trails = _Layers(
            MaskEvaluator([*(resources[bit] for bit in view.bits), ANY_RESOURCE], actions, None, dependence,
                          [*(texts[bit] for bit in view.bits), None], bound, None,
                          [*(contexts[bit] for bit in view.bits), NO_RESOURCE], rejections),
            on_trails_actions, on_any_actions, len(view.bits))
        # the requests of iam.requests, whose values of the request keys tell policies apart, on the
        # view's trails only (they turn conditional trail decisions allowed)
        on_requested = _Layers(
            MaskEvaluator([resources[bit] for bit in view.bits], actions, on_trails_actions, asked.dependence,
                          [texts[bit] for bit in view.bits], bound,
                          resource_index if len(view.bits) == len(resources) else None,
                          [contexts[bit] for bit in view.bits], rejections),
            on_trails_actions, (), len(view.bits))
        homes: dict[str, int] = {}
        for local, bit in enumerate(view.bits):
            if isinstance(region := contexts[bit].region, str):
                homes[region] = homes.get(region, 0) | 1 << local
        # and on "*", for the account-wide actions: answered in any Region the account has enabled, which
        # the home Region of a trail of the account surely is (a trail exists there)
        enabled = tuple(sorted({region for bit in view.bits if own and (trail_account(trails[bit], inventory.given_account)
                                or managed.get(bit)) == own and isinstance(region := contexts[bit].region, str)}))
        on_star = _Layers(
            MaskEvaluator([ANY_RESOURCE], actions, on_any_actions, asked.dependence, [None], bound, None,
                          [ResourceContext(tags=(), reached=enabled)], rejections), (), on_any_actions, 0)
        # what the view's evaluators memoise, keyed by their ids: let go with them
        memo = _Memo()
        asked.begin_view()
        for index in indexes:
            principal = everyone[index]
            effective = context.resolve(principal)
            decided_on_view, decided_on_star = on_trails.decide(effective, memo, view)
            in_accounts: dict[str, Effective] = {}
            if view.untied and context.untied(principal):
                # on a trail of a known account, a principal of unknown account is in that account or cannot
                # act on it: decided as that account's, then conditional on it (TrailView.tied)
                owners = view.owned_by()
                in_accounts = {owner: context.in_account(principal, effective, owner) for owner in owners}
                decided_on_view = memo.merged(
                    decided_on_view, [(on_trails.decide(in_accounts[owner], memo, view)[0], mask)
                                      for owner, mask in owners.items()], view)
            trail_masks, global_masks = memo.columns(decided_on_view, decided_on_star, view, on_trails.full)
            requested, untried = asked.granted(effective, trail_masks, on_requested, view, homes)
            globally, more = asked.granted_globally(effective, global_masks, on_star, view, enabled)
            untried = untried or more
            if untried:
                untried_by.setdefault(untried, []).append((index, principal))
            note, decides = None, False
            if account is None:
                # The account settles a decision its SCP levels or account keys leave open: conditional, or
                # unknown where an SCP level over an account not known may or may not be on its path (an
                # SCP at the root: the account may be outside the organization, or its management account)
                decides = account_decides(effective)
                granted = reduce(or_, (masks.conditional for masks in trail_masks.values()), 0) & view.untied
                if granted or decides and any(masks.conditional or masks.unknown
                                              for masks in (*trail_masks.values(), *global_masks.values())):
                    held = untied.setdefault(principal.deployment.key if principal.deployment
                                             else principal.origin.file, ([], set()))
                    held[0].append(principal)
                    held[1].update(view.owners[local] for local in positions(granted))
                note = Because(principal.origin.at, unknown_account(principal_label(principal)))
            made[index] = Row(principal, effective, trail_masks, global_masks, view, note, decides, in_accounts,
                              requested, globally)
    # Groups make no requests of their own: their rows say what membership grants.
    rows = [row for row in made if row is not None and row.principal.kind is not PrincipalKind.GROUP]
    groups = [row for row in made if row is not None and row.principal.kind is PrincipalKind.GROUP]
    for deployment, (principals, accounts) in untied.items():
        problems.setdefault(f"account:{deployment}", account_not_tied(principals, sorted(accounts), trails, managed))
    # (in the order of the inputs: each account's principals were decided together)
    for requested_by, indexed in sorted(untried_by.items(), key=lambda item: item[1][0][0]):
        problems.setdefault(f"requests:{requested_by}", requests_untried([principal for _, principal in sorted(
            indexed, key=lambda item: item[0])]))
    untagged = tags_not_given(trails, rows, inventory, actions)
    if untagged is not None:
        problems.setdefault("tags", untagged)
    unowned = trail_accounts_not_given(trails, rows, inventory, actions, resources)
    if unowned is not None:
        problems.setdefault("trail-accounts", unowned)
    return AccessReport(trails, everyone, tuple(rows), tuple(problems.values()), keys, resources,
                        {row.principal.id: index for index, row in enumerate((*rows, *groups))},
                        {key: bit for bit, key in reversed(list(enumerate(keys)))}, inventory, tuple(groups), resource_index,
                        contexts, actions, rejections, frozenset(map(id, memberless(inventory, context))))


def resolved_by(report: AccessReport) -> Resolved:
    """The Resolved of the report's inventory, read from its rows: analyse resolves every principal (a
    report made otherwise, without them all: resolved again)."""
    inventory = report.inventory
    own = {id(principal) for principal in inventory.principals if principal.kind is not PrincipalKind.GROUP}
    found = tuple(row.effective for row in report.rows if id(row.principal) in own and row.effective is not None)
    lonely = report.memberless if report.memberless is not None else {
        id(group) for group in memberless(inventory, Context(inventory, {}))}
    grouped = tuple(row.effective for row in report.groups if id(row.principal) in lonely and row.effective is not None)
    if len(found) == len(own) and len(grouped) == len(lonely):
        return Resolved(inventory, (*found, *grouped))
    return Resolved.of(inventory)


def owned(trails: Sequence[Trail], account: str | None) -> dict[str | None, list[int]]:
    """The bits of the trails by account (trail_account; None: unknown), for reachable."""
    found: dict[str | None, list[int]] = {}
    for bit, trail in enumerate(trails):
        found.setdefault(trail_account(trail, account) or None, []).append(bit)
    return found


def management_trails(trails: Sequence[Trail], management: Container[str]) -> dict[int, str]:
    """The bits of the trails of no known account (trail_account without the run's) that the deployment
    managing the organization declares, with its key (``management``: scp_levels.Organization.management):
    only the management account creates and manages the organization ("This operation must be called
    using credentials from the account that is to become the new organization's management account"),
    so its trails are the management account's, which SCPs do not restrict ("SCPs don't affect users or
    roles in the management account"), whichever account that is.
    https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganization.html
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html"""
    return {bit: trail.deployment.key for bit, trail in enumerate(trails)
            if trail.deployment is not None and trail.deployment.key in management
            and trail_account(trail, None) is None}


def untied_trails(trails: Sequence[Trail], managed: Mapping[int, str] | None = None,
                  own: str | None = None) -> dict[int, str]:
    """The bits of the trails whose own account is known (trail_account without the run's), with it, and
    of the management account's (management_trails: the key of the deployment managing the organization)
    but for a principal that deployment declares (``own``, its key): a principal whose account the inputs
    do not tie acts on one of them only if it is in that account."""
    found = {bit: owner for bit, trail in enumerate(trails) if (owner := trail_account(trail, None))}
    found.update({bit: key for bit, key in (managed or {}).items() if key != own})
    return found


def account_not_tied(principals: Sequence[Principal], accounts: Sequence[str], trails: Sequence[Trail],
                     managed: Mapping[int, str]) -> Problem:
    """The one note for the principals of one deployment whose account the inputs do not tie, which
    leaves their grants on the trails of ``accounts`` conditional (an account ID, or the key of the
    deployment managing the organization: ``managed``'s, said as the management account). It names
    the deployment whose `accounts:` entry settles it: a module's principals are one deployment per
    root module calling it, each with its own note at the module's line."""
    first = principals[0]
    named = ", ".join(principal_label(p) for p in principals[:3]) + (
        f" and {len(principals) - 3} more" if len(principals) > 3 else "")
    labels = {key: f"the management account ({trail.deployment.label})" for bit, key in managed.items()
              if (trail := trails[bit]).deployment is not None}
    ids = [account for account in accounts if account and account not in labels]
    owners = [("account " + ids[0] if len(ids) == 1 else "accounts " + ", ".join(ids))] if ids else []
    owners.extend(sorted({labels[account] for account in accounts if account in labels}))
    whose = " to the trails of " + " and of ".join(owners) if owners else ""
    deployment = first.deployment
    settle = f"pass --account, or name the account of {deployment.label} under `accounts:`" if deployment \
        else "pass --account or set `account`"
    return Problem(f"{unknown_account(f'{named} in {first.origin.file}')}: "
                   f"{'its' if len(principals) == 1 else 'their'} access{whose} is conditional "
                   f"({settle} in .trail-lint.yaml)",
                   first.origin.at, resource=first.id, undecided=True)


def tags_not_given(trails: Sequence[Trail], rows: Sequence[Row], inventory: Inventory,
                   actions: ActionMasks) -> Problem | None:
    """The one note for the trails whose tags the inputs do not hold in full (trail_tags: UNKNOWN):
    read from AWS CLI output that no list-tags output completes, from a CloudFormation template or a
    .tf source (some_trail_tags), or with tags not known offline, when a statement of the inputs on the
    analysed ``actions`` has a condition on aws:ResourceTag and some principal's access to one of them
    is conditional: whether the condition holds on them is not known. None otherwise."""
    open_bits = conditional_trails(rows)
    unread = [trail for bit, trail in enumerate(trails) if open_bits >> bit & 1 and trail_tags(trail) is UNKNOWN]
    if not unread:
        return None
    on_tags = next((policy for policy, _, statement in input_statements(inventory)
                    if isinstance(statement.conditions, tuple) and any(actions.masks(statement))
                    and any(c.key.lower().startswith(RESOURCE_TAG) for c in statement.conditions)), None)
    if on_tags is None:
        return None
    first = unread[0]
    groups: dict[str, list[Trail]] = {}
    for trail in unread:
        groups.setdefault(_why_tags_not_known(trail), []).append(trail)
    said = []
    for why, group in groups.items():
        named = f"trail {group[0].label!r}" if len(group) == 1 else f"trails {few(repr(t.label) for t in group)}"
        its, them = ("its", "it") if len(group) == 1 else ("their", "them")
        said.append(f"the tags of {named} {why.format(its=its, them=them)}")
    them = "it" if len(unread) == 1 else "them"
    return Problem(f"{'; '.join(said)}, so whether aws:ResourceTag conditions (policy {on_tags.name!r}) hold on "
                   f"{them} is not known", first.origin.of("tags"),
                   resource=first.origin.resource or first.label, undecided=True)


def trail_accounts_not_given(trails: Sequence[Trail], rows: Sequence[Row], inventory: Inventory,
                             actions: ActionMasks, resources: Sequence[str | ResourceArn]) -> Problem | None:
    """The one note for the trails whose account the inputs do not give (their request resource holds no
    account: trail_resource), when a statement of the inputs on the analysed ``actions`` names an account
    in a trail ARN (``arn:aws:cloudtrail:us-east-1:111122223333:trail/app``: "The account ID ... of the
    resource", the ARN format page) or a condition on aws:ResourceAccount, and some principal's access to
    one of them is conditional or unknown: whether the statement applies to them is not known. The
    account the run infers from other inputs is not theirs (Inventory.given_account). None otherwise.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"""
    open_bits = conditional_trails(rows, undecided=True)
    unowned = [bit for bit in positions(open_bits)
               if isinstance(resource := resources[bit], ResourceArn) and resource.parts[4] is UNKNOWN]
    if not unowned:
        return None
    statements = [(policy, statement) for policy, _, statement in guardrail_statements(inventory)
                  if any(actions.masks(statement))]
    deciding = {bit: policy for bit in unowned
                if (policy := next((p for p, s in statements if account_decides_on(s, resources[bit])), None))}
    if not deciding:
        return None
    group = [trails[bit] for bit in deciding]
    first, policy = group[0], next(iter(deciding.values()))
    named = f"trail {first.label!r}" if len(group) == 1 else f"trails {few(repr(t.label) for t in group)}"
    deployments = {trail.deployment.label for trail in group if trail.deployment is not None}
    settle = f"pass --account, or name the account of {deployments.pop()} under `accounts:`" \
        if len(deployments) == 1 and all(t.deployment is not None for t in group) \
        else "pass --account, or name their accounts under `accounts:`"
    return Problem(f"the account of {named} is not known, so whether the accounts policy {policy.name!r} names "
                   f"(in trail ARNs or aws:ResourceAccount) include {'it' if len(group) == 1 else 'them'} is not "
                   f"known ({settle} in .trail-lint.yaml)", first.origin.at,
                   resource=first.origin.resource or first.label, undecided=True)


def account_decides_on(statement: Statement, resource: str | ResourceArn) -> bool:
    """Whether the account of a request resource whose account is not known (``resource``) decides whether
    the statement applies to it: a condition on aws:ResourceAccount, or a Resource or NotResource ARN
    naming an account that the resource matches with that account and not with another."""
    if not isinstance(resource, ResourceArn) or resource.parts[4] is not UNKNOWN:
        return False
    if isinstance(statement.conditions, tuple) and any(c.key.lower() == RESOURCE_ACCOUNT
                                                      for c in statement.conditions):
        return True
    patterns = (*_strings(statement.resources), *_strings(statement.not_resources))
    named = {fields[4] for p in patterns if len(fields := p.split(":", 5)) == 6 and fields[4].isdigit()}
    if not named:
        return False

    def on(account: str) -> Tri:
        parts = resource.parts
        filled = ResourceArn((*parts[:4], account, *parts[5:]))
        return iam.resource_applies(statement, filled.known or filled)
    # against an account the statement does not name
    other = on(next(account for n in range(len(named) + 1) if (account := f"{n:012d}") not in named))
    return any(on(account) != other for account in named)


def _strings(values: object) -> tuple[str, ...]:
    """The strings of a statement element (a tuple whose items may be UNKNOWN, or UNKNOWN)."""
    return tuple(v for v in values if isinstance(v, str)) if isinstance(values, tuple) else ()


def requests_untried(principals: Sequence[Principal]) -> Problem:
    """The one note for the principals whose policies (the same Condition blocks) hold more distinct
    conditions on the request than the requests tried (iam.requests.MOST_TRIED), some of whose conditional
    decisions none of those turned allowed: whether a request meeting the others would is not known."""
    first = principals[0]
    its = "its" if len(principals) == 1 else "their"
    return Problem(f"the policies of {few(principal_label(p) for p in principals)} ask more than {MOST_TRIED} "
                   f"distinct sets of conditions on the request (MFA, source address, time, ...); a request "
                   f"meeting those past the first {MOST_TRIED} is not tried, so whether it turns {its} "
                   f"conditional decisions allowed is not known", first.origin.at, resource=first.id,
                   account=first.account, undecided=True)


def conditional_trails(rows: Iterable[Row], actions: Sequence[str] = TRAIL_ACTIONS, undecided: bool = False) -> int:
    """The report mask of the trails some row's access to is conditional on (``undecided``: or unknown),
    for one of the trail ``actions``."""
    # Each view's local masks ORed first, then mapped once: report_mask writes a digit for every trail
    # of the run, and a snapshot's thousands of rows share one view per account (a square otherwise).
    by_view: dict[int, tuple[TrailView, int]] = {}
    for row in rows:
        view, local = by_view.get(id(row.view), (row.view, 0))
        by_view[id(view)] = view, reduce(or_, (masks.conditional | (masks.unknown if undecided else 0)
                                               for masks in (row.trail_masks[action] for action in actions)), local)
    return reduce(or_, (view.report_mask(local) for view, local in by_view.values()), 0)


def _why_tags_not_known(trail: Trail) -> str:
    """Why the inputs do not hold all of the trail's tags (_ALL_TAGS, _SOME_TAGS), for tags_not_given."""
    if trail.origin.kind is InputKind.AWS_CLI and trail.tags is UNKNOWN:
        return "are not known: {its} AWS CLI output gives none and no list-tags output of {them} is in the inputs"
    if trail.origin.kind is InputKind.CLOUDFORMATION and isinstance(trail.tags, tuple):
        return ("are known only in part: {its} stack adds its stack-level tags, which the template does not "
                "hold and which may replace a tag {its} Tags write")
    if trail.origin.kind is InputKind.TERRAFORM_HCL and isinstance(trail.tags, tuple):
        return "are known only in part: TF_AWS_DEFAULT_TAGS_<key> environment variables may add default tags to {them}"
    return "are not known offline"


def unknown_account(named: str) -> str:
    """What the note and a conditional decision's reasons say of a principal whose account no input ties."""
    return f"the account of {named} is not known"


def administered(trails: Sequence[Trail], inventory: Inventory) -> dict[str, list[int]]:
    """The bits of the organization trails each CloudTrail delegated administrator account acts on,
    by account: the management account owns them ("remains the owner of any CloudTrail organization
    resources the delegated administrator creates"), and a delegated administrator "has administrative
    permissions on all trails and event data stores in the organization"; only the management account
    and a delegated administrator "can change or delete the trail for the organization".
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html"""
    management = the_management_account(inventory)
    delegates = cloudtrail_delegation(inventory).known - {management}
    if management is None or not delegates:
        return {}
    bits = [bit for bit, trail in enumerate(trails)
            if trail.organization is True and trail_account(trail, inventory.given_account) == management]
    return {account: bits for account in sorted(delegates)} if bits else {}


def reachable(owned: Mapping[str | None, Sequence[int]], count: int, account: str | None,
              delegated: Mapping[str, Sequence[int]]) -> list[int]:
    """The bits, increasing, of the trails principals of ``account`` can act on: trails have no
    resource-based policies, so those of their own account and those of unknown account (account
    None: every one of the ``count`` trails), and for a CloudTrail delegated administrator its
    organization's trails (``delegated``: administered()). ``owned``: the trails' bits by account (owned())."""
    if not account:
        return list(range(count))
    return sorted({*owned.get(account, ()), *owned.get(None, ()), *delegated.get(account, ())})


@record
class _Layers:
    """A view's evaluator, over its trails and then "*", and the actions (bits of its ActionMasks) it decides
    on the trails and on "*": every action of a principal at once."""

    evaluator: MaskEvaluator
    actions: tuple[int, ...]        # decided on the view's trails (bits 0 to trails - 1 of the masks)
    on_any: tuple[int, ...]         # decided on "*" (bit ``trails`` of the masks)
    trails: int

    @property
    def full(self) -> int:
        """The mask of the view's trails."""
        return (1 << self.trails) - 1

    def decide(self, effective: Effective, memo: _Memo, view: TrailView
               ) -> tuple[Mapping[int, Masks], Mapping[int, Masks]]:
        """The principal's masks by action bit: over the view's trails, and over "*" (one bit). The decision
        depends only on the layers' Bits (interned by the evaluator, so compared by id), not on which
        statements produced them: principals with different but equivalent policies share it."""
        evaluator, context = self.evaluator, effective.context
        identity = evaluator.layer_bits(effective.identity, context, iam_policy=True)
        boundary = evaluator.policy_bits(effective.boundary, context, iam_policy=True) \
            if effective.boundary is not None else None
        scps, scp_key = memo.levels.get((id(evaluator), id(effective.scps))) or self._levels(effective, memo)
        key = (id(evaluator), id(identity), id(boundary), scp_key)
        found = memo.decisions.get(key)
        if found is None:
            found = memo.decisions[key] = (self._combined(identity, boundary, scps, memo, view, self.actions),
                                           self._combined(identity, boundary, scps, memo, None, self.on_any))
        return found

    def _combined(self, identity: ActionBits, boundary: ActionBits | None, scps: Sequence[tuple[ActionBits, Tri]],
                  memo: _Memo, view: TrailView | None, actions: tuple[int, ...]) -> dict[int, Masks]:
        """evaluator.combine for each of the actions, memoised by the ids of the action's Bits (which live in
        the evaluator's ActionBits): one action's layers often repeat between principals whose other actions
        differ. With a view: the masks of its trails; without: those of "*", as bit 0."""
        evaluator, combined = self.evaluator, memo.combined
        key_of = (id(evaluator), view is None)
        found = {}
        for bit in actions:
            layer = identity[bit]
            limit = boundary[bit] if boundary is not None else None
            if scps:
                levels: Sequence[tuple[Bits, Tri]] = [(bits[bit], applies) for bits, applies in scps]
                key: tuple[object, ...] = (key_of, id(layer), id(limit),
                                           *[(id(bits), applies) for bits, applies in levels])
            else:
                levels, key = (), (key_of, id(layer), id(limit))
            masks = combined.get(key)
            if masks is None:
                masks = evaluator.combine(layer, limit, levels)
                masks = combined[key] = memo.interned(
                    view.tied(_within(masks, self.full)) if view is not None else _within(masks, 1, self.trails), view)
            found[bit] = masks
        return found

    def _levels(self, effective: Effective, memo: _Memo) -> tuple[tuple[tuple[ActionBits, Tri], ...], object]:
        """The SCP levels' Bits, and a key for them. The levels of an account are one tuple shared by its
        principals: memoised by its id unless a policy variable or a condition makes them depend on the principal;
        by what the conditions of those that do settle to where only their conditions do (an organization's
        guardrail that exempts one role by aws:PrincipalArn: two answers for the account's principals)."""
        evaluator, context = self.evaluator, effective.context
        at = (id(evaluator), id(effective.scps))
        dependent = memo.dependent.get(at)
        if dependent is None:
            dependence = evaluator.depends_on_context
            policies = tuple(policy for level in effective.scps for policy in level.policies if dependence(policy))
            dependent = memo.dependent[at] = policies if all(map(dependence.only_conditions, policies)) else False
        by = (at, *(evaluator.settled(policy, context) for policy in dependent)) if dependent else None
        found = memo.levels.get(by) if by is not None else None
        if found is None:
            scps = tuple((evaluator.layer_bits(level.policies, context), level.applies) for level in effective.scps)
            found = scps, tuple((id(bits), applies) for bits, applies in scps)
            if dependent == ():
                memo.levels[at] = found
            elif by is not None:
                memo.levels[by] = found
        return found


class _Asked:
    """The requests of each principal that meet its request conditions (iam.requests), and their
    evaluation: evaluators of their own per view (a request's values tell policies apart that the
    analysis's evaluators share), memoised by the principal's policies."""

    def __init__(self, now: float | None, actions: ActionMasks) -> None:
        self.now = now
        self.actions = actions
        self.dependence = ContextDependence((*PRINCIPAL_KEYS, *REQUEST_KEYS, REQUESTED_REGION))
        self.memo = _Memo()     # the current view's (begin_view)
        # by the actions asked of and the principal's policies: _Read
        self.read: dict[tuple[int, ...], _Read] = {}
        # by an Effect and the id of a Condition block (copies of one document share the block's tuple:
        # parse_policy_once): a number of its own, and one per distinct text of the two (equal blocks of
        # different documents: one number)
        self.blocks: dict[tuple[object, int], tuple[int, int]] = {}
        self.numbered: dict[tuple[object, str], int] = {}
        self.by_content: dict[tuple[object, ...], tuple[Request, ...]] = {}
        # iam.requests and alike_regions by the blocks' numbers (_Read.asked), whatever document holds them
        self.by_blocks: dict[tuple[object, ...], tuple[Request, ...]] = {}
        self.alike_by: dict[tuple[object, ...], list[tuple[str, ...]]] = {}     # alike, by blocks and Regions

    def begin_view(self) -> None:
        """The next view's evaluators are used from now on: what the last view's memoised (keyed by their
        ids) is let go with them."""
        self.memo = _Memo()

    def granted(self, effective: Effective | None, trail_masks: Mapping[str, Masks], layers: _Layers,
                view: TrailView, homes: Mapping[str, int]) -> tuple[tuple[tuple[str, int, str], ...], int]:
        """Row.requested: the conditional trail decisions a request of the principal turns allowed; and
        the id of the requests (one per distinct set of Condition blocks) some of which were left untried
        (more than MOST_TRIED) while some decision stays conditional, else 0. ``homes``: the local mask
        of the view's trails homed in each Region, where a request for an action answered in any Region
        made there surely reaches them (iam.evaluator.requested_region)."""
        if effective is None or not any(masks.conditional for masks in trail_masks.values()):
            return (), 0
        found: list[tuple[str, int, str]] = []
        gained: dict[str, int] = {}
        made = self.requests(effective, layers.actions)
        untried = id(made) if self._turn(effective, trail_masks, layers, view, made, -1, TRAIL_ACTIONS, found,
                                         gained) else 0
        # then, for the actions answered in any Region, requests made in the home Region of some trails: once
        # for the Regions that the conditions on the Region do not tell apart, said of each Region's trails
        regions = [region for region, within in homes.items()
                   if any(trail_masks[action].conditional & within & ~gained.get(action, 0) for action in ANYWHERE)]
        for group in self.alike(effective, layers.actions, regions):
            made = tried = self.requests(effective, layers.actions, group[0])
            if len(group) > 1:      # each trail's request made in its own home Region, one of the group
                tried = tuple(replace(request, values=tuple((key, IN_HOME if key == REQUESTED_REGION else value)
                                                            for key, value in request.values)) for request in made)
            first = len(found)
            if self._turn(effective, trail_masks, layers, view, tried, reduce(or_, (homes[region] for region in group)),
                          ANYWHERE, found, gained):
                untried = untried or id(made)     # (the requests kept by by_content: an id no other takes)
            if len(group) > 1:
                found[first:] = [(action, mask & homes[region], said_in(said, group[0], region))
                                 for action, mask, said in found[first:] for region in group if mask & homes[region]]
        return tuple(found), untried

    def alike(self, effective: Effective, decided: Sequence[int], regions: Sequence[str]) -> list[tuple[str, ...]]:
        """iam.requests.alike_regions over the principal's statements that may cover the ``decided`` actions;
        none where no condition of theirs is on aws:RequestedRegion (no request is made in a Region then)."""
        if len(regions) < 2:
            return [(region,) for region in regions]
        read = self._read(effective, decided)
        if not read.regional:
            return []
        found = self.alike_by.get((read.asked, *regions))
        if found is None:
            found = self.alike_by[(read.asked, *regions)] = alike_regions(read.statements, regions)
        return found

    def granted_globally(self, effective: Effective | None, global_masks: Mapping[str, Masks], layers: _Layers,
                         view: TrailView, enabled: tuple[str, ...]) -> tuple[tuple[tuple[str, str], ...], int]:
        """Row.requested_globally: the conditional account-wide decisions a request of the principal turns
        allowed, made in no Region of its choosing or in one its account surely has enabled (``enabled``,
        the "*" of ``layers``'s ResourceContext.reached); and the id of requests left untried, as granted
        gives it."""
        if effective is None or not any(masks.conditional for masks in global_masks.values()):
            return (), 0
        found: dict[str, str] = {}
        untried = 0
        for region in (None, *(group[0] for group in self.alike(effective, layers.on_any, enabled))):
            made = self.requests(effective, layers.on_any, region)
            for count, request in enumerate(made):
                if all(action in found or not masks.conditional for action, masks in global_masks.items()):
                    break
                if count == MOST_TRIED:
                    untried = untried or id(made)
                    break
                values = (*effective.context.values, *request.values)
                asked = replace(effective, context=replace(effective.context, values=values))
                for bit, masks in layers.decide(asked, self.memo, view)[1].items():
                    action = GLOBAL_ACTIONS[bit - len(TRAIL_ACTIONS)]
                    if masks.allowed and global_masks[action].conditional and action not in found:
                        found[action] = request.said
        return tuple(found.items()), untried

    def _turn(self, effective: Effective, trail_masks: Mapping[str, Masks], layers: _Layers, view: TrailView,
              made: tuple[Request, ...], within: int, actions: Sequence[str], found: list[tuple[str, int, str]],
              gained: dict[str, int]) -> bool:
        """Evaluates the requests ``made`` in turn, at most MOST_TRIED, for the trails of the local mask
        ``within`` and the trail ``actions``: the conditional decisions each turns allowed are added to
        ``found`` and ``gained``; whether some were left untried while one of those decisions stays
        conditional."""
        for count, request in enumerate(made):
            if not any(trail_masks[action].conditional & within & ~gained.get(action, 0) for action in actions):
                break
            if count == MOST_TRIED:
                return True
            values = (*effective.context.values, *request.values)
            asked = replace(effective, context=replace(effective.context, values=values))
            for bit, masks in layers.decide(asked, self.memo, view)[0].items():
                action = TRAIL_ACTIONS[bit]
                if action not in actions:
                    continue
                more = masks.allowed & trail_masks[action].conditional & within & ~gained.get(action, 0)
                if more:
                    gained[action] = gained.get(action, 0) | more
                    found.append((action, more, request.said))
        return False

    def requests(self, effective: Effective, decided: Sequence[int], region: str | None = None) -> tuple[Request, ...]:
        """iam.requests of the principal's policies (``region``: made in that Region, for the actions
        answered in any Region, where a block names aws:RequestedRegion), memoised by its policies and
        by their Condition blocks."""
        read = self._read(effective, decided)
        if region is not None and not read.regional:
            return ()
        found = self.by_content.get((region, read.content))
        if found is None:
            # iam.requests reads only the Effects and Condition blocks, each distinct one once: principals
            # whose blocks are equal (an organization's accounts each hold their copy of a document, or
            # documents of their own asking the same) share its answer ...
            made = self.by_blocks.get((region, read.asked))
            if made is None:
                made = self.by_blocks[(region, read.asked)] = requests(read.statements, self.now, region)
            # ... in a tuple of their own per content (by the blocks' tuples), as before: principals some
            # of whose requests were left untried are named together by it (analyse, requests_untried)
            found = self.by_content[(region, read.content)] = (*made,) if made else made
        return found

    def _read(self, effective: Effective, decided: Sequence[int]) -> _Read:
        """The principal's statements that may cover the ``decided`` actions (those of its policies, its
        boundary and the SCPs over it), memoised by those policies."""
        policies = (*effective.identity, *((effective.boundary,) if effective.boundary is not None else ()),
                    *(policy for level in effective.scps for policy in level.policies))
        bits = sum(1 << bit for bit in decided)
        key = (bits, *map(id, policies))
        found = self.read.get(key)
        if found is None:
            masks, numbers = self.actions.masks, self._numbers
            statements = tuple(statement for policy in policies if isinstance(policy.statements, tuple)
                               for statement in policy.statements if ((covers := masks(statement))[0] | covers[1]) & bits)
            blocks = [numbers(statement) for statement in statements
                      if isinstance(statement.conditions, tuple) and statement.conditions]
            found = self.read[key] = _Read(
                statements, tuple(own for own, _ in blocks), tuple(dict.fromkeys(number for _, number in blocks)),
                any(names_requested_region(statement.conditions) for statement in statements
                    if isinstance(statement.conditions, tuple)))
        return found

    def _numbers(self, statement: Statement) -> tuple[int, int]:
        """The numbers of the statement's Effect and Condition block (``blocks``)."""
        key = (statement.effect, id(statement.conditions))
        found = self.blocks.get(key)
        if found is None:
            found = self.blocks[key] = len(self.blocks), self.numbered.setdefault(
                (statement.effect, repr(statement.conditions)), len(self.numbered))
        return found


@record
class _Read:
    """What _Asked reads of a principal's statements that may cover some actions: the statements; their
    content (the own number of each Effect and Condition block, _Asked.blocks); the distinct Effects and
    blocks in the order first written, by their text's number (all iam.requests reads of them); and
    whether a block names aws:RequestedRegion."""

    statements: tuple[Statement, ...]
    content: tuple[int, ...]
    asked: tuple[int, ...]
    regional: bool


@record
class _Memo:
    """What analyse shares between principals (keyed by ids of values that live as long as the analysis)."""

    # by the evaluator and the layers' Bits: the masks over the view's trails and over "*", by action bit
    decisions: dict[tuple[object, ...], tuple[dict[int, Masks], dict[int, Masks]]] = field(default_factory=dict)
    combined: dict[tuple[object, ...], Masks] = field(default_factory=dict)
    # keyed by the ids of an evaluator and of a tuple of SCP levels (kept alive by the principals' rows), and
    # with what their policies that depend on the context settle to (_Layers._levels)
    levels: dict[tuple[object, ...], tuple[tuple[tuple[ActionBits, Tri], ...], object]] = field(default_factory=dict)
    # by the same ids: the levels' policies that depend on the context, False where one does through a
    # policy variable in its Resource (ContextDependence.only_conditions)
    dependent: dict[tuple[int, int], tuple[Policy, ...] | Literal[False]] = field(default_factory=dict)
    masks: dict[tuple[int, Masks], Masks] = field(default_factory=dict)
    rows: dict[tuple[int, int, int], tuple[dict[str, Masks], dict[str, Masks]]] = field(default_factory=dict)
    merges: dict[tuple[object, ...], dict[int, Masks]] = field(default_factory=dict)

    def columns(self, on_view: Mapping[int, Masks], on_star: Mapping[int, Masks], view: TrailView,
                full: int) -> tuple[dict[str, Masks], dict[str, Masks]]:
        """A row's masks by action name, trail actions and account-wide ones: principals whose decisions
        are the same objects share them (rows only read them). A trail action decided against "*" only
        has its answer broadcast to every trail of the view (``full``: the view's mask)."""
        key = (id(on_view), id(on_star), id(view))
        found = self.rows.get(key)
        if found is None:
            found = self.rows[key] = (
                {action: on_view[bit] if bit in on_view else self._broadcast(on_star[bit], full, view)
                 for bit, action in enumerate(TRAIL_ACTIONS)},
                {action: on_star[bit] for bit, action in enumerate(GLOBAL_ACTIONS, len(TRAIL_ACTIONS))})
        return found

    def merged(self, base: Mapping[int, Masks], parts: Sequence[tuple[Mapping[int, Masks], int]],
               view: TrailView) -> Mapping[int, Masks]:
        """``base`` with the decisions on each part's trails (its local mask) taken from that part's masks,
        action by action. Memoised by the ids of the decisions (kept alive by ``decisions``)."""
        key = (id(base), *[(id(masks), mask) for masks, mask in parts])
        found = self.merges.get(key)
        if found is None:
            found = self.merges[key] = {bit: self.interned(_merge(masks, [(part[bit], mask) for part, mask in parts]),
                                                           view) for bit, masks in base.items()}
        return found

    def _broadcast(self, masks: Masks, full: int, view: TrailView) -> Masks:
        return self.interned(view.tied(Masks(*(full if bits else 0 for bits in (
            masks.allowed, masks.conditional, masks.unknown, masks.denied)))), view)

    def interned(self, masks: Masks, view: TrailView | None) -> Masks:
        # Equal masks of one view become one object, so rules can group principals by identity.
        return self.masks.setdefault((id(view), masks), masks)


def _within(masks: Masks, mask: int, shift: int = 0) -> Masks:
    """The masks at the bits of ``mask``, after a shift right by ``shift`` bits."""
    return Masks(masks.allowed >> shift & mask, masks.conditional >> shift & mask, masks.unknown >> shift & mask,
                 masks.denied >> shift & mask)


def _merge(masks: Masks, parts: Sequence[tuple[Masks, int]]) -> Masks:
    """``masks`` with the bits of each part's mask taken from the part's masks."""
    allowed, conditional, unknown, denied = masks.allowed, masks.conditional, masks.unknown, masks.denied
    for part, mask in parts:
        allowed = allowed & ~mask | part.allowed & mask
        conditional = conditional & ~mask | part.conditional & mask
        unknown = unknown & ~mask | part.unknown & mask
        denied = denied & ~mask | part.denied & mask
    return Masks(allowed, conditional, unknown, denied)


def allowed_when(said: str) -> str:
    """A conditional decision a request of the principal turns allowed, in TL401's words."""
    return f"allowed when {said}"


def verb_decision(decisions: Sequence[Decision]) -> Decision:
    """A verb is granted when any of its actions is: the best decision wins."""
    return max(decisions, key=lambda decision: decision.rank, default=Decision.DENIED)


# --- Helpers for the access rules (TL4xx) ------------------------------------------------

def principal_name(principal: Principal) -> str:
    """A principal's display name (role, user or group name; a document's file name), else its id.

    Every access format names a principal by its id (the ARN when known, else where the inputs
    define it: Terraform address, CloudFormation name or logical id, file) plus this name.
    """
    return principal.name if isinstance(principal.name, str) else principal.id


def principal_label(principal: Principal) -> str:
    if principal.kind is PrincipalKind.ROOT:
        return f"the root user of account {principal.account}"
    return f"{principal.kind.value} {principal_name(principal)}"


def input_statements(inventory: Inventory) -> tuple[tuple[Policy, int, Statement], ...]:
    """Every statement of the identity policies written in the inputs (not AWS managed ones), once:
    gathered with the inventory (Inventory.statements), else now (an inventory built in code, or one
    whose policies or principals were replaced)."""
    held = inventory.statements
    if isinstance(held, list):      # the inventory's own (inventory.build), gathered on the first read
        if not held:
            held.append(statements_of(inventory.policies, inventory.principals))
        found: Statements = held[0]
        if found[0] is inventory.policies and found[1] is inventory.principals:
            return found[2]
    return statements_of(inventory.policies, inventory.principals)[2]


def boundaries_only(inventory: Inventory) -> frozenset[int]:
    """The ids of the inputs' policies that serve only as permissions boundaries: a boundary grants
    nothing on its own, it is the most the identity policies may grant (the effective permissions are
    the intersection of both), so its Allow statements give no principal anything. A policy also
    attached as an identity policy, or attached nowhere the inputs say, is not one of them.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html"""
    boundaries = [p.boundary for p in inventory.principals if p.boundary is not None]
    if not boundaries:
        return frozenset()
    context = Context(inventory, {})
    found = {id(b if isinstance(b, Policy) else context.managed(b)) for b in boundaries}
    for principal in inventory.principals:
        found.difference_update(id(p) for p in principal.inline_policies)
        found.difference_update(id(context.managed(ref)) for ref in principal.managed_policies)
    return frozenset(found)


def trail_list(labels: Sequence[str], total: int, whose: str = "") -> str:
    """'a', 'b' — or "all N trails" (and ``whose``: " of account A") when the list holds all ``total``."""
    if total > 2 and len(labels) == total:
        return f"all {total} trails{whose}"
    return ", ".join(repr(label) for label in labels)


def view_trail_list(labels: Sequence[str], report: AccessReport, view: TrailView, account: str | None) -> str:
    """trail_list over the trails principals of ``account`` can act on (``view``), not over the run's:
    "all N trails" then says the same in one run of the account as in a run of the whole organization
    (a snapshot linted per account and merged)."""
    total = len(view.bits)
    whose = ""
    if account and len(labels) == total:
        # asked for many principals of the account (every rule that lists all its trails): once a view
        run_account = report.inventory.given_account
        owned = view.owned.get((account, run_account))
        if owned is None:
            owned = view.owned[(account, run_account)] = all(
                trail_account(report.trails[bit], run_account) == account for bit in view.bits)
        if owned:
            whose = f" of account {account}"
    return trail_list(labels, total, whose)


def guardrail_statements(inventory: Inventory) -> list[tuple[Policy, int, Statement]]:
    """input_statements plus the statements of the SCPs in the inputs."""
    found = [*input_statements(inventory)]
    for scp in inventory.scps:
        if isinstance(scp.policy.statements, tuple):
            found.extend([(scp.policy, index, statement) for index, statement in enumerate(scp.policy.statements)])
    return found


def region_left_open(report: AccessReport, rows: Iterable[Row], actions: Sequence[str]) -> Iterator[Problem]:
    """A rule's check the home Region of a trail leaves open: a row's decision for one of ``actions`` (those
    CloudTrail performs only in a trail's home Region, whose request carries that Region as
    aws:RequestedRegion) is conditional on a trail whose home Region the inputs do not say, beside a
    statement of the inputs on them (an identity policy, a boundary, an SCP) with a condition on
    aws:RequestedRegion: whether it holds there is not known. Said once per trail, in the TL002 that says
    its home Region is not known (scope.region_unknown_places), which names the rule."""
    masks = report.actions_masked()
    if not any(isinstance(statement.conditions, tuple) and names_requested_region(statement.conditions)
               and any(masks.applies(statement, action) is not False for action in actions)
               for _, _, statement in guardrail_statements(report.inventory)):
        return
    places = None
    for bit in positions(conditional_trails(rows, actions)):
        if report.context_of(bit).region is not UNKNOWN:
            continue
        trail = report.trails[bit]
        places = region_unknown_places(report.trails) if places is None else places
        yield home_region_unknown(trail, places) or undecided_setting(trail, "region", "the home Region")

