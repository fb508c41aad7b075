"""Terraform's JSON syntax (``*.tf.json``) → the blocks, attributes and expressions of the native
syntax (hcl_ast), so that a module's .tf and .tf.json files are one module, read by the same code.

Top-level keys are block types, labels are nested keys, and a body is an object (or, for several
blocks, an array of objects). An argument's string is a string template (``"${aws_s3_bucket.b.id}"``),
numbers, booleans and null are literals, arrays and objects are tuples and objects; a ``"//"`` key of
a body is a comment. Some arguments are not templates: ``provider``, ``depends_on`` and lifecycle
references are expressions in strings, a variable's ``type`` a type expression, its ``default`` and
the ``source`` of a module literal JSON.
https://developer.hashicorp.com/terraform/language/syntax/json

Terraform tells a nested block from an argument by the provider's schema, which trail-lint does not
ship. In a resource, data source or provider body, a property whose value is an object or an array
of objects is a nested block (``event_selector``, ``statement``, ``assume_role``), unless it is one
of the few arguments of those types that take a map or a list of objects (``tags``, a metric
filter's ``dimensions``: hcl_syntax.OBJECT_ARGUMENTS); tests/test_terraform_json.py checks this against the
AWS provider's schema where one is installed.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trail_lint.model import Path, Position
from trail_lint.normalise.terraform.hcl_ast import (
    Attribute,
    Block,
    Body,
    Expression,
    Literal,
    ObjectCons,
    Template,
    TupleCons,
)
from trail_lint.normalise.terraform.hcl_syntax import TfFile, TfSyntaxError, is_object_argument, provider_path

__all__ = ["parse_tf_json"]

# How many labels each top-level block type has.
_LABELS = {"resource": 2, "data": 2, "module": 1, "provider": 1, "variable": 1, "output": 1, "check": 1,
           "locals": 0, "terraform": 0, "moved": 0, "import": 0, "removed": 0}
# Nested block types that Terraform itself defines, by the body they are in, with their label counts.
# "schema": the body of a resource, data source or provider (or a block inside one), where the
# provider's schema decides. Anything not listed in a body that is not "schema" is an argument.
_NESTED: dict[str, dict[str, int]] = {
    "resource": {"lifecycle": 0, "provisioner": 1, "connection": 0, "dynamic": 1},
    "removed": {"lifecycle": 0, "provisioner": 1, "connection": 0},
    "provisioner": {"connection": 0},
    "dynamic": {"content": 0},
    # a dynamic block may stand for blocks of the provider's at any depth: in a provider block, in a
    # nested block, and in the content of another dynamic block
    # https://developer.hashicorp.com/terraform/language/syntax/json#nested-block-mapping
    "provider": {"dynamic": 1},
    "schema": {"dynamic": 1},
    "content": {"dynamic": 1},
    "lifecycle": {"precondition": 0, "postcondition": 0},
    "variable": {"validation": 0},
    "output": {"precondition": 0},
    "check": {"data": 2, "assert": 0},
    "terraform": {"backend": 1, "cloud": 0, "required_providers": 0, "provider_meta": 1},
    "cloud": {"workspaces": 0},
}
_SCHEMA = frozenset({"resource", "data", "provider", "schema", "content"})

# How a property's value is read, by the body it is in: an expression in a string ("expr"), a list
# of them ("exprs"), a literal JSON value ("literal"), or (the rest) templates.
_MODES: dict[str, dict[str, str]] = {
    "resource": {"provider": "expr", "depends_on": "exprs"},
    "module": {"source": "literal", "version": "literal", "providers": "providers", "depends_on": "exprs"},
    "provider": {"alias": "literal", "version": "literal"},
    "variable": {"type": "expr", "default": "literal", "description": "literal", "sensitive": "literal",
                 "nullable": "literal", "ephemeral": "literal"},
    "output": {"description": "literal", "sensitive": "literal", "ephemeral": "literal", "depends_on": "exprs"},
    "moved": {"from": "expr", "to": "expr"},
    "import": {"to": "expr", "provider": "expr"},
    "removed": {"from": "expr"},
    "lifecycle": {"ignore_changes": "exprs", "replace_triggered_by": "exprs"},
    "connection": {"type": "literal"},
    "dynamic": {"iterator": "expr"},
}
_LITERAL_BODIES = frozenset({"terraform", "backend", "cloud", "workspaces", "required_providers", "provider_meta"})


def parse_tf_json(path: str, text: str) -> TfFile:
    """One .tf.json file as the blocks of a .tf file; TfSyntaxError when it is not JSON, or not the
    shape Terraform reads."""
    from trail_lint.load import LoadError, load_text

    try:
        doc = load_text(text, path, fmt="json")
    except LoadError as error:
        where = error.position or Position(1, 1)
        raise TfSyntaxError(f"cannot parse Terraform file: {error.message}", where.line, where.column, path) from None
    root = doc.data
    if not isinstance(root, dict):
        raise TfSyntaxError("cannot parse Terraform file: a JSON configuration is an object of block types",
                            1, 1, path)
    from trail_lint.load.json_marks import every_position

    try:
        reader = _Reader(path, every_position(doc.text))
        blocks = [block for key, value in root.items() for block in reader.top(key, value)]
    except RecursionError:
        raise TfSyntaxError("cannot parse Terraform file: blocks or expressions are nested too deeply",
                            1, 1, path) from None
    return TfFile(path, Body({}, tuple(blocks)), tuple(sorted(reader.comments)), reader.marks)


class _Reader:
    def __init__(self, file: str, positions: dict[Path, Position]) -> None:
        self.file = file
        self.positions = positions
        self.marks: dict[Path, Position] = {}       # model path → position, as hcl_syntax marks a .tf file
        self.comments: list[tuple[int, str]] = []
        self.last = 1                                # the last line read inside the block being read

    def at(self, where: Path) -> Position:
        position = self.positions.get(where, Position(1, 1))
        self.last = max(self.last, position.line)
        return position

    def fail(self, message: str, where: Path) -> TfSyntaxError:
        position = self.at(where)
        return TfSyntaxError(f"cannot parse Terraform file: {message}", position.line, position.column, self.file)

    def top(self, kind: str, value: Any) -> Iterator[Block]:
        if kind == "//":
            self.comment(value, (kind,))
            return
        if kind not in _LABELS:
            return          # not a block type of Terraform's, which rejects it: nothing to read
        for labels, body, where in self.expand(value, _LABELS[kind], (kind,), ()):
            alias = body.get("alias") if kind == "provider" and labels else None
            model = provider_path(labels[0], alias) if isinstance(alias, str) and "${" not in alias else (kind, *labels)
            block = self.block(kind, labels, body, where, model, kind)
            self.marks.setdefault(model, block.position)
            yield block

    def expand(self, value: Any, count: int, where: Path, labels: tuple[str, ...]
               ) -> Iterator[tuple[tuple[str, ...], dict[str, Any], Path]]:
        """The blocks a property's value gives: (labels, body, JSON path of the body), in order."""
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from self.expand(item, count, where + (index,), labels)
        elif not isinstance(value, dict):
            raise self.fail(f"a block{' label' if count else ''} must be a JSON object", where)
        elif count == 0:
            yield labels, value, where
        else:
            for key, inner in value.items():
                if key != "//":
                    yield from self.expand(inner, count - 1, where + (key,), labels + (key,))

    def block(self, kind: str, labels: tuple[str, ...], body: dict[str, Any], where: Path, model: Path,
              context: str, resource: str = "") -> Block:
        position = self.at(where)
        outer, self.last = self.last, position.line
        if kind in ("resource", "data") and labels:
            resource = labels[0]
        read = self.body(body, where, model, context, resource)
        end, self.last = self.last, max(outer, self.last)
        return Block(kind, labels, read, position, end)

    def body(self, members: dict[str, Any], where: Path, model: Path, context: str, resource: str) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        counts: dict[str, int] = {}
        for name, value in members.items():
            if name == "//":
                self.comment(value, where + (name,))
                continue
            labels = self.nested(context, name, value, resource)
            if labels is None:
                attributes[name] = self.attribute(name, value, where + (name,), model + (name,), context)
                continue
            # a block Terraform defines is read by its own rules; one of the provider's, as its schema
            inner_context = name if name in _NESTED.get("resource" if context == "data" else context, {}) else (
                "schema" if context in _SCHEMA else context)
            for found, body, at in self.expand(value, labels, where + (name,), ()):
                if name == "dynamic" and found:
                    # a dynamic block stands for the whole list of blocks it generates
                    block = self.block(name, found, body, at, model + (found[0],), inner_context, resource)
                    self.marks.setdefault(model + (found[0],), block.position)
                else:
                    index = counts[name] = counts.get(name, -1) + 1
                    block = self.block(name, found, body, at, model + (name, index), inner_context, resource)
                    self.marks.setdefault(model + (name,), block.position)     # the block list: its first block
                    self.marks.setdefault(model + (name, index), block.position)
                blocks.append(block)
        return Body(attributes, tuple(blocks))

    @staticmethod
    def nested(context: str, name: str, value: Any, resource: str) -> int | None:
        """The number of labels of a nested block type ``name``; None when ``name`` is an argument."""
        known = _NESTED.get("resource" if context == "data" else context, {})
        if name in known:
            return known[name]
        if context not in _SCHEMA or is_object_argument(name, resource):
            return None
        if isinstance(value, dict) or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
            return 0
        return None

    def attribute(self, name: str, value: Any, where: Path, model: Path, context: str) -> Attribute:
        position = self.at(where)
        mode = "literal" if context in _LITERAL_BODIES else \
            _MODES.get("resource" if context == "data" else context, {}).get(name, "template")
        self.mark_values(value, where, model)
        return Attribute(name, self.expression(value, where, mode), position)

    def mark_values(self, value: Any, where: Path, model: Path) -> None:
        self.marks.setdefault(model, self.at(where))
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            self.mark_values(item, where + (key,), model + (key,))

    def expression(self, value: Any, where: Path, mode: str) -> Expression:
        if isinstance(value, str):
            return self.string(value, where, mode)
        if isinstance(value, list):
            item_mode = "expr" if mode == "exprs" else mode
            return TupleCons(tuple(self.expression(item, where + (index,), item_mode)
                                   for index, item in enumerate(value)))
        if isinstance(value, dict):
            key_mode = "expr" if mode == "providers" else "literal" if mode == "literal" else "template"
            return ObjectCons(tuple((self.string(key, where + (key,), key_mode),
                                     self.expression(item, where + (key,), key_mode if mode == "providers" else mode))
                                    for key, item in value.items()))
        return Literal(value)

    def string(self, text: str, where: Path, mode: str) -> Expression:
        from trail_lint.normalise.terraform.hcl_parser import ParseError, expression_of, template_of

        if mode in ("expr", "exprs"):
            read = expression_of
        elif mode == "literal" or ("${" not in text and "%{" not in text):
            return Template((text,) if text else ())
        else:
            read = template_of
        try:
            return read(text)
        except ParseError as error:
            raise self.fail(f"{error.message} in the string {_shown(text)}", where) from None

    def comment(self, value: Any, where: Path) -> None:
        texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        line = self.at(where).line
        self.comments.extend((line, text) for text in texts if isinstance(text, str))


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
