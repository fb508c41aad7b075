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


class ParseError(Exception):
    """Text that is not HCL, at the offset where the broken construct starts."""

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


_NORMAL = re.compile(r"""[ \t\r\f\v\ufeff]*(?:
    (?P<newline>\n)
  | (?P<line_comment>(?:\#|//)[^\n]*)
  | (?P<block_comment>/\*(?:[^*]|\*(?!/))*(?:\*/)?)
  | (?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
  | (?P<ident>[^\W\d][\w-]*)
  | (?P<quote>")
  | (?P<heredoc><<)
  | (?P<strip_close>~\})
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<punct>\.\.\.|==|!=|<=|>=|&&|\|\||=>|::|[\[\]()=<>!+\-*/%?:.,])
  | (?P<end>$))""", re.VERBOSE)
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
        # frames: "b" brace, "i" interpolation or directive, ("q", start) quoted, ("h", start, end) heredoc
        self.stack: list[object] = []

    def run(self) -> list[Token]:
        pos, text = 0, self.text
        while pos < len(text) or (self.stack and isinstance(self.stack[-1], tuple)):
            top = self.stack[-1] if self.stack else None
            if isinstance(top, tuple):
                pos = self._quoted(pos, top) if top[0] == "q" else self._heredoc(pos, top)
            else:
                pos = self._normal(pos)
        # three end tokens: the parser looks up to two tokens ahead of the one it is at
        self.tokens.extend([Token("eof", "", len(text))] * 3)
        return self.tokens

    def _emit(self, kind: str, text: str, offset: int) -> None:
        self.tokens.append(Token(kind, text, offset))

    def _normal(self, pos: int) -> int:
        """Expression mode: one token (or a run of them, up to the next brace or template) per call."""
        text, append = self.text, self.tokens.append
        match_token = _NORMAL.match
        while True:
            match = match_token(text, pos)
            if match is None:
                pos = len(text) - len(text[pos:].lstrip(" \t\r\f\v\ufeff"))
                raise ParseError(f"unexpected character {text[pos]!r}", pos)
            kind = match.lastgroup or "end"
            start, end = match.start(kind), match.end()
            if kind == "ident" or kind == "number" or kind == "punct":
                append(Token(kind, match.group(kind), start))
            elif kind == "newline":
                append(Token("newline", "\n", start))
            elif kind == "line_comment":
                marker = 1 if text[start] == "#" else 2
                self.comments.append((start, text[start + marker:end].strip()))
            elif kind == "block_comment":
                if not match.group(kind).endswith("*/") or end - start < 4:
                    raise ParseError("unterminated comment", start)
                self.comments.append((start, text[start + 2:end - 2].strip()))
            elif kind == "end":
                return end
            else:
                return self._special(start, kind)
            pos = end

    def _special(self, pos: int, kind: str | None) -> int:
        """Tokens that change mode: braces, quotes, heredocs and the ``~}`` template closer."""
        if kind == "quote":
            self._emit("oquote", '"', pos)
            self.stack.append(("q", pos))
            return pos + 1
        if kind == "heredoc":
            return self._open_heredoc(pos)
        if kind == "strip_close":
            if self.stack and self.stack[-1] == "i":
                self.stack.pop()
                self._emit("tclose", "~}", pos)
                return pos + 2
            raise ParseError("unexpected character '~'", pos)
        if kind == "open":
            self.stack.append("b")
            self._emit("punct", "{", pos)
            return pos + 1
        # kind == "close"
        if self.stack and self.stack[-1] == "i":
            self.stack.pop()
            self._emit("tclose", "}", pos)
        else:
            if self.stack:
                self.stack.pop()
            self._emit("punct", "}", pos)
        return pos + 1

    def _open_heredoc(self, pos: int) -> int:
        match = _HEREDOC.match(self.text, pos)
        if match is None:
            raise ParseError("invalid heredoc: expected <<MARKER or <<-MARKER and a line break", pos)
        marker, body = match.group(2), match.end()
        end = body
        while True:
            line_end = self.text.find("\n", end)
            line = self.text[end:] if line_end < 0 else self.text[end:line_end]
            if line.strip() == marker:
                break
            if line_end < 0:
                raise ParseError(f"unterminated heredoc: no closing {marker!r} line", pos)
            end = line_end + 1
        self._emit("oheredoc", match.group(), pos)
        self.stack.append(("h", pos, end))
        return body

    def _quoted(self, pos: int, frame: tuple) -> int:
        text, start = self.text, pos
        while True:
            match = _QUOTED_STOP.search(text, pos)
            if match is None or match.group() == "\n":
                raise ParseError("unterminated string", frame[1])
            stop = match.group()
            if stop == "\\":
                pos = match.start() + 2
                continue
            at = match.start()
            if stop != '"' and _escaped_marker(text, start, at):
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
        text, start, end = self.text, pos, frame[2]
        while True:
            match = _HEREDOC_STOP.search(text, pos, end)
            at = match.start() if match else end
            if match and _escaped_marker(text, start, at):
                pos = at + 2
                continue
            # one literal per line, as HCL scans a heredoc or template file: a ~ strip marker strips
            # only the line next to it, and <<- removes indentation line by line (hcl_templates)
            line = start
            while line < at:
                stop = text.find("\n", line, at)
                stop = at if stop < 0 else stop + 1
                self._emit("lit", text[line:stop].replace("\r\n", "\n"), line)    # a CRLF file's heredoc has LF lines
                line = stop
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
    """``$${`` writes a literal ``${`` (and ``%%{`` a literal ``%{``): a marker right after its own
    first character is escaped, however many of that character come before (``$$${`` is ``$`` and
    then the escape, as Terraform reads it; a lone ``$`` or ``%`` is just a character)."""
    return at - 1 >= start and text[at - 1] == text[at]


def tokenize_template(text: str) -> list[Token]:
    """The tokens of a template file: its whole text is read like a heredoc body."""
    lexer = _Lexer(text, [])
    lexer.tokens.append(Token("oheredoc", "", 0))
    lexer.stack.append(("h", 0, len(text)))
    return lexer.run()
