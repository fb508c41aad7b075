"""``trail-lint inventory [options] PATH...``: the normalised inventory the rules see."""
from __future__ import annotations

import argparse

from trail_lint import __version__
from trail_lint.commands.common import (
    add_input_arguments,
    emit,
    read_inputs,
    report_unreadable,
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
    from trail_lint.inventory_view import inventory_document, render_inventory

    result = read_inputs(args, NAME)
    emit(render_inventory(inventory_document(result.inventory, result.locate, __version__), args.format),
         args.output)
    return report_unreadable(result.findings)
