"""The organization summary (issue 16, point 3): the account × Region table that ends the text report and
the "organization" object of the JSON report, from the same counts as the rules."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.inventory import Defaults, build
from trail_lint.model import EventSelector, InputKind, Inventory, ReadWrite, Trail
from trail_lint.normalise import Contents
from trail_lint.organization import OrganizationSummary, summarise
from trail_lint.quota import region_counts
from trail_lint.registry import rule_by_id
from trail_lint.snapshot import SCHEMA, organization_file, region_file, trail_file

ROOT = Path(__file__).parents[1]
FINDINGS_SCHEMA = json.loads((ROOT / "schemas" / "findings.schema.json").read_text())
MGMT, PROD, DEV = "111122223333", "444455556666", "777788889999"
ORG_ARN = f"arn:aws:organizations::{MGMT}"


def write(path: Path, document: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")


def listed(account: str, name: str, region: str, multi: bool = False, org: bool = False) -> dict[str, Any]:
    """A trail as describe-trails lists it."""
    return {"Name": name, "S3BucketName": "logs", "HomeRegion": region, "IsMultiRegionTrail": multi,
            "IsOrganizationTrail": org, "TrailARN": f"arn:aws:cloudtrail:{region}:{account}:trail/{name}",
            "LogFileValidationEnabled": True, "IncludeGlobalServiceEvents": True, "HasCustomEventSelectors": False}


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    return write_snapshot(tmp_path / "snap")


def write_snapshot(root: Path) -> Path:
    """An organization: the management account with an organization trail and a stopped trail, prod under
    OU Workloads with its own copy of management events and a Region that throttled, dev whose role could
    not be assumed."""
    write(root / "manifest.json", {
        "schema": SCHEMA, "caller": f"arn:aws:iam::{MGMT}:user/a", "started": "2026-12-01T10:00:00Z",
        "organization": {"id": "o-abcdefghij", "management_account": MGMT, "structure": True},
        "accounts": [{"id": MGMT, "name": "management", "regions": ["us-east-1", "eu-west-1"]},
                     {"id": PROD, "name": "prod", "regions": ["us-east-1"]},
                     {"id": DEV, "name": "dev", "regions": []}],
        "failures": [{"account": PROD, "region": "eu-west-1", "call": "cloudtrail:DescribeTrails",
                      "code": "ThrottlingException", "message": "Rate exceeded"},
                     {"account": DEV, "region": None, "call": "sts:AssumeRole", "code": "AccessDenied",
                      "message": "no"}]})
    org = listed(MGMT, "org", "us-east-1", multi=True, org=True)
    write(root / region_file(MGMT, "us-east-1", "describe-trails"), {"trailList": [org, listed(MGMT, "extra", "us-east-1")]})
    write(root / region_file(MGMT, "eu-west-1", "describe-trails"), {"trailList": [org]})
    write(root / trail_file(MGMT, "us-east-1", "org", "get-trail-status"), {"IsLogging": True})
    write(root / trail_file(MGMT, "us-east-1", "extra", "get-trail-status"), {"IsLogging": False})
    write(root / region_file(PROD, "us-east-1", "describe-trails"), {"trailList": [org, listed(PROD, "team", "us-east-1")]})
    write(root / trail_file(PROD, "us-east-1", "team", "get-trail-status"), {"IsLogging": True})
    write(root / organization_file("describe-organization"), {"Organization": {
        "Id": "o-abcdefghij", "MasterAccountId": MGMT, "Arn": f"{ORG_ARN}:organization/o-abcdefghij"}})
    write(root / organization_file("list-roots"), {"Roots": [
        {"Id": "r-ab12", "Name": "Root", "Arn": f"{ORG_ARN}:root/o-abcdefghij/r-ab12"}]})
    write(root / organization_file("list-organizational-units-for-parent", parent="r-ab12"), {"OrganizationalUnits": [
        {"Id": "ou-ab12-11111111", "Name": "Workloads", "Arn": f"{ORG_ARN}:ou/o-abcdefghij/ou-ab12-11111111"}]})
    write(root / organization_file("list-accounts-for-parent", parent="r-ab12"), {"Accounts": [
        {"Id": MGMT, "Name": "management", "Arn": f"{ORG_ARN}:account/o-abcdefghij/{MGMT}"}]})
    write(root / organization_file("list-accounts-for-parent", parent="ou-ab12-11111111"), {"Accounts": [
        {"Id": account, "Name": name, "Arn": f"{ORG_ARN}:account/o-abcdefghij/{account}"}
        for account, name in ((PROD, "prod"), (DEV, "dev"))]})
    return root


TABLE = """\
Organization summary: 3 accounts; trails in each Region against the quota, paid copies of management events, trails not logging
    Region         trails  paid copies  not logging  unknown
  111122223333 (management, OU Root)
    eu-west-1         1/5            0            0
    us-east-1         2/5            0            1
  444455556666 (prod, OU Root/Workloads)
    eu-west-1     unknown      unknown      unknown  cloudtrail:DescribeTrails failed in the snapshot: ThrottlingException
    us-east-1         1/5            1            0
  777788889999 (dev, OU Root/Workloads)
    every Region  unknown      unknown      unknown  sts:AssumeRole failed in the snapshot: AccessDenied
"""


def test_the_text_report_ends_with_the_account_region_table(snapshot, capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["--select", "TL301,TL501", str(snapshot)]) == 1
    out = capsys.readouterr().out
    assert out.endswith("linted\n\n" + TABLE)
    # the rows agree with the findings: the stopped trail (TL301), prod's paid copy (TL501)
    assert "TL301  trail 'extra' is not logging" in out
    assert "TL501  1 paid copy of management events in us-east-1: trails org, team" in out


def test_the_json_report_carries_the_same_table_by_the_schema(snapshot, capsys):
    main(["--format", "json", "--select", "TL301", str(snapshot)])
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, FINDINGS_SCHEMA)

    def region(name: str, trails: int | None, paid: int | None, off: int | None, *unknown: str) -> dict[str, Any]:
        return {"region": name, "trails": trails, "quota": 5, "paid_copies": paid, "logging_off": off,
                "unknown": list(unknown)}
    assert document["organization"] == {"accounts": [
        {"account": MGMT, "name": "management", "ou": "Root", "read": True,
         "regions": [region("eu-west-1", 1, 0, 0), region("us-east-1", 2, 0, 1)]},
        {"account": PROD, "name": "prod", "ou": "Root/Workloads", "read": True,
         "regions": [region("eu-west-1", None, None, None,
                            "cloudtrail:DescribeTrails failed in the snapshot: ThrottlingException"),
                     region("us-east-1", 1, 1, 0)]},
        {"account": DEV, "name": "dev", "ou": "Root/Workloads", "read": False,   # its role was not assumed
         "regions": [region("*", None, None, None, "sts:AssumeRole failed in the snapshot: AccessDenied")]}],
        "structure": True}


def test_no_summary_and_quiet_leave_the_table_out(snapshot, capsys):
    main(["--no-summary", "--select", "TL301", str(snapshot)])
    assert "Organization summary" not in capsys.readouterr().out
    main(["-q", "--select", "TL301", str(snapshot)])
    assert "Organization summary" not in capsys.readouterr().out
    main(["--no-summary", "--format", "json", "--select", "TL301", str(snapshot)])
    assert "organization" not in json.loads(capsys.readouterr().out)
    main(["--format", "parsable", "--select", "TL301", str(snapshot)])
    assert "Organization summary" not in capsys.readouterr().out


def test_a_status_that_failed_leaves_logging_unknown(snapshot, capsys):
    (snapshot / trail_file(PROD, "us-east-1", "team", "get-trail-status")).unlink()
    manifest = json.loads((snapshot / "manifest.json").read_text())
    manifest["failures"].append({"account": PROD, "region": "us-east-1", "call": "cloudtrail:GetTrailStatus",
                                 "target": f"arn:aws:cloudtrail:us-east-1:{PROD}:trail/team",
                                 "code": "AccessDenied", "message": "no"})
    write(snapshot / "manifest.json", manifest)
    main(["--format", "json", "--select", "TL301", str(snapshot)])
    [prod] = [a for a in json.loads(capsys.readouterr().out)["organization"]["accounts"] if a["account"] == PROD]
    assert prod["regions"][1] == {
        "region": "us-east-1", "trails": 1, "quota": 5, "paid_copies": 0, "logging_off": None,
        "unknown": ["whether team is logging is not known", "up to 1 paid copy if logging",
                    (f"cloudtrail:GetTrailStatus of arn:aws:cloudtrail:us-east-1:{PROD}:trail/team failed in the "
                    f"snapshot: AccessDenied")]}


def test_one_account_keeps_its_text_output_and_its_json_carries_the_account_for_a_merge(tmp_path, capsys):
    """The table of one account says nothing the findings do not: the text report leaves it out. The
    JSON report carries it, so that runs of one account each merge into the table of all."""
    write(tmp_path / "trails.json", {"trailList": [listed(MGMT, "a", "us-east-1"), listed(MGMT, "b", "us-east-1")]})
    main(["--select", "TL501", str(tmp_path / "trails.json")])
    out = capsys.readouterr().out
    assert "Organization summary" not in out and out.endswith("1 input linted\n")
    main(["--format", "json", "--select", "TL501", str(tmp_path / "trails.json")])
    [account] = json.loads(capsys.readouterr().out)["organization"]["accounts"]
    assert account["account"] == MGMT and [r["region"] for r in account["regions"]] == ["us-east-1"]
    main(["--format", "json", "--no-summary", "--select", "TL501", str(tmp_path / "trails.json")])
    assert "organization" not in json.loads(capsys.readouterr().out)


def test_scopes_no_input_ties_are_rows_of_their_own(tmp_path, capsys):
    """Two Terraform root modules under different profiles are never pooled: each is its own row."""
    for profile in ("prod", "dev"):
        (tmp_path / profile).mkdir()
        (tmp_path / profile / "main.tf").write_text(
            f'provider "aws" {{\n  region  = "us-east-1"\n  profile = "{profile}"\n}}\n' + "".join(
                f'resource "aws_cloudtrail" "t{i}" {{\n  name = "{profile}-{i}"\n  s3_bucket_name = "logs"\n}}\n'
                for i in range(3)))
    main(["--format", "json", "--select", "TL101", str(tmp_path)])
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, FINDINGS_SCHEMA)
    rows = [(a["account"], [(r["region"], r["trails"]) for r in a["regions"]])
            for a in document["organization"]["accounts"]]
    assert rows == [(f'provider aws (profile {profile}) of root module {tmp_path / profile}', [("us-east-1", 3)])
                    for profile in ("dev", "prod")]
    assert all(a["regions"][0]["unknown"] == [
        "up to 6 trails in us-east-1 if it is one account with 1 other scope no input ties to an account (TL002)"]
        for a in document["organization"]["accounts"])
    main(["--select", "TL101", str(tmp_path)])
    assert f"{rows[0][0]} (account not known)" in capsys.readouterr().out


# --- the counts are the rules' counts, whatever the trails ----------------------------------------

ACCOUNTS = (MGMT, PROD, DEV)
REGIONS = ("us-east-1", "eu-west-1", "ap-south-1")


@st.composite
def trails(draw: st.DrawFn) -> list[Trail]:
    found = []
    for index in range(draw(st.integers(0, 16))):
        account = draw(st.sampled_from(ACCOUNTS))
        region = draw(st.sampled_from(REGIONS))
        multi = draw(st.booleans())
        # None: no selectors, every management event
        kind = draw(st.sampled_from([None, ReadWrite.ALL, ReadWrite.READ_ONLY, ReadWrite.WRITE_ONLY]))
        found.append(Trail(
            name=f"t{index}", account=account, region=region, multi_region=multi,
            organization=multi and account == MGMT and draw(st.booleans()),
            logging=draw(st.sampled_from([True, False, None])), s3_bucket="logs",
            arn=f"arn:aws:cloudtrail:{region}:{account}:trail/t{index}",
            event_selectors=() if kind is None else (EventSelector(read_write=kind),)))
    return found


def most_of_one_event(trails: list[Trail]) -> int:
    """The most of the trails that deliver one same management event: read-only and write-only
    trails deliver different events."""
    kinds = [s.read_write for t in trails for s in t.event_selectors] + [ReadWrite.ALL for t in trails
                                                                        if not t.event_selectors]
    return max(sum(k != ReadWrite.WRITE_ONLY for k in kinds), sum(k != ReadWrite.READ_ONLY for k in kinds))


def inventory_of(found: list[Trail]) -> Inventory:
    return build([Contents(InputKind.AWS_CLI, trails=tuple(found))], Defaults(regions=REGIONS))


def cells(summary: OrganizationSummary) -> dict[tuple[str, str], Any]:
    return {(a.account, r.region): r for a in summary.accounts for r in a.regions}


@settings(max_examples=60, deadline=None)
@given(trails())
def test_table_counts_are_those_of_the_quota_and_cost_rules(found):
    inventory = inventory_of(found)
    table = cells(summarise(inventory))
    for account in ACCOUNTS:
        for region in REGIONS:
            own = [t for t in found if t.account == account and (t.region == region or t.multi_region)]
            row = table.get((account, region))
            # trails: counted in their account, multi-Region ones in every Region (organization ones too)
            assert (row.trails if row else 0) == len(own)
            off = [t for t in own if t.logging is False]
            unsure = [t for t in own if t.logging is None]
            assert (row.logging_off if row else 0) == (None if unsure else len(off))
            # paid copies: the account's own trails and the organization trails that deliver there, in an
            # account named by a trail of its own (TL501 takes an account that only organization trails
            # name, its own included, to be outside the inputs), unless every trail is an organization
            # trail: then the accounts of those trails are the run's (scope.placement.accounts)
            named = {t.account for t in found if not t.organization} or {t.account for t in found}
            known = account in named
            copies = [t for t in found if known and t.logging is not False and (
                t.region == region or t.multi_region) and (t.account == account or t.organization)]
            # a trail whose logging is not known is a copy only if it logs: not counted as certain
            certain = [t for t in copies if t.logging is True]
            assert (row.paid_copies if row else 0) == max(most_of_one_event(certain) - 1, 0)
    # the rows over the quota are the ones TL101 reports, those at the quota TL102
    quota = [p for rule in ("TL101", "TL102") for p in rule_by_id(rule).check(inventory)]
    over = {(p.account, p.region) for p in quota if p.subject.startswith("quota:") and "over the quota" in p.message}
    full = {(p.account, p.region) for p in quota if p.subject.startswith("quota:") and "no room" in p.message}
    assert over == {key for key, row in table.items() if row.trails is not None and row.trails > 5}
    assert full == {key for key, row in table.items() if row.trails == 5}
    # where organization trails of another account would reach the quota, the rules and the row both say
    # it is not documented whether they count
    open_ = {(p.account, p.region) for p in quota if p.undecided}
    assert open_ <= {key for key, row in table.items() if any("organization trail" in u for u in row.unknown)}
    # the question is one: each rule says it once per account, naming its other Regions
    said = [(rule, p.account) for rule in ("TL101", "TL102") for p in rule_by_id(rule).check(inventory)
            if p.subject.startswith("quota-organization")]
    assert len(said) == len(set(said))
    total = sum(len(c.peak) for c in region_counts(inventory))
    assert sum(row.trails or 0 for row in table.values()) == total
    for problem in rule_by_id("TL501").check(inventory):
        up_to, paid = re.match(r"(up to |\d+ to )?(\d+) paid cop", problem.message).groups()
        if up_to:       # at most: the trails known to log make fewer
            continue
        if problem.region is None:      # multi-Region copies, in every Region; a single-Region trail adds one
            assert all(table[(problem.account, region)].paid_copies >= int(paid) for region in REGIONS)
        else:
            assert table[(problem.account, problem.region)].paid_copies == int(paid)


@settings(max_examples=60, deadline=None)
@given(trails())
def test_tl501_copies_read_from_the_account_group_are_its_definition(found):
    """TL501's copies(), which the summary asks, read from the account's group of trails, are the trails
    ``delivering`` in the Region that ``covers_account``: the definition, over every trail."""
    from trail_lint.rules.tl501_duplicate_management_events import copies, delivering

    from trail_lint.scope.placement import accounts, regions_of
    from trail_lint.scope.trail_scope import covers_account

    inventory = inventory_of(found)
    for account in accounts(inventory):
        for region in regions_of(inventory, account):
            defined = [t for t in delivering(inventory, region) if covers_account(t, account) is True]
            assert sorted(map(id, copies(inventory, account, region))) == sorted(map(id, defined))


# --- trail-lint access --group-by account ---------------------------------------------------------

ACCESS_SCHEMA = json.loads((ROOT / "schemas" / "access.schema.json").read_text())


def role(account: str, name: str, resource: str = "*") -> dict[str, Any]:
    return {"RoleName": name, "Arn": f"arn:aws:iam::{account}:role/{name}", "AssumeRolePolicyDocument": {},
            "RolePolicyList": [{"PolicyName": "trails", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": resource}]}}],
            "AttachedManagedPolicies": []}


@pytest.fixture
def with_roles(snapshot: Path) -> Path:
    for account in (MGMT, PROD):
        write(snapshot / "accounts" / account / "get-account-authorization-details.json",
              {"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": [role(account, "admin")]})
    return snapshot


def test_access_rows_are_grouped_under_each_account(with_roles, capsys):
    assert main(["access", str(with_roles), "--group-by", "account"]) == 0
    out = capsys.readouterr().out
    sections = re.split(r"\n(?=account \d{12} )", out)
    titles = [f"account {MGMT} (management, OU Root)", f"account {PROD} (prod, OU Root/Workloads)"]
    assert [s.splitlines()[:2] for s in sections] == [[title, "=" * len(title)] for title in titles]
    mgmt, prod = sections
    # each account's principals and trails, and no other account's
    assert f"{MGMT}:role/admin" in mgmt and PROD not in mgmt
    assert f"{PROD}:role/admin" in prod and f"trail arn:aws:cloudtrail:us-east-1:{PROD}:trail/team" in prod
    assert f"{MGMT}:role/admin" not in prod and f"{MGMT}:trail" not in prod
    assert re.findall(r"^trail (\S+)", mgmt, re.MULTILINE) == [f"arn:aws:cloudtrail:us-east-1:{MGMT}:trail/{name}"
                                                       for name in ("org", "extra")]
    # Markdown: a heading per account; CSV: the rows sorted by account, each row as without grouping
    main(["access", str(with_roles), "--group-by", "account", "--format", "markdown"])
    assert re.findall(r"^## (.*)$", capsys.readouterr().out, re.MULTILINE) == titles
    main(["access", str(with_roles), "--format", "csv"])
    flat = capsys.readouterr().out.splitlines()
    main(["access", str(with_roles), "--format", "csv", "--group-by", "account"])
    grouped = capsys.readouterr().out.splitlines()
    assert grouped[0] == flat[0] and sorted(grouped) == sorted(flat)
    assert [row.split(",")[3] for row in grouped[1:]] == sorted(row.split(",")[3] for row in flat[1:])


def test_grouped_json_holds_the_same_grants_under_their_accounts(with_roles, capsys):
    main(["access", str(with_roles), "--format", "json", "--all"])
    flat = json.loads(capsys.readouterr().out)
    main(["access", str(with_roles), "--format", "json", "--all", "--group-by", "account"])
    grouped = json.loads(capsys.readouterr().out)
    jsonschema.validate(flat, ACCESS_SCHEMA)
    jsonschema.validate(grouped, ACCESS_SCHEMA)
    assert "grants" not in grouped and {k: v for k, v in flat.items() if k != "grants"} == {
        k: v for k, v in grouped.items() if k != "accounts"}
    assert [(a["account"], a["name"], a["ou"], a["principals"]) for a in grouped["accounts"]] == [
        (MGMT, "management", "Root", [f"arn:aws:iam::{MGMT}:role/admin", f"arn:aws:iam::{MGMT}:root"]),
        (PROD, "prod", "Root/Workloads", [f"arn:aws:iam::{PROD}:role/admin", f"arn:aws:iam::{PROD}:root"])]
    # a partition of the flat grants, in their order, each under its own account
    assert [g for a in grouped["accounts"] for g in a["grants"]] == sorted(flat["grants"], key=lambda g: g["account"])
    assert all(g["account"] == a["account"] for a in grouped["accounts"] for g in a["grants"])


def test_group_by_keeps_rows_of_no_known_account_apart(tmp_path, capsys):
    """A policy document names no account: its rows are under "account not known", never pooled."""
    write(tmp_path / "trails.json", {"trailList": [listed(MGMT, "a", "us-east-1")]})
    write(tmp_path / "policy.json", {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*"}]})
    main(["access", str(tmp_path), "--format", "json", "--group-by", "account"])
    grouped = json.loads(capsys.readouterr().out)
    jsonschema.validate(grouped, ACCESS_SCHEMA)
    # the document's grant on the trail is the trail's account's; its account-wide ones are no account's
    assert [(a["account"], a["principals"], a["trails"], sorted({(g["trail"], g["action"]) for g in a["grants"]}))
            for a in grouped["accounts"]] == [
        (MGMT, [], [f"arn:aws:cloudtrail:us-east-1:{MGMT}:trail/a"],
         [(f"arn:aws:cloudtrail:us-east-1:{MGMT}:trail/a", "cloudtrail:StopLogging")]),
        (None, [str(tmp_path / "policy.json")], [], [])]


# --- the HTML organization view ----------------------------------------------------------------------

HOSTILE = ("</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<!--", "a'b\"&amp;")


def test_the_html_organization_view_escapes_every_name(tmp_path):
    from trail_lint.html.access import render_html
    from trail_lint.iam.access import analyse
    from trail_lint.organization import AccountSummary, RegionSummary

    summary = OrganizationSummary(tuple(
        AccountSummary(name, name, name, (RegionSummary(name, None, 1, 0, (name,)),), tied=False) for name in HOSTILE),
        organization=True)
    html = render_html(analyse(Inventory()), organization=summary)
    assert html.count("<script") == 2 and "<img" not in html and "<!--" not in html
    assert html.count("&lt;img src=x onerror=alert(1)&gt;") == 5     # account, name, OU, Region, why
    assert 'id="tab-org"' in html and "Organization (4 accounts)" in html


def test_one_account_has_no_organization_view(tmp_path):
    write(tmp_path / "trails.json", {"trailList": [listed(MGMT, "a", "us-east-1")]})
    out = tmp_path / "report.html"
    assert main(["access", "--format", "html", "--output", str(out), str(tmp_path / "trails.json")]) == 0
    assert 'id="tab-org"' not in out.read_text() and 'id="org-view"' not in out.read_text()


@st.composite
def principals_and_trails(draw: st.DrawFn) -> Inventory:
    from trail_lint.model import Policy, Principal, PrincipalKind, Statement

    owners = st.sampled_from([*ACCOUNTS, None])
    trails = tuple(Trail(name=f"t{i}", account=draw(owners), region="us-east-1") for i in range(draw(st.integers(0, 4))))
    principals = []
    for i in range(draw(st.integers(0, 5))):
        account = draw(owners)
        action = draw(st.sampled_from(["cloudtrail:*", "cloudtrail:StopLogging", "cloudtrail:DescribeTrails"]))
        resource = draw(st.sampled_from(["*", "arn:aws:cloudtrail:*:*:trail/t1"]))
        principals.append(Principal(
            id=f"arn:aws:iam::{account}:role/r{i}" if account else f"policy{i}.json",
            kind=PrincipalKind.ROLE if account else PrincipalKind.DOCUMENT, name=f"r{i}", account=account,
            inline_policies=(Policy("p", (Statement("Allow", actions=(action,), resources=(resource,)),)),)))
    return Inventory(trails=trails, principals=tuple(principals))


@settings(max_examples=40, deadline=None)
@given(principals_and_trails(), st.booleans())
def test_grouping_by_account_partitions_the_grants(inventory, include_denied):
    from trail_lint.iam.access import analyse
    from trail_lint.iam.render import render

    report = analyse(inventory)
    flat = json.loads(render(report, "json", include_denied=include_denied))
    grouped = json.loads(render(report, "json", include_denied=include_denied, by_account={}))
    jsonschema.validate(grouped, ACCESS_SCHEMA)
    accounts = [a["account"] for a in grouped["accounts"]]
    assert accounts == sorted(a for a in accounts if a) + ([None] if None in accounts else [])
    assert [g for a in grouped["accounts"] for g in a["grants"]] == sorted(
        flat["grants"], key=lambda g: (g["account"] is None, g["account"] or ""))
    assert all(g["account"] == a["account"] for a in grouped["accounts"] for g in a["grants"])
    # the inputs' principals, and the root user of each account they model (iam.root)
    roots = {f"arn:aws:iam::{p.account}:root" for p in inventory.principals if p.account}
    assert sorted(p for a in grouped["accounts"] for p in a["principals"]) == sorted(
        [p.id for p in inventory.principals] + list(roots))
    # the text matrix has one heading per account (or says there is no principal)
    text = render(report, "text", include_denied=include_denied, by_account={})
    for account in grouped["accounts"] if inventory.principals else ():
        title = f"account {account['account']}" if account["account"] else "account not known"
        assert text.count(f"\n{title}\n") + text.startswith(f"{title}\n") == 1


def test_a_trail_of_no_known_region_is_said_not_left_out(tmp_path, capsys):
    write(tmp_path / "a.json", {"trailList": [listed(MGMT, "a", "us-east-1")]})
    trail = {k: v for k, v in listed(PROD, "b", "eu-west-1").items() if k not in ("HomeRegion", "TrailARN")}
    write(tmp_path / "b.json", {"trailList": [trail]})
    main(["--format", "json", "--select", "TL101", "--account", PROD, str(tmp_path / "a.json"), str(tmp_path / "b.json")])
    rows = {a["account"]: a["regions"] for a in json.loads(capsys.readouterr().out)["organization"]["accounts"]}
    assert rows[PROD] == [{"region": "Region not known", "trails": None, "quota": 5, "paid_copies": None,
                           "logging_off": None, "unknown": [
                               "home Region of b not known (pass --region): not counted in any Region"]}]


def test_trails_behind_a_condition_are_said_not_counted(tmp_path, capsys):
    (tmp_path / "stack.yaml").write_text("""\
Parameters:
  Extra: {Type: String}
Conditions:
  WithExtra: !Equals [!Ref Extra, "yes"]
Resources:
  Main:
    Type: AWS::CloudTrail::Trail
    Properties: {TrailName: main, S3BucketName: logs, IsLogging: true}
  Extra:
    Type: AWS::CloudTrail::Trail
    Condition: WithExtra
    Properties: {TrailName: extra, S3BucketName: logs, IsLogging: true}
""")
    write(tmp_path / "prod.json", {"trailList": [listed(PROD, "team", "us-east-1")]})
    main(["--format", "json", "--select", "TL501", "--account", MGMT, "--region", "us-east-1", str(tmp_path)])
    document = json.loads(capsys.readouterr().out)
    assert [f["message"] for f in document["findings"]] == [
        "up to 1 paid copy of management events in us-east-1: trails extra (conditional), main"]
    rows = {a["account"]: a["regions"] for a in document["organization"]["accounts"]}
    assert rows[MGMT] == [{"region": "us-east-1", "trails": 1, "quota": 5, "paid_copies": 0, "logging_off": 0,
                           "unknown": ["1 more if their CloudFormation conditions hold: extra",
                                       "up to 1 paid copy if CloudFormation conditions hold"]}]


def test_names_and_ou_paths_from_terraform_state(tmp_path):
    """A Terraform state knows the ids of the organization's OUs and accounts, and their names."""
    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.organization import account_names

    def resource(kind: str, label: str, **attributes: Any) -> dict[str, Any]:
        return {"mode": "managed", "type": kind, "name": label,
                "provider": 'provider["registry.terraform.io/hashicorp/aws"]', "instances": [{"attributes": attributes}]}
    write(tmp_path / "terraform.tfstate", {"version": 4, "terraform_version": "1.6.0", "resources": [
        resource("aws_organizations_organization", "org", id="o-abcdefghij", master_account_id=MGMT,
                 roots=[{"id": "r-ab12", "name": "Root"}]),
        resource("aws_organizations_organizational_unit", "workloads", id="ou-ab12-11111111", name="Workloads",
                 parent_id="r-ab12"),
        resource("aws_organizations_account", "prod", id=PROD, name="prod", parent_id="ou-ab12-11111111"),
        resource("aws_organizations_account", "unplaced", id=DEV, name="dev")]})
    inventory = run([str(tmp_path)], Config(), []).inventory
    # the management account is named by the organization only; an account without parent_id is under the root
    assert account_names(inventory) == {MGMT: (None, None), PROD: ("prod", "Root/Workloads"), DEV: ("dev", "Root")}


def test_a_snapshot_of_one_account_keeps_the_single_account_output(tmp_path, capsys):
    root = tmp_path / "snap"
    write(root / "manifest.json", {"schema": SCHEMA, "caller": f"arn:aws:iam::{MGMT}:user/a",
                                   "started": "2026-12-01T10:00:00Z", "failures": [],
                                   "accounts": [{"id": MGMT, "regions": ["us-east-1"]}]})
    write(root / region_file(MGMT, "us-east-1", "describe-trails"), {"trailList": [listed(MGMT, "a", "us-east-1")]})
    main(["--format", "text", "--select", "TL301", str(root)])
    assert "Organization summary" not in capsys.readouterr().out
    # a management account named in the configuration is no organization's structure either
    (tmp_path / "config.yaml").write_text(f'management-account: "{MGMT}"\n')
    main(["--format", "text", "--select", "TL301", "--config", str(tmp_path / "config.yaml"), str(root)])
    assert "Organization summary" not in capsys.readouterr().out
    # the JSON report carries the one account, for a merge with other runs
    main(["--format", "json", "--select", "TL301", str(root)])
    assert [a["account"] for a in json.loads(capsys.readouterr().out)["organization"]["accounts"]] == [MGMT]


def test_an_account_seen_only_through_its_members_shadow_copies_has_no_row(tmp_path, capsys):
    """A part of a snapshot (one OU's accounts, linted on its own before a merge) lists the organization
    trail of the management account as shadow copies: the management account is not in the part, and
    a row built from those copies would be a partial view that differs from part to part."""
    for account in (PROD, DEV):
        write(tmp_path / "part" / "accounts" / account / "us-east-1" / "describe-trails.json", {"trailList": [
            listed(MGMT, "organization", "us-east-1", multi=True, org=True), listed(account, "own", "us-east-1")]})
    main(["--format", "json", "--select", "TL301", str(tmp_path / "part")])
    assert [a["account"] for a in json.loads(capsys.readouterr().out)["organization"]["accounts"]] == [PROD, DEV]
    # the management account's own output makes it a row again
    write(tmp_path / "part" / "accounts" / MGMT / "us-east-1" / "describe-trails.json", {"trailList": [
        listed(MGMT, "organization", "us-east-1", multi=True, org=True)]})
    main(["--format", "json", "--select", "TL301", str(tmp_path / "part")])
    assert [a["account"] for a in json.loads(capsys.readouterr().out)["organization"]["accounts"]] == [MGMT, PROD, DEV]


def test_custom_selectors_without_their_output_leave_paid_copies_unknown(snapshot, capsys):
    team = listed(PROD, "team", "us-east-1") | {"HasCustomEventSelectors": True}
    org = listed(MGMT, "org", "us-east-1", multi=True, org=True)
    write(snapshot / region_file(PROD, "us-east-1", "describe-trails"), {"trailList": [org, team]})
    main(["--format", "json", "--select", "TL501,TL002", str(snapshot)])
    document = json.loads(capsys.readouterr().out)
    [prod] = [a for a in document["organization"]["accounts"] if a["account"] == PROD]
    assert prod["regions"][1] == {"region": "us-east-1", "trails": 1, "quota": 5, "paid_copies": None, "logging_off": 0,
                                  "unknown": ["whether team records management events is not known"]}
    assert [f["message"] for f in document["findings"] if "'team'" in f["message"]] == [
        ("TL501 (duplicate-management-events) cannot decide: what trail 'team' records is not known: describe-trails "
        "says it has custom event selectors and its get-event-selectors output is not in the inputs")]
