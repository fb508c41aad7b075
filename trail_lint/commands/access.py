"""``trail-lint access [options] PATH...``: who can view, start, stop, update or delete which trail."""
from __future__ import annotations

import argparse

from trail_lint.commands.common import (
    add_input_arguments,
    emit,
    read_inputs,
    report_unreadable,
)

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.config import Config
    from trail_lint.rule import Rule

NAME = "access"
SUMMARY = "who can view, start, stop, update or delete logging on which trail"
DESCRIPTION = ("Who can view, start, stop, update or delete logging on which trail, from the IAM policies "
               "in the inputs, evaluated offline as IAM does; the root user of each account whose IAM the "
               "inputs model has a row of its own, limited only by the SCPs over the account.")
EPILOG = """\
examples:
  trail-lint access infra/                  a matrix per trail (-v adds the deciding statements)
  trail-lint access . --format csv --all    every decision, denied ones too, as CSV
  trail-lint access . --format html --output report.html   one self-contained page for reviews
  trail-lint access snapshot/ --group-by account           the matrix under each account of an organization

exit status: 0 the report was written; 1 an input could not be read (TL001) or a reader
failed (TL000), and the report leaves it out; 2 a usage, configuration or I/O error.
"""
FORMATS = ("text", "json", "csv", "markdown", "html")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    parser.add_argument("--format", "-f", choices=FORMATS, default="text")
    parser.add_argument("--all", action="store_true", help="also list the denied decisions")
    parser.add_argument("--group-by", choices=("account",), help="group the rows under each account (text, "
                        "markdown, csv, json; the html page has an Account filter, and an organization view when "
                        "the inputs hold several accounts or an organization)")


def run(args: argparse.Namespace) -> int:
    from trail_lint.iam.access import analyse
    from trail_lint.iam.render import render as render_access

    # No lint rule runs: only the inputs are read, and what cannot be read is said; the HTML page
    # also lists the access findings (TL401–TL408) that the config selects, beside their cells.
    result = read_inputs(args, NAME, _html_rules if args.format == "html" else None)
    report = result.access or analyse(result.inventory, result.now)
    if args.format == "html":
        from trail_lint.html.access import render_html
        from trail_lint.organization import summarise

        organization = summarise(result.inventory)
        text = render_html(report, result.findings, locate=result.locate,
                           organization=organization if organization.shown else None)
    else:
        by_account = None
        if args.group_by == "account":
            from trail_lint.organization import account_names

            by_account = account_names(result.inventory)
        text = render_access(report, args.format, verbose=args.verbose, include_denied=args.all,
                             locate=result.locate, by_account=by_account, locate_together=result.locate_together)
    emit(text, args.output)
    return report_unreadable(result.findings)


def _html_rules(config: Config) -> list[Rule]:
    from trail_lint.html.access import ACCESS_RULES
    from trail_lint.registry import all_rules

    return [rule for rule in all_rules() if rule.id in ACCESS_RULES and config.enabled(rule)]
