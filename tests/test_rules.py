"""Every rule against its fixtures: good.* gives nothing, bad.* gives exactly its .expected lines.

A fixture is a file, or a folder of files linted together (e.g. describe-trails output with
get-event-selectors output). `config.yaml` in a rule's folder applies to all its fixtures.
`TRAIL_LINT_UPDATE=1 pytest tests/test_rules.py` rewrites the .expected files: review that diff.
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.registry import all_rules
from trail_lint.report import render

RULES_DIR = Path(__file__).parent / "rules"
NOT_FIXTURES = {"config.yaml", "__init__.py"}


def expected_path(fixture: Path) -> Path:
    """bad.yaml → bad.expected; bad.tfplan.json → bad.tfplan.expected; folder bad.aws → bad.aws.expected."""
    name = fixture.name if fixture.is_dir() else fixture.name.rsplit(".", 1)[0]
    return fixture.with_name(name + ".expected")


def fixtures() -> list[tuple[str, Path]]:
    found = []
    for folder in sorted(p for p in RULES_DIR.iterdir() if p.is_dir()):
        for item in sorted(folder.iterdir()):
            if item.name.startswith(("good", "bad")) and not item.name.endswith(".expected") \
                    and item.name not in NOT_FIXTURES:
                found.append((folder.name, item))
    return found


def lint_fixture(rule_id: str, fixture: Path) -> str:
    folder = fixture.parent
    raw = yaml.safe_load((folder / "config.yaml").read_text()) if (folder / "config.yaml").exists() else {}
    base = from_mapping(raw or {})
    # A folder's config may enable other rules the fixture needs (TL003 needs the rule it suppresses);
    # only this rule's findings (and read errors) are reported.
    config = replace(base, select=(rule_id, "TL000", "TL001", *base.select))
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run([fixture.name], config, all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    shown = {rule_id, "TL000", "TL001"}
    return render("parsable", [f for f in result.findings if f.suppressed is None and f.rule in shown], all_rules(),
                  tool_version="test")


@pytest.mark.parametrize(("rule_id", "fixture"), fixtures(),
                         ids=[f"{r}/{f.name}" for r, f in fixtures()])
def test_rule_fixture(rule_id: str, fixture: Path) -> None:
    output = lint_fixture(rule_id, fixture)
    if fixture.name.startswith("good"):
        assert output == ""
        return
    expected = expected_path(fixture)
    if os.environ.get("TRAIL_LINT_UPDATE"):
        expected.write_text(output)
    assert output, f"{fixture} gives no {rule_id} finding"
    assert all(f" {rule_id} " in line for line in output.splitlines()), output
    assert output == expected.read_text()


def test_every_rule_has_fixtures() -> None:
    with_fixtures = {rule_id for rule_id, _ in fixtures()}
    missing = [r.id for r in all_rules() if r.id not in with_fixtures and r.id not in ("TL000", "TL004")]
    assert missing == []


def test_every_bad_fixture_has_expected_output() -> None:
    missing = [str(f) for _, f in fixtures() if f.name.startswith("bad") and not expected_path(f).exists()]
    assert missing == []
