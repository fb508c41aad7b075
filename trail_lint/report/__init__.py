"""Reporters: pure functions from findings to text, one per output format.

``render(fmt, findings, rules, tool_version=...)`` returns the whole output as one string;
``render_pieces`` the same in pieces, for the CLI to write as they are made.
Every non-empty output ends with a newline; ``parsable`` with nothing to say returns ``""``.
The CLI writes the string as it is and decides ``color``.

Suppressed findings (``Finding.suppressed`` set) are left out of ``text``, ``parsable``,
``github`` and ``gitlab``; ``json``, ``sarif`` and ``junit`` keep them, marked as suppressed,
so dashboards can show what was waived and why.

The formats read by CI dashboards (``sarif``, ``github``, ``gitlab``, ``junit``) name files by
their path from the repository root, given as ``repo_paths`` (file -> RepoPath, computed by
the CLI, since reporters do no I/O); a file missing from it keeps its path as reported.

Formats live in their own modules (``text``, ``findings_json``, ``sarif``, ``junit``, ``github``,
``gitlab``) and are imported only when used, which keeps ``trail-lint --version`` fast; what they
share is in ``common``, which never imports them back.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any

from trail_lint.finding import Finding
from trail_lint.records import replace
from trail_lint.repo import RepoPath
from trail_lint.rule import Rule

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.organization import OrganizationSummary

FORMATS: tuple[str, ...] = ("text", "parsable", "json", "sarif", "junit", "github", "gitlab")

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
    organization: OrganizationSummary | None = None,
) -> str:
    """Render findings (already sorted) in one of FORMATS.

    ``fail_on`` decides which JUnit test cases fail; ``quiet`` leaves out summary lines.
    ``organization``, the account × Region summary, is the ``organization`` object of ``json`` and
    ends the ``text`` report when it says more than the findings (``shown``: several accounts or an
    organization) and not ``quiet``; the other formats leave it out.
    """
    findings = [_clean(f) for f in findings]
    if fmt == "text":
        from trail_lint.report.text import render_text
        text = render_text(findings, color=color, quiet=quiet, inputs=(summary_extra or {}).get("inputs"))
        if organization is None or not organization.shown or quiet:
            return text
        from trail_lint.report.organization import render_table
        return text + "\n" + "\n".join(render_table(organization)) + "\n"
    if fmt == "parsable":
        from trail_lint.report.text import render_parsable
        return render_parsable(findings)
    if fmt == "github":
        from trail_lint.report.github import render_github
        return render_github(findings, repo_paths=repo_paths, quiet=quiet, inputs=(summary_extra or {}).get("inputs"))
    if fmt == "gitlab":
        from trail_lint.report.gitlab import render_gitlab
        return render_gitlab(findings, repo_paths=repo_paths)
    if fmt == "json":
        from trail_lint.report.findings_json import render_json
        return render_json(findings, tool_version=tool_version, summary_extra=summary_extra, organization=organization)
    if fmt == "sarif":
        from trail_lint.report.sarif import render_sarif
        return render_sarif(findings, rules, tool_version=tool_version, repo_paths=repo_paths)
    if fmt == "junit":
        from trail_lint.report.junit import render_junit
        return render_junit(findings, fail_on=fail_on, repo_paths=repo_paths)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render_pieces(fmt: str, findings: Sequence[Finding], rules: Sequence[Rule], *, tool_version: str,
                  **options: Any) -> Iterable[str]:
    """What render returns, in pieces that join to it: the ``json`` report a line at a time (a large
    report is written as it is made, never held whole); the other formats as one piece."""
    if fmt == "json":
        from trail_lint.report.findings_json import json_pieces
        return json_pieces([_clean(f) for f in findings], tool_version=tool_version,
                           summary_extra=options.get("summary_extra"), organization=options.get("organization"))
    return (render(fmt, findings, rules, tool_version=tool_version, **options),)


# --- shared by the format modules ------------------------------------------------------

# Lone surrogates come from undecodable file names (PEP 383) or from "\ud800" escapes in
# JSON inputs; no encoder can write them, so they become U+FFFD before any format sees them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_STRING_FIELDS = ("rule", "name", "message", "file", "resource", "account", "region",
                  "fingerprint", "suppressed")


_STRINGS = attrgetter(*_STRING_FIELDS)


def _clean(finding: Finding) -> Finding:
    # A surrogate is not ASCII: a finding whose strings are all ASCII (nearly all) is looked at once.
    if "".join(filter(None, _STRINGS(finding))).isascii():
        return finding
    changes: dict[str, Any] = {}
    for name in _STRING_FIELDS:
        value = getattr(finding, name)
        if isinstance(value, str) and _SURROGATE.search(value):
            changes[name] = _SURROGATE.sub("\ufffd", value)
    return replace(finding, **changes) if changes else finding
