"""The position of every member and item of a JSON text, in one pass: for a reader that needs them
all (a Terraform .tf.json file, whose every argument may be the place of a finding), where finding
each path on its own (``json_positions``) would pass the same text once per path.

The text is known to be valid JSON (it was parsed before): strings, brackets and scalars are read
as tokens, without building any value but the keys.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right

from trail_lint.model import Path, Position

_TOKEN = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[{}\[\]]|[^"\[\]{},: \t\r\n]++')


def every_position(text: str) -> dict[Path, Position]:
    """Path → position: the key of each object member, the first character of each list item."""
    starts = [0, *(match.end() for match in re.finditer("\n", text))]
    found: dict[Path, Position] = {}
    path: list[str | int] = []           # the path of the container being read
    objects: list[bool] = []             # per open container: whether it is an object
    last: list[str | int] = []           # per open container: the key or index of its last member
    expect_key = False
    for match in _TOKEN.finditer(text):
        token, offset = match.group(), match.start()
        if token in ("}", "]"):
            objects.pop()
            last.pop()
            if path:
                path.pop()
            expect_key = bool(objects) and objects[-1]     # a member's value read: a key (or the end) is next
            continue
        if expect_key:
            key = json.loads(token) if "\\" in token else token[1:-1]
            last[-1] = key
            found.setdefault((*path, key), _position(starts, offset))
            expect_key = False
            continue
        if objects and not objects[-1]:           # an item of a list
            index = last[-1] = int(last[-1]) + 1
            found.setdefault((*path, index), _position(starts, offset))
        if token in ("{", "["):
            if objects:
                path.append(last[-1])
            objects.append(token == "{")
            last.append(-1)
            expect_key = token == "{"
        else:
            expect_key = bool(objects) and objects[-1]
    found[()] = _position(starts, len(text) - len(text.lstrip())) if text.strip() else Position(1, 1)
    return found


def _position(starts: list[int], offset: int) -> Position:
    line = bisect_right(starts, offset)
    return Position(line, offset - starts[line - 1] + 1)
