"""Reporters: pure functions from findings to text, one per output format.

``render(fmt, findings, rules, tool_version=...)`` returns the whole output as one string.
Every non-empty output ends with a newline; ``parsable`` with nothing to say returns ``""``.
The CLI writes the string as it is and decides ``color``.

Suppressed findings (``Finding.suppressed`` set) are left out of ``text``, ``parsable``,
``github`` and ``gitlab``; ``json``, ``sarif`` and ``junit`` keep them, marked as suppressed,
so dashboards can show what was waived and why.

The formats read by CI dashboards (``sarif``, ``github``, ``gitlab``, ``junit``) name files by
their path from the repository root, given as ``repo_paths`` (file -> RepoPath, computed by
the CLI, since reporters do no I/O); a file missing from it keeps its path as reported.

Formats live in their own modules (``report_text``, ``report_json``, ``report_sarif``,
``report_junit``, ``report_github``, ``report_gitlab``) and are imported only when used, which
keeps ``trail-lint --version`` fast.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from trail_lint.finding import Finding
from trail_lint.repo import RepoPath
from trail_lint.rule import Rule, Severity

FORMATS: tuple[str, ...] = ("text", "parsable", "json", "sarif", "junit", "github", "gitlab")

TOOL_NAME = "trail-lint"
INFORMATION_URI = "https://github.com/trail-lint/trail-lint"
# One place for rule documentation links; the anchor is the lower-case rule ID.
RULE_DOCS_URL = "https://github.com/trail-lint/trail-lint/blob/main/docs/rules.md#{anchor}"


def rule_docs_url(rule_id: str) -> str:
    return RULE_DOCS_URL.format(anchor=rule_id.lower())


def render(
    fmt: str,
    findings: Sequence[Finding],
    rules: Sequence[Rule],
    *,
    tool_version: str,
    color: bool = False,
    summary_extra: Mapping[str, Any] | None = None,
    fail_on: str = "error",
    repo_paths: Mapping[str, RepoPath] | None = None,
    quiet: bool = False,
) -> str:
    """Render findings (already sorted) in one of FORMATS.

    ``fail_on`` decides which JUnit test cases fail; ``quiet`` leaves out summary lines.
    """
    findings = [_clean(f) for f in findings]
    if fmt == "text":
        from trail_lint.report_text import render_text
        return render_text(findings, color=color, quiet=quiet, inputs=(summary_extra or {}).get("inputs"))
    if fmt == "parsable":
        from trail_lint.report_text import render_parsable
        return render_parsable(findings)
    if fmt == "github":
        from trail_lint.report_github import render_github
        return render_github(findings, repo_paths=repo_paths, quiet=quiet, inputs=(summary_extra or {}).get("inputs"))
    if fmt == "gitlab":
        from trail_lint.report_gitlab import render_gitlab
        return render_gitlab(findings, repo_paths=repo_paths)
    if fmt == "json":
        from trail_lint.report_json import render_json
        return render_json(findings, tool_version=tool_version, summary_extra=summary_extra)
    if fmt == "sarif":
        from trail_lint.report_sarif import render_sarif
        return render_sarif(findings, rules, tool_version=tool_version, repo_paths=repo_paths)
    if fmt == "junit":
        from trail_lint.report_junit import render_junit
        return render_junit(findings, fail_on=fail_on, repo_paths=repo_paths)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


# --- shared by the format modules ------------------------------------------------------

@dataclass(frozen=True, slots=True)
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
    return Severity(finding.severity)


def repo_relative(finding: Finding, repo_paths: Mapping[str, RepoPath] | None) -> str:
    """The finding's file from its repository root, or as reported when that is not known."""
    located = repo_paths.get(finding.file) if repo_paths else None
    return located.path if located else finding.file


# Lone surrogates come from undecodable file names (PEP 383) or from "\ud800" escapes in
# JSON inputs; no encoder can write them, so they become U+FFFD before any format sees them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_STRING_FIELDS = ("rule", "name", "message", "file", "resource", "account", "region",
                  "fingerprint", "suppressed")


def _clean(finding: Finding) -> Finding:
    changes: dict[str, Any] = {}
    for name in _STRING_FIELDS:
        value = getattr(finding, name)
        if isinstance(value, str) and _SURROGATE.search(value):
            changes[name] = _SURROGATE.sub("\ufffd", value)
    return replace(finding, **changes) if changes else finding


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
