"""Which trails count against the 5-trails-per-Region quota (cloudtrail-facts.md §1).

Trails are counted per account scope and Region (trail_lint.scope): trails of two deployments that no
input ties to one account are never pooled. Where pooling them could exceed the quota, the
count cannot be decided (`pools`), and the quota rule says so as TL002.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Mapping

from trail_lint.model import Existence, Inventory, Problem, Trail
from trail_lint.problems import few, listed
from trail_lint.records import record, replace
from trail_lint.scope.placement import placement
from trail_lint.scope.trail_scope import account_id, covers_account, in_home_partition, region_name, scope_of

TRAILS_PER_REGION = 5   # not adjustable (AWS CloudTrail User Guide, "Quotas in AWS CloudTrail")


@record
class RegionCount:
    account: str                    # Scope.account: an account ID, or a deployment's key
    account_label: str
    region: str                     # Scope.region: a Region name, or a deployment's key
    region_label: str
    certain: tuple[Trail, ...]      # trails that will exist in the Region
    conditional: tuple[Trail, ...]  # trails that may not be created (a Condition, an unknown count)
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


@record
class Counts:
    """The region_counts of an inventory's trails in its Regions, counted once with it (Inventory.counts):
    the quota rules and the organization summary read them."""

    trails: tuple[Trail, ...]
    regions: tuple[str, ...]
    counts: tuple[RegionCount, ...]


def of_inventory(inventory: Inventory) -> Counts:
    """The counts of an inventory, for Inventory.counts."""
    return Counts(inventory.trails, inventory.regions, _count(inventory))


def region_counts(inventory: Inventory) -> tuple[RegionCount, ...]:
    """Trails per account scope × Region: a multi-Region trail counts once in every Region in scope.
    Counted once with the inventory (``of_inventory``), else now (an inventory built in code, or one
    whose trails or Regions were replaced)."""
    found = inventory.counts
    if isinstance(found, Counts) and found.trails is inventory.trails and found.regions is inventory.regions:
        return found.counts
    return _count(inventory)


def _count(inventory: Inventory) -> tuple[RegionCount, ...]:
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
        order = {id(t): i for i, t in enumerate(trails)}
        for region in sorted(set(inventory.regions) | set(labels)):
            present = _in_order(order, homed.get(region, []), [t for t in wide if in_home_partition(t, region)])
            counts.append(RegionCount(
                account, scope_of(trails[0]).account_label, region, labels.get(region, region),
                certain=tuple(t for t in present if t.existence is not Existence.CONDITIONAL),
                conditional=tuple(t for t in present if t.existence is Existence.CONDITIONAL),
                replaced=tuple(t for t in old if counts_in(t, region))))
    return tuple(counts)


def _in_order(order: Mapping[int, int], *parts: list[Trail]) -> list[Trail]:
    """The trails of ``parts`` (each in the order of the trails ``order`` numbers by id) once each,
    in that order."""
    if not parts[1]:
        return parts[0]
    found = {id(t): t for part in parts for t in part}
    return sorted(found.values(), key=lambda t: order[id(t)])


def counts_in(trail: Trail, region: str) -> bool:
    """Whether the trail certainly exists in the Region (a name, or a deployment's unknown Region)."""
    if scope_of(trail).region == region:
        return True
    # an UNKNOWN flag: certain only in its home Region; a multi-Region trail: in its own partition only
    return trail.multi_region is True and in_home_partition(trail, region)


# The pages say an organization trail is created in a member account already at the quota, not
# whether it then counts against that account's quota (cloudtrail-facts.md, "Not confirmed").
ORGANIZATION_QUOTA_OPEN = "whether an organization trail counts against a member account's quota is not documented"


# "The organization's management account remains the owner of any CloudTrail organization resources
# the delegated administrator creates" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html);
# whose quota such a trail takes the pages do not say (the 2023 "Prepare for creating a trail for your
# organization": creation fails where "the management account or delegated administrator account" is
# at the quota in the Region). It is counted in the account that creates it, which a count it alone
# takes over the quota says (created_as_delegate).
DELEGATED_QUOTA_OPEN = ("whether an organization trail a delegated administrator creates counts against its quota or "
                        "against that of the management account, which owns it, is not documented")


def created_as_delegate(count: RegionCount, management: str | None) -> tuple[Trail, ...]:
    """The count's organization trails (of its peak) still to be created in an account that is not the management
    account (``management``, its ID where the inputs know it): CreateTrail accepts them there only
    from a CloudTrail delegated administrator, and the management account owns them (DELEGATED_QUOTA_OPEN)."""
    if management is None or count.account_id is None or count.account_id == management:
        return ()
    return tuple(t for t in count.peak if t.organization is True and t.existence is Existence.CREATED)


def per_account(found: Iterable[tuple[RegionCount, Problem]], question: str = ORGANIZATION_QUOTA_OPEN
                ) -> Iterator[Problem]:
    """One rule's counts that only an organization trail of another account fills (or, ``question``
    DELEGATED_QUOTA_OPEN, one the account creates as a delegated administrator), one per account:
    the problem of the account's first Region (in the order found) ends with the other Regions where
    it holds and the open question, said once since it is one question and an organization would
    repeat it in every Region of every member."""
    by_account: dict[str, list[tuple[RegionCount, Problem]]] = {}
    for count, problem in found:
        by_account.setdefault(count.account, []).append((count, problem))
    for items in by_account.values():
        count, problem = items[0]
        others = [other.region_label for other, _ in items[1:]]
        likewise = f"; likewise in {few(others, 5)}" if others else ""
        yield replace(problem, message=f"{problem.message}{likewise}; {question}")


def organization_trails(inventory: Inventory) -> tuple[Trail, ...]:
    """The live organization trails of the inputs, for ``of_other_accounts``."""
    return tuple(t for t in inventory.live_trails() if t.organization is True)


def of_other_accounts(organization: Iterable[Trail], count: RegionCount) -> tuple[Trail, ...]:
    """Of the organization trails, those of another account that record the count's account in its
    Region: not in the count (they count in the account that owns them), and perhaps in the member's."""
    return tuple(t for t in organization if scope_of(t).account != count.account and counts_in(t, count.region)
                 and covers_account(t, count.account) is True)


def may_count_in(trail: Trail, region: str) -> bool:
    """Whether the trail may exist in the Region: certainly, or its Region or the other is not known."""
    own = scope_of(trail).region
    return counts_in(trail, region) or (trail.multi_region is not False and in_home_partition(trail, region)) or \
        (own is not None and (region_name(own) is None or region_name(region) is None))


@record
class Pool:
    """Trails of account scopes no input ties that together may exceed the quota in one Region."""

    region: str
    region_label: str
    trails: tuple[Trail, ...]
    labels: tuple[str, ...]        # the account scopes involved


def pools(inventory: Inventory, counts: Iterable[RegionCount]) -> Iterator[Pool]:
    """Where the quota cannot be decided: each count is within the quota, but trails of other
    scopes that may be the same account (no input ties either to a known account, or only one
    of them is known) may exist in the same Region and take the total over it. Each pool once."""
    pooling = _Pooling(inventory)
    for count, _ in pooling.sizes(counts):
        yield pooling.pool(count)


def largest_pool(inventory: Inventory, counts: Iterable[RegionCount]) -> tuple[Pool, set[str]] | None:
    """The first of the largest ``pools``, and the Regions of all of them, listing only that one."""
    pooling = _Pooling(inventory)
    found = list(pooling.sizes(counts))
    if not found:
        return None
    most = max(size for _, size in found)
    return pooling.pool(next(count for count, size in found if size == most)), {count.region for count, _ in found}


_MASK = (1 << 128) - 1
_UNNAMED = "unnamed:"     # stands for any Region key no input names (a deployment's)
Sum = tuple[int, int]     # (trails, fingerprint) of a set of trails


class _Pooling:
    """The pools of ``pools``, sized and told apart without listing them.

    A trail that may count in a Region (``may_count_in``) does so everywhere (multi-Region or not
    known to be single-Region, or homed in a Region no input names), or in its named home Region
    and in every Region no input names. So what each scope adds to a Region's pool is summed once,
    and a pool is ``count.peak``, plus what the untied scopes add (less the count's own scope), plus
    what the one known account that may be it adds. Pools are told apart by a fingerprint, the sum
    of a random 128-bit number per trail (the odds that any two of a million different pools share
    one are below one in 10^26), so each pool is counted once, as ``pools`` did by its set of trails.
    The numbers come from a generator seeded with a constant: runs are reproducible."""

    def __init__(self, inventory: Inventory) -> None:
        self.groups = {key: [t for t in trails if t.existence is not Existence.CONDITIONAL]
                       for key, trails in placement(inventory).by_account.items()}
        self.scopes = sorted(key for key, trails in self.groups.items() if trails)
        self.untied = [key for key in self.scopes if account_id(key) is None]
        # pools are of, or with, scopes no input ties (some may have only conditional trails)
        self.pooling = any(account_id(key) is None for key in self.groups)
        if self.pooling:
            self._sum()

    def _sum(self) -> None:
        self.numbers = random.Random(0)
        self.values: dict[int, int] = {}
        # scope -> what it adds to every Region of a partition: by home Region key, with a trail of them
        # that says which Regions those are (in_home_partition)
        self.everywhere: dict[str, Wide] = {}
        self.named: dict[str, dict[str, Sum]] = {}      # scope -> named Region -> what it adds there besides
        self.homed: dict[str, Sum] = {}                 # scope -> what it adds to a Region no input names besides
        for key in self.scopes:
            everywhere: Wide = {}
            named: dict[str, Sum] = {}
            for trail in self.groups[key]:
                own = scope_of(trail).region
                if trail.multi_region is not False or (own is not None and region_name(own) is None):
                    _widen(everywhere, own, (1, self.value(trail)), trail)
                elif own is not None:
                    named[own] = _add(named.get(own, (0, 0)), (1, self.value(trail)))
            self.everywhere[key], self.named[key], self.homed[key] = everywhere, named, _total(named.values())
        self.untied_everywhere: Wide = {}
        for key in self.untied:
            for home, (added, trail) in self.everywhere[key].items():
                _widen(self.untied_everywhere, home, added, trail)
        self.kept_in: dict[str, str | None] = {}
        self.untied_homed = _total(self.homed[key] for key in self.untied)
        self.untied_named: dict[str, Sum] = {}
        self.known_named: dict[str, list[str]] = {}     # named Region -> known scopes with trails homed there
        for key in self.scopes:
            for region, added in self.named[key].items():
                if account_id(key) is None:
                    self.untied_named[region] = _add(self.untied_named.get(region, (0, 0)), added)
                else:
                    self.known_named.setdefault(region, []).append(key)
        known = [key for key in self.scopes if account_id(key) is not None]
        self.wide = [key for key in known if self.everywhere[key]]      # known scopes that add to every Region
        self.anywhere = max((key for key in known if self.added(key, _UNNAMED)[0]), default=None,
                            key=lambda key: (self.added(key, _UNNAMED)[0], key))

    def value(self, trail: Trail) -> int:
        """The trail's random number for fingerprints (trails a plan replaces included)."""
        found = self.values.get(id(trail))
        if found is None:
            found = self.values[id(trail)] = self.numbers.getrandbits(128)
        return found

    def added(self, key: str, region: str) -> Sum:
        """What the scope adds to a pool in the Region (a name, or the key of one no input names)."""
        besides = self.homed[key] if region_name(region) is None else self.named[key].get(region, (0, 0))
        return _add(_reach(self.everywhere[key], region), besides)

    def untied_added(self, region: str) -> Sum:
        besides = self.untied_homed if region_name(region) is None else self.untied_named.get(region, (0, 0))
        return _add(_reach(self.untied_everywhere, region), besides)

    def kept(self, region: str) -> str | None:
        """The known account adding most to the Region's pool (of equals, the last by key): two known
        accounts are never one, so only it may join an untied scope."""
        if region_name(region) is None:
            return self.anywhere
        if region not in self.kept_in:
            self.kept_in[region] = max(dict.fromkeys([*self.known_named.get(region, []), *self.wide]), default=None,
                                       key=lambda key: (self.added(key, region)[0], key))
        return self.kept_in[region]

    def sizes(self, counts: Iterable[RegionCount]) -> Iterator[tuple[RegionCount, int]]:
        """Each count whose pool is over the quota, with the pool's size, the first time its pool is met."""
        if not self.pooling:
            return
        seen: set[int] = set()
        for count in counts:
            peak = len(count.peak)
            if peak > TRAILS_PER_REGION:
                continue    # exceeded whatever the other scopes are
            pooled = _total((1, self.value(t)) for t in count.peak)
            if count.account_id:        # a known account may be only a scope no input ties
                others = self.untied_added(count.region)
            else:                       # an untied scope may be any other, of the known ones the largest
                own = self.added(count.account, count.region) if count.account in self.everywhere else (0, 0)
                others = _add(self.untied_added(count.region), (-own[0], -own[1]))
                kept = self.kept(count.region)
                if kept is not None:
                    others = _add(others, self.added(kept, count.region))
            size, fingerprint = _add(pooled, others)
            if size <= TRAILS_PER_REGION or not others[0] or fingerprint in seen:
                continue
            seen.add(fingerprint)
            yield count, size

    def pool(self, count: RegionCount) -> Pool:
        """The pool of one count, listed."""
        maybe: dict[str, list[Trail]] = {}
        for scope in self.untied if count.account_id else self.scopes:
            if scope == count.account:
                continue
            found = [t for t in self.groups[scope] if may_count_in(t, count.region)]
            if found:
                maybe[scope] = found
        known = [s for s in maybe if account_id(s)]
        if len(known) > 1:      # two known accounts are never one: keep the largest
            for scope in sorted(known, key=lambda s: len(maybe[s]))[:-1]:
                del maybe[scope]
        pooled = list(count.peak) + [t for found in maybe.values() for t in found]
        labels = tuple(dict.fromkeys([count.account_label] + [scope_of(maybe[s][0]).account_label for s in maybe]))
        return Pool(count.region, count.region_label, tuple(pooled), labels)


Wide = dict[str | None, tuple[Sum, Trail]]     # home Region key -> what its trails add, and one of them


def _widen(wide: Wide, home: str | None, added: Sum, trail: Trail) -> None:
    found = wide.get(home)
    wide[home] = (_add(found[0], added), found[1]) if found is not None else (added, trail)


def _reach(wide: Wide, region: str) -> Sum:
    """What trails that add to every Region of their partition add to the Region."""
    return _total(added for added, trail in wide.values() if in_home_partition(trail, region))


def _add(one: Sum, other: Sum) -> Sum:
    return one[0] + other[0], (one[1] + other[1]) & _MASK


def _total(parts: Iterable[Sum]) -> Sum:
    found = (0, 0)
    for part in parts:
        found = _add(found, part)
    return found


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
    return listed(sorted(name(t) for t in trails))
