"""Load: bytes or text -> ``Document`` (plain Python values plus source positions).

This is the only module that knows JSON and YAML syntax. Positions are 1-based everywhere
after this point. JSON positions are found lazily (most files never need one, and a
Terraform plan can be hundreds of megabytes); YAML positions are recorded while the nodes
are turned into values, because PyYAML has them at hand anyway.
"""
from __future__ import annotations

import json
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but not in typeshed
from typing import Any

from trail_lint.load.base import Intrinsic, Limits, LoadError, offset_position, skip_space
from trail_lint.model import Path, Position

__all__ = ["DEFAULT_LIMITS", "Document", "Intrinsic", "Limits", "LoadError", "load_file", "load_text", "locator",
           "offset_position", "without_text"]

_BINARY_PROBE = 8192
_JSON_NAMES = (".json", ".tfstate")
_YAML_FALLBACK_CHARS = 2 * 1024 * 1024


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Document:
    """One loaded file: ``data`` holds plain values; ``position(path)`` says where a path sits."""

    file: str
    data: Any
    format: str  # "json" | "yaml"
    text: str
    _marks: Mapping[Path, Position] = field(default_factory=dict, repr=False, compare=False)
    _comments: Mapping[int, str] = field(default_factory=dict, repr=False, compare=False)
    # JSON whose root object was read member by member: key -> offsets of the key, its value and the value's end
    _members: Mapping[str, tuple[int, int, int]] = field(default_factory=dict, repr=False, compare=False)
    _digest: tuple[int, int] | None = field(default=None, repr=False, compare=False)  # _digest() of the file (load_file)
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def comments(self) -> Mapping[int, str]:
        """YAML: line -> comment text (without ``#``), as the YAML scanner found it."""
        return self._comments

    def without_data(self) -> Document:
        """The same document with its values dropped: what finding positions need (text and marks)."""
        return Document(self.file, None, self.format, self.text, self._marks, self._comments, self._members)

    def position(self, path: Path) -> Position:
        """Where ``path`` sits: the key of a mapping member, the first character of a list
        item; for a path that does not exist, its nearest ancestor that does."""
        if self.format == "json" and not self._marks:
            return self._json_locator().position(path)
        while path and path not in self._marks:
            path = path[:-1]
        return self._marks.get(path, Position(1, 1))

    def positions(self, paths: Iterable[Path]) -> dict[Path, Position]:
        """``position`` of many paths at once: in JSON, one ordered pass over the text."""
        if self.format == "json" and not self._marks:
            return self._json_locator().positions(paths)
        return {path: self.position(path) for path in paths}

    def _json_locator(self) -> Any:
        """A JsonLocator over the text, made once (or, for a document whose text was dropped, what
        reads the file again)."""
        locator = self._cache.get("json")
        if locator is None:
            from trail_lint.load.json_positions import JsonLocator

            locator = self._cache["json"] = JsonLocator(self.text, self._members)
        return locator


class _Reread:
    """Positions in a JSON file that is read again when the first one is asked for: most files of a
    run have no finding, and keeping every text would hold a whole snapshot in memory a second time.
    An ASCII file (a Terraform plan escapes everything else) is searched as the bytes it is read as,
    not decoded into a second copy, and when the loader noted where the root members sit, only the
    members the paths are in are kept (a plan's ``resource_changes``, not its ``planned_values``)."""

    __slots__ = ("_bytes", "_digest", "_file", "_limits", "_locator", "_members")

    def __init__(self, doc: Document, limits: Limits) -> None:
        self._file, self._limits, self._members = doc.file, limits, doc._members
        self._bytes = doc._digest is not None
        self._digest = doc._digest if doc._digest is not None else hash(doc.text)
        self._locator: Any = None

    def position(self, path: Path) -> Position:
        return self._read().position(path)

    def positions(self, paths: Iterable[Path]) -> dict[Path, Position]:
        """Many positions in one pass; the text is not kept afterwards (the engine asks for every
        finding's place at once, and a later single position reads the file again)."""
        paths = list(paths)
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
                raw = _read_bytes(self._file, self._limits)
                same = _digest(raw) == self._digest if self._bytes else None
                text = raw if same and raw.isascii() and json.detect_encoding(raw) == "utf-8" else decode(raw)
                del raw
                if same is None:
                    same = hash(text) == self._digest
            except LoadError:
                text, same = "", False
            # a file changed since it was linted has no trustworthy positions: its first line stands in
            self._locator = JsonLocator(text, self._members) if same else JsonLocator("{}")
        return self._locator

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
        return JsonLocator(read[0], inside, origin=(start, read[2], read[3]))


def locator(doc: Document, limits: Limits = DEFAULT_LIMITS) -> Callable[[Path], Position]:
    """What finds positions in a file loaded by load_file after its values are dropped: JSON is read
    again when a position is first needed; YAML keeps its marks."""
    return positions_in(doc, limits).position


def positions_in(doc: Document, limits: Limits = DEFAULT_LIMITS) -> Document | _Reread:
    """``locator``, for one path (``position``) or many at once (``positions``)."""
    if doc.format == "json" and not doc._marks:
        return _Reread(doc, limits)
    return doc.without_data()


def without_text(doc: Document, limits: Limits = DEFAULT_LIMITS) -> tuple[Document, Document | _Reread]:
    """``doc`` for a reader, and what finds its positions (``positions_in``). A JSON file's text is
    dropped from the document: its positions read the file again, and a large plan's text is then
    not held beside its values while they are read (the peak of a run's memory)."""
    located = positions_in(doc, limits)
    if not isinstance(located, _Reread):
        return doc, located
    lean = Document(doc.file, doc.data, "json", "")
    lean._cache["json"] = located
    return lean, located


def _digest(raw: bytes | bytearray, crc: int = 0, size: int = 0) -> tuple[int, int]:
    """What tells whether a file changed since it was read: its size and CRC-32 (computed in pieces)."""
    return size + len(raw), zlib.crc32(raw, crc)


_CHUNK = 1024 * 1024


def _read_window(file: str, start: int, end: int, limits: Limits) -> tuple[bytes, tuple[int, int], int, int] | None:
    """Bytes ``start`` to ``end`` of an ASCII ``file`` read in pieces (the rest is not kept), the
    file's ``_digest``, the line at ``start`` and the offset that line starts at; None when what
    comes before the end is not ASCII (offsets in bytes are then not offsets in characters)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(file, flags), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        digest, line, line_start = (0, 0), 1, 0
        while digest[0] < start:
            chunk = handle.read(min(_CHUNK, start - digest[0]))
            if not chunk or not chunk.isascii():
                return None
            newlines = chunk.count(b"\n")
            if newlines:
                line, line_start = line + newlines, digest[0] + chunk.rfind(b"\n") + 1
            digest = _digest(chunk, digest[1], digest[0])
        window = handle.read(end - start)
        if len(window) != end - start or not window.isascii():
            return None
        digest = _digest(window, digest[1], digest[0])
        while chunk := handle.read(_CHUNK):
            digest = _digest(chunk, digest[1], digest[0])
            if digest[0] > limits.max_bytes:
                return None
    return window, digest, line, line_start


def load_file(path: str, limits: Limits = DEFAULT_LIMITS, fmt: str | None = None) -> Document:
    """Read ``path`` (read-only, never blocking on FIFOs) and load it as JSON or YAML (``fmt``
    forces one, as in ``load_text``)."""
    raw = _read_bytes(path, limits)
    digest, text = _digest(raw), decode(raw)
    del raw                                     # freed before parsing
    return replace(load_text(text, file=path, fmt=fmt, limits=limits), _digest=digest)


def load_bytes(raw: bytes, file: str, limits: Limits = DEFAULT_LIMITS, fmt: str | None = None) -> Document:
    """Load content read from elsewhere (standard input) as if it were the file ``file``."""
    _check_size(len(raw), limits)
    return load_text(decode(raw), file=file, fmt=fmt, limits=limits)


def load_text(text: str, file: str = "<text>", fmt: str | None = None,
              limits: Limits = DEFAULT_LIMITS) -> Document:
    """Load ``text``; ``fmt`` forces "json" or "yaml", else the content decides."""
    text = text.removeprefix("\ufeff")
    # CloudFormation also accepts flow-style YAML, which starts with "{" too; but a file named
    # .json is JSON, and broken JSON must not pass as lenient YAML. Templates are at most 1 MB
    # (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html),
    # so a broken multi-megabyte plan is not handed to the much slower YAML parser.
    lenient = (fmt is None and len(text) <= _YAML_FALLBACK_CHARS
               and not file.lower().endswith(_JSON_NAMES))
    if fmt is None:
        start = skip_space(text)  # not lstrip(): that would copy a large text
        fmt = "json" if text[start:start + 1] in ("{", "[") else "yaml"
    if fmt == "yaml":
        return _load_yaml(text, file, limits)
    if fmt != "json":
        raise ValueError(f"unknown format {fmt!r}")
    try:
        data, members = _parse_json(text, limits)
        return Document(file, data, "json", text, _members=members)
    except _JsonSyntaxError as error:
        if lenient:
            try:
                return _load_yaml(text, file, limits)
            except LoadError:
                pass
        raise error.load_error from None


# --- Bytes -------------------------------------------------------------------------------

def _read_bytes(path: str, limits: Limits) -> bytes:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(_not_regular(info.st_mode))
        _check_size(info.st_size, limits)
        # O_NONBLOCK: if the path was swapped for a FIFO after the stat, open must not hang.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise LoadError(_not_regular(info.st_mode))
            # Ask for what the file holds, not for the limit: a read of the limit allocates that much.
            expected = min(info.st_size, limits.max_bytes) + 1
            raw = handle.read(expected)
            if len(raw) == expected:     # longer than it said (growing, or a size the kernel does not know)
                raw += handle.read(limits.max_bytes + 1 - len(raw))
    except FileNotFoundError:
        raise LoadError("no such file") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except IsADirectoryError:
        raise LoadError("is a directory") from None
    except OSError as error:
        raise LoadError(f"cannot read file: {error.strerror or error}") from None
    except ValueError:  # a NUL character in the name
        raise LoadError("invalid file name") from None
    _check_size(len(raw), limits)
    return raw


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "not a regular file (a named pipe)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (a socket)"
    return "not a regular file (a device)"


def _check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise LoadError(f"file is larger than the limit of {limits.max_bytes:,} bytes")


def decode(raw: bytes) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), or UTF-16/UTF-32 (BOM, or JSON's rule)."""
    encoding = json.detect_encoding(raw)  # BOMs, and RFC 4627's null-byte patterns
    if encoding == "utf-8" and b"\x00" in raw[:_BINARY_PROBE]:
        raise LoadError("binary file")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding != "utf-8":
            raise LoadError(f"cannot decode as {encoding.upper()}: {error.reason}") from None
        bad = raw[error.start]
        raise LoadError(f"invalid UTF-8 byte 0x{bad:02x} at byte offset {error.start}",
                        _utf8_position(raw, error.start)) from None
    if "\x00" in text[:_BINARY_PROBE]:
        raise LoadError("binary file")
    return text.removeprefix("\ufeff")


def _utf8_position(raw: bytes, offset: int) -> Position:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Position(raw.count(b"\n", 0, offset) + 1, column)


# --- JSON --------------------------------------------------------------------------------

class _JsonSyntaxError(Exception):
    def __init__(self, load_error: LoadError) -> None:
        super().__init__(load_error.message)
        self.load_error = load_error


def _parse_json(text: str, limits: Limits) -> tuple[Any, dict[str, tuple[int, int, int]]]:
    """The values of ``text``, and for a large root object where each member sits (``Document._members``)."""
    members: dict[str, tuple[int, int, int]] = {}
    data = _root_members(text, members) if len(text) >= _INDEXED_CHARS else None
    if data is None:
        members.clear()
        data = _json_values(text, limits)
    # The C parser stops near the recursion limit; a lower configured limit costs a walk.
    if limits.max_depth < sys.getrecursionlimit():
        too_deep = _deeper_than(data, limits.max_depth)
        if too_deep is not None:
            from trail_lint.load.json_positions import JsonLocator

            raise LoadError(f"nesting deeper than {limits.max_depth} levels",
                            JsonLocator(text).position(too_deep))
    return data, members


_INDEXED_CHARS = 1024 * 1024


def _root_members(text: str, members: dict[str, tuple[int, int, int]]) -> dict[str, Any] | None:
    """A root object read member by member, each value by the C scanner as ``json.loads`` would,
    noting where each member sits: finding a position in a large plan then starts at the member,
    instead of skipping everything before it (``planned_values`` is a third of a plan). None for
    anything else, and at the first surprise, so that ``json.loads`` reads it (and words its errors)."""
    scan = json.JSONDecoder().raw_decode
    index = skip_space(text)
    if text[index:index + 1] != "{":
        return None
    data: dict[str, Any] = {}
    index = skip_space(text, index + 1)
    try:
        if text[index] == "}":
            return data if skip_space(text, index + 1) == len(text) else None
        while text[index] == '"':
            key, end = scanstring(text, index + 1)
            value = skip_space(text, end)
            if text[value] != ":":
                return None
            value = skip_space(text, value + 1)
            data[key], end = scan(text, value)
            members.setdefault(key, (index, value, end))    # a duplicate key: its first place, as the locator
            end = skip_space(text, end)
            if text[end] == "}":
                return data if skip_space(text, end + 1) == len(text) else None
            if text[end] != ",":
                return None
            index = skip_space(text, end + 1)
    except (ValueError, IndexError, RecursionError):
        pass
    return None


def _json_values(text: str, limits: Limits) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _JsonSyntaxError(LoadError(f"{_json_problem(text, error)}: {error.msg}",
                                         Position(error.lineno, error.colno))) from None
    except RecursionError:
        depth = min(limits.max_depth, sys.getrecursionlimit())
        raise LoadError(f"nesting deeper than about {depth} levels") from None
    except ValueError as error:  # e.g. an integer longer than int_max_str_digits
        raise LoadError(f"invalid JSON value: {error}") from None


def _json_problem(text: str, error: json.JSONDecodeError) -> str:
    """A document that stops where a value, a comma or a closing bracket must follow was most
    likely cut short (an interrupted download, a full disk, a pipe closed early)."""
    at_end = not text[error.pos:].strip()
    if at_end or error.msg.startswith("Unterminated string"):    # no closing quote up to the end
        return "invalid JSON (truncated?)"
    return "invalid JSON"


def _deeper_than(data: Any, max_depth: int) -> Path | None:
    """The path of a container nested deeper than ``max_depth`` levels, if any."""
    pending: list[tuple[Any, Path]] = [(data, ())]
    while pending:
        value, path = pending.pop()
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        if len(path) >= max_depth:
            return path
        pending.extend((item, path + (key,)) for key, item in items)
    return None


# --- YAML --------------------------------------------------------------------------------

def _load_yaml(text: str, file: str, limits: Limits) -> Document:
    from trail_lint.load.yaml_text import load_yaml

    data, marks, comments = load_yaml(text, limits)
    return Document(file, data, "yaml", text, marks, comments)
