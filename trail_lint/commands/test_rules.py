"""``trail-lint test-rules DIR...``: run each user rule on its examples."""
from __future__ import annotations

import argparse

from trail_lint.commands.common import fail

NAME = "test-rules"
SUMMARY = "run your own rules' bad and good examples"
DESCRIPTION = "Run each user rule on its examples: a bad example must give a finding, a good one none."
EPILOG = """\
examples:
  trail-lint test-rules policy/rules/

exit status: 0 every example passed; 1 an example failed, or no rule was found; 2 a rule file
is invalid.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dirs", nargs="+", metavar="DIR", help="directories of user rule files")
    parser.add_argument("--verbose", "-v", action="store_true", help="also list the examples that pass")


def run(args: argparse.Namespace) -> int:
    from trail_lint.registry import all_rules
    from trail_lint.userrules import RuleFileError, load_all
    from trail_lint.userrules.testing import run_examples

    try:
        loaded = load_all(args.dirs, all_rules())
    except RuleFileError as error:
        fail(f"invalid user rule:\n{error}")
    failed = 0
    for outcome in run_examples(loaded, all_rules()):
        failed += not outcome.passed
        if args.verbose or not outcome.passed:
            print(f"{'ok  ' if outcome.passed else 'FAIL'} {outcome.rule} {outcome.example}: {outcome.reason}")
    print(f"{len(loaded)} rule(s), {failed} failure(s)")
    return 1 if failed or not loaded else 0
