"""A finding: a rule's Problem, stamped by the engine with rule, severity and position."""
from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter, eq

from trail_lint.records import record, replace
from trail_lint.severity import Severity, at_or_above


@record
class SharedCause:
    """What a finding about one cause that several trails share counts ("log bucket 'b' of trail 'a'
    (and 3 other trails) is not in the inputs"), so that runs holding some of the trails each (a
    snapshot linted per account) merge into the finding one run of every trail gives."""

    key: str                    # the cause, named whichever of its trails a run holds: "log-bucket:aws:b"
    trails: tuple[str, ...]     # the trails sharing it (problems.trail_identity), sorted
    count_at: int               # where the count of the other trails (problems.and_others) sits in the message

    def shifted(self, by: int) -> SharedCause:
        """The same cause in a message that has ``by`` more characters before the count."""
        return replace(self, count_at=self.count_at + by)


@record
class Finding:
    rule: str                # "TL302"
    name: str                # "log-file-validation-disabled"
    severity: Severity
    message: str
    file: str                # as given on the command line (relative paths stay relative)
    line: int
    column: int
    resource: str = ""
    account: str | None = None
    region: str | None = None
    fingerprint: str = ""    # stable across line moves: rule + file + resource + subject
    suppressed: str | None = None   # None, or why: "inline: <reason>", "config: <reason>", "baseline"
    # placed at a shadow copy of its trail (another Region's or account's listing of it): the inputs
    # hold no home copy; ``trail-lint merge`` keeps the finding at the home copy a part reports it at
    shadow: bool = False
    # about a cause several trails share: ``trail-lint merge`` counts the trails of every run's copy
    shared_cause: SharedCause | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str, str, str, str, str, str, str, str, bool,
                                tuple[str, tuple[str, ...], int] | tuple[()]]:
        """File, line, column, rule and message, then every other field, so that the order of
        findings never depends on the order they were found in (``trail-lint merge`` relies on it)."""
        cause = self.shared_cause
        return (self.file, self.line, self.column, self.rule, self.message, self.resource,
                _text(self.account), _text(self.region), self.fingerprint, self.severity,
                _text(self.suppressed), self.name, self.shadow,
                () if cause is None else (cause.key, cause.trails, cause.count_at))


# The fields sort_key starts with: they decide the order of findings unless two share them all.
_PLACE = attrgetter("file", "line", "column", "rule", "message")


def sorted_findings(findings: Iterable[Finding], distinct: bool = False) -> list[Finding]:
    """The findings in sort_key's order: by place, rule and message alone (read at once, in C) where
    no two findings share them, which is nearly always; else by sort_key. ``distinct``: equal findings
    once (the first), which share a place, rule and message, so that only then are they looked for."""
    found = list(findings)
    places = list(map(_PLACE, found))
    order = sorted(range(len(found)), key=places.__getitem__)
    ranked = [places[index] for index in order]
    if any(map(eq, ranked, ranked[1:])):
        return sorted(dict.fromkeys(found) if distinct else found, key=lambda finding: finding.sort_key)
    return [found[index] for index in order]


def _text(value: str | None) -> str:
    """None before every string, the empty string included."""
    return "" if value is None else "\x00" + value


def fails(finding: Finding, fail_on: str) -> bool:
    """Whether the finding makes the run fail: not suppressed, and at or above ``fail_on``."""
    return finding.suppressed is None and at_or_above(Severity(finding.severity), fail_on)
