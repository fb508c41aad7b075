"""The organization's structure, SCPs and RCPs, read from the management account: roots, OUs and
accounts parent by parent, and every service and resource control policy with its targets."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from trail_lint.collect.calls import Recorder
from trail_lint.snapshot import organization_file


@dataclass
class Structure:
    """What the walk found: accounts by id (with name and status), and which parents were read."""

    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    complete: bool = True          # every parent under the starting points was listed


def walk(recorder: Recorder, client: Any, starts: Sequence[str] = ()) -> Structure:
    """List the children of every root (or only of the OUs in ``starts``) down the tree, writing each
    listing; then every SCP and RCP with its targets."""
    structure = Structure()
    pending = list(starts)
    if not pending:
        roots = recorder.call(client, "list_roots")
        if roots is None:
            structure.complete = False
        else:
            recorder.write(organization_file("list-roots"), roots)
            pending = [root["Id"] for root in roots.get("Roots", [])]
    seen: set[str] = set()
    while pending:
        parent = pending.pop(0)
        if parent in seen:
            continue
        seen.add(parent)
        units = recorder.call(client, "list_organizational_units_for_parent", target=parent, ParentId=parent)
        if units is not None:
            recorder.write(organization_file("list-organizational-units-for-parent", parent=parent), units)
            pending.extend(unit["Id"] for unit in units.get("OrganizationalUnits", []))
        accounts = recorder.call(client, "list_accounts_for_parent", target=parent, ParentId=parent)
        if accounts is not None:
            recorder.write(organization_file("list-accounts-for-parent", parent=parent), accounts)
            structure.accounts.update((account["Id"], account) for account in accounts.get("Accounts", []))
        structure.complete &= units is not None and accounts is not None
    _policies(recorder, client)
    return structure


def _policies(recorder: Recorder, client: Any) -> None:
    # RCPs apart from SCPs (organization/resource-control-policies/): an RCP limits what is done to a
    # member account's resources, never what its principals may do (docs/snapshot.md).
    for kind, resource_control in (("SERVICE_CONTROL_POLICY", False), ("RESOURCE_CONTROL_POLICY", True)):
        listing = recorder.call(client, "list_policies", Filter=kind)
        if listing is None:
            continue
        recorder.write(organization_file("list-policies", resource_control=resource_control), listing)
        for summary in listing.get("Policies", []):
            policy = summary["Id"]
            described = recorder.call(client, "describe_policy", target=policy, PolicyId=policy)
            if described is not None:
                recorder.write(organization_file("describe-policy", policy=policy, resource_control=resource_control),
                               described)
            targets = recorder.call(client, "list_targets_for_policy", target=policy, PolicyId=policy)
            if targets is not None:
                recorder.write(organization_file("list-targets-for-policy", policy=policy,
                                                 resource_control=resource_control), targets)
