"""Rule documentation: the list, `--explain`, and the generated docs/rules.md and README table.

The docs are the rule modules' docstrings; the examples are the rules' test fixtures
(tests/rules/<ID>/ in a checkout, trail_lint/rule_examples/<ID>/ in the wheel), so the
documentation cannot drift from what the tests check.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from trail_lint.rule import Rule

_PACKAGE = Path(__file__).resolve().parent
EXAMPLE_DIRS = (_PACKAGE / "rule_examples", _PACKAGE.parent / "tests" / "rules")


def rule_list(rules: Sequence[Rule]) -> str:
    width = max(len(r.name) for r in rules)
    lines = [f"{r.id}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}" for r in rules]
    return "\n".join(lines) + "\n"


def find_rule(ref: str, rules: Sequence[Rule]) -> Rule | None:
    for rule in rules:
        if ref.upper() == rule.id or ref == rule.name:
            return rule
    return None


def examples(rule: Rule) -> list[tuple[str, str]]:
    """(file name, text) of the rule's fixtures: bad examples, their expected output, good examples."""
    if rule.examples:
        return list(rule.examples)
    for base in EXAMPLE_DIRS:
        folder = base / rule.id
        if folder.is_dir():
            # A fixture is a file, or a folder of files linted together (bad.aws/describe-trails.json, ...).
            files = [p for p in folder.rglob("*") if p.is_file() and p.name != "__init__.py"
                     and "__pycache__" not in p.parts]
            # bad examples, then what trail-lint says about them, then good examples
            names = sorted((p.relative_to(folder).as_posix() for p in files),
                           key=lambda n: (not n.startswith("bad"), n.endswith(".expected"), n))
            return [(n, (folder / n).read_text(encoding="utf-8")) for n in names]
    return []


def explain(ref: str, rules: Sequence[Rule]) -> str | None:
    rule = find_rule(ref, rules)
    if rule is None:
        return None
    parts = [f"{rule.id} {rule.name} ({rule.severity.value})", "", rule.doc.strip(), ""]
    for name, text in examples(rule):
        if name.endswith((".expected",)) and not text.strip():
            continue
        label = "Expected output" if name.endswith(".expected") else ("Bad example" if name.startswith("bad")
                                                                        else "Good example" if name.startswith("good")
                                                                        else "Fixture")
        parts += [f"## {label}: {name}", "", text.rstrip(), ""]
    return "\n".join(parts) + "\n"


def rules_table(rules: Sequence[Rule]) -> str:
    """The Markdown table of rules that README.md embeds between its rules markers."""
    lines = ["| ID | Name | Severity | What it finds |", "| --- | --- | --- | --- |"]
    for rule in rules:
        anchor = rule.id.lower()
        lines.append(f"| [{rule.id}](docs/rules.md#{anchor}) | `{rule.name}` | {rule.severity.value} | "
                     f"{rule.summary} |")
    return "\n".join(lines) + "\n"


def rules_markdown(rules: Sequence[Rule]) -> str:
    """docs/rules.md: every rule's full documentation with its examples."""
    out = ["# trail-lint rules", "", "Generated from the rule modules by `python -m trail_lint.docs`; "
           "do not edit by hand.", ""]
    for rule in rules:
        body = rule.doc.strip().splitlines()
        out += [f'<a id="{rule.id.lower()}"></a>', f"## {rule.id} {rule.name}", "",
                f"Severity: **{rule.severity.value}**", "", body[0], ""]
        out += [line.replace("## ", "### ", 1) if line.startswith("## ") else line for line in body[1:]]
        out.append("")
        for name, text in examples(rule):
            if name.endswith(".expected") and not text.strip():
                continue
            language = "yaml" if name.endswith((".yaml", ".yml")) else "json" if name.endswith(".json") else (
                "hcl" if name.endswith(".tf") else "text")
            out += [f"#### {name}", "", f"```{language}", text.rstrip(), "```", ""]
    return "\n".join(out)


README_START, README_END = "<!-- rules:start -->", "<!-- rules:end -->"


def update_readme(readme: str, rules: Sequence[Rule]) -> str:
    start, end = readme.index(README_START) + len(README_START), readme.index(README_END)
    return readme[:start] + "\n" + rules_table(rules) + readme[end:]


def main() -> None:
    """Regenerate docs/rules.md and the README rule table from the rule modules."""
    from trail_lint.registry import all_rules

    root = _PACKAGE.parent
    rules = all_rules()
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "rules.md").write_text(rules_markdown(rules), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(update_readme(readme.read_text(encoding="utf-8"), rules), encoding="utf-8")


if __name__ == "__main__":
    main()
