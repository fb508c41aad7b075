"""The snapshot directory: where `trail-lint collect` writes (and anyone may write) AWS CLI output
of many accounts, and what a file's place in it says. The one place that knows the layout.

```
manifest.json                                   schema trail-lint/snapshot/v1: who, when, what failed
accounts/<account>/get-account-authorization-details.json
accounts/<account>/<region>/describe-trails.json
accounts/<account>/<region>/list-tags.json        the tags of the trails homed there
accounts/<account>/<region>/trails/<trail name>/get-trail-status.json
accounts/<account>/<region>/trails/<trail name>/get-event-selectors.json
accounts/<account>/<region>/trails/<trail name>/get-insight-selectors.json
organization/describe-organization.json
organization/list-roots.json
organization/parents/<root or OU id>/list-organizational-units-for-parent.json
organization/parents/<root or OU id>/list-accounts-for-parent.json
organization/list-policies.json
organization/policies/<policy id>/describe-policy.json
organization/policies/<policy id>/list-targets-for-policy.json
```

The AWS CLI output does not say which account, Region, trail, parent or policy it is about
(describe-trails lists shadow copies of other Regions' trails, get-trail-status names no trail):
the directories do. docs/snapshot.md describes the layout for producers other than trail-lint.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable

from trail_lint.records import record
from trail_lint.scope.arns import trail_arn
from trail_lint.scope.names import is_account_id, is_region_name

SCHEMA = "trail-lint/snapshot/v1"
MANIFEST = "manifest.json"
ACCOUNTS = "accounts"
ORGANIZATION = "organization"
TRAILS = "trails"
PARENTS = "parents"
POLICIES = "policies"
RCP_POLICIES = "resource-control-policies"



@record
class Place:
    """What a file's place in a snapshot says about the AWS CLI output it holds."""

    root: str                       # the snapshot directory
    account: str | None = None      # the account the output was taken in
    region: str | None = None       # the Region it was taken in
    trail: str | None = None        # the trail (in that account and Region) it describes
    parent: str | None = None       # the root or OU whose children it lists
    policy: str | None = None       # the policy it describes or whose targets it lists
    resource_control: bool = False  # that policy is a resource control policy (RCP), not an SCP

    @property
    def trail_arn(self) -> str | None:
        if not (self.trail and self.account and self.region):
            return None
        return trail_arn(self.region, self.account, self.trail)


# --- Writing (the collector) ----------------------------------------------------------------

def account_file(account: str, call: str) -> str:
    return os.path.join(ACCOUNTS, account, f"{call}.json")


def region_file(account: str, region: str, call: str) -> str:
    return os.path.join(ACCOUNTS, account, region, f"{call}.json")


def trail_file(account: str, region: str, trail: str, call: str) -> str:
    return os.path.join(ACCOUNTS, account, region, TRAILS, trail, f"{call}.json")


def organization_file(call: str, parent: str | None = None, policy: str | None = None,
                      resource_control: bool = False) -> str:
    if parent:
        return os.path.join(ORGANIZATION, PARENTS, parent, f"{call}.json")
    folder = (RCP_POLICIES,) if resource_control else ()
    if policy:
        return os.path.join(ORGANIZATION, *(folder or (POLICIES,)), policy, f"{call}.json")
    return os.path.join(ORGANIZATION, *folder, f"{call}.json")


# --- Reading --------------------------------------------------------------------------------

def places(files: Iterable[str]) -> dict[str, Place]:
    """The place of every file that lies inside a snapshot directory (one with a v1 manifest)."""
    roots: dict[str, str | None] = {}     # directory -> the snapshot root above it, if any
    # A place is said by the directories alone: one Place per directory, shared by its files.
    in_directory: dict[str, Place | None] = {}
    found = {}
    for file in files:
        directory = os.path.dirname(file)
        if directory not in in_directory:
            absolute = os.path.abspath(directory)
            root = _root(absolute, roots)
            # any file name stands for the directory's files
            in_directory[directory] = None if root is None else place_of(os.path.join(absolute, MANIFEST), root)
        place = in_directory[directory]
        if place is not None:
            found[file] = place
    return found


def place_of(file: str, root: str) -> Place:
    # A plain prefix cut where it is one (relpath costs more than the rest: a snapshot has ~100,000 files).
    inside = file.startswith(root) and file[len(root):len(root) + 1] == os.sep and os.path.isabs(file)
    parts = (file[len(root) + 1:] if inside else os.path.relpath(file, root)).split(os.sep)
    if len(parts) >= 3 and parts[0] == ACCOUNTS and is_account_id(parts[1]):
        account = parts[1]
        region = parts[2] if len(parts) >= 4 and is_region_name(parts[2]) else None
        trail = parts[4] if region and len(parts) == 6 and parts[3] == TRAILS else None
        return Place(root, account=account, region=region, trail=trail)
    if len(parts) == 4 and parts[0] == ORGANIZATION and parts[1] == PARENTS:
        return Place(root, parent=parts[2])
    if len(parts) == 4 and parts[0] == ORGANIZATION and parts[1] in (POLICIES, RCP_POLICIES):
        return Place(root, policy=parts[2], resource_control=parts[1] == RCP_POLICIES)
    return Place(root)


def _root(directory: str, roots: dict[str, str | None]) -> str | None:
    """The snapshot root at or nearest above a directory, if any. The layout's own directories
    (accounts/..., organization/...) are not looked in for a manifest of their own: a snapshot of
    1,000 accounts has 68,000 of them."""
    chain = []
    while directory not in roots:
        chain.append(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    root = roots.get(directory)
    for below in reversed(chain):
        if not (root is not None and _in_layout(below, root)) and is_snapshot(below):
            root = below
        roots[below] = root
    return root


def _in_layout(directory: str, root: str) -> bool:
    """Whether a directory below a snapshot root is one of the layout's (accounts/..., organization/...)."""
    return directory[len(root):].lstrip(os.sep).split(os.sep, 1)[0] in (ACCOUNTS, ORGANIZATION)


def is_snapshot(directory: str) -> bool:
    """Whether the directory holds a manifest of this layout (a small JSON file, read only for its schema)."""
    path = os.path.join(directory, MANIFEST)
    try:
        if os.path.getsize(path) > 64 << 20:
            return False
        with open(path, encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("schema") == SCHEMA
