"""The organization summary: per account × Region, the trails counted against the quota, the paid
copies of management events, the trails not logging, and what is not known.

It is the optional ``organization`` object of the findings JSON (``schemas/findings.schema.json``):
``{"accounts": [{"account", "name", "ou", "regions": [{"region", "trails", "quota", "paid_copies",
"logging_off", "unknown"}]}]}``. A count that cannot be known offline is None (null), and
``unknown`` says why.
"""
from __future__ import annotations

from dataclasses import dataclass

from trail_lint.quota import TRAILS_PER_REGION


@dataclass(frozen=True, slots=True)
class RegionSummary:
    region: str
    trails: int | None              # counted against the quota; None: unknown
    paid_copies: int | None         # copies of management events after the first; None: unknown
    logging_off: int | None         # trails known not to be logging; None: unknown
    unknown: tuple[str, ...] = ()   # what could not be counted, and why
    quota: int = TRAILS_PER_REGION


@dataclass(frozen=True, slots=True)
class AccountSummary:
    account: str
    name: str | None
    ou: str | None
    regions: tuple[RegionSummary, ...]


@dataclass(frozen=True, slots=True)
class OrganizationSummary:
    accounts: tuple[AccountSummary, ...] = ()
    organization: bool = False      # the inputs describe an organization


def to_json(summary: OrganizationSummary) -> dict[str, object]:
    """The ``organization`` object of the findings JSON (schemas/findings.schema.json)."""
    return {"accounts": [
        {"account": a.account, "name": a.name, "ou": a.ou,
         "regions": [{"region": r.region, "trails": r.trails, "quota": r.quota, "paid_copies": r.paid_copies,
                      "logging_off": r.logging_off, "unknown": list(r.unknown)} for r in a.regions]}
        for a in summary.accounts]}
