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


def rule_list(rules: Sequence[Rule], output_format: str = "text") -> str:
    """`--list-rules`: one line per rule (ID, name, severity, summary, controls), or JSON with `--format json`."""
    if output_format == "json":
        import json

        entries = [{"id": r.id, "name": r.name, "severity": r.severity.value, "summary": r.summary,
                    "controls": list(r.controls), "opt_in": r.opt_in} for r in rules]
        return json.dumps(entries, indent=2) + "\n"
    width = max(len(r.name) for r in rules)
    lines = []
    for r in rules:
        extra = ([f"[{', '.join(r.controls)}]"] if r.controls else []) + (["(opt-in)"] if r.opt_in else [])
        lines.append(" ".join([f"{r.id}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}", *extra]))
    return "\n".join(lines) + "\n"


def controls_line(rule: Rule) -> str:
    """The docs' line naming the controls a rule covers (and that it is opt-in)."""
    parts = [f"Controls: {', '.join(rule.controls)}"] if rule.controls else []
    if rule.opt_in:
        parts.append("Opt-in: runs only when selected by ID, name or control (`--select " + rule.id + "`)")
    return ". ".join(parts)


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
    parts = [f"{rule.id} {rule.name} ({rule.severity.value})", ""]
    parts += [controls_line(rule), ""] if controls_line(rule) else []
    parts += [rule.doc.strip(), ""]
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
    lines = ["| ID | Name | Severity | What it finds | Controls |", "| --- | --- | --- | --- | --- |"]
    for rule in rules:
        anchor = rule.id.lower()
        controls = ", ".join(rule.controls) + (" (opt-in)" if rule.opt_in else "")
        lines.append(f"| [{rule.id}](docs/rules.md#{anchor}) | `{rule.name}` | {rule.severity.value} | "
                     f"{rule.summary} | {controls.strip()} |")
    return "\n".join(lines) + "\n"


def rules_markdown(rules: Sequence[Rule]) -> str:
    """docs/rules.md: every rule's full documentation with its examples."""
    out = ["# trail-lint rules", "", ("Generated from the rule modules by `python -m trail_lint.docs`; "
                                      "do not edit by hand."), ""]
    for rule in rules:
        body = rule.doc.strip().splitlines()
        out += [f'<a id="{rule.id.lower()}"></a>', f"## {rule.id} {rule.name}", "",
                f"Severity: **{rule.severity.value}**", ""]
        out += [controls_line(rule), ""] if controls_line(rule) else []
        out += [body[0], ""]
        out += [line.replace("## ", "### ", 1) if line.startswith("## ") else line for line in body[1:]]
        out.append("")
        for name, text in examples(rule):
            if name.endswith(".expected") and not text.strip():
                continue
            language = "yaml" if name.endswith((".yaml", ".yml")) else "json" if name.endswith(".json") else (
                "hcl" if name.endswith(".tf") else "text")
            out += [f"#### {name}", "", f"```{language}", text.rstrip(), "```", ""]
    return "\n".join(out)


def controls_markdown(rules: Sequence[Rule]) -> str:
    """docs/controls.md: each control → the rules that cover it → what is decided offline."""
    from trail_lint.controls import CATALOG, covers, framework

    def covering(control: str) -> str:
        found = [r for r in rules if covers(r.controls, control)]
        return ", ".join(f"[{r.id}](rules.md#{r.id.lower()}) `{r.name}`" + (" (opt-in)" if r.opt_in else "")
                         for r in found) or "—"

    out = ["# Compliance controls", "",
           "Generated from the rules' `controls` by `python -m trail_lint.docs`; do not edit by hand.", "",
           ("Which AWS Security Hub CSPM controls, CIS AWS Foundations Benchmark recommendations and AWS Config "
            "managed rules the rules decide from configuration, and what needs live data. `--select CloudTrail.7`, "
            "`--select CIS-3.4` or `--select Config:cloudtrail-s3-bucket-access-logging` runs the rules covering a "
            "control (`CIS-3.4` is recommendation 3.4 of any version; `CIS-3.0:3.4` one version; an AWS Config "
            "rule by its name, or its identifier: `Config:CLOUD_TRAIL_ENABLED`); `trail-lint --list-rules` (or `--format json`) and SARIF rule "
            "tags show them."), "",
           ("Sources: the Security Hub CSPM pages *Security Hub CSPM controls for AWS CloudTrail* "
            "(https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html), "
            "*... for Amazon CloudWatch* (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html), "
            "*... for Amazon S3* (Related requirements) and *... for AWS KMS* "
            "(https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html), and the recommendation titles of the CIS AWS "
            "Foundations Benchmark v1.4.0, v3.0.0 and v5.0.0. A passing rule is evidence for a control, not "
            "an audit: a control may ask for more than any configuration can show."), "",
           "## Security Hub CSPM", "", "| Control | Asks for | Rules | Decided offline? |", "| --- | --- | --- | --- |"]
    for control in CATALOG:
        if framework(control.id) == "Security Hub":
            out.append(f"| {control.id} | {control.title} | {covering(control.id)} | {control.offline} |")
    for version in ("1.4", "3.0", "5.0"):
        out += ["", f"## CIS AWS Foundations Benchmark v{version}.0", "",
                "| Recommendation | Asks for | Rules | Decided offline? |", "| --- | --- | --- | --- |"]
        for control in CATALOG:
            if control.id.startswith(f"CIS-{version}:"):
                out.append(f"| {control.id.split(':')[1]} (`{control.id}`) | {control.title} | "
                           f"{covering(control.id)} | {control.offline} |")
    out += ["", "## AWS Config managed rules", "",
            ("Each rule's page is https://docs.aws.amazon.com/config/latest/developerguide/NAME.html. The Config "
             "rules judge every resource of the account; trail-lint judges the trails and log buckets in its "
             "inputs."), "",
            "| Config rule | Checks | Rules | Decided offline? |", "| --- | --- | --- | --- |"]
    for control in CATALOG:
        if framework(control.id) == "AWS Config":
            out.append(f"| `{control.id}` | {control.title} | {covering(control.id)} | {control.offline} |")
    out += ["", ("Rules with no control above (quotas, API validity, access, cost, delivery errors) go "
                 "beyond these controls; see [rules.md](rules.md)."), ""]
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
    (root / "docs" / "controls.md").write_text(controls_markdown(rules), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(update_readme(readme.read_text(encoding="utf-8"), rules), encoding="utf-8")


if __name__ == "__main__":
    main()
