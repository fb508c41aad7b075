"""Errors a person can act on: configuration mistakes name file, line and key; ignores that waive nothing."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trail_lint.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "trails.json").write_text(json.dumps({"trailList": [{
        "Name": f"team-{i}", "S3BucketName": "logs", "IsMultiRegionTrail": False, "HomeRegion": "us-east-1",
        "TrailARN": f"arn:aws:cloudtrail:us-east-1:111122223333:trail/team-{i}", "LogFileValidationEnabled": True,
        "IncludeGlobalServiceEvents": True} for i in range(6)]}, indent=2))
    return tmp_path


def config_error(config: str, capsys: pytest.CaptureFixture[str], name: str = ".trail-lint.yaml") -> str:
    Path(name).write_text(config)
    assert main(["trails.json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("trail-lint: error: ") and "internal error" not in err
    return err.removeprefix("trail-lint: error: ").rstrip("\n")


def test_unknown_key_names_file_line_and_a_suggestion(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workdir / ".trail-lint.yaml"
    assert config_error("fail-on: warning\nselct: [TL1]\n", capsys) == \
        f"{path}:2:1: selct: unknown key 'selct' (did you mean 'select'?)"
    assert config_error("ignores:\n  - rule: TL101\n    reason: migrating\n    resouce: aws_cloudtrail.a\n",
                        capsys) == f"{path}:4:5: ignores.0.resouce: unknown key 'resouce' (did you mean 'resource'?)"
    message = config_error("limits: {bytes: 10}\n", capsys)
    assert message.startswith(f"{path}:1:10: limits.bytes: unknown key 'bytes'; the keys here are max-depth, ")


def test_invalid_value_names_file_line_and_key(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workdir / ".trail-lint.yaml"
    assert config_error("regions:\n  - us-east-1\n  - Frankfurt\n", capsys).startswith(
        f"{path}:3:5: regions.1: 'Frankfurt' does not match ")


def test_impossible_expiry_date_is_a_config_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workdir / ".trail-lint.yaml"
    assert config_error("ignores:\n  - {rule: TL101, reason: r, expires: 2027-02-30}\n", capsys) == \
        f"{path}:2:30: ignores.0.expires: '2027-02-30' is not a date (day is out of range for month); write YYYY-MM-DD"


def test_severity_of_an_unknown_rule_is_a_config_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workdir / ".trail-lint.yaml"
    assert config_error("severity:\n  TL303: error\n  TL999: info\n", capsys) == \
        f"{path}:3:3: severity.TL999: unknown rule 'TL999'; see `trail-lint --list-rules`"
    assert config_error("select: [TL1, not-a-rule]\n", capsys).startswith(f"{path}:1:15: select.1: unknown rule")


def test_pyproject_errors_name_the_line(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = '[project]\nname = "x"\n\n[tool.trail-lint]\nfail-on = "warning"\nignroe = ["TL303"]\n'
    assert config_error(text, capsys, "pyproject.toml") == \
        f"{workdir / 'pyproject.toml'}:6:1: ignroe: unknown key 'ignroe' (did you mean 'ignore'?)"


def test_broken_yaml_config(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert config_error("select: [TL1\n", capsys).startswith(f"{workdir / '.trail-lint.yaml'}:2:1: ")


def test_ignores_that_waive_nothing_are_tl003(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / ".trail-lint.yaml").write_text(
        "ignores:\n"
        "  - {rule: TL101, file: trails.json, reason: migrating}\n"     # used
        "  - {rule: TL302, file: trails.json, reason: no such finding}\n"
        "  - {rule: TL998, reason: a typo}\n"
        "  - {rule: TL302, file: 'other/*', reason: 'another directory, not linted here'}\n")
    assert main(["--format", "parsable", "--select", "TL1,TL302,TL003", "trails.json"]) == 0
    config = workdir / ".trail-lint.yaml"
    assert capsys.readouterr().out.splitlines() == [
        f"{config}:3:5: TL003 ignore of TL302 for '*' in 'trails.json' matches no finding",
        f"{config}:4:5: TL003 ignore names 'TL998', which is no rule (see `trail-lint --list-rules`)"]
    assert main(["--format", "parsable", "--select", "TL1,TL003", "trails.json"]) == 0   # TL302 did not run
    assert capsys.readouterr().out.splitlines() == [
        f"{config}:4:5: TL003 ignore names 'TL998', which is no rule (see `trail-lint --list-rules`)"]


def test_expired_ignore_is_reported_at_its_entry(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / ".trail-lint.yaml").write_text("fail-on: error\nignores:\n  - {rule: TL101, reason: r, expires: 2020-01-01}\n")
    main(["--format", "parsable", "--select", "TL101,TL004", "trails.json"])
    assert f"{workdir / '.trail-lint.yaml'}:3:5: TL004 ignore of TL101" in capsys.readouterr().out


def test_python_m_from_a_checkout_that_is_not_installed(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "trail_lint", checkout / "trail_lint", ignore=shutil.ignore_patterns("__pycache__"))
    (checkout / "trails.json").write_text("{}")
    # -S: no site-packages, as with a plain python and a fresh clone
    version = subprocess.run([sys.executable, "-S", "-m", "trail_lint", "--version"], cwd=checkout,
                             capture_output=True, text=True, check=False)
    assert version.returncode == 0 and version.stdout.startswith("trail-lint ")
    lint = subprocess.run([sys.executable, "-S", "-m", "trail_lint", "trails.json"], cwd=checkout,
                          capture_output=True, text=True, check=False)
    assert lint.returncode == 2
    assert "is missing: trail-lint is not installed with its dependencies; run `pip install -e .`" in lint.stderr
    assert "Traceback" not in lint.stderr
