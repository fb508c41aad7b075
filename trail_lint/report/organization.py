"""The organization summary as text: the account × Region table that ends the ``text`` report.

It takes the summary's values (trail_lint/organization.py), never the model; a count that is not
known is written "unknown", never 0. Each account is a heading line (its ID, or the label of a
scope no input ties to an account, which may be long), then one line per Region.
"""
from __future__ import annotations

from trail_lint.report.common import printable

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.organization import AccountSummary, OrganizationSummary, RegionSummary

HEADER = ("Region", "trails", "paid copies", "not logging", "unknown")


def render_table(summary: OrganizationSummary) -> list[str]:
    """A heading per account, then its Regions with trails or something to say."""
    rows: list[tuple[str, ...] | str] = []
    for account in summary.accounts:
        rows.append(_heading(account))
        if not account.regions:
            rows.append(("-", "0", "0", "0", "no trail of its own, nothing unknown"))
        # the heading names the deployment whose one Region no input names
        own = sum(not region.named for region in account.regions) == 1 and not account.tied
        rows += [_row(region, own) for region in account.regions]
    cells = [row for row in rows if isinstance(row, tuple)]
    widths = [max(len(row[i]) for row in (*cells, HEADER)) for i in range(len(HEADER) - 1)]
    accounts = len(summary.accounts)
    title = (f"Organization summary: {accounts} account{'' if accounts == 1 else 's'}; trails in each Region "
             f"against the quota, paid copies of management events, trails not logging")
    lines = [title]
    for row in (HEADER, *rows):
        if isinstance(row, str):
            lines.append("  " + row)
            continue
        aligned = [cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in enumerate(zip(row, widths))]
        lines.append(("    " + "  ".join(aligned) + "  " + row[-1]).rstrip())
    return lines


def _heading(account: AccountSummary) -> str:
    about = ", ".join(part for part in (account.name, f"OU {account.ou}" if account.ou else None) if part)
    return printable(account.label + (f" ({about})" if about else ""))


def _row(region: RegionSummary, own: bool) -> tuple[str, ...]:
    if region.region == "*":
        where = "every Region"
    elif own and not region.named:
        where = "its Region (not known)"
    else:
        where = region.region
    return (printable(where), "unknown" if region.trails is None else f"{region.trails}/{region.quota}",
            _count(region.paid_copies), _count(region.logging_off), printable("; ".join(region.unknown)))


def _count(value: int | None) -> str:
    return "unknown" if value is None else str(value)
