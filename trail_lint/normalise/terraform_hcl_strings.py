"""Quoted strings, templates and heredocs: escapes, ``${...}`` interpolation and ``<<-`` indentation.
https://developer.hashicorp.com/terraform/language/expressions/strings
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from trail_lint.model import UNKNOWN

Resolver = Callable[[str, list[Any]], tuple[Any, int]]
Evaluate = Callable[[Any, Resolver, dict[str, Any], int], Any]


def _trees(node: Any) -> list[Any]:
    return [child for child in node.children if hasattr(child, "data") and child.data != "new_line_or_comment"]


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))", re.DOTALL)


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code:
            return chr(int(code, 16))
        return _ESCAPES.get(match.group(3), match.group(0))
    return _ESCAPE.sub(one, text)


def string(tree: Any, resolve: Resolver, scope: dict[str, Any], depth: int, evaluate: Evaluate) -> Any:
    pieces: list[Any] = []
    for part in tree.children:
        if not hasattr(part, "data") or part.data != "string_part":
            continue
        inner = part.children[0]
        if hasattr(inner, "data"):
            if inner.data != "interpolation":
                return UNKNOWN          # %{if}/%{for} directives: not evaluated
            pieces.append(evaluate(_trees(inner)[0], resolve, scope, depth))
        elif inner.type == "ESCAPED_INTERPOLATION" or inner.type == "ESCAPED_DIRECTIVE":
            pieces.append(str(inner)[1:])
        else:
            pieces.append(_unescape(str(inner)))
    return join_template(pieces)


def join_template(pieces: list[Any]) -> Any:
    if any(piece is UNKNOWN for piece in pieces):
        return UNKNOWN
    if len(pieces) == 1 and not isinstance(pieces[0], str):
        return pieces[0]        # "${x}" alone keeps the value's type
    text = []
    for piece in pieces:
        if isinstance(piece, bool):
            text.append("true" if piece else "false")
        elif isinstance(piece, (str, int, float)):
            text.append(str(piece))
        else:
            return UNKNOWN      # a list or object cannot be interpolated; Terraform rejects it
    return "".join(text)


def heredoc(tree: Any, resolve: Resolver, scope: dict[str, Any], depth: int, evaluate: Evaluate) -> Any:
    raw = str(tree.children[0]).replace("\r\n", "\n")
    lines = raw.split("\n")[1:-2]    # drop the <<MARKER line and the closing MARKER line
    if tree.data == "heredoc_template_trim":
        # <<- removes the smallest indentation of the non-blank lines
        indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
        cut = min(indents, default=0)
        lines = [line[cut:] for line in lines]
    body = "\n".join(lines) + "\n" if lines else ""
    return template(body, resolve, scope, depth, evaluate)


def template(body: str, resolve: Resolver, scope: dict[str, Any], depth: int, evaluate: Evaluate) -> Any:
    """A heredoc body: literal text with ``${...}`` interpolations (``$${`` escapes one)."""
    if "%{" in body.replace("%%{", ""):
        return UNKNOWN
    pieces: list[Any] = []
    index = 0
    while True:
        start = body.find("${", index)
        while start > 0 and body[start - 1] == "$":
            pieces.append(body[index:start - 1] + "${")
            index = start + 2
            start = body.find("${", index)
        if start < 0:
            pieces.append(body[index:].replace("%%{", "%{"))
            break
        pieces.append(body[index:start].replace("%%{", "%{"))
        end = _closing(body, start + 2)
        if end < 0:
            return UNKNOWN
        pieces.append(_parse_and_evaluate(body[start + 2:end], resolve, scope, depth, evaluate))
        index = end + 1
    return join_template(pieces)


def _closing(text: str, index: int) -> int:
    depth, quoted = 0, False
    while index < len(text):
        char = text[index]
        if quoted:
            if char == "\\":
                index += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return -1


def _parse_and_evaluate(source: str, resolve: Resolver, scope: dict[str, Any], depth: int, evaluate: Evaluate) -> Any:
    import hcl2
    from lark.exceptions import LarkError

    try:
        tree = hcl2.parses_to_tree(f"x = {source.strip()}\n")
        attribute = tree.children[0].children[0]
    except (LarkError, IndexError, RecursionError):
        return UNKNOWN
    return evaluate(attribute.children[-1], resolve, scope, depth)
