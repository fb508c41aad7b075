"""Positions in JSON text, found on demand.

Most files never need a position and a plan can be hundreds of megabytes, so nothing is
scanned up front. A lookup walks from the root along the paths asked for only (or from the root
member it is in, when the loader noted where those sit). In a large file, where msgspec is at
hand, it goes straight to each key of a path where the key is first written, once msgspec proves
what lies before it members of the same object (several times faster than a pattern passes them). Keys are read with one regular
expression (``json.decoder.scanstring`` for a key written with escapes), and every other value is
skipped by a regular expression that matches it without building it (``json_syntax``): strings,
scalars, and containers nested up to ``DEPTH`` levels at the speed of the regular expression
engine; deeper ones bracket by bracket. In a text held as ``str`` (under ``files.SCANNED_CHARS``),
json's C scanner passes a container instead, building its values and dropping them, about three
times as fast as the pattern (the scanner reads ``str`` only). The text may be ``bytes`` when the file is ASCII (offsets are then the
same in both), so that a large file is not held twice, as bytes and as text, while its findings
are located. Each container's key/index table is kept, so many single lookups in one file stay
cheap. The text is known to be valid JSON (it was parsed before), but any surprise still ends in
the nearest position found so far rather than an exception.
"""
from __future__ import annotations

import functools
import json
from bisect import bisect_right
from collections.abc import Callable, Container, Iterable, Mapping
from itertools import accumulate
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but not in typeshed
from typing import Any

from trail_lint.load.files import SCANNED_CHARS
from trail_lint.load.json_syntax import WINDOW, matched, patterns_for, spelling
from trail_lint.model import Path, Position

# _step: the path has no such part, and ends at the deepest part found (compared by identity)
_ENDS = (-1, -1)


class _ListTable:
    __slots__ = ("done", "items", "resume")

    def __init__(self, first: int) -> None:
        self.items: list[int] = []
        self.resume = first
        self.done = False


class _ObjectTable:
    __slots__ = ("done", "keys", "resume")

    def __init__(self, first: int) -> None:
        self.keys: dict[str, tuple[int, int]] = {}
        self.resume = first  # offset of the next unscanned key, or of "}"
        self.done = False


class JsonLocator:
    def __init__(self, text: str | bytes, members: Mapping[str, tuple[int, int, int]] | None = None,
                 origin: tuple[int, int, int] = (0, 1, 0),
                 keys_before: Callable[[Any, int, int], Container[str] | None] | None = None) -> None:
        """``text``: a JSON text, or the bytes of an ASCII one; ``members``: where the root object's
        members sit (key -> offsets of the key, of its value and of the value's end), when the loader
        noted them. A text that is only part of the file (the members a run's paths are in, for
        ``positions``) gives its ``origin``: its offset in the file, the line it starts on and the
        offset that line starts at. ``keys_before``: ``json_members.keys_before``, which proves a key
        found by its spelling a member of the object it is looked for in faster than a pattern does
        (for a large file, where msgspec is at hand): paths are then followed each on its own
        (``_route``), else walked together."""
        self.text: Any = text       # str or bytes: the same operations
        self._syntax = patterns_for(type(text))
        self._objects: dict[int, _ObjectTable] = {}
        self._lists: dict[int, _ListTable] = {}
        self._line_starts: list[int] | None = None
        self._members = members or {}
        self._origin = origin
        self._keys_before = keys_before
        self._spellings: dict[str, Any] = {}     # spelling() of each key _route looked for (few, asked often)
        # A container is passed by the C scanner where the text is a str under SCANNED_CHARS: building
        # its values and dropping them costs about a third of matching the pattern (which, on an AWS
        # CLI output's indented policies and roles, was most of locating a snapshot's findings).
        self._scan = _scanner() if type(text) is str and len(text) < SCANNED_CHARS else None
        if members:
            root = _ObjectTable(-1)
            root.keys, root.done = {key: (at, value) for key, (at, value, _) in members.items()}, True
            self._objects[self._space(0)] = root

    def position(self, path: Path) -> Position:
        return self.offset_position(self.offset(path))

    def offset(self, path: Path) -> int:
        """Offset of ``path``'s mark, or of its nearest ancestor's."""
        value = self._space(0)
        mark = value
        try:
            for part in path:
                found = self._child(value, part)
                if found is None:
                    break
                mark, value = found
        except (ValueError, IndexError, RecursionError, AttributeError):
            pass
        return mark

    def positions(self, paths: Iterable[Path]) -> dict[Path, Position]:
        """The position of every path (or of its nearest ancestor), found in one ordered pass.

        The members on the way to the paths are read, every other value is skipped once without
        being built, and nothing after the last member wanted is read."""
        offsets = self.offsets(paths)
        places = self._offset_positions(offsets.values())
        return {path: places[offset] for path, offset in offsets.items()}

    def offsets(self, paths: Iterable[Path], start: int | None = None) -> dict[Path, int]:
        """``positions``, as offsets in the text; with ``start``, of paths in the value there."""
        paths = list(dict.fromkeys(paths))
        if start is not None and len(paths) == 1 and self._keys_before is not None:
            # one path in one item (most items of a plan located are asked about one): no tables
            try:
                at = self._routed(paths[0], start)
            except (ValueError, IndexError, RecursionError, AttributeError):
                at = None               # found below, as any other
            if at is not None:
                return {paths[0]: at}
        root = self._space(0) if start is None else start
        found: dict[Path, int] = {(): root}
        values: dict[Path, int] = {(): root}
        from_members = bool(self._members) and start is None
        if from_members:
            for key, (at, value, _) in self._members.items():
                found[(key,)], values[(key,)] = at, value
        walked: dict[Path, int] = {(): root}     # a walk's own: it takes what it has found for a duplicate
        try:
            # Small files (no msgspec) are walked: a pattern proving each path's keys on its own passes
            # the members that paths share again for each, where one walk passes them once.
            rest = [path for path in paths if not self._route(path, found, values, from_members)] \
                if self._keys_before is not None else paths
            if rest:
                if from_members:
                    self._walk_members(_tree(rest), walked)
                else:
                    self._walk(root, _tree(rest), (), walked, need_end=False)
        except (ValueError, IndexError, RecursionError, AttributeError):
            pass                        # valid JSON never gets here; keep what was found
        found.update(walked)
        return _nearest(paths, found)

    def item(self, paths: Iterable[Path], index: int) -> tuple[int, bool, dict[Path, int]] | None:
        """``list_item``, with the offsets of ``paths`` in the item (``offsets``), read once."""
        paths = list(dict.fromkeys(paths))
        start = self._space(index)
        found: dict[Path, int] = {(): start}
        try:
            end = self._walk(start, _tree(paths), (), found, need_end=True)
        except (ValueError, IndexError, RecursionError, AttributeError):
            return None                 # the text ends inside the item (or it is not JSON)
        following = matched(self._syntax.after.match(self.text, end))
        if following.end() >= len(self.text):
            return None                 # its separator may not be all there
        return following.end(), bool(following.group(1)), _nearest(paths, found)

    def _route(self, path: Path, found: dict[Path, int], values: dict[Path, int], from_members: bool) -> bool:
        """Find ``path`` level by level from the deepest part of it already found (``found``: the
        offsets of keys and items; ``values``: where their values start), without walking the
        members around it (``_step``). False when a key cannot be jumped to: ``_walk`` then finds
        it. A path that runs into a scalar, a string or a container of the other kind ends at the
        deepest part found, as in ``_walk``."""
        depth = len(path)
        while path[:depth] not in values:
            depth -= 1
        if from_members and depth == 0 and path:
            return True                 # a root member the file does not have: the root
        value = values[path[:depth]]
        while depth < len(path):
            step = self._step(value, path[depth])
            if step is None:
                return False
            if step is _ENDS:
                return True
            at, value = step
            depth += 1
            prefix = path[:depth]
            found[prefix], values[prefix] = at, value
        return True

    def _routed(self, path: Path, start: int) -> int | None:
        """``_route`` of one path alone in the value at ``start``: the offset of it (or of the deepest
        part found), without the tables that paths sharing a prefix fill; None as ``_route``'s False."""
        at = value = start
        for part in path:
            step = self._step(value, part)
            if step is None:
                return None
            if step is _ENDS:
                break
            at, value = step
        return at

    def _step(self, value: int, part: str | int) -> tuple[int, int] | None:
        """The offsets of the key or item ``part`` of the container at ``value`` and of its value: a
        key is jumped to where it is first written, when msgspec proves everything before it members
        of the same object under other keys (``_members_before``); an item is reached by skipping the
        items before it. None when that proof fails (a key first written inside a member's value or
        after the object, beyond ``WINDOW``, or absent); ``_ENDS`` where there is no such part (a
        scalar, a string, a container of the other kind, an item past the end)."""
        text, syntax = self.text, self._syntax
        opener = text[value:value + 1]
        if type(part) is str:
            if opener != syntax.brace:
                return _ENDS
            spelt = self._spellings.get(part, False)
            if spelt is False:
                spelt = self._spellings[part] = spelling(part, syntax.is_bytes)
            if spelt is None:
                return None
            first = value + 1
            if text[first:first + 1] in syntax.blank:   # (a plan as Terraform writes it has none)
                first = matched(syntax.space.match(text, first)).end()
            limit = min(first + WINDOW, len(text))
            at = text.find(spelt, first, limit)
            while at >= 0 and (colon := syntax.colon.match(text, at + len(spelt))) is None:
                at = text.find(spelt, at + 1, limit)
            if at < 0 or colon is None:
                return None
            if at > first and not self._members_before(value, at, part):
                return None
            return at, colon.end()
        if opener != syntax.bracket or type(part) is not int or part < 0:
            return _ENDS
        items = self._scan_list(value, part)
        if part >= len(items):
            return _ENDS                # no such item: the list
        return items[part], items[part]

    def _members_before(self, start: int, at: int, key: str) -> bool:
        """Whether what lies between the opening brace of the object at ``start`` and ``at`` is
        members each followed by a comma, none of them under ``key`` (spelt with escapes)."""
        keys = self._keys_before(self.text, start, at) if self._keys_before is not None else None
        return keys is not None and key not in keys

    def _walk_members(self, wanted: dict[Any, Any], found: dict[Path, int]) -> None:
        """``_walk`` of the root object, starting at each member wanted where the loader saw it."""
        members = self._members
        for key in sorted((key for key in wanted if key in members), key=members.__getitem__):
            found[(key,)], value, _ = members[key]
            if wanted[key]:
                self._walk(value, wanted[key], (key,), found, need_end=False)

    def _walk(self, start: int, wanted: dict[Any, Any], path: Path, found: dict[Path, int], need_end: bool) -> int:
        """Record the members of the container at ``start`` that ``wanted`` names (and theirs, in
        turn); the offset after the container, or -1 when ``need_end`` is false and it was left early."""
        text, syntax = self.text, self._syntax
        opener = text[start:start + 1]
        is_object = opener == syntax.brace
        if not wanted or opener not in syntax.opening:
            return self._end(start) if need_end else -1
        pending: dict[Any, Any] | None = None   # keys still wanted, as written without escapes
        if is_object:
            keys = [part for part in wanted if type(part) is str]
            remaining, pending = len(keys), self._spelt(keys)
        else:
            remaining = sum(1 for part in wanted if type(part) is int and part >= 0)
        index = self._space(start + 1)
        if text[index:index + 1] in syntax.closing:
            return index + 1
        skip, after_value, scan, number = syntax.skip.match, syntax.after.match, self._scan, 0
        tried = index       # the fast way is not tried again before this offset
        while True:
            if not remaining:
                if not need_end:
                    return -1
                end = matched(syntax.rest[is_object].match(text, index)).end()
                if text[end:end + 1] in syntax.closing:
                    return end + 1
                index = end     # a value nested deeper than the pattern: one member at a time
            elif pending and index >= tried:
                # Jump to the first place a key wanted is written, if everything before it is
                # members of this object. Else that place is inside a member's value or after the
                # object (a key the object lacks, written in a later one): pass the members wholly
                # before it in one match (none of them is wanted, or it would have been found
                # first), then read one member at a time, as below.
                tried = self._jump(index, pending)
                if tried > index:
                    index = matched(syntax.members.match(text, index, tried)).end()
            part: str | int
            if is_object:
                part, value = self._key(index)
            else:
                part, value = number, index
            child = wanted.get(part)
            member = path + (part,) if child is not None else path
            if child is not None and member not in found:     # a duplicate key: the first one, as position()
                found[member] = index
                remaining -= 1
                if pending:
                    pending.pop(part, None)
                if not remaining and not need_end:
                    if child:
                        self._walk(value, child, member, found, False)
                    return -1
                following = matched(after_value(text, self._walk(value, child, member, found, True) if child
                                                 else self._end(value)))
                more = following.group(1)
            else:
                # a container of a str text is passed by the C scanner (_end), not the pattern
                skipped = None if scan is not None and text[value:value + 1] in syntax.opening else skip(text, value)
                if skipped is None:     # (or nested deeper than the pattern)
                    following = matched(after_value(text, self._end(value)))
                    more = following.group(1)
                else:
                    following, more = skipped, skipped.group(2)
            if not more:
                return following.end() + 1
            index, number = following.end(), number + 1

    def _spelt(self, keys: list[str]) -> dict[str, Any] | None:
        """Each key as the text writes it without escapes, quotes included (None if one needs them)."""
        spelt, is_bytes = {}, self._syntax.is_bytes
        for key in keys:
            written = spelling(key, is_bytes)
            if written is None:
                return None
            spelt[key] = written
        return spelt

    def _jump(self, index: int, pending: dict[Any, Any]) -> int:
        """The first offset within ``WINDOW`` characters of ``index`` where a key of ``pending`` is
        written and followed by a colon (or the end of that window)."""
        text, colon = self.text, self._syntax.colon.match
        first = limit = min(index + WINDOW, len(text))
        for spelt in pending.values():
            at = text.find(spelt, index, first)
            while at >= 0 and colon(text, at + len(spelt)) is None:     # a string value, not a key
                at = text.find(spelt, at + 1, first)
            if at >= 0:
                first = at
        return min(first, limit)

    def _key(self, index: int) -> tuple[str, int]:
        """The key of the member at ``index``, and the offset of its value."""
        text, syntax = self.text, self._syntax
        named = syntax.key.match(text, index)
        if named is not None:
            key = named.group(1)
            return (key.decode() if syntax.is_bytes else key), named.end()
        end = matched(syntax.string.match(text, index)).end()    # a key written with escapes
        written = text[index:end]
        key = scanstring(written.decode() if syntax.is_bytes else written, 1)[0]
        return key, matched(syntax.colon.match(text, end)).end()

    def _end(self, start: int) -> int:
        """The offset just after the value at ``start``."""
        text, syntax = self.text, self._syntax
        if self._scan is not None and text[start:start + 1] in syntax.opening:
            end = _scanned(self._scan, text, start)
            if end is not None:
                return end
        skipped = syntax.skip.match(text, start)
        if skipped is not None:
            return skipped.end(1)
        depth, index, chunk = 0, start, syntax.chunk.match       # nested deeper than the pattern
        while True:
            bracket = text[index:index + 1]
            if bracket in syntax.opening:
                depth += 1
            elif bracket in syntax.closing:
                depth -= 1
                if not depth:
                    return index + 1
            else:
                raise ValueError(f"not JSON at offset {index}")
            index = matched(chunk(text, index + 1)).end()

    def _next(self, start: int) -> tuple[int, bool]:
        """The offset of what follows the value at ``start`` and its separator, and whether that
        separator was a comma (else the offset is that of the closing bracket)."""
        if self._scan is None or self.text[start:start + 1] not in self._syntax.opening:   # (else: _end)
            skipped = self._syntax.skip.match(self.text, start)
            if skipped is not None:
                return skipped.end(), bool(skipped.group(2))
        after = matched(self._syntax.after.match(self.text, self._end(start)))
        return after.end(), bool(after.group(1))

    def _space(self, index: int) -> int:
        return matched(self._syntax.space.match(self.text, index)).end()

    def offset_position(self, offset: int) -> Position:
        if self._line_starts is None:
            lengths = map((1).__add__, map(len, self.text.split(self._syntax.newline)))
            self._line_starts = list(accumulate(lengths, initial=0))
        line = bisect_right(self._line_starts, offset)
        return Position(line, offset - self._line_starts[line - 1] + 1)

    def _offset_positions(self, offsets: Iterable[int]) -> dict[int, Position]:
        """``offset_position`` of many offsets, counting lines once from the first to the last."""
        text, newline = self.text, self._syntax.newline
        base, line, line_start = self._origin
        line_start -= base
        previous, places = 0, {}
        for offset in sorted(set(offsets)):
            newlines = text.count(newline, previous, offset)
            if newlines:
                line += newlines
                line_start = text.rfind(newline, previous, offset) + 1
            places[offset] = Position(line, offset - line_start + 1)
            previous = offset
        return places

    def _child(self, container: int, part: str | int) -> tuple[int, int] | None:
        """(mark offset, value offset) of one member of the container at ``container``."""
        opener = self.text[container:container + 1]
        if opener == self._syntax.brace and isinstance(part, str):
            return self._scan_object(container, part)
        if opener == self._syntax.bracket and isinstance(part, int) and not isinstance(part, bool) and part >= 0:
            items = self._scan_list(container, part)
            if part < len(items):
                return items[part], items[part]
        return None

    def _scan_object(self, start: int, wanted: str) -> tuple[int, int] | None:
        # Keys are read only up to the one wanted, and the scan resumes there next time: a
        # finding deep in a 200 MB plan costs the prefix before it, not the whole file. With
        # duplicate keys this finds the first one (json.loads keeps the last): a rare, harmless
        # difference of position, never of data.
        table = self._objects.get(start)
        if table is None:
            first = self._space(start + 1)
            table = self._objects[start] = _ObjectTable(first)
            table.done = self.text[first:first + 1] in self._syntax.closing
        keys = table.keys
        while wanted not in keys and not table.done:
            index = table.resume
            key, value = self._key(index)
            keys.setdefault(key, (index, value))
            table.resume, more = self._next(value)
            table.done = not more
        return keys.get(wanted)

    def _scan_list(self, start: int, wanted: int) -> list[int]:
        # items[i] is where item i starts; item i is skipped only to find item i + 1, so the
        # item a lookup descends into is never read twice.
        table = self._lists.get(start)
        if table is None:
            first = self._space(start + 1)
            table = self._lists[start] = _ListTable(first)
            table.done = self.text[first:first + 1] in self._syntax.closing
            if not table.done:
                table.items.append(first)
        items = table.items
        while not table.done and len(items) <= wanted:
            following, more = self._next(items[-1])
            if more:
                items.append(following)
            else:
                table.done = True
        return items


@functools.cache
def _scanner() -> Callable[[str, int], tuple[Any, int]]:
    """The C scanner of ``json`` (``scan_once``: the value at an offset, and the offset after it)."""
    decoder: Any = json.JSONDecoder()      # (scan_once: an attribute typeshed does not list)
    return decoder.scan_once


def _scanned(scan: Callable[[str, int], tuple[Any, int]], text: str, start: int) -> int | None:
    """The offset after the value at ``start``, passed by ``scan``; None where the scanner refuses
    it (nested deeper than the stack allows, a number ``json`` does not convert): the pattern passes it."""
    try:
        return scan(text, start)[1]
    except (StopIteration, ValueError, RecursionError):
        return None


def _tree(paths: Iterable[Path]) -> dict[Any, Any]:
    """The paths as nested dicts, one level per part: what ``_walk`` looks for."""
    wanted: dict[Any, Any] = {}
    for path in paths:
        node = wanted
        for part in path:
            node = node.setdefault(part, {})
    return wanted


def _nearest(paths: Iterable[Path], found: Mapping[Path, int]) -> dict[Path, int]:
    """The offset of each path, or of its nearest ancestor found."""
    offsets = {}
    for path in paths:
        here = path
        while here not in found:
            here = here[:-1]
        offsets[path] = found[here]
    return offsets

