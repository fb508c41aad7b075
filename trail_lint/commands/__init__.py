"""The subcommands of ``trail-lint``, one module each.

A command module defines:

* ``NAME`` – the word typed after ``trail-lint`` (``access``);
* ``SUMMARY`` – one line for ``trail-lint --help``;
* ``DESCRIPTION`` and ``EPILOG`` – the text around its own ``--help`` (EPILOG may be "");
* ``add_arguments(parser)`` – its options, on an ``argparse.ArgumentParser``;
* ``run(args) -> int`` – the exit status.

It imports heavy modules inside ``run`` only: every command module is imported to build
``trail-lint --help``. Adding a command is adding its module and its name to ``COMMANDS``.
``lint`` is the default: ``trail-lint PATH...`` runs it, and it has no word of its own.
"""
from __future__ import annotations

import importlib
from types import ModuleType

DEFAULT = "lint"
COMMANDS: tuple[str, ...] = ("lint", "access", "collect", "inventory", "merge", "test-rules")


def load(name: str) -> ModuleType:
    return importlib.import_module(f"trail_lint.commands.{name.replace('-', '_')}")


def named() -> tuple[str, ...]:
    """The commands typed by name (every one but the default)."""
    return tuple(name for name in COMMANDS if name != DEFAULT)
