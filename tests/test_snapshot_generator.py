"""The benchmark's organization snapshot generator writes the documented snapshot layout, and
trail-lint reads every file of it: each trail once, in its account and Region, with its status and
selectors; each role; the OU tree and the SCPs with their targets.

Small sizes only; nothing here is timed (the benchmark itself is benchmarks/snapshot.py).
"""
from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from benchmark_scripts import load_script
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.model import UNKNOWN, OrgNodeKind
from trail_lint.registry import all_rules
from trail_lint.snapshot import places

generate = load_script("generate_snapshot")


def test_same_seed_same_snapshot_other_seed_other_snapshot() -> None:
    assert list(generate.snapshot(4, regions=3, roles=5, seed=1)) == list(generate.snapshot(4, regions=3, roles=5, seed=1))
    assert list(generate.snapshot(4, regions=3, roles=5, seed=1)) != list(generate.snapshot(4, regions=3, roles=5, seed=2))


def test_an_account_is_the_same_whatever_the_size_of_the_organization() -> None:
    """So that 100 accounts are the first 100 of the 1,000-account snapshot."""
    def of_account(n_accounts: int) -> dict[str, Any]:
        return {path: content for path, content in generate.snapshot(n_accounts, regions=2, roles=3)
                if path.startswith("accounts/100000000002/")}

    assert of_account(3) == of_account(9) != {}


def _listings(files: dict[str, Any]) -> dict[str, tuple[str, str, list[dict[str, Any]]]]:
    """describe-trails files: path -> (account, Region, trails), from the layout."""
    found = {}
    for path, content in files.items():
        parts = path.split("/")
        if parts[-1] == "describe-trails.json":
            found[path] = (parts[1], parts[2], content["trailList"])
    return found


@settings(max_examples=8, deadline=None)
@given(n_accounts=st.integers(1, 4), regions=st.integers(1, 4), trails=st.integers(1, 5),
       roles=st.integers(1, 6), seed=st.integers(0, 50))
def test_trail_lint_reads_every_generated_file_as_what_it_is(n_accounts: int, regions: int, trails: int,
                                                              roles: int, seed: int) -> None:
    files = dict(generate.snapshot(n_accounts, regions=regions, trails=trails, roles=roles, seed=seed))
    listings = _listings(files)
    assert len(listings) == n_accounts * regions
    # every listing holds the organization trail and at most --trails trails, as the quota allows
    assert all(0 < len(listed) <= trails and listed[0]["Name"] == generate.ORG_TRAIL
               for _, _, listed in listings.values())
    # a multi-Region trail is listed (as a shadow copy) in every Region of its account
    for account in {a for a, _, _ in listings.values()}:
        multi = [Counter(t["TrailARN"] for t in listed if t["IsMultiRegionTrail"])
                 for a, _, listed in listings.values() if a == account]
        assert all(copies == multi[0] for copies in multi)

    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        for path, content in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(json.dumps(content, indent=4))
        result = run([str(root)], Config(), all_rules(), raise_errors=True)
        assert set(places(result.files)) == set(result.files)      # every file has its place in the snapshot

    assert not [f for f in result.findings if f.rule in ("TL000", "TL001")]
    # read but of no kind that holds a finding: the list of SCPs (each is read from describe-policy)
    # and the listings of parents without child OUs or accounts
    assert set(result.skipped) == {str(root / p) for p, c in files.items() if p == "organization/list-policies.json"
                                   or p.startswith("organization/parents/") and not any(c.values())}
    inventory = result.inventory
    # one trail per ARN, whichever listings show it, each in the account and Region its ARN names
    homed = {t["TrailARN"]: t for _, _, listed in listings.values() for t in listed}
    assert sorted(str(t.arn) for t in inventory.trails) == sorted(homed)
    for trail in inventory.trails:
        region, account = str(trail.arn).split(":")[3:5]
        assert (trail.account, trail.region) == (account, region)
        # each trail's get-trail-status and get-event-selectors, read where it lives, joined to it
        directory = f"accounts/{account}/{region}/trails/{trail.name}"
        assert trail.logging is files[f"{directory}/get-trail-status.json"]["IsLogging"]
        assert trail.event_selectors is not UNKNOWN and trail.advanced_selectors is not UNKNOWN
        selectors = files[f"{directory}/get-event-selectors.json"]
        assert (len(trail.event_selectors), len(trail.advanced_selectors)) == (
            len(selectors.get("EventSelectors", [])), len(selectors.get("AdvancedEventSelectors", [])))
        assert (trail.insights is not UNKNOWN and len(trail.insights) > 0) is homed[trail.arn]["HasInsightSelectors"]
    # every role of every account, with its inline policies
    details = {p: c for p, c in files.items() if p.endswith("get-account-authorization-details.json")}
    assert len(details) == n_accounts
    assert Counter(p.account for p in inventory.principals) == Counter(
        {p.split("/")[1]: roles for p in details})
    assert sum(len(p.inline_policies) for p in inventory.principals) == sum(
        len(role["RolePolicyList"]) for c in details.values() for role in c["RoleDetailList"])
    # the OU tree, and the SCPs where they are attached
    assert [n.id for n in inventory.organization if n.kind is OrgNodeKind.MANAGEMENT] == [generate.MANAGEMENT]
    nodes = {n.id: n for n in inventory.organization if n.kind is not OrgNodeKind.MANAGEMENT}
    assert Counter(n.kind for n in nodes.values()) == {OrgNodeKind.ROOT: 1, OrgNodeKind.ACCOUNT: n_accounts,
                                                       OrgNodeKind.UNIT: len(generate.units(n_accounts))}
    assert nodes["ou-a1b2-prod"].parent == "ou-a1b2-workloads" and nodes[generate.ROOT_ID].parent is None
    assert nodes[generate.MANAGEMENT].parent == generate.ROOT_ID
    scps = {s.policy.name: s for s in inventory.scps}
    assert sorted(scps) == ["DenyLeaveOrganization", "DenyOrganizationTrailChanges", "DenyOutsideEU", "FullAWSAccess"]
    assert scps["DenyOrganizationTrailChanges"].targets == ("ou-a1b2-security", "ou-a1b2-prod")
    assert scps["FullAWSAccess"].detached_from == ()
