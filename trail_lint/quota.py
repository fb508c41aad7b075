"""Which trails count against the 5-trails-per-Region quota (cloudtrail-facts.md §1)."""
from __future__ import annotations

from dataclasses import dataclass

from trail_lint.model import Existence, Inventory, Trail

TRAILS_PER_REGION = 5   # not adjustable (AWS CloudTrail User Guide, "Quotas in AWS CloudTrail")


@dataclass(frozen=True, slots=True)
class RegionCount:
    account: str | None
    region: str
    certain: tuple[Trail, ...]      # trails that will exist in the Region
    conditional: tuple[Trail, ...]  # CloudFormation trails that exist only if a condition holds


def region_counts(inventory: Inventory) -> tuple[RegionCount, ...]:
    """Trails per account × Region: a multi-Region trail counts once in every Region in scope."""
    accounts = sorted({_account(t) for t in inventory.live_trails()}, key=lambda a: a or "")
    counts = []
    for account in accounts:
        trails = [t for t in inventory.live_trails() if _account(t) == account]
        regions = set(inventory.regions) | {t.region for t in trails if isinstance(t.region, str)}
        for region in sorted(regions):
            present = [t for t in trails if _counts_in(t, region)]
            counts.append(RegionCount(
                account, region,
                certain=tuple(t for t in present if t.existence is not Existence.CONDITIONAL),
                conditional=tuple(t for t in present if t.existence is Existence.CONDITIONAL)))
    return tuple(counts)


def _account(trail: Trail) -> str | None:
    return trail.account if isinstance(trail.account, str) else None


def _counts_in(trail: Trail, region: str) -> bool:
    if not isinstance(trail.region, str):
        return False          # reported as TL002; never placed in a guessed Region
    if trail.multi_region is True:
        return True
    if trail.multi_region is False:
        return trail.region == region
    return trail.region == region   # UNKNOWN multi-Region flag: certain only in its home Region


def newest(trails: tuple[Trail, ...]) -> Trail:
    """The trail whose creation the quota would refuse: the last one this change creates."""
    created = [t for t in trails if t.existence is Existence.CREATED]
    return (created or list(trails))[-1]


def names(trails: tuple[Trail, ...], region: str) -> str:
    """Trail names, marking multi-Region trails homed elsewhere (they count here too)."""
    def name(trail: Trail) -> str:
        if trail.multi_region is True and trail.region != region:
            return f"{trail.label} (multi-Region, home {trail.region})"
        return trail.label
    return ", ".join(sorted(name(t) for t in trails))
