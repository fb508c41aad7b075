"""What a .tf file that does not parse still declares: its resource headers and the references
of their arguments, read line by line.

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
_REFERENCE = re.compile(r"\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*)")


@record(slots=False)
class Declared:
    """A resource or data block of a file that does not parse."""

    file: str
    kind: str                        # "resource" or "data"
    type: str
    name: str
    line: int
    references: dict[str, list[str]]  # argument → the a.b (and data.a.b) traversals on its line


def declared(file: str, text: str) -> list[Declared]:
    headers = list(_HEADER.finditer(text))
    found = []
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        references: dict[str, list[str]] = {}
        for argument in _ARGUMENT.finditer(text, header.end(), end):
            references.setdefault(argument.group(1), []).extend(
                name for name in _REFERENCE.findall(argument.group(2)) if not name.startswith(("var.", "local.")))
        found.append(Declared(file, header.group(1), header.group(2), header.group(3),
                              text.count("\n", 0, header.start()) + 1, references))
    return found
