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


def indented_json(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, the same text in about half the time for
    the strings, integers, booleans, None, dicts, lists and tuples a report is made of: the standard encoder
    writes indented JSON in pure Python, a generator per value (a SARIF log of 20,000 results took
    0.5 s). Anything else (a float, a key that is not a string) is left to ``json.dumps``."""
    import json

    try:
        return _indented(value, "\n", json.encoder.encode_basestring)
    except TypeError:
        return json.dumps(value, indent=2, ensure_ascii=False)


def _indented(value: Any, newline: str, string: Callable[[str], str]) -> str:
    """``value`` written as ``json.dumps(indent=2)`` writes it where ``newline`` (a line break and
    the indentation of that depth) starts its lines."""
    kind = type(value)
    if kind is str:
        return string(value)
    if kind is int:
        return int.__repr__(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "  "
        members = [f"{inner}{string(key) if type(key) is str else _not_written(key)}: {_indented(member, inner, string)}"
                   for key, member in value.items()]
        return "{" + ",".join(members) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + "  "
        return "[" + ",".join([inner + _indented(item, inner, string) for item in value]) + newline + "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return _not_written(value)


def _not_written(value: Any) -> str:
    raise TypeError(f"not written here: {type(value).__name__}")

