"""The access report as one HTML page: its data block, its escaping, and that it needs no network.

The page itself is driven in a real browser by tests/test_access_browser.py.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_access import (
    ACCOUNT,
    ALL,
    CANDIDATE_TRAILS,
    MAIN,
    POLICIES_,
    inline,
    report,
    user,
)

from trail_lint.cli import main
from trail_lint.finding import Finding
from trail_lint.html.access import LETTERS, MATRIX_VERBS, page_data, render_html
from trail_lint.iam.access import ACCOUNT_WIDE, VERBS, AccessReport, allowed_when, analyse, verb_decision
from trail_lint.iam.evaluator import Decision
from trail_lint.iam.render import ACCOUNT_VERBS
from trail_lint.iam.root import ROOT_ACCESS
from trail_lint.model import (
    Condition,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Statement,
    Trail,
)
from trail_lint.rule import Severity

# the principals' account below ou-1, in an organization whose management account is another one
ORGANIZATION = (OrgNode("111111111111", OrgNodeKind.MANAGEMENT), OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, "ou-1"))

ROOT = Path(__file__).resolve().parents[1]
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
HOSTILE = ("</script><script>alert(1)</script>", "<!--<script>", "<img src=x onerror=alert(1)>", "a'b\"&amp;\u2028")


def data_block(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="access-data">(.*?)</script>', html, re.DOTALL)
    assert found, "no data block"
    return json.loads(found.group(1))


def cell(page: dict, p: int, t: int, verb: int) -> tuple[str, int]:
    """The letter and reason set of one cell, decoded as access.js does."""
    principal = page["principals"][p]
    view = page["views"][principal["v"]]
    if t not in view:       # a trail the principal cannot act on: denied, implicitly
        return "d", 0
    local, group = view.index(t), principal["g"]
    index = 0 if group == 0 else DIGITS.index(group[local]) if isinstance(group, str) else group[local]
    letters, *reasons = principal["c"][index]
    return letters[verb], reasons[0][verb] if reasons else 0


def statements(page: dict, reason_set: int) -> list[tuple[str, str]]:
    """Each reason's policy and statement; for the conditions on the request that allow a conditional
    decision (no policy, no place), what the page says of them."""
    rows = [page["statements"][s] for s in page["reasons"][reason_set]]
    return [(row[0], row[1]) if row[0] or row[2] else ("", row[4]) for row in rows]


def expected(result: AccessReport, principal: str, trail: str, actions: tuple[str, ...]) -> tuple[str, list]:
    decisions = [result.decision(principal, trail, action) for action in actions]
    best = verb_decision(decisions)
    if best is Decision.DENIED:
        because = next((g.because for g in (result.grant(principal, trail, a) for a in actions) if g.because), ())
    else:
        because = result.grant(principal, trail, actions[decisions.index(best)]).because
    whens = result.requested()
    when = [("", allowed_when(whens[principal, trail, action])) for action in actions
            if (principal, trail, action) in whens and best is Decision.CONDITIONAL][:1]
    return LETTERS[best], [*when, *((b.policy, b.statement) for b in because)]


def check_page(result: AccessReport) -> dict:
    page = json.loads(json.dumps(page_data(result, [], lambda at: (at.file, 1, 1))))
    assert [t["id"] for t in page["trails"]] == list(result.trail_keys)
    for p, row in enumerate(result.rows):
        principal = row.principal.id
        assert page["principals"][p]["id"] == principal
        for t, key in enumerate(result.trail_keys):
            for v, verb in enumerate(MATRIX_VERBS):
                letter, reasons = cell(page, p, t, v)
                assert (letter, statements(page, reasons)) == expected(result, principal, key, VERBS[verb]), \
                    (principal, key, verb)
        wide_letters, wide_reasons = page["principals"][p]["w"]
        for v, actions in enumerate(ACCOUNT_VERBS.values()):
            assert (wide_letters[v], statements(page, wide_reasons[v])) == \
                expected(result, principal, ACCOUNT_WIDE, actions)
    return page


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(POLICIES_, min_size=1, max_size=3), min_size=1, max_size=3),
       st.one_of(st.none(), POLICIES_), st.lists(POLICIES_, max_size=2))
def test_every_cell_decodes_to_the_analysis(identities, boundary, scps) -> None:
    """Trails grouped per principal still give each cell its own decision and deciding statements."""
    principals = tuple(user(f"u{i}", *policies, boundary=boundary if i == 0 else None)
                       for i, policies in enumerate(identities))
    inventory = Inventory(trails=CANDIDATE_TRAILS, principals=principals, account=ACCOUNT, organization=ORGANIZATION,
                          scps=tuple(ServiceControlPolicy(policy, ("ou-1",)) for policy in scps))
    check_page(analyse(inventory))


def test_a_guardrail_on_event_selectors_is_no_tampering_cell() -> None:
    """Denying PutEventSelectors leaves the page's tamper columns denied for it, PutInsightSelectors apart."""
    guardrail = Statement("Deny", actions=("cloudtrail:PutEventSelectors",), resources=("*",), sid="KeepSelectors")
    page = check_page(report(user("alice", inline(ALL, guardrail))))
    [[letters, *_]] = page["principals"][0]["c"]
    assert dict(zip(MATRIX_VERBS, letters)) == {"stop": "a", "delete": "a", "update": "a", "selectors": "d",
                                                "view": "a", "start": "a", "insights": "a"}
    assert "insights" not in page["tamper"]


def test_many_trails_and_other_accounts() -> None:
    """More than 62 groups of trails (the page then lists group numbers) and trails of another account."""
    trails = tuple(Trail(name=f"t{i}", account=ACCOUNT if i % 7 else "210987654321", region="us-east-1")
                   for i in range(80))
    one_by_one = tuple(Statement("Allow" if i % 3 else "Deny", actions=("cloudtrail:StopLogging",),
                                 resources=(f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/t{i}",), sid=f"S{i}")
                       for i in range(80))
    page = check_page(report(user("alice", inline(ALL, *one_by_one)), user("bob"), trails=trails))
    assert isinstance(page["principals"][0]["g"], list)
    assert page["principals"][1]["g"] == 0 and page["principals"][1]["c"] == [["ddddddd"]]


OTHER = "210987654321"
TWO_ACCOUNTS_TRAILS = (*CANDIDATE_TRAILS, Trail(name="main", account=OTHER, region="us-east-1"),
                       Trail(name="theirs", account=OTHER, region="eu-west-1"), Trail(name="nowhere"))


def other(name: str, *policies) -> Principal:
    return Principal(id=f"arn:aws:iam::{OTHER}:role/{name}", kind=PrincipalKind.ROLE, name=name, account=OTHER,
                     inline_policies=policies)


@settings(max_examples=60, deadline=None)
@given(st.lists(POLICIES_, min_size=1, max_size=3), st.lists(POLICIES_, min_size=1, max_size=3))
def test_each_principal_is_written_over_its_accounts_trails(mine, theirs) -> None:
    """Principals of two accounts: each one's groups cover its view (its account's trails and those of no
    known account) and no trail of the other account, and every cell still decodes to the analysis."""
    inventory = Inventory(trails=TWO_ACCOUNTS_TRAILS, principals=(user("u", *mine), other("r", *theirs)),
                          account=ACCOUNT)
    result = analyse(inventory)
    page = check_page(result)
    for p, row in enumerate(result.rows):
        principal = page["principals"][p]
        view = page["views"][principal["v"]]
        assert view == list(row.view.bits)
        accounts = {page["trails"][t]["account"] for t in view}
        assert accounts <= {row.principal.account or ACCOUNT, ""}, (row.principal.id, accounts)
        group = principal["g"]
        assert group == 0 or len(group) == len(view)
    # the principals of one account share their view, written once
    assert len(page["views"]) == len({id(row.view) for row in result.rows})


def test_principals_without_any_trail() -> None:
    """Policies linted alone (a folder of SCP or IAM policy files) give a page with no trail column."""
    page = check_page(report(user("alice", inline(ALL)), user("bob"), trails=()))
    assert page["trails"] == []
    # alice, bob and the account's root user
    assert [(p["g"], p["c"]) for p in page["principals"]] == [(0, []), (0, []), (0, [])]
    wide_letters, _ = page["principals"][0]["w"]
    assert set(wide_letters) == {"a"}


def test_a_policy_file_alone_renders(tmp_path: Path) -> None:
    (tmp_path / "deny.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*"}]}), encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["access", "--format", "html", "--output", str(out), str(tmp_path / "deny.json")]) == 0
    assert data_block(out.read_text(encoding="utf-8"))["trails"] == []


def test_why_names_the_policy_type_effect_and_conditions() -> None:
    guard = Statement("Deny", actions=("cloudtrail:StopLogging",), resources=("*",), sid="Guard")
    maybe = Statement("Allow", actions=("cloudtrail:DeleteTrail",), resources=("*",), sid="Maybe",
                      conditions=(Condition("Bool", "aws:MultiFactorAuthPresent", ("true",)),))
    result = report(user("alice", inline(ALL), boundary=inline(ALL, name="boundary")), user("bob", inline(maybe)),
                    scps=(ServiceControlPolicy(inline(ALL, guard, name="scp"), ("ou-1",)),), organization=ORGANIZATION)
    page = data_block(render_html(result))
    why = {(s[0], s[1]): s[4] for s in page["statements"]}
    assert why[("inline", "statement 'All'")] == "Allow in identity policy"
    assert why[("boundary", "statement 'All'")] == "Allow in permissions boundary"
    assert why[("scp", "statement 'Guard'")] == "Deny in SCP"
    stop, reasons = cell(page, 0, 0, MATRIX_VERBS.index("stop"))
    assert stop == "d" and statements(page, reasons) == [("scp", "statement 'Guard'")]
    delete, reasons = cell(page, 1, 0, MATRIX_VERBS.index("delete"))
    # first what a request with MFA turns allowed, as TL401 says it, then the statement
    assert delete == "c" and statements(page, reasons) == [("", "allowed when aws:MultiFactorAuthPresent is true"),
                                                           ("inline", "statement 'Maybe'")]
    assert why[("inline", "statement 'Maybe'")] == "Allow in identity policy with conditions on the request (not known offline)"
    assert all(s[2] == "iam.json" and s[3] == 1 for s in page["statements"]
               if s[0] not in (ROOT_ACCESS.name, ""))  # file and line of each
    # the root user's row rests on no policy: no file, and the SCP's Deny
    assert why[(ROOT_ACCESS.name, "statement 1")] == "Allow of the root user itself, which no policy grants and only SCPs limit"
    stop, reasons = cell(page, 2, 0, MATRIX_VERBS.index("stop"))
    assert stop == "d" and statements(page, reasons) == [("scp", "statement 'Guard'")]


def test_why_says_conditions_the_principal_or_the_trail_fix_are_decided() -> None:
    tagged = Statement("Allow", actions=("cloudtrail:StopLogging",), resources=("*",), sid="Tagged",
                       conditions=(Condition("StringEquals", "aws:ResourceTag/team", ("dev",)),
                                   Condition("StringEquals", "aws:PrincipalTag/team", ("dev",))))
    page = data_block(render_html(report(user("alice", inline(tagged)))))
    why = {(s[0], s[1]): s[4] for s in page["statements"]}
    assert why[("inline", "statement 'Tagged'")] == \
        "Allow in identity policy with conditions on the principal or the trail (decided where the inputs say)"


def test_why_says_a_condition_on_the_region_is_decided_for_the_home_region_actions() -> None:
    region = Condition("StringEquals", "aws:RequestedRegion", ("us-east-1",))
    only_region = Statement("Allow", actions=("cloudtrail:StopLogging",), resources=("*",), sid="Region",
                            conditions=(region, Condition("StringEquals", "aws:PrincipalTag/team", ("dev",))))
    with_ip = Statement("Allow", actions=("cloudtrail:DeleteTrail",), resources=("*",), sid="RegionAndIp",
                        conditions=(region, Condition("IpAddress", "aws:SourceIp", ("203.0.113.0/24",))))
    page = data_block(render_html(report(user("alice", inline(only_region, with_ip)))))
    why = {(s[0], s[1]): s[4] for s in page["statements"]}
    assert why[("inline", "statement 'Region'")] == (
        "Allow in identity policy with conditions on the Region of the request (decided on a trail where the"
        " inputs say its Region, for the actions performed only in its home Region)")
    assert why[("inline", "statement 'RegionAndIp'")] == \
        "Allow in identity policy with conditions on the request (not known offline)"


def test_names_cannot_break_out_of_the_page() -> None:
    principals = tuple(user(name, inline(ALL, name=name)) for name in HOSTILE)
    result = report(*principals, trails=(MAIN, Trail(name="</script>", account=ACCOUNT, region="us-east-1")))
    finding = Finding("TL401", "can-tamper-with-trail", Severity.WARNING, "user <b>x</b> can stop <!-- logging",
                      "iam.json", 1, 1, resource=principals[0].id)
    html = render_html(result, [finding])
    assert html.count("</script>") == 2 and html.count("<script") == 2      # the data block and the script
    assert "<!--" not in html and "<b>" not in html and "<img" not in html
    assert "user &lt;b&gt;x&lt;/b&gt; can stop &lt;!-- logging" in html
    page = data_block(html)
    assert [p["name"] for p in page["principals"]] == [*HOSTILE, f"root ({ACCOUNT})"]
    assert page["trails"][1]["name"] == "</script>"
    assert page["findings"][0]["principal"] == 0


def test_page_needs_no_network(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "report.html"
    assert main(["access", "--format", "html", "--output", str(out), "examples"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "default-src 'none'" in html                    # the browser refuses anything from elsewhere
    assert not re.search(r"\s(src|href|action)=|url\(|@import|<link|<iframe|<object|fetch\(|XMLHttpRequest|import\(", html, re.IGNORECASE)
    page = data_block(html)
    assert {f["rule"] for f in page["findings"]} >= {"TL401", "TL402", "TL404", "TL407"}
    auditor = next(i for i, p in enumerate(page["principals"]) if p["name"] == "auditor")
    assert page["principals"][auditor]["id"] == "arn:aws:iam::111122223333:role/auditor"
    assert cell(page, auditor, 0, MATRIX_VERBS.index("stop"))[0] == "a"


def test_jinja_is_imported_only_for_html() -> None:
    code = ("import sys, trail_lint.cli, trail_lint.iam.render, trail_lint.html.access; "
            "from trail_lint.cli import main; main(['access', '--format', 'json', 'examples/iam']); "
            "assert 'jinja2' not in sys.modules, 'jinja2 imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True)


def test_principals_of_an_account_without_trails() -> None:
    """A principal whose account holds none of the trails still has its account-wide cells."""
    other = Trail(name="elsewhere", account="210987654321", region="us-east-1")
    page = check_page(report(user("alice", inline(ALL)), trails=(other,)))
    assert set(page["principals"][0]["w"][0]) == {"a"}
