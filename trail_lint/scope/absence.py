"""Where a missing trail is a finding: the describe-trails listings of a run by the account they were
taken in, and the Regions configured for the coverage rules."""
from __future__ import annotations

import heapq
from dataclasses import field
from typing import Any

from trail_lint.model import Inventory, Snapshot
from trail_lint.records import record
from trail_lint.scope.names import partition_of
from trail_lint.scope.placement import placement
from trail_lint.scope.trail_scope import region_name


@record
class Listings:
    """The describe-trails outputs of a run (Inventory.snapshots) grouped by the account they were
    taken in once, for the rules that ask which listings are of an account."""

    snapshots: tuple[Snapshot, ...]
    by_account: dict[str | None, tuple[Snapshot, ...]] = field(repr=False)

    @staticmethod
    def of(inventory: Inventory) -> Listings:
        by_account: dict[str | None, list[Snapshot]] = {}
        for snapshot in inventory.snapshots:
            by_account.setdefault(snapshot.account, []).append(snapshot)
        return Listings(inventory.snapshots, {k: tuple(v) for k, v in by_account.items()})

    def of_account(self, account: str | None) -> list[Snapshot]:
        """The listings that may be of the account: its own and those of no named account (every
        one, for None), in the order of the inventory."""
        if account is None:
            return list(self.snapshots)
        own, unnamed = self.by_account.get(account, ()), self.by_account.get(None, ())
        if not unnamed or not own:
            return list(own or unnamed)
        order = {id(s): i for i, s in enumerate(self.snapshots)}
        return list(heapq.merge(own, unnamed, key=lambda s: order[id(s)]))

    def described(self, account: str | None) -> bool:
        return bool(self.snapshots) if account is None else account in self.by_account or None in self.by_account


def absence_scope(inventory: Inventory, account: str | None, configured: tuple[str, ...],
                  listings: Listings | None = None) -> tuple[str, ...]:
    """Regions where a missing trail is a finding. A plan or template shows only the trails it
    manages, so without configured `regions` only describe-trails output (which lists every
    trail of its Region, shadow copies and organization trails included) makes a gap certain."""
    listings = listings or Listings.of(inventory)
    regions = tuple(sorted(set(configured))) if configured else inventory.regions if listings.described(account) else ()
    if not regions:     # (a plan or template without configured `regions`: nothing to ask of the trails)
        return ()
    # an account is of one partition: a Region of another (cn-north-1 beside us-gov-west-1) is none of its own
    # (its trails' home Regions as the run's Placement holds them: a few Regions, however many trails)
    own = {partition_of(s.region) for s in listings.by_account.get(account, ()) if isinstance(s.region, str)} | {
        partition_of(region) for key in (placement(inventory).homes.get(account, ()) if account else ())
        if (region := region_name(key))}
    return tuple(region for region in regions if not own or partition_of(region) in own)


@record
class RegionScope:
    """Options of the coverage rules: the `regions` configured in .trail-lint.yaml (empty: not configured)."""

    regions: tuple[str, ...] = ()


NOT_CONFIGURED = RegionScope()


def configured_regions(config: Any) -> RegionScope:
    return RegionScope(tuple(config.regions))
