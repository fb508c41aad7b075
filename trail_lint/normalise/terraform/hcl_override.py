"""Override files (``override.tf``, ``*_override.tf`` and their ``.tf.json`` forms) merged into the
blocks of a module's other files, as Terraform merges them: after those files, in name order; each
argument of an override block replaces the argument of that name, and each nested block type it
writes replaces every block of that type (a ``lifecycle`` block is merged argument by argument); a
local value or a provider configuration (by its alias) is replaced one by one.
https://developer.hashicorp.com/terraform/language/files/override
"""
from __future__ import annotations

from dataclasses import replace

from trail_lint.normalise.terraform.hcl_ast import Attribute, Block, Body, Template
from trail_lint.normalise.terraform.hcl_syntax import TfFile, is_override


def merge_overrides(files: list[TfFile]) -> list[TfFile]:
    """The module's files other than override files, with the override files' blocks merged in."""
    overrides = [tf for tf in files if is_override(tf.path)]
    if not overrides:
        return files
    primary = [tf for tf in files if not is_override(tf.path)]
    blocks = [list(tf.body.blocks) for tf in primary]
    for tf in overrides:
        for block in tf.body.blocks:
            if block.type == "locals":
                for name, attribute in block.body.attributes.items():
                    _replace_local(blocks, name, attribute)
                continue
            key = _identity(block)
            for found in blocks:
                found[:] = [_merged(base, block) if _identity(base) == key else base for base in found]
    return [replace(tf, body=replace(tf.body, blocks=tuple(found))) for tf, found in zip(primary, blocks)]


def _identity(block: Block) -> tuple[object, ...]:
    if block.type != "provider":
        return (block.type, block.labels)
    alias = block.body.attributes.get("alias")
    written = alias.expr if alias is not None else None
    name = "".join(p for p in written.parts if isinstance(p, str)) if isinstance(written, Template) else None
    return (block.type, block.labels, name)


def _replace_local(blocks: list[list[Block]], name: str, attribute: Attribute) -> None:
    for found in blocks:
        for index, base in enumerate(found):
            if base.type == "locals" and name in base.body.attributes:
                attributes = {**base.body.attributes, name: attribute}
                found[index] = replace(base, body=replace(base.body, attributes=attributes))


def _nested_type(block: Block) -> str:
    return block.labels[0] if block.type == "dynamic" and block.labels else block.type


def _merged(base: Block, override: Block) -> Block:
    written = {_nested_type(inner) for inner in override.body.blocks}
    kept = [inner for inner in base.body.blocks if _nested_type(inner) not in written]
    added = list(override.body.blocks)
    if base.type in ("resource", "data"):
        # lifecycle is merged argument by argument, not replaced
        old = next((inner for inner in base.body.blocks if inner.type == "lifecycle"), None)
        added = [_merged(old, inner) if inner.type == "lifecycle" and old is not None else inner for inner in added]
    body = Body({**base.body.attributes, **override.body.attributes}, tuple(kept + added))
    return replace(base, body=body)
