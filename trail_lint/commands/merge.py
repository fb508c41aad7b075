"""``trail-lint merge RESULT.json...``: the findings JSON of several runs as one report."""
from __future__ import annotations

import argparse
import sys

from trail_lint.commands.common import STDIN, STDIN_NAME, configuration, fail, known_rules, standard_input
from trail_lint.commands.reporting import (
    add_fail_on_argument,
    add_report_arguments,
    exit_status,
    report_targets,
    write_reports,
)

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.merge import RunOutput

NAME = "merge"
SUMMARY = "one report from the JSON findings of several runs (one per account or OU in a CI matrix)"
DESCRIPTION = ("One report, in any format and with lint's exit status, from the findings JSON that several "
               "runs wrote (trail-lint --format json, or -o json:FILE): a finding reported by more than one "
               "run is reported once; the accounts of organization summaries are united.")
EPILOG = """\
examples:
  trail-lint merge parts/*/part.json                    one text report of every run's findings
  trail-lint merge parts/*/part.json -o sarif:trail-lint.sarif --fail-on warning
  trail-lint merge - other.json < part.json             - reads one findings JSON from standard input

exit status:
  0  no finding at or above --fail-on (default: the configuration's fail-on, else error)
  1  at least one such finding
  2  an input that is not a findings JSON of this version (its file:line:col and why), two inputs
     that disagree about one account, or a usage, configuration or I/O error

Paths stay as each run reported them: run every job from the same directory of the repository (its
root), and the merge there too (or give --root), so that sarif, github, gitlab and junit reports name
files from the repository root and a finding has the same fingerprint in every run.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("results", nargs="+", metavar="RESULT.json",
                        help="findings JSON written by trail-lint --format json; - reads one from standard input")
    parser.add_argument("--config", metavar="FILE", help="configuration file, for its fail-on and rules-dir "
                        "(default: the nearest .trail-lint.yaml or pyproject.toml [tool.trail-lint])")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--verbose", "-v", action="store_true", help="name the configuration file used")
    add_fail_on_argument(add_report_arguments(parser))


def run(args: argparse.Namespace) -> int:
    from trail_lint.merge import MergeError, merge

    targets = report_targets(args)
    if args.results.count(STDIN) > 1:
        fail("- (standard input) can be given once")
    config = configuration(args.config, verbose=args.verbose)
    outputs = _read(args.results)
    try:
        merged = merge(outputs)
    except MergeError as conflict:
        fail(str(conflict))
    fail_on = args.fail_on or config.fail_on
    counts: dict[str, object] = {"files_checked": merged.files_checked, "inputs": merged.inputs}
    if merged.shared.inputs or merged.shared.skipped:
        counts["shared"] = merged.shared.to_json()
    write_reports(merged.findings, known_rules(config), fail_on, targets, args,
                  {name: value for name, value in counts.items() if value is not None},
                  None if args.no_summary else merged.organization)
    return exit_status(merged.findings, fail_on)


def _read(results: list[str]) -> list[RunOutput]:
    """Every input; all that cannot be merged are named before the run stops (exit status 2)."""
    from trail_lint.merge import MergeError, read_output

    outputs, errors = [], []
    for result in results:
        try:
            outputs.append(read_output(STDIN_NAME, standard_input()) if result == STDIN else read_output(result))
        except MergeError as unreadable:
            errors.append(str(unreadable))
    for error in errors:
        print(f"trail-lint: error: {error}", file=sys.stderr)
    if errors:
        raise SystemExit(2)
    return outputs
