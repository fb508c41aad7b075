"""Terraform built-in functions over known values, as real modules use them.

An unknown argument makes the result unknown (structural functions such as ``merge`` or
``length`` only need the shape to be known), and so does a function not listed here, with a
cause naming it. Arguments Terraform would reject give an unknown marked as an error, which
``try``/``can`` skip. https://developer.hashicorp.com/terraform/language/functions
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from trail_lint.model import Cause, Unknown

if TYPE_CHECKING:
    from typing_extensions import Self

Files = Callable[[str], Any]     # path → text, or an Unresolved when it may not or cannot be read


class Unresolved(Unknown):
    """An unknown value and why: ``reported`` causes are worth a TL002 on their own (a missing
    variable, an unsupported function); ``error`` marks what Terraform itself would reject."""

    def __new__(cls, cause: Cause, reported: bool = False, error: bool = False) -> Self:
        return object.__new__(cls)   # not Unknown's singleton: each unknown has its own cause

    def __init__(self, cause: Cause, reported: bool = False, error: bool = False) -> None:
        self.cause = cause
        self.reported = reported
        self.error = error


def unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def first_unknown(value: Any) -> Any:
    """The first unknown part of a value (depth first), or None when it is fully known."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, Unknown):
            return item
        if isinstance(item, dict):
            pending.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            pending.extend(reversed(item))
    return None


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


def call(name: str, arguments: list[Any], files: Files | None = None) -> Any:
    function = _FUNCTIONS.get(name)
    if function is None:
        return Unresolved(Cause(f"function {name}() is not supported by trail-lint"), reported=True)
    blocking = [a for a in arguments if unknown(a)] if name in _STRUCTURAL else \
        [found for found in (first_unknown(a) for a in arguments) if found is not None]
    if blocking:
        return blocking[0]
    try:
        if name == "file":
            return _file(files, *arguments)
        return bounded(function(*arguments))
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, ArithmeticError, RecursionError,
            StopIteration, re.error) as error:
        # Terraform would refuse these arguments
        return Unresolved(Cause(f"{name}() fails on these arguments ({type(error).__name__})"), error=True)


def _file(files: Files | None, path: Any) -> Any:
    if files is None:
        return Unresolved(Cause("file() outside a module"), reported=True)
    return files(_text(path))


def as_text(value: Any) -> str:
    """A primitive as Terraform converts it to a string (true → "true", 2.0 → "2")."""
    return _text(value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value
    raise TypeError("not a primitive")


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _map(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("not an object")
    return value


def number_of(value: Any) -> int | float | None:
    """A number, or a string Terraform converts to one ("5", "1.5"); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return None
    return None


def _number(value: Any) -> int | float:
    number = number_of(value)
    if number is None:
        raise TypeError("not a number")
    return number


def pairs(collection: Any) -> list[tuple[Any, Any]] | None:
    """(key, element) of a map, (index, element) of a list, for ``for`` and ``dynamic``; None otherwise."""
    if isinstance(collection, dict):
        return list(collection.items())
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
    if _text(key) in mapping:
        return mapping[_text(key)]
    if default:
        return default[0]
    raise KeyError(key)


def _format(spec: Any, *values: Any) -> str:
    out, position = [], 0
    for match in re.finditer(r"%(?:%|([-+ #0]*)(\d*)(?:\.(\d+))?([sdvqtfbeEgGxXo]))|[^%]+|%", _text(spec)):
        piece = match.group(0)
        if not piece.startswith("%") or piece == "%%":
            out.append("%" if piece == "%%" else piece)
            continue
        if match.group(4) is None:
            raise ValueError("bad verb")
        value = values[position]
        position += 1
        out.append(_verb(match.group(4), value, match.group(3), match.group(1) or "", match.group(2)))
    if position != len(values):
        raise ValueError("too many arguments")
    return "".join(out)


def _verb(verb: str, value: Any, precision: str | None, flags: str, width: str) -> str:
    if int(width or 0) > 1000 or int(precision or 0) > 1000:
        raise ValueError("width or precision too large")
    if verb == "v" and "#" in flags:
        return _jsonencode(value)
    if verb in "sv":
        return f"%{flags.replace('0', '')}{width}s" % _text(value)
    if verb == "q":
        return json.dumps(_text(value))
    if verb == "t":
        if not isinstance(value, bool):
            raise TypeError("not a bool")
        return "true" if value else "false"
    if verb == "d":
        number = _number(value)
        if not float(number).is_integer():
            raise ValueError("not an integer")
        return f"%{flags}{width}d" % int(number)
    if verb in "xXob":
        return format(int(_number(value)), verb)
    return f"%{flags}{width}.{precision or 6}{verb}" % _number(value)


def _formatlist(spec: Any, *values: Any) -> list[str]:
    lengths = {len(value) for value in values if isinstance(value, list)}
    if len(lengths) > 1:
        raise ValueError("lists of different lengths")
    count = lengths.pop() if lengths else 1
    return [_format(spec, *(value[i] if isinstance(value, list) else value for value in values))
            for i in range(count)]


def _coalesce(*values: Any) -> Any:
    for value in values:
        if unknown(value):
            return value
        if value is not None and value != "":
            return value
    raise ValueError("no value")


def _distinct(values: Any) -> list[Any]:
    found: list[Any] = []
    for value in _list(values):
        if value not in found:
            found.append(value)
    return found


def _set(values: Any) -> list[Any]:
    # Terraform sets of strings iterate in lexical order; numbers by value
    return sorted(_distinct(values), key=lambda value: (str(type(value)), value if isinstance(value, (int, float))
                                                        else json.dumps(value, sort_keys=True) if not
                                                        isinstance(value, str) else value))


def _jsonencode(value: Any) -> str:
    # Terraform writes object keys in lexical order, whole numbers without a fraction (1.0 is 1),
    # and escapes <, > and & like Go's encoding/json
    text = json.dumps(_whole(value), separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole(item) for item in value]
    return value


def _yamldecode(text: Any) -> Any:
    import yaml

    return yaml.safe_load(_text(text))


def _replace(text: Any, old: Any, new: Any) -> str:
    old, new = _text(old), _text(new)
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        return re.sub(old[1:-1], re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", new), _text(text))
    return _text(text).replace(old, new)


def _regex(pattern: Any, text: Any) -> Any:
    match = re.search(_text(pattern), _text(text))
    if match is None:
        raise ValueError("no match")
    return _groups(match)


def _groups(match: re.Match[str]) -> Any:
    if match.re.groupindex:
        return {name: match.group(name) for name in match.re.groupindex}
    if match.re.groups:
        return list(match.groups())
    return match.group(0)


def _substr(text: Any, offset: Any, length: Any) -> str:
    value, start, size = _text(text), int(_number(offset)), int(_number(length))
    if start < 0:
        start += len(value)
    return value[start:] if size < 0 else value[start:start + size]


def _range(*arguments: Any) -> list[Any]:
    numbers = [_number(a) for a in arguments]
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


def _index(values: Any, value: Any) -> int:
    return _list(values).index(value)


def _tobool(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    return {"true": True, "false": False}[value]


def _slice(values: Any, start: Any, end: Any) -> list[Any]:
    first, last = int(_number(start)), int(_number(end))
    if not 0 <= first <= last <= len(_list(values)):
        raise IndexError("slice")
    return values[first:last]


def _legacy_map(*pairs: Any) -> dict[str, Any]:
    # Terraform 0.11's map("k", v, ...), removed in 0.15 (tomap does the same)
    if len(pairs) % 2:
        raise ValueError("odd arguments")
    return {_text(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


_STRUCTURAL = frozenset({"merge", "concat", "length", "lookup", "keys", "element", "tolist", "tomap",
                         "coalesce", "one", "slice", "reverse", "values", "list", "map", "zipmap"})

_FUNCTIONS: Mapping[str, Callable[..., Any]] = {
    "jsonencode": _jsonencode, "jsondecode": lambda text: json.loads(_text(text)), "yamldecode": _yamldecode,
    "yamlencode": lambda value: __import__("yaml").safe_dump(value, sort_keys=True),
    "merge": _merge, "concat": lambda *lists: [v for item in lists for v in _list(item)],
    "flatten": _flatten, "lookup": _lookup, "contains": lambda values, value: value in _list(values),
    "coalesce": _coalesce, "coalescelist": lambda *lists: next(item for item in lists if _list(item)),
    "compact": lambda values: [_text(v) for v in _list(values) if v is not None and _text(v) != ""],
    "distinct": _distinct, "element": lambda values, index: _list(values)[int(_number(index)) % len(values)],
    "index": _index, "format": _format, "formatlist": _formatlist,
    "join": lambda separator, *lists: _text(separator).join(_text(v) for item in lists for v in _list(item)),
    "split": lambda separator, text: _text(text).split(_text(separator)),
    "replace": _replace, "lower": lambda text: _text(text).lower(), "upper": lambda text: _text(text).upper(),
    "title": lambda text: _text(text).title(), "chomp": lambda text: _text(text).rstrip("\r\n"),
    "trimprefix": lambda text, prefix: _text(text).removeprefix(_text(prefix)),
    "trimsuffix": lambda text, suffix: _text(text).removesuffix(_text(suffix)),
    "trimspace": lambda text: _text(text).strip(), "trim": lambda text, chars: _text(text).strip(_text(chars)),
    "substr": _substr, "startswith": lambda text, prefix: _text(text).startswith(_text(prefix)),
    "endswith": lambda text, suffix: _text(text).endswith(_text(suffix)),
    "strrev": lambda text: _text(text)[::-1],
    "length": lambda value: len(value) if isinstance(value, (str, list, dict)) else _wrong(),
    "keys": lambda mapping: sorted(_map(mapping)), "values": lambda mapping: [mapping[k] for k in sorted(_map(mapping))],
    "toset": _set, "tolist": _list, "tomap": _map, "tostring": lambda value: None if value is None else _text(value),
    "tonumber": lambda value: None if value is None else _number(value), "tobool": _tobool,
    "range": _range, "zipmap": lambda keys, values: dict(zip([_text(k) for k in _list(keys)], _list(values),
                                                                 strict=True)),
    "one": _one, "sort": lambda values: sorted(_text(v) for v in _list(values)),
    "reverse": lambda values: list(reversed(_list(values))), "slice": _slice,
    "setunion": lambda *sets: _set([v for item in sets for v in _list(item)]),
    "setintersection": lambda first, *rest: _set([v for v in _list(first) if all(v in _list(r) for r in rest)]),
    "setsubtract": lambda first, second: _set([v for v in _list(first) if v not in _list(second)]),
    "min": lambda *numbers: min(_number(n) for n in numbers), "max": lambda *numbers: max(_number(n) for n in numbers),
    "abs": lambda number: abs(_number(number)), "ceil": lambda number: math.ceil(_number(number)),
    "floor": lambda number: math.floor(_number(number)), "sum": lambda values: sum(_number(v) for v in _list(values)),
    "alltrue": lambda values: all(_tobool(v) is True for v in _list(values)),
    "anytrue": lambda values: any(_tobool(v) is True for v in _list(values)),
    "regex": _regex, "regexall": lambda pattern, text: [_groups(m) for m in re.finditer(_text(pattern), _text(text))],
    "list": lambda *values: list(values), "map": _legacy_map,
    "sensitive": lambda value: value, "nonsensitive": lambda value: value,
    "md5": lambda text: _digest("md5", text), "sha1": lambda text: _digest("sha1", text),
    "sha256": lambda text: _digest("sha256", text), "sha512": lambda text: _digest("sha512", text),
    "base64encode": lambda text: __import__("base64").b64encode(_text(text).encode()).decode(),
    "base64decode": lambda text: __import__("base64").b64decode(_text(text), validate=True).decode(),
    "basename": lambda path: _text(path).rstrip("/").rsplit("/", 1)[-1],
    "dirname": lambda path: _text(path).rsplit("/", 1)[0] if "/" in _text(path) else ".",
    "file": lambda path: path,      # read through the module's Files, see call()
}


def _digest(algorithm: str, text: Any) -> str:
    import hashlib

    return hashlib.new(algorithm, _text(text).encode()).hexdigest()


def _wrong() -> Any:
    raise TypeError("wrong type")


def supported() -> frozenset[str]:
    """Every function evaluated offline (``templatefile``, ``try`` and ``can`` live in the evaluator)."""
    return frozenset(_FUNCTIONS) | {"templatefile", "try", "can"}
