"""The README's CI recipes run as written, and the files they produce are valid for their consumers.

SARIF is validated against the SARIF 2.1.0 schema, JUnit against the Jenkins xUnit
junit-10.xsd (tests/schemas/), GitLab Code Quality against the fields GitLab documents:
https://docs.gitlab.com/ee/ci/testing/code_quality.html#code-quality-report-format
"""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from trail_lint import __version__

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = ROOT.parent / "shared" / "reference" / "sarif-schema-2.1.0.json"
JUNIT_XSD = Path(__file__).parent / "schemas" / "junit-10.xsd"
# GitLab's documented Code Quality issue fields; GitLab ignores a report that lacks one.
GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},          # relative to the repository
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}


def recipe(name: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- recipe: {name} -->\n```\w+\n(.*?)```", readme, re.DOTALL)
    assert match, f"README has no recipe {name}"
    return match.group(1)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A repository as CI checks it out: six trails in one Region (TL101), one without validation."""
    repo = tmp_path / "checkout"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "infra").mkdir()
    trails = [{"Name": f"team-{i}", "S3BucketName": "logs", "IsMultiRegionTrail": False,
               "HomeRegion": "us-east-1", "TrailARN": f"arn:aws:cloudtrail:us-east-1:111122223333:trail/team-{i}",
               "LogFileValidationEnabled": i != 0, "IncludeGlobalServiceEvents": True} for i in range(6)]
    (repo / "infra" / "trails.json").write_text(json.dumps({"trailList": trails}, indent=2))
    return repo


def run_recipe(command: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command)
    assert Path(argv[0]).name == "trail-lint", command
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "trail_lint", *argv[1:]], cwd=cwd, capture_output=True,
                          text=True, env=environment, check=False)


def outputs(command: str) -> dict[str, str]:
    """-o FORMAT:PATH options of a command -> {format: path}."""
    argv = shlex.split(command)
    return dict(argv[i + 1].split(":", 1) for i, arg in enumerate(argv) if arg in ("-o", "--output-format"))


def valid_sarif(path: Path) -> dict:
    import jsonschema

    if not SARIF_SCHEMA.is_file():
        pytest.skip("SARIF 2.1.0 schema not available")
    log = json.loads(path.read_text())
    validator = jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text()),
                                           format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(log)] == []
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]} \
        == {"infra/trails.json"}
    return log


def valid_junit(path: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    xmlschema.XMLSchema(str(JUNIT_XSD)).validate(str(path))


def valid_gitlab(path: Path) -> list:
    import jsonschema

    issues = json.loads(path.read_text())
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert issues and {i["location"]["path"] for i in issues} == {"infra/trails.json"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    return issues


@pytest.mark.parametrize("name", ["github", "gitlab", "jenkins", "github-matrix"])
def test_recipes_install_the_version_the_repository_declares(name: str) -> None:
    refs = re.findall(r"trail-lint/trail-lint@(\S+?)\"", recipe(name))
    assert set(refs) == {f"v{__version__}"}


def test_github_actions_recipe(checkout: Path, tmp_path: Path) -> None:
    workflow = yaml.safe_load(recipe("github"))
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["trail-lint"]["steps"]
    [command] = [s["run"] for s in steps if s.get("run", "").startswith("trail-lint ")]
    [upload] = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["if"] == "always()"
    assert outputs(command) == {"sarif": upload["with"]["sarif_file"]}
    summary = tmp_path / "step-summary.md"
    result = run_recipe(command, checkout, {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("::error file=infra/trails.json,line=")
    assert summary.read_text().startswith("### trail-lint\n")
    valid_sarif(checkout / upload["with"]["sarif_file"])


def test_gitlab_ci_recipe(checkout: Path) -> None:
    job = yaml.safe_load(recipe("gitlab"))["trail-lint"]
    [command] = [line for line in job["script"] if line.startswith("trail-lint ")]
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"
    assert outputs(command) == {"gitlab": reports["codequality"], "junit": reports["junit"]}
    result = run_recipe(command, checkout)
    assert result.returncode == 1, result.stderr
    assert "infra/trails.json" in result.stdout
    issues = valid_gitlab(checkout / reports["codequality"])
    assert {i["check_name"] for i in issues} >= {"TL101 trail-quota-exceeded", "TL302 log-file-validation-disabled"}
    valid_junit(checkout / reports["junit"])


def test_jenkins_recipe(checkout: Path) -> None:
    pipeline = recipe("jenkins")
    [command] = re.findall(r"sh '\.venv/bin/(trail-lint [^']*)'", pipeline)
    junit = re.search(r"junit '([^']+)'", pipeline).group(1)
    sarif = re.search(r"sarif\(pattern: '([^']+)'\)", pipeline).group(1)
    assert "post {\n    always {" in pipeline          # reports are recorded when the lint fails the build
    assert outputs(command) == {"junit": junit, "sarif": sarif}
    result = run_recipe(command, checkout)
    assert result.returncode == 1, result.stderr
    valid_junit(checkout / junit)
    valid_sarif(checkout / sarif)


def ou_snapshot(root: Path, account: str, trails: int) -> None:
    """A snapshot of one OU's account (snapshot layout, docs/snapshot.md): `trails` trails in us-east-1."""
    from trail_lint.snapshot import SCHEMA, region_file

    root.mkdir(parents=True)
    (root / "manifest.json").write_text(json.dumps({
        "schema": SCHEMA, "caller": f"arn:aws:iam::{account}:user/exporter", "started": "2026-12-01T10:00:00Z",
        "accounts": [{"id": account, "regions": ["us-east-1"]}], "failures": []}))
    listing = root / region_file(account, "us-east-1", "describe-trails")
    listing.parent.mkdir(parents=True)
    listing.write_text(json.dumps({"trailList": [{
        "Name": f"team-{i}", "S3BucketName": "logs", "IsMultiRegionTrail": False, "HomeRegion": "us-east-1",
        "TrailARN": f"arn:aws:cloudtrail:us-east-1:{account}:trail/team-{i}", "LogFileValidationEnabled": i != 0,
        "IncludeGlobalServiceEvents": True} for i in range(trails)]}, indent=2))


def test_github_actions_matrix_recipe(tmp_path: Path) -> None:
    """Each matrix job in its own checkout (another directory, as on another runner), the parts
    downloaded into a third checkout, merged there: one report with repository paths, one gate."""
    workflow = yaml.safe_load(recipe("github-matrix"))
    lint, final = workflow["jobs"]["lint"], workflow["jobs"]["trail-lint"]
    assert final["needs"] == "lint" and lint["strategy"]["fail-fast"] is False
    [lint_command] = [s["run"] for s in lint["steps"] if s.get("run", "").startswith("trail-lint ")]
    [upload] = [s for s in lint["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    [download] = [s for s in final["steps"] if s.get("uses", "").startswith("actions/download-artifact@")]
    [merge_command] = [s["run"] for s in final["steps"] if s.get("run", "").startswith("trail-lint ")]
    [sarif_upload] = [s for s in final["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert sarif_upload["if"] == "always()"
    assert outputs(merge_command) == {"sarif": sarif_upload["with"]["sarif_file"]}
    ous = lint["strategy"]["matrix"]["ou"]
    accounts = {ou: f"{index + 1}" * 12 for index, ou in enumerate(ous)}

    def checkout(name: str) -> Path:
        repo = tmp_path / name / "repo"
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        for index, (ou, account) in enumerate(accounts.items()):
            ou_snapshot(repo / "snapshots" / ou, account, trails=6 - index)     # the first OU over the quota
        return repo

    parts = []
    for ou in ous:
        job = checkout(f"runner-{ou}")
        command = lint_command.replace("${{ matrix.ou }}", ou)
        result = run_recipe(command, job, {"GITHUB_ACTIONS": "true"})
        assert result.returncode == 0, result.stderr          # --fail-on never: the merge gates
        part = job / upload["with"]["path"]
        assert outputs(command) == {"json": upload["with"]["path"]}
        parts.append((upload["with"]["name"].replace("${{ matrix.ou }}", ou), part))
    final_checkout = checkout("runner-merge")
    assert download["with"]["pattern"] == "trail-lint-*"
    for name, part in parts:          # download-artifact: one directory per artifact under `path`
        (final_checkout / download["with"]["path"] / name).mkdir(parents=True)
        (final_checkout / download["with"]["path"] / name / part.name).write_text(part.read_text())
    argv = shlex.split(merge_command)
    expanded = [match for arg in argv for match in                      # the shell expands parts/*/part.json
                (sorted(str(p.relative_to(final_checkout)) for p in final_checkout.glob(arg)) if "*" in arg else [arg])]
    assert len(expanded) == len(argv) + len(ous) - 1
    summary = tmp_path / "step-summary.md"
    result = run_recipe(shlex.join(expanded), final_checkout,
                        {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1, result.stderr
    files = {f"snapshots/{ou}/accounts/{account}/us-east-1/describe-trails.json" for ou, account in accounts.items()}
    assert result.stdout.startswith("::error file=snapshots/")
    assert {line.split(",")[0].split("=")[1] for line in result.stdout.splitlines()[:-1]} == files
    assert summary.read_text().startswith("### trail-lint\n")
    log = json.loads((final_checkout / sarif_upload["with"]["sarif_file"]).read_text())
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == files
    assert "TL101" in {r["ruleId"] for r in log["runs"][0]["results"]}
    part_findings = [json.loads(part.read_text())["findings"] for _, part in parts]
    # every OU's trails deliver to the bucket "logs", not in the inputs: one finding of every part's copy
    shared = [f for findings in part_findings for f in findings if f.get("shared_cause")]
    assert len(shared) == len(parts)
    assert len(log["runs"][0]["results"]) == sum(map(len, part_findings)) - len(shared) + 1
