"""Which trails count against the 5-trails-per-Region quota (cloudtrail-facts.md §1).

Trails are counted per account scope and Region (trail_lint.scope): trails of two deployments that no
input ties to one account are never pooled. Where pooling them could exceed the quota, the
count cannot be decided (`pools`), and the quota rule says so as TL002.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from trail_lint.model import Existence, Inventory, Trail
from trail_lint.scope import account_id, placement, region_name, scope_of

TRAILS_PER_REGION = 5   # not adjustable (AWS CloudTrail User Guide, "Quotas in AWS CloudTrail")


@dataclass(frozen=True, slots=True)
class RegionCount:
    account: str                    # Scope.account: an account ID, or a deployment's key
    account_label: str
    region: str                     # Scope.region: a Region name, or a deployment's key
    region_label: str
    certain: tuple[Trail, ...]      # trails that will exist in the Region
    conditional: tuple[Trail, ...]  # CloudFormation trails that exist only if a condition holds
    # trails a plan replaces with create_before_destroy: deleted only after their replacement
    # exists, so they count at the peak during apply
    replaced: tuple[Trail, ...] = ()

    @property
    def peak(self) -> tuple[Trail, ...]:
        """Every trail that exists at once during apply."""
        return self.certain + self.replaced

    @property
    def account_id(self) -> str | None:
        return account_id(self.account)

    @property
    def region_name(self) -> str | None:
        return region_name(self.region)


def region_counts(inventory: Inventory) -> tuple[RegionCount, ...]:
    """Trails per account scope × Region: a multi-Region trail counts once in every Region in scope."""
    replaced: dict[str, list[Trail]] = {}
    for trail in inventory.trails:
        if trail.kept_until_replaced:
            replaced.setdefault(scope_of(trail).account, []).append(trail)
    counts = []
    groups = placement(inventory).by_account
    for account in sorted(groups):
        trails, old = list(groups[account]), replaced.get(account, [])
        labels: dict[str, str] = {}
        for trail in trails + old:
            scope = scope_of(trail)
            if scope.region is not None:
                labels[scope.region] = scope.region_label
        homed: dict[str | None, list[Trail]] = {}
        for trail in trails:
            homed.setdefault(scope_of(trail).region, []).append(trail)
        wide = [t for t in trails if t.multi_region is True]
        for region in sorted(set(inventory.regions) | set(labels)):
            present = _in_order(trails, homed.get(region, []), wide)
            counts.append(RegionCount(
                account, scope_of(trails[0]).account_label, region, labels.get(region, region),
                certain=tuple(t for t in present if t.existence is not Existence.CONDITIONAL),
                conditional=tuple(t for t in present if t.existence is Existence.CONDITIONAL),
                replaced=tuple(t for t in old if counts_in(t, region))))
    return tuple(counts)


def _in_order(trails: list[Trail], *parts: list[Trail]) -> list[Trail]:
    """The trails of ``parts`` (each in the order of ``trails``) once each, in the order of ``trails``."""
    if not parts[1]:
        return parts[0]
    order = {id(t): i for i, t in enumerate(trails)}
    found = {id(t): t for part in parts for t in part}
    return sorted(found.values(), key=lambda t: order[id(t)])


def counts_in(trail: Trail, region: str) -> bool:
    """Whether the trail certainly exists in the Region (a name, or a deployment's unknown Region)."""
    if scope_of(trail).region == region:
        return True
    return trail.multi_region is True   # an UNKNOWN flag: certain only in its home Region


def may_count_in(trail: Trail, region: str) -> bool:
    """Whether the trail may exist in the Region: certainly, or its Region or the other is not known."""
    own = scope_of(trail).region
    return counts_in(trail, region) or trail.multi_region is not False or \
        (own is not None and (region_name(own) is None or region_name(region) is None))


@dataclass(frozen=True, slots=True)
class Pool:
    """Trails of account scopes no input ties that together may exceed the quota in one Region."""

    region: str
    region_label: str
    trails: tuple[Trail, ...]
    labels: tuple[str, ...]        # the account scopes involved


def pools(inventory: Inventory, counts: Iterable[RegionCount]) -> Iterator[Pool]:
    """Where the quota cannot be decided: each count is within the quota, but trails of other
    scopes that may be the same account (no input ties either to a known account, or only one
    of them is known) may exist in the same Region and take the total over it."""
    groups = {key: [t for t in trails if t.existence is not Existence.CONDITIONAL]
              for key, trails in placement(inventory).by_account.items()}
    scopes = sorted(key for key, trails in groups.items() if trails)
    untied = [key for key in scopes if account_id(key) is None]
    seen: set[frozenset[int]] = set()
    for count in counts:
        if len(count.peak) > TRAILS_PER_REGION:
            continue    # exceeded whatever the other scopes are
        maybe: dict[str, list[Trail]] = {}
        # a known account may be only a scope no input ties; an untied scope may be any other
        for scope in untied if count.account_id else scopes:
            if scope == count.account:
                continue
            found = [t for t in groups[scope] if may_count_in(t, count.region)]
            if found:
                maybe[scope] = found
        known = [s for s in maybe if account_id(s)]
        if len(known) > 1:      # two known accounts are never one: keep the largest
            for scope in sorted(known, key=lambda s: len(maybe[s]))[:-1]:
                del maybe[scope]
        pooled = list(count.peak) + [t for found in maybe.values() for t in found]
        key = frozenset(id(t) for t in pooled)
        if len(pooled) <= TRAILS_PER_REGION or not maybe or key in seen:
            continue
        seen.add(key)
        labels = tuple(dict.fromkeys([count.account_label] + [maybe[s][0].scope.account_label for s in maybe]))  # type: ignore[union-attr]
        yield Pool(count.region, count.region_label, tuple(pooled), labels)


def newest(trails: tuple[Trail, ...]) -> Trail:
    """The trail whose creation the quota would refuse: the last one this change creates."""
    created = [t for t in trails if t.existence is Existence.CREATED]
    return (created or list(trails))[-1]


def names(trails: Iterable[Trail], region: str) -> str:
    """Trail names, marking multi-Region trails homed elsewhere (they count here too)."""
    def name(trail: Trail) -> str:
        if trail.multi_region is True and scope_of(trail).region != region:
            home = scope_of(trail).region_label or "not known"
            return f"{trail.label} (multi-Region, home {home})"
        return trail.label
    return ", ".join(sorted(name(t) for t in trails))
