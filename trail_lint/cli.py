"""Command line: argv → exit code. With the command modules (trail_lint/commands/), the only code
that prints or exits.

``trail-lint PATH...`` lints; ``trail-lint COMMAND ...`` runs one of the other commands
(``trail_lint.commands.COMMANDS``), each with its own parser and ``--help``.
Exit status: 0 no finding reaches --fail-on, 1 one does, 2 usage, config or I/O error.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence

from trail_lint.commands import DEFAULT, load, named

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from typing import NoReturn


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 too; keep its message short and ours
        self.print_usage(sys.stderr)
        print(f"trail-lint: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser(command: str = DEFAULT) -> argparse.ArgumentParser:
    """The parser of one command; the default command's help lists the others."""
    module = load(command)
    epilog = module.EPILOG
    if command == DEFAULT:
        listing = "\n".join(f"  {name:<14}{load(name).SUMMARY}" for name in named())
        epilog = f"commands (trail-lint COMMAND --help):\n{listing}\n\n{epilog}"
    parser = _Parser(prog="trail-lint" if command == DEFAULT else f"trail-lint {command}",
                     description=module.DESCRIPTION, epilog=epilog,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    module.add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # A run builds millions of small acyclic objects (a plan's JSON, the model) and ends soon after:
    # the cyclic garbage collector found nothing to free but cost a third of the time on big plans.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        # A path named like a command is linted as ./access.
        command = args[0] if args[:1] and args[0] in named() else DEFAULT
        rest = args[1:] if command != DEFAULT else args
        return int(load(command).run(build_parser(command).parse_args(rest)))
    except SystemExit as exit_:
        return int(exit_.code or 0) if isinstance(exit_.code, int) else 2
    except KeyboardInterrupt:
        print("trail-lint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except ModuleNotFoundError as error:     # a source checkout run without installing, or a broken install
        print(f"trail-lint: error: module {error.name!r} is missing: trail-lint is not installed with its "
              f"dependencies; run `pip install -e .` in the checkout (or `pip install trail-lint`)", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - the last guard: no traceback reaches a user
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
