"""`trail-lint access` says what TL401 says of a grant under conditions on the principal's own request.

The cell stays `conditional` (the next request may not meet the conditions), and every output names the
conditions a request of the principal meets, in TL401's words: `-v` and CSV give the reason
"allowed when aws:MultiFactorAuthPresent is true", JSON a `when` field, the HTML page a reason of its
own (tests/test_access_html.py), TL405 "but can when …". A time is one from the run on: the engine reads
the clock once and passes it to the analysis.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from test_access import ACCOUNT, MAIN, MAIN_ARN, inline, report, run_rule, user
from trail_lint.rules.tl405_access_intent_violated import options_from_config

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import analyse
from trail_lint.iam.evaluator import Decision
from trail_lint.iam.render import render
from trail_lint.inventory import with_shipped
from trail_lint.model import Condition, Inventory, Statement
from trail_lint.registry import rule_by_id

ROOT = Path(__file__).resolve().parents[1]
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
STOP, DELETE = "cloudtrail:StopLogging", "cloudtrail:DeleteTrail"
MFA = Condition("Bool", "aws:MultiFactorAuthPresent", ("true",))
UNTIL = Condition("DateLessThan", "aws:CurrentTime", ("2031-01-01T00:00:00Z",))
BEFORE = datetime(2026, 12, 4, 12, tzinfo=timezone.utc).timestamp()     # the window is open
AFTER = datetime(2032, 1, 1, tzinfo=timezone.utc).timestamp()           # it has closed
SAID_MFA = "aws:MultiFactorAuthPresent is true"


def _allow(action: str, *conditions: Condition, sid: str = "Stop") -> Statement:
    return Statement("Allow", actions=(action,), resources=("*",), conditions=conditions, sid=sid)


def _alice(*statements: Statement):
    return report(user("alice", inline(*statements)))


def test_json_names_the_request_conditions_of_a_conditional_grant() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    body = json.loads(render(_alice(_allow(STOP, MFA)), "json"))
    jsonschema.validate(body, json.loads((ROOT / "schemas" / "access.schema.json").read_text()))
    [stop] = [g for g in body["grants"] if g["principal"] == ALICE and g["action"] == STOP]
    assert stop["decision"] == "conditional" and stop["when"] == SAID_MFA
    # the field sits after the decision, and only where a request meets the conditions
    assert list(stop) == ["principal", "trail", "action", "decision", "when", "account", "region", "because"]
    assert all("when" not in g for g in body["grants"] if g is not stop)


def test_json_has_no_when_where_the_condition_is_not_on_the_request() -> None:
    tagged = Condition("StringEquals", "aws:PrincipalTag/team", ("ops",))     # a tag the inputs do not give
    body = json.loads(render(_alice(_allow(STOP, tagged)), "json"))
    [stop] = [g for g in body["grants"] if g["principal"] == ALICE and g["action"] == STOP]
    assert stop["decision"] == "conditional" and "when" not in stop


def test_json_grouped_by_account_keeps_the_when() -> None:
    body = json.loads(render(_alice(_allow(STOP, MFA)), "json", by_account={}))
    grants = [g for account in body["accounts"] for g in account["grants"] if g["action"] == STOP
              and g["principal"] == ALICE]
    assert [g["when"] for g in grants] == [SAID_MFA]


def test_verbose_text_says_allowed_when_before_the_statements() -> None:
    text = render(_alice(_allow(STOP, MFA)), "text", verbose=True)
    notes = [line for line in text.splitlines() if line.startswith(f"  {ALICE} StopLogging")]
    assert notes == [f"  {ALICE} StopLogging conditional: allowed when {SAID_MFA}",
                     f"  {ALICE} StopLogging conditional: iam.json:1: inline statement 'Stop'"]
    # without -v the matrix is as before: the cell is conditional
    assert "allowed when" not in render(_alice(_allow(STOP, MFA)), "text")


def test_csv_starts_the_because_column_with_the_conditions() -> None:
    rows = list(csv.DictReader(io.StringIO(render(_alice(_allow(STOP, MFA), _allow(DELETE, sid="Delete")), "csv"))))
    by_action = {row["action"]: row for row in rows if row["principal"] == ALICE}
    assert by_action[STOP]["because"] == f"allowed when {SAID_MFA}; iam.json:1: inline statement 'Stop'"
    assert by_action[DELETE]["because"] == "iam.json:1: inline statement 'Delete'"


def test_tl405_names_the_request_condition() -> None:
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT,
                          principals=(user("alice", inline(_allow(STOP, MFA))),))
    must_not = options_from_config([{"principals": ["*alice"], "must_not": ["stop"]}])
    assert run_rule("tl405_access_intent_violated", inventory, must_not) == [
        f"user alice breaks access intent 1: must not stop 'main' but can when {SAID_MFA}"]
    may = options_from_config([{"principals": ["*alice"], "may": ["stop"]}])
    assert run_rule("tl405_access_intent_violated", inventory, may) == [
        f"user alice breaks access intent 1: may stop 'main' but only when {SAID_MFA}"]


def test_tl405_keeps_under_conditions_where_no_request_settles_them() -> None:
    tagged = Condition("StringEquals", "aws:PrincipalTag/team", ("ops",))
    inventory = Inventory(trails=(MAIN,), account=ACCOUNT,
                          principals=(user("alice", inline(_allow(STOP, tagged))),))
    must_not = options_from_config([{"principals": ["*alice"], "must_not": ["stop"]}])
    assert run_rule("tl405_access_intent_violated", inventory, must_not) == [
        "user alice breaks access intent 1: must not stop 'main' but can under conditions"]


def test_the_analysis_reads_the_time_it_is_given() -> None:
    inventory = with_shipped(Inventory(trails=(MAIN,), account=ACCOUNT,
                                       principals=(user("alice", inline(_allow(DELETE, UNTIL))),)))
    assert analyse(inventory, BEFORE).requested() == {
        (ALICE, MAIN_ARN, DELETE): "aws:CurrentTime is before 2031-01-01T00:00:00Z"}
    assert analyse(inventory, AFTER).requested() == {}
    # no time given: no request at a time is tried, and the grant stays conditional alone
    unknown = analyse(inventory)
    assert unknown.requested() == {} and unknown.decision(ALICE, MAIN_ARN, DELETE) is Decision.CONDITIONAL


STACK = """\
Resources:
  Main:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: main
      S3BucketName: logs
      IsLogging: true
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Policies:
        - PolicyName: delete
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: Window
                Effect: Allow
                Action: cloudtrail:DeleteTrail
                Resource: "*"
                Condition:
                  DateLessThan:
                    aws:CurrentTime: "2031-01-01T00:00:00Z"
"""


@pytest.mark.parametrize(("now", "found"), [
    (BEFORE, ["user alice can DeleteTrail on 'main' when aws:CurrentTime is before 2031-01-01T00:00:00Z"]),
    (AFTER, []),
])
def test_the_run_passes_its_time_to_the_rules_and_the_report(tmp_path: Path, now: float, found: list[str]) -> None:
    (tmp_path / "stack.yaml").write_text(STACK, encoding="utf-8")
    result = run([str(tmp_path)], Config(region="us-east-1", account=ACCOUNT), [rule_by_id("TL401")], now=now)
    assert [finding.message for finding in result.findings] == found
    assert result.now == now and result.access is not None
    assert bool(result.access.requested()) is bool(found)


def test_a_run_reads_the_clock_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trail_lint import engine

    reads: list[float] = []
    monkeypatch.setattr(engine.time, "time", lambda: reads.append(BEFORE) or BEFORE)
    (tmp_path / "stack.yaml").write_text(STACK, encoding="utf-8")
    result = run([str(tmp_path)], Config(region="us-east-1", account=ACCOUNT), [rule_by_id("TL401")])
    assert reads == [BEFORE] and result.now == BEFORE
    assert [finding.rule for finding in result.findings] == ["TL401"]


# --- the Python API: Grant.when -----------------------------------------------------------------

def test_a_grant_says_when_a_request_of_the_principal_turns_it_allowed() -> None:
    from trail_lint.iam.reasons import Reasons
    result = _alice(_allow(STOP, MFA), _allow(DELETE, sid="Delete"))
    stop = result.grant(ALICE, MAIN_ARN, STOP)
    assert (stop.decision, stop.when) == (Decision.CONDITIONAL, SAID_MFA)
    # an allowed or a denied decision has no `when`; nor has a conditional one no request turns allowed
    assert result.grant(ALICE, MAIN_ARN, DELETE).when is None
    assert result.grant(ALICE, MAIN_ARN, "cloudtrail:UpdateTrail").when is None
    tagged = Condition("StringEquals", "aws:PrincipalTag/team", ("ops",))
    assert _alice(_allow(STOP, tagged)).grant(ALICE, MAIN_ARN, STOP).when is None
    # every way to a Grant says the same as AccessReport.requested
    whens = result.requested()
    for grants in (result.grants, tuple(Reasons(result).grants())):
        assert {(g.principal, g.trail, g.action): g.when for g in grants if g.when} == whens
    assert Reasons(result).grant(ALICE, MAIN_ARN, STOP).when == SAID_MFA
