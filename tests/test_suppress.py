"""Inline suppressions: each covers findings of the file it is written in only."""
from __future__ import annotations

import datetime

from trail_lint.config import Config
from trail_lint.finding import Finding
from trail_lint.model import At, Suppression
from trail_lint.registry import rule_by_id
from trail_lint.rule import Severity
from trail_lint.suppress import Suppressor


def _finding(file: str, line: int, resource: str = "") -> Finding:
    return Finding("TL302", "log-file-validation-disabled", Severity.ERROR, "m", file, line, 1, resource)


def test_an_inline_suppression_covers_its_own_file_only_and_the_first_that_covers_wins() -> None:
    suppressions = [Suppression("TL302", "a, line 3", At("a.yaml", ()), line=3),
                    Suppression("TL302", "b, line 3", At("b.yaml", ()), line=3),
                    Suppression("TL302", "b, trail", At("b.yaml", ()), resource="Trail"),
                    Suppression("TL302", "a, line 9", At("a.yaml", ()), line=9)]
    enabled = {rule.id: rule for rule in (rule_by_id("TL302"), rule_by_id("TL003"))}
    suppressor = Suppressor(suppressions, Config(), frozenset(), datetime.date(2026, 1, 1), enabled,
                            lambda at: (at.file, 1, 1))
    found = suppressor.apply([_finding("a.yaml", 3), _finding("b.yaml", 3, "Trail"), _finding("c.yaml", 3),
                              _finding("b.yaml", 7, "Trail")])
    assert [(f.rule, f.file, f.suppressed) for f in found] == [
        ("TL302", "a.yaml", "inline: a, line 3"), ("TL302", "b.yaml", "inline: b, line 3"), ("TL302", "c.yaml", None),
        ("TL302", "b.yaml", "inline: b, trail"), ("TL003", "a.yaml", None)]
    assert found[-1].message == "suppression of TL302 matches no finding"
