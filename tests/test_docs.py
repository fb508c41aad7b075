"""Registry invariants and generated documentation."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

from trail_lint.docs import rules_markdown, update_readme
from trail_lint.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]
HEADINGS = ("## Why it matters", "## Fix", "## References")


def test_ids_and_names_are_unique_and_well_formed() -> None:
    rules = all_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(r"TL\d{3}", rule.id)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert [r.id for r in rules] == sorted(r.id for r in rules)


def test_every_rule_module_is_registered_under_its_file_name() -> None:
    registered = {r.id: r for r in all_rules()}
    modules = sorted(p.stem for p in (ROOT / "rules").glob("tl[0-9][0-9][0-9]_*.py"))
    assert len(modules) == len(registered)
    for stem in modules:
        module = importlib.import_module(f"trail_lint.rules.{stem}")
        assert registered[module.RULE.id] is module.RULE
        assert stem == f"{module.RULE.id.lower()}_{module.RULE.name.replace('-', '_')}"


def test_every_rule_documents_why_and_how_to_fix_in_every_format() -> None:
    for rule in all_rules():
        doc = rule.doc
        positions = [doc.find(h) for h in HEADINGS]
        assert -1 not in positions and positions == sorted(positions), rule.id
        fix = doc[doc.find("## Fix"):doc.find("## References")]
        for form in ("Terraform", "CloudFormation", "CLI"):
            assert form in fix, f"{rule.id} has no {form} fix"
        assert "https://" in doc[doc.find("## References"):], rule.id


def test_generated_docs_are_up_to_date() -> None:
    rules = all_rules()
    assert (ROOT / "docs" / "rules.md").read_text() == rules_markdown(rules), \
        "run `python -m trail_lint.docs`"
    readme = (ROOT / "README.md").read_text()
    assert update_readme(readme, rules) == readme, "run `python -m trail_lint.docs`"


def test_rule_by_id_finds_every_rule_and_imports_only_its_module() -> None:
    import subprocess
    import sys

    import pytest

    from trail_lint.registry import rule_by_id

    for rule in all_rules():
        assert rule_by_id(rule.id) is rule
    with pytest.raises(KeyError):
        rule_by_id("TL999")
    # a run with only the reading rules (what `trail-lint access` runs) imports no other rule module
    code = ("import sys; from trail_lint.config import Config; from trail_lint.engine import run; "
            "from trail_lint.registry import rule_by_id; "
            f"run([{str(ROOT / 'examples' / 'terraform')!r}], Config(), [rule_by_id('TL000'), rule_by_id('TL001')]); "
            "print(sorted(m for m in sys.modules if m.startswith('trail_lint.rules.')))")
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert imported.strip() == "['trail_lint.rules.tl000_rule_crashed', 'trail_lint.rules.tl001_unreadable_input']"
