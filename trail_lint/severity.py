"""Severities of findings, and the --fail-on thresholds over them.

Its own module, free of the model, so the command line can build its parser without importing
the model (start-up time).
"""
from __future__ import annotations

from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


# --fail-on values, most severe first; "never" makes no finding fail the run.
FAIL_ON = ("error", "warning", "info", "never")


def at_or_above(severity: Severity, fail_on: str) -> bool:
    """Whether a finding of ``severity`` fails a run with ``--fail-on fail_on``."""
    return fail_on != "never" and severity.rank >= Severity(fail_on).rank
