"""The shape of a rule: one frozen value per rule, listed in the registry."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from trail_lint.model import Problem
from trail_lint.records import record
from trail_lint.severity import Severity


@record
class Rule:
    id: str                      # "TL302": assigned by hand, never reused
    name: str                    # "log-file-validation-disabled"
    severity: Severity
    applies_to: type             # the model type the check takes: Trail, Principal, Inventory, ...
    check: Callable[..., Iterable[Problem]]
    doc: str                     # the module docstring: summary, Why it matters, Fix, References
    # Builds the rule's own frozen Options from the run's Config (rules never read config themselves).
    configure: Callable[[Any], Any] | None = None
    # Compliance controls the rule decides, as trail_lint.controls writes them: "CloudTrail.7", "CIS-1.4:3.6".
    controls: tuple[str, ...] = ()
    # Off unless selected by ID, name or control (a rule whose finding is a cost decision, such as data events).
    opt_in: bool = False
    # (file name, text) of the examples --explain shows, for rules written as data (user rules);
    # a built-in rule's examples are its fixture folder.
    examples: tuple[tuple[str, str], ...] = ()
    # Its check reads only the Resource and NotResource a statement writes (the trail ARNs in them):
    # decided for a statement that may not be there where those are known (Problem.resources_known).
    reads_resources: bool = False

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc else ""

    def run(self, subject: Any, options: Any = None) -> Iterable[Problem]:
        return self.check(subject) if options is None else self.check(subject, options)


class Internal:
    """`applies_to` of the rules the engine itself reports (TL000–TL004): they have no check to run."""


def no_check(_: object) -> Iterable[Problem]:
    return ()
