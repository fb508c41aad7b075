"""Reporters: exact output of every format on a small fixed list of findings."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.finding import Finding, SharedCause
from trail_lint.fingerprint import _portable_path, fingerprint
from trail_lint.repo import RepoPath
from trail_lint.report import FORMATS, render, render_pieces
from trail_lint.report.common import indented_json
from trail_lint.report.sarif import artifact_location
from trail_lint.rule import Rule, Severity

REPO = Path(__file__).parents[1]
FINDINGS_SCHEMA = REPO / "schemas" / "findings.schema.json"
SARIF_SCHEMA = REPO / ".." / "shared" / "reference" / "sarif-schema-2.1.0.json"

TL302_DOC = """Trail log file validation is disabled.

## Why it matters
Without digest files nobody can show that delivered log files
were not edited or deleted afterwards.

## Fix
CloudFormation: `EnableLogFileValidation: true`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
"""


def _check(_: object) -> tuple[()]:
    return ()


RULES = (
    Rule("TL301", "trail-single-region", Severity.WARNING, object, _check,
         "Trail records events in one Region only.\n\n## Why it matters\nOther Regions go unseen.\n"),
    Rule("TL302", "log-file-validation-disabled", Severity.ERROR, object, _check, TL302_DOC,
         controls=("CloudTrail.4", "CIS-1.4:3.2")),
    Rule("TL405", "policy-allows-stop-logging", Severity.INFO, object, _check, "", opt_in=True),
)

FP = "0123456789abcdef0123456789abcdef"
FINDINGS = (
    Finding("TL302", "log-file-validation-disabled", Severity.ERROR,
            "log file validation is disabled for trail 'audit'", "bad.yaml", 9, 7,
            resource="AuditTrail", account="123456789012", region="us-east-1", fingerprint=FP),
    Finding("TL301", "trail-single-region", Severity.WARNING,
            "trail 'audit' records events in us-east-1 only", "bad.yaml", 12, 3),
    Finding("TL405", "policy-allows-stop-logging", Severity.INFO,
            "role 'Ops' may call cloudtrail:StopLogging", "iam/ops.json", 4, 15, resource="OpsRole"),
    Finding("TL302", "log-file-validation-disabled", Severity.ERROR,
            "log file validation is disabled for trail 'sandbox'", "iam/ops.json", 20, 1,
            resource="Sandbox", suppressed="inline: sandbox account"),
)


def run(fmt: str, findings=FINDINGS, **kwargs) -> str:
    return render(fmt, findings, RULES, tool_version="1.2.3", **kwargs)


def test_formats() -> None:
    assert FORMATS == ("text", "parsable", "json", "sarif", "junit", "github", "gitlab")


def test_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown output format 'yaml'"):
        run("yaml")


# --- parsable, text, github --------------------------------------------------------------

def test_parsable() -> None:
    assert run("parsable") == (
        "bad.yaml:9:7: TL302 log file validation is disabled for trail 'audit'\n"
        "bad.yaml:12:3: TL301 trail 'audit' records events in us-east-1 only\n"
        "iam/ops.json:4:15: TL405 role 'Ops' may call cloudtrail:StopLogging\n"
    )


def test_parsable_keeps_one_line_per_finding_and_escapes_controls() -> None:
    odd = Finding("TL302", "n", Severity.ERROR, "trail 'a\nb\x1b[31m'\u2028x", "dir\r/f.yaml", 1, 1)
    assert run("parsable", [odd]) == "dir\\r/f.yaml:1:1: TL302 trail 'a\\nb\\x1b[31m'\\u2028x\n"


def test_parsable_tells_apart_findings_that_would_print_the_same_line() -> None:
    # one module called once per Region: one trail name, one place, three resources
    same = [Finding("TL303", "no-kms-encryption", Severity.WARNING, "trail 'regional' is not encrypted",
                    "modules/regional/main.tf", 37, 1, resource=f"module.{region}.aws_cloudtrail.this")
            for region in ("apse2", "euw1")]
    other = Finding("TL306", "no-cloudwatch-logs", Severity.WARNING, "trail 'regional' sends nothing",
                    "modules/regional/main.tf", 37, 1, resource="module.apse2.aws_cloudtrail.this")
    assert run("parsable", [*same, other]) == (
        "modules/regional/main.tf:37:1: TL303 trail 'regional' is not encrypted  [module.apse2.aws_cloudtrail.this]\n"
        "modules/regional/main.tf:37:1: TL303 trail 'regional' is not encrypted  [module.euw1.aws_cloudtrail.this]\n"
        "modules/regional/main.tf:37:1: TL306 trail 'regional' sends nothing\n")


def test_text() -> None:
    assert run("text") == (
        "bad.yaml\n"
        "  9:7   error    TL302  log file validation is disabled for trail 'audit'  [AuditTrail]\n"
        "  12:3  warning  TL301  trail 'audit' records events in us-east-1 only\n"
        "\n"
        "iam/ops.json\n"
        "  4:15  info     TL405  role 'Ops' may call cloudtrail:StopLogging  [OpsRole]\n"
        "\n"
        "1 error, 1 warning, 1 info in 2 files (1 suppressed)\n"
    )


def test_text_colour() -> None:
    assert run("text", FINDINGS[:3], color=True) == (
        "\x1b[1mbad.yaml\x1b[0m\n"
        "  9:7   \x1b[31merror\x1b[0m    TL302  log file validation is disabled for trail 'audit'"
        "  [AuditTrail]\n"
        "  12:3  \x1b[33mwarning\x1b[0m  TL301  trail 'audit' records events in us-east-1 only\n"
        "\n"
        "\x1b[1miam/ops.json\x1b[0m\n"
        "  4:15  \x1b[34minfo\x1b[0m     TL405  role 'Ops' may call cloudtrail:StopLogging  [OpsRole]\n"
        "\n"
        "1 error, 1 warning, 1 info in 2 files\n"
    )


def test_text_without_colour_has_no_escape_codes() -> None:
    assert "\x1b" not in run("text")


@pytest.mark.parametrize(("findings", "expected"), [
    ((), "no problems found\n"),
    (FINDINGS[3:], "no problems found (1 suppressed)\n"),
    (FINDINGS[:1] * 2, ("bad.yaml\n"
                       "  9:7  error  TL302  log file validation is disabled for trail 'audit'  [AuditTrail]\n"
                       "  9:7  error  TL302  log file validation is disabled for trail 'audit'  [AuditTrail]\n"
                       "\n2 errors, 0 warnings, 0 info in 1 file\n")),
])
def test_text_summary(findings, expected) -> None:
    assert run("text", findings) == expected


def test_github() -> None:
    assert run("github") == (
        "::error file=bad.yaml,line=9,col=7,title=TL302 log-file-validation-disabled"
        "::log file validation is disabled for trail 'audit'\n"
        "::warning file=bad.yaml,line=12,col=3,title=TL301 trail-single-region"
        "::trail 'audit' records events in us-east-1 only\n"
        "::notice file=iam/ops.json,line=4,col=15,title=TL405 policy-allows-stop-logging"
        "::role 'Ops' may call cloudtrail:StopLogging\n"
        "trail-lint: 1 error, 1 warning, 1 info in 2 files (1 suppressed)\n"
    )


def test_github_most_severe_first_in_file_order_and_quiet() -> None:
    """GitHub shows 10 errors and 10 warnings per step: the errors must not hide behind notices."""
    info, warning, error = FINDINGS[2], FINDINGS[1], FINDINGS[0]
    later_error = Finding("TL302", "log-file-validation-disabled", Severity.ERROR, "second", "z.yaml", 1, 1)
    lines = run("github", [info, warning, error, later_error], quiet=True).splitlines()
    assert [line.split(" ")[0] for line in lines] == ["::error", "::error", "::warning", "::notice"]
    assert "file=bad.yaml" in lines[0] and "file=z.yaml" in lines[1]


def test_github_summary_says_when_annotations_are_hidden() -> None:
    eleven = [Finding("TL302", "n", Severity.ERROR, f"trail {i}", "a.yaml", i, 1) for i in range(1, 12)]
    assert run("github", eleven[:10]).splitlines()[-1] == "trail-lint: 10 errors, 0 warnings, 0 info in 1 file"
    assert run("github", eleven).splitlines()[-1] == (
        "trail-lint: 11 errors, 0 warnings, 0 info in 1 file (GitHub shows 10 error and 10 warning annotations "
        "per step; every finding is in this log)")


def test_github_paths_from_the_repository_root() -> None:
    paths = {"bad.yaml": RepoPath("/srv/repo", "infra/bad.yaml")}
    assert run("github", FINDINGS[:1], repo_paths=paths).startswith("::error file=infra/bad.yaml,line=9,")


def test_github_step_summary() -> None:
    from trail_lint.report.github import render_step_summary

    assert render_step_summary(FINDINGS) == (
        "### trail-lint\n\n1 error, 1 warning, 1 info in 2 files (1 suppressed)\n\n"
        "| severity | rule | location | message |\n| --- | --- | --- | --- |\n"
        "| error | TL302 log-file-validation-disabled | `bad.yaml:9` | log file validation is disabled for trail 'audit' |\n"
        "| warning | TL301 trail-single-region | `bad.yaml:12` | trail 'audit' records events in us-east-1 only |\n"
        "| info | TL405 policy-allows-stop-logging | `iam/ops.json:4` | role 'Ops' may call cloudtrail:StopLogging |\n"
        "\n1 suppressed finding(s) not shown.\n\n")
    pipe = Finding("TL302", "n", Severity.ERROR, "a | b `c`", "x.yaml", 1, 1)
    assert "| a \\| b 'c' |" in render_step_summary([pipe])


def test_github_escaping() -> None:
    odd = Finding("TL302", "n", Severity.ERROR, "100% sure:\r\nnext, line", "a:b,c%.yaml", 2, 3)
    assert run("github", [odd], quiet=True) == (
        "::error file=a%3Ab%2Cc%25.yaml,line=2,col=3,title=TL302 n::100%25 sure:%0D%0Anext, line\n"
    )


@pytest.mark.parametrize("fmt", ["parsable", "github"])
def test_line_formats_are_empty_without_findings(fmt: str) -> None:
    assert run(fmt, (), quiet=True) == ""
    assert run(fmt, FINDINGS[3:], quiet=True) == ""


def test_github_summary_line_without_findings() -> None:
    assert run("github", ()) == "trail-lint: no problems found\n"


def test_text_quiet_has_no_summary() -> None:
    assert run("text", (), quiet=True) == ""
    assert run("text", FINDINGS[3:], quiet=True) == ""
    assert run("text", quiet=True).endswith("[OpsRole]\n")


# --- json ----------------------------------------------------------------------------------

def _json_finding(f: Finding) -> dict:
    return {"rule": f.rule, "name": f.name, "severity": f.severity.value, "message": f.message,
            "file": f.file, "line": f.line, "column": f.column, "resource": f.resource,
            "account": f.account, "region": f.region, "fingerprint": f.fingerprint,
            "suppressed": f.suppressed}


def test_json() -> None:
    expected = {
        "schema": "trail-lint/findings/v1",
        "tool": {"name": "trail-lint", "version": "1.2.3"},
        "findings": [_json_finding(f) for f in FINDINGS],
        "summary": {"errors": 1, "warnings": 1, "info": 1, "suppressed": 1, "files": 2,
                    "files_checked": 5},
    }
    out = run("json", summary_extra={"files_checked": 5})
    assert json.loads(out) == expected
    assert json.loads(out)["findings"][3]["suppressed"] == "inline: sandbox account"
    lines = out.splitlines()   # one finding per line
    assert lines[:4] == ["{", '  "schema": "trail-lint/findings/v1",',
                         '  "tool": {"name": "trail-lint", "version": "1.2.3"},', '  "findings": [']
    assert [json.loads(line.strip().rstrip(",")) for line in lines[4:4 + len(FINDINGS)]] == expected["findings"]
    assert run("json", findings=[]).splitlines()[3] == '  "findings": [],'


def test_json_first_finding_verbatim() -> None:
    finding = json.loads(run("json"))["findings"][0]
    assert finding == {
        "rule": "TL302", "name": "log-file-validation-disabled", "severity": "error",
        "message": "log file validation is disabled for trail 'audit'", "file": "bad.yaml",
        "line": 9, "column": 7, "resource": "AuditTrail", "account": "123456789012",
        "region": "us-east-1", "fingerprint": FP, "suppressed": None,
    }


def test_json_keeps_non_ascii_readable() -> None:
    f = Finding("TL302", "n", Severity.ERROR, "trail 'journal-été'", "é.yaml", 1, 1)
    assert '"message": "trail \'journal-été\'"' in run("json", [f])


def test_json_summary_extra_cannot_replace_counts() -> None:
    with pytest.raises(ValueError, match="summary_extra may not replace errors, files"):
        run("json", summary_extra={"errors": 0, "files": 9})


TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8) | st.sampled_from(['"', "\\", "\x00\n", "é🙂"])


@settings(max_examples=200)
@given(st.builds(Finding, TEXTS, TEXTS, st.sampled_from(list(Severity)), TEXTS, TEXTS,
                 st.integers(0, 10**12) | st.sampled_from([True, 2.5]), st.integers(0, 9), TEXTS,
                 st.none() | TEXTS, st.none() | TEXTS, TEXTS, st.none() | TEXTS, st.booleans(),
                 st.none() | st.builds(SharedCause, TEXTS, st.lists(TEXTS, max_size=3).map(tuple), st.integers(0, 99))))
def test_json_finding_line_is_what_the_encoder_writes_of_its_entry(finding: Finding) -> None:
    """Each finding's line is written directly; it must be what json writes of the finding's dict."""
    entry = _json_finding(finding)
    if finding.shadow:
        entry["shadow"] = True
    if finding.shared_cause is not None:
        cause = finding.shared_cause
        entry["shared_cause"] = {"key": cause.key, "trails": list(cause.trails), "count_at": cause.count_at}
    line = run("json", [finding]).split("\n")[4]
    assert line == "    " + json.dumps(entry, ensure_ascii=False)


def _findings_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(FINDINGS_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


ODD = (
    Finding("TL302", "n", Severity.ERROR, 'quote " back\\slash \x00 tab\t <&> ü 🙂', "dir with space/#x%.yaml",
            1, 1, resource="Res\n2"),
    Finding("TL301", "n", Severity.WARNING, "lone \ud800 surrogate", "bad\udcff.yaml", 2, 1,
            suppressed="config: legacy"),
)


@pytest.mark.parametrize("findings", [FINDINGS, (), FINDINGS[3:], ODD], ids=["some", "none", "suppressed", "odd"])
def test_json_validates_against_schema(findings) -> None:
    validator = _findings_validator()
    errors = list(validator.iter_errors(json.loads(run("json", findings, summary_extra={"files_checked": 3}))))
    assert errors == []


def test_schema_rejects_unknown_keys_and_bad_values() -> None:
    validator = _findings_validator()
    document = json.loads(run("json"))
    document["findings"][0]["extra"] = 1
    document["findings"][1]["severity"] = "fatal"
    messages = sorted(e.message for e in validator.iter_errors(document))
    assert messages == ["'fatal' is not one of ['error', 'warning', 'info']",
                        "Additional properties are not allowed ('extra' was unexpected)"]


# --- sarif ---------------------------------------------------------------------------------

REPORT_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXTS | st.floats(allow_nan=False) | st.sampled_from([Severity.INFO]),
    lambda inner: st.lists(inner, max_size=3) | st.lists(inner, max_size=2).map(tuple)
    | st.dictionaries(TEXTS, inner, max_size=3), max_leaves=20)


@settings(max_examples=300)
@given(REPORT_VALUES)
def test_indented_json_is_what_json_dumps_writes(value: object) -> None:
    """SARIF and GitLab reports are written by a writer of their own; it must be json.dumps's text."""
    assert indented_json(value) == json.dumps(value, indent=2, ensure_ascii=False)


FINDINGS_OF_ANY_FIELDS = st.builds(
    Finding, TEXTS, TEXTS, st.sampled_from(list(Severity)), TEXTS, TEXTS,
    st.integers(-3, 10**12) | st.sampled_from([True, 2.5]), st.integers(-3, 9) | st.just(2.5), TEXTS,
    st.none() | TEXTS, st.none() | TEXTS, TEXTS, st.none() | TEXTS)


@settings(max_examples=300)
@given(st.lists(FINDINGS_OF_ANY_FIELDS, max_size=3))
def test_sarif_results_are_what_json_dumps_writes_of_their_dicts(findings: list[Finding]) -> None:
    """SARIF results are written directly (``_results``); it must be json.dumps's text of each
    result's dict (``_result``), wherever the log puts it."""
    from trail_lint.report.sarif import _result, _results

    artifacts = {f.file: artifact_location(f.file) for f in findings}
    index = {f.rule: number for number, f in enumerate(findings)}
    written = {"runs": [{"results": _results(findings, index, artifacts)}]}
    expected = {"runs": [{"results": [_result(f, index[f.rule], artifacts[f.file]) for f in findings]}]}
    assert indented_json(written) == json.dumps(expected, indent=2, ensure_ascii=False)


def test_indented_text_is_written_as_deep_as_it_sits() -> None:
    """A value written beforehand (``Indented``) is indented where it sits, also where a value
    json.dumps must write (a float) sends the whole log there."""
    from trail_lint.report.common import Indented

    text = Indented(json.dumps({"a": [1, "x"], "b": {}}, indent=2))
    for other in ("text", 2.5):
        value = {"list": [text, {"in": text}], "other": other}
        expected = {"list": [{"a": [1, "x"], "b": {}}, {"in": {"a": [1, "x"], "b": {}}}], "other": other}
        assert indented_json(value) == json.dumps(expected, indent=2, ensure_ascii=False)


def test_sarif_driver_lists_every_rule() -> None:
    driver = json.loads(run("sarif", ()))["runs"][0]["tool"]["driver"]
    assert driver["name"] == "trail-lint"
    assert driver["version"] == "1.2.3"
    assert driver["informationUri"] == "https://github.com/trail-lint/trail-lint"
    assert [r["id"] for r in driver["rules"]] == ["TL301", "TL302", "TL405"]
    assert driver["rules"][1] == {
        "id": "TL302",
        "name": "log-file-validation-disabled",
        "shortDescription": {"text": "Trail log file validation is disabled."},
        "fullDescription": {"text": "Without digest files nobody can show that delivered log files "
                                    "were not edited or deleted afterwards."},
        "help": {"text": TL302_DOC.strip().replace("## ", ""), "markdown": TL302_DOC.strip()},
        "helpUri": "https://github.com/trail-lint/trail-lint/blob/main/docs/rules.md#tl302",
        "defaultConfiguration": {"level": "error", "enabled": True},
        "properties": {"tags": ["cloudtrail", "security", "audit-integrity", "CloudTrail.4", "CIS-1.4:3.2"],
                       "security-severity": "8.0"},
    }
    assert driver["rules"][2] == {
        "id": "TL405",
        "name": "policy-allows-stop-logging",
        "shortDescription": {"text": "policy-allows-stop-logging"},
        "fullDescription": {"text": "policy-allows-stop-logging"},
        "help": {"text": "policy-allows-stop-logging", "markdown": "policy-allows-stop-logging"},
        "helpUri": "https://github.com/trail-lint/trail-lint/blob/main/docs/rules.md#tl405",
        "defaultConfiguration": {"level": "note", "enabled": False},    # opt-in: off unless selected
        "properties": {"tags": ["cloudtrail", "security", "access"], "security-severity": "2.0"},
    }


def test_sarif_results() -> None:
    log = json.loads(run("sarif"))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    assert log["runs"][0]["results"] == [
        {
            "ruleId": "TL302", "ruleIndex": 1, "level": "error",
            "message": {"text": "log file validation is disabled for trail 'audit'"},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": "bad.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 9, "startColumn": 7},
                },
                "logicalLocations": [{"name": "AuditTrail", "kind": "resource"}],
            }],
            "partialFingerprints": {"trailLint/v1": FP},
            "properties": {"account": "123456789012", "region": "us-east-1"},
        },
        {
            "ruleId": "TL301", "ruleIndex": 0, "level": "warning",
            "message": {"text": "trail 'audit' records events in us-east-1 only"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "bad.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 12, "startColumn": 3},
            }}],
        },
        {
            "ruleId": "TL405", "ruleIndex": 2, "level": "note",
            "message": {"text": "role 'Ops' may call cloudtrail:StopLogging"},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": "iam/ops.json", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 4, "startColumn": 15},
                },
                "logicalLocations": [{"name": "OpsRole", "kind": "resource"}],
            }],
        },
        {
            "ruleId": "TL302", "ruleIndex": 1, "level": "error",
            "message": {"text": "log file validation is disabled for trail 'sandbox'"},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": "iam/ops.json", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 20, "startColumn": 1},
                },
                "logicalLocations": [{"name": "Sandbox", "kind": "resource"}],
            }],
            "suppressions": [{"kind": "inSource", "justification": "inline: sandbox account"}],
        },
    ]


def test_sarif_external_suppression_and_unregistered_rule() -> None:
    unreadable = Finding("TL001", "unreadable-input", Severity.ERROR,
                         "mapping values are not allowed here", "broken.yaml", 3, 9, suppressed="baseline")
    run_ = json.loads(run("sarif", [unreadable]))["runs"][0]    # TL001 is not in the stub RULES
    assert run_["tool"]["driver"]["rules"][3] == {
        "id": "TL001", "name": "unreadable-input",
        "shortDescription": {"text": "unreadable-input"},
        "helpUri": "https://github.com/trail-lint/trail-lint/blob/main/docs/rules.md#tl001",
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["cloudtrail", "input"], "security-severity": "6.5"},
    }
    assert run_["results"][0]["ruleIndex"] == 3
    assert run_["results"][0]["suppressions"] == [{"kind": "external", "justification": "baseline"}]


@pytest.mark.parametrize(("file", "sep", "expected"), [
    ("bad.yaml", "/", {"uri": "bad.yaml", "uriBaseId": "%SRCROOT%"}),
    ("./infra/./trail.yaml", "/", {"uri": "infra/./trail.yaml", "uriBaseId": "%SRCROOT%"}),
    ("../shared/x.json", "/", {"uri": "../shared/x.json", "uriBaseId": "%SRCROOT%"}),
    ("a b/#1%?.yaml", "/", {"uri": "a%20b/%231%25%3F.yaml", "uriBaseId": "%SRCROOT%"}),
    ("c:d.yaml", "/", {"uri": "c%3Ad.yaml", "uriBaseId": "%SRCROOT%"}),
    ("/srv/repo/my trail.yaml", "/", {"uri": "file:///srv/repo/my%20trail.yaml"}),
    ("infra\\trail.yaml", "\\", {"uri": "infra/trail.yaml", "uriBaseId": "%SRCROOT%"}),
    ("C:\\repo\\trail.yaml", "\\", {"uri": "file:///C:/repo/trail.yaml"}),
    ("infra\\trail.yaml", "/", {"uri": "infra%5Ctrail.yaml", "uriBaseId": "%SRCROOT%"}),
])
def test_sarif_artifact_location(file: str, sep: str, expected: dict) -> None:
    assert artifact_location(file, sep) == expected


def test_sarif_uri_round_trips() -> None:
    for finding in ODD:
        uri = json.loads(run("sarif", [finding]))["runs"][0]["results"][0]["locations"][0][
            "physicalLocation"]["artifactLocation"]["uri"]
        assert unquote(uri) == finding.file.replace("\udcff", "\ufffd")


def _sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip("SARIF 2.1.0 schema not available")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("findings", [FINDINGS, (), FINDINGS[3:], ODD], ids=["some", "none", "suppressed", "odd"])
def test_sarif_validates_against_the_sarif_schema(findings) -> None:
    validator = _sarif_validator()
    assert list(validator.iter_errors(json.loads(run("sarif", findings)))) == []


def test_sarif_schema_check_is_strict() -> None:
    validator = _sarif_validator()
    log = json.loads(run("sarif"))
    log["runs"][0]["results"][0]["level"] = "info"
    assert [e.message for e in validator.iter_errors(log)] == [
        "'info' is not one of ['none', 'note', 'warning', 'error']"]


# --- junit ---------------------------------------------------------------------------------

def test_junit() -> None:
    assert run("junit") == """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="trail-lint" tests="4" failures="1" errors="0">
  <testsuite name="bad.yaml" file="bad.yaml" tests="2" failures="1" errors="0" skipped="0">
    <testcase name="TL302 AuditTrail" classname="bad.yaml">
      <failure type="TL302" message="log file validation is disabled for trail 'audit'">\
bad.yaml:9:7: error TL302 log file validation is disabled for trail 'audit'</failure>
    </testcase>
    <testcase name="TL301 trail-single-region" classname="bad.yaml">
      <system-out>bad.yaml:12:3: warning TL301 trail 'audit' records events in us-east-1 only</system-out>
    </testcase>
  </testsuite>
  <testsuite name="iam/ops.json" file="iam/ops.json" tests="2" failures="0" errors="0" skipped="1">
    <testcase name="TL405 OpsRole" classname="iam/ops.json">
      <system-out>iam/ops.json:4:15: info TL405 role 'Ops' may call cloudtrail:StopLogging</system-out>
    </testcase>
    <testcase name="TL302 Sandbox" classname="iam/ops.json">
      <skipped message="suppressed: inline: sandbox account" />
    </testcase>
  </testsuite>
</testsuites>
"""


@pytest.mark.parametrize(("fail_on", "failing"), [("error", ["TL302"]), ("warning", ["TL302", "TL301"]),
                                                  ("info", ["TL302", "TL301", "TL405"]), ("never", [])])
def test_junit_failures_follow_fail_on(fail_on: str, failing: list[str]) -> None:
    """A finding below --fail-on does not fail the run, so it is no failed test case either."""
    root = ET.fromstring(run("junit", fail_on=fail_on))
    assert [f.get("type") for f in root.iter("failure")] == failing
    assert root.get("failures") == str(len(failing))


def test_junit_case_names_are_unique_stable_and_line_free() -> None:
    def finding(line: int, fp: str, message: str = "bucket policy denies delivery") -> Finding:
        return Finding("TL207", "bucket-policy-blocks-delivery", Severity.ERROR, message, "main.tf", line, 3,
                       resource="aws_s3_bucket_policy.logs", fingerprint=fp)

    two_on_one_line = [finding(7, "aaaaaaaa11"), finding(7, "bbbbbbbb22")]
    names = [c.get("name") for c in ET.fromstring(run("junit", two_on_one_line)).iter("testcase")]
    assert names == ["TL207 aws_s3_bucket_policy.logs [aaaaaaaa]", "TL207 aws_s3_bucket_policy.logs [bbbbbbbb]"]
    moved = [finding(19, "aaaaaaaa11"), finding(19, "bbbbbbbb22")]          # lines moved: same names
    assert [c.get("name") for c in ET.fromstring(run("junit", moved)).iter("testcase")] == names
    same = [finding(7, "cccccccc33"), finding(8, "cccccccc33")]
    assert [c.get("name") for c in ET.fromstring(run("junit", same)).iter("testcase")] == [
        "TL207 aws_s3_bucket_policy.logs [cccccccc]", "TL207 aws_s3_bucket_policy.logs [cccccccc] #2"]


@given(st.lists(st.tuples(st.sampled_from(["TL101", "TL207"]), st.sampled_from(["", "a", "b"]),
                          st.sampled_from(["", "0123abcd", "ffff0000"])), max_size=8))
def test_junit_case_names_never_collide(cases) -> None:
    from trail_lint.report.junit import case_names

    findings = [Finding(rule, "n", Severity.ERROR, "m", "f.json", 1, 1, resource=resource, fingerprint=fp)
                for rule, resource, fp in cases]
    names = case_names(findings)
    assert len(set(names)) == len(names)
    assert not any("line" in name for name in names)


def test_junit_without_findings_has_one_passing_test() -> None:
    assert run("junit", ()) == """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="trail-lint" tests="1" failures="0" errors="0">
  <testsuite name="trail-lint" tests="1" failures="0" errors="0" skipped="0">
    <testcase name="trail-lint" classname="trail-lint" />
  </testsuite>
</testsuites>
"""


def test_junit_paths_from_the_repository_root() -> None:
    paths = {"bad.yaml": RepoPath("/srv/repo", "infra/bad.yaml")}
    suite = ET.fromstring(run("junit", FINDINGS[:1], repo_paths=paths)).find("testsuite")
    assert suite.get("file") == suite.get("name") == "infra/bad.yaml"
    assert suite.find("testcase/failure").text.startswith("infra/bad.yaml:9:7: error TL302")


JUNIT_XSD = Path(__file__).parent / "schemas" / "junit-10.xsd"


@pytest.mark.parametrize("findings", [FINDINGS, (), FINDINGS[3:]], ids=["some", "none", "suppressed"])
def test_junit_validates_against_the_jenkins_xunit_schema(findings) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    for fail_on in ("error", "info"):
        schema.validate(run("junit", findings, fail_on=fail_on))


def test_junit_schema_check_is_strict() -> None:
    """The copy of junit-10.xsd rejects what the old output had: `skipped` on <testsuites>."""
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    document = run("junit").replace('<testsuites name="trail-lint"', '<testsuites name="trail-lint" skipped="1"')
    assert not schema.is_valid(document)
    assert not schema.is_valid(run("junit").replace('<testcase name="TL405 OpsRole"',
                                                    '<testcase file="iam/ops.json" name="TL405 OpsRole"'))


def _junit_counts(findings) -> tuple[list[tuple[str, ...]], ET.Element]:
    root = ET.fromstring(run("junit", findings).encode("utf-8"))
    rows = []
    for element in (root, *root):
        cases = element.iter("testcase")
        actual = [0, 0, 0, 0]
        for case in cases:
            actual[0] += 1
            actual[1] += case.find("failure") is not None
            actual[2] += case.find("error") is not None
            actual[3] += case.find("skipped") is not None
        declared = tuple(element.get(k) for k in ("tests", "failures", "errors", "skipped"))
        if element is root:     # junit-10.xsd has no `skipped` on <testsuites>
            actual[3] = None
        rows.append((declared, tuple(None if n is None else str(n) for n in actual)))
    return rows, root


def test_junit_parses_and_counts_match_with_odd_characters() -> None:
    rows, root = _junit_counts(ODD + FINDINGS)
    assert all(declared == actual for declared, actual in rows)
    assert root.get("tests") == "6"
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == 'quote " back\\slash \\x00 tab\t <&> ü 🙂'
    assert root.find("testsuite").get("name") == "dir with space/#x%.yaml"
    assert root.find("testsuite/testcase").get("name") == "TL302 Res\n2"


# --- every format, any input -------------------------------------------------------------

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    "\n\r\x00\x1b\u2028%:,<&\ud800"), max_size=20)
findings_strategy = st.lists(st.builds(
    Finding, rule=st.sampled_from(["TL301", "TL302", "TL999"]), name=texts,
    severity=st.sampled_from(list(Severity)), message=texts, file=texts,
    line=st.integers(1, 10_000), column=st.integers(1, 500), resource=texts,
    account=st.none() | texts, region=st.none() | texts,
    suppressed=st.none() | texts,
), max_size=6)


@settings(max_examples=60, deadline=None)
@given(findings_strategy)
def test_every_format_is_well_formed_for_any_text(findings) -> None:
    findings = sorted(findings, key=lambda f: f.sort_key)
    shown = [f for f in findings if f.suppressed is None]
    for fmt in FORMATS:
        run(fmt, findings).encode("utf-8")      # nothing unencodable reaches the output
    assert run("parsable", findings).count("\n") == len(shown)
    assert run("github", findings).count("\n") == len(shown) + 1    # and the summary line
    issues = json.loads(run("gitlab", findings))
    assert len(issues) == len(shown) and len({i["fingerprint"] for i in issues}) == len(shown)
    document = json.loads(run("json", findings))
    assert len(document["findings"]) == len(findings)
    assert document["summary"]["suppressed"] == len(findings) - len(shown)
    sarif = json.loads(run("sarif", findings))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == [f.rule for f in findings]
    rows, root = _junit_counts(findings)
    assert all(declared == actual for declared, actual in rows)
    assert root.get("tests") == str(max(1, len(findings)))


def test_importing_report_does_not_import_format_libraries() -> None:
    code = ("import sys, trail_lint.report; "
            "print(sorted(m for m in ('json', 'xml.etree.ElementTree') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


# --- fingerprints ----------------------------------------------------------------------------

def test_fingerprint_value() -> None:
    expected = hashlib.sha256(b"TL302\x1fbad.yaml\x1fAuditTrail\x1faudit").hexdigest()[:32]
    assert fingerprint("TL302", "bad.yaml", "AuditTrail", "audit") == expected
    assert len(expected) == 32


def test_fingerprint_is_portable_and_unambiguous() -> None:
    base = fingerprint("TL302", "infra/bad.yaml", "Trail", "s")
    assert fingerprint("TL302", "./infra/bad.yaml", "Trail", "s") == base
    assert _portable_path("infra\\bad.yaml", sep="\\") == "infra/bad.yaml"
    assert _portable_path("infra\\bad.yaml", sep="/") == "infra\\bad.yaml"
    assert fingerprint("TL302", "infra/bad.yaml", "Tra", "ils") != base
    assert fingerprint("TL301", "infra/bad.yaml", "Trail", "s") != base


def test_fingerprint_accepts_undecodable_file_names() -> None:
    assert len(fingerprint("TL302", "bad\udcff.yaml", "", "")) == 32


FINDING = st.builds(Finding, TEXTS, TEXTS, st.sampled_from(list(Severity)), TEXTS, TEXTS,
                    st.integers(0, 10**6), st.integers(0, 9), TEXTS, st.none() | TEXTS, st.none() | TEXTS, TEXTS,
                    st.none() | TEXTS, st.booleans())


@settings(max_examples=60)
@given(st.lists(FINDING, max_size=4), st.sampled_from(FORMATS))
def test_the_pieces_of_a_report_join_to_it(findings: list[Finding], fmt: str) -> None:
    """The CLI writes render_pieces as they come: they must join to what render returns, and the json
    report comes a line at a time (never whole, however many findings)."""
    pieces = list(render_pieces(fmt, findings, RULES, tool_version="1.2.3", summary_extra={"inputs": 1}))
    assert "".join(pieces) == render(fmt, findings, RULES, tool_version="1.2.3", summary_extra={"inputs": 1})
    if fmt == "json":
        assert len(pieces) >= len(findings) + 5
        assert all(piece.endswith("\n") and piece.count("\n") == 1 for piece in pieces)
