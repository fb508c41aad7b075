"""CI integrations end to end: standard input, repository-relative paths, GitHub Actions, several outputs.

The SARIF logs are validated against the published SARIF 2.1.0 schema, the JUnit reports
against the Jenkins xUnit junit-10.xsd (tests/schemas/), GitLab reports against the fields
GitLab documents as required.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RULES = Path(__file__).parent / "rules"
PLAN = RULES / "TL101" / "bad.tfplan.json"
SARIF_SCHEMA = Path(__file__).parents[2] / "shared" / "reference" / "sarif-schema-2.1.0.json"
JUNIT_XSD = Path(__file__).parent / "schemas" / "junit-10.xsd"


def trails(count: int, validation: bool = True) -> str:
    return json.dumps({"trailList": [{
        "Name": f"team-{i}", "S3BucketName": "audit-logs-111122223333", "IsMultiRegionTrail": False,
        "HomeRegion": "us-east-1", "TrailARN": f"arn:aws:cloudtrail:us-east-1:111122223333:trail/team-{i}",
        "LogFileValidationEnabled": validation, "IncludeGlobalServiceEvents": True} for i in range(count)]}, indent=2)


def lint(*args: str, stdin: str | None = None, cwd: Path | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "trail_lint", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, env=environment, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git checkout with infra/trails.json (six trails in one Region: TL101)."""
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    (tmp_path / "repo" / "infra").mkdir()
    (tmp_path / "repo" / "infra" / "trails.json").write_text(trails(6))
    return tmp_path / "repo"


# --- standard input ----------------------------------------------------------------------------

def test_a_plan_on_standard_input(tmp_path: Path) -> None:
    """`terraform show -json plan.out | trail-lint -`"""
    piped = lint("-", "--format", "parsable", "--select", "TL101", stdin=PLAN.read_text(), cwd=tmp_path)
    assert piped.returncode == 1, piped.stderr
    assert piped.stdout.startswith("<stdin>:") and " TL101 " in piped.stdout
    named = lint("-", "--stdin-filename", "infra/plan.json", "--format", "parsable", "--select", "TL101",
                 stdin=PLAN.read_text(), cwd=tmp_path)
    from_disk = lint(str(PLAN), "--format", "parsable", "--select", "TL101", cwd=tmp_path)
    assert named.stdout == from_disk.stdout.replace(str(PLAN), "infra/plan.json")   # same positions


def test_stdin_filename_applies_file_ignores_and_inline_suppressions(tmp_path: Path) -> None:
    (tmp_path / ".trail-lint.yaml").write_text(
        "ignores:\n  - {rule: TL101, file: 'infra/*', reason: moving to an organization trail}\n")
    ignored = lint("--stdin-filename", "infra/trails.json", "--select", "TL101", stdin=trails(6), cwd=tmp_path)
    assert ignored.returncode == 0 and "1 suppressed" in ignored.stdout
    elsewhere = lint("-", "--stdin-filename", "other/trails.json", "--select", "TL101", stdin=trails(6),
                     cwd=tmp_path)
    assert elsewhere.returncode == 1
    template = ("Resources:\n  Audit:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n"
                "      TrailName: audit\n      S3BucketName: logs\n      IsLogging: true\n"
                "      EnableLogFileValidation: false\n")
    first = lint("-", "--stdin-filename", "t.yaml", "--format", "parsable", "--select", "TL302",
                 stdin=template, cwd=tmp_path)
    line = int(first.stdout.split(":")[1])
    lines = template.splitlines()
    lines[line - 1] += "  # trail-lint: ignore=TL302 digests are checked elsewhere"
    suppressed = lint("-", "--stdin-filename", "t.yaml", "--select", "TL302", stdin="\n".join(lines) + "\n",
                      cwd=tmp_path)
    assert suppressed.returncode == 0, suppressed.stdout


def test_stdin_errors(tmp_path: Path) -> None:
    assert lint("-", "--stdin-filename", "main.tf", stdin="", cwd=tmp_path).returncode == 2
    assert lint("-", "--stdin-filename", "cdk.tf.json", stdin="{}", cwd=tmp_path).returncode == 2
    broken = lint("-", "--format", "parsable", stdin='{"trailList": [', cwd=tmp_path)
    assert broken.returncode == 1
    assert broken.stdout.startswith("<stdin>:1:") and "TL001 invalid JSON (truncated?)" in broken.stdout
    excluded = tmp_path / "x"
    excluded.mkdir()
    (excluded / ".trail-lint.yaml").write_text("exclude: ['generated/*']\n")
    skipped = lint("-", "--stdin-filename", "generated/trails.json", stdin=trails(6), cwd=excluded)
    assert skipped.returncode == 0 and skipped.stdout == "no problems found; 0 inputs linted\n"


# --- paths from the repository root ----------------------------------------------------------

def _sarif_errors(log: dict) -> list[str]:
    import jsonschema

    if not SARIF_SCHEMA.is_file():
        pytest.skip("SARIF 2.1.0 schema not available")
    validator = jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text()),
                                           format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(log)]


@pytest.mark.parametrize("how", ["in infra", "at the root", "absolute", "dot-slash"])
def test_sarif_and_github_paths_are_from_the_git_top_level(repo: Path, how: str) -> None:
    cwd, argument = {"in infra": (repo / "infra", "."), "at the root": (repo, "infra"),
                     "absolute": (repo.parent, str(repo / "infra")), "dot-slash": (repo, "./infra/")}[how]
    sarif = lint(argument, "--format", "sarif", "--select", "TL101", cwd=cwd)
    log = json.loads(sarif.stdout)
    assert _sarif_errors(log) == []
    run = log["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.resolve().as_uri() + "/"}}
    [result] = run["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "infra/trails.json", "uriBaseId": "%SRCROOT%"}
    assert "file:" not in json.dumps(run["results"])
    github = lint(argument, "--format", "github", "--select", "TL101", cwd=cwd)
    assert github.stdout.startswith("::error file=infra/trails.json,line=")


def test_root_option_and_directories_outside_git(tmp_path: Path, repo: Path) -> None:
    github = lint("infra", "--format", "github", "--root", "infra", "--select", "TL101", cwd=repo)
    assert github.stdout.startswith("::error file=trails.json,")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "trails.json").write_text(trails(6))
    gitlab = lint("trails.json", "--format", "gitlab", "--select", "TL101", cwd=plain)
    assert json.loads(gitlab.stdout)[0]["location"]["path"] == "trails.json"   # the working directory


def test_sarif_rules_carry_tags_and_security_severity(repo: Path) -> None:
    log = json.loads(lint("infra", "--format", "sarif", cwd=repo).stdout)
    rules = {rule["id"]: rule["properties"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["TL302"]["tags"][:3] == ["cloudtrail", "security", "audit-integrity"]
    assert rules["TL302"]["security-severity"] == "8.0"
    assert rules["TL101"] == {"tags": ["cloudtrail", "quota"], "security-severity": "6.5"}
    assert all(0.0 < float(p["security-severity"]) <= 10.0 for p in rules.values())


# --- GitHub Actions ------------------------------------------------------------------------------

def test_github_actions_defaults_to_annotations_and_writes_the_step_summary(repo: Path, tmp_path: Path) -> None:
    (repo / "infra" / "weak.json").write_text(trails(1, validation=False).replace("team-0", "weak"))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    result = lint("infra", "--select", "TL101,TL302,TL303", cwd=repo,
                  env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    lines = result.stdout.splitlines()
    kinds = [line.split(" ")[0] for line in lines[:-1]]
    assert kinds == sorted(kinds, key=["::error", "::warning", "::notice"].index)   # most severe first
    assert kinds.count("::error") == 2 and "::warning" in kinds
    assert lines[-1].startswith("trail-lint: 2 errors, ")
    text = summary.read_text()
    assert text.startswith("earlier step\n### trail-lint\n")      # appended, never replaced
    assert "| error | TL101 trail-quota-exceeded | `infra/weak.json:3` |" in text
    elsewhere = lint("infra", "--select", "TL101", cwd=repo)
    assert elsewhere.stdout.startswith("infra/weak.json\n")        # text outside GitHub Actions


# --- several outputs in one run ------------------------------------------------------------------

def test_several_outputs_in_one_run(repo: Path) -> None:
    (repo / "out").mkdir()
    result = lint("infra", "--format", "text", "-o", "sarif:out/results.sarif", "--output-format",
                  "junit:junit.xml", "-o", "gitlab:gl-code-quality.json", "--select", "TL101", cwd=repo)
    assert result.returncode == 1
    assert "TL101" in result.stdout and "error" in result.stdout
    log = json.loads((repo / "out" / "results.sarif").read_text())
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["TL101"]
    assert (repo / "junit.xml").read_text().startswith("<?xml")
    assert json.loads((repo / "gl-code-quality.json").read_text())[0]["check_name"] == \
        "TL101 trail-quota-exceeded"


def test_output_format_needs_format_and_path(repo: Path) -> None:
    for spec in ("results.sarif", "yaml:x.yaml", "sarif:"):
        result = lint("infra", "-o", spec, cwd=repo)
        assert result.returncode == 2 and "FORMAT:PATH" in result.stderr


def test_access_reads_standard_input_too(tmp_path: Path) -> None:
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "cloudtrail:StopLogging", "Resource": "*"}]})
    result = lint("access", "-", "--stdin-filename", "iam/ops-policy.json", "--format", "csv", "--all",
                  stdin=policy, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "iam/ops-policy.json" in result.stdout
