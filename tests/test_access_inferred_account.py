"""The run's account inferred from other inputs (a describe-trails listing of one account) is not the
account of a trail no input ties to one: a template may be deployed in any account. A trail's ARN is
arn:partition:cloudtrail:region:account-id:trail/name (the ARN format page), and a request on it carries
that account as aws:ResourceAccount; where the account is not known, a statement naming one in a trail
ARN or a condition on aws:ResourceAccount is open on the trail, said in one TL002 naming the access rules,
and --account settles it. What the template's own holes settle (${AWS::AccountId} in the role's Resource
and in the trail's ARN) stays decided.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
"""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import account_decides_on, analyse, trail_resource
from trail_lint.iam.evaluator import Decision, ResourceArn
from trail_lint.model import UNKNOWN, Condition, Inventory, Policy, Principal, PrincipalKind, Statement, Trail
from trail_lint.registry import all_rules

LISTED, OTHER = "111122223333", "444455556666"
STOP = "cloudtrail:StopLogging"
ACCESS_RULES = ("TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) "
                "and TL407 (deny-guardrail-gap) cannot decide: ")
NOTE = ("the account of trail 'app' is not known, so whether the accounts policy 'ops' names (in trail ARNs or "
        "aws:ResourceAccount) include it is not known (pass --account, or name the account of the stack of "
        "stack.yaml under `accounts:` in .trail-lint.yaml)")
LISTING = {"trailList": [{"Name": "audit", "TrailARN": f"arn:aws:cloudtrail:us-east-1:{LISTED}:trail/audit",
                          "HomeRegion": "us-east-1", "S3BucketName": "logs", "IsMultiRegionTrail": True,
                          "IncludeGlobalServiceEvents": True, "LogFileValidationEnabled": True}]}


def _stack(resource: str) -> str:
    """A template's trail 'app' and a role allowed to stop and start logging on ``resource``."""
    return f"""Resources:
  AppTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: app
      S3BucketName: app-logs
      IsLogging: true
      IsMultiRegionTrail: true
      EnableLogFileValidation: true
  Operator:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {{Effect: Allow, Principal: {{Service: ec2.amazonaws.com}}, Action: sts:AssumeRole}}
      Policies:
        - PolicyName: ops
          PolicyDocument:
            Statement:
              - {{Effect: Allow, Action: ["cloudtrail:StopLogging", "cloudtrail:StartLogging"], Resource: {resource}}}
"""


def _folder(folder: Path, resource: str, listing: bool = True) -> Path:
    (folder / "stack.yaml").write_text(_stack(resource))
    if listing:
        (folder / "trails.json").write_text(json.dumps(LISTING))
    return folder


def _lint(folder: Path, account: str | None = None) -> list[tuple[str, str]]:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run(["."], Config(region="us-east-1", account=account), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [(f.rule, f.message) for f in result.findings if f.rule.startswith("TL4")
            or f.rule == "TL002" and "the account of" in f.message]


def _stop_on_app(folder: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    assert main(["access", str(folder), "--region", "us-east-1", "--format", "csv", "--all", *options]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    found = {row["decision"] for row in rows if row["name"] == "Operator" and row["action"] == STOP
             and row["trail"].endswith("app")}
    assert len(found) == 1, rows
    return found.pop()


NAMED = f"arn:aws:cloudtrail:us-east-1:{LISTED}:trail/app"


@pytest.mark.parametrize("listing", [True, False], ids=["listing-of-another-account", "alone"])
def test_a_policy_naming_a_trail_arn_is_open_on_a_trail_of_no_known_account(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], listing: bool) -> None:
    # the listing's account is inferred as the run's: it is not the template trail's
    folder = _folder(tmp_path, NAMED, listing)
    assert _lint(folder) == [("TL002", ACCESS_RULES + NOTE)]
    assert _stop_on_app(folder, capsys) == "unknown"


def test_the_given_account_decides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, NAMED)
    assert _lint(folder, LISTED) == [("TL401", "role Operator can StopLogging on 'app'")]
    assert _stop_on_app(folder, capsys, "--account", LISTED) == "allowed"
    # given as another account: the ARN names another trail, which the inputs do not hold, and nothing is open
    assert _lint(folder, OTHER) == [("TL404", f"trail ARN '{NAMED}' in statement 1 of policy ops matches no known trail")]
    assert _stop_on_app(folder, capsys, "--account", OTHER) == "denied"


def test_the_templates_own_account_is_decided_without_it(tmp_path: Path) -> None:
    # ${AWS::AccountId} in the role's Resource is the trail's own account, whichever it is
    folder = _folder(tmp_path, '!Sub "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/app"')
    assert _lint(folder) == [("TL401", "role Operator can StopLogging on 'app'")]


def test_a_policy_naming_no_account_is_decided(tmp_path: Path) -> None:
    assert _lint(_folder(tmp_path, '"arn:aws:cloudtrail:us-east-1:*:trail/app"')) == [
        ("TL401", "role Operator can StopLogging on 'app'")]


# --- the analysis, on inventories built in code ----------------------------------------------------------

def _inventory(statements: tuple[Statement, ...], inferred: bool) -> Inventory:
    """A trail of no known account homed in us-east-1, a role of no known account with ``statements``, the run's
    account LISTED inferred from other inputs (or given)."""
    role = Principal(id="Operator", kind=PrincipalKind.ROLE, name="Operator",
                     inline_policies=(Policy("ops", statements),))
    return Inventory(trails=(Trail(name="app", region="us-east-1"),), principals=(role,), account=LISTED,
                     account_inferred=inferred)


@pytest.mark.parametrize("inferred", [True, False], ids=["inferred", "given"])
def test_no_arn_or_resource_account_from_an_inferred_account(inferred: bool) -> None:
    inventory = _inventory((Statement("Allow", actions=("cloudtrail:*",), resources=("*",)),), inferred)
    report = analyse(inventory)
    trail = report.trails[0]
    if inferred:
        assert report.trail_keys == ("app",) and isinstance(report.resources[0], ResourceArn)
        assert report.context_of(0).account is UNKNOWN
    else:
        assert report.trail_keys == (f"arn:aws:cloudtrail:us-east-1:{LISTED}:trail/app",)
        assert report.context_of(0).account == LISTED
    assert trail_resource(trail, inventory.given_account) == report.resources[0]


@pytest.mark.parametrize("inferred", [True, False], ids=["inferred", "given"])
def test_a_deny_on_resource_account_is_conditional_on_a_trail_of_no_known_account(inferred: bool) -> None:
    deny = Statement("Deny", actions=(STOP,), resources=("*",),
                     conditions=(Condition("StringEquals", "aws:ResourceAccount", (LISTED,)),))
    report = analyse(_inventory((Statement("Allow", actions=("cloudtrail:*",), resources=("*",)), deny), inferred))
    assert report.decision("Operator", report.trail_keys[0], STOP) is (
        Decision.CONDITIONAL if inferred else Decision.DENIED)
    # what the account does not decide stays decided
    assert report.decision("Operator", report.trail_keys[0], "cloudtrail:StartLogging") is Decision.ALLOWED
    notes = [problem.message for problem in report.unknown]
    said = ("the account of trail 'app' is not known, so whether the accounts policy 'ops' names (in trail ARNs or "
            "aws:ResourceAccount) include it is not known (pass --account, or name their accounts under `accounts:` "
            "in .trail-lint.yaml)")
    assert notes == ([said] if inferred else [])


ACCOUNTS = st.from_regex(r"[0-9]{12}", fullmatch=True)


@given(ACCOUNTS, st.sampled_from(["Resource", "NotResource"]))
def test_the_account_decides_where_an_arn_names_one(account: str, element: str) -> None:
    resource = ResourceArn(("arn", "aws", "cloudtrail", "us-east-1", UNKNOWN, "trail/app"))
    arn = f"arn:aws:cloudtrail:us-east-1:{account}:trail/app"
    named = Statement("Allow", actions=(STOP,), **({"resources": (arn,)} if element == "Resource"
                                                      else {"resources": (), "not_resources": (arn,)}))
    assert account_decides_on(named, resource)
    # a pattern leaving the account open, or naming another trail, is decided whatever the account
    assert not account_decides_on(Statement("Allow", actions=(STOP,), resources=(
        "arn:aws:cloudtrail:us-east-1:*:trail/app", f"arn:aws:cloudtrail:us-east-1:{account}:trail/other")), resource)
    # a resource whose account is known: nothing to decide
    known = ResourceArn(("arn", "aws", "cloudtrail", "us-east-1", account, "trail/app"))
    assert not account_decides_on(named, known)


# --- the log stream a trail delivers to is named by the trail's account (TL215) ----------------------------

DELIVERY = """Resources:
  AppTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: app
      S3BucketName: app-logs
      IsLogging: true
      IsMultiRegionTrail: true
      EnableLogFileValidation: true
      CloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:111122223333:log-group:ct:*"
      CloudWatchLogsRoleArn: !GetAtt DeliveryRole.Arn
  DeliveryRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: cloudtrail.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: deliver
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"]
                Resource: "arn:aws:logs:us-east-1:111122223333:log-group:ct:log-stream:111122223333_CloudTrail_us-east-1*"
"""


@pytest.mark.parametrize(("account", "expected"), [
    (None, "TL002"), (LISTED, None), (OTHER, "TL215")], ids=["inferred", "given", "given-another"])
def test_the_log_stream_is_not_named_by_an_inferred_account(tmp_path: Path, account: str | None,
                                                            expected: str | None) -> None:
    # CloudTrail names the stream ACCOUNT_CloudTrail_REGION by the trail's account: with it only inferred
    # from the listing, whether the role's Resource covers the stream is not known
    (tmp_path / "stack.yaml").write_text(DELIVERY)
    (tmp_path / "trails.json").write_text(json.dumps(LISTING))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = run(["."], Config(region="us-east-1", account=account), all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    found = [f.rule for f in result.findings if f.rule == "TL215" or f.rule == "TL002" and "TL215" in f.message]
    assert found == ([expected] if expected else [])
