"""What Terraform's ``file()``, ``fileexists()``, ``templatefile()`` and ``fileset()`` read, offline:
paths relative to the root module, only inside the modules being read and the directories being
linted. https://developer.hashicorp.com/terraform/language/functions/fileset"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from typing import Any

from trail_lint.model import Cause

_MAX_FILE = 1024 * 1024
# a fileset() over more files than this is not listed (a pattern over a whole tree)
_MAX_LISTED = 10_000


class FileReader:
    """``file()``: a path relative to ``base``, only inside the directories ``readable`` gives (the
    modules being read and the directories being linted), at most 1 MiB of UTF-8 text; a missing file
    is what Terraform makes of it (``try`` falls back, ``fileexists`` is false). ``read_files``:
    where to note the real path of each file read. ``fileset()`` lists the same directories."""

    def __init__(self, base: str, readable: Callable[[], Iterable[str]], read_files: set[str] | None = None) -> None:
        self.base, self.readable, self.read_files = base, readable, read_files

    def __call__(self, path: str) -> Any:
        from trail_lint.normalise.terraform.hcl_functions import MissingFile, Unresolved

        full = os.path.realpath(os.path.join(self.base, path))
        if not self._inside(full):
            return Unresolved(Cause(f"file {path!r} is outside the modules and directories being linted, so it is "
                                    "not read"), reported=True)
        if not os.path.lexists(full):
            return MissingFile(Cause(f"file {path!r} does not exist"))
        try:
            if os.path.getsize(full) > _MAX_FILE:
                return Unresolved(Cause(f"file {path!r} is larger than 1 MiB, so it is not read"), reported=True)
            with open(full, encoding="utf-8") as handle:
                text = handle.read()
            if self.read_files is not None:
                self.read_files.add(full)
            return text
        except (OSError, UnicodeDecodeError):
            return Unresolved(Cause(f"file {path!r} cannot be read"), reported=True)

    def fileset(self, path: str, pattern: str) -> Any:
        """The regular files below ``path`` whose path relative to it (with ``/``) matches ``pattern``,
        in order; none where ``path`` is no directory, as in Terraform."""
        from trail_lint.normalise.terraform.hcl_functions import Unresolved

        top = os.path.realpath(os.path.join(self.base, path))
        if not self._inside(top):
            return Unresolved(Cause(f"fileset({path!r}) is outside the modules and directories being linted, so "
                                    "it is not listed"), reported=True)
        matches = glob_pattern(pattern).fullmatch
        found: list[str] = []
        for directory, folders, names in os.walk(top):
            folders.sort()
            for name in names:
                relative = os.path.relpath(os.path.join(directory, name), top).replace(os.sep, "/")
                if matches(relative) and os.path.isfile(os.path.join(directory, name)):
                    found.append(relative)
                    if len(found) > _MAX_LISTED:
                        return Unresolved(Cause(f"fileset({path!r}, {pattern!r}) matches more than {_MAX_LISTED} "
                                                "files, so it is not listed"), reported=True)
        return sorted(found)

    def _inside(self, full: str) -> bool:
        inside = [os.path.realpath(directory) for directory in self.readable()]
        return any(full == d or full.startswith(d.rstrip(os.sep) + os.sep) for d in inside)


def glob_pattern(pattern: str) -> re.Pattern[str]:
    """``fileset``'s pattern as a regular expression over ``/``-separated paths: ``*`` and ``?`` within
    one name, ``**`` across names, ``[class]``, ``[^class]`` and ``{one,other}``."""
    return re.compile(_glob(pattern), re.DOTALL)


def _glob(pattern: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (end := pattern.find("]", index + 2)) > 0:
            body = pattern[index + 1:end]
            negated = body.startswith(("^", "!"))
            out.append("[" + ("^" if negated else "") + body[1 if negated else 0:].replace("\\", "\\\\") + "]")
            index = end + 1
            continue
        elif char == "{" and (end := _closing(pattern, index)) > 0:
            out.append("(?:" + "|".join(_glob(part) for part in _alternatives(pattern[index + 1:end])) + ")")
            index = end + 1
            continue
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def _closing(pattern: str, start: int) -> int:
    depth = 0
    for index in range(start, len(pattern)):
        depth += {"{": 1, "}": -1}.get(pattern[index], 0)
        if depth == 0:
            return index
    return -1


def _alternatives(body: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in body:
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        current += char
    return [*parts, current]
