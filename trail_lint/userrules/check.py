"""A user rule at run time: its subjects' views, its compiled `where`, its message."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from trail_lint.iam.access import AccessReport
from trail_lint.inventory_view import Subject, principal_subjects, subjects
from trail_lint.model import UNKNOWN, Inventory, Problem
from trail_lint.records import record
from trail_lint.userrules.schema import Check, Notes
from trail_lint.userrules.where import field_of

PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*(?:\.[\w-]+)*)\}")   # {field} or {field.sub} in a message


class SubjectCache:
    """The subjects of the current run, shared by the user rules of one load: fifty rules on trails
    build the trail views once. It keeps the last inventory and the last access analysis (rules with
    `can` take the latter), one run at a time."""

    def __init__(self) -> None:
        # type of the root → (root, subjects by kind, memo)
        self._runs: dict[type, tuple[object, dict[str, list[Subject]], dict[Any, Any]]] = {}

    def _run(self, root: object) -> tuple[object, dict[str, list[Subject]], dict[Any, Any]]:
        found = self._runs.get(type(root))
        if found is None or found[0] is not root:
            found = self._runs[type(root)] = (root, {}, {})
        return found

    def memo(self, root: object) -> dict[Any, Any]:
        """What conditions compute once per run (the trails a `can` glob selects)."""
        return self._run(root)[2]

    def of(self, kind: str, root: Inventory | AccessReport) -> list[Subject]:
        kinds = self._run(root)[1]
        found = kinds.get(kind)
        if found is None:
            # the inputs' principals: not the root users the analysis adds (iam.root), which every account has
            found = kinds[kind] = principal_subjects(root.inventory.principals) if isinstance(root, AccessReport) \
                else subjects(kind, root)
        return found


@record(slots=False)
class UserCheck:
    """The check of one user rule. It takes the Inventory, or, when its `where` asks for access
    decisions (`can`), the engine's AccessReport, whose principals are the subjects."""

    id: str
    name: str
    subject: str
    where: Check
    message: str
    at: str | None
    cache: SubjectCache

    def check(self, root: Inventory | AccessReport) -> Iterator[Problem]:
        memo = self.cache.memo(root)
        access = root if isinstance(root, AccessReport) else None
        for subject in self.cache.of(self.subject, root):
            evaluation = Notes(access, memo)
            verdict = self.where(subject.view, evaluation)
            if verdict is False:
                continue
            at = subject.origin.of(self.at) if self.at and subject.origin else subject.at
            if verdict is True:
                yield Problem(render(self.message, subject.view), at, resource=subject.resource,
                              account=subject.account, region=subject.region, subject=subject.key)
            else:
                unknown = ", ".join(evaluation.unknown) or "a value"
                yield Problem(f"{self.id} ({self.name}) cannot be decided for {self.subject} {subject.resource!r}: "
                              f"{unknown} is not known offline", at, resource=subject.resource,
                              account=subject.account, region=subject.region,
                              subject=f"undecided:{self.id}:{subject.key}", undecided=True)


def render(template: str, view: Any) -> str:
    """The message with each {field} replaced by the subject's value."""
    return PLACEHOLDER.sub(lambda found: text(field_of(view, found.group(1))), template)


def text(value: Any) -> str:
    if value is UNKNOWN:
        return "UNKNOWN"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {text(item)}" for key, item in value.items())
    return str(value)
