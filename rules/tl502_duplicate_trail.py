"""Two trails deliver the same events to the same bucket and prefix.

## Why it matters
The second trail adds no information: the same events land twice under the same prefix,
the second management-event copy is billed (see TL501), data events are billed twice, and
the extra trail uses one of the 5 trails allowed per Region. A trail whose logging is not known
(describe-trails output without its get-trail-status output, a value not known offline: TL301 says
so) is marked "if logging": a stopped trail delivers nothing. trail-lint reports it only when
both trails are fully known: same account, same Regions, same bucket and prefix, and the
same management and data events. A bucket whose name is generated at deployment (a
CloudFormation bucket without `BucketName`, a Terraform `bucket_prefix`) is the same bucket for
every trail of the template or configuration that refers to it. Two trails of one template that
both have a CloudFormation `Condition` are taken to be either/or variants (one exists whichever
way the condition goes) and are not reported, as for TL214; a conditional trail and another one
are duplicates "if both exist". Two single-Region trails of one CloudFormation stack or one
Terraform provider configuration are in one Region even when no input names it ("the
stack's Region"). Identical trails whose accounts no input ties are reported as TL002: they
are duplicates only if they are one account. TL501 reports the paid management-event copy
the duplicate also makes, as a cost per Region; this rule names the redundant trail.

A trail that describe-trails lists with custom event selectors (`HasCustomEventSelectors:
true`) whose get-event-selectors output is not among the inputs may record anything. Where
another trail of its account delivers to the same bucket, prefix and Regions, the check is
reported as TL002 for that trail (one finding naming every rule it blocks) instead of
passing.

A trail whose event selectors hold a value not known offline (a CloudFormation parameter, a
Terraform variable without a value, a value known only after apply) is handled the same way:
where another trail of its account delivers to the same place, the check is reported as TL002
at that value, unless the two certainly record different events whatever the value is: their
management events differ, or one records data events of a resource type the other does not
(a data selector whose category and resource type are known records that type whatever ARN
prefix or event name it names). Where the whole list of selectors is not known (an `Fn::If` with
`AWS::NoValue` in it, another stack's export), the check is named in the TL002 the reader gives for
that list.

A flag compared that an input leaves not known offline (`IsMultiRegionTrail`,
`IncludeGlobalServiceEvents`, `IsOrganizationTrail`: a parameter, a variable without a value, a
describe-trails output that leaves it out) is neither "different" nor "the same": where two trails
of one account deliver to the same bucket and prefix, agree on everything known and differ only by
it, the check is reported as TL002 at that flag (in the reader's own TL002 for it, where it gives
one). `IncludeGlobalServiceEvents` tells two trails apart only where global service events reach
them (us-east-1): a multi-Region trail always has it on ("Multi-Region trail must include global
service events", TL202), so one whose `IsMultiRegionTrail` is not known and whose
`IncludeGlobalServiceEvents` is off is single-Region. Two single-Region trails of a Region no input
names (their stack's or provider's) that differ only by `IncludeGlobalServiceEvents` are duplicates
unless that Region is us-east-1: the TL002 saying the home Region is not known names TL502.

Two trail definitions with one name in one account and Region (a module called twice with the
same trail name) are counted once: CreateTrail fails for the second
(`TrailAlreadyExistsException`, TL214), so they are never two copies
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html).

## Fix
Terraform: delete one of the two `aws_cloudtrail` resources.
CloudFormation: delete one of the two `AWS::CloudTrail::Trail` resources.
CLI: `aws cloudtrail delete-trail --name NAME`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Inventory, Problem, Recorded, Trail, Tri
from trail_lint.problems import (
    conditional,
    copy_label,
    home_region_unknown,
    one_per_name,
    trail_problem,
    undecided_setting,
    variants,
)
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity
from trail_lint.scope.home import region_unknown_places
from trail_lint.scope.names import GLOBAL_EVENTS_REGION
from trail_lint.scope.placement import TIE_ACCOUNTS
from trail_lint.scope.trail_scope import covers_region, multi_region, receives_global_events, scope_of
from trail_lint.selectors.recording import recorded
from trail_lint.selectors.undecided import (
    kind_unknown,
    may_deliver_unread,
    records_unknown,
    selectors_open,
    selectors_unread,
)
from trail_lint.selectors.unknown_values import scopes_despite_unknowns


def delivery(trail: Trail, recorded: Recorded) -> tuple[object, ...] | None:
    """Where a trail delivers and what, or None when any part of it is not known. The account
    scope is left out: the caller compares it (trails of untied scopes may be one account)."""
    coverage, data = recorded.management, recorded.data
    where = place(trail)
    known = (coverage.read, coverage.write, coverage.excluded, coverage.only, _global(trail))
    if where is None or UNKNOWN in known or not isinstance(data, tuple) or any(UNKNOWN in (s.read, s.write) for s in data):
        return None
    return (*where, known[-1], coverage, frozenset(data))


def place(trail: Trail) -> tuple[object, ...] | None:
    """Where a trail delivers, or None when any part of it is not known."""
    multi = multi_region(trail)
    where = (trail.organization, multi, bucket(trail), trail.s3_key_prefix, trail.logging is not False)
    if UNKNOWN in where or where[2] is None:
        return None
    # Single-Region trails must share a Region: a known one, or the one Region of their stack or provider.
    home = None if multi is True else scope_of(trail).region
    if home is None and multi is not True:
        return None
    return (*where, home)


def bucket(trail: Trail) -> object:
    """The trail's log bucket: its name, else the bucket resource its input refers to (a logical ID or
    address in one template or configuration), whose name is generated at deployment but is one bucket
    for every trail that refers to it; None when neither is known."""
    if isinstance(trail.s3_bucket, str):
        return trail.s3_bucket
    return ("resource", trail.origin.ref_scope, trail.s3_bucket_ref) if trail.s3_bucket_ref else None


def _shown(trail: Trail) -> str:
    if isinstance(trail.s3_bucket, str):
        return f"s3://{trail.s3_bucket}" + (f"/{trail.s3_key_prefix}" if trail.s3_key_prefix else "")
    return f"log bucket {trail.s3_bucket_ref!r}" + (f" under {trail.s3_key_prefix}/" if trail.s3_key_prefix else "")


def check(inventory: Inventory) -> Iterator[Problem]:
    groups: dict[tuple[object, ...], list[Trail]] = {}
    for trail in one_per_name(inventory.live_trails()):
        key = delivery(trail, recorded(inventory, trail)) if trail.logging is not False else None
        if key is not None:
            groups.setdefault(key, []).append(trail)
    for trails in groups.values():
        firsts: dict[str, Trail] = {}     # the first trail of each account scope
        for trail in trails:
            scope = scope_of(trail).account
            first = firsts.setdefault(scope, trail)
            if first is not trail and not variants((first, trail)):
                yield _duplicate(first, trail)
        yield from _untied(list(firsts.values()))
    yield from _unread(inventory)
    yield from _flags_open(inventory)
    yield from _region_open(inventory)


def _region_open(inventory: Inventory) -> Iterator[Problem]:
    """Two single-Region trails of one Region not known (their stack's or provider's) that differ only
    by IncludeGlobalServiceEvents differ only if that Region is us-east-1, where global service events
    reach them: named in the TL002 that says the home Region is not known, never 'different'."""
    unknown_at = region_unknown_places(inventory.trails)
    groups: dict[tuple[object, ...], list[tuple[Trail, tuple[object, ...]]]] = {}
    for trail in one_per_name(inventory.live_trails()):
        if trail.logging is False or multi_region(trail) is not False or not isinstance(trail.include_global_events, bool) \
                or covers_region(trail, GLOBAL_EVENTS_REGION) is not UNKNOWN:
            continue
        found = recorded(inventory, trail)
        key = delivery(trail, found)
        outside = delivery(replace(trail, include_global_events=False), found)   # as outside us-east-1
        if key is not None and outside is not None:
            groups.setdefault((*outside, scope_of(trail).account), []).append((trail, key))
    for members in groups.values():
        first, first_key = members[0]
        for trail, key in members[1:]:
            if key != first_key and not variants((first, trail)) and \
                    (said := home_region_unknown(trail, unknown_at)) is not None:
                yield said


def _unread(inventory: Inventory) -> Iterator[Problem]:
    """A trail whose selectors are not given, or hold a value not known offline, is a duplicate of
    another trail of its account that delivers to the same place only if it records the same events:
    not known."""
    places: dict[tuple[object, ...], list[Trail]] = {}
    for trail in inventory.live_trails():
        where = place(trail) if trail.logging is not False else None
        if where is not None:
            places.setdefault((*where, scope_of(trail).account), []).append(trail)
    for trails in places.values():
        if len(trails) > 1:
            yield from map(selectors_unread, [t for t in trails if may_deliver_unread(t)])
            yield from map(selectors_open, [t for t in trails if (found := recorded(inventory, t))
                                            and delivery(t, found) is None
                                            and (records_unknown(t, found.kind) or kind_unknown(t))
                                            and any(_maybe_same(t, found, other, recorded(inventory, other))
                                                    for other in trails if other is not t)])


# The flags two trails are compared by, in the order an unknown one is said, with what the TL002 calls it.
FLAGS = (("organization", "whether it is an organization trail"), ("multi_region", "whether it is multi-Region"),
         ("include_global_events", "the global service events setting"))


def _global(trail: Trail) -> Tri:
    """Whether global service events reach the trail, as far as that tells it from a trail with the same
    place (home Region included): a multi-Region trail always receives them (``receives_global_events``),
    a single-Region trail as ``receives_global_events`` says, or, of a Region not known (its stack's or
    provider's), as its IncludeGlobalServiceEvents says."""
    if multi_region(trail) is UNKNOWN:       # as either would
        either = {_global(replace(trail, multi_region=multi)) for multi in (True, False)}
        return either.pop() if len(either) == 1 else UNKNOWN
    if multi_region(trail) is False and covers_region(trail, GLOBAL_EVENTS_REGION) is UNKNOWN:
        # the trail it is compared with shares that Region (place): the same flag, the same events there
        return trail.include_global_events
    return receives_global_events(trail)


def _flags(trail: Trail) -> tuple[object, ...]:
    """What of a trail's flags decides where and what it delivers: whether it is an organization
    trail, multi-Region, and receives global service events (each three-valued)."""
    return trail.organization, multi_region(trail), _global(trail)


def _flags_agree(one: Trail, other: Trail) -> bool:
    """Whether two trails may agree on their flags and Region: every flag known of both is the same,
    and two trails that may both be single-Region may share their home Region."""
    if any(a != b for a, b in zip(_flags(one), _flags(other), strict=True) if UNKNOWN not in (a, b)):
        return False
    homes = scope_of(one).region, scope_of(other).region
    return (multi_region(one) is not False and multi_region(other) is not False) or homes[0] == homes[1]


def _open_flag(trail: Trail) -> str | None:
    """The first flag of the trail not known offline that leaves what it delivers open, if any."""
    if trail.organization is UNKNOWN:
        return "organization"
    if multi_region(trail) is UNKNOWN:
        return "multi_region"
    return "include_global_events" if _global(trail) is UNKNOWN and trail.include_global_events is UNKNOWN else None


def _flags_open(inventory: Inventory) -> Iterator[Problem]:
    """Two trails of one account that deliver to the same bucket and prefix, agree on everything known
    about what they record and differ only by a flag not known offline may be duplicates: one TL002 per
    such flag, never 'different', never 'duplicate'."""
    places: dict[tuple[object, ...], list[Trail]] = {}
    for trail in one_per_name(inventory.live_trails()):
        where = bucket(trail), trail.s3_key_prefix, trail.logging is not False
        single_unplaced = multi_region(trail) is not True and scope_of(trail).region is None
        if trail.logging is not False and where[0] is not None and UNKNOWN not in where and not single_unplaced:
            places.setdefault((*where, scope_of(trail).account), []).append(trail)
    said: set[int] = set()
    for trails in places.values():
        open_ = [t for t in trails if _open_flag(t) is not None]
        for trail in open_:
            found = recorded(inventory, trail)
            if id(trail) not in said and any(
                    other is not trail and not variants((trail, other)) and _flags_agree(trail, other)
                    and _maybe_same(trail, found, other, recorded(inventory, other)) for other in trails):
                said.add(id(trail))
                field = _open_flag(trail) or ""
                yield undecided_setting(trail, field, dict(FLAGS)[field])


def _maybe_same(trail: Trail, one: Recorded, other_trail: Trail, other: Recorded) -> bool:
    """Whether two trails may record the same events, as far as what each records is known: not when
    both management events are known and differ, nor when both data events are known and differ, nor
    when they record data events of different resource types whatever their unknown values are."""
    known = [(r.management.read, r.management.write, r.management.excluded, r.management.only) for r in (one, other)]
    if UNKNOWN not in (*known[0], *known[1]) and one.management != other.management:
        return False
    if isinstance(one.data, tuple) and isinstance(other.data, tuple):
        return frozenset(one.data) == frozenset(other.data)
    types = _data_types(trail, one), _data_types(other_trail, other)
    return None in types or types[0] == types[1]


def _data_types(trail: Trail, found: Recorded) -> frozenset[str] | None:
    """The resource types a trail records data events of, whatever its values not known offline are (a
    data selector whose category and resource type are known records that type for any ARN or event
    name it names); None when that is not known either."""
    data = found.data if isinstance(found.data, tuple) else scopes_despite_unknowns(trail)
    return frozenset(scope.type for scope in data) if isinstance(data, tuple) else None


def _duplicate(first: Trail, second: Trail, undecided: bool = False) -> Problem:
    message = f"trail {copy_label(second, True)} delivers the same events as trail {copy_label(first, True)} to " \
              f"{_shown(second)}"
    if second.multi_region is not True:
        message += f" in {scope_of(second).region_label}"
    if undecided:
        message += f" if {scope_of(first).account_label} and {scope_of(second).account_label} are one account: " \
                   f"{TIE_ACCOUNTS}"
    elif conditional(first) or conditional(second):
        message += " (if both exist: one has a CloudFormation condition)"
    problem = trail_problem(second, message, second.origin.of("s3_bucket"), subject=f"duplicate-of:{first.label}")
    return replace(problem, undecided=undecided)


def _untied(firsts: list[Trail]) -> Iterator[Problem]:
    """Identical trails of account scopes no input ties: duplicates only if they are one account.
    ``firsts`` are of different scopes, so two of them are apart unless one has no known account."""
    loose: Trail | None = None      # the first of a scope no input ties to a known account
    for index, second in enumerate(firsts):
        first = firsts[0] if index and scope_of(second).account_id is None else loose
        if first is not None and first is not second:
            yield _duplicate(first, second, undecided=True)
        if loose is None and scope_of(second).account_id is None:
            loose = second


RULE = Rule(id="TL502", name="duplicate-trail", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
