"""What every command shares: the input options, the configuration, standard input, printing.

Only the command line (``trail_lint.cli`` and the command modules) prints or exits.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true

if TYPE_CHECKING:
    from typing import Any, NoReturn, TextIO

    from trail_lint.config import Config
    from trail_lint.engine import RunResult
    from trail_lint.finding import Finding
    from trail_lint.rule import Rule

STDIN = "-"
STDIN_NAME = "<stdin>"


def fail(message: str) -> NoReturn:
    print(f"trail-lint: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def warn(message: str) -> None:
    print(f"trail-lint: warning: {message}", file=sys.stderr)


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or directories to lint; - reads one input from standard input")
    parser.add_argument("--stdin-filename", metavar="NAME", help="the name of the input read from standard "
                        "input, used in findings, suppressions and file-based ignores (implies -)")
    parser.add_argument("--region", help="Region of inputs that do not say which (templates, some plans)")
    parser.add_argument("--account", help="AWS account ID of inputs that do not say which")
    parser.add_argument("--parameter", action="append", default=[], metavar="NAME=VALUE",
                        help="value of a CloudFormation template parameter (repeatable)")
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: nearest "
                        ".trail-lint.yaml or pyproject.toml [tool.trail-lint])")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="name the configuration file used; list skipped files")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    _terraform_variables(parser)


class _Assign(argparse.Action):
    """--var-file and --var share one list, so later assignments win as in `terraform plan`."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, value: Any,
                 option: str | None = None) -> None:
        import re

        kind = {"--var-file": "file", "--workspace": "workspace"}.get(option or "", "var")
        if kind == "var" and not re.fullmatch(r"[A-Za-z_][\w-]*=.*", value, re.DOTALL):
            parser.error(f"--var {value!r}: expected NAME=VALUE")
        if kind == "workspace" and not re.fullmatch(r"[^\s/%?#]+", value):
            # Terraform takes a name that needs no escaping in a URL path segment
            parser.error(f"--workspace {value!r}: expected a workspace name")
        namespace.terraform_assignments = (*(getattr(namespace, "terraform_assignments", None) or ()), (kind, value))


def _terraform_variables(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--var-file", action=_Assign, dest="terraform_assignments", metavar="FILE",
                        help="Terraform variable values for the root modules of .tf inputs (as terraform plan)")
    parser.add_argument("--var", action=_Assign, dest="terraform_assignments", metavar="NAME=VALUE",
                        help="one Terraform variable value for the root modules of .tf inputs")
    parser.add_argument("--workspace", action=_Assign, dest="terraform_assignments", metavar="NAME",
                        help="the Terraform workspace (terraform.workspace) of the root modules of .tf inputs; "
                             "default: the one selected in each root module's .terraform directory, else not known")


def inputs(args: argparse.Namespace) -> tuple[list[str], dict[str, bytes]]:
    """(paths to lint, {name: content} of the input read from standard input)."""
    paths = [p for p in args.paths if p != STDIN]
    if STDIN not in args.paths and not (args.stdin_filename and not args.paths):
        if args.stdin_filename:
            fail("--stdin-filename names the input read from standard input: add - to the paths")
        return paths, {}
    name = args.stdin_filename or STDIN_NAME
    if name.endswith((".tf", ".tf.json")):
        fail(f"--stdin-filename {name}: .tf and .tf.json files are read with their module directory, not from "
             "standard input")
    return [*paths, name], {name: standard_input()}


def standard_input() -> bytes:
    """What is piped into the command (``-`` on the command line); a terminal is a usage error."""
    if sys.stdin is None or sys.stdin.isatty():
        fail("- reads the input from standard input, but standard input is a terminal; pipe a file into it")
    return sys.stdin.buffer.read()


def settings(args: argparse.Namespace, **overrides: object) -> Config:
    """The configuration file (or --config), with the command line's overrides."""
    from trail_lint.config import with_overrides

    config = configuration(args.config, args.paths, args.verbose, getattr(args, "rules_dir", ()))
    _check_overrides(args.region, args.account)
    if args.parameter:
        overrides["parameters"] = {**config.parameters, **_parameters(args.parameter)}
    return with_overrides(config, region=args.region, account=args.account,
                          terraform_assignments=getattr(args, "terraform_assignments", None), **overrides)


def configuration(config_option: str | None, paths: Sequence[str] = (), verbose: bool = False,
                  rules_dirs: Sequence[str] = ()) -> Config:
    """--config FILE, else the nearest configuration above the working directory, else above ``paths``."""
    from trail_lint.config import ConfigError, find_config, load_config

    try:
        path = config_option or find_config(os.getcwd()) or _config_near(paths)
        config = load_config(path, lambda loaded: known_rules(loaded, rules_dirs))
    except ConfigError as error:
        fail(str(error))
    except FileNotFoundError as error:
        fail(f"config file not found: {error.filename}")
    if verbose:
        print(f"trail-lint: configuration: {path}" if path else
              "trail-lint: configuration: none found (defaults)", file=sys.stderr)
    return config


def known_rules(config: Config, rules_dirs: Sequence[str] = ()) -> tuple[Rule, ...]:
    """The built-in rules and the user rules of the configuration's `rules-dir` and --rules-dir."""
    from trail_lint.registry import all_rules

    dirs = (*config.rules_dirs, *rules_dirs)
    if not dirs:
        return all_rules()
    from trail_lint.userrules import RuleFileError, load_rules

    try:
        return (*all_rules(), *load_rules(dirs, all_rules()))
    except RuleFileError as error:
        fail(f"invalid user rule:\n{error}")


def _parameters(values: Sequence[str]) -> dict[str, str]:
    """`--parameter Name=value` (repeatable; the last one of a name wins)."""
    import re

    parameters = {}
    for value in values:
        name, equals, text = value.partition("=")
        if not equals or not re.fullmatch(r"[A-Za-z0-9]+", name):
            fail(f"--parameter {value!r} is not NAME=VALUE with an alphanumeric parameter name")
        parameters[name] = text
    return parameters


def read_inputs(args: argparse.Namespace, command: str,
                extra_rules: Callable[[Config], Sequence[Rule]] | None = None) -> RunResult:
    """For the commands that report no lint findings: read the inputs with only the reading
    failures (TL000, TL001) and ``extra_rules`` enabled, whatever the configuration selects."""
    if not args.paths and not args.stdin_filename:
        fail(f"no PATH given; try `trail-lint {command} .`")
    paths, given = inputs(args)
    config = settings(args)
    from dataclasses import replace

    from trail_lint.engine import UsageError, run
    from trail_lint.registry import rule_by_id

    rules = [rule_by_id("TL000"), rule_by_id("TL001"), *(extra_rules(config) if extra_rules else ())]
    try:
        return run(paths, replace(config, select=(), ignore=()), rules, given=given)
    except UsageError as error:
        fail(str(error))


def report_unreadable(findings: Sequence[Finding]) -> int:
    """Commands that print no findings still say which inputs could not be read (exit 1)."""
    unreadable = [f for f in findings if f.rule in ("TL000", "TL001")]
    for finding in unreadable:
        print(f"{finding.file}:{finding.line}:{finding.column}: {finding.rule} {finding.message}", file=sys.stderr)
    return 1 if unreadable else 0


def _config_near(paths: Sequence[str]) -> str | None:
    """No config above the working directory: the nearest one above the linted paths."""
    from trail_lint.config import find_config

    existing = [os.path.abspath(p) for p in paths if p != STDIN and os.path.exists(p)]
    if not existing:
        return None
    common = os.path.commonpath(existing)
    return find_config(common if os.path.isdir(common) else os.path.dirname(common))


def _check_overrides(region: str | None, account: str | None) -> None:
    from trail_lint.scope.names import is_account_id, is_region_name

    if region and not is_region_name(region):
        fail(f"--region {region!r} is not a Region name such as us-east-1")
    if account and not is_account_id(account):
        fail(f"--account {account!r} is not a 12-digit account ID")


def emit(text: str | Iterable[str], output: str | None) -> None:
    """Write text (or its pieces, as they come) to the file ``output``, or to standard output."""
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                _write(handle, text)
        except OSError as error:
            fail(f"cannot write {output}: {error.strerror}")
    else:
        _write(sys.stdout, text)
        sys.stdout.flush()


_PIECE = 1024 * 1024


def _write(handle: TextIO, text: str | Iterable[str]) -> None:
    # in pieces: a report of tens of thousands of findings written at once is encoded into a second copy
    pieces = (text,) if isinstance(text, str) else text
    handle.writelines(piece[start:start + _PIECE] for piece in pieces for start in range(0, len(piece), _PIECE))
