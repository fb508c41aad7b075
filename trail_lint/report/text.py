"""Line formats: ``text`` (for people) and ``parsable`` (for grep and fixtures).

Both leave suppressed findings out. Control characters in names and messages are
written as escapes (``\\n``, ``\\x1b``) so one finding is always one line.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from trail_lint.finding import Finding
from trail_lint.report.common import active, count, printable, severity_of
from trail_lint.rule import Severity

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[34m"}


def render_parsable(findings: Sequence[Finding]) -> str:
    """``file:line:col: TLnnn message``, one per line: the format of the ``.expected`` files. Findings
    that would print the same line (one trail of a module called once per Region: one place, one name)
    end with their resource, as in ``text``."""
    shown = active(findings)
    lines = [f"{printable(f.file)}:{f.line}:{f.column}: {f.rule} {printable(f.message)}" for f in shown]
    repeated = {line for line, count in Counter(lines).items() if count > 1}
    return "".join(f"{line}  [{printable(f.resource)}]\n" if line in repeated and f.resource else f"{line}\n"
                   for line, f in zip(lines, shown))


def render_text(findings: Sequence[Finding], *, color: bool = False, quiet: bool = False,
                inputs: int | None = None) -> str:
    """Findings grouped by file, columns aligned, then a one-line summary (not when ``quiet``)."""
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
    if quiet:
        return "".join(line + "\n" for line in lines)
    if lines:
        lines.append("")
    lines.append(summary_line(findings, inputs))
    return "\n".join(lines) + "\n"


def summary_line(findings: Sequence[Finding], inputs: int | None = None) -> str:
    """The counts of findings; with ``inputs``, how many inputs were linted too."""
    counts = count(findings)
    if counts.errors + counts.warnings + counts.info == 0:
        line = "no problems found"
    else:
        line = (f"{_plural(counts.errors, 'error')}, {_plural(counts.warnings, 'warning')}, "
                f"{counts.info} info in {_plural(counts.files, 'file')}")
    if counts.suppressed:
        line += f" ({counts.suppressed} suppressed)"
    if inputs is not None:
        line += f"; {_plural(inputs, 'input')} linted"
    return line


def render_statistics(findings: Sequence[Finding]) -> str:
    """``--statistics``: how many findings (not suppressed) each rule reported, most first."""
    counts: dict[tuple[str, str], int] = {}
    for finding in active(findings):
        key = (finding.rule, finding.name)
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(n)) for n in counts.values()), default=1)
    return "".join(f"{n:>{width}}  {rule}  {name}\n" for (rule, name), n in ordered)


def _location(finding: Finding) -> str:
    return f"{finding.line}:{finding.column}"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
