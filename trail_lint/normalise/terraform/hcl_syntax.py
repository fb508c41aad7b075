""".tf text → blocks and attributes with 1-based lines and columns, read by trail-lint's own HCL parser
(terraform_hcl_lexer, terraform_hcl_parser): no dependency, and nothing to clash with other tools'
``hcl2`` modules in the same environment.
"""
from __future__ import annotations

import os

from trail_lint.model import Path, Position
from trail_lint.normalise.terraform.hcl_ast import Attribute, Block, Body, ObjectCons, Template
from trail_lint.records import record

__all__ = ["OBJECT_ARGUMENTS", "TF_SUFFIXES", "Attribute", "Block", "Body", "TfFile", "TfSyntaxError",
           "is_object_argument", "is_override", "parse_tf", "provider_path", "read_tf"]

# The files of a module: native syntax, and JSON syntax (hcl_json)
TF_SUFFIXES = (".tf", ".tf.json")

# Arguments of resource, data source and provider bodies whose value is a map or a list of objects:
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs (tags; aws_cloudwatch_log_metric_filter
# metric_transformation.dimensions; aws_kms_grant constraints; aws_cloudwatch_log_delivery),
# https://registry.terraform.io/providers/hashicorp/template/latest/docs/data-sources/file (vars).
# Any other property of those bodies whose value is an object is a nested block: in JSON syntax
# (hcl_json), and in Terraform 0.11's native syntax, which took `condition = { ... }` for a block
# (hcl_build).
OBJECT_ARGUMENTS = frozenset({"tags", "tags_all", "dimensions", "encryption_context_equals",
                              "encryption_context_subset", "s3_delivery_configuration", "vars"})
# Of those, the one that takes a list of objects, not a map: a block is not one of its values
_LIST_ARGUMENTS = frozenset({"s3_delivery_configuration"})
_OBJECT_ARGUMENTS_OF = {"aws_kms_ciphertext": frozenset({"context"}), "aws_kms_secret": frozenset({"context"}),
                        "aws_kms_secrets": frozenset({"context"})}


def is_object_argument(name: str, resource: str) -> bool:
    """Whether ``name`` is an argument of resource (or data source) type ``resource`` that takes a map
    or a list of objects, not a nested block."""
    return name in OBJECT_ARGUMENTS or name in _OBJECT_ARGUMENTS_OF.get(resource, ())


def is_override(path: str) -> bool:
    """An override file (``override.tf``, ``x_override.tf.json``), merged into its module's other files
    (hcl_override). https://developer.hashicorp.com/terraform/language/files/override"""
    stem = os.path.basename(path).removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


class TfSyntaxError(Exception):
    """A .tf file that cannot be read; the engine reports it as TL001."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None, file: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.file = file


@record(slots=False)
class TfFile:
    path: str
    body: Body
    comments: tuple[tuple[int, str], ...]     # (line, text after the comment marker)
    marks: dict[Path, Position]
    lines: tuple[str, ...] = ()

    def comment_only(self, line: int) -> bool:
        text = self.lines[line - 1].lstrip() if 0 < line <= len(self.lines) else ""
        return text.startswith(("#", "//", "/*"))


def parse_tf(path: str, text: str) -> TfFile:
    """Parse one .tf (or .tfvars) file; syntax errors raise TfSyntaxError at the broken construct."""
    from trail_lint.normalise.terraform.hcl_lexer import Lines, tokenize
    from trail_lint.normalise.terraform.hcl_parser import ParseError, parse_body

    text = text.removeprefix("\ufeff")
    lines = Lines(text)
    found: list[tuple[int, str]] = []
    try:
        body = _maps_written_as_blocks(parse_body(tokenize(text, found), lines))
        marks: dict[Path, Position] = {}
        for block in body.blocks:
            _mark_block(marks, _top_path(block), block)
    except ParseError as error:
        line, column = lines.position(error.offset)
        raise TfSyntaxError(f"cannot parse Terraform file: {error.message}", line, column, path) from None
    except RecursionError:
        raise TfSyntaxError("cannot parse Terraform file: blocks or expressions are nested too deeply",
                            1, 1, path) from None
    comments = tuple((lines.position(offset)[0], comment) for offset, comment in found)
    return TfFile(path, body, comments, marks, tuple(text.split("\n")))


def _maps_written_as_blocks(body: Body) -> Body:
    """A file's body with Terraform 0.11's block syntax for a map argument (``tags { Name = "x" }``,
    which 0.12 writes ``tags = { ... }``) read as that argument: in resources, data sources and
    providers (and their nested blocks) for the arguments that take a map (``is_object_argument``),
    and in module calls, whose body holds arguments only, for any block.
    https://github.com/hashicorp/terraform/issues/19240,
    https://developer.hashicorp.com/terraform/language/v1.1.x/upgrade-guides/0-12"""
    blocks = tuple(_with_maps(block, block.labels[0] if block.type != "provider" else "")
                   if block.type in ("resource", "data", "provider") and block.labels else
                   _with_maps(block, None) if block.type == "module" else block for block in body.blocks)
    return Body(body.attributes, blocks)


def _with_maps(block: Block, kind: str | None) -> Block:
    """``block`` with each of its single, unlabelled nested blocks that stands for a map argument of
    resource type ``kind`` as that argument (any such block where ``kind`` is None: a module call)."""
    attributes = dict(block.body.attributes)
    blocks: list[Block] = []
    counts: dict[str, int] = {}
    for inner in block.body.blocks:
        counts[inner.type] = counts.get(inner.type, 0) + 1
    for inner in block.body.blocks:
        if (kind is None or is_object_argument(inner.type, kind) and inner.type not in _LIST_ARGUMENTS) \
                and not inner.labels and not inner.body.blocks and counts[inner.type] == 1 \
                and inner.type not in attributes:
            items = tuple((Template((name,)), attribute.expr) for name, attribute in inner.body.attributes.items())
            attributes[inner.type] = Attribute(inner.type, ObjectCons(items), inner.position)
        elif kind is not None:
            blocks.append(_with_maps(inner, kind))
        else:
            blocks.append(inner)
    return Block(block.type, block.labels, Body(attributes, tuple(blocks)), block.position, block.end_line)


def _top_path(block: Block) -> Path:
    if block.type == "provider" and block.labels and "alias" in block.body.attributes:
        written = block.body.attributes["alias"].expr
        parts = getattr(written, "parts", None)     # a quoted name: a Template of one literal part
        if isinstance(parts, tuple) and len(parts) == 1 and isinstance(parts[0], str):
            return provider_path(block.labels[0], parts[0])
    return (block.type, *block.labels)


def provider_path(name: str, alias: object = None) -> Path:
    """Where a provider block's positions are kept: ``("provider", "aws")``, and an aliased configuration's
    under its own key (``("provider", "aws.east")``), so that two blocks of one provider are told apart."""
    return ("provider", f"{name}.{alias}" if isinstance(alias, str) and alias else name)


def _mark_block(marks: dict[Path, Position], path: Path, block: Block) -> None:
    marks.setdefault(path, block.position)
    for attribute in block.body.attributes.values():
        marks.setdefault(path + (attribute.name,), attribute.position)
    counts: dict[str, int] = {}
    dynamics: dict[str, int] = {}
    for inner in block.body.blocks:
        if inner.type == "dynamic" and inner.labels:
            # a dynamic block stands for the whole list of blocks it generates; its content, for the
            # blocks read as written there (common.maybe_blocks), at its own place
            marks.setdefault(path + (inner.labels[0],), inner.position)
            number = dynamics[inner.labels[0]] = dynamics.get(inner.labels[0], -1) + 1
            marks.setdefault(path + (inner.labels[0], "dynamic", number), inner.position)
            for content in inner.body.blocks_of("content")[:1]:
                _mark_block(marks, path + (inner.labels[0], "dynamic", number), content)
            continue
        index = counts.get(inner.type, 0)
        counts[inner.type] = index + 1
        marks.setdefault(path + (inner.type,), inner.position)    # the block list: its first block
        _mark_block(marks, path + (inner.type, index), inner)


def read_tf(path: str) -> TfFile:
    """Read and parse one .tf or .tf.json file; unreadable or undecodable files raise TfSyntaxError."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise TfSyntaxError(f"cannot read Terraform file: not UTF-8 text ({error.reason})", 1, 1, path) from None
    except OSError as error:
        raise TfSyntaxError(f"cannot read Terraform file: {error.strerror or error}", None, None, path) from None
    if path.endswith(".tf.json"):
        from trail_lint.normalise.terraform.hcl_json import parse_tf_json

        return parse_tf_json(path, text)
    return parse_tf(path, text)
