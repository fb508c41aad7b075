"""The report options and output that ``lint`` and ``merge`` share: one set of formats, extra
outputs (``-o FORMAT:PATH``), repository paths, colour, statistics, the GitHub step summary and
the exit status by ``--fail-on``.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Mapping, Sequence

from trail_lint import __version__
from trail_lint.commands.common import emit, fail, warn
from trail_lint.severity import FAIL_ON

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true

if TYPE_CHECKING:
    from typing import Any

    from trail_lint.finding import Finding
    from trail_lint.organization import OrganizationSummary
    from trail_lint.rule import Rule

FORMATS = ("auto", "text", "parsable", "json", "sarif", "junit", "github", "gitlab")


def add_report_arguments(parser: argparse.ArgumentParser) -> argparse._ArgumentGroup:
    """The ``report`` group of options; returned so a command can add its own to it."""
    report = parser.add_argument_group("report")
    report.add_argument("--format", "-f", choices=FORMATS, default="auto",
                        help="report format on standard output or --output (default: auto)")
    report.add_argument("--output-format", "-o", action="append", default=[], metavar="FORMAT:PATH",
                        help="also write the report in FORMAT to PATH; repeatable (sarif:results.sarif)")
    report.add_argument("--root", metavar="DIR", help="repository root for the paths in sarif, github, gitlab "
                        "and junit reports (default: each file's git top-level, else the working directory)")
    report.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the text report (default: auto)")
    report.add_argument("--no-color", action="store_const", const="never", dest="color",
                        help="same as --color never")
    report.add_argument("--quiet", "-q", action="store_true",
                        help="print findings only: no summary line, no warnings")
    report.add_argument("--statistics", action="store_true",
                        help="also print how many findings each rule reported")
    report.add_argument("--no-summary", action="store_true",
                        help="leave out the account × Region table that ends the text report (and the "
                        "\"organization\" object of the json report) when the inputs hold several accounts "
                        "or an organization")
    return report


def add_fail_on_argument(group: argparse._ArgumentGroup | argparse.ArgumentParser) -> None:
    group.add_argument("--fail-on", choices=FAIL_ON, help="lowest severity that makes the exit status 1 "
                       "(default: the configuration's fail-on, else error); also which JUnit test cases fail")


def resolve_format(fmt: str) -> str:
    if fmt != "auto":
        return fmt
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def parse_output(value: str) -> tuple[str, str]:
    """``FORMAT:PATH`` -> (format, path)."""
    fmt, colon, path = value.partition(":")
    if not colon or fmt not in FORMATS[1:] or not path:
        fail(f"-o/--output-format {value!r}: expected FORMAT:PATH with FORMAT one of "
             f"{', '.join(FORMATS[1:])}, e.g. sarif:results.sarif (--output FILE writes the --format report)")
    return fmt, path


def use_color(choice: str, output: str | None) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):       # https://no-color.org: set and not empty
        return False
    if os.environ.get("FORCE_COLOR"):    # https://force-color.org
        return True
    return not output and sys.stdout.isatty()


def exit_status(findings: Sequence[Finding], fail_on: str) -> int:
    """1 when a finding reaches ``fail_on``, else 0."""
    from trail_lint.finding import fails

    return 1 if any(fails(f, fail_on) for f in findings) else 0


def report_targets(args: argparse.Namespace) -> tuple[str, list[tuple[str, str]]]:
    """(the --format report's format, the -o reports' (format, path)): checked before any work."""
    return resolve_format(args.format), [parse_output(value) for value in args.output_format]


def write_reports(findings: Sequence[Finding], rules: Sequence[Rule], fail_on: str,
                  targets: tuple[str, list[tuple[str, str]]], args: argparse.Namespace,
                  summary_extra: Mapping[str, Any], organization: OrganizationSummary | None = None) -> None:
    """The ``--format`` report on standard output (or ``--output``), every ``-o FORMAT:PATH`` report,
    ``--statistics``, and the GitHub step summary when GitHub Actions asks for one."""
    from trail_lint.report import render_pieces

    terminal, outputs = targets
    formats = {terminal, *(fmt for fmt, _ in outputs)}
    repo_paths = None
    if formats & {"sarif", "github", "gitlab", "junit"}:
        from trail_lint.repo import repository_paths

        repo_paths = repository_paths({f.file for f in findings}, root=args.root)

    def text(fmt: str, color: bool = False) -> Iterable[str]:
        return render_pieces(fmt, findings, rules, tool_version=__version__, color=color, fail_on=fail_on,
                             summary_extra=summary_extra, repo_paths=repo_paths, quiet=args.quiet,
                             organization=organization)

    for fmt, path in outputs:
        emit(text(fmt), path)
    emit(text(terminal, color=terminal == "text" and use_color(args.color, args.output)), args.output)
    if args.statistics:
        from trail_lint.report.text import render_statistics

        to_stdout = terminal in ("text", "parsable", "github") and not args.output
        print(render_statistics(findings), end="", file=sys.stdout if to_stdout else sys.stderr)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")   # set by GitHub Actions in every step
    if summary_file:
        from trail_lint.report.github import render_step_summary

        try:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(render_step_summary(findings, repo_paths=repo_paths))
        except OSError as error:
            warn(f"cannot write the step summary to {summary_file}: {error.strerror}")
