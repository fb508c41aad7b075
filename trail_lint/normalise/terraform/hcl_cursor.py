"""The parser's token cursor: peeking past line breaks where they do not count, expecting
punctuation, and errors that name what was found."""
from __future__ import annotations

from trail_lint.model import Position
from trail_lint.normalise.terraform.hcl_ast import Expression
from trail_lint.normalise.terraform.hcl_lexer import Lines, ParseError, Token

__all__ = ["Cursor", "ParseError", "describe"]


class Cursor:
    def __init__(self, tokens: list[Token], lines: Lines) -> None:
        self.tokens = tokens
        self.lines = lines
        self.index = 0
        self.newlines = [True]      # are line breaks significant here (bodies, objects) or skipped?
        self.strip_next = False     # a ``~}`` strips the whitespace that starts the next literal

    def expression(self) -> Expression:
        raise NotImplementedError

    def name(self) -> str:
        token = self.take()
        if token.kind != "ident":
            raise ParseError(f"expected a name, found {describe(token)}", token.offset)
        return token.text

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
            raise ParseError(f"{describe(opener)} is not closed: expected {text!r}", opener.offset)
        raise ParseError(f"expected {text!r}, found {describe(token)}", token.offset)

    def position(self, token: Token) -> Position:
        return Position(*self.lines.position(token.offset))

    def nested(self, significant: bool) -> None:
        self.newlines.append(significant)


def describe(token: Token) -> str:
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
