"""Line formats: ``text`` (for people), ``parsable`` (for grep and fixtures), ``github``.

All three leave suppressed findings out. Control characters in names and messages are
written as escapes (``\\n``, ``\\x1b``) so one finding is always one line.
"""
from __future__ import annotations

from collections.abc import Sequence

from trail_lint.finding import Finding
from trail_lint.report import active, count, printable, severity_of
from trail_lint.rule import Severity

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[34m"}


def render_parsable(findings: Sequence[Finding]) -> str:
    """``file:line:col: TLnnn message``, one per line: the format of the ``.expected`` files."""
    return "".join(f"{printable(f.file)}:{f.line}:{f.column}: {f.rule} {printable(f.message)}\n"
                   for f in active(findings))


def render_text(findings: Sequence[Finding], *, color: bool = False) -> str:
    """Findings grouped by file, columns aligned, then a one-line summary."""
    shown = active(findings)
    loc_width = max((len(_location(f)) for f in shown), default=0)
    severity_width = max((len(severity_of(f).value) for f in shown), default=0)
    rule_width = max((len(f.rule) for f in shown), default=0)
    lines: list[str] = []
    current_file: str | None = None
    for finding in shown:
        if finding.file != current_file:
            if current_file is not None:
                lines.append("")
            current_file = finding.file
            lines.append(_paint(printable(finding.file), _BOLD, color))
        severity = severity_of(finding)
        padding = " " * (severity_width - len(severity.value))
        line = (f"  {_location(finding):<{loc_width}}  {_paint(severity.value, _COLORS[severity], color)}"
                f"{padding}  {finding.rule:<{rule_width}}  {printable(finding.message)}")
        if finding.resource:
            line += f"  [{printable(finding.resource)}]"
        lines.append(line)
    if lines:
        lines.append("")
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"


def summary_line(findings: Sequence[Finding]) -> str:
    counts = count(findings)
    if counts.errors + counts.warnings + counts.info == 0:
        line = "no problems found"
    else:
        line = (f"{_plural(counts.errors, 'error')}, {_plural(counts.warnings, 'warning')}, "
                f"{counts.info} info in {_plural(counts.files, 'file')}")
    if counts.suppressed:
        line += f" ({counts.suppressed} suppressed)"
    return line


def render_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands, which the runner turns into annotations.

    Escaping follows the runner's own rules (actions/toolkit ``command.ts``): ``%``, CR and
    LF in the message; additionally ``:`` and ``,`` in property values.
    https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions
    """
    lines = []
    for finding in active(findings):
        command = _GITHUB_COMMANDS[severity_of(finding)]
        properties = ",".join(f"{key}={_escape_property(str(value))}" for key, value in (
            ("file", finding.file), ("line", finding.line), ("col", finding.column),
            ("title", f"{finding.rule} {finding.name}".rstrip())))
        lines.append(f"::{command} {properties}::{_escape_data(finding.message)}\n")
    return "".join(lines)


_GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(value: str) -> str:
    escaped = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _location(finding: Finding) -> str:
    return f"{finding.line}:{finding.column}"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
