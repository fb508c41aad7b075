"""What a .tf file that does not parse still declares: its resource headers and the references
of their arguments, read line by line (of a .tf.json file: the names its resource and data objects hold).

Such a file is a TL001, and its module is read from its other files. Leaving the broken file's
resources out would make absence look certain (a log bucket "without" the bucket policy that
sits in the broken file), so each resource it declares is read as a resource whose every value
is unknown, linked to others through the references its argument lines name, as a plan links
values known only after apply.
"""
from __future__ import annotations

import re

from trail_lint.records import record

_HEADER = re.compile(r'^(resource|data)\s+"([\w-]+)"\s+"([\w-]+)"\s*\{', re.MULTILINE)
_ARGUMENT = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*=(.*)$", re.MULTILINE)
# a nested block (``versioning {``, ``dynamic "logging" {``): set, to what the text does not say
_BLOCK = re.compile(r'^\s*(?:dynamic\s+"([\w-]+)"|([A-Za-z_][\w-]*))(?:\s+"[^"\n]*")*\s*\{', re.MULTILINE)
_REFERENCE = re.compile(r"\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*)")


@record(slots=False)
class Declared:
    """A resource or data block of a file that does not parse."""

    file: str
    kind: str                        # "resource" or "data"
    type: str
    name: str
    line: int
    references: dict[str, list[str]]  # argument → the a.b (and data.a.b) traversals on its line; block → []


def declared(file: str, text: str) -> list[Declared]:
    headers = list(_HEADER.finditer(text))
    found = []
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        references: dict[str, list[str]] = {}
        for argument in _ARGUMENT.finditer(text, header.end(), end):
            references.setdefault(argument.group(1), []).extend(
                name for name in _REFERENCE.findall(argument.group(2)) if not name.startswith(("var.", "local.")))
        for block in _BLOCK.finditer(text, header.end(), end):
            references.setdefault(block.group(1) or block.group(2), [])
        found.append(Declared(file, header.group(1), header.group(2), header.group(3),
                              text.count("\n", 0, header.start()) + 1, references))
    return found


# JSON syntax: strings (a key when a colon follows) and brackets, read without parsing
_JSON_TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"\s*(:)?|[{}\[\]]')


def declared_json(file: str, text: str) -> list[Declared]:
    """The ``"resource": {"TYPE": {"NAME": {...}}}`` (and ``data``) blocks of a .tf.json file that is not
    valid JSON, as far as its text goes (in the array forms too), with the references in the strings
    of their arguments."""
    frames: list[list[str]] = []       # each open object ("{", its current key) or array ("[", "")
    found: list[Declared] = []
    for match in _JSON_TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{", "["):
            frames.append([token, ""])
            continue
        if token in ("}", "]"):
            if frames:
                frames.pop()
            continue
        keys = [key for kind, key in frames if kind == "{"]
        if match.group(2) and frames and frames[-1][0] == "{":
            frames[-1][1] = match.group(1)
            if len(keys) == 3 and keys[0] in ("resource", "data") and match.group(1) != "//":
                found.append(Declared(file, keys[0], keys[1], match.group(1),
                                      text.count("\n", 0, match.start()) + 1, {}))
        elif len(keys) >= 4 and keys[0] in ("resource", "data") and found and found[-1].name == keys[2]:
            found[-1].references.setdefault(keys[3], []).extend(
                name for name in _REFERENCE.findall(match.group(1)) if not name.startswith(("var.", "local.")))
    return found
