"""``trail-lint inventory [options] PATH...``: the normalised inventory the rules see."""
from __future__ import annotations

import argparse

from trail_lint import __version__
from trail_lint.commands.common import (
    add_input_arguments,
    emit,
    fail,
    inputs,
    report_unreadable,
    settings,
)

NAME = "inventory"
SUMMARY = "the normalised inventory the rules see (json or yaml)"
DESCRIPTION = ("The normalised inventory the rules see (described by schemas/inventory.schema.json): what "
               "trail-lint understood of the inputs.")
EPILOG = """\
examples:
  trail-lint inventory infra/ --format yaml

exit status: 0 the inventory was written; 1 an input could not be read (TL001) or a reader
failed (TL000); 2 a usage, configuration or I/O error.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    parser.add_argument("--format", "-f", choices=("json", "yaml"), default="json")


def run(args: argparse.Namespace) -> int:
    if not args.paths and not args.stdin_filename:
        fail("no PATH given; try `trail-lint inventory .`")
    paths, given = inputs(args)
    config = settings(args)
    from dataclasses import replace

    from trail_lint.engine import UsageError
    from trail_lint.engine import run as run_engine
    from trail_lint.inventory_view import inventory_document, render_inventory
    from trail_lint.registry import rule_by_id

    try:  # no rule runs: only the reading failures (TL000, TL001) are reported, whatever the config selects
        result = run_engine(paths, replace(config, select=(), ignore=()), (rule_by_id("TL000"), rule_by_id("TL001")),
                            given=given)
    except UsageError as error:
        fail(str(error))
    emit(render_inventory(inventory_document(result.inventory, result.locate, __version__), args.format),
         args.output)
    return report_unreadable(result.findings)
