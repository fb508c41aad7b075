"""Two or more trails log data events for the same resources (or the same network activity events) in a Region.

## Why it matters
Data events are billed for every delivery, the first one included ($0.10 per 100,000
events), so two trails logging the same S3 objects, Lambda functions or DynamoDB tables pay
twice for the same events. On busy buckets this is often the largest line of a CloudTrail
bill. Multi-Region trails record data events in every Region the account has enabled, wherever
the resources are: what two of them share is one finding, "in every enabled Region", not one
per Region the run names; a Region where a single-Region trail shares them too has its own. A
resource whose ARN names a Region (a Lambda function, a DynamoDB table, an S3 access point) is
used in that Region, so a single-Region trail of another Region that names it records none of its
events ("When you create a single-Region trail, CloudTrail records the events in that Region
only") and shares none of them; what multi-Region trails share of such resources only is said in
the Regions their ARNs name ("in eu-west-1"), not in every enabled Region (an S3 object's ARN
names no Region: its events may be of any). A trail whose logging is not known (describe-trails
output without its get-trail-status output, a value not known offline: TL301 says so) is marked
"if logging": a stopped trail delivers nothing, and nothing is billed for it. trail-lint compares resource types, ARN prefixes and exact ARNs, and read/write
scope; selectors that also filter on other fields (`eventName`, `NotStartsWith`, ...) are
compared as far as AWS's semantics settle it. Trails that share data events,
directly or through one another, are one finding, which names them all and what they share.

Network activity events (the AWS API calls made through a VPC endpoint, by event source:
`ec2.amazonaws.com`, `kms.amazonaws.com`, ...) are recorded only by advanced selectors
(`eventCategory` `NetworkActivity`, with the required `eventSource`, which takes `Equals` only),
and "additional charges apply" for them ("Logging network activity events"): a price per event
recorded, with no free copy, as for data events ($0.10 per 100,000 in AWS's price list). Two
trails recording the same event source's network activity events pay twice too, and are a
finding of this rule ("network activity of ec2.amazonaws.com"). `eventName` `Equals` narrows them as it
narrows data events; `vpcEndpointId` and `errorCode` filter on values of events no input shows,
and are said undecided as the filters below. An event source not known offline is a value not
known offline, as below.

In an advanced event selector the conditions (field selectors) are ANDed, the values of one
condition ORed, and a trail's selectors add up ("Filtering data events by using advanced event
selectors", API `AdvancedFieldSelector`). So a selector with `eventName` `Equals` records those
events of its resources only: against a selector without an `eventName` condition it shares
exactly those events (every event it records, the other records too, over the resources both
cover); against another `eventName` `Equals` selector it shares the names both list, and none
when the lists do not meet. Those are findings like any other, naming the events they share
("PutObject events of AWS::S3::Object arn:aws:s3:::media/").

`resources.ARN` `NotStartsWith`, `NotEquals` and `NotEndsWith` exclude the resources they match.
A prefix they cannot touch stays whole; one an excluded prefix starts is dropped, as is an
excluded exact ARN; a prefix of which they exclude some ARNs is recorded in part. It is compared
under its own exclusions: it certainly shares events with a selector recording all of it (a
prefix it starts with), said as "part of AWS::S3::Object arn:aws:s3:::media/"; with a narrower
pattern it shares that pattern unless the exclusions leave all of it out. So a trail of every
S3 object but those of the log bucket (`NotStartsWith arn:aws:s3:::audit-logs/`) logs every event
of a trail of `arn:aws:s3:::media/`, and none of a trail of `arn:aws:s3:::audit-logs/`; a trail of
`media/` but `media/tmp/` shares all of `media/photos/`, nothing of `media/tmp/x/`, and "part of"
`media/t` (its keys outside `media/tmp/`, such as `media/toys`).

Other filters (`eventSource`, `userIdentity.arn`, `eventType`, `sessionCredentialFromConsole`,
`eventName` with any operator but `Equals`, `resources.ARN` `EndsWith`, `Not` operators
beside any of these) depend on values of events no input shows: whether `NotEquals` leaves an
event name the other trail records, whether an `eventSource` matches the resource type. Where such a
selector could share events with another trail if its filter let them through, and no certain
overlap already joins those trails, the check is reported once per group of trails (not per
pair, not per Region) as TL002 naming this rule, placed at a trail with such a selector: a silent
pass could hide a real duplicate, and a group is one question for the reader.

A value not known offline (a CloudFormation parameter or `Ref`, a Terraform variable without a
value, an attribute known only after apply) is never dropped or read as matching. What the
selector records whatever the value turns out to be is compared as above: a `NotStartsWith` value
not known may be any prefix and leave out every ARN, so nothing of that selector is certain; a
`NotEquals` or `NotEndsWith` value not known leaves out at most some ARNs, so the selector's
prefixes are recorded in part ("part of all AWS::S3::Object" when two trails each exclude an
object nobody knows) and no exact ARN is certain; an `Equals` or `StartsWith` value not known adds
nothing certain beside the known ones, and an `eventName` `Equals` value the same; a `readOnly`
value not known leaves both directions uncertain. Where what the value may let through could
join trails that nothing certain joins, the check is reported once as TL002 naming this rule,
placed at that value (where the value comes from a variable or parameter without a value, its own
TL002 names this rule instead). A selector whose resource type or event category is not known
may record any data event. Selectors written beside others not known offline (a Terraform `dynamic`
block) record what they record whatever the others are (a trail's selectors add up; the `Not`
operators of one selector narrow that selector only): the overlaps they make are findings, which
say the trails log *at least* those events, and what the others may add is said as above.

Trails are compared within one account: trails of inputs whose account no input ties (two
root modules under different provider profiles, two templates) overlap only if they are one
account, which is reported once per run as TL002 naming this rule (pass `--account` or set
`accounts:` to tie them).

A trail that describe-trails lists with custom event selectors (`HasCustomEventSelectors:
true`) whose get-event-selectors output is not among the inputs may record anything. Where
it shares a Region with another trail that records (or may record) data events, the check is
reported as TL002 for that trail (one finding naming every rule it blocks) instead of
passing.

Two trail definitions with one name in one account and Region (a module called twice with the
same trail name) are counted once: CreateTrail fails for the second
(`TrailAlreadyExistsException`, TL214), so they are never two copies
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html).

## Fix
Terraform: keep the data resource on one trail only (remove it from the other trail's
`event_selector.data_resource` or `advanced_event_selector`); for network activity events, keep
the `advanced_event_selector` with `eventCategory` `NetworkActivity` and that `eventSource` on one
trail only.
CloudFormation: remove the data resource from one trail's `EventSelectors` or `AdvancedEventSelectors`
(for network activity events, the `AdvancedEventSelectors` entry of that `eventSource`).
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --advanced-event-selectors file://selectors.json`
on the trail that should stop logging them.

## References
- https://aws.amazon.com/cloudtrail/pricing/
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trails.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
"""
from collections import Counter
from collections.abc import Iterator, Sequence

from trail_lint.model import UNKNOWN, DataScope, Inventory, Problem, Trail
from trail_lint.overlap import NETWORK_WORDS, Groups, Scopes, groups, located_groups, undecided_groups
from trail_lint.problems import NAMED, conditional, copy_label, delivers, few, one_per_name, own_first, trail_problem
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import may_name_region
from trail_lint.scope.placement import (
    TIE_ACCOUNTS,
    Placement,
    accounts,
    placement,
    pooled_regions_of,
    region_label,
    regions_of,
    undecided_elsewhere,
)
from trail_lint.scope.regional import Regional
from trail_lint.scope.trail_scope import account_id, scope_of
from trail_lint.selectors.compare import loosened
from trail_lint.selectors.copies import refused_beside, unread_beside
from trail_lint.selectors.recording import NETWORK_ACTIVITY, recorded, selector_kind
from trail_lint.selectors.undecided import records_unknown, selectors_unknown
from trail_lint.selectors.unknown_values import scopes_despite_unknowns, unknown_at, written_scopes

_SHOWN = 5   # shared resources named in a message; the rest are counted
EVERYWHERE = "every enabled Region"


def check(inventory: Inventory) -> Iterator[Problem]:
    live = placement(inventory)
    scopes = _scopes(inventory, live)
    yield from _certain(inventory, live, scopes)
    yield from _Pools(inventory, live, scopes).undecided()
    for account in accounts(inventory):
        certain = [t for t in live.certain(account) if scopes.get(id(t))]
        yield from unread_beside(inventory, account, certain)
        yield from refused_beside(inventory, account, certain, "data")


def _scopes(inventory: Inventory, live: Placement) -> dict[int, tuple[DataScope, ...]]:
    """The data scopes of each trail that logs or may. A trail whose selectors hold values not known
    offline records what is certain whatever they are, and may record more (``scopes_despite_unknowns``);
    one of which even that is not known (its resource type, its event category) may record any data
    event: of every resource type another trail records, nothing certain (its whole scope ``wider``),
    beside what the selectors written beside a part not known certainly record (``written_scopes``)."""
    scopes: dict[int, tuple[DataScope, ...]] = {}
    unknown: list[Trail] = []
    for trail in live.trails:
        if delivers(trail) is False:
            continue
        found = recorded(inventory, trail).data
        if not isinstance(found, tuple) and records_unknown(trail, selector_kind(trail)):
            found = scopes_despite_unknowns(trail)
            if not isinstance(found, tuple):
                unknown.append(trail)
                found = written_scopes(trail)
        if isinstance(found, tuple):
            scopes[id(trail)] = found
    kinds = sorted({s.type for found in scopes.values() for s in found})
    for trail in unknown:
        at = (unknown_at(trail) or trail.origin.of("advanced_selectors"),)
        scopes[id(trail)] += tuple(DataScope(kind, UNKNOWN, UNKNOWN, prefixes=(), unknown=at,
                                             wider=DataScope(kind, True, True)) for kind in kinds)
    return scopes


def _own(live: Placement, account: str | None, scopes: Scopes) -> Regional:
    """The account's trails logging data events, by name, and by the Regions they record."""
    return Regional.of(sorted(one_per_name(t for t in live.certain(account) if id(t) in scopes), key=lambda t: t.label))


def _in_scope(inventory: Inventory, live: Placement, account: str | None, region: str) -> bool:
    return region in inventory.regions or live.has_region(account, region)


def _certain(inventory: Inventory, live: Placement, scopes: Scopes) -> Iterator[Problem]:
    """Groups of one account's trails in a Region. Multi-Region trails record in every Region the
    account has enabled, whichever the inputs name: a group of them alone is said once, for every
    enabled Region, or for the Regions the ARNs of what they share name; a Region where a
    single-Region trail joins a group has a finding of its own, which says the group there."""
    seen: set[tuple[frozenset[int], str]] = set()   # organization trails repeat in every account
    unsure: set[frozenset[int]] = set()              # groups said undecided, in whichever Region first
    for account in accounts(inventory):
        own = _own(live, account, scopes)
        located = located_groups(own.wide, scopes) if len(own.wide) > 1 else []
        yield from _undecided(undecided_groups(own.wide, scopes) if len(own.wide) > 1 else [], "", account, unsure,
                              scopes)
        joined: dict[str, list[frozenset[int]]] = {}    # Region -> the groups with a single-Region trail there
        regional: list[Problem] = []                     # said after the multi-Region groups
        for region in sorted(r for r in own.homed if _in_scope(inventory, live, account, r)):
            here = own.of_region(region)
            local = _in_region(scopes, here, region)
            for group, shared in groups(here, local):
                key = (frozenset(id(t) for t in group), region)
                if all(t.multi_region is True for t in group):
                    continue
                joined.setdefault(region, []).append(key[0])
                if key in seen:
                    continue
                seen.add(key)
                regional.append(_problem(group, shared, region, region_label(inventory, region), account,
                                         _at_least(group)))
            regional.extend(_undecided(undecided_groups(here, local), region, account, unsure, local,
                                       region_label(inventory, region)))
        for group, shared, named in located:
            key = (frozenset(id(t) for t in group), "")
            # the events of resources whose ARNs name a Region occur there only: where each of those
            # Regions has a finding holding the group, it is said there
            if key in seen or named and all(any(key[0] <= other for other in joined.get(r, ())) for r in named):
                continue
            seen.add(key)
            where = few([region_label(inventory, r) for r in named]) if named else EVERYWHERE
            yield _problem(group, shared, named[0] if len(named) == 1 else "", where, account, _at_least(group))
        yield from regional


def _in_region(scopes: Scopes, trails: Sequence[Trail], region: str) -> dict[int, tuple[DataScope, ...]]:
    """The trails' data scopes as far as they may occur in ``region``: a trail records the events of a
    Region's resources only there, and a resource whose ARN names another Region (a Lambda function, a
    DynamoDB table, an S3 access point) is invoked in that one, so a single-Region trail elsewhere never
    records its events ("When you create a single-Region trail, CloudTrail records the events in that
    Region only", cloudtrail-trails.html). Only the scopes of ``trails``, which are all the groups
    read: a copy of every trail's would be the run's trails over again for each account and Region."""
    return {id(trail): tuple(kept for scope in scopes.get(id(trail), ()) if (kept := _of_region(scope, region)))
            for trail in trails}


def _of_region(scope: DataScope, region: str) -> DataScope | None:
    prefixes = tuple(p for p in scope.prefixes if may_name_region(p, region))
    equals = tuple(arn for arn in scope.equals if may_name_region(arn, region))
    if (prefixes, equals) == (scope.prefixes, scope.equals):
        return scope
    if not prefixes and not equals:
        return None
    return replace(scope, prefixes=prefixes, equals=equals,
                   partial=tuple(p for p in scope.partial if may_name_region(p, region)))


def _undecided(found: list[tuple[list[Trail], list[Trail]]], region: str, account: str | None,
               unsure: set[frozenset[int]], scopes: Scopes, where: str = EVERYWHERE) -> Iterator[Problem]:
    """TL002 for each group of trails that may log the same data events where nothing certain joins
    them all, in the first Region (or every enabled Region) it is met (``unsure`` holds the groups
    already said): once per group through filters that cannot be compared, and once per trail whose
    selectors hold values not known offline, at the first such value (``selectors_unknown``: one
    finding with every rule it blocks, or the value's cause's own)."""
    for group, filtering in found:
        key = frozenset(id(t) for t in group)
        if key in unsure:
            continue
        unsure.add(key)
        valued = [t for t in filtering if any(s.unknown for s in scopes[id(t)])]
        yield from map(selectors_unknown, valued)
        if len(valued) == len(filtering):
            continue
        names = few([repr(t.label) for t in group], NAMED)
        others = [t for t in filtering if t not in valued]
        which = few([repr(t.label) for t in others], NAMED)
        anchor = own_first(others, account)
        # what the filtering selectors record: data events, network activity events or both
        network = {s.type == NETWORK_ACTIVITY for t in others for s in scopes[id(t)] if loosened(s) is not None}
        what = {frozenset({True}): "network activity events",
                frozenset({True, False}): "data or network activity events"}.get(frozenset(network), "data events")
        message = (f"whether trails {names} log the same {what} in {where} is not known: the "
                   f"{what.replace('events', 'event')} selectors of {which} filter events in ways that are not "
                   "compared offline")
        problem = trail_problem(anchor, message, anchor.origin.of("advanced_selectors"), region=region or None,
                                subject=f"data-overlap-undecided:{group[0].label}:{region or '*'}", account=account)
        yield replace(problem, undecided=True, region=problem.region if region else None)


class _Pools:
    """Where trails of scopes no input ties would overlap if they were one account.

    For an account and a Region, the pool is the account's trails there with the trails of other
    scopes that may be it (``Placement.untied``): the unconditional trails of every untied scope
    recording there, and, for an untied account, the trails of the one known account that may be
    it. Every Region's pool holds the multi-Region trails of all of them, so those are grouped once
    (``Groups``) and each Region adds only its own single-Region trails and the account's extras."""

    def __init__(self, inventory: Inventory, live: Placement, scopes: Scopes) -> None:
        self.inventory, self.live, self.scopes = inventory, live, scopes
        self.data = Regional.of(t for t in live.trails if id(t) in scopes and not conditional(t))
        self.untied = {id(t) for t in self.data.trails if t.organization is not True and scope_of(t).account_id is None}
        self.bases: dict[tuple[str | None, ...], Groups] = {}
        self.table: list[tuple[int, str]] | None = None     # (-largest group, Region) for untied accounts

    def parts(self, region: str, known: bool) -> tuple[Groups, list[Trail]]:
        """The pool of the Region for a known or an untied account, without the account's own
        extras: the grouped multi-Region part and the Region's own trails."""
        kept = None if known else self.data.kept(region)[0]

        def pooled(trail: Trail) -> bool:
            return id(trail) in self.untied or (
                scope_of(trail).account == kept and trail.organization is not True)
        key: tuple[str | None, ...] = ("known",) if known else ("untied", kept)
        if key not in self.bases:
            self.bases[key] = Groups.of([t for t in self.data.wide if pooled(t)], self.scopes)
        return self.bases[key], [t for t in self.data.homed.get(region, ()) if pooled(t)]

    def largest(self, account: str | None, region: str, trails: list[Trail]) -> int:
        """The largest group spanning scopes in the pool of the account's trails in the Region."""
        known = account_id(account) is not None
        if known and not self.data.untied_total(region):
            return 0        # no untied scope records here: nothing may be this account
        base, here = self.parts(region, known)
        return base.largest_spanning(here + [t for t in trails if id(t) not in self.untied], self.scopes)

    def untied_table(self) -> list[tuple[int, str]]:
        """(-largest group, Region) of every Region of an untied account whose trails there are
        its unconditional multi-Region ones: the same pool for every such account."""
        if self.table is None:
            self.table = sorted((-self.largest(None, region, []), region)
                                for region in regions_of(self.inventory, None))
        return self.table

    def undecided(self) -> Iterator[Problem]:
        found: list[tuple[int, str, str | None]] = []    # per account: (largest, first Region with it, account)
        regions: set[str] = set()
        tabled: list[set[str]] = []     # the own Regions of the accounts read from the table
        for account in accounts(self.inventory):
            own = _own(self.live, account, self.scopes)
            wide = list(own.wide)
            homes = {r for r in own.homed if _in_scope(self.inventory, self.live, account, r)}
            best: tuple[int, str] = (0, "")
            for region in homes:
                size = self.largest(account, region, own.of_region(region))
                if size:
                    regions.add(region)
                    best = _first(best, (size, region))
            if wide and account_id(account) is None and all(id(t) in self.untied for t in wide):
                tabled.append(homes)
                row = next(((-size, region) for size, region in self.untied_table() if size and region not in homes),
                           (0, ""))
                best = _first(best, row)
            elif wide:
                for region in pooled_regions_of(self.inventory, account):
                    if region not in homes and (size := self.largest(account, region, wide)):
                        regions.add(region)
                        best = _first(best, (size, region))
            if best[0]:
                found.append((best[0], best[1], account))
        if tabled:      # a Region of the table is met unless it is an own Region of every such account
            homed = Counter(region for homes in tabled for region in homes)
            regions.update(region for size, region in self.untied_table() if size and homed[region] < len(tabled))
        if found:
            most = max(size for size, _, _ in found)
            _, region, account = next(entry for entry in found if entry[0] == most)
            yield self._note(account, region, most, regions)

    def _note(self, account: str | None, region: str, most: int, regions: set[str]) -> Problem:
        """One TL002 for the run: the largest group that pooling scopes no input ties could make."""
        here = Placement.of(self.data.of_region(region))
        pooled = sorted(_own(self.live, account, self.scopes).of_region(region) + here.untied(account),
                        key=lambda t: t.label)
        group, shared = next((group, shared) for group, shared in groups(pooled, self.scopes)
                             if len(group) == most and len({scope_of(t).account for t in group}) > 1)
        problem = _problem(group, shared, region, region_label(self.inventory, region), None)
        scopes_named = few(dict.fromkeys(scope_of(t).account_label for t in group))
        return replace(problem, message=f"{problem.message} if {scopes_named} are one account"
                       f"{undecided_elsewhere(regions, region)}; {TIE_ACCOUNTS}",
                       subject="data-overlap-untied", undecided=True)


def _network(shared: str) -> bool:
    """Whether a described shared pattern (``overlap.described``) is one of network activity events."""
    return shared.startswith(NETWORK_WORDS) or f" of {NETWORK_WORDS} of " in shared


def _first(one: tuple[int, str], other: tuple[int, str]) -> tuple[int, str]:
    """Of two (largest group, Region), the larger group, else the Region met first (they are visited sorted)."""
    return min(one, other, key=lambda entry: (-entry[0], entry[1]))


def _at_least(group: list[Trail]) -> str:
    """"at least " where the selector list of a trail of the group has a part not known offline beside
    the written selectors that make the overlap (a dynamic block): what they share may be more."""
    return "at least " if any(t.advanced_selectors is UNKNOWN if selector_kind(t) == "advanced"
                              else t.event_selectors is UNKNOWN for t in group) else ""


def _problem(group: list[Trail], shared: list[str], region: str, where: str, account: str | None,
             at_least: str = "") -> Problem:
    first, second = group[0], group[1]
    anchor = own_first([second, first, *group[2:]], account)
    # data events first; what is shared of network activity events is said as such after them
    # ("network activity of ec2.amazonaws.com")
    network = [s for s in shared if _network(s)]
    data = [s for s in shared if not _network(s)]
    shown = (data + network)[:_SHOWN]
    listed = ", ".join(s for s in shown if s in data)
    if len(shown) > len(data):
        listed = f"{listed} and " if listed else ""
        listed += ", ".join(s for s in shown if s in network)
    listed += f" and {len(shared) - _SHOWN} more" if len(shared) > _SHOWN else ""
    maybe = " (if both exist: one has a CloudFormation condition)" if any(conditional(t) for t in group) else ""
    if len(group) == 2:
        what = listed if not data else f"data events for {listed}"
        message = f"trails {copy_label(first, True)} and {copy_label(second, True)} both log {at_least}{what} in " \
                  f"{where}{maybe}"
    else:
        names = few([copy_label(t, True) for t in group], NAMED)
        maybe = maybe.replace("if both exist", "if they exist")
        what = "data events" if not network else "network activity events" if not data else \
            "data and network activity events"
        message = f"{len(group)} trails {names} log the same {what} ({at_least}{listed}) in {where}{maybe}"
    field = "advanced_selectors" if selector_kind(anchor) == "advanced" else "event_selectors"
    problem = trail_problem(anchor, message, anchor.origin.of(field), region=region or None,
                            subject=f"data-overlap:{first.label}:{region or '*'}", account=account)
    return problem if region else replace(problem, region=None)


RULE = Rule(id="TL504", name="overlapping-data-events", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
