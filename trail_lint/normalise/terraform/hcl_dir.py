"""One Terraform module's directory as read from disk: its .tf and .tf.json files (override files
merged in), the blocks they declare, and the files that could not be read (TL001) with what they
still declare.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from trail_lint.normalise.terraform.hcl_salvage import Declared, declared, declared_json
from trail_lint.normalise.terraform.hcl_syntax import TF_SUFFIXES, Block, TfFile, TfSyntaxError, is_override, read_tf

# how deep local module calls are followed
MAX_NESTING = 32


@dataclass
class ModuleDir:
    path: str
    files: list[TfFile]
    errors: list[TfSyntaxError] = field(default_factory=list)   # files that could not be read: TL001
    declared: list[Declared] = field(default_factory=list)      # what those files still declare

    def blocks(self, kind: str) -> Iterator[tuple[TfFile, Block]]:
        for tf in self.files:
            for block in tf.body.blocks_of(kind):
                yield tf, block

    @cached_property
    def repeated(self) -> dict[tuple[str, int, int], tuple[TfFile, Block]]:
        """Each resource, data or module block that repeats the address of an earlier one, by its file
        and position, with the earlier one (in the order Terraform reads the files): Terraform rejects
        the module ("Duplicate resource configuration"), and the repeated block is not read (TL001)."""
        first: dict[tuple[str, tuple[str, ...]], tuple[TfFile, Block]] = {}
        found: dict[tuple[str, int, int], tuple[TfFile, Block]] = {}
        for tf in self.files:
            for block in tf.body.blocks:
                if (block.type, len(block.labels)) not in (("resource", 2), ("data", 2), ("module", 1)):
                    continue
                earlier = first.setdefault((block.type, block.labels), (tf, block))
                if earlier[1] is not block:
                    found[(tf.path, block.position.line, block.position.column)] = earlier
        return found

    def is_repeated(self, tf: TfFile, block: Block) -> bool:
        return (tf.path, block.position.line, block.position.column) in self.repeated

    @cached_property
    def resources(self) -> frozenset[tuple[str, str]]:
        """The (type, name) of every resource block, those of files that do not parse too."""
        return frozenset({(b.labels[0], b.labels[1]) for _, b in self.blocks("resource") if len(b.labels) == 2} |
                         {(d.type, d.name) for d in self.declared if d.kind == "resource"})

    @cached_property
    def data_sources(self) -> frozenset[tuple[str, str]]:
        """The (type, name) of every data block of the files that parse."""
        return frozenset({(b.labels[0], b.labels[1]) for _, b in self.blocks("data") if len(b.labels) == 2})

    @cached_property
    def locals(self) -> dict[str, Any]:
        """Each local value's expression, by name (the first declaration of a name), read once the
        directory's files are all read."""
        found: dict[str, Any] = {}
        for _, block in self.blocks("locals"):
            for name, attribute in block.body.attributes.items():
                found.setdefault(name, attribute.expr)
        return found


def load_dir(directory: str, files: Sequence[str] | None = None) -> ModuleDir:
    """A module's .tf and .tf.json files, override files merged in; one that cannot be read is left out
    and kept as an error (TL001)."""
    names = files if files is not None else [in_dir(directory, name) for name in tf_names(directory)]
    found = ModuleDir(directory, [])
    for name in sorted(names):
        try:
            found.files.append(read_tf(name))
        except TfSyntaxError as error:
            found.errors.append(error)
            found.declared.extend(_declared_in(name))
    if any(is_override(tf.path) for tf in found.files):
        from trail_lint.normalise.terraform.hcl_override import merge_overrides

        found.files = merge_overrides(found.files)
    return found


# The block types a Terraform (and OpenTofu) configuration file may hold at its top level.
# https://developer.hashicorp.com/terraform/language/syntax/configuration
TOP_LEVEL_BLOCKS = ("terraform", "required_providers", "provider", "variable", "locals", "output", "module",
                    "resource", "data", "ephemeral", "moved", "import", "removed", "check", "action")


def misspelt_blocks(directory: ModuleDir) -> list[TfSyntaxError]:
    """A top-level block whose type is a near miss of one of Terraform's (``resources``, ``variables``):
    Terraform rejects it ("Unsupported block type"), and what it would declare is not read (TL001 at
    the block; the rest of the file is). A type like none is left alone: it may be one of a Terraform
    version trail-lint does not know yet."""
    import difflib

    found = []
    for tf in directory.files:
        for block in tf.body.blocks:
            if block.type not in TOP_LEVEL_BLOCKS:
                close = difflib.get_close_matches(block.type, TOP_LEVEL_BLOCKS, n=1, cutoff=0.75)
                if close:
                    found.append(TfSyntaxError(
                        f"cannot read Terraform block: unsupported block type {block.type!r} (did you mean "
                        f"{close[0]!r}?): Terraform rejects the configuration, and what the block declares is not read",
                        block.position.line,
                        block.position.column, tf.path))
    return found


def repeated_blocks(directory: ModuleDir) -> list[TfSyntaxError]:
    """TL001 at each block that repeats the address of an earlier one (ModuleDir.repeated)."""
    found = []
    for (path, line, column), (tf, block) in directory.repeated.items():
        what = " ".join([block.type, *(f'"{label}"' for label in block.labels)])
        found.append(TfSyntaxError(
            f"cannot read Terraform block: {what} is already declared at {tf.path}:{block.position.line}:"
            f"{block.position.column}: Terraform rejects the configuration (\"Duplicate "
            f"{'module call' if block.type == 'module' else block.type + ' configuration'}\"), and this block "
            "is not read", line, column, path))
    return found


def _declared_in(path: str) -> list[Declared]:
    try:
        with open(path, encoding="utf-8") as handle:
            return declared_json(path, handle.read()) if path.endswith(".tf.json") else declared(path, handle.read())
    except (OSError, UnicodeDecodeError):
        return []


def in_dir(directory: str, name: str) -> str:
    return name if directory == "." else os.path.join(directory, name)


# how far above a file the Terraform that may read it is looked for, where no repository root is found
_LEVELS = 3


def terraform_dirs_above(file: str) -> list[str]:
    """The folders holding .tf files from the file's own up to the root of the repository it lies in
    (the nearest folder above holding ``.git``; without one, a few levels), nearest first, named as
    the file is named: the modules that may read it with ``file()`` or ``templatefile()``."""
    directory = os.path.dirname(file) or "."
    real = os.path.realpath(directory)
    top = _repository_root(real)
    found: list[str] = []
    level = 0
    while True:
        if tf_names(directory):
            found.append(os.path.normpath(directory))
        parent = os.path.dirname(real)
        if real == top or parent == real or (top is None and level >= _LEVELS):
            return found
        directory, real, level = os.path.normpath(os.path.join(directory, os.pardir)), parent, level + 1


def _repository_root(directory: str) -> str | None:
    """The nearest folder at or above ``directory`` (a real path) that holds ``.git``."""
    while not os.path.exists(os.path.join(directory, ".git")):
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent
    return directory


def tf_names(directory: str) -> list[str]:
    """The names of a module directory's .tf and .tf.json files, in order."""
    try:
        return sorted(name for name in os.listdir(directory)
                      if name.endswith(TF_SUFFIXES) and os.path.isfile(os.path.join(directory, name)))
    except OSError:
        return []
