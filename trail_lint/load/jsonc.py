"""JSON with comments (JSONC): the JSON that VS Code settings, dev container configurations and
TypeScript's tsconfig files are written in, ``//`` and ``/* */`` comments and trailing commas
allowed (https://code.visualstudio.com/docs/languages/json#_json-with-comments).

No AWS service or tool takes such a text as JSON, so an input written with them is still one that
does not parse; the loader reads them only to tell such another tool's file from an input."""
from __future__ import annotations

# A configuration file is small; a text larger than this is not read as one.
MAX_CHARS = 1024 * 1024


def without_comments(text: str) -> str | None:
    """``text`` with each comment and trailing comma blanked (newlines kept, so that lines and
    columns stay), or None where it has neither, or an unclosed string or comment."""
    if len(text) > MAX_CHARS:
        return None
    kept = list(text)
    changed = False
    comma = -1      # a comma not yet followed by a value: blanked if a closing bracket comes first
    index, end = 0, len(text)
    while index < end:
        char = text[index]
        if char == '"':
            index = _string_end(text, index)
            if index < 0:
                return None
            comma = -1
            continue
        if text.startswith("//", index):
            stop = text.find("\n", index)
            stop = end if stop < 0 else stop
        elif text.startswith("/*", index):
            stop = text.find("*/", index + 2)
            if stop < 0:
                return None
            stop += 2
        else:
            if char == ",":
                comma = index
            elif char in "}]":
                if comma >= 0:
                    kept[comma], changed = " ", True
                comma = -1
            elif not char.isspace():
                comma = -1
            index += 1
            continue
        kept[index:stop] = [c if c in "\r\n" else " " for c in text[index:stop]]
        changed, index = True, stop
    return "".join(kept) if changed else None


def _string_end(text: str, start: int) -> int:
    """The offset after the string that opens at ``start``, or -1 where it is not closed."""
    index = start + 1
    while True:
        quote, escape = text.find('"', index), text.find("\\", index)
        if quote < 0:
            return -1
        if 0 <= escape < quote:
            index = escape + 2
            continue
        return quote + 1
