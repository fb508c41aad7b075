"""More than one trail records the same management events in a Region, and every copy after the first is paid.

## Why it matters
The first copy of management events in each Region is free; each further copy costs
$2.00 per 100,000 events. A multi-Region trail counts in every Region, so a team's
single-Region trail next to the organization's multi-Region trail pays for every event
twice. Trails that record only data events are not copies. A trail that records only part
of the management events (write-only, or without KMS events) pays only for what it
records, so the estimate is an upper bound. Read and write management events are disjoint:
a read-only trail beside a write-only trail delivers each event once, and no copy is paid
("no duplicate events occur", AWS Knowledge Center); the paid copies are one fewer than the
most trails that deliver one same event (read-only, write-only and all three make one).

A multi-Region trail records in every Region the account has enabled, whichever Regions the
inputs name (`regions`, `--region` and the trails' home Regions only say which Regions the
run looks at), so two of them make a paid copy in every enabled Region: that is one finding
("in every enabled Region"), not one per Region in scope. A Region where a single-Region
trail adds a copy has a finding of its own, counting every copy there.

When `.trail-lint.yaml` gives the expected monthly management events per Region
(`event-volume: {us-east-1: 5000000, "*": 1000000}`), the message estimates the monthly
cost: paid copies × events × $2.00 / 100,000, for a Region's own finding at that Region's
volume, and for the copies in every enabled Region at each named Region's volume and at the
`"*"` volume for each other Region (the number of enabled Regions is not in the inputs).
Where the count is a range (below), so is the estimate ("about $320.00 to $800.00", "up to about $200.00").
Trails behind a CloudFormation condition are marked and counted only at most, likewise. A trail known not
to be logging delivers nothing and is not counted: CloudTrail charges for the copies trails
deliver, and a stopped trail delivers none (StopLogging "suspends the recording of AWS API calls
and log file delivery"). A trail whose logging is not known (describe-trails
output without its get-trail-status output, a value not known offline: TL301 says so once) is
counted only at most and marked "if logging": the count says what the trails known to log make
and what they all may make ("1 to 2 paid copies"; "up to 1 paid copy" when none is certain). Terraform's `enable_logging` is true when unset.

Trails are compared within one account: trails whose account no input ties (two root modules
under different provider profiles, two templates) are copies only if they are one account,
so that case is reported as TL002 naming this rule. Trails of one CloudFormation stack share
the stack's Region, and trails of one Terraform provider configuration share its Region,
even when no input names it: they are compared there ("in the stack's Region").

A trail that describe-trails lists with custom event selectors (`HasCustomEventSelectors:
true`) whose get-event-selectors output is not among the inputs may record anything. Where
it shares a Region with another trail that records (or may record) management events, the
check is reported as TL002 for that trail (one finding naming every rule it blocks) instead
of passing.

A trail whose event selectors hold a value not known offline (a CloudFormation parameter, a
Terraform variable without a value, a value known only after apply) that decides whether it
records management events is handled the same way: where it shares a Region with another copy
(or another such trail), the check is reported as TL002 at that value (naming every rule it
blocks; where the value comes from a variable or parameter without a value, in its own TL002).

A trail whose `IsMultiRegionTrail` is not known offline is one more copy, beyond its home Region,
only if it is multi-Region: where another trail of its account records a Region beyond that home,
the check is reported as TL002 at that flag, never as no copy.

Two trail definitions with one name in one account and Region (a module called twice with the
same trail name) are counted once: CreateTrail fails for the second
(`TrailAlreadyExistsException`, TL214), so they are never two copies
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html).

## Fix
Terraform: delete the extra `aws_cloudtrail`, or turn its management events off
(`include_management_events = false` in its `event_selector`) and keep it for data events.
CloudFormation: delete the extra `AWS::CloudTrail::Trail`, or set
`IncludeManagementEvents: false` in its `EventSelectors`.
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --event-selectors '[{"IncludeManagementEvents":false,"ReadWriteType":"All"}]'`.

## References
- https://aws.amazon.com/cloudtrail/pricing/
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html
- https://aws.amazon.com/premiumsupport/knowledge-center/remove-duplicate-cloudtrail-events/
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
"""
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from trail_lint.model import UNKNOWN, Existence, Inventory, Problem, Trail
from trail_lint.problems import (
    conditional,
    copy_label,
    count_of,
    few,
    if_logging,
    names,
    own_first,
    trail_problem,
    undecided_setting,
)
from trail_lint.records import record
from trail_lint.rule import Rule, Severity
from trail_lint.scope.placement import (
    TIE_ACCOUNTS,
    Placement,
    accounts,
    placement,
    region_label,
    regions_of,
    undecided_elsewhere,
)
from trail_lint.scope.regional import Regional
from trail_lint.scope.trail_scope import account_id, covers_region, in_home_partition, scope_of
from trail_lint.selectors.copies import (
    delivers_management,
    management_copies,
    most_copies,
    refused_beside,
    unknown_beside,
    unread_beside,
)


@record
class Price:
    dollars: float
    events: int
    retrieved: str
    source: str

    def __str__(self) -> str:
        return f"${self.dollars:.2f} per {self.events:,} events, AWS pricing retrieved {self.retrieved}"


# Each copy of management events after the first in a Region (AWS CloudTrail pricing page).
PAID_MANAGEMENT_COPY = Price(2.00, 100_000, "2026-11-23", "https://aws.amazon.com/cloudtrail/pricing/")


@record
class Options:
    event_volume: tuple[tuple[str, int], ...] = ()   # expected monthly management events per Region; "*" default

    def volume(self, region: str) -> int | None:
        table: Mapping[str, int] = dict(self.event_volume)
        return table.get(region, table.get("*"))


DEFAULTS = Options()


def configure(config: Any) -> Options:
    return Options(tuple(sorted((str(k), int(v)) for k, v in config.event_volume.items())))


def copies(inventory: Inventory, account: str | None, region: str) -> list[Trail]:
    """Trails that deliver management events for the account in the Region (CloudFormation-conditional
    included): of ``delivering``, those that ``covers_account``, read from the account's own group."""
    return management_copies(inventory, account).of_region(region)


def delivering(inventory: Inventory, region: str) -> list[Trail]:
    """Trails that deliver management events in the Region, for any account."""
    return [t for t in placement(inventory).trails if covers_region(t, region) is True and delivers_management(inventory, t)]


def check(inventory: Inventory, options: Options = DEFAULTS) -> Iterator[Problem]:
    live = placement(inventory)
    seen: set[tuple[str, frozenset[int]]] = set()   # organization trails repeat in every account
    copies = _Copies(inventory, live)
    for account in accounts(inventory):
        own = management_copies(inventory, account)
        wide, homes = list(own.wide), set(own.homed)
        # A multi-Region trail records in every Region the account has enabled, whichever the
        # inputs name, so its copy is paid in each of them: said once, not per Region in scope.
        key = ("", frozenset(id(t) for t in wide))
        if len(wide) > 1 and not all(conditional(t) for t in wide) and key not in seen \
                and (paid := _paid_copies(inventory, wide))[1]:
            seen.add(key)
            yield _everywhere(wide, homes, account, options, paid)
        for region in sorted(homes):
            trails = own.of_region(region)
            certain = [t for t in trails if not conditional(t)]
            key = (region, frozenset(id(t) for t in trails))
            if not certain or len(trails) < 2 or key in seen or not (paid := _paid_copies(inventory, trails))[1]:
                continue
            seen.add(key)
            message = f"{_paid(paid)} of management events in {region_label(inventory, region)}: " \
                      f"trails {names(trails, copies=True)}"
            volume = options.volume(region)
            if volume:
                message += f"; {_cost(paid, [(volume, '')])} per month at {volume:,} events ({PAID_MANAGEMENT_COPY})"
            anchor = _anchor(trails, region, account)
            yield trail_problem(anchor, message, anchor.origin.at, region=region,
                                subject=f"management-copies:{account}:{region}", account=account)
        copies.visit(account, own, wide, homes)
        yield from unread_beside(inventory, account, own.trails)
        yield from unknown_beside(inventory, account, own.trails)
        yield from refused_beside(inventory, account, own.trails, "management")
        yield from _multi_region_open(inventory, own)
    yield from copies.undecided()


def _multi_region_open(inventory: Inventory, own: Regional) -> Iterator[Problem]:
    """An account's trail that delivers management events and of which whether it is multi-Region is
    not known offline: where another of its trails records a Region beyond that trail's home (in its
    partition), it is one more copy there only if it is multi-Region. Said once (TL002), never as no
    copy, never as a copy."""
    for trail in own.trails:
        if trail.multi_region is UNKNOWN and any(
                other is not trail and _beyond_home(trail, other) and most_copies(inventory, [trail, other]) > 1
                for other in own.trails):
            yield undecided_setting(trail, "multi_region", "whether it is multi-Region")


def _beyond_home(trail: Trail, other: Trail) -> bool:
    """Whether ``other`` may record a Region other than ``trail``'s home in ``trail``'s partition."""
    home, there = scope_of(trail).region, scope_of(other).region
    if other.multi_region is not False:
        return there is None or in_home_partition(trail, there)
    return there is not None and there != home and in_home_partition(trail, there)


def _paid_copies(inventory: Inventory, trails: list[Trail]) -> tuple[int, int]:
    """The paid copies of management events the trails make, (certainly, at most): one fewer than the
    most of them that deliver one same event (``most_copies``), a trail behind a CloudFormation
    condition, or whose logging is not known (``if_logging``), counted only at most."""
    certain = most_copies(inventory, [t for t in trails if not conditional(t) and not if_logging(t)], certain=True)
    return max(certain - 1, 0), most_copies(inventory, trails) - 1


def _paid(paid: tuple[int, int]) -> str:
    """The paid copies (certainly, at most): what is certain, and how many more there may be."""
    return count_of(*paid, "paid copy", "paid copies")


def _dollars(paid: int, volume: int) -> str:
    return f"{paid * volume * PAID_MANAGEMENT_COPY.dollars / PAID_MANAGEMENT_COPY.events:,.2f}"


def _cost(paid: tuple[int, int], volumes: list[tuple[int, str]]) -> str:
    """What the paid copies (certainly, at most) cost per month at each (events, where) of ``volumes``,
    worded as ``_paid`` words their count: a range where some copies are only possible."""
    certain, most = paid
    amounts = [(f"${_dollars(certain, volume)} to " if 0 < certain < most else "") + f"${_dollars(most, volume)}{where}"
               for volume, where in volumes]
    return ("up to about " if certain < most and not certain else "about ") + " and ".join(amounts)


def _everywhere(wide: list[Trail], homes: set[str], account: str | None, options: Options,
                copies: tuple[int, int]) -> Problem:
    """The copies the account's multi-Region trails make in every enabled Region. A Region where a
    single-Region trail adds one has its own finding (with these copies in its count), so the cost
    estimate here leaves such Regions out."""
    message = f"{_paid(copies)} of management events in every enabled Region: multi-Region trails " \
              f"{names(wide, copies=True)}"
    table = dict(options.event_volume)
    costs = [(volume, f" in {region} at {volume:,} events")
             for region, volume in sorted(table.items()) if region != "*" and region not in homes]
    if "*" in table:
        costs.append((table["*"], f" in each {'other ' if costs or homes else ''}Region at {table['*']:,} events"))
    if costs:
        message += f"; {_cost(copies, costs)} per month ({PAID_MANAGEMENT_COPY})"
    anchor = _anchor(wide, "", account)
    problem = trail_problem(anchor, message, anchor.origin.at, subject=f"management-copies:{account}:*",
                            account=account)
    return replace(problem, region=None)


class _Copies:
    """Where an account's one copy of management events in a Region may have company: trails of
    scopes no input ties that may be the same account (``Placement.untied``). In a Region where
    none of its single-Region trails is, an account's copy is its one multi-Region trail, and the
    count depends on the account only by how many of the untied trails there are its own: those
    Regions are ranked once (``table``) instead of being visited for every account."""

    def __init__(self, inventory: Inventory, live: Placement) -> None:
        self.inventory, self.live = inventory, live
        self.delivering = Regional.of(t for t in live.trails if delivers_management(inventory, t) and not conditional(t))
        self.found: list[tuple[int, str, str | None, Trail]] = []   # per account: (count, Region, account, copy)
        self.regions: set[str] = set()
        # accounts read from a table: (known, untied trails of their own in every Region) -> their own Regions
        self.tabled: dict[tuple[bool, int], list[set[str]]] = {}
        self.tables: dict[bool, list[tuple[int, str]]] = {}

    def table(self, known: bool) -> list[tuple[int, str]]:
        """(-count, Region) for every Region a known (or untied) account shares with the others,
        the count as ``untied_count`` gives it for an account with no trail of its own there."""
        if known not in self.tables:
            regional = self.delivering
            if known:
                regions = sorted(set(self.live.homes[""]) | set(self.inventory.regions))
                counts = [regional.untied_total(region) for region in regions]
            else:
                regions = list(regions_of(self.inventory, None))
                counts = [regional.untied_total(region) + regional.kept(region)[1] for region in regions]
            self.tables[known] = sorted((-count, region) for count, region in zip(counts, regions))
        return self.tables[known]

    def visit(self, account: str | None, own: Regional, wide: list[Trail], homes: set[str]) -> None:
        best: tuple[int, str, Trail | None] = (0, "", None)
        for region in sorted(homes):
            trails = own.of_region(region)
            if len(trails) == 1 and not conditional(trails[0]):
                count = self.delivering.untied_count(account, region)
                if count:
                    self.regions.add(region)
                    best = _first(best, (count, region, trails[0]))
        if len(wide) == 1 and not conditional(wide[0]):
            known = account_id(account) is not None
            own_untied = 0 if known or account is None else self.delivering.wide_sizes[1].get(account, 0)
            self.tabled.setdefault((known, own_untied), []).append(homes)
            row = next(((-count - own_untied, region) for count, region in self.table(known)
                        if region not in homes), None)
            if row is not None and row[0] > 0:
                best = _first(best, (row[0], row[1], wide[0]))
            if known:       # a known account's Regions: those it shares with the others, and its own homes
                for region in sorted(self.live.homes.get(account or "", frozenset()) - homes - set(self.inventory.regions)
                                     - self.live.homes[""]):
                    if count := self.delivering.untied_count(account, region):
                        self.regions.add(region)
                        best = _first(best, (count, region, wide[0]))
        if best[2] is not None:
            self.found.append((best[0], best[1], account, best[2]))

    def undecided(self) -> Iterator[Problem]:
        for (known, own_untied), tabled in self.tabled.items():
            # a Region of the table is met unless it is an own Region of every such account
            own = Counter(region for homes in tabled for region in homes)
            self.regions.update(region for count, region in self.table(known)
                                if -count - own_untied > 0 and own[region] < len(tabled))
        if self.found:
            most = max(count for count, _, _, _ in self.found)
            _, region, account, copy = next(entry for entry in self.found if entry[0] == most)
            here = Placement.of(self.delivering.of_region(region))
            trails = [copy, *here.untied(account)]
            if most_copies(self.inventory, trails) > 1:     # a read-only and a write-only trail are no copy
                yield _undecided(self.inventory, region, trails, self.regions)


def _first(one: tuple[int, str, Trail | None], other: tuple[int, str, Trail | None]) -> tuple[int, str, Trail | None]:
    """Of two (count, Region, copy), the larger count, else the Region met first (they are visited sorted)."""
    return min(one, other, key=lambda entry: (-entry[0], entry[1]))


def _undecided(inventory: Inventory, region: str, trails: list[Trail], regions: set[str]) -> Problem:
    """One TL002 for the run: the most copies that pooling scopes no input ties could make."""
    elsewhere = undecided_elsewhere(regions, region)
    paid = most_copies(inventory, trails) - 1
    anchor = _anchor(trails, region)
    scopes = few(dict.fromkeys(scope_of(t).account_label for t in trails))
    return replace(trail_problem(
        anchor, f"{paid} paid cop{'y' if paid == 1 else 'ies'} of management events in "
                f"{region_label(inventory, region)} if {scopes} are one account: trails "
                f"{few(sorted(map(copy_label, trails)), 8)}{elsewhere}; {TIE_ACCOUNTS}", anchor.origin.at, region=region,
        subject="management-copies-untied"), undecided=True)


def _anchor(trails: list[Trail], region: str, account: str | None = None) -> Trail:
    """The likely extra copy: one of the account's own trails (own_first), a single-Region one, preferably
    one this change adds, homed in the Region."""
    return own_first(sorted(trails, key=lambda t: (t.multi_region is True, t.existence is Existence.EXISTS,
                                                   t.region != region, t.label)), account)


RULE = Rule(id="TL501", name="duplicate-management-events", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__, configure=configure)
