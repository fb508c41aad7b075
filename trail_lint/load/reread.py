"""Positions in a JSON file read again when they are first asked for, after its values are gone."""
from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from trail_lint.load.base import Limits, LoadError
from trail_lint.load.files import CHUNK, READ_FLAGS, SCANNED_CHARS, decode, digest, read_bytes
from trail_lint.model import Path, Position


class Reread:
    """Positions in a JSON file that is read again when the first one is asked for: most files of a
    run have no finding, and keeping every text would hold a whole snapshot in memory a second time.
    A large ASCII file (``files.SCANNED_CHARS``; a Terraform plan escapes everything else) is searched
    as the bytes it is read as, not decoded into a second copy, and when the loader noted where the
    root members sit, only the members the paths are in are kept (a plan's ``resource_changes``, not
    its ``planned_values``)."""

    __slots__ = ("_bytes", "_digest", "_file", "_limits", "_locator", "_members", "_starts")

    def __init__(self, file: str, limits: Limits, members: Mapping[str, tuple[int, int, int]],
                 file_digest: tuple[int, int] | None, text: str,
                 items: Mapping[str, Sequence[int]] | None = None) -> None:
        """``file_digest``: ``files.digest`` of the file as it was read, else the ``text`` it was
        read as (loaded from elsewhere) is compared; ``items``: where the items of a root member
        that is a list start, when the loader noted it (``Document._items``)."""
        self._file, self._limits, self._members, self._starts = file, limits, members, items or {}
        self._bytes = file_digest is not None
        self._digest: Any = file_digest if file_digest is not None else hash(text)
        self._locator: Any = None

    def position(self, path: Path) -> Position:
        return self._read().position(path)

    def positions(self, paths: Iterable[Path]) -> dict[Path, Position]:
        """Many positions in one pass; the text is not kept afterwards (the engine asks for every
        finding's place at once, and a later single position reads the file again)."""
        paths = list(paths)
        items = self._items(paths)
        if items is not None:
            return items
        window = self._window(paths)
        if window is not None:
            return window.positions(paths)
        found = self._read().positions(paths)
        self._locator = None
        return found

    def _read(self) -> Any:
        if self._locator is None:
            from trail_lint.load.json_positions import JsonLocator

            text: str | bytes
            try:
                raw = read_bytes(self._file, self._limits)
                same = digest(raw) == self._digest if self._bytes else None
                # a snapshot's thousands of small files as text, whose containers the C scanner passes
                text = raw if same and len(raw) >= SCANNED_CHARS and raw.isascii() \
                    and json.detect_encoding(raw) == "utf-8" else decode(raw)
                del raw
                if same is None:
                    same = hash(text) == self._digest
            except LoadError:
                text, same = "", False
            # a file changed since it was linted has no trustworthy positions: its first line stands in
            self._locator = JsonLocator(text, self._members, keys_before=_keys_before(self._members)) if same \
                else JsonLocator("{}")
        return self._locator

    def _items(self, paths: list[Path]) -> dict[Path, Position] | None:
        """The positions of ``paths`` when they are all in one root member that is a list (a plan's
        ``resource_changes``), found item by item as the file is read in pieces, so that only the
        items asked for are ever held (and the root value's, ``()``, from the first piece); None to
        read the member whole (or the file)."""
        keys = {path[0] for path in paths if path}
        if not self._bytes or len(keys) != 1 or not isinstance(key := keys.pop(), str) \
                or key not in self._members:
            return None
        inside: dict[int, list[Path]] = {}
        for path in paths:
            index = path[1] if len(path) > 1 else None
            if type(index) is int and index >= 0:
                inside.setdefault(index, []).append(path[2:])
        try:
            return _read_items(self._file, self._members[key], key, inside, paths, self._digest, self._limits,
                               self._starts.get(key))
        except (OSError, ValueError, IndexError, RecursionError):
            return None

    def _window(self, paths: list[Path]) -> Any:
        """A locator over only the root members ``paths`` are in, or None to read the whole file."""
        members = self._members
        if not self._bytes or not members or not all(path and path[0] in members for path in paths):
            return None
        from trail_lint.load.json_positions import JsonLocator

        wanted = [members[part] for part in {path[0] for path in paths} if isinstance(part, str)]
        start, end = min(member[0] for member in wanted), max(member[2] for member in wanted)
        try:
            read = _read_window(self._file, start, end, self._limits)
        except OSError:
            return None
        if read is None or read[1] != self._digest:
            return None
        inside = {key: (at - start, value - start, after - start) for key, (at, value, after) in members.items()
                  if start <= at and after <= end}
        return JsonLocator(read[0], inside, origin=(start, read[2], read[3]), keys_before=_keys_before(members))


def _keys_before(members: Mapping[str, tuple[int, int, int]]) -> Any:
    """``json_members.keys_before`` for a large file (the loader noted its root members): msgspec is
    imported for such files only."""
    if not members:
        return None
    from trail_lint.load.json_members import keys_before

    return keys_before


def _read_window(file: str, start: int, end: int, limits: Limits) -> tuple[bytes, tuple[int, int], int, int] | None:
    """Bytes ``start`` to ``end`` of an ASCII ``file`` read in pieces (the rest is not kept), the
    file's ``digest``, the line at ``start`` and the offset that line starts at; None when what
    comes before the end is not ASCII (offsets in bytes are then not offsets in characters)."""
    with os.fdopen(os.open(file, READ_FLAGS), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        read, line, line_start = (0, 0), 1, 0
        while read[0] < start:
            chunk = handle.read(min(CHUNK, start - read[0]))
            if not chunk or not chunk.isascii():
                return None
            newlines = chunk.count(b"\n") if b"\n" in chunk else 0     # see _Pieces.count_to
            if newlines:
                line, line_start = line + newlines, read[0] + chunk.rfind(b"\n") + 1
            read = digest(chunk, read[1], read[0])
        window = handle.read(end - start)
        if len(window) != end - start or not window.isascii():
            return None
        read = digest(window, read[1], read[0])
        while chunk := handle.read(CHUNK):
            read = digest(chunk, read[1], read[0])
            if read[0] > limits.max_bytes:
                return None
    return window, read, line, line_start


class _Pieces:
    """A file read forwards in pieces, the part not yet passed kept in ``buffer`` (its first byte at
    ``base``), with the file's ``digest``, and the line and line start of the offset ``counted``."""

    def __init__(self, handle: Any, limits: Limits) -> None:
        self.handle, self.limits = handle, limits
        self.buffer, self.base, self.read = b"", 0, (0, 0)
        self.counted, self.line, self.line_start = 0, 1, 0
        self._locator: Any = None

    def more(self, upto: int) -> bool:
        """Read another piece (not past ``upto``), dropping what lies before ``counted``; False at ``upto``."""
        size = min(CHUNK, upto - self.read[0])
        chunk = self.handle.read(size) if size > 0 else b""
        if not chunk:
            return False
        if not chunk.isascii():
            raise ValueError("not ASCII")
        self.read = digest(chunk, self.read[1], self.read[0])
        self.buffer = self.buffer[self.counted - self.base:] + chunk
        self.base = self.counted
        self._locator = None
        return True

    def locator(self) -> Any:
        """A JsonLocator over the buffer (offsets in it are from ``base``)."""
        if self._locator is None:
            from trail_lint.load.json_members import keys_before
            from trail_lint.load.json_positions import JsonLocator

            # only a large file is read in pieces (its root members noted): msgspec is at hand
            self._locator = JsonLocator(self.buffer, keys_before=keys_before)
        return self._locator

    def count_to(self, offset: int) -> None:
        """Count the lines up to ``offset`` (in the buffer)."""
        start, stop = self.counted - self.base, offset - self.base
        # find() first: a plan as Terraform writes it is one line, and find() passes text faster than count()
        first = self.buffer.find(b"\n", start, stop)
        if first >= 0:
            self.line += self.buffer.count(b"\n", first, stop)
            self.line_start = self.base + self.buffer.rfind(b"\n", first, stop) + 1
        self.counted = offset

    def position(self, offset: int) -> Position:
        self.count_to(offset)
        return Position(self.line, offset - self.line_start + 1)

    def rest(self) -> tuple[int, int]:
        """The file's digest, once what is left is read."""
        while chunk := self.handle.read(CHUNK):
            self.read = digest(chunk, self.read[1], self.read[0])
            if self.read[0] > self.limits.max_bytes:
                raise ValueError("too large")
        return self.read


def _read_items(file: str, member: tuple[int, int, int], key: str, inside: dict[int, list[Path]],
                paths: list[Path], file_digest: Any, limits: Limits,
                starts: Sequence[int] | None) -> dict[Path, Position] | None:
    """``Reread._items``: the file read once, forwards, in pieces; with ``starts`` (where each item
    starts, ``Document._items``), each item asked about is read from its start and no other is
    looked at, else every item up to the last one asked about is passed."""
    at, value, end = member
    found: dict[Path, Position] = {}
    with os.fdopen(os.open(file, READ_FLAGS), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        pieces = _Pieces(handle, limits)
        if () in paths:     # the root value: the file's first character that is not white space
            while not (rest := pieces.buffer.lstrip(b" \t\r\n")):
                if not pieces.more(end):
                    return None
            found[()] = pieces.position(len(pieces.buffer) - len(rest))
        while pieces.base + len(pieces.buffer) <= value and pieces.more(end):
            pieces.count_to(min(at, pieces.base + len(pieces.buffer)))
        if pieces.base + len(pieces.buffer) <= value or pieces.buffer[value - pieces.base:value - pieces.base + 1] != b"[":
            return None
        member_at = pieces.position(at)
        read = _each_item(pieces, member, key, inside, found) if starts is None \
            else _known_items(pieces, end, key, inside, found, starts)
        if not read or pieces.rest() != file_digest:
            return None
    return {path: found.get(path, member_at) for path in paths}     # no such item: the member


def _each_item(pieces: _Pieces, member: tuple[int, int, int], key: str, inside: dict[int, list[Path]],
               found: dict[Path, Position]) -> bool:
    """Pass every item up to the last one asked about, noting the places of the paths in those asked
    about (``found``); False when an item cannot be passed."""
    from trail_lint.load.json_syntax import list_item

    _, value, end = member
    index, number, last = value + 1, 0, max(inside, default=-1)
    while number <= last:
        # an item asked about is read once, up to its end; any other is skipped by pattern
        item = pieces.locator().item(inside[number], index - pieces.base) if number in inside \
            else list_item(pieces.buffer, index - pieces.base)
        if item is None:
            if pieces.more(end):
                continue
            if pieces.buffer[index - pieces.base:].lstrip(b" \t\r\n")[:1] == b"]":
                break                       # an empty list
            return False                    # an item nested deeper than the pattern
        following, more, offsets = pieces.base + item[0], item[1], item[2]
        for path, offset in sorted(offsets.items(), key=lambda pair: pair[1]):      # lines counted forwards
            found[(key, number, *path)] = pieces.position(pieces.base + offset)
        pieces.count_to(following)
        if not more:
            break
        index, number = following, number + 1
    return True


def _known_items(pieces: _Pieces, end: int, key: str, inside: dict[int, list[Path]], found: dict[Path, Position],
                 starts: Sequence[int]) -> bool:
    """``_each_item`` of a list whose items' starts the loader noted: each item ends one character
    before the next starts (the last one, before the closing bracket at ``end - 1``)."""
    for number in sorted(number for number in inside if number < len(starts)):
        start = starts[number]
        stop = starts[number + 1] - 1 if number + 1 < len(starts) else end - 1
        while pieces.base + len(pieces.buffer) < stop:        # the whole item, in one piece
            if not pieces.more(end):
                return False
        offsets = pieces.locator().offsets(inside[number], start - pieces.base)
        # lines counted forwards (most items are asked about one path: nothing to sort)
        for path, offset in sorted(offsets.items(), key=itemgetter(1)) if len(offsets) > 1 else offsets.items():
            found[(key, number, *path)] = pieces.position(pieces.base + offset)
        pieces.count_to(stop)
    return True
