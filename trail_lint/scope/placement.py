"""The live trails of a run grouped by account scope once (``Placement``), so that the rules comparing
trails ask for the trails of an account instead of testing every trail against every account; the
account scopes of a run, and the Regions each one's findings are about."""
from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import field

from trail_lint.model import Existence, Inventory, Trail
from trail_lint.records import record
from trail_lint.scope.trail_scope import account_id, region_name, scope_of

TIE_ACCOUNTS = "pass --account, or name their accounts under `accounts:` in .trail-lint.yaml"


@record
class Placement:
    """Trails grouped by account scope once: what ``covers_account`` would answer for every trail
    and account, read from the groups (linear in the trails asked for, not in all of them).

    Results keep the order of ``trails``."""

    trails: tuple[Trail, ...]
    order: dict[int, int] = field(repr=False)                 # id(trail) -> its index in trails
    by_account: dict[str, tuple[Trail, ...]] = field(repr=False)   # Scope.account -> its trails
    organization: tuple[Trail, ...] = ()      # organization trails of known accounts: in every known account
    loose: tuple[Trail, ...] = ()             # trails no input ties to a known account
    # the two known accounts with most trails that are not organization trails: of several known
    # accounts, only the largest may be the same as a scope no input ties (see ``untied``)
    largest: tuple[str, ...] = ()
    source: tuple[Trail, ...] | None = field(default=None, repr=False)   # the Inventory.trails it was built from
    homes: dict[str | None, frozenset[str]] = field(default_factory=dict, repr=False)  # Region keys by account
    # Region keys an account's own findings cover besides its trails' homes (own_regions): for scopes
    # no input ties (None), every trail's named homes; for known accounts (""), the homes of the
    # organization trails (they record every known account) and the named homes of the loose trails
    shared_homes: dict[str | None, frozenset[str]] = field(default_factory=dict, repr=False)
    # how many trails (not organization trails) each account scope has: those no input ties to a
    # known account, and the largest known ones
    unknown_sizes: dict[str, int] = field(default_factory=dict, repr=False)
    largest_sizes: tuple[int, ...] = ()
    unknown_total: int = 0
    labels: dict[str, str] = field(default_factory=dict, repr=False)   # Region key -> how messages name it

    @staticmethod
    def of(trails: Iterable[Trail], source: tuple[Trail, ...] | None = None) -> Placement:
        listed = tuple(trails)
        by_account: dict[str, list[Trail]] = {}
        for trail in listed:
            by_account.setdefault(scope_of(trail).account, []).append(trail)
        sizes = {key: sum(t.organization is not True for t in group) for key, group in by_account.items()
                 if scope_of(group[0]).account_id is not None}
        largest = sorted((key for key in sizes if sizes[key]), key=lambda key: (sizes[key], key), reverse=True)[:2]
        unknown_sizes: dict[str, int] = {}
        for trail in listed:
            if trail.organization is not True and scope_of(trail).account_id is None:
                unknown_sizes[scope_of(trail).account] = unknown_sizes.get(scope_of(trail).account, 0) + 1
        organization = tuple(t for t in listed if t.organization is True and account_id(scope_of(t).account) is not None)
        loose = tuple(t for t in listed if account_id(scope_of(t).account) is None)

        def homes(trails: Iterable[Trail]) -> frozenset[str]:
            return frozenset(region for t in trails if (region := scope_of(t).region) is not None)
        # None: every trail's; "": the Regions every known account shares (organization and loose trails)
        regions: dict[str | None, frozenset[str]] = {key: homes(group) for key, group in by_account.items()}
        regions.update({None: homes(listed), "": homes(organization + loose)})
        shared = {None: _named(regions[None]), "": homes(organization) | _named(homes(loose))}
        return Placement(listed, {id(t): i for i, t in enumerate(listed)}, {k: tuple(v) for k, v in by_account.items()},
                         organization, loose, tuple(largest), source, regions, shared, unknown_sizes,
                         tuple(sizes[key] for key in largest), sum(unknown_sizes.values()), _labels(source or listed))

    def _merged(self, *parts: Sequence[Trail]) -> list[Trail]:
        order = self.order
        found = list(heapq.merge(*parts, key=lambda t: order[id(t)]))
        return [t for i, t in enumerate(found) if i == 0 or found[i - 1] is not t]   # a trail in two parts once

    def certain(self, account: str | None) -> list[Trail]:
        """The trails that record the account: ``covers_account(t, account) is True``."""
        own = self.by_account.get(account, ()) if account is not None else ()
        if account_id(account) is None or not self.organization:
            return list(own)
        return self._merged(own, self.organization)

    def possible(self, account: str | None) -> list[Trail]:
        """The trails that may record the account: ``covers_account(t, account) is not False``."""
        if account is None or account_id(account) is None:
            return list(self.trails)        # a scope no input ties may be any account
        return self._merged(self.by_account.get(account, ()), self.organization, self.loose)

    def regions(self, account: str | None) -> frozenset[str]:
        """The home Regions (Scope.region keys) of ``possible(account)``."""
        if account is None or account_id(account) is None:
            return self.homes[None]
        return self.homes.get(account, frozenset()) | self.homes[""]

    def own_regions(self, account: str | None) -> frozenset[str]:
        """The Region keys of ``regions(account)`` that the account's own findings are about: the
        homes of the trails that certainly record it, and the named homes of those that may, but not
        every other deployment's unknown Region: that is a Region of another scope, which may be
        another account, and is compared with this one only where scopes are pooled
        (``pooled_regions_of``). None: every Region key."""
        if account is None:
            return self.homes[None]
        return self.homes.get(account, frozenset()) | self.shared_homes[None if account_id(account) is None else ""]

    def has_region(self, account: str | None, region: str) -> bool:
        """Whether ``regions(account)`` holds the Region key, without building it."""
        if account is None or account_id(account) is None:
            return region in self.homes[None]
        return region in self.homes.get(account, ()) or region in self.homes[""]

    def untied(self, account: str | None) -> list[Trail]:
        """The trails of other account scopes that may be ``account``: no input ties either to a
        known account, or only one of them; of several known accounts only the one with most of the
        trails can be it. (Organization trails record every account already.)"""
        if account_id(account) is not None:
            return [t for t in self.loose if t.organization is not True and scope_of(t).account_id is None]
        others = [t for t in self.loose if t.organization is not True and scope_of(t).account_id is None
                  and scope_of(t).account != account]
        keep = self._kept(account)
        if keep is None:
            return others
        return self._merged(others, [t for t in self.by_account[keep] if t.organization is not True])

    def untied_count(self, account: str | None) -> int:
        """``len(untied(account))``, without listing them (a rule reports only the largest pool)."""
        unknown = self.unknown_total
        if account_id(account) is not None:
            return unknown
        keep = self._kept(account)
        kept = self.largest_sizes[self.largest.index(keep)] if keep is not None else 0
        own = self.unknown_sizes.get(account, 0) if account is not None else 0
        return unknown - own + kept

    def untied_key(self, account: str | None) -> tuple[str | None, ...]:
        """What ``untied(account)`` depends on besides the account's own trails (which it leaves
        out): accounts with equal keys have the same untied trails once their own are added back,
        so a rule pooling an account's trails with them can pool once per key."""
        if account_id(account) is not None:
            return ("known account",)
        return ("other scope", self._kept(account))

    def is_untied(self, trail: Trail) -> bool:
        """Whether the trail is one ``untied`` lists for the accounts it is not in."""
        return id(trail) in self.order and trail.organization is not True and scope_of(trail).account_id is None

    def _kept(self, account: str | None) -> str | None:
        """The one known account that may be the same as ``account`` (see ``untied``)."""
        return next((key for key in self.largest if key != account), None)


def _labels(trails: Iterable[Trail]) -> dict[str, str]:
    """The label of each Region key, from the first trail homed there."""
    labels: dict[str, str] = {}
    for trail in trails:
        scope = scope_of(trail)
        if scope.region is not None and scope.region not in labels:
            labels[scope.region] = scope.region_label
    return labels


def placement(inventory: Inventory) -> Placement:
    """The live trails of the inventory grouped by account scope: built once with the inventory
    (``of_inventory``), else now (an inventory built in code, or one whose trails were replaced)."""
    found = inventory.placement
    if isinstance(found, Placement) and found.source is inventory.trails:
        return found
    return of_inventory(inventory.trails)


def of_inventory(trails: tuple[Trail, ...]) -> Placement:
    """The placement of an inventory's live trails, for Inventory.placement."""
    return Placement.of((t for t in trails if t.existence is not Existence.DELETED), source=trails)


def accounts(inventory: Inventory) -> tuple[str | None, ...]:
    """Account scopes of the run (Scope.account keys): the accounts named by trails, snapshots or
    the run, and the deployment of every trail no input ties to an account; None if there is none."""
    groups = placement(inventory).by_account
    named = {key for key, trails in groups.items() if any(t.organization is not True for t in trails)}
    named |= {s.account for s in inventory.snapshots if s.account}
    if inventory.account:
        named.add(inventory.account)
    if not named:
        named = set(groups)
    return tuple(sorted(named)) if named else (None,)


def regions_of(inventory: Inventory, account: str | None) -> tuple[str, ...]:
    """Regions in scope plus the home Regions of the trails that may record the account
    (``Placement.own_regions``: names, and the keys of its own deployments' unknown Regions;
    account None: every deployment's)."""
    return tuple(sorted(placement(inventory).own_regions(account).union(inventory.regions)))


def _named(regions: Iterable[str]) -> frozenset[str]:
    """The Region names among Region keys (not deployments' unknown Regions)."""
    return frozenset(region for region in regions if region_name(region) is not None)


def pooled_regions_of(inventory: Inventory, account: str | None) -> tuple[str, ...]:
    """Regions in scope plus the home Regions of every trail that may record the account
    (``Placement.regions``): where its scope may share a Region with others when scopes no input
    ties are pooled, other deployments' unknown Regions included."""
    return tuple(sorted(placement(inventory).regions(account).union(inventory.regions)))


def region_label(inventory: Inventory, region: str) -> str:
    """How messages name a Region key: its name, or "the stack's Region" for a deployment's unknown one."""
    if region_name(region) is not None:
        return region
    return placement(inventory).labels.get(region, region)


def undecided_elsewhere(regions: set[str], shown: str) -> str:
    """'; likewise in 3 more Regions' for a once-per-run TL002 that names one Region."""
    more = len(regions - {shown})
    return f"; likewise in {more} more Region{'s' if more > 1 else ''}" if more else ""
