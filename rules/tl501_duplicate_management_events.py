"""More than one trail records the same management events in a Region, and every copy after the first is paid.

## Why it matters
The first copy of management events in each Region is free; each further copy costs
$2.00 per 100,000 events. A multi-Region trail counts in every Region, so a team's
single-Region trail next to the organization's multi-Region trail pays for every event
twice. Trails that record only data events are not copies. A trail that records only part
of the management events (write-only, or without KMS events) pays only for what it
records, so the estimate is an upper bound.

When `.trail-lint.yaml` gives the expected monthly management events per Region
(`event-volume: {us-east-1: 5000000, "*": 1000000}`), the message estimates the monthly
cost: paid copies × events × $2.00 / 100,000. Trails behind a CloudFormation condition are
marked and counted as "up to". A trail known not to be logging delivers nothing and is not
counted.

Trails are compared within one account: trails whose account no input ties (two root modules
under different provider profiles, two templates) are copies only if they are one account,
so that case is reported as TL002 naming this rule. Trails of one CloudFormation stack share
the stack's Region, and trails of one Terraform provider configuration share its Region,
even when no input names it: they are compared there ("in the stack's Region").

## Fix
Terraform: delete the extra `aws_cloudtrail`, or turn its management events off
(`include_management_events = false` in its `event_selector`) and keep it for data events.
CloudFormation: delete the extra `AWS::CloudTrail::Trail`, or set
`IncludeManagementEvents: false` in its `EventSelectors`.
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --event-selectors '[{"IncludeManagementEvents":false,"ReadWriteType":"All"}]'`.

## References
- https://aws.amazon.com/cloudtrail/pricing/
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html
"""
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from trail_lint.model import Existence, Inventory, Problem, Trail
from trail_lint.problems import conditional, few, names, trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.scope import (
    TIE_ACCOUNTS,
    Placement,
    accounts,
    covers_region,
    placement,
    region_label,
    regions_of,
    scope_of,
    undecided_elsewhere,
)
from trail_lint.selectors import recorded


@dataclass(frozen=True, slots=True)
class Price:
    dollars: float
    events: int
    retrieved: str
    source: str

    def __str__(self) -> str:
        return f"${self.dollars:.2f} per {self.events:,} events, AWS pricing retrieved {self.retrieved}"


# Each copy of management events after the first in a Region (AWS CloudTrail pricing page).
PAID_MANAGEMENT_COPY = Price(2.00, 100_000, "2026-11-23", "https://aws.amazon.com/cloudtrail/pricing/")


@dataclass(frozen=True, slots=True)
class Options:
    event_volume: tuple[tuple[str, int], ...] = ()   # expected monthly management events per Region; "*" default

    def volume(self, region: str) -> int | None:
        table: Mapping[str, int] = dict(self.event_volume)
        return table.get(region, table.get("*"))


def configure(config: Any) -> Options:
    return Options(tuple(sorted((str(k), int(v)) for k, v in config.event_volume.items())))


def copies(inventory: Inventory, account: str | None, region: str) -> list[Trail]:
    """Trails that deliver management events for the account in the Region (CloudFormation-conditional
    included): of ``delivering``, those that ``covers_account``, read from the account's own group."""
    return [t for t in placement(inventory).certain(account)
            if covers_region(t, region) is True and _delivers(inventory, t)]


def delivering(inventory: Inventory, region: str) -> list[Trail]:
    """Trails that deliver management events in the Region, for any account."""
    return [t for t in placement(inventory).trails if covers_region(t, region) is True and _delivers(inventory, t)]


def _delivers(inventory: Inventory, trail: Trail) -> bool:
    return trail.logging in (True, None) and recorded(inventory, trail).management.records is True


def check(inventory: Inventory, options: Options = Options()) -> Iterator[Problem]:
    seen: set[tuple[str, frozenset[int]]] = set()   # organization trails repeat in every account
    # (Region, account, its one copy, how many trails of untied scopes may be copies too)
    undecided: list[tuple[str, str | None, Trail, int]] = []
    # the unconditional trails delivering in a Region, grouped by account once per Region
    by_region: dict[str, Placement] = {}
    live = placement(inventory)
    for account in accounts(inventory):
        own = [t for t in live.certain(account) if _delivers(inventory, t)]
        for region in regions_of(inventory, account):
            trails = [t for t in own if covers_region(t, region) is True]
            certain = [t for t in trails if not conditional(t)]
            key = (region, frozenset(id(t) for t in trails))
            if len(certain) == 1 and len(trails) == 1:
                if region not in by_region:
                    by_region[region] = Placement.of(t for t in delivering(inventory, region) if not conditional(t))
                others = by_region[region].untied_count(account)
                if others:
                    undecided.append((region, account, certain[0], others))
            if not certain or len(trails) < 2 or key in seen:
                continue
            seen.add(key)
            paid = len(trails) - 1
            message = f"{'up to ' if len(certain) < len(trails) else ''}{paid} paid " \
                      f"cop{'y' if paid == 1 else 'ies'} of management events in {region_label(inventory, region)}: " \
                      f"trails {names(trails)}"
            volume = options.volume(region)
            if volume:
                cost = paid * volume * PAID_MANAGEMENT_COPY.dollars / PAID_MANAGEMENT_COPY.events
                message += f"; about ${cost:,.2f} per month at {volume:,} events ({PAID_MANAGEMENT_COPY})"
            anchor = _anchor(trails, region)
            yield trail_problem(anchor, message, anchor.origin.at, region=region,
                                subject=f"management-copies:{account}:{region}", account=account)
    if undecided:
        region, account, copy, _ = max(undecided, key=lambda found: found[3])
        yield _undecided(inventory, region, [copy, *by_region[region].untied(account)],
                         {found[0] for found in undecided})


def _undecided(inventory: Inventory, region: str, trails: list[Trail], regions: set[str]) -> Problem:
    """One TL002 for the run: the most copies that pooling scopes no input ties could make."""
    elsewhere = undecided_elsewhere(regions, region)
    paid = len(trails) - 1
    anchor = _anchor(trails, region)
    scopes = few(dict.fromkeys(scope_of(t).account_label for t in trails))
    return replace(trail_problem(
        anchor, f"{paid} paid cop{'y' if paid == 1 else 'ies'} of management events in "
                f"{region_label(inventory, region)} if {scopes} are one account: trails "
                f"{few(sorted(t.label for t in trails), 8)}{elsewhere}; {TIE_ACCOUNTS}", anchor.origin.at, region=region,
        subject="management-copies-untied"), undecided=True)


def _anchor(trails: list[Trail], region: str) -> Trail:
    """The likely extra copy: a single-Region trail, preferably one this change adds, homed in the Region."""
    return min(trails, key=lambda t: (t.multi_region is True, t.existence is Existence.EXISTS,
                                      t.region != region, t.label))


RULE = Rule(id="TL501", name="duplicate-management-events", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__, configure=configure)
