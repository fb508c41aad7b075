"""What the output formats share: counts, severities, repository paths, safe text."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from trail_lint.finding import Finding
from trail_lint.records import record
from trail_lint.repo import RepoPath
from trail_lint.rule import Severity

TOOL_NAME = "trail-lint"
INFORMATION_URI = "https://github.com/trail-lint/trail-lint"
# One place for rule documentation links; the anchor is the lower-case rule ID.
RULE_DOCS_URL = "https://github.com/trail-lint/trail-lint/blob/main/docs/rules.md#{anchor}"


def rule_docs_url(rule_id: str) -> str:
    return RULE_DOCS_URL.format(anchor=rule_id.lower())


@record
class Counts:
    errors: int
    warnings: int
    info: int
    suppressed: int
    files: int          # files with at least one finding that is not suppressed


def count(findings: Iterable[Finding]) -> Counts:
    by_severity = {s: 0 for s in Severity}
    suppressed = 0
    files: set[str] = set()
    for finding in findings:
        if finding.suppressed is not None:
            suppressed += 1
            continue
        by_severity[severity_of(finding)] += 1
        files.add(finding.file)
    return Counts(by_severity[Severity.ERROR], by_severity[Severity.WARNING],
                  by_severity[Severity.INFO], suppressed, len(files))


def active(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.suppressed is None]


def severity_of(finding: Finding) -> Severity:
    """The finding's severity as a ``Severity`` (a finding read back from JSON may hold its text);
    most already do, and calling the enum costs a report a microsecond a finding."""
    severity = finding.severity
    return severity if type(severity) is Severity else Severity(severity)


def repo_relative(finding: Finding, repo_paths: Mapping[str, RepoPath] | None) -> str:
    """The finding's file from its repository root, or as reported when that is not known."""
    located = repo_paths.get(finding.file) if repo_paths else None
    return located.path if located else finding.file


# C0/C1 controls, DEL and the Unicode line separators, except tab: a newline in a trail
# name must not split a one-line-per-finding format, and an ESC must not drive the terminal.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """Text safe for one terminal line: control characters written as escapes."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group()) or escape_char(m.group()), text)


def escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


@record
class Indented:
    """A value's text as ``indented_json`` writes it on its own, written beforehand: a report writes
    thousands of values of one shape (SARIF results) directly, faster than value by value."""

    text: str


def indented_json(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, the same text in about half the time for
    the strings, integers, booleans, None, dicts, lists and tuples a report is made of: the standard encoder
    writes indented JSON in pure Python, a generator per value (a SARIF log of 20,000 results took
    0.5 s). ``Indented`` values are written as their text says. Anything else (a float, a key that is
    not a string) is left to ``json.dumps``."""
    import json

    pieces: list[str] = []
    try:
        _indented(value, "\n", json.encoder.encode_basestring, pieces)
    except TypeError:
        return json.dumps(value, indent=2, ensure_ascii=False, default=_read_back)
    # joined once: a container's text made of its members' would copy a large log once per level
    # (and a rule doc's "—" widens all of it to two bytes a character at the first copy that holds it)
    return "".join(pieces)


def _read_back(value: Any) -> Any:
    """What ``json.dumps`` writes for an ``Indented`` value: the value its text is."""
    import json

    if type(value) is Indented:
        return json.loads(value.text)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _indented(value: Any, newline: str, string: Callable[[str], str], pieces: list[str]) -> None:
    """``value`` added to ``pieces`` as ``json.dumps(indent=2)`` writes it where ``newline`` (a line
    break and the indentation of that depth) starts its lines."""
    kind = type(value)
    if kind is str:
        pieces.append(string(value))
    elif kind is int:
        pieces.append(int.__repr__(value))
    elif kind is dict:
        if not value:
            pieces.append("{}")
            return
        inner = newline + "  "
        before = "{" + inner
        for key, member in value.items():
            pieces.append(f"{before}{string(key) if type(key) is str else _not_written(key)}: ")
            _indented(member, inner, string, pieces)
            before = "," + inner
        pieces.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            pieces.append("[]")
            return
        inner = newline + "  "
        before = "[" + inner
        for item in value:
            pieces.append(before)
            _indented(item, inner, string, pieces)
            before = "," + inner
        pieces.append(newline + "]")
    elif kind is Indented:       # written at the top level: its lines indented as deep as it sits
        pieces.append(value.text.replace("\n", newline) if newline != "\n" else value.text)
    elif value is None:
        pieces.append("null")
    elif value is True:
        pieces.append("true")
    elif value is False:
        pieces.append("false")
    else:
        _not_written(value)


def _not_written(value: Any) -> str:
    raise TypeError(f"not written here: {type(value).__name__}")

