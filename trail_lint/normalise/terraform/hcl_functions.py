"""Terraform built-in functions over known values, as real modules use them.

An unknown argument makes the result unknown (structural functions such as ``merge`` or
``length`` only need the shape to be known), and so does a function not listed here, with a
cause naming it. Arguments Terraform would reject give an unknown marked as an error, which
``try``/``can`` skip. https://developer.hashicorp.com/terraform/language/functions
"""
from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from trail_lint.model import Cause, Path, Unknown
from trail_lint.normalise.terraform.hcl_aws_functions import AWS_FUNCTIONS
from trail_lint.normalise.terraform.hcl_text import (
    TEXT_FUNCTIONS,
    as_text,
    to_number,
)

if TYPE_CHECKING:
    from typing_extensions import Self

Files = Callable[[str], Any]     # path → text, or an Unresolved when it may not or cannot be read


class Unresolved(Unknown):
    """An unknown value and why: ``reported`` causes are worth a TL002 on their own (a missing
    variable, an unsupported function); ``error`` marks what Terraform itself would reject.
    ``text``: a string template's text with each part known only after apply a hole
    (policy_json.UNKNOWN_TEXT), so that ``jsonencode`` keeps the literal text around it; ``parts``:
    where in the value that text encodes the unknowns of this cause sit (keys and list indexes)."""

    def __new__(cls, cause: Cause, reported: bool = False, error: bool = False, text: str | None = None,
                parts: tuple[Path, ...] = ()) -> Self:
        return object.__new__(cls)   # not Unknown's singleton: each unknown has its own cause

    def __init__(self, cause: Cause, reported: bool = False, error: bool = False, text: str | None = None,
                 parts: tuple[Path, ...] = ()) -> None:
        self.cause = cause
        self.reported = reported
        self.error = error
        self.text = text
        self.parts = parts


class Joined(Unresolved):
    """An unknown with the causes of several at once (two ``dynamic`` blocks of one name, each over a
    ``for_each`` not known offline, make one unknown list of blocks): it is the first, and ``others``
    keeps the rest, so that each cause is said (causes_of)."""

    def __new__(cls, first: Unresolved, others: tuple[Unresolved, ...]) -> Self:
        return object.__new__(cls)

    def __init__(self, first: Unresolved, others: tuple[Unresolved, ...]) -> None:
        super().__init__(first.cause, first.reported, first.error, first.text)
        self.others = others


class SomeBlocks(Joined):
    """An unknown list of blocks of which some are known to be in it: blocks written beside a
    ``dynamic`` block of the same type whose ``for_each`` is not known offline, or the items of the
    known lists ``concat`` joins to lists not known. It is unknown as its causes are; ``known`` keeps
    the known blocks or items (hcl_build.split gives them with their own marks). ``maybe``: where the
    rest is only what ``dynamic`` blocks over a ``for_each`` not known offline make, each one's
    content as written (its iterator not known), by the dynamic block's number among those of its
    type, with its ``for_each`` and what that is over (hcl_build._collection): each may be there any
    number of times, maybe none; None where the rest may be anything."""

    def __new__(cls, whole: Unresolved, known: list[Any], maybe: list[tuple[int, Any, Unresolved, str | None]] | None = None) -> Self:
        return object.__new__(cls)

    def __init__(self, whole: Unresolved, known: list[Any], maybe: list[tuple[int, Any, Unresolved, str | None]] | None = None) -> None:
        found = parts_of(whole)
        super().__init__(found[0], found[1:])
        self.known = known
        self.maybe = maybe


def some_blocks(whole: Any, known: list[Any]) -> Any:
    """``whole`` (an unknown list of blocks) with ``known`` blocks in it: a SomeBlocks where the
    unknown says why and there are known blocks, else ``whole`` as it is."""
    if not known or not isinstance(whole, Unresolved):
        return whole
    if isinstance(whole, SomeBlocks):
        return SomeBlocks(whole, [*whole.known, *known], whole.maybe)
    return SomeBlocks(whole, known)


def maybe_of(value: Any) -> list[tuple[int, Any, Unresolved, str | None]] | None:
    """The blocks an unknown list of blocks is made of besides its known ones (SomeBlocks.maybe), else None."""
    return value.maybe if isinstance(value, SomeBlocks) else None


def joined_blocks(first: Any, second: Any) -> Any:
    """Two unknown lists of blocks of one type as one: the known blocks of each, and their ``maybe``
    blocks where each is only such blocks."""
    whole = joined(first, second)
    known = [*(first.known if isinstance(first, SomeBlocks) else ()),
             *(second.known if isinstance(second, SomeBlocks) else ())]
    maybe_first, maybe_second = maybe_of(first), maybe_of(second)
    maybe = [*maybe_first, *maybe_second] if maybe_first is not None and maybe_second is not None else None
    return SomeBlocks(whole, known, maybe) if known or maybe is not None else whole


def joined(first: Any, second: Any) -> Any:
    """One unknown for two unknowns that make one value: a Joined when each says why, else the one that
    says why (the second when neither does)."""
    if isinstance(first, Unresolved) and isinstance(second, Unresolved):
        found = [*parts_of(first), *parts_of(second)]
        return Joined(found[0], tuple(found[1:]))
    return first if isinstance(first, Unresolved) and not isinstance(second, Unresolved) else second


def parts_of(value: Unresolved) -> tuple[Unresolved, ...]:
    """The unknowns a value stands for, each with its own cause: itself, and a Joined's others."""
    if isinstance(value, Joined):
        return (Unresolved(value.cause, value.reported, value.error, value.text), *value.others)
    return (value,)


class Partial(Unresolved):
    """An object some of whose attributes are known: a resource instance, whose configured arguments
    Terraform knows when it plans and the rest (``arn``, most ``id``s) only after apply. As a whole
    it is unknown; ``attribute(name)`` gives one attribute, known or not."""

    def __new__(cls, cause: Cause, attribute: Callable[[str], Any]) -> Self:
        return object.__new__(cls)

    def __init__(self, cause: Cause, attribute: Callable[[str], Any]) -> None:
        super().__init__(cause)
        self.attribute = attribute


class MissingFile(Unresolved):
    """``file()`` of a path where no file is: Terraform rejects it (so ``try`` falls back), and
    ``fileexists()`` of that path is false."""

    def __new__(cls, cause: Cause, reported: bool = True, error: bool = True) -> Self:
        return object.__new__(cls)

    def __init__(self, cause: Cause, reported: bool = True, error: bool = True) -> None:
        super().__init__(cause, reported, error)


def opaque(value: Any) -> Any:
    """An unknown as the result of an operation on it (a function, an operator, an attribute of it):
    its holes keep their places in its text, but lose their names, which say what the operand
    itself is (hcl_modules.ModuleInstance.held), not what is made of it."""
    from trail_lint.normalise.policy_json import named_holes, without_names

    if isinstance(value, Unresolved) and value.text is not None and named_holes(value.text):
        return Unresolved(value.cause, value.reported, value.error, without_names(value.text), value.parts)
    return value


def unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def first_unknown(value: Any) -> Any:
    """The unknown part of a value that says most about why (depth first), or None when it is fully
    known: the first that Terraform would reject, else the first with a cause worth a TL002 (a
    variable without a value, an unsupported function), else the first known only after apply.
    ``"${aws_s3_bucket.b.arn}/${var.account}"`` is unknown because of the variable, whose value the
    user can give, not only because of the ARN."""
    found: list[Any] = [None, None, None]
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, Unknown):
            rank = 0 if getattr(item, "error", False) else 1 if getattr(item, "reported", False) else 2
            if rank == 0:
                return item
            if found[rank] is None:
                found[rank] = item
        elif isinstance(item, dict):
            pending.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            pending.extend(reversed(item))
    return found[1] if found[1] is not None else found[2]


_MAX_SIZE = 200_000


def bounded(value: Any) -> Any:
    """An unknown instead of a value with more than 200,000 parts: locals that reference each other
    can build exponentially large values, which would otherwise hang the linter."""
    sizes: dict[int, int] = {}

    def size(item: Any) -> int:
        if not isinstance(item, (dict, list)):
            return 1
        known = sizes.get(id(item))
        if known is None:
            known = 1
            for child in item.values() if isinstance(item, dict) else item:
                known += size(child)
                if known > _MAX_SIZE:
                    break
            sizes[id(item)] = known
        return known
    try:
        fits = size(value) <= _MAX_SIZE
    except RecursionError:
        fits = False
    return value if fits else Unresolved(Cause("a value with more than 200,000 parts"), reported=True)


# Functions whose unknown result is the unknown argument itself (coalesce: the first that is set;
# a named hole is never null or empty)
_SAME_VALUE = frozenset({"coalesce", "tostring", "sensitive", "nonsensitive"})


def call(name: str, arguments: list[Any], files: Files | None = None) -> Any:
    if name == "jsonencode" and len(arguments) == 1 and isinstance(arguments[0], (dict, list)) \
            and first_unknown(arguments[0]) is not None and _only_after_apply(bounded(arguments[0])):
        # A policy (or a list of its ARNs, in a template) built by jsonencode with some values known
        # only after apply: the rest is still read, statement by statement (policy_json.UNKNOWN_TEXT)
        return TEXT_FUNCTIONS["jsonencode"](_with_holes(arguments[0]))
    if name == "jsonencode" and len(arguments) == 1 and isinstance(arguments[0], (dict, list)) \
            and (held := _held(bounded(arguments[0]))) is not None:
        # An unknown with a cause of its own (a variable without a value) in some string of the value: the
        # value is unknown, with that cause, but its text is kept with a hole there, as for a value known
        # only after apply, so that a policy's statements that do not hold it are still read (hcl_build.held_text)
        return Unresolved(held.cause, reported=True, text=TEXT_FUNCTIONS["jsonencode"](_with_holes(arguments[0])),
                          parts=_places(arguments[0], held.cause))
    function = _FUNCTIONS.get(name)
    if function is None:
        return Unresolved(Cause(f"function {name}() is not supported by trail-lint"), reported=True)
    blocking = first_unknown([a for a in arguments if unknown(a)] if name in _STRUCTURAL else arguments)
    if blocking is not None and name == "concat" and all(unknown(a) or isinstance(a, list) for a in arguments):
        # the items of the lists that are known are in it, beside those of the lists that are not
        return some_blocks(opaque(blocking), [item for a in arguments if isinstance(a, list) for item in a])
    if blocking is not None:
        return blocking if name in _SAME_VALUE else opaque(blocking)
    try:
        if name == "file":
            return _file(files, *arguments)
        if name == "fileset":
            return _fileset(files, *arguments)
        if name == "fileexists":
            found = _file(files, *arguments)
            return True if isinstance(found, str) else False if isinstance(found, MissingFile) else found
        return bounded(function(*arguments))
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, ArithmeticError, RecursionError,
            StopIteration, re.error) as error:
        # Terraform would refuse these arguments
        return Unresolved(Cause(f"{name}() fails on these arguments ({type(error).__name__})"), error=True)


def file_reader(base: str, readable: Callable[[], Iterable[str]], read_files: set[str] | None = None) -> Files:
    """What ``file()`` reads (hcl_files.FileReader)."""
    from trail_lint.normalise.terraform.hcl_files import FileReader

    return FileReader(base, readable, read_files)


def _file(files: Files | None, path: Any) -> Any:
    if files is None:
        return Unresolved(Cause("file() outside a module"), reported=True)
    return files(as_text(path))


def _fileset(files: Files | None, path: Any, pattern: Any) -> Any:
    from trail_lint.normalise.terraform.hcl_files import FileReader

    if not isinstance(files, FileReader):
        return Unresolved(Cause("fileset() outside a module"), reported=True)
    return files.fileset(as_text(path), as_text(pattern))


def _only_after_apply(value: Any) -> bool:
    """Whether every unknown part of a (bounded) value is only known after apply, with no cause to report."""
    if unknown(value):
        return False
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, Unresolved) and (item.reported or item.error):
            return False
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True


def _held(value: Any) -> Unresolved | None:
    """The first unknown with a cause to report in a (bounded) value, when none of its unknown parts is
    one Terraform would reject; None otherwise (the value itself unknown, or nothing to report)."""
    if unknown(value):
        return None
    found, pending = None, [value]
    while pending:
        item = pending.pop()
        if isinstance(item, Unresolved):
            if item.error:
                return None
            if item.reported and found is None:
                found = item
        elif isinstance(item, dict):
            pending.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            pending.extend(reversed(item))
    return found


def _places(value: Any, cause: Cause, path: Path = ()) -> tuple[Path, ...]:
    """Where in a value the unknowns of one cause sit."""
    if isinstance(value, Unresolved):
        return (path,) if any(part.cause == cause for part in parts_of(value)) else ()
    if isinstance(value, dict):
        return tuple(place for key, item in value.items() for place in _places(item, cause, path + (key,)))
    if isinstance(value, list):
        return tuple(place for index, item in enumerate(value) for place in _places(item, cause, path + (index,)))
    return ()


def _with_holes(value: Any) -> Any:
    from trail_lint.normalise.policy_json import UNKNOWN_TEXT

    if isinstance(value, SomeBlocks):
        # a list of which some items are known: those, and one hole for the rest (a list read as any of
        # its items, as a policy reads its statements and each element's values, is read alike)
        return [*(_with_holes(item) for item in value.known), UNKNOWN_TEXT]
    if unknown(value):
        return value.text if isinstance(value, Unresolved) and value.text is not None else UNKNOWN_TEXT
    if isinstance(value, dict):
        return {key: _with_holes(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_holes(item) for item in value]
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _map(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("not an object")
    return value


def pairs(collection: Any) -> list[tuple[Any, Any]] | None:
    """(key, element) of a map, (index, element) of a list, for ``for`` and ``dynamic``; None otherwise."""
    if isinstance(collection, dict):
        return sorted(collection.items())   # Terraform iterates maps and objects in key order
    if isinstance(collection, list):
        return list(enumerate(collection))
    return None


def _merge(*maps: Any) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for item in maps:
        if item is not None:
            merged.update(_map(item))
    return merged


def _flatten(values: Any) -> list[Any]:
    flat: list[Any] = []
    for value in _list(values):
        flat.extend(_flatten(value) if isinstance(value, list) else [value])
    return flat


def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    mapping = _map(mapping)
    if as_text(key) in mapping:
        return mapping[as_text(key)]
    if default:
        return default[0]
    raise KeyError(key)


def _coalesce(*values: Any) -> Any:
    for value in values:
        if unknown(value):
            return value
        if value is not None and value != "":
            return value
    raise ValueError("no value")


def _unified(values: list[Any]) -> list[Any]:
    """Elements of one type, as Terraform converts a list or map: strings mixed with numbers or
    bools make every element a string (tomap({a = 1, b = "x"}) is {a = "1", b = "x"})."""
    kinds = {str if isinstance(v, str) else bool if isinstance(v, bool) else float if isinstance(v, (int, float))
             else None for v in values}
    return [as_text(value) for value in values] if str in kinds and kinds <= {str, bool, float} else values


def _distinct(values: Any) -> list[Any]:
    found: list[Any] = []
    for value in _unified(_list(values)):
        if value not in found:
            found.append(value)
    return found


def _set(values: Any) -> list[Any]:
    # Terraform sets of strings iterate in lexical order; numbers by value
    return sorted(_distinct(values), key=lambda value: (str(type(value)), value if isinstance(value, (int, float))
                                                        else json.dumps(value, sort_keys=True) if not
                                                        isinstance(value, str) else value))


def _range(*arguments: Any) -> list[Any]:
    numbers = [to_number(a) for a in arguments]
    start, limit, step = (0, numbers[0], 1) if len(numbers) == 1 else (numbers[0], numbers[1], numbers[2] if
                                                                        len(numbers) == 3 else 1)
    if step == 0 or len(numbers) > 3:
        raise ValueError("bad range")
    found: list[int | float] = []
    value = start
    while (value < limit if step > 0 else value > limit) and len(found) <= 1024:
        found.append(value)
        value += step
    if len(found) > 1024:
        raise ValueError("more than 1024 elements")
    return found


def _one(values: Any) -> Any:
    values = _list(values)
    if len(values) > 1:
        raise ValueError("more than one element")
    return values[0] if values else None


def _element(values: Any, index: Any) -> Any:
    """element() wraps past the end; a negative index is an error in Terraform."""
    position = int(to_number(index))
    if position < 0:
        raise IndexError("negative index")
    return _list(values)[position % len(values)]


def _index(values: Any, value: Any) -> int:
    return _list(values).index(value)


def _tobool(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    return {"true": True, "false": False}[value]


def _slice(values: Any, start: Any, end: Any) -> list[Any]:
    first, last = int(to_number(start)), int(to_number(end))
    if not 0 <= first <= last <= len(_list(values)):
        raise IndexError("slice")
    return values[first:last]


def _setproduct(*collections: Any) -> Any:
    # Terraform needs two or more lists or sets; a list keeps its order and duplicates
    if len(collections) < 2 or any(isinstance(item, dict) for item in collections):
        raise TypeError("setproduct needs two or more lists or sets")
    if math.prod(len(_list(item)) for item in collections) > _MAX_SIZE:
        return Unresolved(Cause("a value with more than 200,000 parts"), reported=True)
    return [list(combination) for combination in itertools.product(*(_list(item) for item in collections))]


def _legacy_map(*pairs: Any) -> dict[str, Any]:
    # Terraform 0.11's map("k", v, ...), removed in 0.15 (tomap does the same)
    if len(pairs) % 2:
        raise ValueError("odd arguments")
    return {as_text(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


_STRUCTURAL = frozenset({"merge", "concat", "length", "lookup", "keys", "element", "tolist", "tomap",
                         "coalesce", "one", "slice", "reverse", "values", "list", "map", "zipmap"})

_FUNCTIONS: Mapping[str, Callable[..., Any]] = {
    **TEXT_FUNCTIONS, **AWS_FUNCTIONS,
    "merge": _merge, "concat": lambda *lists: [v for item in lists for v in _list(item)], "flatten": _flatten,
    "lookup": _lookup, "contains": lambda values, value: value in _list(values), "coalesce": _coalesce,
    "coalescelist": lambda *lists: next(item for item in lists if _list(item)),
    "compact": lambda values: [as_text(v) for v in _list(values) if v is not None and as_text(v) != ""],
    "distinct": _distinct, "element": _element,
    "index": _index,
    "join": lambda separator, *lists: as_text(separator).join(as_text(v) for item in lists for v in _list(item)),
    "length": lambda value: len(value) if isinstance(value, (str, list, dict)) else _wrong(),
    "keys": lambda mapping: sorted(_map(mapping)),
    "values": lambda mapping: [mapping[k] for k in sorted(_map(mapping))], "toset": _set, "tolist": lambda values: _unified(_list(values)),
    "tomap": lambda mapping: dict(zip(_map(mapping), _unified(list(_map(mapping).values())), strict=True)), "tobool": _tobool, "range": _range,
    "zipmap": lambda keys, values: dict(zip([as_text(k) for k in _list(keys)], _list(values), strict=True)),
    "one": _one, "sort": lambda values: sorted(as_text(v) for v in _list(values)),
    "reverse": lambda values: list(reversed(_list(values))), "slice": _slice,
    "setunion": lambda *sets: _set([v for item in sets for v in _list(item)]),
    "setintersection": lambda first, *rest: _set([v for v in _list(first) if all(v in _list(r) for r in rest)]),
    "setproduct": _setproduct,
    "setsubtract": lambda first, second: _set([v for v in _list(first) if v not in _list(second)]),
    "sum": lambda values: sum(to_number(v) for v in _list(values)),
    "alltrue": lambda values: all(_tobool(v) is True for v in _list(values)),
    "anytrue": lambda values: any(_tobool(v) is True for v in _list(values)), "list": lambda *values: list(values),
    "map": _legacy_map, "sensitive": lambda value: value, "nonsensitive": lambda value: value,
    "file": lambda path: path,      # read through the module's Files, see call()
    "fileexists": lambda path: path,
    "fileset": lambda path, pattern: path,
}


def _wrong() -> Any:
    raise TypeError("wrong type")


def supported() -> frozenset[str]:
    """Every function evaluated offline (``templatefile``, ``try`` and ``can`` live in the evaluator)."""
    return frozenset(_FUNCTIONS) | {"templatefile", "try", "can"}
