"""The rule registry: one explicit tuple of every rule, sorted by ID. No scanning, no magic."""
from __future__ import annotations

from functools import cache

from trail_lint.rule import Rule


@cache
def all_rules() -> tuple[Rule, ...]:
    from trail_lint.rules import (
        tl000_rule_crashed,
        tl001_unreadable_input,
        tl002_unresolved_value,
        tl003_unused_suppression,
        tl004_expired_ignore,
        tl101_trail_quota_exceeded,
        tl102_trail_quota_full,
        tl103_event_selector_limits,
    )

    modules = (
        tl000_rule_crashed,
        tl001_unreadable_input,
        tl002_unresolved_value,
        tl003_unused_suppression,
        tl004_expired_ignore,
        tl101_trail_quota_exceeded,
        tl102_trail_quota_full,
        tl103_event_selector_limits,
    )
    return tuple(sorted((m.RULE for m in modules), key=lambda r: r.id))


def rule_by_id(rule_id: str) -> Rule:
    for rule in all_rules():
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)
