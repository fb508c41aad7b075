"""`trail-lint test-rules DIR`: each user rule on each of its examples, the discipline of the built-in fixtures.

A bad example must give at least one finding of its rule; a good example must give none. A
TL002 saying the rule could not decide counts as neither: the example does not test the rule.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from trail_lint.finding import Finding
from trail_lint.records import record
from trail_lint.rule import Rule
from trail_lint.userrules.load import Example, Loaded


@record
class Outcome:
    rule: str
    example: str               # "bad/bad-1.yaml"
    passed: bool
    reason: str                # what went wrong, or what was found
    findings: tuple[Finding, ...] = ()


def run_examples(loaded: Sequence[Loaded], builtin: Sequence[Rule]) -> Iterator[Outcome]:
    rules = (*builtin, *(one.rule for one in loaded))
    for one in loaded:
        if not any(e.kind == "bad" for e in one.examples) or not any(e.kind == "good" for e in one.examples):
            yield Outcome(one.rule.id, one.file, False, "needs at least one bad and one good example")
        for example in one.examples:
            yield _run(one.rule, example, rules)


def _run(rule: Rule, example: Example, rules: Sequence[Rule]) -> Outcome:
    from trail_lint.config import Config
    from trail_lint.engine import run

    config = Config(select=(rule.id, "TL000", "TL001", "TL002"), region=example.region, account=example.account)
    with tempfile.TemporaryDirectory(prefix="trail-lint-example-") as folder:
        path = Path(folder) / example.name
        path.write_text(example.text, encoding="utf-8")
        result = run([str(path)], config, rules)
    label = f"{example.kind}/{example.name}"
    findings = tuple(f for f in result.findings if f.rule == rule.id)
    undecided = [f for f in result.findings if f.rule == "TL002" and f.message.startswith(f"{rule.id} (")]
    unreadable = [f for f in result.findings if f.rule in ("TL000", "TL001")]
    if unreadable:
        return Outcome(rule.id, label, False, f"the example cannot be read: {unreadable[0].message}")
    if not result.inventory.trails and not result.inventory.principals and not result.inventory.buckets \
            and result.skipped:
        return Outcome(rule.id, label, False, "the example is not an input trail-lint reads")
    if undecided:
        return Outcome(rule.id, label, False, f"the rule cannot decide: {undecided[0].message}")
    if example.kind == "bad" and not findings:
        return Outcome(rule.id, label, False, "bad example gives no finding")
    if example.kind == "good" and findings:
        return Outcome(rule.id, label, False, f"good example gives {len(findings)} finding(s): {findings[0].message}",
                       findings)
    return Outcome(rule.id, label, True, f"{len(findings)} finding(s)" if findings else "no finding", findings)
