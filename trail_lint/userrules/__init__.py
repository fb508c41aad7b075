"""User rules: checks written as YAML files, loaded into the same `Rule` the built-in rules use.

`load_rules(directories)` reads every rule file (load.py), compiles its `where` (where.py, with
the JSON Schema conditions in schema.py) and returns `Rule` values whose check evaluates the rule
on each subject's inventory view (check.py); `trail-lint test-rules` runs their examples
(testing.py). See docs/user-rules.md.
"""
from __future__ import annotations

from collections.abc import Sequence

from trail_lint.rule import Rule
from trail_lint.userrules.load import (
    Loaded,
    Position,
    RuleFileError,
    load_rule_file,
    rule_files,
)


def load_all(directories: Sequence[str], builtin: Sequence[Rule] = ()) -> tuple[Loaded, ...]:
    """Every rule file under the directories; RuleFileError for the first bad one or a clash of IDs or names."""
    from trail_lint.userrules.check import SubjectCache

    cache = SubjectCache()
    loaded = [load_rule_file(file, cache) for file in rule_files(directories)]
    owners = {rule.name: "a built-in rule" for rule in builtin}
    ids: dict[str, str] = {}
    for one in loaded:
        for key, seen, what in ((one.rule.id, ids, "ID"), (one.rule.name, owners, "name")):
            if key in seen:
                raise RuleFileError([(one.file, Position(1, 1), f"{what} {key} is already used by {seen[key]}")])
            seen[key] = one.file
    return tuple(loaded)


def load_rules(directories: Sequence[str], builtin: Sequence[Rule] = ()) -> tuple[Rule, ...]:
    """The user rules under the directories, sorted by ID."""
    return tuple(sorted((one.rule for one in load_all(directories, builtin)), key=lambda rule: rule.id))
