"""Terragrunt units: the module a terragrunt.hcl deploys is read with the unit's inputs (below the
module's variable files), its includes and the provider it generates; what Terragrunt learns only
when it runs is unknown, said once; a unit is its own deployment."""
from __future__ import annotations

from pathlib import Path

import pytest

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.finding import Finding
from trail_lint.registry import all_rules

MODULE = '''
variable "name" {
  type = string
}
variable "bucket" {
  type = string
}
variable "multi" {
  type    = bool
  default = false
}
resource "aws_cloudtrail" "this" {
  name                       = var.name
  s3_bucket_name             = var.bucket
  is_multi_region_trail      = var.multi
  enable_log_file_validation = true
}
'''

ROOT = '''
generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite"
  contents  = <<EOF
provider "aws" {
  region = "eu-west-1"
}
EOF
}
inputs = {
  bucket = "shared-audit-logs"
}
'''


def unit(name: str, inputs: str, source: str = "../../modules/trail", extra: str = "") -> str:
    return f'''
include "root" {{
  path = find_in_parent_folders()
}}
terraform {{
  source = "{source}"
}}
{extra}
inputs = {{
{inputs}
}}
'''


def repository(tmp_path: Path, units: dict[str, str], root: str = ROOT) -> Path:
    (tmp_path / "modules" / "trail").mkdir(parents=True)
    (tmp_path / "modules" / "trail" / "main.tf").write_text(MODULE)
    (tmp_path / "live").mkdir()
    (tmp_path / "live" / "terragrunt.hcl").write_text(root)
    for name, text in units.items():
        (tmp_path / "live" / name).mkdir(parents=True)
        (tmp_path / "live" / name / "terragrunt.hcl").write_text(text)
    return tmp_path


def lint(*paths: Path, rules: tuple[str, ...] = ()) -> list[Finding]:
    return run([str(p) for p in paths], Config(select=rules), all_rules(), raise_errors=True).findings


def test_the_unit_s_inputs_are_the_module_s_variables(tmp_path: Path) -> None:
    found = lint(repository(tmp_path, {"prod": unit("prod", 'name = "prod-audit"\n  multi = true')}))
    trails = {f.message for f in found if f.rule == "TL303"}
    assert trails == {"log files of trail 'prod-audit' are not encrypted with a KMS key"}
    # multi = true from the inputs: no home-Region-only finding from the variable's default
    assert not [f for f in found if f.rule == "TL316"]
    # the Region comes from the provider the root configuration generates
    assert {f.region for f in found if f.rule == "TL303"} == {"eu-west-1"}
    assert not [f for f in found if f.rule == "TL002" and "Region" in f.message]
    # the module is read as the unit's, never on its own with its variables unset
    assert not [f for f in found if "has no value" in f.message]


def test_a_default_the_inputs_leave_alone_still_applies(tmp_path: Path) -> None:
    found = lint(repository(tmp_path, {"dev": unit("dev", 'name = "dev-audit"')}))
    assert [f.message for f in found if f.rule == "TL316"] == \
        ["trail 'dev-audit' records events in its home Region (eu-west-1) only"]


def test_the_module_s_tfvars_win_over_the_inputs(tmp_path: Path) -> None:
    # Terragrunt passes inputs as TF_VAR_ variables, which every variable file overrides
    repository(tmp_path, {"prod": unit("prod", 'name = "from-inputs"')})
    (tmp_path / "modules" / "trail" / "terraform.tfvars").write_text('name = "from-tfvars"\n')
    found = lint(tmp_path / "live")
    assert {f.message for f in found if f.rule == "TL303"} == \
        {"log files of trail 'from-tfvars' are not encrypted with a KMS key"}


def test_two_units_of_one_module_are_two_deployments(tmp_path: Path) -> None:
    found = lint(repository(tmp_path, {"dev": unit("dev", 'name = "dev-audit"'),
                                       "prod": unit("prod", 'name = "prod-audit"')}), rules=("TL002", "TL501"))
    # both copy management events in eu-west-1, but whether dev and prod are one account is not known
    assert not [f for f in found if f.rule == "TL501"]
    said = [f.message for f in found if f.rule == "TL002" and "TL501" in f.message]
    assert len(said) == 1 and "terragrunt unit" in said[0] and "one account" in said[0]


def test_a_unit_whose_module_is_not_in_the_repository_is_said_once(tmp_path: Path) -> None:
    remote = unit("x", 'name = "x"', source="git::https://example.com/modules.git//trail?ref=v1")
    found = lint(repository(tmp_path, {"remote": remote}) / "live")
    said = [f for f in found if f.rule == "TL002"]
    assert len(said) == 1
    assert "deploys a module from 'git::https://example.com/modules.git//trail?ref=v1'" in said[0].message
    assert Path(said[0].file).name == "terragrunt.hcl" and said[0].line == 6


def test_what_terragrunt_learns_when_it_runs_is_unknown_never_guessed(tmp_path: Path) -> None:
    inputs = 'name = "dev-${get_env("STAGE", "x")}"\n  bucket = dependency.logs.outputs.bucket'
    extra = 'dependency "logs" {\n  config_path = "../logs"\n}'
    found = lint(repository(tmp_path, {"dev": unit("dev", inputs, extra=extra)}))
    said = [f.message for f in found if f.rule == "TL002"]
    assert any("get_env() is known when Terragrunt runs" in m and "name of aws_cloudtrail.this" in m for m in said)
    # no finding names the trail by a guessed name, and the log bucket's checks are not decided
    assert not [f for f in found if "'dev-x'" in f.message]
    assert not [f for f in found if f.rule in ("TL207", "TL212", "TL307")]


@pytest.mark.parametrize("strategy, expected", [
    ("deep", {"team": "audit", "env": "prod"}),
    ("shallow", {"env": "prod"}),
    ("no_merge", {"env": "prod"}),
])
def test_include_merge_strategies(tmp_path: Path, strategy: str, expected: dict[str, str]) -> None:
    from trail_lint.normalise.terraform.terragrunt import read_unit

    root = 'inputs = {\n  tags = { team = "audit" }\n  name = "from-root"\n}\n'
    child = f'''
include "root" {{
  path           = find_in_parent_folders()
  merge_strategy = "{strategy}"
}}
terraform {{
  source = "../../modules/trail"
}}
inputs = {{
  tags = {{ env = "prod" }}
}}
'''
    repository(tmp_path, {"prod": child}, root=root)
    found = read_unit(str(tmp_path / "live" / "prod" / "terragrunt.hcl"))
    assert found is not None and found.inputs["tags"] == expected
    assert found.inputs.get("name") == (None if strategy == "no_merge" else "from-root")


def test_a_file_only_included_is_no_unit(tmp_path: Path) -> None:
    from trail_lint.normalise.terraform.terragrunt import read_unit

    repository(tmp_path, {})
    assert read_unit(str(tmp_path / "live" / "terragrunt.hcl")) is None


def test_a_unit_that_does_not_parse_costs_only_itself(tmp_path: Path) -> None:
    repository(tmp_path, {"prod": unit("prod", 'name = "prod-audit"'),
                          "dev": 'terraform {\n  source = "../../modules/trail"\n}\ninputs = { a = 1 b = 2 }\n'})
    found = lint(tmp_path)
    bad = [f for f in found if f.rule == "TL001"]
    assert [(Path(f.file).parent.name, f.line) for f in bad] == [("dev", 4)]
    assert {f.message for f in found if f.rule == "TL303"} == \
        {"log files of trail 'prod-audit' are not encrypted with a KMS key"}


def test_terragrunt_s_working_copies_are_not_read(tmp_path: Path) -> None:
    repository(tmp_path, {"prod": unit("prod", 'name = "prod-audit"')})
    cache = tmp_path / "live" / "prod" / ".terragrunt-cache" / "abc" / "def"
    cache.mkdir(parents=True)
    (cache / "main.tf").write_text(MODULE)
    found = lint(tmp_path)
    assert not [f for f in found if ".terragrunt-cache" in f.file]
    assert len([f for f in found if f.rule == "TL303"]) == 1



def test_the_region_a_generated_provider_reads_from_another_terragrunt_file(tmp_path: Path) -> None:
    # the layout of Terragrunt's reference architecture: region.hcl beside the units, read by the root
    root = '''
locals {
  region_vars = read_terragrunt_config(find_in_parent_folders("region.hcl"))
  aws_region  = local.region_vars.locals.aws_region
}
generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<EOF
provider "aws" {
  region = "${local.aws_region}"
}
EOF
}
'''
    repository(tmp_path, {"eu-central-1/audit": unit("audit", 'name = "audit"\n  bucket = "logs"',
                                                      source="../../../modules/trail")}, root=root)
    (tmp_path / "live" / "eu-central-1" / "region.hcl").write_text('locals {\n  aws_region = "eu-central-1"\n}\n')
    found = lint(tmp_path / "live")
    assert {f.region for f in found if f.rule == "TL303"} == {"eu-central-1"}
    assert not [f for f in found if f.rule == "TL002" and "Region" in f.message]


def test_a_unit_s_locals_read_a_file_beside_it(tmp_path: Path) -> None:
    extra = 'locals {\n  config = yamldecode(file("trail.yml"))\n}'
    repository(tmp_path, {"prod": unit("prod", 'name = local.config.name\n  multi = local.config.multi', extra=extra)})
    (tmp_path / "live" / "prod" / "trail.yml").write_text("name: from-yaml\nmulti: true\n")
    found = lint(tmp_path / "live")
    assert {f.message for f in found if f.rule == "TL303"} == \
        {"log files of trail 'from-yaml' are not encrypted with a KMS key"}
    assert not [f for f in found if f.rule == "TL316"]


def test_an_exposed_include_gives_its_locals(tmp_path: Path) -> None:
    # the layout of Terragrunt's example repositories: an _envcommon file included and exposed
    common = 'locals {\n  trail_name = "org-audit"\n}\n'
    child = '''
include "envcommon" {
  path   = "${dirname(find_in_parent_folders())}/_envcommon/trail.hcl"
  expose = true
}
terraform {
  source = "../../modules/trail"
}
inputs = {
  name   = include.envcommon.locals.trail_name
  bucket = "logs"
}
'''
    repository(tmp_path, {"prod": child})
    (tmp_path / "live" / "_envcommon").mkdir()
    (tmp_path / "live" / "_envcommon" / "trail.hcl").write_text(common)
    found = lint(tmp_path / "live")
    assert {f.message for f in found if f.rule == "TL303"} == \
        {"log files of trail 'org-audit' are not encrypted with a KMS key"}


def test_a_unit_whose_include_cannot_be_read_is_said_unread(tmp_path: Path) -> None:
    repository(tmp_path, {"prod": unit("prod", 'name = "prod-audit"'), "dev": unit("dev", 'name = "dev-audit"')},
               root='remote_state {\n  config = { a = 1 b = 2 }\n}\n')
    found = lint(tmp_path / "live")
    # the broken root is one TL001; each unit that includes it says it is not read, at its include block
    assert [(Path(f.file).parent.name, f.line) for f in found if f.rule == "TL001"] == [("live", 2)]
    said = sorted((Path(f.file).parent.name, f.line) for f in found if f.rule == "TL002")
    assert said == [("dev", 2), ("prod", 2)]
    assert all("cannot be read" in f.message for f in found if f.rule == "TL002")


def test_an_include_whose_path_is_not_known_is_said(tmp_path: Path) -> None:
    child = unit("prod", 'name = "prod-audit"').replace("find_in_parent_folders()", 'get_env("ROOT")')
    found = lint(repository(tmp_path, {"prod": child}) / "live")
    said = [f.message for f in found if f.rule == "TL002"]
    assert len(said) == 1 and "get_env() is known when Terragrunt runs" in said[0]
    assert not [f for f in found if f.rule == "TL303"]      # nothing read from a unit only half known


def test_extra_arguments_var_files_and_the_unit_s_own_tfvars_are_read(tmp_path: Path) -> None:
    # required_var_files are -var-file options: above the inputs and the module's own variable files
    extra = '''
  extra_arguments "common" {
    commands           = ["plan", "apply"]
    required_var_files = ["${get_parent_terragrunt_dir()}/common.tfvars"]
    optional_var_files = ["${get_terragrunt_dir()}/absent.tfvars"]
  }'''
    text = unit("prod", 'name = "from-inputs"').replace('source = "../../modules/trail"\n',
                                                         'source = "../../modules/trail"\n' + extra + "\n")
    repository(tmp_path, {"prod": text})
    (tmp_path / "live" / "prod" / "common.tfvars").write_text('multi = true\n')
    (tmp_path / "live" / "prod" / "terraform.tfvars").write_text('name = "from-unit-tfvars"\n')
    found = lint(tmp_path / "live")
    assert {f.message for f in found if f.rule == "TL303"} == \
        {"log files of trail 'from-unit-tfvars' are not encrypted with a KMS key"}
    assert not [f for f in found if f.rule == "TL316"]      # multi = true from the required var file


def test_a_required_var_file_that_does_not_exist_leaves_the_unit_unread(tmp_path: Path) -> None:
    extra = '''
  extra_arguments "common" {
    commands           = ["plan"]
    required_var_files = ["missing.tfvars"]
  }'''
    text = unit("prod", 'name = "prod-audit"').replace('source = "../../modules/trail"\n',
                                                       'source = "../../modules/trail"\n' + extra + "\n")
    found = lint(repository(tmp_path, {"prod": text}) / "live")
    said = [f.message for f in found if f.rule == "TL002"]
    assert len(said) == 1 and "required variable file 'missing.tfvars'" in said[0]
    assert not [f for f in found if f.rule == "TL303"]


def test_the_unit_directory_s_own_tf_files_join_the_module(tmp_path: Path) -> None:
    # Terragrunt copies the unit's directory beside the downloaded module: a provider.tf there is the module's
    repository(tmp_path, {"prod": unit("prod", 'name = "prod-audit"\n  multi = true')}, root='inputs = {\n  bucket = "logs"\n}\n')
    (tmp_path / "live" / "prod" / "provider.tf").write_text('provider "aws" {\n  region = "ap-southeast-2"\n}\n')
    found = lint(tmp_path / "live")
    assert {f.region for f in found if f.rule == "TL303"} == {"ap-southeast-2"}
    assert not [f for f in found if f.rule == "TL002" and ("Region" in f.message or "has no value" in f.message)]


def test_var_options_among_extra_arguments_set_variables(tmp_path: Path) -> None:
    extra = '''
  extra_arguments "vars" {
    commands  = ["plan", "apply"]
    arguments = ["-var", "multi=true", "-var=name=from-arguments", "-lock-timeout=20m"]
  }'''
    text = unit("prod", 'name = "from-inputs"').replace('source = "../../modules/trail"\n',
                                                         'source = "../../modules/trail"\n' + extra + "\n")
    found = lint(repository(tmp_path, {"prod": text}) / "live")
    assert {f.message for f in found if f.rule == "TL303"} == \
        {"log files of trail 'from-arguments' are not encrypted with a KMS key"}
    assert not [f for f in found if f.rule == "TL316"]
