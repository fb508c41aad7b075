"""A trail records only part of the management events, and no other trail in the Region records the rest.

## Why it matters
A trail that records only write events, only read events, or leaves out the KMS or RDS
Data API event sources misses part of the audit record: read-only trails miss every
change, write-only trails miss reconnaissance (`List*`, `Describe*`, `GetSecretValue`),
and leaving out `kms.amazonaws.com` hides who decrypted what. That is a fine cost saving
when another trail records the full set in the same Region; trail-lint reports it only when
none does. As a plan or template shows only the trails it manages, this is checked in the
Regions listed in `regions` in `.trail-lint.yaml`, or, without that list, in the Regions the
inputs name when describe-trails output of the account is among them. A trail behind a CloudFormation condition may not exist, so it does not count
as the trail that records the full set.

Trails that between them record every management event, such as a read-only trail beside a
write-only one, do not make one trail that records them all (the CloudTrail.1 and CIS 3.1 controls
ask for one multi-Region trail with read and write management events): each is reported, and the
message names the trails that record some of what it leaves out instead of saying no other trail
records them.

One root cause, one finding: when the only trails of a Region record part of the management
events, this rule reports each of them, and TL304 (no trail records management events) stays
silent for that Region; TL304 reports only Regions no trail records at all.

A trail that describe-trails lists with custom event selectors (`HasCustomEventSelectors:
true`) whose get-event-selectors output is not among the inputs may record anything. Where
it is the only trail that may record what a reduced trail leaves out, or the Region's only
trail, the check is reported as TL002 for that trail (one finding naming every rule it
blocks) instead of passing.
So is a trail whose selectors hold a value not known offline (a variable without a value, a
`dynamic` field selector over one) that leaves open whether it records every management event,
where no other trail may record them all: the value's TL002 names this rule.

## Fix
Terraform: `read_write_type = "All"` and no `exclude_management_event_sources` in the
`event_selector`, or drop the `readOnly` and `eventSource` field selectors of the
management `advanced_event_selector`.
CloudFormation: `ReadWriteType: All` without `ExcludeManagementEventSources`, or the same
change to `AdvancedEventSelectors`.
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Coverage, Inventory, Problem, Trail
from trail_lint.problems import conditional, delivers, few, trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.scope.absence import NOT_CONFIGURED, Listings, RegionScope, absence_scope, configured_regions
from trail_lint.scope.placement import accounts, placement
from trail_lint.scope.regional import Reach
from trail_lint.scope.trail_scope import covers_region
from trail_lint.selectors.recording import apart, recorded, refused, selector_kind
from trail_lint.selectors.undecided import (
    records_unknown,
    selectors_not_given,
    selectors_open,
    selectors_refused,
    selectors_unread,
)


def missing(coverage: Coverage) -> list[str]:
    """What a reduced coverage leaves out, in words."""
    parts = []
    if coverage.read is False:
        parts.append("read management events")
    if coverage.write is False:
        parts.append("write management events")
    if isinstance(coverage.excluded, frozenset) and coverage.excluded:
        parts.append("events from " + ", ".join(sorted(coverage.excluded)))
    if isinstance(coverage.only, frozenset):
        parts.append("events from sources other than " + ", ".join(sorted(coverage.only)))
    if coverage.filters:
        parts.append("events filtered out by " + ", ".join(sorted(coverage.filters)))
    return parts


def check(inventory: Inventory, options: RegionScope = NOT_CONFIGURED) -> Iterator[Problem]:
    live, listings = placement(inventory), Listings.of(inventory)
    # the trails that may record every management event, by the Regions they may record in, per account
    may_be_full = {id(t) for t in live.trails if not conditional(t) and delivers(t) is not False
                   and recorded(inventory, t).management.full is not False}
    reach: dict[str | None, Reach] = {}
    for trail in live.trails:
        found = recorded(inventory, trail)
        coverage = found.management
        unread = selectors_not_given(trail)     # it may be reduced: undecided where nothing else may be full
        # both kinds of selectors, not alike, one of which alone reduces them: said by TL205 where selected
        refusing = refused(found, "management") and any(
            alone.management.records is True and alone.management.full is False for alone in apart(trail))
        # a value of its selectors not known offline leaves open whether it records every management
        # event: undecided, as where its selectors are not given
        unknown = not (unread or refusing) and coverage.records is not False and coverage.full is UNKNOWN \
            and records_unknown(trail, found.kind)
        if not (unread or refusing or unknown) and (coverage.records is not True or coverage.full is not False) \
                or delivers(trail) is False:
            continue
        gaps = [] if unread or refusing or unknown else missing(coverage)
        if not gaps and not unread and not refusing and not unknown:
            continue
        field = "advanced_selectors" if selector_kind(trail) == "advanced" else "event_selectors"
        reported: set[str] = set()   # an organization trail is checked in every account
        covered: dict[str, bool] = {}   # covers_region per Region, asked once whatever the account
        for account in _accounts(inventory, trail):
            for region in absence_scope(inventory, account, options.regions, listings):
                if region in reported:
                    continue
                if (covers := covered.get(region)) is None:
                    covers = covered[region] = covers_region(trail, region) is True
                if not covers:
                    continue
                if account not in reach:
                    reach[account] = Reach.of(t for t in live.possible(account) if id(t) in may_be_full)
                others = [t for t in reach[account].may_record(region) if t is not trail]
                if others and not all(selectors_not_given(t) for t in others):
                    continue
                reported.add(region)
                if unknown:
                    yield selectors_open(trail)     # one TL002 of the trail, naming every rule it blocks
                    yield from map(selectors_unread, [t for t in others if selectors_not_given(t)])
                    continue
                if refusing:
                    yield selectors_refused(trail)
                    yield from map(selectors_unread, [t for t in others if selectors_not_given(t)])
                    continue
                if unread or others:    # the full set is recorded only by trails whose selectors are not given
                    yield from map(selectors_unread, [t for t in (trail, *others) if selectors_not_given(t)])
                    continue
                filling = _filling(inventory, trail, coverage, account, region)
                said = f"{few(sorted(repr(t.label) for t in filling))} record{'s' if len(filling) == 1 else ''} some " \
                       f"of them, but no one trail records every management event in {region}" if filling else \
                       f"no other trail records them in {region}"
                yield trail_problem(trail, f"trail {trail.label!r} leaves out {' and '.join(gaps)}; {said}",
                                    trail.origin.of(field), region=region, subject=f"reduced:{account}:{region}",
                                    account=account)


def _filling(inventory: Inventory, trail: Trail, coverage: Coverage, account: str | None, region: str) -> list[Trail]:
    """The other trails that certainly record in the Region some of the management events the trail
    leaves out: a write-only trail beside a read-only one, or a trail that keeps the KMS events another
    leaves out. Together they may record every event, which is not one trail recording them all."""
    found = []
    for other in placement(inventory).certain(account):
        if other is trail or conditional(other) or delivers(other) is False or covers_region(other, region) is not True:
            continue
        theirs = recorded(inventory, other).management
        sources = isinstance(coverage.excluded, frozenset) and isinstance(theirs.excluded, frozenset) \
            and theirs.records is True and bool(coverage.excluded - theirs.excluded)
        if (coverage.read is False and theirs.read is True) or (coverage.write is False and theirs.write is True) \
                or sources:
            found.append(other)
    return found


def _accounts(inventory: Inventory, trail: Trail) -> tuple[str | None, ...]:
    if trail.organization is True:
        return accounts(inventory)
    return (trail.account if isinstance(trail.account, str) else None,)


RULE = Rule(id="TL305", name="management-events-reduced", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__,
            controls=("CloudTrail.1", "CIS-1.4:3.1", "CIS-3.0:3.1", "CIS-5.0:3.1",
                      "Config:multi-region-cloudtrail-enabled", "Config:cloudtrail-security-trail-enabled"),
            configure=configured_regions)
