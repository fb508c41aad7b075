"""The trails of an account that are copies of its management events by Region (TL501 and the
organization summary count them), and those that may be one more copy but cannot be decided."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from trail_lint.model import UNKNOWN, Inventory, Problem, Trail
from trail_lint.problems import delivers, one_per_name
from trail_lint.scope.placement import placement, regions_of
from trail_lint.scope.regional import Regional
from trail_lint.selectors.recording import recorded, refused
from trail_lint.selectors.undecided import (
    may_deliver_unread,
    records_unknown,
    selectors_refused,
    selectors_unknown,
    selectors_unread,
)


def delivers_management(inventory: Inventory, trail: Trail) -> bool:
    """Whether the trail is a copy of management events (TL501 counts them): it logs, or may
    (``problems.if_logging``: counted only "up to"), and it certainly records management events."""
    return delivers(trail) is not False and recorded(inventory, trail).management.records is True


def most_copies(inventory: Inventory, trails: Iterable[Trail], certain: bool = False) -> int:
    """The most of the trails that deliver one same management event. Read and write management
    events are disjoint, so a read-only trail and a write-only trail deliver no event twice ("no
    duplicate events occur", https://aws.amazon.com/premiumsupport/knowledge-center/remove-duplicate-cloudtrail-events/);
    leaving out the KMS or RDS Data API events narrows a trail to less than every source, never to
    none. With ``certain`` a trail counts for the read (write) events it is known to record, else
    for those it may record."""
    reads = writes = 0
    for trail in trails:
        coverage = recorded(inventory, trail).management
        reads += coverage.read is True if certain else coverage.read is not False
        writes += coverage.write is True if certain else coverage.write is not False
    return max(reads, writes)


def management_copies(inventory: Inventory, account: str | None) -> Regional:
    """The trails that record the account and deliver management events (``delivers_management``),
    by the Regions they record: TL501's copies, and the organization summary's."""
    return Regional.of(one_per_name(t for t in placement(inventory).certain(account)
                                    if delivers_management(inventory, t)))


def unread_beside(inventory: Inventory, account: str | None, copies: Iterable[Trail]) -> Iterator[Problem]:
    """``selectors_unread`` of the account's trails whose selectors are not given (``may_deliver_unread``)
    that share a Region with one of ``copies`` or with each other: each may be one more copy."""
    unread = [t for t in placement(inventory).certain(account) if may_deliver_unread(t)]
    yield from map(selectors_unread, _beside(inventory, account, copies, unread))


def unknown_beside(inventory: Inventory, account: str | None, copies: Iterable[Trail]) -> Iterator[Problem]:
    """``selectors_unknown`` of the account's trails that may deliver and of which whether they record
    management events is not known because of a value not known offline (``records_unknown``), that
    share a Region with one of ``copies`` or with each other: each may be one more copy."""
    unknown = [t for t in placement(inventory).certain(account) if delivers(t) is not False
               and (found := recorded(inventory, t)).management.records is UNKNOWN and records_unknown(t, found.kind)]
    yield from map(selectors_unknown, _beside(inventory, account, copies, unknown))


def refused_beside(inventory: Inventory, account: str | None, copies: Iterable[Trail], part: str) -> Iterator[Problem]:
    """``selectors_refused`` of the account's trails that may deliver and whose two kinds of
    selectors do not read alike for ``part`` ("management" or "data" events), that share a Region
    with one of ``copies`` or with each other: each may be one more copy (said by TL205)."""
    pending = [t for t in placement(inventory).certain(account) if delivers(t) is not False
               and refused(recorded(inventory, t), part)]
    yield from map(selectors_refused, _beside(inventory, account, copies, pending))


def _beside(inventory: Inventory, account: str | None, copies: Iterable[Trail], pending: list[Trail]) -> list[Trail]:
    """Those of ``pending`` that share a Region with one of ``copies`` or with each other."""
    if not pending:
        return []
    both = Regional.of([*copies, *pending])
    ids = {id(t) for t in pending}
    blocked: dict[int, Trail] = {}
    for region in sorted(set(regions_of(inventory, account)) | set(both.homed)):
        trails = both.of_region(region)
        if len(trails) > 1:
            blocked.update((id(t), t) for t in trails if id(t) in ids)
    return list(blocked.values())
