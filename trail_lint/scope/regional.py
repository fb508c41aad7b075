"""Trails grouped by the Regions they record, once: those that certainly record in each Region
(``Regional``) and those that may (``Reach``), so that the rules comparing trails ask for the trails
of a Region instead of testing every trail in every Region."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field

from trail_lint.model import Trail
from trail_lint.records import record
from trail_lint.scope.trail_scope import account_id, in_home_partition, region_name, scope_of


@record
class Reach:
    """Trails by the Regions they may record (``covers_region(t, region) is not False``), sorted
    once: those that may record in any Region (multi-Region or not known not to be, or homed in a
    Region no input names or none at all; in their partition's Regions only, in_home_partition), and the
    single-Region ones by their named home."""

    anywhere: tuple[Trail, ...]
    named: dict[str, tuple[Trail, ...]] = field(repr=False)

    @staticmethod
    def of(trails: Iterable[Trail]) -> Reach:
        anywhere: list[Trail] = []
        named: dict[str, list[Trail]] = {}
        for trail in trails:
            own = scope_of(trail).region
            if trail.multi_region is not False or own is None or region_name(own) is None:
                anywhere.append(trail)
            else:
                named.setdefault(own, []).append(trail)
        return Reach(tuple(anywhere), {k: tuple(v) for k, v in named.items()})

    def may_record(self, region: str) -> list[Trail]:
        """The trails that may record in the Region (not in the order they were given)."""
        if region_name(region) is None:     # a Region no input names may be any of the named ones
            return [*self.anywhere, *(t for found in self.named.values() for t in found)]
        return [*(t for t in self.anywhere if in_home_partition(t, region)), *self.named.get(region, ())]


@record
class Regional:
    """Trails that certainly record in a Region (``covers_region(t, region) is True``) for every
    Region key at once: the multi-Region ones, in every Region of their partition, and the others in their home.
    What ``Placement.of`` the trails of one Region answers about scopes no input ties, without
    listing them per Region (a run with many untied deployments has as many unknown Regions).

    ``of_region`` lists one Region's trails, in the order of ``trails``."""

    trails: tuple[Trail, ...]
    wide: tuple[Trail, ...] = field(repr=False)                   # multi-Region: in every Region of their partition
    homed: dict[str, tuple[Trail, ...]] = field(repr=False)       # Region key -> the others homed there
    # trails that are not organization trails, counted by account scope: (known accounts, untied
    # scopes) of ``wide``, and of each Region's ``homed`` (``wide`` whatever the partition: an account
    # is in one partition, so the trails of one account scope are too)
    wide_sizes: tuple[dict[str, int], dict[str, int]] = field(repr=False)
    homed_sizes: dict[str, tuple[dict[str, int], dict[str, int]]] = field(repr=False)
    ranking: tuple[str, ...] = ()           # the known accounts of ``wide``, most trails first
    wide_untied: int = 0                    # how many trails of untied scopes ``wide`` has
    homed_untied: dict[str, int] = field(default_factory=dict, repr=False)     # and each Region's ``homed``
    kept_in: dict[str, tuple[str | None, int]] = field(default_factory=dict, repr=False)   # ``kept``, once per Region
    order: dict[int, int] = field(default_factory=dict, repr=False)       # id(trail) -> its index in ``trails``
    # Region -> ``wide_sizes``, ``ranking`` and ``wide_untied`` of ``wide_in`` that Region, where its
    # partition leaves some of ``wide`` out
    partial: dict[str, tuple[tuple[dict[str, int], dict[str, int]], tuple[str, ...], int]] = \
        field(default_factory=dict, repr=False)
    wide_of: dict[str, tuple[Trail, ...]] = field(default_factory=dict, repr=False)   # ``wide_in``, once per Region

    @staticmethod
    def of(trails: Iterable[Trail]) -> Regional:
        listed = tuple(trails)
        homed: dict[str, list[Trail]] = {}
        for trail in listed:
            if trail.multi_region is not True and (home := scope_of(trail).region) is not None:
                homed.setdefault(home, []).append(trail)
        wide = tuple(t for t in listed if t.multi_region is True)
        known, unknown = _sizes(wide)
        homed_sizes = {region: _sizes(found) for region, found in homed.items()}
        return Regional(listed, wide, {k: tuple(v) for k, v in homed.items()}, (known, unknown), homed_sizes,
                        tuple(sorted(known, key=lambda key: (known[key], key), reverse=True)), sum(unknown.values()),
                        {region: sum(sizes[1].values()) for region, sizes in homed_sizes.items()}, {},
                        {id(t): i for i, t in enumerate(listed)})

    def of_region(self, region: str) -> list[Trail]:
        """The trails recording in the Region: ``covers_region(t, region) is True``, in the order of ``trails``."""
        homed = self.homed.get(region, ())
        wide = self.wide_in(region)
        if not homed or not wide:
            return list(homed or wide)
        order = self.order
        # the two runs sorted at once (timsort merges them in C): heapq.merge is a Python generator
        return sorted((*wide, *homed), key=lambda t: order[id(t)])

    def wide_in(self, region: str) -> tuple[Trail, ...]:
        """The multi-Region trails recording in the Region: those of its partition (in_home_partition)."""
        found = self.wide_of.get(region)
        if found is None:
            found = self.wide_of[region] = self.wide if all(in_home_partition(t, region) for t in self.wide) \
                else tuple(t for t in self.wide if in_home_partition(t, region))
        return found

    def wide_counts(self, region: str) -> tuple[tuple[dict[str, int], dict[str, int]], tuple[str, ...], int]:
        """``wide_sizes``, ``ranking`` and ``wide_untied`` of the multi-Region trails recording in the
        Region (``wide_in``: those of its partition)."""
        wide = self.wide_in(region)
        if len(wide) == len(self.wide):
            return self.wide_sizes, self.ranking, self.wide_untied
        found = self.partial.get(region)
        if found is None:
            known, unknown = _sizes(wide)
            found = self.partial[region] = ((known, unknown), tuple(sorted(known, key=lambda key: (known[key], key),
                                                                           reverse=True)), sum(unknown.values()))
        return found

    def kept(self, region: str) -> tuple[str | None, int]:
        """The known account with most trails (not organization trails) in the Region, and how many:
        of several known accounts, the one an untied scope may be (``Placement.largest``)."""
        found = self.kept_in.get(region)
        if found is None:
            (wide, _), ranking, _ = self.wide_counts(region)
            sizes = {key: count + wide.get(key, 0) for key, count in self.homed_sizes.get(region, _NONE)[0].items()}
            best = next((key for key in ranking if key not in sizes), None)
            if best is not None:
                sizes[best] = wide[best]
            kept = max(sizes, key=lambda key: (sizes[key], key), default=None)
            found = self.kept_in[region] = (kept, sizes[kept] if kept is not None else 0)
        return found

    def untied_total(self, region: str) -> int:
        """How many trails of untied scopes (not organization trails) are in the Region."""
        return self.wide_counts(region)[2] + self.homed_untied.get(region, 0)

    def untied_count(self, account: str | None, region: str) -> int:
        """``Placement.of(self.of_region(region)).untied_count(account)``."""
        total = self.untied_total(region)
        if account_id(account) is not None:
            return total
        own = self.wide_counts(region)[0][1].get(account, 0) + self.homed_sizes.get(region, _NONE)[1].get(account, 0) \
            if account is not None else 0
        return total - own + self.kept(region)[1]


_NONE: tuple[dict[str, int], dict[str, int]] = ({}, {})


def _sizes(trails: Iterable[Trail]) -> tuple[dict[str, int], dict[str, int]]:
    """Trails that are not organization trails, counted by account scope: known accounts, untied scopes."""
    known: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for trail in trails:
        if trail.organization is not True:
            scope = scope_of(trail)
            found = known if scope.account_id is not None else unknown
            found[scope.account] = found.get(scope.account, 0) + 1
    return known, unknown
