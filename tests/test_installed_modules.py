"""Registry and Git modules that `terraform init` installed: the root module's
.terraform/modules/modules.json records, for each module call (its key: the module names from the
root joined by dots), the source and the directory of the copy, which is read as a local module is.
A call whose recorded source is not the one written (init due again) stays unread, as does a call
with no record."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trail_lint.cli import main
from trail_lint.normalise.terraform.hcl_modules import _bare_source

ROOT = ('provider "aws" {\n  region = "eu-west-1"\n}\n\n'
        'module "trail" {\n  source  = "acme/trail/aws"\n  version = "1.0.0"\n  bucket  = "audit-logs-eu"\n}\n')
TRAIL_MODULE = ('variable "bucket" {\n  type = string\n}\n\n'
                'module "label" {\n  source = "git::https://github.com/acme/label.git?ref=v2"\n  name   = "audit"\n}\n\n'
                'resource "aws_cloudtrail" "this" {\n  count                      = module.label.enabled ? 1 : 0\n'
                '  name                       = module.label.id\n  s3_bucket_name             = var.bucket\n'
                '  enable_log_file_validation = false\n}\n')
LABEL_MODULE = ('variable "name" {\n  type = string\n}\n\nvariable "enabled" {\n  type    = bool\n  default = true\n}\n\n'
                'output "id" {\n  value = "acme-${var.name}"\n}\n\noutput "enabled" {\n  value = var.enabled\n}\n')


def installed(root: Path, recorded_label: str = "git::https://github.com/acme/label.git?ref=v2") -> Path:
    modules = root / ".terraform" / "modules"
    for name, text in (("main.tf", ROOT), (".terraform/modules/trail/main.tf", TRAIL_MODULE),
                       (".terraform/modules/trail.label/main.tf", LABEL_MODULE)):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (modules / "modules.json").write_text(json.dumps({"Modules": [
        {"Key": "", "Source": "", "Dir": "."},
        {"Key": "trail", "Source": "registry.terraform.io/acme/trail/aws", "Version": "1.0.0",
         "Dir": ".terraform/modules/trail"},
        {"Key": "trail.label", "Source": recorded_label, "Dir": ".terraform/modules/trail.label"}]}))
    return root


def lint(root: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    main(["--format", "json", str(root)])
    findings: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return findings


def test_installed_modules_are_read_as_local_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    findings = lint(installed(tmp_path / "root"), capsys)
    assert not [f for f in findings if "not read offline" in f["message"]]
    validation = [f for f in findings if f["rule"] == "TL302"]
    assert [(f["file"].endswith(".terraform/modules/trail/main.tf"), f["message"]) for f in validation] == [
        (True, "log file validation is disabled for trail 'acme-audit'")]


def test_without_the_record_the_modules_stay_unread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = installed(tmp_path / "root")
    (root / ".terraform" / "modules" / "modules.json").unlink()
    findings = lint(root, capsys)
    assert not [f for f in findings if f["rule"] == "TL302"]
    assert [f["message"].split(" (")[0] for f in findings if f["rule"] == "TL002"] == [
        "modules from a registry or Git are not read offline"]


def test_a_record_of_another_source_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The label module was installed at ref v1 and the call now asks for v2: Terraform wants init again,
    and what the module gives (the trail's count and name) is not known."""
    findings = lint(installed(tmp_path / "root", "git::https://github.com/acme/label.git?ref=v1"), capsys)
    assert [f["message"] for f in findings if f["rule"] == "TL302"] == [
        "log file validation is disabled for trail 'module.trail.aws_cloudtrail.this'"]
    assert any(f["rule"] == "TL002" and "not read offline" in f["message"] for f in findings)


@pytest.mark.parametrize(("recorded", "written"), [
    ("registry.terraform.io/cloudposse/label/null", "cloudposse/label/null"),
    ("git::https://github.com/acme/label.git?ref=v2", "github.com/acme/label?ref=v2"),
    ("git::https://github.com/acme/mods.git//modules/trail?ref=v2", "git::https://github.com/acme/mods.git//modules/trail?ref=v2"),
    ("git::https://github.com/acme/mods.git//modules/trail?ref=v2", "github.com/acme/mods//modules/trail?ref=v2")])
def test_a_source_is_recorded_as_init_spells_it(recorded: str, written: str) -> None:
    assert _bare_source(recorded) == _bare_source(written)
    assert _bare_source(recorded) != _bare_source(written + "x")
