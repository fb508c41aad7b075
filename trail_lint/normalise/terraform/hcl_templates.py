"""Templates: the literal text, ``${...}`` interpolations and ``%{if}``/``%{for}`` directives of
quoted strings, heredocs and template files, with escapes and ``~`` strip markers.
https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#templates
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from trail_lint.normalise.terraform.hcl_ast import (
    Expression,
    Template,
    TemplateFor,
    TemplateIf,
)
from trail_lint.normalise.terraform.hcl_cursor import Cursor, ParseError, describe
from trail_lint.normalise.terraform.hcl_lexer import Token

_T = TypeVar("_T")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))|\$\$\{|%%\{", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def template(cursor: Cursor) -> Template:
    """A quoted string or heredoc, from its opening token to its closing one."""
    opener = cursor.tokens[cursor.index]
    cursor.index += 1
    quoted = opener.kind == "oquote"
    parts, _ = _parts(cursor, opener, quoted, ())
    cursor.strip_next = False
    return Template(tuple(parts))


def _parts(cursor: Cursor, opener: Token, quoted: bool, stops: tuple[str, ...]) -> tuple[list, str]:
    parts: list = []
    while True:
        token = cursor.tokens[cursor.index]
        cursor.index += 1
        if token.kind == "lit":
            text = _unescape(token.text, quoted)
            if cursor.strip_next:
                text = text.lstrip()
                cursor.strip_next = False
            parts.append(text)
        elif token.kind == "interp":
            _strip_last(parts, token.text)
            parts.append(inside(cursor, token, cursor.expression))
        elif token.kind == "directive":
            _strip_last(parts, token.text)
            keyword = cursor.peek()
            if keyword.kind == "ident" and keyword.text in stops:
                cursor.index += 1
                return parts, keyword.text
            parts.append(_directive(cursor, token, quoted))
        elif token.kind in ("cquote", "cheredoc"):
            if stops:
                raise ParseError(f"template directive is not closed: expected %{{{stops[-1]}}}", opener.offset)
            return parts, ""
        else:
            what = "string" if quoted else "heredoc"
            raise ParseError(f"unterminated {what}", opener.offset)


def inside(cursor: Cursor, opener: Token, read: Callable[[], _T]) -> _T:
    """``${ ... }`` or ``%{ ... }``: line breaks are skipped until the closing brace."""
    cursor.nested(False)
    found = read()
    token = cursor.peek()
    if token.kind != "tclose":
        if token.kind == "eof":
            raise ParseError(f"{describe(opener)} is not closed: expected '}}'", opener.offset)
        raise ParseError(f"expected '}}', found {describe(token)}", token.offset)
    cursor.index += 1
    cursor.newlines.pop()
    cursor.strip_next = token.text.startswith("~")
    return found


def _directive(cursor: Cursor, opener: Token, quoted: bool) -> TemplateIf | TemplateFor:
    keyword = cursor.take()
    if keyword.kind == "ident" and keyword.text == "if":
        condition = inside(cursor, opener, cursor.expression)
        then, stop = _parts(cursor, opener, quoted, ("else", "endif"))
        otherwise: list = []
        if stop == "else":
            inside(cursor, opener, lambda: None)
            otherwise, stop = _parts(cursor, opener, quoted, ("endif",))
        inside(cursor, opener, lambda: None)
        return TemplateIf(condition, Template(tuple(then)), Template(tuple(otherwise)))
    if keyword.kind == "ident" and keyword.text == "for":
        def head() -> tuple[list[str], Expression]:
            names = [cursor.name()]
            if cursor.is_punct(","):
                cursor.index += 1
                names.append(cursor.name())
            if cursor.name() != "in":
                raise ParseError("expected 'in' in a template for directive", keyword.offset)
            return names, cursor.expression()
        names, collection = inside(cursor, opener, head)
        body, _ = _parts(cursor, opener, quoted, ("endfor",))
        inside(cursor, opener, lambda: None)
        key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        return TemplateFor(key_var, value_var, collection, Template(tuple(body)))
    raise ParseError(f"expected 'if' or 'for' after '%{{', found {describe(keyword)}", keyword.offset)


def _strip_last(parts: list, opener: str) -> None:
    if opener.endswith("~") and parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()


def _unescape(text: str, quoted: bool) -> str:
    if "\\" not in text and "$${" not in text and "%%{" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        whole = match.group(0)
        if whole in ("$${", "%%{"):
            return whole[1:]
        if not quoted:
            return whole
        code = match.group(1) or match.group(2)
        if code:
            return chr(int(code, 16))
        return _ESCAPES.get(match.group(3), whole)
    return _ESCAPE.sub(one, text)
