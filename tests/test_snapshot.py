"""The snapshot layout read by hand-written files (a snapshot made by other means than `collect`):
each file's account, Region and trail come from its place; the manifest's failures are TL002."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.snapshot import (
    SCHEMA,
    Place,
    account_file,
    organization_file,
    place_of,
    places,
    region_file,
    trail_file,
)

ACCOUNT = "111122223333"


def write(path: Path, document: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def manifest(**changes: Any) -> dict[str, Any]:
    return {"schema": SCHEMA, "caller": f"arn:aws:iam::{ACCOUNT}:user/exporter", "started": "2026-12-01T10:00:00Z",
            "accounts": [{"id": ACCOUNT, "regions": ["eu-west-1", "us-east-1"]}], "failures": [], **changes}


def trail(name: str, region: str, **settings: Any) -> dict[str, Any]:
    return {"Name": name, "S3BucketName": "logs-111122223333", "HomeRegion": region, "IsMultiRegionTrail": False, "IncludeGlobalServiceEvents": True,
            "TrailARN": f"arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/{name}", "LogFileValidationEnabled": True,
            "KmsKeyId": f"arn:aws:kms:{region}:{ACCOUNT}:key/k", "IsOrganizationTrail": False, **settings}


def lint(*arguments: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    status = main(["--format", "json", *arguments])
    return status, json.loads(capsys.readouterr().out)["findings"]


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    root = tmp_path / "snap"
    write(root / "manifest.json", manifest())
    write(root / region_file(ACCOUNT, "us-east-1", "describe-trails"), {"trailList": [trail("main", "us-east-1"),
                                                                                     trail("other", "us-east-1")]})
    write(root / trail_file(ACCOUNT, "us-east-1", "main", "get-trail-status"), {"IsLogging": False})
    write(root / region_file(ACCOUNT, "eu-west-1", "describe-trails"), {"trailList": []})
    return root


def test_files_take_account_region_and_trail_from_their_place(snapshot, capsys):
    status, findings = lint("--select", "TL301,TL304,TL002", str(snapshot), capsys=capsys)
    assert status == 1
    assert sorted((f["rule"], f["account"], f["region"], f["message"].split(";")[0]) for f in findings) == [
        ("TL002", ACCOUNT, "us-east-1", ("TL301 (logging-disabled) cannot decide: whether trail 'other' is logging "
                                         "is not known: its get-trail-status output is not in the inputs")),
        ("TL301", ACCOUNT, "us-east-1", "trail 'main' is not logging"),
        ("TL304", ACCOUNT, "eu-west-1", (f"no trail records management events in eu-west-1 "
                                         f"for account {ACCOUNT}")),
    ]


def test_a_trail_not_logging_is_said_in_its_get_trail_status_file(snapshot, capsys):
    """A snapshot keeps each trail's get-trail-status output in the trail's own folder: TL301 points
    at IsLogging there, not at the trail in the Region's describe-trails file."""
    _, findings = lint("--select", "TL301", str(snapshot), capsys=capsys)
    status = snapshot / trail_file(ACCOUNT, "us-east-1", "main", "get-trail-status")
    line = status.read_text().split("\n").index('  "IsLogging": false') + 1
    assert [(f["file"], f["line"], f["message"]) for f in findings] == [
        (str(status), line, "trail 'main' is not logging")]


def test_the_same_files_outside_a_snapshot_do_not_say_their_region(snapshot, capsys):
    (snapshot / "manifest.json").unlink()
    _, findings = lint("--select", "TL301,TL304,TL002", str(snapshot), capsys=capsys)
    # the status names no trail and two are known; the empty listing says nowhere where it was taken
    # so whether either trail is logging is not known (one TL002 for their listing)
    assert sorted(((f["rule"], f["account"], f["region"], f["message"].split(":")[0]) for f in findings),
                  key=str) == [
        ("TL002", ACCOUNT, "us-east-1", "TL301 (logging-disabled) cannot decide"),
        ("TL002", None, None, ("get-trail-status output does not say which trail it describes and more than one "
                               "(or no) trail is known; its IsLogging value is not used")),
        ("TL304", None, None, ("no trail records management events in the Region this describe-trails output was "
                               "taken in")),
    ]


def test_a_single_file_named_on_the_command_line_has_its_place(snapshot, capsys):
    """pre-commit passes single files: the snapshot root is found above them."""
    listing = snapshot / region_file(ACCOUNT, "eu-west-1", "describe-trails")
    _, findings = lint("--select", "TL304", str(listing), capsys=capsys)
    assert [(f["account"], f["region"]) for f in findings] == [(ACCOUNT, "eu-west-1")]


def test_failures_of_the_manifest_are_said_where_they_are_recorded(snapshot, capsys):
    write(snapshot / "manifest.json", manifest(failures=[
        {"account": ACCOUNT, "region": "ap-south-1", "call": "cloudtrail:DescribeTrails",
         "code": "ThrottlingException", "message": "Rate exceeded"},
        {"account": "444455556666", "region": None, "call": "sts:AssumeRole", "target": "arn:aws:iam::444455556666:role/r",
         "code": "AccessDenied", "message": "no"}]))
    status, findings = lint("--select", "TL002", str(snapshot), capsys=capsys)
    assert status == 0    # TL002 is info
    lines = (snapshot / "manifest.json").read_text().splitlines()
    first = lines.index('  "failures": [') + 2      # the line of each failure's object
    second = lines.index("    {", first) + 1
    assert [(f["file"].endswith("manifest.json"), f["line"], f["message"]) for f in findings] == [
        (True, first, (f"the snapshot is missing what cloudtrail:DescribeTrails in account {ACCOUNT} in ap-south-1 "
                       "would return: it failed with ThrottlingException: Rate exceeded; the checks cannot see it")),
        (True, second, ("the snapshot is missing what sts:AssumeRole of arn:aws:iam::444455556666:role/r in account "
                        "444455556666 would return: it failed with AccessDenied: no; the checks cannot see it")),
    ]


def test_a_malformed_manifest_is_tl001_and_the_rest_is_linted(snapshot, capsys):
    write(snapshot / "manifest.json", manifest(failures=[{"call": "DescribeTrails"}]))
    _, findings = lint(str(snapshot), capsys=capsys)
    unreadable = [f for f in findings if f["rule"] == "TL001"]
    lines = (snapshot / "manifest.json").read_text().splitlines()
    assert [(f["file"].endswith("manifest.json"), f["line"]) for f in unreadable] == [
        (True, lines.index('  "failures": [') + 2)]
    assert unreadable[0]["message"] == "not a valid snapshot manifest: 'code' is a required property"
    assert "TL301" in {f["rule"] for f in findings}    # the other files still have their place
    # a manifest of another schema is no snapshot: its files are plain AWS CLI output
    assert places([str(snapshot / region_file(ACCOUNT, "eu-west-1", "describe-trails"))])
    write(snapshot / "manifest.json", {"schema": "someone-else/v1"})
    assert places([str(snapshot / region_file(ACCOUNT, "eu-west-1", "describe-trails"))]) == {}


def test_a_file_is_in_the_nearest_snapshot_and_the_layouts_own_directories_are_never_one(tmp_path):
    outer, listing = tmp_path / "outer", region_file(ACCOUNT, "eu-west-1", "describe-trails")
    inner = outer / "copies" / "inner"
    for root in (outer, inner):
        write(root / "manifest.json", manifest())
        write(root / listing, {"trailList": []})
    write(outer / "accounts" / ACCOUNT / "manifest.json", manifest())     # inside the layout: not a snapshot
    found = places([str(outer / listing), str(inner / listing)])
    assert found == {str(outer / listing): Place(str(outer), account=ACCOUNT, region="eu-west-1"),
                     str(inner / listing): Place(str(inner), account=ACCOUNT, region="eu-west-1")}


_DELETE = object()
_FULL_FAILURE = {"account": ACCOUNT, "region": "ap-south-1", "call": "cloudtrail:DescribeTrails", "target": None,
                 "code": "ThrottlingException", "message": "Rate exceeded"}
_MANIFEST_PLACES = [
    ("schema",), ("caller",), ("started",), ("finished",), ("tool",), ("tool", "name"), ("tool", "version"),
    ("organization",), ("organization", "id"), ("organization", "management_account"),
    ("organization", "structure"), ("accounts",), ("accounts", 0), ("accounts", 0, "id"), ("accounts", 0, "name"),
    ("accounts", 0, "role"), ("accounts", 0, "regions"), ("accounts", 0, "regions", 0), ("failures",),
    ("failures", 0), *(("failures", 0, key) for key in _FULL_FAILURE), ("something-else",)]
_MANIFEST_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-1, 2), st.floats(allow_nan=False),
    st.sampled_from(["", "x", ACCOUNT, "12345678901", f"{ACCOUNT}\n", "eu-west-1", "eu-west", "EU-west-1",
                     "o-a1b2c3d4e5", "o-ab", "cloudtrail:DescribeTrails", "cloudtrail:", SCHEMA]),
    st.lists(st.sampled_from([ACCOUNT, "eu-west-1", "x", 1, None]), max_size=2),
    st.dictionaries(st.sampled_from(["id", "name", "regions", "call", "code", "message"]),
                    st.sampled_from([ACCOUNT, "eu-west-1", "x", None]), max_size=3),
    st.just(_DELETE))


@given(st.lists(st.tuples(st.sampled_from(_MANIFEST_PLACES), _MANIFEST_VALUES), max_size=3))
def test_the_plain_manifest_check_says_valid_exactly_where_the_schema_does(changes):
    import jsonschema

    from trail_lint.normalise.snapshot_manifest import valid
    from trail_lint.resources import load_json_resource, schema_path

    document: Any = manifest(
        tool={"name": "trail-lint", "version": "0.1.0"}, finished="2026-12-01T10:04:12Z",
        organization={"id": "o-a1b2c3d4e5", "management_account": ACCOUNT, "structure": True},
        accounts=[{"id": ACCOUNT, "name": "management", "role": None, "regions": ["eu-west-1"]},
                  {"id": "444455556666", "role": "arn:aws:iam::444455556666:role/r", "regions": []}],
        failures=[dict(_FULL_FAILURE), {"call": "sts:AssumeRole", "code": "AccessDenied", "message": "no"}])
    for path, value in changes:
        holder = document
        for key in path[:-1]:
            holder = holder[key] if isinstance(holder, (dict, list)) and _has(holder, key) else None
        if isinstance(holder, (dict, list)) and (isinstance(holder, dict) or _has(holder, path[-1])):
            if value is _DELETE:
                if _has(holder, path[-1]):
                    del holder[path[-1]]
            else:
                holder[path[-1]] = value
    schema = load_json_resource(schema_path("snapshot-manifest.schema.json"))
    assert valid(document) == jsonschema.Draft202012Validator(schema).is_valid(document)


def _has(holder: Any, key: str | int) -> bool:
    return key in holder if isinstance(holder, dict) else isinstance(key, int) and key < len(holder)


names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{2,30}", fullmatch=True)
accounts = st.from_regex(r"[0-9]{12}", fullmatch=True)
regions = st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1"])
calls = st.sampled_from(["get-trail-status", "get-event-selectors", "get-insight-selectors"])


@given(accounts, regions, names, calls)
def test_every_written_place_reads_back(account, region, name, call):
    root = os.path.abspath("snap")
    assert place_of(os.path.join(root, trail_file(account, region, name, call)), root) == Place(
        root, account=account, region=region, trail=name)
    assert place_of(os.path.join(root, region_file(account, region, "describe-trails")), root) == Place(
        root, account=account, region=region)
    assert place_of(os.path.join(root, account_file(account, "get-account-authorization-details")), root) == \
        Place(root, account=account)
    assert place_of(os.path.join(root, organization_file("describe-policy", policy=name)), root) == \
        Place(root, policy=name)
    assert place_of(os.path.join(root, organization_file("list-accounts-for-parent", parent=name)), root) == \
        Place(root, parent=name)
    partition = {"us-gov-west-1": "aws-us-gov", "cn-north-1": "aws-cn"}.get(region, "aws")
    assert Place(root, account=account, region=region, trail=name).trail_arn == \
        f"arn:{partition}:cloudtrail:{region}:{account}:trail/{name}"


def test_the_organization_tree_and_scp_targets_come_from_their_places(snapshot):
    """Listings name no parent and list-targets-for-policy no policy: their places do. FullAWSAccess
    is detached from the levels its targets leave out; targets without a policy document are an SCP
    whose statements are unknown."""
    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.model import UNKNOWN, OrgNodeKind

    org = snapshot / "organization"
    arn = f"arn:aws:organizations::{ACCOUNT}:"
    write(org / "describe-organization.json", {"Organization": {
        "Id": "o-abcdefghij", "MasterAccountId": ACCOUNT, "Arn": f"{arn}organization/o-abcdefghij"}})
    write(org / "list-roots.json", {"Roots": [{"Id": "r-ab12", "Arn": f"{arn}root/o-abcdefghij/r-ab12", "Name": "Root"}]})
    write(org / "parents" / "r-ab12" / "list-organizational-units-for-parent.json", {"OrganizationalUnits": [
        {"Id": "ou-ab12-11111111", "Arn": f"{arn}ou/o-abcdefghij/ou-ab12-11111111", "Name": "workloads"}]})
    write(org / "parents" / "ou-ab12-11111111" / "list-accounts-for-parent.json", {"Accounts": [
        {"Id": "444455556666", "Arn": f"{arn}account/o-abcdefghij/444455556666", "Name": "prod"}]})
    full = "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"
    write(org / "policies" / "p-FullAWSAccess" / "describe-policy.json", {"Policy": {
        "PolicySummary": {"Id": "p-FullAWSAccess", "Arn": full, "Name": "FullAWSAccess",
                          "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": True},
        "Content": json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"}]})}})
    targets = {"Targets": [{"TargetId": "r-ab12", "Arn": f"{arn}root/o-abcdefghij/r-ab12", "Type": "ROOT"},
                           {"TargetId": "ou-ab12-11111111", "Arn": f"{arn}ou/o-abcdefghij/ou-ab12-11111111",
                            "Type": "ORGANIZATIONAL_UNIT"}]}
    write(org / "policies" / "p-FullAWSAccess" / "list-targets-for-policy.json", targets)
    write(org / "policies" / "p-12345678" / "list-targets-for-policy.json", {"Targets": targets["Targets"][1:]})
    inventory = run([str(snapshot)], Config(), []).inventory
    assert sorted((n.id, n.kind, n.parent) for n in inventory.organization) == [
        (ACCOUNT, OrgNodeKind.MANAGEMENT, None),
        ("444455556666", OrgNodeKind.ACCOUNT, "ou-ab12-11111111"),
        ("ou-ab12-11111111", OrgNodeKind.UNIT, "r-ab12"),
        ("r-ab12", OrgNodeKind.ROOT, None)]
    scps = {s.policy.name: s for s in inventory.scps}
    assert (scps["FullAWSAccess"].targets, scps["FullAWSAccess"].detached_from) == (
        ("r-ab12", "ou-ab12-11111111"), ("444455556666",))
    assert (scps["p-12345678"].targets, scps["p-12345678"].policy.statements) == (("ou-ab12-11111111",), UNKNOWN)


def test_target_lists_outside_a_snapshot_name_no_policy(tmp_path, capsys):
    arn = f"arn:aws:organizations::{ACCOUNT}:ou/o-abcdefghij/ou-ab12-11111111"
    listing = write(tmp_path / "targets.json", {"Targets": [
        {"TargetId": "ou-ab12-11111111", "Arn": arn, "Type": "ORGANIZATIONAL_UNIT"}]})
    _, findings = lint("--select", "TL002", str(listing), capsys=capsys)
    assert [f["message"].split(":")[0] for f in findings] == [
        "list-targets-for-policy output does not say which policy it lists the targets of"]


def test_the_manifests_management_account_is_the_organizations(snapshot):
    """A snapshot made by other means may hold the manifest alone: the management account and the
    organization's ID it names are the organization's, once even where describe-organization says so too."""
    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.model import OrgNodeKind

    def management() -> list[tuple[str, str | None]]:
        inventory = run([str(snapshot)], Config(), []).inventory
        return [(n.id, n.organization) for n in inventory.organization if n.kind is OrgNodeKind.MANAGEMENT]

    assert management() == []
    write(snapshot / "manifest.json", manifest(organization={"id": "o-abcdefghij", "management_account": ACCOUNT}))
    assert management() == [(ACCOUNT, "o-abcdefghij")]
    write(snapshot / "organization" / "describe-organization.json", {"Organization": {
        "Id": "o-abcdefghij", "MasterAccountId": ACCOUNT,
        "Arn": f"arn:aws:organizations::{ACCOUNT}:organization/o-abcdefghij"}})
    assert management() == [(ACCOUNT, "o-abcdefghij")]
