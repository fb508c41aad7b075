"""A local module call that passes an argument its module does not declare, or leaves out a variable
without a default: `terraform validate` refuses the configuration, and trail-lint says TL223 at the
argument, or TL211 at the module block, still reading the module as called. `terraform validate` is the
oracle where it is on PATH (a configuration of modules without providers validates offline)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.config import Config, Ignore
from trail_lint.engine import run
from trail_lint.finding import Finding
from trail_lint.registry import all_rules

TRAIL = '''
resource "aws_cloudtrail" "this" {
  name           = var.name
  s3_bucket_name = "audit-logs-123456789012"
}
'''


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _run(root: Path, config: Config | None = None) -> list[Finding]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return run(["."], config or Config(region="us-east-1"), all_rules(), raise_errors=True).findings
    finally:
        os.chdir(cwd)


def _findings(root: Path, *rules: str) -> list[str]:
    return [f"{f.file}:{f.line}:{f.column}: {f.rule} {f.message}" for f in _run(root)
            if not rules or f.rule in rules]


def test_an_argument_the_module_does_not_declare_is_reported_and_the_module_still_read(tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.tf": 'module "trail" {\n  source = "./mod"\n  name   = "audit"\n  bogus  = "x"\n}\n',
        "mod/main.tf": 'variable "name" {\n  type = string\n}\n' + TRAIL,
    })
    found = _findings(tmp_path)
    assert [f for f in found if " TL223 " in f or " TL211 " in f or " TL001 " in f] == [
        ("main.tf:4:3: TL223 module.trail passes 'bogus', which its module ./mod does not declare as a variable: "
        "Terraform rejects the configuration (Unsupported argument)")]
    # the trail the module makes is read with the name passed, and checked
    assert "mod/main.tf:5:1: TL302 log file validation is disabled for trail 'audit'" in found


def test_a_variable_without_a_default_not_passed_is_reported_at_the_call(tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.tf": 'module "trail" {\n  source = "./mod"\n  name   = "audit"\n}\n',
        "mod/main.tf": 'variable "name" {}\nvariable "owner" {\n  type = string\n}\n'
                       'variable "team" {\n  default = null\n}\n' + TRAIL,
    })
    assert _findings(tmp_path, "TL001", "TL211", "TL223") == [
        ("main.tf:1:1: TL211 module.trail does not pass 'owner', a variable of its module ./mod without a default: "
        "Terraform rejects the configuration (Missing required argument)")]


def test_meta_arguments_are_not_variables_and_a_call_with_count_is_reported_once(tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.tf": 'provider "aws" {\n  alias  = "east"\n  region = "us-east-1"\n}\n'
                   'module "trail" {\n  source     = "./mod"\n  count      = 2\n  providers  = { aws = aws.east }\n'
                   '  depends_on = []\n  name       = "audit-${count.index}"\n  extra      = 1\n}\n'
                   'module "each" {\n  source   = "./mod"\n  for_each = toset(["a", "b"])\n'
                   '  name     = "audit-${each.key}"\n}\n',
        "mod/main.tf": 'variable "name" {}\n' + TRAIL,
    })
    assert _findings(tmp_path, "TL001", "TL211", "TL223") == [
        ("main.tf:11:3: TL223 module.trail passes 'extra', which its module ./mod does not declare as a variable: "
        "Terraform rejects the configuration (Unsupported argument)")]


def test_a_nested_module_call_is_checked_in_its_own_file(tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.tf": 'module "outer" {\n  source = "./outer"\n}\n',
        "outer/main.tf": 'module "inner" {\n  source = "../inner"\n  nme    = "audit"\n}\n',
        "inner/main.tf": 'variable "name" {\n  default = "audit"\n}\n' + TRAIL,
    })
    assert _findings(tmp_path, "TL001", "TL211", "TL223") == [
        ("outer/main.tf:3:3: TL223 module.outer.module.inner passes 'nme', which its module ../inner does not "
        "declare as a variable: Terraform rejects the configuration (Unsupported argument)")]


CALL = 'module "trail" {\n  source = "./mod"\n  bogus  = "x"\n}\n'
MODULE = 'variable "name" {\n  default = "audit"\n}\nvariable "owner" {}\n' + TRAIL


@pytest.mark.parametrize("call", [
    '# trail-lint: ignore=TL223,TL211 kept for the next module version\n' + CALL,
    CALL.replace('{\n', '{  # trail-lint: ignore=unsupported-property,TL211 kept for the next module version\n', 1),
    CALL.replace('"x"\n', '"x"\n  # trail-lint: ignore=TL223,missing-required-property kept for the next module version\n'),
], ids=["above", "first-line", "inside"])
def test_an_inline_suppression_of_the_module_call_waives_its_findings(tmp_path: Path, call: str) -> None:
    _write(tmp_path, {"main.tf": call, "mod/main.tf": MODULE})
    found = [f for f in _run(tmp_path) if f.rule in ("TL211", "TL223", "TL003")]
    assert sorted(f.rule for f in found) == ["TL211", "TL223"]
    assert all(f.suppressed == "inline: kept for the next module version" for f in found)


def test_a_configured_ignore_names_the_module_call(tmp_path: Path) -> None:
    _write(tmp_path, {"main.tf": CALL, "mod/main.tf": MODULE})
    ignores = (Ignore("TL223", "kept", resource="module.trail"), Ignore("TL211", "kept", resource="module.other"))
    found = {f.rule: f.suppressed for f in _run(tmp_path, Config(region="us-east-1", ignores=ignores))
             if f.rule in ("TL211", "TL223")}
    assert found == {"TL223": "config: kept", "TL211": None}


def test_the_fingerprints_do_not_move_with_the_lines(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _write(first, {"main.tf": CALL, "mod/main.tf": MODULE})
    _write(second, {"main.tf": "\n\n" + CALL.replace("source", "# a comment\n  source"), "mod/main.tf": MODULE})
    prints = [{(f.rule, f.line, f.fingerprint) for f in _run(root) if f.rule in ("TL211", "TL223")}
              for root in (first, second)]
    assert {(rule, line) for rule, line, _ in prints[0]} == {("TL223", 3), ("TL211", 1)}
    assert {(rule, line) for rule, line, _ in prints[1]} == {("TL223", 6), ("TL211", 3)}
    assert {(rule, fingerprint) for rule, _, fingerprint in prints[0]} == \
        {(rule, fingerprint) for rule, _, fingerprint in prints[1]}


@pytest.mark.parametrize("files", [
    # a registry or Git module is not read: what it declares is not known
    {"main.tf": 'module "trail" {\n  source  = "terraform-aws-modules/cloudtrail/aws"\n  version = "1.0.0"\n'
                '  anything = 1\n}\n'},
    {"main.tf": 'module "trail" {\n  source   = "git::https://example.com/m.git"\n  anything = 1\n}\n'},
    # a file of the module that does not parse may declare the variable (its own TL001 says so)
    {"main.tf": 'module "trail" {\n  source   = "./mod"\n  anything = 1\n}\n',
     "mod/main.tf": 'variable "name" {\n  default = "x"\n}\n', "mod/broken.tf": 'variable "anything" {\n'},
    # a local module not on disk: nothing is read (Terraform says it cannot read the directory)
    {"main.tf": 'module "trail" {\n  source   = "./missing"\n  anything = 1\n}\n'},
], ids=["registry", "git", "unparsed-file", "missing-directory"])
def test_a_module_not_read_whole_is_not_checked(tmp_path: Path, files: dict[str, str]) -> None:
    _write(tmp_path, files)
    assert [f for f in _findings(tmp_path, "TL001", "TL211", "TL223") if "module.trail" in f] == []


# --- terraform validate as the oracle ---------------------------------------------------------

HAS_TERRAFORM = shutil.which("terraform") is not None
NAMES = ("alpha", "beta", "gamma", "delta")


def _validate(root: Path) -> set[tuple[str, int, str]]:
    """(file, line, summary) of each error `terraform validate` gives (modules without providers)."""
    env = {**os.environ, "TF_CLI_CONFIG_FILE": os.devnull, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    subprocess.run(["terraform", "init", "-backend=false", "-input=false", "-no-color"], cwd=root, env=env,
                   capture_output=True, check=True, timeout=120)
    out = subprocess.run(["terraform", "validate", "-json", "-no-color"], check=False, cwd=root, env=env,
                         capture_output=True, text=True, timeout=120)
    found = json.loads(out.stdout)
    return {(d["range"]["filename"], d["range"]["start"]["line"], d["summary"]) for d in found["diagnostics"]
            if d["severity"] == "error"}


@pytest.mark.skipif(not HAS_TERRAFORM, reason="needs terraform on PATH")
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(declared=st.dictionaries(st.sampled_from(NAMES), st.booleans(), max_size=4),
       passed=st.sets(st.sampled_from(NAMES)))
def test_the_errors_are_those_terraform_validate_gives(tmp_path_factory: pytest.TempPathFactory,
                                                       declared: dict[str, bool], passed: set[str]) -> None:
    root = tmp_path_factory.mktemp("calls")
    arguments = "".join(f'  {name} = "x"\n' for name in sorted(passed))
    variables = "".join(f'variable "{name}" {{\n' + ('  default = "d"\n' if has_default else "") + "}\n"
                        for name, has_default in declared.items())
    _write(root, {"main.tf": f'module "m" {{\n  source = "./mod"\n{arguments}}}\n',
                  "mod/main.tf": variables + 'output "o" {\n  value = 1\n}\n'})
    # Terraform's error for each: the rule trail-lint says it with, and the words its message ends with
    summaries = {"Unsupported argument": "TL223", "Missing required argument": "TL211"}
    expected = {(file, line, summaries[summary], summary) for file, line, summary in _validate(root)
                if summary in summaries}
    found = {(f.file.removeprefix("./"), f.line, f.rule, f.message.rsplit("(", 1)[1].rstrip(")"))
             for f in _run(root) if f.rule in ("TL001", "TL211", "TL223")}
    assert found == expected


def test_an_undeclared_variable_the_call_passes_is_said_at_the_call(tmp_path: Path) -> None:
    """The module uses var.name without declaring it, and the call passes `name`: Terraform reports
    "Unsupported argument" at the call's argument, so the unknown var.name is said there, in the
    caller's file, beside TL223; a variable the call does not pass stays where the module uses it."""
    _write(tmp_path, {
        "main.tf": 'module "trail" {\n  source = "./mod"\n  name   = "audit"\n}\n',
        "mod/main.tf": TRAIL.replace('"audit-logs-123456789012"', "var.bucket"),
    })
    found = [f for f in _findings(tmp_path, "TL002", "TL223") if "name" in f or "bucket" in f]
    assert [f.split(":", 3)[:3] for f in found if "var.name is not declared" in f] == [["main.tf", "3", "3"]]
    assert any(f.startswith("main.tf:3:3: TL223 module.trail passes 'name'") for f in found)
    assert [f.split(":", 3)[:3] for f in found if "var.bucket is not declared" in f] == [["mod/main.tf", "4", "3"]]
