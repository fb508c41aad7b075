"""The organization summary: per account × Region, the trails counted against the quota, the paid
copies of management events, the trails not logging, and what is not known.

Every number comes from the function the rule that owns it uses: the quota count of TL101/TL102
(`quota.region_counts`), the copies of TL501 (`copies`), TL301's "not logging" (`logging is False`).
So the table never disagrees with the findings, and it does not depend on which rules run.
Accounts are never pooled: a scope that no input ties to an account is a row of its own.
What cannot be counted is ``None`` (shown as "unknown"), with the reason in ``unknown``: a call the
snapshot's manifest records as failed, a trail whose logging or selectors are not known.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from trail_lint.delegation import the_management_account
from trail_lint.model import UNKNOWN, Inventory, OrgNode, OrgNodeKind, SnapshotFailure, Trail
from trail_lint.problems import IF_LOGGING, conditional, delivers, few, if_logging
from trail_lint.quota import (
    DELEGATED_QUOTA_OPEN,
    ORGANIZATION_QUOTA_OPEN,
    TRAILS_PER_REGION,
    counts_in,
    created_as_delegate,
    pools,
    region_counts,
)
from trail_lint.records import record
from trail_lint.scope.placement import accounts, placement, region_label, regions_of
from trail_lint.scope.regional import Regional
from trail_lint.scope.trail_scope import account_id, covers_account, region_name, scope_of
from trail_lint.selectors.copies import management_copies, most_copies
from trail_lint.selectors.recording import recorded

EVERY_REGION = "*"      # the row of an account whose every Region is unknown (its role could not be assumed)
UNKNOWN_REGION = "Region not known"     # the row of the trails whose home Region no input names
# Failed calls that leave only one column unknown; any other failed call of an account (describe-trails,
# assuming its role) leaves all of them unknown. IAM and Organizations calls leave none.
_LEAVES_UNKNOWN = {"cloudtrail:GetTrailStatus": ("logging_off",),
                   "cloudtrail:GetEventSelectors": ("paid_copies",),
                   "cloudtrail:GetInsightSelectors": ()}
_ALL = ("trails", "paid_copies", "logging_off")


@record
class RegionSummary:
    region: str                     # a Region name, a label for a Region no input names, or "*": every Region
    trails: int | None              # counted against the quota, as TL101/TL102 count them; None: unknown
    paid_copies: int | None         # copies of management events after the first (TL501); None: unknown
    logging_off: int | None         # trails known not to be logging (TL301); None: unknown
    unknown: tuple[str, ...] = ()   # what could not be counted, and why
    quota: int = TRAILS_PER_REGION
    named: bool = True              # False: ``region`` labels a Region no input names ("the stack's Region")


@record
class AccountSummary:
    account: str                    # the 12-digit ID, or the label of a scope no input ties to an account
    name: str | None
    ou: str | None                  # the OU path from the root ("Root/Workloads/Prod")
    regions: tuple[RegionSummary, ...]
    tied: bool = True               # False: a scope no input ties to an account, counted on its own
    # False: built without the account's own inputs (only the manifest, or other accounts' shadow copies
    # of its organization trail): a merge prefers the row of the part that read the account
    read: bool = True

    @property
    def label(self) -> str:
        return self.account if self.tied else f"{self.account} (account not known)"


@record
class OrganizationSummary:
    accounts: tuple[AccountSummary, ...] = ()
    organization: bool = False      # the inputs hold an organization's structure (its roots, OUs, accounts)

    @property
    def shown(self) -> bool:
        """Whether the table says more than the findings: more than one account, or an organization."""
        return self.organization or len(self.accounts) > 1


@dataclass
class _Cell:
    label: str
    trails: int | None = 0
    paid_copies: int | None = 0
    logging_off: int | None = 0
    unknown: list[str] = field(default_factory=list)

    def forget(self, columns: Iterable[str], why: str) -> None:
        for column in columns:
            setattr(self, column, None)
        if why not in self.unknown:
            self.unknown.append(why)

    @property
    def worth_a_row(self) -> bool:
        return bool(self.trails or self.paid_copies or self.logging_off or self.unknown) or None in (
            self.trails, self.paid_copies, self.logging_off)


CellOf = Callable[[str, str, str], _Cell]     # (account key, Region key, Region label) -> its cell


def summarise(inventory: Inventory) -> OrganizationSummary:
    """The account × Region table of the inventory (only the Regions with trails or something to say)."""
    cells: dict[str, dict[str, _Cell]] = {}
    labels: dict[str, str] = {}

    def cell(account: str, region: str, region_label: str) -> _Cell:
        return cells.setdefault(account, {}).setdefault(region, _Cell(region_label))

    _count_trails(inventory, cell, labels)
    _count_copies(inventory, cell)
    _organization_trails(inventory, cells)
    _failures(inventory, cell)
    nodes = _account_nodes(inventory)
    listed = {s.account for s in inventory.snapshots if s.account}
    for account in nodes:
        if account not in cells and account not in listed:
            cell(account, EVERY_REGION, EVERY_REGION).forget(
                _ALL, "no describe-trails output of this account in the inputs")
    read = _read_accounts(inventory, listed)
    for account in _seen_from_elsewhere(inventory, read, nodes):
        cells.pop(account, None)
    named = account_names(inventory)
    rows = []
    for account in sorted(set(cells) | set(nodes), key=lambda a: (account_id(a) is None, account_id(a) or labels.get(a, a))):
        regions = cells.get(account, {})
        tied = account_id(account) is not None
        name, ou = named.get(account, (None, None))
        rows.append(AccountSummary(
            account if tied else labels.get(account, account), name, ou,
            tuple(RegionSummary(c.label, c.trails, c.paid_copies, c.logging_off, tuple(c.unknown),
                                named=region_name(key) is not None and key != UNKNOWN_REGION)
                  for key, c in sorted(regions.items(), key=lambda item: _region_order(item[0], item[1].label))
                  if c.worth_a_row), tied, read=not tied or account in read))
    # the organization's structure, not just a management account named in the configuration
    structure = any(n.kind is not OrgNodeKind.MANAGEMENT for n in inventory.organization)
    return OrganizationSummary(tuple(rows), structure)


def _read_accounts(inventory: Inventory, listed: set[str]) -> set[str]:
    """Accounts whose own inputs were read: a snapshot's listing of the account, or its trails in an
    input that is not another account's listing (a shadow copy of its organization trail is not)."""
    listed_in = {snapshot.origin.file: snapshot.account for snapshot in inventory.snapshots if snapshot.account}
    return listed | {trail.account for trail in inventory.live_trails() if isinstance(trail.account, str)
                     and listed_in.get(trail.origin.file, trail.account) == trail.account}


def _seen_from_elsewhere(inventory: Inventory, read: set[str], nodes: Mapping[str, object]) -> set[str]:
    """Accounts the inputs see only through other accounts' describe-trails output: the owner of an
    organization trail, seen as the shadow copies its members list. Such an account's row would be a
    partial view of it (its own trails and their status are not in the inputs), and a snapshot linted
    in parts (one run per OU, then `trail-lint merge`) would give the owner a different row in every
    part; it has a row only where its own output, or the organization's structure, is read."""
    if not any(snapshot.account for snapshot in inventory.snapshots):
        return set()
    owners = {trail.account for trail in inventory.live_trails() if isinstance(trail.account, str)}
    manifest = {entry.id for snapshot in inventory.manifests for entry in snapshot.accounts}
    return {account for account in owners if account_id(account) is not None} - read - set(nodes) - manifest


def _region_order(key: str, label: str) -> tuple[int, str]:
    return (0 if key == EVERY_REGION else 1 if key == label else 2, label)


def _count_trails(inventory: Inventory, cell: CellOf, labels: dict[str, str]) -> None:
    counts = region_counts(inventory)
    management = the_management_account(inventory)
    for count in counts:
        labels[count.account] = count.account_label
        here = cell(count.account, count.region, count.region_label)
        here.trails = len(count.peak)
        delegate = created_as_delegate(count, management)
        if delegate and len(count.peak) - len(delegate) < TRAILS_PER_REGION <= len(count.peak):
            # as TL101 and TL102 say it: counted here, where it alone fills the quota
            here.unknown.append(f"with the organization trail{'s' if len(delegate) > 1 else ''} "
                                f"{_trail_names(delegate)} created here as a delegated administrator: "
                                f"{DELEGATED_QUOTA_OPEN}")
        if count.replaced:
            here.unknown.append(f"counted at the peak during apply: {_trail_names(count.replaced)} deleted only after "
                                f"{'its replacement is' if len(count.replaced) == 1 else 'their replacements are'} "
                                f"created")
        if count.conditional:
            here.unknown.append(f"{len(count.conditional)} more if their CloudFormation conditions hold: "
                                f"{_trail_names(count.conditional)}")
        present = count.certain + count.conditional
        off = [t for t in present if t.logging is False]
        unsure = [t for t in present if t.logging is not True and t.logging is not False]
        here.logging_off = len(off)
        if unsure:
            here.forget(("logging_off",), f"whether {_trail_names(unsure)} {'is' if len(unsure) == 1 else 'are'} logging "
                        f"is not known{f'; {len(off)} known not to be' if off else ''}")
    # A trail whose home Region no input names (and no deployment shares) counts in no Region's row:
    # its account's row says so rather than leave it out.
    nowhere: dict[str, list[Trail]] = {}
    for trail in inventory.live_trails():
        if scope_of(trail).region is None and trail.multi_region is not True:
            nowhere.setdefault(scope_of(trail).account, []).append(trail)
    for account, found in nowhere.items():
        labels.setdefault(account, scope_of(found[0]).account_label)
        cell(account, UNKNOWN_REGION, UNKNOWN_REGION).forget(
            _ALL, f"home Region of {_trail_names(found)} not known (pass --region): not counted in any Region")
    # Scopes that may be one account (TL002 of TL101): each row is counted on its own, and says how
    # many trails pooling it with the others could make at most
    # (account, Region) -> (largest pool, the Region's label, the account scopes of its pools); pools
    # share their sets of scopes (interned), so each set is united once per row, not once per trail
    pooled: dict[tuple[str, str], tuple[int, str, dict[int, frozenset[str]]]] = {}
    interned: dict[frozenset[str], frozenset[str]] = {}
    for pool in pools(inventory, counts):
        in_pool = frozenset(scope_of(t).account for t in pool.trails)
        in_pool = interned.setdefault(in_pool, in_pool)
        for trail in pool.trails:
            scope = scope_of(trail)
            if scope.region is not None and counts_in(trail, pool.region):
                key = (scope.account, pool.region)
                most, label, scopes = pooled.get(key, (0, pool.region_label, {}))
                scopes[id(in_pool)] = in_pool
                pooled[key] = (max(most, len(pool.trails)), label, scopes)
    homes = _homes(inventory)
    for (account, region), (most, label, scopes) in pooled.items():
        if not _shown(region, account, homes):
            continue
        others = frozenset().union(*scopes.values()) - {account}
        cell(account, region, label).forget((), (
            f"up to {most} trails in {label} if it is one account with {len(others)} other "
            f"scope{'s' if len(others) > 1 else ''} no input ties to an account (TL002)"))


def _count_copies(inventory: Inventory, cell: CellOf) -> None:
    live, rows = placement(inventory), _rows(inventory)
    for account in accounts(inventory):
        if account is None:
            continue
        copies = management_copies(inventory, account)     # TL501's count
        # TL501 counts the trails that deliver management events, those whose logging is not known
        # (if_logging) only "up to"; one whose selectors are not known may be one more copy
        unknown = Regional.of(t for t in live.by_account.get(account, ()) if (
            delivers(t) is not False and recorded(inventory, t).management.records is UNKNOWN))
        for region in rows(account):
            trails = copies.of_region(region)
            certain = [t for t in trails if not conditional(t) and not if_logging(t)]
            unsure = unknown.of_region(region)
            if len(certain) < 2 and len(trails) + len(unsure) < 2:
                continue
            # TL501's count: a read-only and a write-only trail are no copy of each other
            paid, most = max(most_copies(inventory, certain, certain=True) - 1, 0), most_copies(inventory, trails) - 1
            if not paid and most < 1 and not unsure:
                continue
            here = cell(account, region, region_label(inventory, region))
            here.paid_copies = paid
            if most > paid:
                here.unknown.append(f"up to {most} paid cop{'y' if most == 1 else 'ies'} " + (
                    "if CloudFormation conditions hold" if any(conditional(t) for t in trails)
                    else IF_LOGGING if any(if_logging(t) for t in trails)
                    else "as far as the trails' selectors may record the same events"))
            if unsure:
                here.forget(("paid_copies",), f"whether {_trail_names(unsure)} "
                            f"{'records' if len(unsure) == 1 else 'record'} management events is not known")


def _rows(inventory: Inventory) -> Callable[[str], list[str]]:
    """For an account, the Region keys of ``regions_of(inventory, account)`` that have a row (as
    ``_shown`` says): the named ones, and the unknown Regions of its own deployments (not the
    unknown home Region of another account's organization trail)."""
    homes = placement(inventory).homes

    def rows(account: str) -> list[str]:
        own = homes.get(account, frozenset())
        return [region for region in regions_of(inventory, account) if region_name(region) is not None or region in own]
    return rows


def _homes(inventory: Inventory) -> set[tuple[str, str | None]]:
    return {(scope_of(t).account, scope_of(t).region) for t in inventory.live_trails()}


def _shown(region: str, account: str, homes: set[tuple[str, str | None]]) -> bool:
    """Whether the account has a row for the Region key: a named Region, or the unknown Region of one of
    its own deployments. The unknown Region of another deployment may be any Region: the named Regions
    already show what the account's multi-Region trails do there (as in TL501, through regions_of)."""
    return region_name(region) is not None or (account, region) in homes


def _organization_trails(inventory: Inventory, cells: dict[str, dict[str, _Cell]]) -> None:
    """Organization trails of another account next to an account's own: whether they count against the
    member account's quota is not documented (cloudtrail-facts.md §1), so where it would matter it is said."""
    organization = [t for t in inventory.live_trails() if t.organization is True]
    if not organization:
        return
    for account, regions in cells.items():
        for region, here in regions.items():
            if here.trails is None:
                continue
            others = [t for t in organization if scope_of(t).account != account and counts_in(t, region)
                      and covers_account(t, account) is True]
            if others and here.trails + len(others) >= TRAILS_PER_REGION:
                here.unknown.append(
                    f"{here.trails + len(others)} with the organization trail{'s' if len(others) > 1 else ''} "
                    f"{_trail_names(others)}: {ORGANIZATION_QUOTA_OPEN}")


def _failures(inventory: Inventory, cell: CellOf) -> None:
    for manifest in inventory.manifests:
        for failure in manifest.failures:
            if failure.account is None or failure.call.startswith(("iam:", "organizations:")):
                continue
            region = failure.region or EVERY_REGION
            cell(failure.account, region, region).forget(_LEAVES_UNKNOWN.get(failure.call, _ALL), _failed(failure))


def _failed(failure: SnapshotFailure) -> str:
    target = f" of {failure.target}" if failure.target else ""
    return f"{failure.call}{target} failed in the snapshot: {failure.code}"


def _account_nodes(inventory: Inventory) -> dict[str, OrgNode | None]:
    """The accounts the organization's structure or a snapshot's manifest names (12-digit IDs)."""
    found: dict[str, OrgNode | None] = {}
    for manifest in inventory.manifests:
        for account in manifest.accounts:
            found.setdefault(account.id, None)
    for node in inventory.organization:
        # the management account is listed as an account of its parent too: that node has the place
        if node.kind in (OrgNodeKind.ACCOUNT, OrgNodeKind.MANAGEMENT) and account_id(node.id) and (
                found.get(node.id) is None or node.kind is OrgNodeKind.ACCOUNT):
            found[node.id] = node
    return found


def _trail_names(trails: Iterable[Trail]) -> str:
    return few(sorted(t.label for t in trails))


def account_names(inventory: Inventory) -> dict[str, tuple[str | None, str | None]]:
    """(name, OU path) of every account the inputs name: the name from the organization's structure,
    else from a snapshot's manifest; the path of OUs from the root by name ("Root/Workloads/Prod")."""
    nodes = _account_nodes(inventory)
    tree = {n.id: n for n in inventory.organization}
    names = {a.id: a.name for manifest in inventory.manifests for a in manifest.accounts if a.name}
    names.update((a, n.name) for a, n in nodes.items() if n is not None and n.name)
    return {account: (names.get(account), _ou_path(node, tree)) for account, node in nodes.items()}


def _ou_path(node: OrgNode | None, tree: Mapping[str, OrgNode]) -> str | None:
    """Root/OU/OU above the account, by name where the inputs give one; None when its place is not known."""
    if node is None or node.kind is not OrgNodeKind.ACCOUNT or node.parent is UNKNOWN:
        return None
    parent: object = node.parent
    if parent is None:      # left out by the input: directly under the root, if the organization has one
        roots = [n.id for n in tree.values() if n.kind is OrgNodeKind.ROOT]
        if len(roots) != 1:
            return None
        parent = roots[0]
    path: list[str] = []
    while isinstance(parent, str) and len(path) < 20:   # the Organizations depth limit is 5 OUs
        above = tree.get(parent)
        path.append(above.name if above is not None and above.name else parent)
        parent = above.parent if above is not None else None
    return "/".join(reversed(path)) if parent is None else None


def to_json(summary: OrganizationSummary) -> dict[str, object]:
    """The ``organization`` object of the findings JSON (schemas/findings.schema.json): ``structure`` says
    whether the inputs held an organization's structure, so that a merge shows the table as lint does;
    an account's ``read`` whether its row was built from the account's own inputs."""
    return {"accounts": [
        {"account": a.account, "name": a.name, "ou": a.ou, "read": a.read,
         "regions": [{"region": r.region, "trails": r.trails, "quota": r.quota, "paid_copies": r.paid_copies,
                      "logging_off": r.logging_off, "unknown": list(r.unknown)} for r in a.regions]}
        for a in summary.accounts], "structure": summary.organization}
