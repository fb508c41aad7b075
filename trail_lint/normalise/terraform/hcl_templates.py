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
    found = Template(tuple(parts))
    return _flush(found) if opener.text.startswith("<<-") else found


def _flush(found: Template) -> Template:
    """A ``<<-`` heredoc without the indentation its lines share, as HCL removes it: after the strip
    markers, from each line's first literal; a line that starts with an interpolation or a directive
    (or whose indentation a strip marker took) has none, and a blank line does not count and keeps
    its spaces. https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-expressions"""
    starts: list[int] = []          # the literals that begin a line, by their order in the template
    least = [-1]
    order = [0]

    def seen(indent: int) -> None:
        least[0] = indent if least[0] < 0 else min(least[0], indent)

    def directive(newline: bool) -> bool:
        # an interpolation or a directive that begins a line: that line has no indentation
        if newline:
            seen(0)
        return False

    def measure(template: Template, newline: bool) -> bool:
        for part in template.parts:
            if isinstance(part, str):
                if newline:
                    trimmed = part.lstrip()
                    if not (trimmed == "" and part.endswith("\n")):     # a blank line
                        seen(len(part) - len(trimmed))
                        starts.append(order[0])
                order[0] += 1
                newline = part.endswith("\n")
                continue
            newline = directive(newline)
            if isinstance(part, TemplateIf):
                newline = measure(part.then, False)
                if part.otherwise.parts:
                    newline = measure(part.otherwise, directive(newline))
                newline = directive(newline)
            elif isinstance(part, TemplateFor):
                newline = directive(measure(part.body, False))
        return newline

    def cut(template: Template) -> Template:
        parts: list = []
        for part in template.parts:
            if isinstance(part, str):
                parts.append(part[least[0]:] if order[0] in marked else part)
                order[0] += 1
            elif isinstance(part, TemplateIf):
                parts.append(TemplateIf(part.condition, cut(part.then), cut(part.otherwise)))
            elif isinstance(part, TemplateFor):
                parts.append(TemplateFor(part.key, part.value, part.collection, cut(part.body)))
            else:
                parts.append(part)
        return Template(tuple(parts))

    measure(found, True)
    if least[0] <= 0:
        return found
    marked = set(starts)
    order[0] = 0
    return cut(found)


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
