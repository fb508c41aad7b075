"""Load: bytes or text -> ``Document`` (plain Python values plus source positions).

This is the only module that knows JSON and YAML syntax. Positions are 1-based everywhere
after this point. JSON positions are found lazily (most files never need one, and a
Terraform plan can be hundreds of megabytes); YAML positions are recorded while the nodes
are turned into values, because PyYAML has them at hand anyway.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but not in typeshed
from typing import Any

from trail_lint.load.base import Intrinsic, Limits, LoadError, offset_position, skip_space
from trail_lint.load.files import check_size, decode, digest, read_bytes
from trail_lint.load.reread import Reread
from trail_lint.model import Path, Position
from trail_lint.records import record

__all__ = ["DEFAULT_LIMITS", "Document", "Intrinsic", "Limits", "LoadError", "load_commented", "load_file", "load_text",
           "load_values", "locator", "offset_position", "plain_text", "without_text"]

_BINARY_PROBE = 8192
_JSON_NAMES = (".json", ".tfstate")
_YAML_FALLBACK_CHARS = 2 * 1024 * 1024


DEFAULT_LIMITS = Limits()


@record(slots=False)
class Document:
    """One loaded file: ``data`` holds plain values; ``position(path)`` says where a path sits.

    A large JSON root object is validated in full when loaded, but its members' values are built
    only when they are read: ``members(names)`` builds the ones named, ``data`` all of them."""

    file: str
    _values: Any        # ``data``, unless the root object's members are built when read (``_unbuilt``)
    format: str  # "json" | "yaml"
    text: str
    _marks: Mapping[Path, Position] = field(default_factory=dict, repr=False, compare=False)
    _comments: Mapping[int, str] = field(default_factory=dict, repr=False, compare=False)
    # JSON whose root object was read member by member: key -> offsets of the key, its value and the value's end
    _members: Mapping[str, tuple[int, int, int]] = field(default_factory=dict, repr=False, compare=False)
    _digest: tuple[int, int] | None = field(default=None, repr=False, compare=False)  # files.digest() of an ASCII file (load_file)
    # ``ascii_strings``; None: worked out when first asked, from the text the members built when read
    # refer to (``_cache["strings"]``), which a Terraform plan's reader never asks
    _plain: bool | None = field(default=False, repr=False, compare=False)
    # a root member that is a list written without white space (json_members): where each item starts
    _items: Mapping[str, Sequence[int]] = field(default_factory=dict, repr=False, compare=False)
    # a large JSON root object whose values are built when read: key -> the member's JSON text (None
    # once ``take`` has let it go)
    _unbuilt: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def ascii_strings(self) -> bool:
        """JSON whose text is ASCII without a ``\\u`` escape: every string of ``data`` (keys too) is
        ASCII, so a reader knows a character outside ASCII is in none of them without looking at each.
        False when that was not worked out before ``take`` let the text go (a string may hold one)."""
        if self._plain is not None:
            return self._plain
        plain = self._cache.get("plain")
        if plain is None:
            text = self._cache.get("strings")
            plain = self._cache["plain"] = text is not None and plain_text(text)
        return plain

    @property
    def data(self) -> Any:
        """The file's plain values (a root object read member by member is built whole on first use)."""
        if self._unbuilt is None:
            return self._values
        built = self._cache.get("data")
        if built is None:
            built = self._cache["data"] = self.members(self._unbuilt)
        return built

    def member_names(self) -> tuple[str, ...]:
        """The keys of the root object, in the file's order, without building any value (none for
        any other root)."""
        if self._unbuilt is not None:
            return tuple(self._unbuilt)
        return tuple(self._values) if isinstance(self._values, dict) else ()

    def members(self, names: Iterable[str]) -> dict[str, Any]:
        """The root object's members of those ``names`` it has, as plain values, in the file's order:
        only these are built (a reader that needs part of a large plan says which)."""
        wanted = set(names)
        if self._unbuilt is None or "data" in self._cache:
            values = self.data
            return {key: value for key, value in values.items() if key in wanted} if isinstance(values, dict) else {}
        from trail_lint.load.json_members import build

        built = {}
        for key, member in self._unbuilt.items():
            if key in wanted:
                if member is None:
                    raise LookupError(f"{self.file}: member {key!r} was let go when the document was taken")
                built[key] = build(member)
        return built

    def member_text(self, name: str) -> Any:
        """The JSON text (``msgspec.Raw``) of the member ``name`` of a root object whose members are
        built when read, for a reader that decodes it in a shape of its own; None when there is none
        (another document, a member it lacks or one let go)."""
        return self._unbuilt.get(name) if self._unbuilt is not None and "data" not in self._cache else None

    def take(self, names: Iterable[str]) -> dict[str, Any]:
        """``members``, for the one reader of this document: a large JSON document then lets go of
        its text, which the values built from it need not be held beside while the reader works
        (the peak of a run's memory); the members not named can no longer be read."""
        taken = self.members(names)
        if self._unbuilt is not None:
            self._unbuilt.update(dict.fromkeys(self._unbuilt))
            self._cache.pop("strings", None)
        return taken

    def outline(self) -> Any:
        """The root as a reader that tells inputs apart by their keys alone needs it: a root object's
        keys, each standing for a value that is not built (None); any other root as it is."""
        if self._unbuilt is not None:
            return dict.fromkeys(self._unbuilt)
        return dict.fromkeys(self._values) if isinstance(self._values, dict) else self._values

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


def locator(doc: Document, limits: Limits = DEFAULT_LIMITS) -> Callable[[Path], Position]:
    """What finds positions in a file loaded by load_file after its values are dropped: JSON is read
    again when a position is first needed; YAML keeps its marks."""
    return positions_in(doc, limits).position


def positions_in(doc: Document, limits: Limits = DEFAULT_LIMITS) -> Document | Reread:
    """``locator``, for one path (``position``) or many at once (``positions``)."""
    if doc.format == "json" and not doc._marks:
        return Reread(doc.file, limits, doc._members, doc._digest, doc.text, doc._items)
    return doc.without_data()


def without_text(doc: Document, limits: Limits = DEFAULT_LIMITS) -> tuple[Document, Document | Reread]:
    """``doc`` for a reader, and what finds its positions (``positions_in``). A JSON file's text is
    dropped from the document: its positions read the file again, and a large plan's text is then
    not held beside its values while they are read (the peak of a run's memory)."""
    located = positions_in(doc, limits)
    if not isinstance(located, Reread):
        return doc, located
    lean = Document(doc.file, doc._values, "json", "", _plain=doc._plain, _unbuilt=doc._unbuilt)
    lean._cache["json"] = located
    if "strings" in doc._cache:     # the text the members refer to: held by them anyway
        lean._cache["strings"] = doc._cache["strings"]
    return lean, located


def load_file(path: str, limits: Limits = DEFAULT_LIMITS, fmt: str | None = None, listed: bool = False) -> Document:
    """Read ``path`` (read-only, never blocking on FIFOs) and load it as JSON or YAML (``fmt``
    forces one, as in ``load_text``; ``listed``: as in ``files.read_bytes``)."""
    raw = read_bytes(path, limits, listed)
    text = decode(raw)
    # Positions are looked for in the bytes read again only when each byte is a character (ASCII:
    # not UTF-16, no BOM); any other file is compared and searched as the text it decodes to.
    read = digest(raw) if len(raw) == len(text) else None
    del raw                                     # freed before parsing
    return _load(text, path, fmt, limits, read)


def load_bytes(raw: bytes, file: str, limits: Limits = DEFAULT_LIMITS, fmt: str | None = None) -> Document:
    """Load content read from elsewhere (standard input) as if it were the file ``file``."""
    check_size(len(raw), limits)
    return load_text(decode(raw), file=file, fmt=fmt, limits=limits)


def load_commented(file: str, raw: bytes | None = None, limits: Limits = DEFAULT_LIMITS) -> Document | None:
    """A JSON file written with comments or trailing commas (``load.jsonc``: VS Code, dev container
    and tsconfig files) loaded as the JSON it stands for, at its own lines and columns; None where
    the file (or ``raw``, content read from elsewhere) is no such text."""
    from trail_lint.load.jsonc import MAX_CHARS, without_comments

    try:
        # (a configuration file is small: a large file that does not parse is not read again)
        if raw is None and os.stat(file).st_size <= MAX_CHARS:
            raw = read_bytes(file, limits)
    except (OSError, LoadError):
        return None
    if raw is None or len(raw) > MAX_CHARS:
        return None
    try:
        text = decode(raw).removeprefix("\ufeff")
    except LoadError:       # a binary file, or not text in any encoding JSON allows
        return None
    if text[skip_space(text):][:1] not in ("{", "["):
        return None
    stripped = without_comments(text)
    if stripped is None:
        return None
    try:
        return _load(stripped, file, "json", limits, None)
    except LoadError:
        return None


def load_values(file: str, raw: bytes | None = None, limits: Limits = DEFAULT_LIMITS) -> list[Document] | None:
    """A ``.json`` file (or ``raw``, content read from elsewhere) that holds several JSON values one
    after another, as JSON Lines (https://jsonlines.org/: ``jq -c`` of a CloudTrail event list, a
    log export) or ``jq`` without ``-c`` write it: each value as a document of its own; None where
    the file is no such text (a single value, or a syntax error inside a value)."""
    if not file.lower().endswith(".json"):
        return None
    try:
        text = decode(raw if raw is not None else read_bytes(file, limits)).removeprefix("\ufeff")
    except (OSError, LoadError):
        return None
    decoder = json.JSONDecoder()
    found: list[Document] = []
    index = skip_space(text)
    try:
        while index < len(text):
            value, end = decoder.raw_decode(text, index)
            found.append(Document(file, value, "json", text[index:end]))
            index = skip_space(text, end)
    except (ValueError, RecursionError):
        return None
    return found if len(found) > 1 else None


def load_text(text: str, file: str = "<text>", fmt: str | None = None,
              limits: Limits = DEFAULT_LIMITS) -> Document:
    """Load ``text``; ``fmt`` forces "json" or "yaml", else the content decides."""
    return _load(text, file, fmt, limits, None)


def _load(text: str, file: str, fmt: str | None, limits: Limits, read: tuple[int, int] | None) -> Document:
    """``load_text``; a JSON document notes ``read``, the ``files.digest`` of the file it was read from."""
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
        data, members, unbuilt, items = _parse_json(text, limits)
        # A large document whose members are built when read is searched for an escape only if a
        # reader asks (the search is about a tenth of reading a plan, whose reader never does).
        doc = Document(file, data, "json", text, _members=members, _digest=read,
                       _plain=None if unbuilt is not None else plain_text(text), _unbuilt=unbuilt, _items=items)
        if unbuilt is not None:
            doc._cache["strings"] = text
        return doc
    except _JsonSyntaxError as error:
        if lenient:
            try:
                return _load_yaml(text, file, limits)
            except LoadError:
                pass
        raise error.load_error from None


# --- JSON --------------------------------------------------------------------------------

def plain_text(text: str) -> bool:
    """``Document.ascii_strings`` of a JSON document of this text."""
    # (a backslash is looked for first: one byte is found far faster than two)
    return text.isascii() and ("\\" not in text or "\\u" not in text)


class _JsonSyntaxError(Exception):
    def __init__(self, load_error: LoadError) -> None:
        super().__init__(load_error.message)
        self.load_error = load_error


def _parse_json(text: str, limits: Limits) -> tuple[Any, dict[str, tuple[int, int, int]], dict[str, Any] | None,
                                                   dict[str, Any]]:
    """The values of ``text``, and for a large root object where each member sits (``Document._members``);
    or, for a large ASCII root object, no values but each member's JSON text (``Document._unbuilt``)
    and where the items of its lists start (``Document._items``)."""
    if len(text) >= _UNBUILT_CHARS and text.isascii() and limits.max_depth >= sys.getrecursionlimit():
        from trail_lint.load.json_members import read_members

        read = read_members(text)
        if read is not None:
            return None, read.offsets, read.texts, read.items
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
    return data, members, None, {}


_INDEXED_CHARS = 1024 * 1024
# From this size on, a root object's members are built only when read (json_members): below it, the
# few milliseconds saved do not pay for importing msgspec (start-up of a one-file pre-commit run).
_UNBUILT_CHARS = 1024 * 1024


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
