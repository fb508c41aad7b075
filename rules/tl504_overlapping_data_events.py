"""Two or more trails log data events for the same resources in a Region.

## Why it matters
Data events are billed for every delivery, the first one included ($0.10 per 100,000
events), so two trails logging the same S3 objects, Lambda functions or DynamoDB tables pay
twice for the same events. On busy buckets this is often the largest line of a CloudTrail
bill. trail-lint compares resource types, ARN prefixes and exact ARNs, and read/write
scope; selectors that also filter on other fields (`eventName`, `NotStartsWith`, ...) are
not compared, since their overlap cannot be known for certain. Trails that share data events,
directly or through one another, are one finding, which names them all and what they share.

Trails are compared within one account: trails of inputs whose account no input ties (two
root modules under different provider profiles, two templates) overlap only if they are one
account, which is reported once per run as TL002 naming this rule (pass `--account` or set
`accounts:` to tie them).

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
from collections.abc import Iterator, Mapping
from dataclasses import replace

from trail_lint.model import DataScope, Inventory, Problem, Trail
from trail_lint.problems import conditional, few, trail_problem
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
from trail_lint.selectors import recorded, selector_kind, shared_data

_SHOWN = 5   # shared resources named in a message; the rest are counted


def check(inventory: Inventory) -> Iterator[Problem]:
    live = placement(inventory)
    scopes = {id(t): found for t in live.trails if t.logging in (True, None)
              and isinstance(found := recorded(inventory, t).data, tuple)}
    seen: set[tuple[frozenset[int], str]] = set()   # organization trails repeat in every account
    by_region: dict[str, Placement] = {}     # the unconditional trails logging data in a Region, by account
    # Scopes no input ties pool alike for every account they may be: each pool is grouped once, and
    # only the largest group of all is reported. pools: the groups spanning scopes, and the largest size.
    pools: dict[tuple[object, ...], tuple[list[tuple[list[Trail], list[str]]], int]] = {}
    undecided: list[tuple[str, tuple[object, ...]]] = []     # (Region, pool) in the order met
    for account in accounts(inventory):
        own = sorted((t for t in live.certain(account) if id(t) in scopes), key=lambda t: t.label)
        for region in regions_of(inventory, account):
            trails = [t for t in own if covers_region(t, region) is True]
            for group, shared in _groups(trails, scopes):
                key = (frozenset(id(t) for t in group), region)
                if key in seen:
                    continue
                seen.add(key)
                yield _problem(group, shared, region, region_label(inventory, region), account)
            if not trails:
                continue
            if region not in by_region:
                by_region[region] = Placement.of(t for t in live.trails if id(t) in scopes and not conditional(t)
                                                 and covers_region(t, region) is True)
            here = by_region[region]
            if not here.untied_count(account):
                continue
            extra = frozenset(id(t) for t in trails if not here.is_untied(t))   # the account's others are pooled anyway
            pool: tuple[object, ...] = (region, here.untied_key(account), extra)
            if pool not in pools:
                pooled = sorted(trails + here.untied(account), key=lambda t: t.label)
                spanning = [(group, shared) for group, shared in _groups(pooled, scopes)
                            if len({scope_of(t).account for t in group}) > 1]
                pools[pool] = spanning, max((len(group) for group, _ in spanning), default=0)
            if pools[pool][0]:
                undecided.append((region, pool))
    if undecided:
        most = max(pools[pool][1] for _, pool in undecided)
        region, largest = next((region, pool) for region, pool in undecided if pools[pool][1] == most)
        group, shared = next((group, shared) for group, shared in pools[largest][0] if len(group) == most)
        problem = _problem(group, shared, region, region_label(inventory, region), None)
        scopes_named = few(dict.fromkeys(scope_of(t).account_label for t in group))
        yield replace(problem, message=f"{problem.message} if {scopes_named} are one account"
                      f"{undecided_elsewhere({region for region, _ in undecided}, region)}; {TIE_ACCOUNTS}",
                      subject="data-overlap-untied", undecided=True)


def _groups(trails: list[Trail], scopes: Mapping[int, tuple[DataScope, ...]]) -> list[tuple[list[Trail], list[str]]]:
    """Trails linked by shared data events (transitively), each group with what its trails share."""
    parent = list(range(len(trails)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owned = [(i, scope) for i, t in enumerate(trails) for scope in scopes[id(t)]]
    shared: dict[int, set[str]] = {}
    links = [(a, b, f"{kind} {arn}" if arn else f"all {kind}") for a, b, kind, arn in shared_data(owned)]
    for a, b, _ in links:
        parent[root(a)] = root(b)
    for a, _, described in links:
        shared.setdefault(root(a), set()).add(described)
    members: dict[int, list[Trail]] = {}
    for i, trail in enumerate(trails):
        members.setdefault(root(i), []).append(trail)
    return [(members[r], sorted(found)) for r, found in sorted(shared.items(), key=lambda item: item[0])]


def _problem(group: list[Trail], shared: list[str], region: str, where: str, account: str | None) -> Problem:
    first, anchor = group[0], group[1]
    listed = ", ".join(shared[:_SHOWN]) + (f" and {len(shared) - _SHOWN} more" if len(shared) > _SHOWN else "")
    maybe = " (if both exist: one has a CloudFormation condition)" if any(conditional(t) for t in group) else ""
    if len(group) == 2:
        message = f"trails {first.label!r} and {anchor.label!r} both log data events for {listed} in {where}{maybe}"
    else:
        names = ", ".join(repr(t.label) for t in group[:-1]) + f" and {group[-1].label!r}"
        maybe = maybe.replace("if both exist", "if they exist")
        message = f"{len(group)} trails {names} log the same data events ({listed}) in {where}{maybe}"
    field = "advanced_selectors" if selector_kind(anchor) == "advanced" else "event_selectors"
    return trail_problem(anchor, message, anchor.origin.of(field), region=region,
                         subject=f"data-overlap:{first.label}:{region}", account=account)


RULE = Rule(id="TL504", name="overlapping-data-events", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
