""".tf text → blocks and attributes with 1-based lines, over python-hcl2's Lark parse tree.

python-hcl2's dict output turns expressions into strings and drops comments and attribute lines,
so trail-lint reads the raw parse tree (built with ``propagate_positions``) instead:
https://github.com/amplify-education/python-hcl2
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trail_lint.model import Path, Position


class TfSyntaxError(Exception):
    """A .tf file that cannot be read; the engine reports it as TL001."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None, file: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.file = file


@dataclass(frozen=True)
class Attribute:
    name: str
    expr: Any          # a Lark tree: evaluated later, in the context of one module instance
    position: Position


@dataclass(frozen=True)
class Block:
    type: str
    labels: tuple[str, ...]
    body: Body
    position: Position
    end_line: int


@dataclass(frozen=True)
class Body:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: tuple[Block, ...] = ()

    def blocks_of(self, kind: str) -> tuple[Block, ...]:
        return tuple(block for block in self.blocks if block.type == kind)


@dataclass(frozen=True)
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
    """Parse one .tf (or .tfvars) file; syntax errors raise TfSyntaxError with the line."""
    from lark.exceptions import LarkError, UnexpectedInput

    import hcl2

    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        tree = hcl2.parses_to_tree(text)
    except UnexpectedInput as error:
        raise TfSyntaxError(f"cannot parse Terraform file: {_unexpected(error)}", getattr(error, "line", None) or None,
                            getattr(error, "column", None) or None, path) from None
    except (LarkError, RecursionError) as error:
        raise TfSyntaxError(f"cannot parse Terraform file: {type(error).__name__}", None, None, path) from None
    try:
        body = _body(tree.children[0])
        marks: dict[Path, Position] = {}
        for block in body.blocks:
            _mark_block(marks, _top_path(block), block)
        comments = tuple(_comments(tree))
    except RecursionError:
        raise TfSyntaxError("cannot read Terraform file: blocks are nested too deeply", None, None, path) from None
    return TfFile(path, body, comments, marks, tuple(text.splitlines()))


def _unexpected(error: Any) -> str:
    token = getattr(error, "token", None)
    if token is not None:
        if getattr(token, "type", "") == "$END":
            return "unexpected end of file"
        shown = str(token).strip().splitlines()[0][:30] if str(token).strip() else "line break"
        return f"unexpected {shown!r}"
    char = getattr(error, "char", None)
    return f"unexpected character {char!r}" if char else "syntax error"


def _top_path(block: Block) -> Path:
    return (block.type, *block.labels)


def _mark_block(marks: dict[Path, Position], path: Path, block: Block) -> None:
    marks.setdefault(path, block.position)
    for attribute in block.body.attributes.values():
        marks.setdefault(path + (attribute.name,), attribute.position)
    counts: dict[str, int] = {}
    for inner in block.body.blocks:
        if inner.type == "dynamic" and inner.labels:
            # a dynamic block stands for the whole list of blocks it generates
            marks.setdefault(path + (inner.labels[0],), inner.position)
            continue
        index = counts.get(inner.type, 0)
        counts[inner.type] = index + 1
        marks.setdefault(path + (inner.type,), inner.position)    # the block list: its first block
        _mark_block(marks, path + (inner.type, index), inner)


def _position(node: Any) -> Position:
    meta = getattr(node, "meta", None)
    if meta is not None and not getattr(meta, "empty", True):
        return Position(meta.line, meta.column)
    return Position(getattr(node, "line", 1) or 1, getattr(node, "column", 1) or 1)


def _is_tree(node: Any, *names: str) -> bool:
    return hasattr(node, "data") and (not names or node.data in names)


def _body(tree: Any) -> Body:
    attributes: dict[str, Attribute] = {}
    blocks: list[Block] = []
    for child in tree.children:
        if _is_tree(child, "attribute"):
            name = name_of(child.children[0])
            attributes.setdefault(name, Attribute(name, child.children[-1], _position(child)))
        elif _is_tree(child, "block"):
            blocks.append(_block(child))
    return Body(attributes, tuple(blocks))


def _block(tree: Any) -> Block:
    labels: list[str] = []
    kind = ""
    inner = Body()
    for index, child in enumerate(tree.children):
        if _is_tree(child, "body"):
            inner = _body(child)
        elif index == 0:
            kind = name_of(child)
        elif _is_tree(child, "string"):
            labels.append("".join(str(part.children[0]) for part in child.children if _is_tree(part, "string_part")))
        elif _is_tree(child, "identifier", "keyword", "literal_value"):
            labels.append(name_of(child))
    end = getattr(tree.meta, "end_line", None) if not tree.meta.empty else None
    return Block(kind, tuple(labels), inner, _position(tree), end or _position(tree).line)


def name_of(node: Any) -> str:
    """The text of an identifier-like node (identifier, keyword, literal_value) or a token."""
    if _is_tree(node):
        return "".join(name_of(child) for child in node.children)
    return str(node)


def _tokens(tree: Any, kind: str) -> list[Any]:
    """Tokens of one type in source order, without recursion (expressions may nest deeply)."""
    found, pending = [], [tree]
    while pending:
        node = pending.pop()
        if hasattr(node, "data"):
            pending.extend(reversed(node.children))
        elif getattr(node, "type", "") == kind:
            found.append(node)
    return found


def _comments(tree: Any) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for token in _tokens(tree, "NL_OR_COMMENT"):
        value = str(token)
        stripped = value.lstrip("\n \t\r")
        line = token.line + value[: len(value) - len(stripped)].count("\n")
        if stripped.startswith("#"):
            found.append((line, stripped[1:].strip()))
        elif stripped.startswith("//"):
            found.append((line, stripped[2:].strip()))
        elif stripped.startswith("/*"):
            found.append((line, stripped[2:].removesuffix("*/").strip()))
    return found


def read_tf(path: str) -> TfFile:
    """Read and parse one .tf file; unreadable or undecodable files raise TfSyntaxError."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise TfSyntaxError(f"cannot read Terraform file: not UTF-8 text ({error.reason})", 1, 1, path) from None
    except OSError as error:
        raise TfSyntaxError(f"cannot read Terraform file: {error.strerror or error}", None, None, path) from None
    return parse_tf(path, text)
