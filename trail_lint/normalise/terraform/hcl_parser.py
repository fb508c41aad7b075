"""HCL native syntax → bodies, blocks, attributes and expressions: a recursive-descent parser.

It follows the grammar of hclsyntax (operator precedence, newline rules, templates, ``for``
expressions, splats) and accepts a little more than Terraform where that costs nothing (a
line break after a binary operator or ``?``), since trail-lint reads configurations and does
not validate them. Errors point at the start of the broken construct.
https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
"""
from __future__ import annotations

from trail_lint.normalise.terraform.hcl_ast import (
    Attribute,
    Binary,
    Block,
    Body,
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
    TupleCons,
    Unary,
    Variable,
)
from trail_lint.normalise.terraform.hcl_cursor import Cursor, ParseError, describe
from trail_lint.normalise.terraform.hcl_lexer import Lines, Token
from trail_lint.normalise.terraform.hcl_templates import template

__all__ = ["Attribute", "Block", "Body", "ParseError", "expression_of", "parse_body", "parse_template", "template_of"]


_PRECEDENCE = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4, "+": 5, "-": 5,
               "*": 6, "/": 6, "%": 6}
_LITERALS = {"true": True, "false": False, "null": None}


def parse_body(tokens: list[Token], lines: Lines) -> Body:
    return _Parser(tokens, lines).body(None)


class _Parser(Cursor):
    # --- bodies ---------------------------------------------------------------------------------

    def body(self, opener: Token | None) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        repeated: set[str] = set()
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
            if token.kind == "oquote":
                token = self.quoted_name(token)
            elif token.kind == "ident":
                self.index += 1
            else:
                raise ParseError(f"expected an argument or block name, found {describe(token)}", token.offset)
            if self.is_punct("="):
                self.index += 1
                attribute = Attribute(token.text, self.expression(), self.position(token))
                first = attributes.get(token.text)
                if first is None and token.text not in repeated:
                    attributes[token.text] = attribute
                elif first is None:
                    blocks.extend(found for found in (self.object_block(attribute),) if found is not None)
                elif (earlier := self.object_block(first, first.position.line)) is not None \
                        and (later := self.object_block(attribute)) is not None:
                    # HCL 1 (Terraform 0.11) read an object assigned twice to one name as a list of
                    # objects, which Terraform took for the blocks of that name (0.12 rejects it)
                    # https://github.com/hashicorp/terraform-provider-aws/issues/7655
                    del attributes[token.text]
                    repeated.add(token.text)
                    blocks.extend((earlier, later))
            else:
                blocks.append(self.block(token))
            self.end_of_item()
        return Body(attributes, tuple(blocks))

    def object_block(self, attribute: Attribute, end: int = 0) -> Block | None:
        """An argument whose value is an object with literal keys as a block of its name (ending on line
        ``end``, else on the line of the last token read); None otherwise."""
        if not isinstance(attribute.expr, ObjectCons):
            return None
        inner: dict[str, Attribute] = {}
        for key, value in attribute.expr.items:
            name = key.name if isinstance(key, Variable) else _literal(key) if isinstance(key, Template) else None
            if name is None:
                return None
            inner.setdefault(name, Attribute(name, value, attribute.position))
        end = end or self.lines.position(self.tokens[self.index - 1].offset)[0]
        return Block(attribute.name, (), Body(inner), attribute.position, end)

    def quoted_name(self, opener: Token) -> Token:
        """An argument or block name in quotes, which Terraform 0.11 took (HCL 1: ``"Name" = "x"``), as
        the name it spells. https://github.com/hashicorp/hcl/blob/v1.0.0/README.md#syntax"""
        name = _literal(template(self))
        if name is None:
            raise ParseError("an argument or block name must be a literal string", opener.offset)
        return Token("ident", name, opener.offset)

    def block(self, kind: Token) -> Block:
        labels: list[str] = []
        while True:
            token = self.peek()
            if token.kind == "ident":
                labels.append(self.take().text)
            elif token.kind == "oquote":
                label = _literal(template(self))
                if label is None:
                    raise ParseError("a block label must be a literal string", token.offset)
                labels.append(label)
            else:
                break
        if not self.is_punct("{"):
            token = self.peek()
            raise ParseError(f"expected '=' or a block after {kind.text!r}, found {describe(token)}", token.offset)
        self.index += 1
        inner = self.body(kind)
        closing = self.expect("}", kind)
        return Block(kind.text, tuple(labels), inner, self.position(kind), self.lines.position(closing.offset)[0])

    def end_of_item(self) -> None:
        token = self.peek()
        if token.kind == "punct" and token.text == ",":
            # HCL 1 (Terraform 0.11) took a comma after an item, with or without a line break
            self.index += 1
            token = self.peek()
            if token.kind != "newline":
                return
        if token.kind == "newline":
            self.index += 1
        elif not (token.kind == "eof" or (token.kind == "punct" and token.text == "}")):
            raise ParseError(f"expected a line break after the argument, found {describe(token)}", token.offset)

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
            return template(self)
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
        raise ParseError(f"expected an expression, found {describe(token)}", token.offset)

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
            raise ParseError(f"expected an attribute name after '.', found {describe(name)}", name.offset)
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
                raise ParseError(f"expected a function name after '::', found {describe(part)}", part.offset)
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
            if separator.kind == "punct" and separator.text == "{" and isinstance(key, (Variable, Template)):
                # HCL 1 (Terraform 0.11) took an object item written as a block: `data_resource { ... }`
                self.index += 1
                items.append((key, self.object_cons(separator)))
                self.end_of_object_item()
                continue
            if separator.kind != "punct" or separator.text not in ("=", ":"):
                raise ParseError(f"expected '=' or ':' after an object key, found {describe(separator)}",
                                 separator.offset)
            self.index += 1
            self.skip_newlines()
            items.append((key, self.expression()))
            self.end_of_object_item()
        self.expect("}", opener)
        self.newlines.pop()
        return ObjectCons(tuple(items))

    def end_of_object_item(self) -> None:
        token = self.peek()
        if token.kind == "punct" and token.text == ",":
            self.index += 1
        elif token.kind != "newline" and not (token.kind == "punct" and token.text == "}"):
            raise ParseError(f"expected ',' or a line break between object items, found {describe(token)}",
                             token.offset)

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
            raise ParseError(f"expected 'in' in a for expression, found {describe(keyword)}", keyword.offset)
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


def _literal(found: Template) -> str | None:
    """The text of a quoted string without interpolations or directives; None for any other."""
    texts = [part for part in found.parts if isinstance(part, str)]
    return "".join(texts) if len(texts) == len(found.parts) else None


def parse_template(text: str) -> Template | None:
    """A template file's text (``templatefile``), or None when it does not parse."""
    try:
        return template_of(text)
    except (ParseError, RecursionError):
        return None


def template_of(text: str) -> Template:
    """A string as a template (a template file, a string of JSON syntax); ParseError when it does not parse."""
    from trail_lint.normalise.terraform.hcl_lexer import tokenize_template

    return template(_Parser(tokenize_template(text), Lines(text)))


def expression_of(text: str) -> Expression:
    """A whole string as one expression (JSON syntax's ``"provider": "aws.east"``); ParseError otherwise."""
    from trail_lint.normalise.terraform.hcl_lexer import tokenize

    parser = _Parser(tokenize(text), Lines(text))
    parser.nested(False)
    found = parser.expression()
    token = parser.peek()
    if token.kind != "eof":
        raise ParseError(f"expected the end of the expression, found {describe(token)}", token.offset)
    return found
