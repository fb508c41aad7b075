"""What the loaders share: the values and errors a loaded document is made of, below load and its
YAML reader, so that neither imports the other."""
from __future__ import annotations

import re
from typing import Any

from trail_lint.model import Position
from trail_lint.records import record


@record
class Intrinsic:
    """A CloudFormation short-form tag: ``!Ref X`` -> ``Intrinsic("Ref", "X")``.

    ``!GetAtt A.B`` -> ``Intrinsic("Fn::GetAtt", "A.B")``; unknown tags keep their text,
    ``!Include x`` -> ``Intrinsic("!Include", "x")``. Long forms (``{"Ref": "X"}``) stay dicts.
    Inside a short form, positions use the long form's path: ``(..., "Fn::If", 1)``.
    """

    name: str
    value: Any


class LoadError(Exception):
    """A file that cannot be read or parsed."""

    def __init__(self, message: str, position: Position | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def __str__(self) -> str:
        if self.position is None:
            return self.message
        return f"{self.position.line}:{self.position.column}: {self.message}"


@record
class Limits:
    """Bounds that keep hostile or accidental inputs from exhausting memory or time."""

    max_bytes: int = 512 * 1024 * 1024
    max_depth: int = 1000
    max_yaml_nodes: int = 1_000_000


def offset_position(text: str, offset: int) -> Position:
    """A 0-based character offset -> 1-based line and column (``\\n`` ends a line)."""
    return Position(text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))


_SPACE = re.compile(r"[ \t\r\n]*")    # JSON's white space


def skip_space(text: str, index: int = 0) -> int:
    """The offset of the first character at or after ``index`` that is not JSON white space."""
    match = _SPACE.match(text, index)
    return match.end() if match else index
