"""What a user installs works: the wheel carries the rules, schemas and data; the pre-commit hooks run.

These build the project into fresh virtual environments (pip, from this checkout), so they
take a minute; they are skipped when pip cannot reach a package index.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _venv(path: Path) -> Path:
    venv.EnvBuilder(with_pip=True, clear=True).create(path)
    return path / "bin" / "python"


def _pip(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(python), "-m", "pip", "install", "--quiet", *args], capture_output=True,
                          text=True, check=False, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with a non-editable `pip install .` of a copy of this checkout."""
    source = tmp_path_factory.mktemp("src") / "trail-lint"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", "*.egg-info", "build", "__pycache__",
                                                                 ".pytest_cache", ".hypothesis", ".venv"))
    python = _venv(tmp_path_factory.mktemp("venv") / "env")
    result = _pip(python, str(source))
    if result.returncode != 0:
        if "No matching distribution" in result.stderr or "Could not find a version" in result.stderr:
            pytest.skip("no package index reachable")
        pytest.fail(result.stderr)
    return python.parent


def test_installed_cli_lists_rules(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(installed / "trail-lint"), "--list-rules"], capture_output=True, text=True,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert "TL101  trail-quota-exceeded" in result.stdout
    from trail_lint.registry import all_rules

    assert len(result.stdout.splitlines()) == len(all_rules())


def test_installed_cli_explains_with_examples_and_validates_config(installed: Path, tmp_path: Path) -> None:
    explain = subprocess.run([str(installed / "trail-lint"), "--explain", "TL101"], capture_output=True,
                             text=True, cwd=tmp_path, check=False)
    assert explain.returncode == 0 and "Bad example: bad.tfplan.json" in explain.stdout
    (tmp_path / ".trail-lint.yaml").write_text("regions: [not-a-region]\n")
    (tmp_path / "empty.json").write_text("{}\n")
    bad_config = subprocess.run([str(installed / "trail-lint"), "empty.json"], capture_output=True, text=True,
                                cwd=tmp_path, check=False)
    assert bad_config.returncode == 2 and "regions.0" in bad_config.stderr


def test_installed_cli_lints_the_examples(installed: Path) -> None:
    result = subprocess.run([str(installed / "trail-lint"), "--format", "json", "examples"], capture_output=True,
                            text=True, cwd=ROOT, check=False)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert '"TL101"' in result.stdout


def test_installed_cli_writes_the_html_access_report(installed: Path, tmp_path: Path) -> None:
    """The page's template, script and style ship in the wheel, and Jinja2 is installed with it."""
    result = subprocess.run([str(installed / "trail-lint"), "access", "--format", "html", "--output",
                             str(tmp_path / "report.html"), "examples"], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<script type="application/json" id="access-data">' in page and "applyFilters" in page


def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """Run the hooks of this checkout with real pre-commit in a throwaway git repository."""
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    repo = tmp_path / "repo"
    repo.mkdir()
    trails = [{"Name": f"team-{i}", "HomeRegion": "us-east-1", "IsMultiRegionTrail": False,
               "TrailARN": f"arn:aws:cloudtrail:us-east-1:111122223333:trail/team-{i}",
               "S3BucketName": "logs", "LogFileValidationEnabled": True, "HasCustomEventSelectors": False}
              for i in range(6)]
    import json

    (repo / "trails.json").write_text(json.dumps({"trailList": trails}, indent=2))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "trails.json"], cwd=repo, check=True, env=env)
    source = tmp_path / "hooks-src"
    # A copy of the working tree in a repository of its own: pre-commit needs a commit to check out,
    # and the checkout's own .git (a file pointing back at the real repository in a git worktree)
    # must never be written to.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", "*.egg-info", "build", "__pycache__",
                                                                 ".pytest_cache", ".hypothesis", ".venv",
                                                                 "node_modules"))
    subprocess.run(["git", "init", "-q"], cwd=source, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=source, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "test snapshot"], cwd=source, check=True, env=env)
    for hook in ("trail-lint", "trail-lint-all"):
        result = subprocess.run([pre_commit, "try-repo", str(source), hook, "--all-files"], cwd=repo,
                                capture_output=True, text=True, env=env, check=False, timeout=900)
        if "Could not find a version" in result.stdout + result.stderr:
            pytest.skip("no package index reachable")
        assert result.returncode == 1, result.stdout + result.stderr
        assert "TL101" in result.stdout, result.stdout
