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


def test_installed_cli_reads_sam_policy_templates(installed: Path) -> None:
    """data/sam-policy-templates.json ships in the wheel: a template beside a StopLogging Allow is read."""
    result = subprocess.run([str(installed / "trail-lint"), "--format", "parsable", "--select", "TL002,TL401",
                             "--region", "us-east-1", "tests/fixtures/cloudformation/sam-policy-templates.yaml"],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.stderr == ""
    assert "TL401 role RemediateRole can StopLogging on 'main'" in result.stdout
    assert "Remediate.S3ReadPolicy" not in result.stdout


def test_installed_cli_writes_the_html_access_report(installed: Path, tmp_path: Path) -> None:
    """The page's template, script and style ship in the wheel, and Jinja2 is installed with it."""
    result = subprocess.run([str(installed / "trail-lint"), "access", "--format", "html", "--output",
                             str(tmp_path / "report.html"), "examples"], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<script type="application/json" id="access-data">' in page and "applyFilters" in page


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, dict[str, str]]:
    """(pre-commit, a git repository holding a copy of this checkout, the environment to run it in)."""
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    base = tmp_path_factory.mktemp("hooks")
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    # A fresh repository, never a copy of .git: in a worktree .git is a pointer to the real repository,
    # and committing through it would commit to the branch under test.
    source = base / "hooks-src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", "*.egg-info", "build", "__pycache__",
                                                                 ".pytest_cache", ".hypothesis", ".venv",
                                                                 "node_modules"))
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *command], cwd=source, check=True, env=env, capture_output=True)
    return pre_commit, source, env


def _consumer(tmp_path: Path, env: dict[str, str]) -> Path:
    """A repository as a user has it: trails, a Terraform module, inputs of every kind the hook must see."""
    import json

    repo = tmp_path / "repo"
    (repo / "infra").mkdir(parents=True)
    (repo / "generated").mkdir()
    trails = [{"Name": f"team-{i}", "HomeRegion": "us-east-1", "IsMultiRegionTrail": False,
               "TrailARN": f"arn:aws:cloudtrail:us-east-1:111122223333:trail/team-{i}",
               "S3BucketName": "logs", "LogFileValidationEnabled": True, "HasCustomEventSelectors": False}
              for i in range(6)]
    (repo / "trails.json").write_text(json.dumps({"trailList": trails}, indent=2))
    (repo / "infra" / "main.tf").write_text(
        'variable "validation" {\n  type    = bool\n  default = true\n}\n\n'
        'resource "aws_cloudtrail" "audit" {\n  name                       = "audit"\n'
        '  s3_bucket_name             = "audit-logs"\n  enable_log_file_validation = var.validation\n}\n')
    (repo / "infra" / "terraform.tfvars").write_text("validation = true\n")
    for name in ("cut.tfstate", "cut.template", "cut.tf.json", "generated/cut.json"):
        (repo / name).write_text('{"version": 4,\n')       # truncated: TL001 shows the hook passed the file
    (repo / ".trail-lint.yaml").write_text("exclude: ['generated/*']\n")
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "inputs"]):
        subprocess.run(["git", *command], cwd=repo, check=True, env=env, capture_output=True)
    return repo


def _try(hooks: tuple[str, Path, dict[str, str]], repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    pre_commit, source, env = hooks
    result = subprocess.run([pre_commit, "try-repo", str(source), *args], cwd=repo, capture_output=True, text=True,
                            env=env, check=False, timeout=900)
    if "Could not find a version" in result.stdout + result.stderr:
        pytest.skip("no package index reachable")
    return result


def test_pre_commit_per_file_hook_sees_every_input_kind(hooks: tuple[str, Path, dict[str, str]],
                                                        tmp_path: Path) -> None:
    repo = _consumer(tmp_path, hooks[2])
    result = _try(hooks, repo, "trail-lint", "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    for name in ("cut.tfstate", "cut.template", "cut.tf.json"):
        assert f"{name}\n" in result.stdout, result.stdout
    assert "TL101" in result.stdout
    assert "generated/cut.json" not in result.stdout        # the configuration's exclude holds for named files


def test_pre_commit_a_changed_tfvars_lints_its_module(hooks: tuple[str, Path, dict[str, str]], tmp_path: Path) -> None:
    repo = _consumer(tmp_path, hooks[2])
    assert _try(hooks, repo, "trail-lint", "--files", "infra/terraform.tfvars").returncode == 0
    (repo / "infra" / "terraform.tfvars").write_text("validation = false\n")    # turns validation off
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=hooks[2])
    result = _try(hooks, repo, "trail-lint", "--files", "infra/terraform.tfvars")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "infra/main.tf" in result.stdout and "TL302" in result.stdout


def test_pre_commit_both_hooks_report_each_finding_once(hooks: tuple[str, Path, dict[str, str]],
                                                         tmp_path: Path) -> None:
    repo = _consumer(tmp_path, hooks[2])
    commit_stage = _try(hooks, repo, "--all-files")              # every hook of the repository
    assert commit_stage.returncode == 1
    assert commit_stage.stdout.count("  TL101  ") == 1, commit_stage.stdout     # the finding, not a mention
    assert "whole repository" not in commit_stage.stdout     # the manual stage only
    manual = _try(hooks, repo, "trail-lint-all", "--all-files", "--hook-stage", "manual")
    assert manual.returncode == 1 and manual.stdout.count("  TL101  ") == 1, manual.stdout


def test_readme_pre_commit_rev_is_a_declared_version() -> None:
    import re

    from trail_lint import __version__
    readme = (ROOT / "README.md").read_text()
    revs = re.findall(r"repo: https://github.com/trail-lint/trail-lint\n\s+rev: (\S+)", readme)
    assert revs and all(rev == f"v{__version__}" for rev in revs)
