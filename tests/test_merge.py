"""`trail-lint merge`: the findings JSON of several runs (a CI matrix) as one report."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.commands.reporting import exit_status
from trail_lint.finding import Finding, SharedCause
from trail_lint.fingerprint import fingerprint
from trail_lint.merge import MergeError, merge, read_output
from trail_lint.organization import AccountSummary, OrganizationSummary, RegionSummary
from trail_lint.problems import and_others
from trail_lint.report import FORMATS, render
from trail_lint.rule import Severity
from trail_lint.severity import FAIL_ON

ROOT = Path(__file__).resolve().parents[1]
FINDINGS_SCHEMA = json.loads((ROOT / "schemas" / "findings.schema.json").read_text())


def finding(rule: str = "TL302", line: int = 1, file: str = "a.json", severity: Severity = Severity.ERROR,
            suppressed: str | None = None, message: str = "log file validation is disabled for trail 'a'",
            fingerprint: str = "0" * 32) -> Finding:
    return Finding(rule, "log-file-validation-disabled", severity, message, file, line, 3, resource="a",
                   account="111122223333", region="us-east-1", fingerprint=fingerprint, suppressed=suppressed)


def output_json(findings, organization=None, structure=False, **summary) -> str:
    """A run's findings JSON, as `trail-lint --format json` writes it; ``organization``: its accounts,
    ``structure``: whether its inputs held an organization's structure."""
    return render("json", sorted(findings, key=lambda f: f.sort_key), (), tool_version="0.1.0",
                  summary_extra=summary,
                  organization=None if organization is None else OrganizationSummary(tuple(organization), structure))


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path.name)


def merged_findings(*texts: str):
    return merge([read_output(f"part{i}.json", text.encode()) for i, text in enumerate(texts)]).findings


def account(number: str = "111122223333", trails: int | None = 2, ou: str | None = "ou-ab12-prod") -> AccountSummary:
    return AccountSummary(number, "prod", ou, (
        RegionSummary("eu-west-1", trails=1, paid_copies=0, logging_off=0),
        RegionSummary("us-east-1", trails=trails, paid_copies=1 if trails else None, logging_off=0,
                      unknown=() if trails else ("describe-trails failed",)),
    ))


# --- one lint, merged alone, is the lint's report --------------------------------------------------

def six_trails(directory: Path, account_id: str = "111122223333", bucket: str = "") -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "trails.json").write_text(json.dumps({"trailList": [{
        "Name": f"team-{i}", "S3BucketName": bucket or f"logs-{account_id}", "IsMultiRegionTrail": False,
        "HomeRegion": "us-east-1",
        "TrailARN": f"arn:aws:cloudtrail:us-east-1:{account_id}:trail/team-{i}",
        "LogFileValidationEnabled": i != 0, "IncludeGlobalServiceEvents": True} for i in range(6)]}, indent=2))


@pytest.mark.parametrize("fmt", [f for f in FORMATS])
def test_one_lint_merged_alone_is_the_lints_report(workdir: Path, capsys: pytest.CaptureFixture[str],
                                                    fmt: str) -> None:
    six_trails(workdir / "infra")
    lint_status = main(["infra", "-o", "json:part.json", "--format", fmt, "--no-color"])
    lint_report = capsys.readouterr().out
    assert main(["merge", "part.json", "--format", fmt, "--no-color"]) == lint_status == 1
    assert capsys.readouterr().out == lint_report


def test_two_accounts_linted_apart_merge_to_the_report_of_one_lint(workdir: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    six_trails(workdir / "accounts" / "a")
    six_trails(workdir / "accounts" / "b", "444455556666")
    assert main(["accounts", "--format", "json", "--output", "whole.json"]) == 1
    assert main(["accounts/a", "--format", "json", "--output", "a.json"]) == 1
    assert main(["accounts/b", "--format", "json", "--output", "b.json"]) == 1
    capsys.readouterr()
    assert main(["merge", "b.json", "a.json", "--format", "json"]) == 1
    assert capsys.readouterr().out == (workdir / "whole.json").read_text()


def test_a_missing_bucket_shared_by_two_parts_is_said_once_counting_every_trail(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Bucket names are global: one lint of both accounts says "not in the inputs" once for the shared bucket,
    # at the first trail naming it; each part says it of its own trails, and the merge counts them all.
    six_trails(workdir / "accounts" / "a", bucket="central-logs")
    six_trails(workdir / "accounts" / "b", "444455556666", bucket="central-logs")
    main(["accounts", "--format", "json", "--output", "whole.json"])
    main(["accounts/a", "--format", "json", "--output", "a.json"])
    main(["accounts/b", "--format", "json", "--output", "b.json"])
    capsys.readouterr()

    def missing(report: str) -> list[tuple[str, str]]:
        return [(f["file"], f["message"].split(": ", 1)[1]) for f in json.loads(report)["findings"]
                if "log bucket" in f["message"]]
    assert missing((workdir / "a.json").read_text()) == [
        ("accounts/a/trails.json", "log bucket 'central-logs' of trail 'team-0' (and 5 other trails) is not in the inputs")]
    assert missing((workdir / "whole.json").read_text()) == [
        ("accounts/a/trails.json", "log bucket 'central-logs' of trail 'team-0' (and 11 other trails) is not in the inputs")]
    for order in (["b.json", "a.json"], ["a.json", "b.json"]):
        main(["merge", *order, "--format", "json"])
        assert capsys.readouterr().out == (workdir / "whole.json").read_text()
    # a part merged twice adds no trail
    a, b = ((workdir / name).read_text() for name in ("a.json", "b.json"))
    assert merged_findings(a, b, a) == merged_findings(a, b)


# A module whose trust policy names CloudTrail by the partition's DNS suffix, in a provider
# configuration without a Region: one statement that each instance's role holds.
_LOGS_MODULE = {"iam.tf": """
data "aws_partition" "current" {}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.${data.aws_partition.current.dns_suffix}"]
    }
  }
}
resource "aws_iam_role" "logs" {
  name               = "${var.name}-logs"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
""", "main.tf": """
variable "name" {}
resource "aws_cloudwatch_log_group" "trail" {
  name = var.name
}
resource "aws_cloudtrail" "trail" {
  name                       = var.name
  s3_bucket_name             = "central-logs"
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.logs.arn
}
"""}


def test_one_statement_that_leaves_several_roles_open_is_one_tl002_in_parts_and_merged(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The roles of three module instances hold the one trust statement of their module: one TL002
    at it, naming the first role and trail and counting the other trails, in one lint and in the
    merge of roots linted apart."""
    for name, text in _LOGS_MODULE.items():
        write((workdir / "modules" / "logs").mkdir(parents=True, exist_ok=True) or workdir / "modules" / "logs" / name,
              text)
    for root, names in (("a", ("alpha", "beta")), ("b", ("gamma",))):
        (workdir / root).mkdir()
        write(workdir / root / "main.tf", "".join(
            f'module "{name}" {{\n  source = "../modules/logs"\n  name   = "{name}"\n}}\n' for name in names))
    options = ["--select", "TL215,TL002", "--fail-on", "never", "--format", "json"]
    main(["a", "b", *options, "--output", "whole.json"])
    main(["a", *options, "--output", "a.json"])
    main(["b", *options, "--output", "b.json"])
    capsys.readouterr()

    def open_roles(report: str) -> list[tuple[str, int, str]]:
        return [(f["file"], f["line"], f["message"]) for f in json.loads(report)["findings"] if "TL215" in f["message"]]
    said = "TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: CloudWatch Logs role " \
           "'module.alpha.aws_iam_role.logs' of trail 'alpha'{} may not let CloudTrail assume it: statement 1: " \
           "Principal not known"
    assert open_roles((workdir / "whole.json").read_text()) == [
        ("modules/logs/iam.tf", 4, said.format(" (and 2 other trails)"))]
    assert open_roles((workdir / "a.json").read_text()) == [
        ("modules/logs/iam.tf", 4, said.format(" (and 1 other trail)"))]
    for order in (["b.json", "a.json"], ["a.json", "b.json"]):
        main(["merge", *order, "--format", "json"])
        assert open_roles(capsys.readouterr().out) == open_roles((workdir / "whole.json").read_text())


def test_one_trail_of_a_part_is_counted_with_the_others_of_the_merge(workdir: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The management account's part, whose one trail naming the bucket is the first of all, says no
    count; the merge puts the count where it goes. The organization trail, which each member lists, is
    one trail however many parts hold a copy, and a member's part places the finding at its own trail."""
    _listing(workdir / "a-management" / "trails.json", "999999999999", "local")
    _listing(workdir / "b-member" / "trails.json", "111122223333", "team")
    _listing(workdir / "c-member" / "trails.json", "444455556666", "other")
    for listing in workdir.rglob("trails.json"):
        text = listing.read_text()
        for name in ("organization", "team", "other"):
            text = text.replace(f'"logs-{name}"', '"central-logs"')
        listing.write_text(text)
    parts = ["a-management", "b-member", "c-member"]
    main([*parts, "--fail-on", "never", "--format", "json", "--output", "all.json"])
    for part in parts:
        main([part, "--fail-on", "never", "--format", "json", "--output", f"{part}.json"])
    capsys.readouterr()

    def missing(name: str) -> list[tuple[str, str, list[str]]]:
        # the trails by ARN, sorted: by account, then name
        return [(f["file"], f["message"].split(": ", 1)[1], [t.rsplit("/")[-1] for t in f["shared_cause"]["trails"]])
                for f in json.loads((workdir / name).read_text())["findings"] if "'central-logs'" in f["message"]]
    assert missing("a-management.json") == [("a-management/trails.json",
                                             "log bucket 'central-logs' of trail 'organization' is not in the inputs",
                                             ["organization"])]
    assert missing("b-member.json") == [("b-member/trails.json", (
        "log bucket 'central-logs' of trail 'team' (and 1 other trail) is not in the inputs"), ["team", "organization"])]
    assert missing("all.json") == [("a-management/trails.json", (
        "log bucket 'central-logs' of trail 'organization' (and 2 other trails) is not in the inputs"),
        ["team", "other", "organization"])]
    main(["merge", "c-member.json", "b-member.json", "a-management.json", "--format", "json"])
    assert capsys.readouterr().out == (workdir / "all.json").read_text()


def test_a_missing_log_group_of_the_organization_trail_is_said_once_at_its_home_copy(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The organization trail and a trail of the management account send to one log group no input
    defines: each member's part names it at its shadow copy of the organization trail, one lint once at
    the home copy, counting both; the merge of the parts says what one lint says."""
    group = "arn:aws:logs:us-east-1:999999999999:log-group:org-trail:*"
    _listing(workdir / "a-management" / "trails.json", "999999999999", "local")
    _listing(workdir / "b-member" / "trails.json", "111122223333", "team")
    _listing(workdir / "c-member" / "trails.json", "444455556666", "other")
    for listing in workdir.rglob("trails.json"):
        trails = json.loads(listing.read_text())
        for trail in trails["trailList"]:
            if trail["TrailARN"].split(":")[4] == "999999999999":
                trail["CloudWatchLogsLogGroupArn"] = group
                trail["CloudWatchLogsRoleArn"] = "arn:aws:iam::999999999999:role/trail-to-logs"
        listing.write_text(json.dumps(trails, indent=2))
    parts = ["a-management", "b-member", "c-member"]
    main([*parts, "--fail-on", "never", "--format", "json", "--output", "all.json"])
    for part in parts:
        main([part, "--fail-on", "never", "--format", "json", "--output", f"{part}.json"])
    capsys.readouterr()

    def missing(name: str) -> list[tuple[str, str, bool]]:
        return [(f["file"], f["message"].split(": ", 1)[1], f.get("shadow", False))
                for f in json.loads((workdir / name).read_text())["findings"] if "log group 'org-trail'" in f["message"]]
    said = "log group 'org-trail' of trail 'organization'{} is not in the inputs: its metric filters and alarms are not checked"
    assert missing("all.json") == [("a-management/trails.json", said.format(" (and 1 other trail)"), False)]
    assert missing("b-member.json") == [("b-member/trails.json", said.format(""), True)]
    main(["merge", "c-member.json", "b-member.json", "a-management.json", "--format", "json"])
    assert capsys.readouterr().out == (workdir / "all.json").read_text()


# --- combining ------------------------------------------------------------------------------------

def test_a_finding_reported_by_two_runs_is_reported_once() -> None:
    shared, own = finding(line=1), finding(line=9, fingerprint="1" * 32)
    assert merged_findings(output_json([shared]), output_json([shared, own])) == (shared, own)


def test_a_finding_one_run_reported_twice_stays_twice() -> None:
    twice = [finding(), finding()]
    assert merged_findings(output_json(twice)) == tuple(twice)
    assert merged_findings(output_json(twice), output_json(twice[:1])) == tuple(twice)


def test_same_fingerprint_and_line_but_another_message_is_another_finding() -> None:
    first, second = finding(message="a"), finding(message="b")
    assert merged_findings(output_json([first]), output_json([second])) == (first, second)


@pytest.mark.parametrize("copies, kept", [
    ([finding(suppressed="config: sandbox"), finding()], finding()),
    ([finding(suppressed="inline: b"), finding(suppressed="baseline")], finding(suppressed="baseline")),
    ([finding(severity=Severity.WARNING), finding(severity=Severity.ERROR)], finding(severity=Severity.ERROR)),
])
def test_copies_that_differ_in_severity_or_suppression_keep_the_one_that_counts_most(copies, kept) -> None:
    parts = [output_json([copy]) for copy in copies]
    assert merged_findings(*parts) == merged_findings(*reversed(parts)) == (kept,)


def test_suppressed_findings_stay_suppressed_and_do_not_fail(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "a.json", output_json([finding(suppressed="inline: sandbox")]))
    assert main(["merge", "a.json", "--format", "json"]) == 0
    [kept] = json.loads(capsys.readouterr().out)["findings"]
    assert kept["suppressed"] == "inline: sandbox"


def test_summary_counts_are_summed_when_every_run_gives_them() -> None:
    def outputs(*summaries):
        return merge([read_output(f"{i}.json", output_json([], **s).encode()) for i, s in enumerate(summaries)])

    whole = outputs({"files_checked": 3, "inputs": 2}, {"files_checked": 4, "inputs": 1})
    assert (whole.files_checked, whole.inputs) == (7, 3)
    partial = outputs({"files_checked": 3, "inputs": 2}, {})
    assert (partial.files_checked, partial.inputs) == (None, None)


# --- exit status and formats ----------------------------------------------------------------------

@pytest.mark.parametrize("argv, config, status", [
    ([], None, 0),
    (["--fail-on", "warning"], None, 1),
    ([], "fail-on: warning\n", 1),
    (["--fail-on", "never"], "fail-on: warning\n", 0),
])
def test_exit_status_follows_fail_on_and_the_configuration(workdir: Path, capsys: pytest.CaptureFixture[str],
                                                            argv, config, status) -> None:
    if config:
        (workdir / ".trail-lint.yaml").write_text(config)
    write(workdir / "a.json", output_json([finding(severity=Severity.WARNING)]))
    assert main(["merge", "a.json", "-q", *argv]) == status


def test_every_report_of_a_merge_is_written_once(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    write(workdir / "a.json", output_json([finding()]))
    write(workdir / "b.json", output_json([finding(file="b.json")]))
    assert main(["merge", "a.json", "b.json", "--format", "parsable", "-o", "sarif:m.sarif",
                 "-o", "json:m.json", "-o", "junit:m.xml", "-o", "gitlab:m.gl.json"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "a.json:1:3: TL302 log file validation is disabled for trail 'a'",
        "b.json:1:3: TL302 log file validation is disabled for trail 'a'"]
    sarif = json.loads((workdir / "m.sarif").read_text())
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]] \
        == ["a.json", "b.json"]
    document = json.loads((workdir / "m.json").read_text())
    jsonschema.validate(document, FINDINGS_SCHEMA)
    assert "organization" not in document
    assert len(json.loads((workdir / "m.gl.json").read_text())) == 2
    assert (workdir / "m.xml").read_text().count("<failure") == 2


def test_a_run_with_user_rules_merges(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "trail.json").write_text(json.dumps({"trailList": [{
        "Name": "team", "S3BucketName": "team-logs", "IsMultiRegionTrail": True, "HomeRegion": "us-east-1",
        "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/team", "LogFileValidationEnabled": True}]}))
    main(["trail.json", "--rules-dir", str(ROOT / "examples" / "user-rules"), "--select", "ORG-001",
          "--format", "json", "--output", "part.json"])
    assert [f["rule"] for f in json.loads((workdir / "part.json").read_text())["findings"]] == ["ORG-001"]
    assert main(["merge", "part.json", "--format", "parsable"]) == 1
    assert capsys.readouterr().out.startswith("trail.json:1:")


# --- inputs that are not findings JSON ------------------------------------------------------------

GOOD = output_json([finding()])


@pytest.mark.parametrize("text, expected", [
    ('{"schema": "trail-lint/findings/v1",\n  "tool": ', "bad.json:2:11: "),
    ("", "bad.json:1:1: "),
    ('{"schema": "trail-lint/findings/v2", "findings": []}',
     ("bad.json:1:2: findings JSON of another version, 'trail-lint/findings/v2': this trail-lint reads "
      "trail-lint/findings/v1")),
    ('{\n  "schema": "trail-lint/inventory/v1"}',
     ("bad.json:2:3: a 'trail-lint/inventory/v1' document: expected the output of `trail-lint --format json` "
      '("schema": "trail-lint/findings/v1")')),
    ('[1, 2]', "bad.json:1:1: not a findings JSON"),
    (GOOD.replace('"line": 1,', '"line": 0,'), "bad.json:5:162: findings.0.line: 0 is less than the minimum of 1"),
    (GOOD.replace('"summary": {', '"extra": 1, "summary": {'), "bad.json:7:3: the document: unknown key 'extra'"),
    (GOOD.replace('"column": 3,', '"column": 3, "col": 3,'), "bad.json:5:186: findings.0: unknown key 'col'"),
    (GOOD.replace('"rule": "TL302"', '"rule": "302"'), "bad.json:5:6: findings.0.rule: '302' does not match"),
])
def test_an_input_that_is_not_findings_json_stops_the_merge_with_its_place(
        workdir: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str) -> None:
    write(workdir / "bad.json", text)
    write(workdir / "good.json", GOOD)
    assert main(["merge", "good.json", "bad.json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"trail-lint: error: {expected}"), captured.err
    assert "Traceback" not in captured.err and captured.err.count("\n") == 1


def test_every_input_that_cannot_be_merged_is_named(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "a.json", "{")
    assert main(["merge", "a.json", "missing.json", str(workdir)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "trail-lint: error: a.json:1:2: invalid JSON (truncated?): Expecting property name enclosed in double quotes",
        "trail-lint: error: missing.json: no such file",
        f"trail-lint: error: {workdir}: is a directory"]


def test_a_json_file_is_never_read_as_yaml(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "part", "schema: trail-lint/findings/v1\n")
    assert main(["merge", "part"]) == 2
    assert capsys.readouterr().err.startswith("trail-lint: error: part:1:1: ")


def test_standard_input_is_dash(workdir: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    write(workdir / "b.json", output_json([finding(file="b.json")]))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    assert main(["merge", "-", "b.json", "--format", "parsable"]) == 1
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines()] == ["a.json", "b.json"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{]")))
    assert main(["merge", "-"]) == 2
    assert capsys.readouterr().err.startswith("trail-lint: error: <stdin>:1:2: ")
    assert main(["merge", "-", "-"]) == 2
    assert "once" in capsys.readouterr().err


# --- organization summaries -----------------------------------------------------------------------

def test_accounts_are_united_by_account_and_an_equal_one_is_kept_once(workdir: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    write(workdir / "a.json", output_json([], organization=[account("222233334444"), account()]))
    write(workdir / "b.json", output_json([], organization=[account()]))
    write(workdir / "c.json", output_json([]))
    assert main(["merge", "b.json", "c.json", "a.json", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, FINDINGS_SCHEMA)
    assert [entry["account"] for entry in document["organization"]["accounts"]] == ["111122223333", "222233334444"]
    assert document["organization"]["accounts"][0] == {
        "account": "111122223333", "name": "prod", "ou": "ou-ab12-prod", "read": True, "regions": [
            {"region": "eu-west-1", "trails": 1, "quota": 5, "paid_copies": 0, "logging_off": 0, "unknown": []},
            {"region": "us-east-1", "trails": 2, "quota": 5, "paid_copies": 1, "logging_off": 0, "unknown": []}]}


def test_regions_listed_in_another_order_are_the_same_account() -> None:
    same = account()
    reordered = json.loads(output_json([], organization=[same]))
    reordered["organization"]["accounts"][0]["regions"].reverse()
    parts = [read_output("a.json", output_json([], organization=[same]).encode()),
             read_output("b.json", json.dumps(reordered).encode())]
    assert merge(parts).organization == OrganizationSummary((same,))


def test_one_account_summarised_differently_by_two_runs_stops_the_merge(workdir: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "a.json", output_json([finding()], organization=[account("222233334444"), account()]))
    write(workdir / "b.json", output_json([], organization=[account(trails=None, ou=None)]))
    assert main(["merge", "a.json", "b.json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "trail-lint: error: b.json:5:33: account 111122223333 differs from the one in a.json:7:329: "
        'ou "ou-ab12-prod" against null, us-east-1 trails 2 against null, us-east-1 paid_copies 1 against null, '
        'us-east-1 unknown [] against ["describe-trails failed"]; each account must be summarised by one run\n')


def test_organization_without_accounts_is_kept_empty() -> None:
    parts = [read_output("a.json", output_json([], organization=[]).encode())]
    assert merge(parts).organization == OrganizationSummary(())
    assert json.loads(output_json([], organization=[]))["organization"] == {"accounts": [], "structure": False}


def _ou_snapshot(root: Path, ou: str, accounts: dict[str, list[str]]) -> None:
    """A snapshot of one OU's accounts, as `trail-lint collect --ou OU` writes it: the OU's listings
    (an organization's structure) and each account's trails (account -> names of its trails in us-east-1)."""
    from trail_lint.snapshot import SCHEMA, organization_file, region_file

    def put(place: str, document: object) -> None:
        (root / place).parent.mkdir(parents=True, exist_ok=True)
        (root / place).write_text(json.dumps(document))

    arn = "arn:aws:organizations::111122223333:account/o-abcdefghij/"
    put("manifest.json", {
        "schema": SCHEMA, "caller": "arn:aws:iam::111122223333:user/a", "started": "2026-12-01T10:00:00Z",
        "organization": {"id": "o-abcdefghij", "management_account": "111122223333", "structure": True},
        "accounts": [{"id": account, "name": f"team-{account[:2]}", "regions": ["us-east-1"]} for account in accounts],
        "failures": []})
    put(organization_file("list-organizational-units-for-parent", parent=ou), {"OrganizationalUnits": []})
    put(organization_file("list-accounts-for-parent", parent=ou), {"Accounts": [
        {"Id": account, "Name": f"team-{account[:2]}", "Arn": arn + account} for account in accounts]})
    for account, names in accounts.items():
        put(region_file(account, "us-east-1", "describe-trails"), {"trailList": [{
            "Name": name, "S3BucketName": f"logs-{account}", "IsMultiRegionTrail": False, "HomeRegion": "us-east-1",
            "TrailARN": f"arn:aws:cloudtrail:us-east-1:{account}:trail/{name}", "LogFileValidationEnabled": False,
            "IncludeGlobalServiceEvents": True} for name in names]})


@pytest.mark.parametrize("ous", [
    {"ou-ab12-prod": {"444455556666": ["prod"]}},                       # one account: the table shows for its OU
    {"ou-ab12-prod": {"444455556666": ["prod"]}, "ou-ab12-empty": {}},   # ... also beside an OU of no account
    {"ou-ab12-prod": {"444455556666": ["prod", "audit"]}, "ou-ab12-dev": {"777788889999": ["dev"]}},
])
def test_parts_of_an_organization_merge_to_the_report_of_one_lint(workdir: Path, capsys: pytest.CaptureFixture[str],
                                                                   ous: dict[str, dict[str, list[str]]]) -> None:
    """One run per OU snapshot (each an organization's structure), merged, is the text report of one lint
    of every part: the organization table is shown even for one account, as a single run shows it."""
    for ou, accounts in ous.items():
        _ou_snapshot(workdir / "snapshots" / ou, ou, accounts)
    parts = [f"snapshots/{ou}" for ou in ous]
    for part in parts:
        main([part, "--fail-on", "never", "--format", "json", "--output", f"{part}.json"])
    capsys.readouterr()
    whole = main([*parts, "--format", "text", "--no-color"])
    single = capsys.readouterr().out
    assert "Organization summary" in single
    assert main(["merge", *(f"{part}.json" for part in parts), "--format", "text", "--no-color"]) == whole
    assert capsys.readouterr().out == single
    # a part of a run without the organization's structure (its files before the key was added) still
    # merges; the table of one account then shows only if another part read a structure
    old = json.loads((workdir / f"{parts[0]}.json").read_text())
    del old["organization"]["structure"]
    (workdir / "old.json").write_text(json.dumps(old))
    assert read_output("old.json", (workdir / "old.json").read_bytes()).structure is False


def _generated_snapshot(root: Path, management: str | None = None, member_trails: str | None = None) -> list[str]:
    """A generated organization snapshot of 4 accounts in 2 Regions, one Region of one account
    throttled (recorded in the manifest, its listing absent); its account IDs, sorted.
    ``management``: the management account's ID instead of the generator's (which sorts first);
    ``member_trails``: the accounts' own trails named so (which sorts after the organization trail)."""
    from benchmark_scripts import load_script

    load_script("generate_snapshot").write(root, 4, regions=2, trails=3, roles=2)
    renames = [(old, new) for old, new in (("100000000000", management), ("account-trail", member_trails)) if new]
    for old, new in renames:
        for path in sorted(root.rglob(f"*{old}*"), key=lambda p: -len(p.parts)):      # deepest first
            path.rename(path.with_name(path.name.replace(old, new)))
        for path in root.rglob("*.json"):
            path.write_text(path.read_text().replace(old, new))
    for listing in root.rglob("describe-trails.json"):
        # the organization trail's selectors are its own: members' parts know them only from its files
        trails = json.loads(listing.read_text())
        for trail in trails["trailList"]:
            trail["HasCustomEventSelectors"] = trail["HasCustomEventSelectors"] or trail["IsOrganizationTrail"]
        listing.write_text(json.dumps(trails, indent=4))
    manifest = json.loads((root / "manifest.json").read_text())
    accounts = sorted(entry["id"] for entry in manifest["accounts"])
    throttled = accounts[2]
    manifest["failures"] = [{"account": throttled, "region": "us-east-2", "call": "cloudtrail:DescribeTrails",
                             "target": None, "code": "ThrottlingException", "message": "Rate exceeded"}]
    (root / "manifest.json").write_text(json.dumps(manifest))
    shutil.rmtree(root / "accounts" / throttled / "us-east-2")
    return accounts


INTENTS = """access:
  - principals: ["*"]
    trails: ["*"]
    may: [view]
    must_not: [stop, delete]
"""


def _shared_causes(root: Path) -> None:
    """Causes that trails of many accounts share, in a generated snapshot: every trail delivers to one
    central log archive bucket that is not in the inputs (TL002), the guardrail SCP protects only the
    organization trail, without a condition, and is attached to the root too (TL407: every member's
    trails are missed). The access intents to check (TL405) are in ``INTENTS``."""
    for listing in root.rglob("describe-trails.json"):
        trails = json.loads(listing.read_text())
        for trail in trails["trailList"]:
            trail["S3BucketName"] = "central-log-archive"
        listing.write_text(json.dumps(trails, indent=4))
    policy = root / "organization" / "policies" / "p-guardtrail"
    described = json.loads((policy / "describe-policy.json").read_text())
    content = json.loads(described["Policy"]["Content"])
    del content["Statement"][0]["Condition"]
    described["Policy"]["Content"] = json.dumps(content)
    (policy / "describe-policy.json").write_text(json.dumps(described, indent=4))
    targets = json.loads((root / "organization" / "list-roots.json").read_text())["Roots"]
    listed = json.loads((policy / "list-targets-for-policy.json").read_text())
    listed["Targets"].append({"TargetId": targets[0]["Id"], "Arn": targets[0]["Arn"], "Name": "Root", "Type": "ROOT"})
    (policy / "list-targets-for-policy.json").write_text(json.dumps(listed, indent=4))


def _table(text_report: str) -> str:
    return text_report[text_report.index("Organization summary"):]


def test_a_snapshot_copied_per_account_merges_to_the_report_of_one_lint(
        workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """One part per account, as a CI matrix job gets it (the manifest, the whole organization/, the
    organization trail's directory and that account's accounts/<id>/, copied), each linted from its
    own directory, named as one lint of the whole names them: every part sees the other
    accounts in the manifest only, and the management account through its organization trail's shadow
    copies; each account's own part has its row, so the parts merge into the table of one lint."""
    accounts = _generated_snapshot(workdir / "whole")
    for account in accounts:
        part = workdir / "parts" / account
        part.mkdir(parents=True)
        shutil.copy(workdir / "whole" / "manifest.json", part)
        shutil.copytree(workdir / "whole" / "organization", part / "organization")
        organization_trail = Path("accounts", accounts[0], "us-east-1", "trails", "organization-audit")
        shutil.copytree(workdir / "whole" / organization_trail, part / organization_trail)
        shutil.copytree(workdir / "whole" / "accounts" / account, part / "accounts" / account, dirs_exist_ok=True)
        monkeypatch.chdir(part)
        main([".", "--fail-on", "never", "--format", "json", "--output", str(workdir / f"{account}.json")])
    monkeypatch.chdir(workdir / "whole")
    main([".", "--fail-on", "never", "--format", "text", "--no-color"])
    single = capsys.readouterr().out
    main([".", "--fail-on", "never", "--format", "json"])
    whole_json = capsys.readouterr().out
    whole = json.loads(whole_json)["organization"]

    management, member = (json.loads((workdir / f"{a}.json").read_text())["organization"] for a in accounts[:2])
    assert [(a["account"], a["read"]) for a in member["accounts"]] == [(a, a == accounts[1]) for a in accounts]
    assert management["accounts"][0] != member["accounts"][0]      # the management account seen from a member
    assert [a["read"] for a in whole["accounts"]] == [True, True, True, True]

    parts = [str(workdir / f"{account}.json") for account in accounts]
    for order in (parts, parts[::-1]):
        assert main(["merge", *order, "--format", "json"]) == 1
        # copied into directories of the same layout, each part names its files as the one lint does
        assert capsys.readouterr().out == whole_json
        assert main(["merge", *order, "--format", "text", "--no-color"]) == 1
        assert _table(capsys.readouterr().out) == _table(single)
    assert "ThrottlingException" in _table(single)


@pytest.mark.parametrize("management, member_trails", [
    (None, None),
    ("999999999999", None),                 # the management account's files sort after every member's
    ("999999999999", "zz-trail"),           # members' own trails sort after the organization trail
])
@pytest.mark.parametrize("per_part", [1, 3])     # one part per account; parts of several accounts (an OU)
def test_a_snapshot_split_into_parts_merges_to_the_findings_json_of_one_lint(
        workdir: Path, capsys: pytest.CaptureFixture[str], management: str | None, member_trails: str | None,
        per_part: int) -> None:
    """The parts README shows (the manifest, the whole organization/, the organization trail's own
    directory and some accounts' accounts/<id>/, named as paths into the one snapshot) merge into
    exactly the findings JSON of one lint of the snapshot: every finding, the organization table and
    the counts, byte for byte.

    What makes it so: a member's part holds the organization trail only as the shadow copy in its
    own describe-trails listings, where its findings say ``"shadow": true`` and the merge keeps the
    one the management account's part reports at the home copy; findings about one account's trails
    are placed at a trail of its own; "all N trails" counts the trails a principal's account holds;
    the manifest and organization/, which every part reads, are counted once; a cause that trails
    of several parts share (a log bucket missing from the inputs) is one finding counting every part's
    trails (``shared_cause``); access intents (TL405) are checked on the trails of each principal's
    account, and a Deny guardrail's gaps (TL407) are said per account."""
    accounts = _generated_snapshot(workdir / "snapshot", management, member_trails)
    _shared_causes(workdir / "snapshot")
    (workdir / ".trail-lint.yaml").write_text(INTENTS)
    main(["snapshot", "--fail-on", "never", "--format", "json", "--output", "whole.json"])
    groups = [accounts[i:i + per_part] for i in range(0, len(accounts), per_part)]
    home = "snapshot/accounts/" + (management or accounts[0])
    for index, group in enumerate(groups):
        main(["snapshot/manifest.json", "snapshot/organization", f"{home}/us-east-1/trails/organization-audit",
              *(f"snapshot/accounts/{a}" for a in group),
              "--fail-on", "never", "--format", "json", "--output", f"part-{index}.json"])
    capsys.readouterr()
    whole = (workdir / "whole.json").read_text()
    parts = [f"part-{index}.json" for index in range(len(groups))]
    organization_trail = [f for f in json.loads(whole)["findings"] if f["resource"].endswith(":trail/organization-audit")]
    assert organization_trail and all(f["file"].startswith(home) for f in organization_trail)
    assert all("shadow" not in f for f in json.loads(whole)["findings"])
    shadows = [f for part in parts for f in json.loads((workdir / part).read_text())["findings"] if f.get("shadow")]
    assert shadows and all(not f["file"].startswith(home) for f in shadows)
    # the situations are there: one missing bucket for the trails of every account, said by every part
    # of its own trails; TL407 for the trails of each member account at the one guardrail; TL405 in
    # every account
    findings = json.loads(whole)["findings"]
    def bucket_cause(finding: dict[str, Any]) -> bool:
        return finding.get("shared_cause", {}).get("key", "").startswith("log-bucket:")
    [bucket] = [f for f in findings if bucket_cause(f)]
    assert bucket["shared_cause"]["key"] == "log-bucket:aws:central-log-archive"
    assert {trail.split(":")[4] for trail in bucket["shared_cause"]["trails"]} == set(accounts)
    copies = [f for part in parts for f in json.loads((workdir / part).read_text())["findings"] if bucket_cause(f)]
    assert len(copies) == len(parts) and all(len(c["shared_cause"]["trails"]) < len(bucket["shared_cause"]["trails"])
                                             for c in copies)
    members = set(accounts) - {management or accounts[0]}
    assert {f["account"] for f in findings if f["rule"] == "TL407" and "ProtectOrganizationTrail" in f["message"]} \
        == members
    assert {f["account"] for f in findings if f["rule"] == "TL405"} == set(accounts)
    for order in (parts, parts[::-1]):
        assert main(["merge", *order, "--format", "json"]) == 1
        assert capsys.readouterr().out == whole
    summary = json.loads(whole)["summary"]
    part_summaries = [json.loads((workdir / part).read_text())["summary"] for part in parts]
    assert sum(s["files_checked"] for s in part_summaries) > summary["files_checked"]
    assert {"snapshot/manifest.json", f"{home}/us-east-1/trails/organization-audit/get-event-selectors.json"} \
        <= set(summary["shared"]["inputs"])


@pytest.mark.parametrize("management", [None, "999999999999"])
def test_access_grouped_by_account_in_each_part_is_that_accounts_in_one_run(
        workdir: Path, capsys: pytest.CaptureFixture[str], management: str | None) -> None:
    """`trail-lint access --group-by account` of the part of one account gives that account's entry
    of one run over the snapshot: its principals, trails and grants, each grant's statements cited
    in the account's own files (an AWS managed policy is in every account's authorization details)."""
    accounts = _generated_snapshot(workdir / "snapshot", management)
    organization_trail = f"snapshot/accounts/{management or accounts[0]}/us-east-1/trails/organization-audit"
    main(["access", "snapshot", "--group-by", "account", "--format", "json", "--output", "whole.json"])
    whole = {entry["account"]: entry for entry in json.loads((workdir / "whole.json").read_text())["accounts"]}
    assert set(whole) == set(accounts)
    for account in accounts:
        main(["access", "snapshot/manifest.json", "snapshot/organization", organization_trail,
              f"snapshot/accounts/{account}", "--group-by", "account", "--format", "json", "--output", "part.json"])
        part = {entry["account"]: entry for entry in json.loads((workdir / "part.json").read_text())["accounts"]}
        assert part[account] == whole[account]
        # FullAWSAccess, which Organizations attaches, is in no file: it is cited as AWS's own policy;
        # nor is what the root user may do by itself
        cited = {because["file"] for grant in part[account]["grants"] for because in grant["because"]
                 if because["file"] not in ("", "<aws managed policies>", "<root user>")}
        assert cited and all(file.startswith((f"snapshot/accounts/{account}/", "snapshot/organization/"))
                             for file in cited)
    capsys.readouterr()


def test_a_part_without_the_home_copy_keeps_the_first_shadow_copy(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without the management account's part, the organization trail's findings are kept once, at the
    shadow copy one lint of the same accounts places them at (the first file), and say so."""
    accounts = _generated_snapshot(workdir / "snapshot", "999999999999")
    members = accounts[:-1]
    organization_trail = "snapshot/accounts/999999999999/us-east-1/trails/organization-audit"
    main(["snapshot/manifest.json", "snapshot/organization", organization_trail,
          *(f"snapshot/accounts/{a}" for a in members), "--fail-on", "never", "--format", "json",
          "--output", "members.json"])
    for index, account in enumerate(members):
        main(["snapshot/manifest.json", "snapshot/organization", organization_trail, f"snapshot/accounts/{account}",
              "--fail-on", "never", "--format", "json", "--output", f"part-{index}.json"])
    capsys.readouterr()
    assert main(["merge", *(f"part-{index}.json" for index in range(len(members))), "--format", "json"]) == 1
    merged = capsys.readouterr().out
    assert merged == (workdir / "members.json").read_text()
    cloudwatch = [f for f in json.loads(merged)["findings"] if f["rule"] == "TL306"
                  and f["resource"].endswith(":trail/organization-audit")]
    assert [(f["file"], f.get("shadow")) for f in cloudwatch] == \
        [(f"snapshot/accounts/{members[0]}/us-east-1/describe-trails.json", True)]


def _listing(path: Path, account: str, own: str) -> None:
    """An account's describe-trails output: the organization trail of 999999999999 and a trail of its own."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"trailList": [{
        "Name": name, "S3BucketName": f"logs-{name}", "IsMultiRegionTrail": True, "HomeRegion": "us-east-1",
        "TrailARN": f"arn:aws:cloudtrail:us-east-1:{owner}:trail/{name}", "LogFileValidationEnabled": True,
        "IncludeGlobalServiceEvents": True, "IsOrganizationTrail": name == "organization"}
        for owner, name in (("999999999999", "organization"), (account, own))]}, indent=2))


def test_an_organization_trail_is_reported_at_its_home_copy_and_a_member_alone_says_shadow(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Listings exported by hand (no snapshot): the member's sorts first, yet the organization trail's
    findings are the management account's listing's; linted alone, the member's listing reports them at
    its copy with "shadow", and the merge of both alone gives the lint of both."""
    _listing(workdir / "a-member" / "trails.json", "111122223333", "team")
    _listing(workdir / "b-management" / "trails.json", "999999999999", "local")
    main(["a-member", "b-management", "--fail-on", "never", "--format", "json", "--output", "both.json"])
    main(["a-member", "--fail-on", "never", "--format", "json", "--output", "member.json"])
    main(["b-management", "--fail-on", "never", "--format", "json", "--output", "management.json"])
    capsys.readouterr()

    def about_organization(name: str) -> list[tuple[str, bool]]:
        return sorted({(f["file"], f.get("shadow", False)) for f in json.loads((workdir / name).read_text())["findings"]
                       if f["resource"].endswith(":trail/organization")})
    assert about_organization("both.json") == [("b-management/trails.json", False)]
    assert about_organization("member.json") == [("a-member/trails.json", True)]
    assert main(["merge", "member.json", "management.json", "--format", "json"]) == 0
    assert capsys.readouterr().out == (workdir / "both.json").read_text()


def _row(number: str, region: str, read: bool, why: str = "") -> AccountSummary:
    return AccountSummary(number, "prod", None, (RegionSummary(region, None if why else 1, 0, 0, (why,) if why else ()),),
                          read=read)


@pytest.mark.parametrize("rows, kept", [
    ([_row("111122223333", "*", False, "no describe-trails output"), _row("111122223333", "us-east-1", True)],
     _row("111122223333", "us-east-1", True)),
    ([_row("111122223333", "us-east-1", False), _row("111122223333", "us-east-1", False)],
     _row("111122223333", "us-east-1", False)),
])
def test_an_account_read_by_one_part_is_its_row_there(rows, kept) -> None:
    for order in (rows, rows[::-1]):
        parts = [read_output(f"{i}.json", output_json([], organization=[row]).encode()) for i, row in enumerate(order)]
        assert merge(parts).organization == OrganizationSummary((kept,))


def test_rows_that_were_not_read_and_differ_stop_the_merge_when_no_part_read_the_account() -> None:
    parts = [read_output(f"{i}.json", output_json([], organization=[row]).encode()) for i, row in enumerate(
        [_row("111122223333", "us-east-1", False), _row("111122223333", "eu-west-1", False)])]
    with pytest.raises(MergeError, match="account 111122223333 differs from the one in 0.json"):
        merge(parts)


def test_an_account_without_read_in_an_older_file_counts_as_read() -> None:
    older = json.loads(output_json([], organization=[_row("111122223333", "us-east-1", True)]))
    del older["organization"]["accounts"][0]["read"]
    other = output_json([], organization=[_row("111122223333", "eu-west-1", True)])
    parts = [read_output("old.json", json.dumps(older).encode()), read_output("new.json", other.encode())]
    assert parts[0].accounts == (_row("111122223333", "us-east-1", True),)
    with pytest.raises(MergeError, match="differs"):
        merge(parts)


# --- properties -----------------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
findings_lists = st.lists(st.builds(
    Finding, rule=st.sampled_from(["TL101", "TL302", "TL999", "ORG-001"]), name=st.just("n"),
    severity=st.sampled_from(list(Severity)), message=st.sampled_from(["m", "n", ""]) | texts,
    file=st.sampled_from(["a.json", "infra/b.yaml", "/abs/c.json"]), line=st.integers(1, 4),
    column=st.integers(1, 3), resource=st.sampled_from(["", "r"]), account=st.none() | st.just("111122223333"),
    region=st.none() | st.sampled_from(["us-east-1", ""]), fingerprint=st.sampled_from(["", "a" * 32, "b" * 32]),
    suppressed=st.none() | st.sampled_from(["baseline", "inline: x"]),
), max_size=12, unique_by=lambda f: (f.rule, f.file, f.line, f.column, f.message, f.resource, f.account,
                                     f.region, f.fingerprint))


@st.composite
def split(draw):
    """A list of findings (the report of one run) and its findings dealt into 1 to 4 runs."""
    findings = draw(findings_lists)
    parts = draw(st.integers(1, 4))
    dealt = draw(st.lists(st.integers(0, parts - 1), min_size=len(findings), max_size=len(findings)))
    return findings, [[f for f, part in zip(findings, dealt) if part == index] for index in range(parts)]


ACCOUNTS = [account(), account("222233334444"), account("333344445555", ou=None)]


def not_read(summary: AccountSummary) -> AccountSummary:
    """The account as a part that did not read it sees it (in the manifest only)."""
    return AccountSummary(summary.account, summary.name, summary.ou, (RegionSummary(
        "*", None, None, None, ("no describe-trails output of this account in the inputs",)),), read=False)


@st.composite
def split_organization(draw):
    """An organization summary (of inputs with or without an organization's structure) and its
    accounts dealt into the same runs: a run of no account writes no summary, as lint does. Other runs
    may see an account without reading it (a snapshot split per account: every part has the
    manifest); an account no run read is in the summary as the runs that saw it see it."""
    findings, parts = draw(split())
    accounts = draw(st.lists(st.sampled_from(ACCOUNTS), unique_by=lambda a: a.account))
    unread = [not_read(a) for a in draw(st.lists(st.sampled_from(ACCOUNTS), unique_by=lambda a: a.account))
              if a not in accounts]
    structure = draw(st.booleans())
    runs = st.integers(0, len(parts) - 1)
    dealt = draw(st.lists(runs, min_size=len(accounts), max_size=len(accounts)))
    summaries = [[a for a, part in zip(accounts, dealt) if part == index] for index in range(len(parts))]
    for account in [*accounts, *unread]:
        for index in draw(st.sets(runs)):
            if all(a.account != account.account for a in summaries[index]):
                summaries[index].append(not_read(account))
    everything = [*accounts, *(a for a in unread if any(a in own for own in summaries))]
    whole = OrganizationSummary(tuple(sorted(everything, key=lambda a: a.account)), structure) if everything else None
    return findings, parts, whole, [
        OrganizationSummary(tuple(sorted(own, key=lambda a: a.account)), structure) if own else None
        for own in summaries]


def merged(parts, summaries=None):
    return merge([read_output(f"part{i}.json", output_json(
        p, None if summaries is None or summaries[i] is None else summaries[i].accounts,
        structure=summaries is not None and summaries[i] is not None and summaries[i].organization).encode())
        for i, p in enumerate(parts)])


@settings(max_examples=80, deadline=None)
@given(split_organization())
def test_runs_dealt_from_one_list_merge_to_its_report(case) -> None:
    findings, parts, whole, summaries = case
    original = sorted(findings, key=lambda f: f.sort_key)
    result = merged(parts, summaries)
    assert list(result.findings) == original
    assert result.organization == whole
    for fmt in FORMATS:
        # the text report ends with the organization table exactly when the single run's does
        assert render(fmt, result.findings, (), tool_version="0", organization=result.organization) == \
            render(fmt, original, (), tool_version="0", organization=whole)
    for fail_on in FAIL_ON:
        assert exit_status(result.findings, fail_on) == exit_status(original, fail_on)


SHADOW_FILES = ["accounts/2/us-east-1/describe-trails.json", "accounts/3/us-east-1/describe-trails.json",
                "accounts/4/eu-west-1/describe-trails.json"]


def _about(finding: Finding) -> tuple:
    return finding.rule, finding.message, finding.resource, finding.account, finding.region


@st.composite
def shadowed_split(draw):
    """One lint's findings dealt into runs as in ``split``, where some findings are about a trail that
    other runs hold only as a shadow copy (an organization trail in a member account's listing): those
    runs report it at their copy, with ``shadow``. Of a trail whose home copy no run holds, one lint
    reports the finding at the first shadow copy, and so do the runs that hold that copy."""
    findings, parts = draw(split())
    unique = [f for f in findings if sum(_about(g) == _about(f) for g in findings) == 1]
    homeless = draw(st.sets(st.sampled_from(unique))) if unique else set()
    report = []
    for found in parts:
        for finding in list(found):
            if finding in homeless:
                found.remove(finding)
    for finding in findings:
        copies = draw(st.lists(st.tuples(st.integers(0, len(parts) - 1), st.sampled_from(SHADOW_FILES),
                                         st.integers(1, 3)), max_size=3, unique_by=lambda c: c[:2]))
        if finding in homeless:
            if not copies:
                copies = [(draw(st.integers(0, len(parts) - 1)), draw(st.sampled_from(SHADOW_FILES)), 1)]
            first = min(copies, key=lambda c: c[1])
            copies = [c for c in copies if c[1] != first[1]] + [first]    # the first file: one copy
        for run, file, line in copies:
            copy = replace(finding, file=file, line=line, fingerprint="c" * 32, shadow=True)
            if copy not in parts[run]:
                parts[run].append(copy)
        report.extend([replace(finding, file=first[1], line=first[2], fingerprint="c" * 32, shadow=True)]
                      if finding in homeless else [finding])
    return report, parts


@settings(max_examples=120, deadline=None)
@given(shadowed_split(), st.randoms(use_true_random=False))
def test_findings_at_shadow_copies_merge_to_the_one_at_the_home_copy(case, random) -> None:
    report, parts = case
    expected = sorted(report, key=lambda f: f.sort_key)
    assert list(merged(parts).findings) == expected
    random.shuffle(parts)
    assert list(merged(parts).findings) == expected
    assert list(merged([expected, *parts]).findings) == expected


def _missing_bucket(placed: list[tuple[str, str, int, bool]]) -> Finding:
    """The finding delivery_links says of a missing bucket that the trails ``placed`` (name, file, line,
    whether at a shadow copy) name: at the first of them (home copies first, then by file and line)."""
    name, file, line, shadow = min(placed, key=lambda p: (p[3], p[1], p[2]))
    said = f"TL310 (log-bucket-access-logging-disabled) cannot decide: log bucket 'central' of trail {name!r}"
    return Finding("TL002", "undecided", Severity.WARNING, f"{said}{and_others(len(placed) - 1)} is not in the inputs",
                   file, line, 3, resource=name, account="111122223333", fingerprint=fingerprint("TL002", file, name, ""),
                   shadow=shadow, shared_cause=SharedCause("log-bucket:aws:central", tuple(sorted(p[0] for p in placed)),
                                                           len(said)))


@st.composite
def bucket_split(draw):
    """Trails naming one missing bucket, dealt into runs: a run holds a trail at its home copy or, when
    it holds only another account's or Region's listing of it, at a shadow copy. One lint of every run
    holds each trail at its home copy when a run does, else at its first shadow copy."""
    files = ["accounts/1/a.json", "accounts/1/b.json", "accounts/2/a.json", "accounts/3/a.json"]
    runs = draw(st.integers(1, 4))
    held: list[dict[str, tuple[str, str, int, bool]]] = [{} for _ in range(runs)]
    whole = []
    for number in range(draw(st.integers(1, 6))):
        name = f"trail-{number}"
        home = draw(st.none() | st.sampled_from(files))
        copies = draw(st.lists(st.tuples(st.integers(0, runs - 1), st.sampled_from(files)), min_size=1, max_size=3,
                               unique_by=lambda c: c[0]))
        for run, file in copies:
            at_home = home is not None and draw(st.booleans())
            held[run][name] = (name, home if at_home and home else file, number + 1, not at_home)
        placed = [copy for run in held for copy in run.values() if copy[0] == name]
        home_copies = [p for p in placed if not p[3]]
        whole.append(min(home_copies or placed, key=lambda p: (p[1], p[2])))
    return _missing_bucket(whole), [[_missing_bucket(list(run.values()))] if run else [] for run in held]


@settings(max_examples=150, deadline=None)
@given(bucket_split(), st.randoms(use_true_random=False))
def test_runs_that_each_count_some_trails_of_a_cause_merge_to_one_finding_counting_all(case, random) -> None:
    whole, parts = case
    assert merged(parts).findings == (whole,)
    random.shuffle(parts)
    assert merged(parts).findings == merged([*parts, *parts]).findings == merged([[whole], *parts]).findings \
        == (whole,)


def test_files_every_part_reads_are_counted_once() -> None:
    shared = {"inputs": ["s/manifest.json", "s/organization/list-roots.json"], "skipped": ["s/notes.json"]}
    summaries: list[dict[str, Any]] = [
        {"files_checked": 5, "inputs": 4, "shared": shared},          # 2 files of its account
        {"files_checked": 6, "inputs": 5, "shared": shared},          # 3 files of its account
        {"files_checked": 2, "inputs": 2, "shared": {"inputs": ["s/manifest.json"], "skipped": []}},  # 1 file
        {"files_checked": 4, "inputs": 4},                            # an input of no snapshot
    ]
    parts = [read_output(f"{i}.json", output_json([], **counts).encode()) for i, counts in enumerate(summaries)]
    result = merge(parts)
    # each part's own files, then the shared ones once
    assert (result.files_checked, result.inputs) == (2 + 3 + 1 + 4 + 3, 2 + 3 + 1 + 4 + 2)
    assert merge(parts[:1]).files_checked == 5


@settings(max_examples=80, deadline=None)
@given(split(), st.randoms(use_true_random=False))
def test_merging_is_idempotent_and_order_independent(case, random) -> None:
    _, parts = case
    once = merged(parts).findings
    assert merged([*parts, *parts]).findings == once
    assert merged([list(once)]).findings == once
    shuffled = list(parts)
    random.shuffle(shuffled)
    assert merged(shuffled).findings == once
    assert merged([list(once), *parts[:1]]).findings == once


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([account(), account("222233334444"), account("333344445555", ou=None)]),
                max_size=3), st.lists(st.sampled_from([account(), account("444455556666")]), max_size=2))
def test_accounts_merge_order_independently(first, second) -> None:
    def accounts(*lists):
        return merge([read_output(f"{i}.json", output_json([], organization=a).encode())
                      for i, a in enumerate(lists)]).organization

    expected = OrganizationSummary(tuple(sorted({a.account: a for a in (*first, *second)}.values(),
                                                key=lambda a: a.account)))
    assert accounts(first, second) == accounts(second, first) == accounts(first, second, first) == expected


json_values = st.recursive(st.none() | st.booleans() | st.integers(-2, 2**70) | st.floats(allow_nan=True) | texts,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                           max_leaves=6)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["schema", "tool", "findings", "summary", "organization", "rule", "line", "severity",
                        "fingerprint", "suppressed", "account", "read", "regions", "quota", "unknown"]), json_values)
def test_any_value_anywhere_is_merged_or_refused_with_its_place(key, value) -> None:
    document = json.loads(output_json([finding()], organization=[account()], inputs=1))
    for holder in (document, document["findings"][0], document["organization"]["accounts"][0],
                   document["organization"]["accounts"][0]["regions"][0]):
        if key in holder:
            holder[key] = value
    text = json.dumps(document, indent=1, allow_nan=True)
    try:
        output = read_output("part.json", text.encode())
    except MergeError as error:
        assert error.position is not None and 1 <= error.position.line <= text.count("\n") + 1
        assert str(error).startswith(f"part.json:{error.position.line}:{error.position.column}: ")
    else:
        assert merge([output, output]).findings == output.findings


def test_integers_written_as_floats_are_read_as_integers(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(output_json([finding(line=4)], organization=[account()], inputs=2))
    document["findings"][0]["line"] = 4.0
    document["summary"]["inputs"] = 2.0
    document["organization"]["accounts"][0]["regions"][0]["quota"] = 5.0
    write(workdir / "a.json", json.dumps(document))
    assert main(["merge", "a.json", "--format", "json"]) == 1
    merged = json.loads(capsys.readouterr().out)
    assert merged["findings"][0]["line"] == 4 and isinstance(merged["findings"][0]["line"], int)
    assert merged["organization"]["accounts"][0]["regions"][0]["quota"] == 5
    assert json.dumps(merged["summary"]["inputs"]) == "2"
    assert main(["merge", "a.json", "--format", "parsable"]) == 1
    assert capsys.readouterr().out.startswith("a.json:4:3: TL302")


# valid ones, and ones wrong in a key, a trail, the count's place or by an extra key
SHARED_CAUSES = st.fixed_dictionaries(
    {"key": st.just("log-bucket:aws:b") | json_values,
     "trails": st.lists(st.sampled_from(["arn:aws:cloudtrail:us-east-1:1:trail/a", "b", 1]), max_size=3) | json_values,
     "count_at": st.sampled_from([0, 12, 3.0, -1, 2.5, True, "1"])},
    optional={"extra": json_values})


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["rule", "name", "severity", "line", "column", "fingerprint", "account",
                                        "suppressed", "shadow", "shared_cause", "extra"]),
                       json_values | SHARED_CAUSES | st.sampled_from(["TL302", "ORG-001", "TL-001", "error", "a" * 32, 0,
                                                                      1, 1.0, True, -1, 2.5]), max_size=4),
       st.sampled_from([(), ("line",), ("rule", "message")]))
def test_the_compiled_finding_check_agrees_with_the_schema(changes, removed) -> None:
    import jsonschema

    from trail_lint.merge import _finding_check

    entry = {**json.loads(output_json([finding()]))["findings"][0], **changes}
    for key in removed:
        entry.pop(key, None)
    schema = {**FINDINGS_SCHEMA["$defs"]["finding"], "$defs": FINDINGS_SCHEMA["$defs"]}
    check = _finding_check()
    assert check is not None
    assert check(entry) == jsonschema.Draft202012Validator(schema).is_valid(entry)


@pytest.mark.parametrize("schema", [
    {"type": "object", "properties": {"a": {"type": "string", "format": "date"}}, "additionalProperties": False},
    {"type": "object", "properties": {"a": {"type": "array", "minItems": 1}}, "additionalProperties": False},
    {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "array", "uniqueItems": True}}},
     "additionalProperties": False},
    {"type": "object", "properties": {"a": {"type": "object", "properties": {}}}, "additionalProperties": False},
    {"type": "object", "properties": {"a": {"enum": [1, 2]}}, "additionalProperties": False},
    {"type": "object", "properties": {"a": {"type": "string"}}},
    {"type": "object", "properties": {"a": {"$ref": "#/$defs/count"}}, "additionalProperties": False},
])
def test_a_schema_the_check_cannot_compile_is_left_to_jsonschema(schema) -> None:
    from trail_lint.json_check import compiled_check

    assert compiled_check(schema) is None
