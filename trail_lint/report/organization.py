"""The organization summary as text: the account × Region table that ends the ``text`` report.

It takes the summary's values (trail_lint/organization.py), never the model; a count that is not
known is written "unknown", never 0.
"""
from __future__ import annotations

from trail_lint.report.common import printable

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.organization import OrganizationSummary

HEADER = ("account", "name", "OU", "Region", "trails", "paid copies", "not logging", "unknown")
EVERY_REGION_LABEL = "every Region"


def render_table(summary: OrganizationSummary) -> list[str]:
    """One line per account × Region with trails or something to say; an account with neither gets one line."""
    rows: list[tuple[str, ...]] = []
    for account in summary.accounts:
        first = (printable(account.label), printable(account.name or ""), printable(account.ou or ""))
        if not account.regions:
            rows.append((*first, "-", "0", "0", "0", ""))
        for index, region in enumerate(account.regions):
            rows.append((*(first if index == 0 else ("", "", "")),
                         EVERY_REGION_LABEL if region.region == "*" else printable(region.region),
                         "unknown" if region.trails is None else f"{region.trails}/{region.quota}",
                         _count(region.paid_copies), _count(region.logging_off),
                         printable("; ".join(region.unknown))))
    widths = [max(len(row[i]) for row in (*rows, HEADER)) for i in range(len(HEADER) - 1)]
    accounts = len(summary.accounts)
    title = (f"Organization summary: {accounts} account{'' if accounts == 1 else 's'}; trails in each Region "
             f"against the quota, paid copies of management events, trails not logging")
    lines = [title]
    for row in (HEADER, *rows):
        cells = [cell.rjust(width) if 4 <= i <= 6 else cell.ljust(width) for i, (cell, width) in
                 enumerate(zip(row, widths))]
        lines.append(("  " + "  ".join(cells) + "  " + row[-1]).rstrip())
    return lines


def _count(value: int | None) -> str:
    return "unknown" if value is None else str(value)
