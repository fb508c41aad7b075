"""Two trails log data events for the same resources in a Region.

## Why it matters
Data events are billed for every delivery, the first one included ($0.10 per 100,000
events), so two trails logging the same S3 objects, Lambda functions or DynamoDB tables pay
twice for the same events. On busy buckets this is often the largest line of a CloudTrail
bill. trail-lint compares resource types, ARN prefixes and exact ARNs, and read/write
scope; selectors that also filter on other fields (`eventName`, `NotStartsWith`, ...) are
not compared, since their overlap cannot be known for certain.

Trails are compared within one account: trails of inputs whose account no input ties (two
root modules under different provider profiles, two templates) are not compared, since they
may be in different accounts (pass `--account` or set `accounts:` to tie them).

## Fix
Terraform: keep the data resource on one trail only (remove it from the other trail's
`event_selector.data_resource` or `advanced_event_selector`).
CloudFormation: remove the data resource from one trail's `EventSelectors` or `AdvancedEventSelectors`.
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --advanced-event-selectors file://selectors.json`
on the trail that should stop logging them.

## References
- https://aws.amazon.com/cloudtrail/pricing/
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
"""
from collections.abc import Iterator
from itertools import combinations

from trail_lint.model import Inventory, Problem, Trail
from trail_lint.rule import Rule, Severity
from trail_lint.selectors import (
    DataScope, accounts, conditional, covers_account, covers_region, data_events, overlap, region_label, regions_of,
    selector_kind, shared_arns, trail_problem,
)


def shared(first: Trail, second: Trail) -> list[str]:
    """Data resources both trails log, described."""
    found: set[str] = set()
    ours, theirs = data_events(first), data_events(second)
    if not isinstance(ours, tuple) or not isinstance(theirs, tuple):
        return []
    for a in ours:
        for b in theirs:
            if overlap(a, b):
                found.update(_describe(a, arn) for arn in shared_arns(a, b))
    return sorted(found)


def _describe(scope: DataScope, arn: str) -> str:
    return f"{scope.type} {arn}" if arn else f"all {scope.type}"


def check(inventory: Inventory) -> Iterator[Problem]:
    live = [t for t in inventory.live_trails() if t.logging in (True, None)]
    seen: set[tuple[int, int, str]] = set()   # organization trails repeat in every account
    for account in accounts(inventory):
        for region in regions_of(inventory, account):
            trails = [t for t in live if covers_account(t, account) is True and covers_region(t, region) is True]
            for first, second in combinations(sorted(trails, key=lambda t: t.label), 2):
                both = shared(first, second)
                if not both or (id(first), id(second), region) in seen:
                    continue
                seen.add((id(first), id(second), region))
                maybe = " (if both exist: one has a CloudFormation condition)" \
                    if conditional(first) or conditional(second) else ""
                field = "advanced_selectors" if selector_kind(second) == "advanced" else "event_selectors"
                yield trail_problem(second, f"trails {first.label!r} and {second.label!r} both log data events "
                                            f"for {', '.join(both)} in {region_label(inventory, region)}{maybe}", second.origin.of(field),
                                    region=region, subject=f"data-overlap:{first.label}:{region}", account=account)


RULE = Rule(id="TL504", name="overlapping-data-events", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
