"""The ``github`` format: GitHub Actions workflow commands, and the job's Markdown summary.

GitHub shows at most 10 ``error`` and 10 ``warning`` annotations per step (and 10 notices),
so the commands come most severe first, in file order within a severity; a summary line
ends the output. ``render_step_summary`` is the Markdown the CLI appends to the file named
by ``$GITHUB_STEP_SUMMARY``.
https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from trail_lint.finding import Finding
from trail_lint.repo import RepoPath
from trail_lint.report.common import active, count, printable, repo_relative, severity_of
from trail_lint.report.text import summary_line
from trail_lint.rule import Severity

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
ANNOTATIONS_SHOWN = 10      # per kind and step
# The step summary is limited to 1 MiB; a table this long is already read in the annotations.
SUMMARY_ROWS = 100


def render_github(findings: Sequence[Finding], *, repo_paths: Mapping[str, RepoPath] | None = None,
                  quiet: bool = False, inputs: int | None = None) -> str:
    """One workflow command per finding that is not suppressed, most severe first.

    Escaping follows the runner's own rules (actions/toolkit ``command.ts``): ``%``, CR and
    LF in the message; additionally ``:`` and ``,`` in property values.
    """
    lines = []
    for finding in most_severe_first(active(findings)):
        command = _COMMANDS[severity_of(finding)]
        properties = ",".join(f"{key}={_escape_property(str(value))}" for key, value in (
            ("file", repo_relative(finding, repo_paths)), ("line", finding.line), ("col", finding.column),
            ("title", f"{finding.rule} {finding.name}".rstrip())))
        lines.append(f"::{command} {properties}::{_escape_data(finding.message)}\n")
    if not quiet:
        counts = count(findings)
        hidden = " (GitHub shows 10 error and 10 warning annotations per step; every finding is in " \
                 "this log)" if max(counts.errors, counts.warnings, counts.info) > ANNOTATIONS_SHOWN else ""
        lines.append(f"trail-lint: {summary_line(findings, inputs)}{hidden}\n")
    return "".join(lines)


def most_severe_first(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: -severity_of(f).rank)   # stable: file order within a severity


def render_step_summary(findings: Sequence[Finding], *,
                        repo_paths: Mapping[str, RepoPath] | None = None) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: the counts, then a table of the findings."""
    shown = most_severe_first(active(findings))
    lines = ["### trail-lint", "", summary_line(findings), ""]
    if shown:
        lines += ["| severity | rule | location | message |", "| --- | --- | --- | --- |"]
        for finding in shown[:SUMMARY_ROWS]:
            where = f"{repo_relative(finding, repo_paths)}:{finding.line}"
            lines.append(f"| {severity_of(finding).value} | {finding.rule} {finding.name} | "
                         f"`{_cell(where)}` | {_cell(finding.message)} |")
        if len(shown) > SUMMARY_ROWS:
            lines += ["", f"… and {len(shown) - SUMMARY_ROWS} more (see the job log)."]
        lines.append("")
    counts = count(findings)
    if counts.suppressed:
        lines += [f"{counts.suppressed} suppressed finding(s) not shown.", ""]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return printable(text).replace("|", "\\|").replace("`", "'")


def _escape_data(value: str) -> str:
    escaped = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
