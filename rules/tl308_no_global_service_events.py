"""No trail records global service events (IAM, STS, CloudFront) for the account.

## Why it matters
Global service events include every IAM change, role assumption through the global STS
endpoint and CloudFront change: the heart of an account's audit record. Since 2021-11-22
CloudTrail records them only in us-east-1, so only a multi-Region trail or a single-Region
trail in us-east-1 with `IncludeGlobalServiceEvents` receives them. A single-Region trail in
another Region with the flag on receives nothing. A multi-Region trail with the flag off is
refused by CreateTrail and UpdateTrail: TL202 reports it, alone (here it counts as the multi-Region
trail it must be to be deployed).

Single-Region trails are visible only in their own Region, and a plan or template shows only
the trails it manages, so trail-lint reports this only when us-east-1 is listed in `regions`
in `.trail-lint.yaml`, or when describe-trails output of the account is among the inputs and
they name us-east-1.
A trail whose logging state or selectors are not known is assumed to record them, and a
trail behind a CloudFormation condition may not exist, so it does not count, unless two or
more conditional trails of one template would record them (usually either/or variants of
which one always exists: then nothing is reported).
When no trail in the inputs is multi-Region, the message says so: Security Hub
(CloudTrail.1) and CIS 3.1 ask for at least one multi-Region trail.

A trail that describe-trails lists with custom event selectors (`HasCustomEventSelectors:
true`) whose get-event-selectors output is not among the inputs may record anything. Where
only such trails may record global service events, the check is reported as TL002 for that
trail (one finding naming every rule it blocks) instead of passing.

## Fix
Terraform: `is_multi_region_trail = true` (and keep `include_global_service_events = true`).
CloudFormation: `IsMultiRegionTrail: true` with `IncludeGlobalServiceEvents: true`.
CLI: `aws cloudtrail update-trail --name NAME --is-multi-region-trail --include-global-service-events`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-multi-region-trails.html
"""
from collections.abc import Iterator

from trail_lint.model import Inventory, Problem, Trail, Tri, all_of
from trail_lint.problems import delivers, names, no_multi_region, trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.scope.absence import NOT_CONFIGURED, Listings, RegionScope, absence_scope, configured_regions
from trail_lint.scope.names import GLOBAL_EVENTS_REGION
from trail_lint.scope.placement import accounts, placement
from trail_lint.scope.trail_scope import account_id, receives_global_events
from trail_lint.selectors.recording import recorded
from trail_lint.selectors.undecided import uncertain_gap


def records_global(inventory: Inventory, trail: Trail) -> Tri:
    """Whether the trail records global service events (three-valued): they reach it
    (``receives_global_events``; a multi-Region trail with IncludeGlobalServiceEvents off is refused
    by the API, which TL202 reports: it is counted as it would be deployed), it delivers, and it
    records management events."""
    return all_of((receives_global_events(trail), delivers(trail), recorded(inventory, trail).management.records))


def check(inventory: Inventory, options: RegionScope = NOT_CONFIGURED) -> Iterator[Problem]:
    live, listings = placement(inventory), Listings.of(inventory)
    receives = {id(t): records_global(inventory, t) is not False for t in live.trails}
    untied: list[Trail] | None = None       # the receiving trails: the same for every untied scope
    for account in accounts(inventory):
        if GLOBAL_EVENTS_REGION not in absence_scope(inventory, account, options.regions, listings):
            continue
        trails = live.possible(account)
        if not trails:
            continue
        if account_id(account) is None and untied is not None:
            receiving = untied
        else:
            receiving = [t for t in trails if receives[id(t)]]
            if account_id(account) is None:
                untied = receiving
        instead = uncertain_gap(inventory, receiving, "management")
        if instead is not None:
            yield from instead
            continue
        message = "no trail records global service events (IAM, STS, CloudFront)"
        if account_id(account):
            message += f" for account {account}"
        if receiving:
            message += f"; {names(receiving)} would, but may not exist"
        if no_multi_region(trails):
            message += "; no trail in the inputs is multi-Region"
        anchor = _anchor(trails)
        yield trail_problem(anchor, message, anchor.origin.of("include_global_events"),
                            region=GLOBAL_EVENTS_REGION, subject=f"global:{account}", account=account_id(account))


def _anchor(trails: list[Trail]) -> Trail:
    """The trail to change: one that turns global events off, else a single-Region one outside us-east-1."""
    for trail in trails:
        if trail.include_global_events is False:
            return trail
    for trail in trails:
        if trail.multi_region is False and trail.region != GLOBAL_EVENTS_REGION:
            return trail
    return trails[0]


RULE = Rule(id="TL308", name="no-global-service-events", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__,
            controls=("CIS-1.4:3.1", "CIS-3.0:3.1", "CIS-5.0:3.1",
                      "Config:cloudtrail-security-trail-enabled"),
            configure=configured_regions)
