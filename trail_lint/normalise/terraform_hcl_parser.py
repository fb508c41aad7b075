"""HCL native syntax → bodies, blocks, attributes and expressions: a recursive-descent parser.

It follows the grammar of hclsyntax (operator precedence, newline rules, templates, ``for``
expressions, splats) and accepts a little more than Terraform where that costs nothing (a
line break after a binary operator or ``?``), since trail-lint reads configurations and does
not validate them. Errors point at the start of the broken construct.
https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from trail_lint.model import Position
from trail_lint.normalise.terraform_hcl_ast import (
    Binary,
    Call,
    Conditional,
    Expression,
    ForExpr,
    GetAttr,
    Index,
    Literal,
    ObjectCons,
    Parens,
    Splat,
    Template,
    TemplateFor,
    TemplateIf,
    TupleCons,
    Unary,
    Variable,
)
from trail_lint.normalise.terraform_hcl_lexer import Lines, Token


@dataclass(frozen=True)
class Attribute:
    name: str
    expr: Expression     # evaluated later, in the context of one module instance
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


class ParseError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


_PRECEDENCE = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5,
               "*": 6, "/": 6, "%": 6}
_LITERALS = {"true": True, "false": False, "null": None}
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))|\$\$\{|%%\{", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def parse_body(tokens: list[Token], lines: Lines) -> Body:
    return _Parser(tokens, lines).body(None)


class _Parser:
    def __init__(self, tokens: list[Token], lines: Lines) -> None:
        self.tokens = tokens
        self.lines = lines
        self.index = 0
        self.newlines = [True]      # are line breaks significant here (bodies, objects) or skipped?
        self.strip_next = False

    # --- tokens ---------------------------------------------------------------------------------

    def peek(self) -> Token:
        token = self.tokens[self.index]
        if token.kind == "newline" and not self.newlines[-1]:
            while token.kind == "newline":
                self.index += 1
                token = self.tokens[self.index]
        return token

    def take(self) -> Token:
        token = self.peek()
        if token.kind != "eof":
            self.index += 1
        return token

    def is_punct(self, text: str) -> bool:
        token = self.peek()
        return token.kind == "punct" and token.text == text

    def ahead(self, *texts: str) -> bool:
        """A punctuation token next, line breaks skipped: a continued expression, e.g. ``\\n ? a : b``."""
        index = self.index
        while self.tokens[index].kind == "newline":
            index += 1
        token = self.tokens[index]
        if token.kind == "punct" and token.text in texts:
            self.index = index
            return True
        return False

    def skip_newlines(self) -> None:
        while self.tokens[self.index].kind == "newline":
            self.index += 1

    def expect(self, text: str, opener: Token | None = None) -> Token:
        token = self.peek()
        if token.kind == "punct" and token.text == text:
            return self.take()
        if token.kind == "eof" and opener is not None:
            raise ParseError(f"{_describe(opener)} is not closed: expected {text!r}", opener.offset)
        raise ParseError(f"expected {text!r}, found {_describe(token)}", token.offset)

    def position(self, token: Token) -> Position:
        return Position(*self.lines.position(token.offset))

    def nested(self, significant: bool) -> None:
        self.newlines.append(significant)

    # --- bodies ---------------------------------------------------------------------------------

    def body(self, opener: Token | None) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        while True:
            token = self.peek()
            if token.kind == "newline":
                self.index += 1
                continue
            if token.kind == "eof":
                if opener is not None:
                    raise ParseError(f"block {opener.text!r} is not closed: expected '}}'", opener.offset)
                break
            if token.kind == "punct" and token.text == "}" and opener is not None:
                break
            if token.kind != "ident":
                raise ParseError(f"expected an argument or block name, found {_describe(token)}", token.offset)
            self.index += 1
            if self.is_punct("="):
                self.index += 1
                attributes.setdefault(token.text, Attribute(token.text, self.expression(), self.position(token)))
            else:
                blocks.append(self.block(token))
            self.end_of_item()
        return Body(attributes, tuple(blocks))

    def block(self, kind: Token) -> Block:
        labels: list[str] = []
        while True:
            token = self.peek()
            if token.kind == "ident":
                labels.append(self.take().text)
            elif token.kind == "oquote":
                label = self.template()
                if not all(isinstance(part, str) for part in label.parts):
                    raise ParseError("a block label must be a literal string", token.offset)
                labels.append("".join(label.parts))  # type: ignore[arg-type]
            else:
                break
        if not self.is_punct("{"):
            token = self.peek()
            raise ParseError(f"expected '=' or a block after {kind.text!r}, found {_describe(token)}", token.offset)
        self.index += 1
        inner = self.body(kind)
        closing = self.expect("}", kind)
        return Block(kind.text, tuple(labels), inner, self.position(kind), self.lines.position(closing.offset)[0])

    def end_of_item(self) -> None:
        token = self.peek()
        if token.kind == "newline":
            self.index += 1
        elif not (token.kind == "eof" or (token.kind == "punct" and token.text == "}")):
            raise ParseError(f"expected a line break after the argument, found {_describe(token)}", token.offset)

    # --- expressions ----------------------------------------------------------------------------

    def expression(self) -> Expression:
        condition = self.binary(1)
        if not self.ahead("?"):
            return condition
        self.index += 1
        self.skip_newlines()
        then = self.expression()
        self.ahead(":")
        self.expect(":")
        self.skip_newlines()
        return Conditional(condition, then, self.expression())

    def binary(self, minimum: int) -> Expression:
        """Precedence climbing over HCL's operator levels (``||`` lowest, ``* / %`` highest)."""
        left = self.unary()
        while True:
            token = self.peek()
            level = _PRECEDENCE.get(token.text) if token.kind == "punct" else None
            if level is None:
                if not (token.kind == "newline" and self.ahead("&&", "||")):
                    return left
                token = self.tokens[self.index]
                level = _PRECEDENCE[token.text]
            if level < minimum:
                return left
            self.index += 1
            self.skip_newlines()
            left = Binary(token.text, left, self.binary(level + 1))

    def unary(self) -> Expression:
        token = self.peek()
        if token.kind == "punct" and token.text in ("!", "-"):
            self.index += 1
            operand = self.unary()
            if token.text == "-" and isinstance(operand, Literal) and type(operand.value) in (int, float):
                return Literal(-operand.value)
            return Unary(token.text, operand)
        return self.postfix(self.primary())

    def primary(self) -> Expression:
        token = self.take()
        kind, text = token.kind, token.text
        if kind == "number":
            return Literal(float(text) if ("." in text or "e" in text or "E" in text) else int(text))
        if kind == "ident":
            if text in _LITERALS:
                return Literal(_LITERALS[text])
            if self.tokens[self.index].kind == "punct" and self.tokens[self.index].text in ("(", "::"):
                return self.call(token)
            return Variable(text)
        if kind == "oquote" or kind == "oheredoc":
            self.index -= 1
            return self.template()
        if kind == "punct" and text == "(":
            self.nested(False)
            inner = self.expression()
            self.expect(")", token)
            self.newlines.pop()
            return Parens(inner)
        if kind == "punct" and text == "[":
            return self.tuple_cons(token)
        if kind == "punct" and text == "{":
            return self.object_cons(token)
        if kind == "eof":
            raise ParseError("expected an expression, found the end of the file", token.offset)
        raise ParseError(f"expected an expression, found {_describe(token)}", token.offset)

    def postfix(self, source: Expression) -> Expression:
        while True:
            token = self.peek()
            if token.kind != "punct" or token.text not in (".", "["):
                return source
            following = self.tokens[self.index + 1]
            if following.kind == "punct" and following.text == "*" and (
                    token.text == "." or (self.tokens[self.index + 2].text == "]")):
                self.index += 2 if token.text == "." else 3
                source = Splat(source, self.steps(Variable(""), full=token.text == "["))
            else:
                source = self.step(source)

    def step(self, source: Expression) -> Expression:
        token = self.take()
        if token.text == ".":
            name = self.take()
            if name.kind == "ident":
                return GetAttr(source, name.text)
            if name.kind == "number" and name.text.replace(".", "").isdigit():
                for part in name.text.split("."):     # legacy index syntax: a.0.1 is a[0][1]
                    source = Index(source, Literal(int(part)))
                return source
            raise ParseError(f"expected an attribute name after '.', found {_describe(name)}", name.offset)
        self.nested(False)
        key = self.expression()
        self.expect("]", token)
        self.newlines.pop()
        return Index(source, key)

    def steps(self, each: Expression, *, full: bool) -> Expression:
        """The traversal a splat applies to every element: ``.a`` steps, and ``[i]`` after ``[*]``."""
        while True:
            token = self.peek()
            following = self.tokens[self.index + 1]
            if token.kind != "punct" or following.text == "*" or token.text not in ((".", "[") if full else (".",)):
                return each
            each = self.step(each)

    def call(self, name: Token) -> Expression:
        parts = [name.text]
        while self.is_punct("::"):
            self.index += 1
            part = self.take()
            if part.kind != "ident":
                raise ParseError(f"expected a function name after '::', found {_describe(part)}", part.offset)
            parts.append(part.text)
        opener = self.expect("(")
        self.nested(False)
        arguments: list[Expression] = []
        expand = False
        while not self.is_punct(")"):
            if self.peek().kind == "eof":
                break
            arguments.append(self.expression())
            if self.is_punct("..."):
                self.index += 1
                expand = True
            if not self.is_punct(","):
                break
            self.index += 1
        self.expect(")", opener)
        self.newlines.pop()
        return Call("::".join(parts), tuple(arguments), expand)

    def tuple_cons(self, opener: Token) -> Expression:
        self.nested(False)
        if self.is_for():
            found = self.for_expression(opener, "]")
        else:
            items: list[Expression] = []
            while not self.is_punct("]") and self.peek().kind != "eof":
                items.append(self.expression())
                if not self.is_punct(","):
                    break
                self.index += 1
            self.expect("]", opener)
            found = TupleCons(tuple(items))
        self.newlines.pop()
        return found

    def object_cons(self, opener: Token) -> Expression:
        self.nested(False)
        if self.is_for():
            found = self.for_expression(opener, "}")
            self.newlines.pop()
            return found
        self.newlines[-1] = True
        items: list[tuple[Expression, Expression]] = []
        while True:
            self.skip_newlines()
            token = self.peek()
            if token.kind == "eof" or (token.kind == "punct" and token.text == "}"):
                break
            key = self.expression()
            separator = self.peek()
            if separator.kind != "punct" or separator.text not in ("=", ":"):
                raise ParseError(f"expected '=' or ':' after an object key, found {_describe(separator)}",
                                 separator.offset)
            self.index += 1
            self.skip_newlines()
            items.append((key, self.expression()))
            token = self.peek()
            if token.kind == "punct" and token.text == ",":
                self.index += 1
            elif token.kind != "newline" and not (token.kind == "punct" and token.text == "}"):
                raise ParseError(f"expected ',' or a line break between object items, found {_describe(token)}",
                                 token.offset)
        self.expect("}", opener)
        self.newlines.pop()
        return ObjectCons(tuple(items))

    def is_for(self) -> bool:
        token, following = self.peek(), self.tokens[self.index + 1]
        return token.kind == "ident" and token.text == "for" and following.kind == "ident"

    def for_expression(self, opener: Token, closer: str) -> Expression:
        self.index += 1
        names = [self.name()]
        if self.is_punct(","):
            self.index += 1
            names.append(self.name())
        keyword = self.take()
        if keyword.kind != "ident" or keyword.text != "in":
            raise ParseError(f"expected 'in' in a for expression, found {_describe(keyword)}", keyword.offset)
        collection = self.expression()
        self.expect(":")
        key = None
        if closer == "}":
            key = self.expression()
            self.expect("=>")
        value = self.expression()
        group = False
        if closer == "}" and self.is_punct("..."):
            self.index += 1
            group = True
        condition = None
        token = self.peek()
        if token.kind == "ident" and token.text == "if":
            self.index += 1
            condition = self.expression()
        self.expect(closer, opener)
        key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        return ForExpr(key_var, value_var, collection, key, value, condition, group)

    def name(self) -> str:
        token = self.take()
        if token.kind != "ident":
            raise ParseError(f"expected a name, found {_describe(token)}", token.offset)
        return token.text

    # --- templates ------------------------------------------------------------------------------

    def template(self) -> Template:
        opener = self.tokens[self.index]
        self.index += 1
        quoted = opener.kind == "oquote"
        parts, _ = self.template_parts(opener, quoted, ())
        self.strip_next = False
        return Template(tuple(parts))

    def template_parts(self, opener: Token, quoted: bool, stops: tuple[str, ...]) -> tuple[list, str]:
        parts: list = []
        while True:
            token = self.tokens[self.index]
            self.index += 1
            if token.kind == "lit":
                text = _unescape(token.text, quoted)
                if self.strip_next:
                    text = text.lstrip()
                    self.strip_next = False
                parts.append(text)
            elif token.kind == "interp":
                _strip_last(parts, token.text)
                parts.append(self.inside(token, self.expression))
            elif token.kind == "directive":
                _strip_last(parts, token.text)
                keyword = self.peek()
                if keyword.kind == "ident" and keyword.text in stops:
                    self.index += 1
                    return parts, keyword.text
                parts.append(self.directive(token, quoted))
            elif token.kind in ("cquote", "cheredoc"):
                if stops:
                    raise ParseError(f"template directive is not closed: expected %{{{stops[-1]}}}", opener.offset)
                return parts, ""
            else:
                what = "string" if quoted else "heredoc"
                raise ParseError(f"unterminated {what}", opener.offset)

    def inside(self, opener: Token, read):  # type: ignore[no-untyped-def]
        """``${ ... }`` or ``%{ ... }``: line breaks are skipped until the closing brace."""
        self.nested(False)
        found = read()
        token = self.peek()
        if token.kind != "tclose":
            if token.kind == "eof":
                raise ParseError(f"{_describe(opener)} is not closed: expected '}}'", opener.offset)
            raise ParseError(f"expected '}}', found {_describe(token)}", token.offset)
        self.index += 1
        self.newlines.pop()
        self.strip_next = token.text.startswith("~")
        return found

    def directive(self, opener: Token, quoted: bool) -> TemplateIf | TemplateFor:
        keyword = self.take()
        if keyword.kind == "ident" and keyword.text == "if":
            condition = self.inside(opener, self.expression)
            then, stop = self.template_parts(opener, quoted, ("else", "endif"))
            otherwise: list = []
            if stop == "else":
                self.inside(opener, lambda: None)
                otherwise, stop = self.template_parts(opener, quoted, ("endif",))
            self.inside(opener, lambda: None)
            return TemplateIf(condition, Template(tuple(then)), Template(tuple(otherwise)))
        if keyword.kind == "ident" and keyword.text == "for":
            def head() -> tuple[list[str], Expression]:
                names = [self.name()]
                if self.is_punct(","):
                    self.index += 1
                    names.append(self.name())
                if self.name() != "in":
                    raise ParseError("expected 'in' in a template for directive", keyword.offset)
                return names, self.expression()
            names, collection = self.inside(opener, head)
            body, _ = self.template_parts(opener, quoted, ("endfor",))
            self.inside(opener, lambda: None)
            key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
            return TemplateFor(key_var, value_var, collection, Template(tuple(body)))
        raise ParseError(f"expected 'if' or 'for' after '%{{', found {_describe(keyword)}", keyword.offset)


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


def _describe(token: Token) -> str:
    if token.kind == "eof":
        return "the end of the file"
    if token.kind == "newline":
        return "a line break"
    if token.kind in ("oquote", "cquote"):
        return "'\"'"
    if token.kind == "oheredoc":
        return "a heredoc"
    if token.kind == "lit":
        return f"{token.text.strip()[:30]!r}"
    return repr(token.text[:30])


def parse_template(text: str) -> Template | None:
    """A template file's text (``templatefile``), or None when it does not parse."""
    from trail_lint.normalise.terraform_hcl_lexer import LexError, tokenize_template

    try:
        tokens = tokenize_template(text)
        return _Parser(tokens, Lines(text)).template()
    except (LexError, ParseError, RecursionError):
        return None
