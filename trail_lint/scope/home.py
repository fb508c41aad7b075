"""A trail's home: whether a trail is read at a shadow copy rather than its home copy, and the trails
whose home Region nothing says."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from trail_lint.model import At, Existence, InputKind, Inventory, Origin, Snapshot, Trail


def shadow_copy(origin: Origin, account: object, region: object, listings: Mapping[str, Snapshot]) -> bool:
    """Whether a trail of ``account`` homed in ``region`` is read at a shadow copy: a describe-trails
    listing taken in another Region (a multi-Region trail) or in another account (an organization
    trail, which every member account lists). What the listing's place does not say is not held
    against it."""
    listing = listings.get(origin.file) if origin.kind is InputKind.AWS_CLI else None
    if listing is None:
        return False
    return (isinstance(listing.region, str) and listing.region != region) \
        or (listing.account is not None and isinstance(account, str) and listing.account != account)


def shadow_placed(inventory: Inventory) -> frozenset[At]:
    """Where the trails read only at a shadow copy are (shadow_copy): what is found there is about
    the trail, wherever a run finds it (``trail-lint merge`` keeps it at the trail's home copy)."""
    listings = {s.origin.file: s for s in inventory.snapshots}
    if not listings:
        return frozenset()
    return frozenset(t.origin.at for t in inventory.trails
                     if shadow_copy(t.origin, t.account, t.region, listings))


def unknown_regions(trails: Iterable[Trail]) -> dict[object, list[Trail]]:
    """The trails whose home Region nothing says, grouped by the Region they share."""
    shared: dict[object, list[Trail]] = {}
    for trail in trails:
        if trail.region is None and trail.existence is not Existence.DELETED:
            key = trail.scope.region if trail.scope and trail.scope.region else id(trail)
            shared.setdefault(key, []).append(trail)
    return shared


def region_unknown_places(trails: Iterable[Trail]) -> dict[At, At]:
    """Where the TL002 saying that a trail's home Region is not known is placed (that of the first
    trail sharing its Region), by the place of the trail (``origin.at``: copies of a trail made to
    check one of its values keep it), for a rule that check leaves open to be named there; trails
    whose home Region is known are not in it."""
    return {trail.origin.at: group[0].origin.of("region")
            for group in unknown_regions(trails).values() for trail in group}
