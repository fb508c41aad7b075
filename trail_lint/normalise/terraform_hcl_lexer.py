"""HCL native syntax → tokens: one pass over the text with a mode stack for templates and heredocs.

Terraform's scanner switches between expression mode and template mode (quoted strings,
heredocs, the literal parts around ``${...}`` and ``%{...}``); so does this one, so the parser
sees template literals, interpolation openers and their closing braces as separate tokens.
https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
"""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

# kinds: ident number punct newline oquote cquote oheredoc cheredoc lit interp directive tclose eof


class Token(NamedTuple):
    kind: str
    text: str
    offset: int


class LexError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class Lines:
    """Offset → 1-based (line, column), by binary search over the line starts."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


_SPACE = re.compile(r"[ \t\r\f\v\ufeff]+")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_IDENT = re.compile(r"[^\W\d][\w-]*")
_PUNCT = ("...", "==", "!=", "<=", ">=", "&&", "||", "=>", "::")
_SINGLE = frozenset("{}[]()=<>!+-*/%?:.,")
_HEREDOC = re.compile(r"<<(-?)([^\W\d][\w-]*)[ \t]*\r?\n")
_QUOTED_STOP = re.compile(r'["\\\n]|\$\{|%\{')
_HEREDOC_STOP = re.compile(r"\$\{|%\{")


def tokenize(text: str, comments: list[tuple[int, str]] | None = None) -> list[Token]:
    """All tokens of ``text``; comments (offset, text after the marker) are appended to ``comments``."""
    return _Lexer(text, comments if comments is not None else []).run()


class _Lexer:
    def __init__(self, text: str, comments: list[tuple[int, str]]) -> None:
        self.text = text
        self.comments = comments
        self.tokens: list[Token] = []
        # frames: "b" brace, "i" interpolation or directive, ("q", start) quoted, ("h", start, end, cut) heredoc
        self.stack: list[object] = []

    def run(self) -> list[Token]:
        pos, text = 0, self.text
        while pos < len(text) or (self.stack and isinstance(self.stack[-1], tuple)):
            top = self.stack[-1] if self.stack else None
            if isinstance(top, tuple):
                pos = self._quoted(pos, top) if top[0] == "q" else self._heredoc(pos, top)
            else:
                pos = self._normal(pos)
        self.tokens.append(Token("eof", "", len(text)))
        return self.tokens

    def _emit(self, kind: str, text: str, offset: int) -> None:
        self.tokens.append(Token(kind, text, offset))

    def _normal(self, pos: int) -> int:
        text = self.text
        char = text[pos]
        if char in " \t\r\f\v\ufeff":
            return _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if char == "\n":
            self._emit("newline", "\n", pos)
            return pos + 1
        if char == "#" or text.startswith("//", pos):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            self.comments.append((pos, text[pos + (1 if char == "#" else 2):end].strip()))
            return end
        if text.startswith("/*", pos):
            end = text.find("*/", pos + 2)
            if end < 0:
                raise LexError("unterminated comment", pos)
            self.comments.append((pos, text[pos + 2:end].strip()))
            return end + 2
        if char == '"':
            self._emit("oquote", '"', pos)
            self.stack.append(("q", pos))
            return pos + 1
        if text.startswith("<<", pos):
            return self._open_heredoc(pos)
        if char.isdigit():
            end = _NUMBER.match(text, pos).end()  # type: ignore[union-attr]
            self._emit("number", text[pos:end], pos)
            return end
        match = _IDENT.match(text, pos)
        if match:
            self._emit("ident", match.group(), pos)
            return match.end()
        if char == "~" and text.startswith("~}", pos) and self.stack and self.stack[-1] == "i":
            self.stack.pop()
            self._emit("tclose", "~}", pos)
            return pos + 2
        if char == "{":
            self.stack.append("b")
            self._emit("punct", "{", pos)
            return pos + 1
        if char == "}":
            if self.stack and self.stack[-1] == "i":
                self.stack.pop()
                self._emit("tclose", "}", pos)
            else:
                if self.stack:
                    self.stack.pop()
                self._emit("punct", "}", pos)
            return pos + 1
        for punct in _PUNCT:
            if text.startswith(punct, pos):
                self._emit("punct", punct, pos)
                return pos + len(punct)
        if char in _SINGLE:
            self._emit("punct", char, pos)
            return pos + 1
        raise LexError(f"unexpected character {char!r}", pos)

    def _open_heredoc(self, pos: int) -> int:
        match = _HEREDOC.match(self.text, pos)
        if match is None:
            raise LexError("invalid heredoc: expected <<MARKER or <<-MARKER and a line break", pos)
        marker, body = match.group(2), match.end()
        end = body
        while True:
            line_end = self.text.find("\n", end)
            line = self.text[end:] if line_end < 0 else self.text[end:line_end]
            if line.strip() == marker:
                break
            if line_end < 0:
                raise LexError(f"unterminated heredoc: no closing {marker!r} line", pos)
            end = line_end + 1
        cut = 0
        if match.group(1):
            indents = [len(line) - len(line.lstrip(" \t")) for line in self.text[body:end].split("\n") if line.strip()]
            cut = min(indents, default=0)
        self._emit("oheredoc", match.group(), pos)
        self.stack.append(("h", pos, end, cut))
        return body

    def _quoted(self, pos: int, frame: tuple) -> int:
        text, start = self.text, pos
        while True:
            match = _QUOTED_STOP.search(text, pos)
            if match is None or match.group() == "\n":
                raise LexError("unterminated string", frame[1])
            stop = match.group()
            if stop == "\\":
                pos = match.start() + 2
                continue
            at = match.start()
            if stop != '"' and at > 0 and text[at - 1] == stop[0] and _escaped_marker(text, start, at):
                pos = at + 2    # $${ and %%{ are literal
                continue
            if at > start:
                self._emit("lit", text[start:at], start)
            if stop == '"':
                self.stack.pop()
                self._emit("cquote", '"', at)
                return at + 1
            return self._open_template(at, stop)

    def _heredoc(self, pos: int, frame: tuple) -> int:
        text, start, end, cut = self.text, pos, frame[2], frame[3]
        while True:
            match = _HEREDOC_STOP.search(text, pos, end)
            at = match.start() if match else end
            if match and at > 0 and text[at - 1] == match.group()[0] and _escaped_marker(text, start, at):
                pos = at + 2
                continue
            if at > start:
                self._emit("lit", _dedent(text, start, at, cut) if cut else text[start:at], start)
            if match is None:
                self.stack.pop()
                line_end = text.find("\n", end)
                line_end = len(text) if line_end < 0 else line_end
                self._emit("cheredoc", text[end:line_end], end)
                return line_end
            return self._open_template(at, match.group())

    def _open_template(self, at: int, stop: str) -> int:
        strip = self.text.startswith("~", at + 2)
        self._emit("interp" if stop == "${" else "directive", stop + ("~" if strip else ""), at)
        self.stack.append("i")
        return at + 2 + strip


def _escaped_marker(text: str, start: int, at: int) -> bool:
    """``$${`` writes a literal ``${``; the doubled character must itself be a literal one."""
    run = 0
    while at - run - 1 >= start and text[at - run - 1] == text[at - 1]:
        run += 1
    return run % 2 == 1


def _dedent(text: str, start: int, end: int, cut: int) -> str:
    """``<<-`` removes the common indentation from each line that starts in this literal."""
    lines = text[start:end].split("\n")
    at_line_start = start == 0 or text[start - 1] == "\n"
    out = []
    for index, line in enumerate(lines):
        if index > 0 or at_line_start:
            width = len(line) - len(line.lstrip(" \t"))
            line = line[min(width, cut):]
        out.append(line)
    return "\n".join(out)


def tokenize_template(text: str) -> list[Token]:
    """The tokens of a template file: its whole text is read like a heredoc body."""
    lexer = _Lexer(text, [])
    lexer.tokens.append(Token("oheredoc", "", 0))
    lexer.stack.append(("h", 0, len(text), 0))
    return lexer.run()
