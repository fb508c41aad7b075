"""Command line: argv → exit code. The only module that prints or exits.

Exit status: 0 no finding reaches --fail-on, 1 one does, 2 usage, config or I/O error.
"""
from __future__ import annotations

import argparse
import gc
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

from trail_lint import __version__

FAIL_ON = ("error", "warning", "info", "never")
REPORT_FORMATS = ("text", "parsable", "json", "sarif", "junit", "github")
ACCESS_FORMATS = ("text", "json", "csv", "markdown", "html")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep its message short and ours
        self.print_usage(sys.stderr)
        print(f"trail-lint: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument("--region", help="Region of inputs that do not say which (templates, some plans)")
    parser.add_argument("--account", help="AWS account ID of inputs that do not say which")
    parser.add_argument("--parameter", action="append", default=[], metavar="NAME=VALUE",
                        help="value of a CloudFormation template parameter (repeatable)")
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: nearest "
                        ".trail-lint.yaml or pyproject.toml [tool.trail-lint])")
    parser.add_argument("--verbose", "-v", action="store_true", help="also list skipped files; show reasons")
    _terraform_variables(parser)


class _Assign(argparse.Action):
    """--var-file and --var share one list, so later assignments win as in `terraform plan`."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, value: Any,
                 option: str | None = None) -> None:
        kind = "file" if option == "--var-file" else "var"
        if kind == "var" and not re.fullmatch(r"[A-Za-z_][\w-]*=.*", value, re.DOTALL):
            parser.error(f"--var {value!r}: expected NAME=VALUE")
        namespace.terraform_assignments = (*(getattr(namespace, "terraform_assignments", None) or ()), (kind, value))


def _terraform_variables(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--var-file", action=_Assign, dest="terraform_assignments", metavar="FILE",
                        help="Terraform variable values for the root modules of .tf inputs (as terraform plan)")
    parser.add_argument("--var", action=_Assign, dest="terraform_assignments", metavar="NAME=VALUE",
                        help="one Terraform variable value for the root modules of .tf inputs")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="trail-lint", description="Offline linter for AWS CloudTrail trails and the IAM "
                     "policies that govern them. `trail-lint access PATH...` shows who can do what to which trail.")
    _common(parser)
    parser.add_argument("--format", "-f", choices=REPORT_FORMATS, default="text")
    parser.add_argument("--fail-on", choices=FAIL_ON, help="lowest severity that makes the exit status 1 "
                        "(default: error)")
    parser.add_argument("--select", action="append", metavar="RULES", help="run only these rules: IDs, "
                        "ID prefixes (TL3), names or controls they cover (CloudTrail.7, CIS-3.7), comma-separated; "
                        "opt-in rules run only when named by ID, name or control")
    parser.add_argument("--ignore", action="append", metavar="RULES", help="do not run these rules")
    parser.add_argument("--source-dir", action="append", default=[], metavar="DIR",
                        help="Terraform sources of the plan: report plan findings at their .tf lines")
    parser.add_argument("--baseline", metavar="FILE", help="findings recorded in FILE are shown as suppressed")
    parser.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE")
    parser.add_argument("--no-color", action="store_true", help="never colour the text report")
    parser.add_argument("--rules-dir", action="append", default=[], metavar="DIR",
                        help="also run the user rules (YAML) in DIR; see docs/user-rules.md")
    parser.add_argument("--list-rules", action="store_true", help="list the rules and the controls they cover, "
                        "and exit (--format json for JSON)")
    parser.add_argument("--explain", metavar="RULE", help="show a rule's documentation and examples")
    parser.add_argument("--version", action="version", version=f"trail-lint {__version__}")
    return parser


def build_access_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="trail-lint access", description="Who can view, start, stop, update or delete "
                     "logging on which trail, from the IAM policies in the inputs.")
    _common(parser)
    parser.add_argument("--format", "-f", choices=ACCESS_FORMATS, default="text")
    parser.add_argument("--all", action="store_true", help="also list the denied decisions")
    return parser


def build_inventory_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="trail-lint inventory", description="The normalised inventory the rules see "
                     "(described by schemas/inventory.schema.json): what trail-lint understood of the inputs.")
    _common(parser)
    parser.add_argument("--format", "-f", choices=("json", "yaml"), default="json")
    return parser


def build_test_rules_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="trail-lint test-rules", description="Run each user rule on its examples: a bad "
                     "example must give a finding, a good one none.")
    parser.add_argument("dirs", nargs="+", metavar="DIR", help="directories of user rule files")
    parser.add_argument("--verbose", "-v", action="store_true", help="also list the examples that pass")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # A run builds millions of small acyclic objects (a plan's JSON, the model) and ends soon after:
    # the cyclic garbage collector found nothing to free but cost a third of the time on big plans.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if args[:1] == ["access"]:
            return _access(build_access_parser().parse_args(args[1:]))
        if args[:1] == ["inventory"]:
            return _inventory(build_inventory_parser().parse_args(args[1:]))
        if args[:1] == ["test-rules"]:
            return _test_rules(build_test_rules_parser().parse_args(args[1:]))
        return _lint(build_parser().parse_args(args))
    except SystemExit as exit_:
        return int(exit_.code or 0) if isinstance(exit_.code, int) else 2
    except KeyboardInterrupt:
        print("trail-lint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last guard: no traceback reaches a user
        print(f"trail-lint: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print("Please report this with the command you ran.", file=sys.stderr)
        return 2
    finally:
        if gc_was_enabled:
            gc.enable()


def entry() -> None:
    """The `trail-lint` command: main(), then exit without tearing down the run's objects one by one."""
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(status)


def _settings(args: argparse.Namespace):  # -> Config
    from trail_lint.config import (
        ConfigError,
        as_patterns,
        find_config,
        load_config,
        with_overrides,
    )

    try:
        path = args.config or find_config(os.getcwd()) or _config_near(args.paths)
        config = load_config(path)
    except ConfigError as error:
        _fail(str(error))
    except FileNotFoundError as error:
        _fail(f"config file not found: {error.filename}")
    overrides = {"region": args.region, "account": args.account,
                 "terraform_assignments": getattr(args, "terraform_assignments", None)}
    if hasattr(args, "select"):
        overrides.update(select=as_patterns(args.select), ignore=as_patterns(args.ignore), fail_on=args.fail_on)
    _check_overrides(overrides)
    if args.parameter:
        overrides["parameters"] = {**config.parameters, **_parameters(args.parameter)}
    return with_overrides(config, **overrides)


def _parameters(values: Sequence[str]) -> dict[str, str]:
    """`--parameter Name=value` (repeatable; the last one of a name wins)."""
    import re

    parameters = {}
    for value in values:
        name, equals, text = value.partition("=")
        if not equals or not re.fullmatch(r"[A-Za-z0-9]+", name):
            _fail(f"--parameter {value!r} is not NAME=VALUE with an alphanumeric parameter name")
        parameters[name] = text
    return parameters


def _config_near(paths: Sequence[str]) -> str | None:
    """No config above the working directory: the nearest one above the linted paths."""
    from trail_lint.config import find_config

    existing = [os.path.abspath(p) for p in paths if os.path.exists(p)]
    if not existing:
        return None
    common = os.path.commonpath(existing)
    return find_config(common if os.path.isdir(common) else os.path.dirname(common))


def _check_overrides(overrides: dict) -> None:
    import re

    if overrides.get("region") and not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d+", overrides["region"]):
        _fail(f"--region {overrides['region']!r} is not a Region name such as us-east-1")
    if overrides.get("account") and not re.fullmatch(r"\d{12}", overrides["account"]):
        _fail(f"--account {overrides['account']!r} is not a 12-digit account ID")


def _fail(message: str) -> None:
    print(f"trail-lint: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def _lint(args: argparse.Namespace) -> int:
    from trail_lint.registry import all_rules

    config = _settings(args)
    rules = (*all_rules(), *_user_rules((*config.rules_dirs, *args.rules_dir)))
    if args.list_rules:
        from trail_lint.docs import rule_list

        return _emit(rule_list(rules, "json" if args.format == "json" else "text"), args.output)
    if args.explain:
        from trail_lint.docs import explain

        text = explain(args.explain, rules)
        if text is None:
            _fail(f"no rule {args.explain!r}; see `trail-lint --list-rules`")
        return _emit(text, args.output)
    if not args.paths:
        _fail("no PATH given; try `trail-lint .`")
    unknown = [ref for ref in (*config.select, *config.ignore) if not _known_rule(ref, rules)]
    if unknown:
        from trail_lint.controls import is_control

        what = "no rule covers control" if is_control(unknown[0]) else "unknown rule"
        _fail(f"{what} {unknown[0]!r} in --select/--ignore/config; see `trail-lint --list-rules` and docs/controls.md")
    from trail_lint.engine import UsageError, run
    from trail_lint.report import render

    baseline = _read_baseline(args.baseline) if args.baseline else frozenset()
    try:
        result = run(args.paths, config, rules, source_dirs=args.source_dir, baseline=baseline)
    except UsageError as error:
        _fail(str(error))
    if args.write_baseline:
        _write_baseline(args.write_baseline, result.findings)
    if args.verbose:
        for path in result.skipped:
            print(f"trail-lint: skipped {path}: not an input trail-lint reads", file=sys.stderr)
        for path in result.variable_files:
            print(f"trail-lint: read Terraform variables from {path}", file=sys.stderr)
    color = (args.format == "text" and not args.no_color and not args.output and sys.stdout.isatty()
             and "NO_COLOR" not in os.environ)
    _emit(render(args.format, result.findings, rules, tool_version=__version__, color=color,
                 summary_extra={"files_checked": len(result.files)}), args.output)
    return _status(result.findings, config.fail_on)


def _user_rules(dirs: Sequence[str]) -> tuple:
    """The user rules in the directories (none given: none loaded, nothing imported)."""
    if not dirs:
        return ()
    from trail_lint.registry import all_rules
    from trail_lint.userrules import RuleFileError, load_rules

    try:
        return load_rules(dirs, all_rules())
    except RuleFileError as error:
        _fail(f"invalid user rule:\n{error}")
    return ()


def _known_rule(ref: str, rules) -> bool:
    from trail_lint.config import matches_rule

    return any(matches_rule(ref, rule) for rule in rules)


def _status(findings, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    threshold = FAIL_ON.index(fail_on)
    for finding in findings:
        if finding.suppressed is None and FAIL_ON.index(finding.severity.value) <= threshold:
            return 1
    return 0


def _read_baseline(path: str) -> frozenset[str]:
    import json

    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        return frozenset(str(item["fingerprint"]) for item in document["findings"])
    except OSError as error:
        _fail(f"cannot read baseline {path}: {error.strerror}")
    except (ValueError, KeyError, TypeError):
        _fail(f"baseline {path} is not a trail-lint baseline (written by --write-baseline)")
    return frozenset()


def _write_baseline(path: str, findings) -> None:
    import json

    entries = [{"fingerprint": f.fingerprint, "rule": f.rule, "file": f.file, "resource": f.resource,
                "message": f.message} for f in findings if f.suppressed is None or f.suppressed == "baseline"]
    document = {"schema": "trail-lint/baseline/v1", "findings": entries}
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2)
            handle.write("\n")
    except OSError as error:
        _fail(f"cannot write baseline {path}: {error.strerror}")


def _emit(text: str, output: str | None) -> int:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            _fail(f"cannot write {output}: {error.strerror}")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def _access(args: argparse.Namespace) -> int:
    if not args.paths:
        _fail("no PATH given; try `trail-lint access .`")
    config = _settings(args)
    from dataclasses import replace

    from trail_lint.access import analyse
    from trail_lint.access_render import render as render_access
    from trail_lint.engine import UsageError, run
    from trail_lint.registry import all_rules, rule_by_id

    # No lint rule runs: only the inputs are read, and what cannot be read is said; the HTML page
    # also lists the access findings (TL401–TL407) that the config selects, beside their cells.
    rules = [rule_by_id("TL000"), rule_by_id("TL001")]
    if args.format == "html":
        from trail_lint.html.access import ACCESS_RULES, render_html

        rules += [rule for rule in all_rules() if rule.id in ACCESS_RULES and config.enabled(rule)]
    try:
        result = run(args.paths, replace(config, select=(), ignore=()), rules)
    except UsageError as error:
        _fail(str(error))
    report = result.access or analyse(result.inventory)
    if args.format == "html":
        text = render_html(report, result.findings, locate=result.locate)
    else:
        text = render_access(report, args.format, verbose=args.verbose, include_denied=args.all,
                             locate=result.locate)
    _emit(text, args.output)
    return _report_unreadable(result.findings)


def _inventory(args: argparse.Namespace) -> int:
    if not args.paths:
        _fail("no PATH given; try `trail-lint inventory .`")
    config = _settings(args)
    from dataclasses import replace

    from trail_lint.engine import UsageError, run
    from trail_lint.inventory_view import inventory_document, render_inventory
    from trail_lint.registry import rule_by_id

    try:  # no rule runs: only the reading failures (TL000, TL001) are reported, whatever the config selects
        result = run(args.paths, replace(config, select=(), ignore=()), (rule_by_id("TL000"), rule_by_id("TL001")))
    except UsageError as error:
        _fail(str(error))
    _emit(render_inventory(inventory_document(result.inventory, result.locate, __version__), args.format),
          args.output)
    return _report_unreadable(result.findings)


def _report_unreadable(findings) -> int:
    """Subcommands that print no findings still say which inputs could not be read (exit 1)."""
    unreadable = [f for f in findings if f.rule in ("TL000", "TL001")]
    for finding in unreadable:
        print(f"{finding.file}:{finding.line}:{finding.column}: {finding.rule} {finding.message}", file=sys.stderr)
    return 1 if unreadable else 0


def _test_rules(args: argparse.Namespace) -> int:
    from trail_lint.registry import all_rules
    from trail_lint.userrules import RuleFileError, load_all
    from trail_lint.userrules.testing import run_examples

    try:
        loaded = load_all(args.dirs, all_rules())
    except RuleFileError as error:
        _fail(f"invalid user rule:\n{error}")
    failed = 0
    for outcome in run_examples(loaded, all_rules()):
        failed += not outcome.passed
        if args.verbose or not outcome.passed:
            print(f"{'ok  ' if outcome.passed else 'FAIL'} {outcome.rule} {outcome.example}: {outcome.reason}")
    print(f"{len(loaded)} rule(s), {failed} failure(s)")
    return 1 if failed or not loaded else 0
