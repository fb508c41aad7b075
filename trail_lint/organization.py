"""An organization summary: per account and Region, the trails against the quota, the paid copies of
management events, the trails not logging, and why a count could not be known offline.

It is the optional ``organization`` object of the findings JSON (``schemas/findings.schema.json``):
``{"accounts": [{"account", "name", "ou", "regions": [{"region", "trails", "quota", "paid_copies",
"logging_off", "unknown"}]}]}``; a count that cannot be known offline is null, and ``unknown``
says why.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RegionSummary:
    region: str
    trails: int | None
    quota: int
    paid_copies: int | None
    logging_off: int | None
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AccountSummary:
    account: str
    name: str | None
    ou: str | None
    regions: tuple[RegionSummary, ...]      # sorted by Region name


def accounts_from_json(accounts: Iterable[Mapping[str, Any]]) -> tuple[AccountSummary, ...]:
    """The ``organization.accounts`` of a findings JSON already checked against its schema."""
    return tuple(AccountSummary(
        account=entry["account"], name=entry["name"], ou=entry["ou"],
        regions=tuple(sorted((RegionSummary(region["region"], json_count(region["trails"]), int(region["quota"]),
                                            json_count(region["paid_copies"]), json_count(region["logging_off"]),
                                            tuple(region["unknown"])) for region in entry["regions"]),
                             key=lambda r: r.region)))
        for entry in accounts)


def json_count(value: float | None) -> int | None:
    """A count from a JSON document already checked against its schema: JSON Schema's integer
    admits 2.0, which is 2 here."""
    return None if value is None else int(value)


def organization_json(accounts: Sequence[AccountSummary]) -> dict[str, Any]:
    """The ``organization`` object of the findings JSON."""
    return {"accounts": [{
        "account": account.account, "name": account.name, "ou": account.ou,
        "regions": [{"region": r.region, "trails": r.trails, "quota": r.quota, "paid_copies": r.paid_copies,
                     "logging_off": r.logging_off, "unknown": list(r.unknown)} for r in account.regions],
    } for account in accounts]}
