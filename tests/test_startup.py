"""Start-up stays light: what `trail-lint --version` and a one-file pre-commit run import.

A behaviour test, not a timing test (times are in BENCHMARKS.md): each command runs in a fresh
interpreter, which reports the modules it imported. Heavy libraries and data are loaded only by
the inputs and options that need them.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Libraries no one-file lint of a trail needs: schema validation (config files), policyuniverse
# (TL307's unknown actions), jinja2 (the HTML access report), tomllib (a pyproject.toml that does
# not configure trail-lint), importlib.resources and zipfile (data files are read by path), msgspec
# (a JSON file of a megabyte or more).
HEAVY = {"jsonschema", "policyuniverse", "jinja2", "tomllib", "importlib.resources", "zipfile",
         "trail_lint.html", "msgspec"}

_REPORT = """
import contextlib, io, json, sys
from trail_lint.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""

TERRAFORM = """resource "aws_s3_bucket" "audit" {
  bucket = "audit-logs"
}
resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = aws_s3_bucket.audit.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
"""

TERRAFORM_JSON = json.dumps({"resource": {
    "aws_s3_bucket": {"audit": {"bucket": "audit-logs"}},
    "aws_cloudtrail": {"audit": {"name": "audit", "s3_bucket_name": "${aws_s3_bucket.audit.id}",
                                 "is_multi_region_trail": True, "enable_log_file_validation": True}}}}, indent=2)

CLOUDFORMATION = """Resources:
  Audit:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
      IsMultiRegionTrail: true
"""


def _imported(cwd: Path, *argv: str) -> tuple[int, set[str]]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TRAIL_LINT")}
    done = subprocess.run([sys.executable, "-c", _REPORT, *argv], cwd=cwd, env=env, capture_output=True,
                          text=True, check=True)
    report = json.loads(done.stdout.splitlines()[-1])
    return report["status"], set(report["modules"])


def _loaded(modules: set[str], names: set[str]) -> set[str]:
    """The modules that are one of ``names`` or inside one of them."""
    return {module for module in modules if any(module == name or module.startswith(name + ".") for name in names)}


def test_version_imports_no_model_and_no_library(tmp_path: Path) -> None:
    status, modules = _imported(tmp_path, "--version")
    assert status == 0
    assert _loaded(modules, HEAVY | {"yaml", "trail_lint.model", "trail_lint.engine", "trail_lint.rules",
                                     "hashlib", "dataclasses"}) == set()


@pytest.mark.parametrize("name, text, reader, other", [
    ("main.tf", TERRAFORM, "trail_lint.normalise.terraform.hcl", {"yaml", "trail_lint.normalise.cloudformation",
                                                                  "trail_lint.normalise.terraform.hcl_json",
                                                                  "trail_lint.normalise.terraform.hcl_override"}),
    ("main.tf.json", TERRAFORM_JSON, "trail_lint.normalise.terraform.hcl_json",
     {"yaml", "trail_lint.normalise.cloudformation"}),
    ("template.yaml", CLOUDFORMATION, "trail_lint.normalise.cloudformation.template",
     {"trail_lint.normalise.terraform.hcl"}),
])
def test_one_file_run_imports_its_reader_only(tmp_path: Path, name: str, text: str, reader: str,
                                             other: set[str]) -> None:
    (tmp_path / name).write_text(text)
    status, modules = _imported(tmp_path, name)
    assert status == 1                              # the bucket has no policy: TL207 is an error
    assert reader in modules                        # the run did read the file
    assert _loaded(modules, HEAVY) == set()
    assert _loaded(modules, other) == set()


def test_a_pyproject_that_configures_trail_lint_is_read(tmp_path: Path) -> None:
    """The shortcut that skips tomllib must not skip a real [tool.trail-lint] table."""
    (tmp_path / "pyproject.toml").write_text('[tool."trail-lint"]\nignore = ["TL207"]\n')
    (tmp_path / "main.tf").write_text(TERRAFORM)
    status, modules = _imported(tmp_path, "main.tf")
    assert "tomllib" in modules or "tomli" in modules
    assert status == 0                              # TL207, the only error, is ignored


def test_a_pyproject_of_another_tool_is_not_parsed(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "infra"\n[tool.ruff]\nline-length = 100\n')
    (tmp_path / "main.tf").write_text(TERRAFORM)
    status, modules = _imported(tmp_path, "main.tf")
    assert status == 1
    assert "tomllib" not in modules


def test_a_small_plan_is_read_without_msgspec(tmp_path: Path) -> None:
    plan = {"format_version": "1.2", "resource_changes": [
        {"address": "aws_cloudtrail.audit", "mode": "managed", "type": "aws_cloudtrail", "name": "audit",
         "change": {"actions": ["create"], "after": {"name": "audit", "s3_bucket_name": "audit-logs"},
                    "after_unknown": {}}}]}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    status, modules = _imported(tmp_path, "plan.json")
    assert status == 1                              # a single-Region trail without validation
    assert "trail_lint.normalise.terraform.plan" in modules
    assert _loaded(modules, HEAVY) == set()
