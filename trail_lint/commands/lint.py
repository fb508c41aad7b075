"""``trail-lint [options] PATH...``: lint the inputs and report the findings (the default command)."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from trail_lint import __version__
from trail_lint.commands.common import (
    add_input_arguments,
    emit,
    fail,
    inputs,
    settings,
    warn,
)
from trail_lint.commands.reporting import (
    add_fail_on_argument,
    add_report_arguments,
    exit_status,
    report_targets,
    write_reports,
)

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true

if TYPE_CHECKING:
    from trail_lint.config import Config
    from trail_lint.engine import RunResult
    from trail_lint.finding import Finding
    from trail_lint.organization import OrganizationSummary
    from trail_lint.rule import Rule

NAME = "lint"
SUMMARY = "lint files and directories (the default: `trail-lint PATH...`)"
DESCRIPTION = "Offline linter for AWS CloudTrail trails and the IAM policies that govern them."
EPILOG = """\
examples:
  trail-lint .                                  lint every input under the current directory
  terraform show -json plan.out | trail-lint - --stdin-filename infra/plan.json
  trail-lint infra/ -o sarif:trail-lint.sarif   text on the terminal, SARIF for code scanning
  trail-lint . --format json --fail-on warning  machine-readable; warnings fail the run too
  trail-lint --explain TL302                    a rule's documentation and examples
  trail-lint access infra/                      who can stop, delete or update which trail
  trail-lint snapshot/                          an organization's snapshot: findings, then the account ×
                                                Region table (trails against the quota, paid copies,
                                                trails not logging); --no-summary leaves it out

exit status:
  0  no finding at or above --fail-on (default: error)
  1  at least one such finding (an input that cannot be read is an error, TL001)
  2  a usage, configuration or I/O error

--format auto (the default) is github under GitHub Actions (GITHUB_ACTIONS=true), text elsewhere.
Colour: --color auto colours text on a terminal, unless NO_COLOR is set to a non-empty value;
FORCE_COLOR (non-empty) colours even when not on a terminal.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    add_report_arguments(parser)
    rules = parser.add_argument_group("rules")
    add_fail_on_argument(rules)
    rules.add_argument("--select", action="append", metavar="RULES", help="run only these rules: IDs, "
                       "ID prefixes (TL3), names or controls they cover (CloudTrail.7, CIS-3.7), comma-separated; "
                       "replaces the configuration's select; opt-in rules run only when named by ID, name or "
                       "control")
    rules.add_argument("--extend-select", action="append", metavar="RULES",
                       help="add these rules to the configuration's (or --select's) selection")
    rules.add_argument("--ignore", "--extend-ignore", action="append", metavar="RULES", dest="ignore",
                       help="do not run these rules, in addition to the configuration's ignore")
    rules.add_argument("--source-dir", action="append", default=[], metavar="DIR",
                       help="Terraform sources of the plan: report plan findings at their .tf lines")
    rules.add_argument("--rules-dir", action="append", default=[], metavar="DIR",
                       help="also run the user rules (YAML) in DIR; see docs/user-rules.md")
    rules.add_argument("--baseline", metavar="FILE", help="findings recorded in FILE are shown as suppressed")
    rules.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE")
    info = parser.add_argument_group("information")
    info.add_argument("--list-rules", action="store_true", help="list the rules and the controls they cover, "
                      "and exit (--format json for JSON)")
    info.add_argument("--explain", metavar="RULE", help="show a rule's documentation and examples")
    info.add_argument("--version", action="version", version=f"trail-lint {__version__}")


def run(args: argparse.Namespace) -> int:
    from trail_lint.commands.common import known_rules

    targets = report_targets(args)
    terminal = targets[0]
    config = _config(args)
    rules = known_rules(config, args.rules_dir)
    _check_rule_options(args, rules)
    config = _extend_selection(config, args, rules)
    if args.list_rules:
        from trail_lint.docs import rule_list

        emit(rule_list(rules, "json" if terminal == "json" else "text"), args.output)
        return 0
    if args.explain:
        from trail_lint.docs import explain

        text = explain(args.explain, rules)
        if text is None:
            fail(f"no rule {args.explain!r}; see `trail-lint --list-rules`")
        emit(text, args.output)
        return 0
    if not args.paths and not args.stdin_filename:
        fail("no PATH given; try `trail-lint .` (or `-` for standard input)")
    paths, given = inputs(args)
    result = _run(paths, given, config, rules, args)
    if not args.quiet:
        for argument in result.empty:
            warn(f"{argument}: no input of a kind trail-lint reads was found there"
                 + ("" if args.verbose else " (-v lists the files skipped)"))
        for path, reason in result.unread:
            warn(f"{path}: skipped: {reason}")
        if not result.inputs and not result.empty and not result.unread and result.skipped \
                and os.environ.get("PRE_COMMIT") != "1":
            # files named one by one, none of them read: "no problems found" alone would read as a pass.
            # Not from pre-commit (which sets PRE_COMMIT=1 for its hooks, pre_commit/commands/run.py): it
            # passes every changed JSON and YAML file, most of them no input, and splits a long list into
            # several runs, so one run's files may all be other files while another's are inputs
            warn("none of the files given is an input trail-lint reads"
                 + ("" if args.verbose else " (-v lists the files skipped)"))
    if args.verbose:
        for path in result.skipped:
            print(f"trail-lint: skipped {path}: not an input trail-lint reads", file=sys.stderr)
        for path in result.variable_files:
            print(f"trail-lint: read Terraform variables from {path}", file=sys.stderr)
    write_reports(result.findings, rules, config.fail_on, targets, args, _counts(result),
                  _organization(result, targets, args))
    return exit_status(result.findings, config.fail_on)


def _counts(result: RunResult) -> dict[str, object]:
    """The summary's counts of files, with the files of a snapshot that no one account's part holds alone."""
    counts: dict[str, object] = {"files_checked": len(result.files), "inputs": result.inputs}
    if result.shared:
        skipped = set(result.skipped)
        counts["shared"] = {"inputs": [f for f in result.shared if f not in skipped],
                            "skipped": [f for f in result.shared if f in skipped]}
    return counts


def _organization(result: RunResult, targets: tuple[str, list[tuple[str, str]]],
                  args: argparse.Namespace) -> OrganizationSummary | None:
    """The account × Region summary for the text and json reports (None: --no-summary, or no account).

    The json report carries it whenever it has a row, so that runs of one account each (a CI
    matrix) can be merged into the summary of all; the text report shows it only when it says more
    than the findings (render decides, by ``shown``)."""
    terminal, outputs = targets
    if args.no_summary or not {terminal, *(fmt for fmt, _ in outputs)} & {"text", "json"}:
        return None
    from trail_lint.organization import summarise

    summary = summarise(result.inventory)
    return summary if summary.accounts else None


def _config(args: argparse.Namespace) -> Config:
    """--select replaces the configuration's selection; --ignore adds to its ignore."""
    from dataclasses import replace

    from trail_lint.config import as_patterns

    config = settings(args, fail_on=args.fail_on)
    select = as_patterns(args.select)
    ignore = config.ignore + (as_patterns(args.ignore) or ())
    return replace(config, select=config.select if select is None else select, ignore=ignore)


def _extend_selection(config: Config, args: argparse.Namespace, rules: Sequence[Rule]) -> Config:
    """--extend-select adds to the selection; to an empty one (every rule that is not opt-in), it
    adds what it names, opt-in rules included."""
    from dataclasses import replace

    from trail_lint.config import as_patterns

    extend = as_patterns(args.extend_select) or ()
    if not extend:
        return config
    select = config.select or tuple(rule.id for rule in rules if not rule.opt_in)
    return replace(config, select=(*select, *extend))


def _check_rule_options(args: argparse.Namespace, rules: Sequence[Rule]) -> None:
    """The rules named on the command line exist (the configuration's are checked as it loads)."""
    from trail_lint.config import as_patterns

    named = (*(as_patterns(args.select) or ()), *(as_patterns(args.extend_select) or ()),
             *(as_patterns(args.ignore) or ()))
    unknown = [ref for ref in named if not _known_rule(ref, rules)]
    if unknown:
        from trail_lint.controls import is_control

        what = "no rule covers control" if is_control(unknown[0]) else "unknown rule"
        fail(f"{what} {unknown[0]!r} in --select/--extend-select/--ignore; see `trail-lint --list-rules` "
             f"and docs/controls.md")


def _known_rule(ref: str, rules: Sequence[Rule]) -> bool:
    from trail_lint.config import matches_rule

    return any(matches_rule(ref, rule) for rule in rules)


def _run(paths: list[str], given: dict[str, bytes], config: Config, rules: Sequence[Rule],
         args: argparse.Namespace) -> RunResult:
    from trail_lint.engine import UsageError, run

    baseline = _read_baseline(args.baseline) if args.baseline else frozenset()
    try:
        result = run(paths, config, rules, source_dirs=args.source_dir, baseline=baseline, given=given)
    except UsageError as error:
        fail(str(error))
    if args.write_baseline:
        _write_baseline(args.write_baseline, result.findings)
    return result


def _read_baseline(path: str) -> frozenset[str]:
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        return frozenset(str(item["fingerprint"]) for item in document["findings"])
    except OSError as error:
        fail(f"cannot read baseline {path}: {error.strerror}")
    except (ValueError, KeyError, TypeError):
        fail(f"baseline {path} is not a trail-lint baseline (written by --write-baseline)")


def _write_baseline(path: str, findings: Sequence[Finding]) -> None:
    import json

    entries = [{"fingerprint": f.fingerprint, "rule": f.rule, "file": f.file, "resource": f.resource,
                "message": f.message} for f in findings if f.suppressed is None or f.suppressed == "baseline"]
    document = {"schema": "trail-lint/baseline/v1", "findings": entries}
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2)
            handle.write("\n")
    except OSError as error:
        fail(f"cannot write baseline {path}: {error.strerror}")
