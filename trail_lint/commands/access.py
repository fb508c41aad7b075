"""``trail-lint access [options] PATH...``: who can view, start, stop, update or delete which trail."""
from __future__ import annotations

import argparse

from trail_lint.commands.common import (
    add_input_arguments,
    emit,
    fail,
    inputs,
    report_unreadable,
    settings,
)

NAME = "access"
SUMMARY = "who can view, start, stop, update or delete logging on which trail"
DESCRIPTION = ("Who can view, start, stop, update or delete logging on which trail, from the IAM policies "
               "in the inputs, evaluated offline as IAM does.")
EPILOG = """\
examples:
  trail-lint access infra/                  a matrix per trail (-v adds the deciding statements)
  trail-lint access . --format csv --all    every decision, denied ones too, as CSV
  trail-lint access . --format html --output report.html   one self-contained page for reviews

exit status: 0 the report was written; 1 an input could not be read (TL001) or a reader
failed (TL000), and the report leaves it out; 2 a usage, configuration or I/O error.
"""
FORMATS = ("text", "json", "csv", "markdown", "html")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    parser.add_argument("--format", "-f", choices=FORMATS, default="text")
    parser.add_argument("--all", action="store_true", help="also list the denied decisions")


def run(args: argparse.Namespace) -> int:
    if not args.paths and not args.stdin_filename:
        fail("no PATH given; try `trail-lint access .`")
    paths, given = inputs(args)
    config = settings(args)
    from dataclasses import replace

    from trail_lint.access import analyse
    from trail_lint.access_render import render as render_access
    from trail_lint.engine import UsageError
    from trail_lint.engine import run as run_engine
    from trail_lint.registry import all_rules, rule_by_id

    # No lint rule runs: only the inputs are read, and what cannot be read is said; the HTML page
    # also lists the access findings (TL401–TL407) that the config selects, beside their cells.
    rules = [rule_by_id("TL000"), rule_by_id("TL001")]
    if args.format == "html":
        from trail_lint.html.access import ACCESS_RULES, render_html

        rules += [rule for rule in all_rules() if rule.id in ACCESS_RULES and config.enabled(rule)]
    try:
        result = run_engine(paths, replace(config, select=(), ignore=()), rules, given=given)
    except UsageError as error:
        fail(str(error))
    report = result.access or analyse(result.inventory)
    if args.format == "html":
        text = render_html(report, result.findings, locate=result.locate)
    else:
        text = render_access(report, args.format, verbose=args.verbose, include_denied=args.all,
                             locate=result.locate)
    emit(text, args.output)
    return report_unreadable(result.findings)
