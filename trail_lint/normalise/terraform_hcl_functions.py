"""The few Terraform built-in functions that policies and trail settings use, over known values.

Any unknown argument makes the result unknown, and so does a function not listed here.
https://developer.hashicorp.com/terraform/language/functions
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from trail_lint.model import UNKNOWN


def contains_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, list):
        return any(contains_unknown(item) for item in value)
    return False


_MAX_SIZE = 200_000


def bounded(value: Any) -> Any:
    """UNKNOWN instead of a value with more than 200,000 parts: locals that reference each other can
    build exponentially large values, which would otherwise hang the linter."""
    sizes: dict[int, int] = {}

    def size(item: Any) -> int:
        if not isinstance(item, (dict, list)):
            return 1
        known = sizes.get(id(item))
        if known is None:
            children = item.values() if isinstance(item, dict) else item
            known = 1
            for child in children:
                known += size(child)
                if known > _MAX_SIZE:
                    break
            sizes[id(item)] = known
        return known
    try:
        return value if size(value) <= _MAX_SIZE else UNKNOWN
    except RecursionError:
        return UNKNOWN


def call(name: str, arguments: list[Any]) -> Any:
    if name == "jsonencode" and len(arguments) == 1 and isinstance(arguments[0], (dict, list)) \
            and contains_unknown(arguments[0]) and bounded(arguments[0]) is not UNKNOWN:
        # A policy built by jsonencode with some values known only after apply: the rest is still
        # read, statement by statement (policy_json.UNKNOWN_TEXT).
        return json.dumps(_with_holes(arguments[0]), separators=(",", ":"))
    function = _FUNCTIONS.get(name)
    if function is None or any(bounded(argument) is UNKNOWN or contains_unknown(argument)
                               for argument in arguments):
        return UNKNOWN
    try:
        return bounded(function(*arguments))
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, ArithmeticError, RecursionError):
        return UNKNOWN      # Terraform would refuse these arguments; nothing to read


def _with_holes(value: Any) -> Any:
    from trail_lint.normalise.policy_json import UNKNOWN_TEXT

    if value is UNKNOWN:
        return UNKNOWN_TEXT
    if isinstance(value, dict):
        return {key: _with_holes(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_holes(item) for item in value]
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise TypeError("not a primitive")


def _strings(values: Any) -> list[str]:
    if not isinstance(values, list):
        raise TypeError("not a list")
    return [_text(value) for value in values]


def _merge(*maps: Any) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for item in maps:
        if item is None:
            continue
        if not isinstance(item, dict):
            raise TypeError("not an object")
        merged.update(item)
    return merged


def _concat(*lists: Any) -> list[Any]:
    if not all(isinstance(item, list) for item in lists):
        raise TypeError("not a list")
    return [value for item in lists for value in item]


def _flatten(values: Any) -> list[Any]:
    if not isinstance(values, list):
        raise TypeError("not a list")
    flat: list[Any] = []
    for value in values:
        flat.extend(_flatten(value) if isinstance(value, list) else [value])
    return flat


def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    if not isinstance(mapping, dict):
        raise TypeError("not an object")
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise KeyError(key)


def _format(spec: Any, *values: Any) -> str:
    # only %s, %d, %v and %%: the verbs trail names and ARNs are built with
    if not isinstance(spec, str):
        raise TypeError("not a string")
    out, index, position = [], 0, 0
    while index < len(spec):
        char = spec[index]
        if char == "%" and index + 1 < len(spec):
            verb = spec[index + 1]
            if verb == "%":
                out.append("%")
            elif verb in "sdv":
                out.append(_text(values[position]))
                position += 1
            else:
                raise ValueError(verb)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _tostring(value: Any) -> Any:
    return None if value is None else _text(value)


def _coalesce(*values: Any) -> Any:
    for value in values:
        if value is not None and value != "":
            return value
    raise ValueError("no value")


def _distinct(values: Any) -> list[Any]:
    found: list[Any] = []
    for value in values:
        if value not in found:
            found.append(value)
    return found


def _tolist(values: Any) -> list[Any]:
    if not isinstance(values, list):
        raise TypeError("not a list")
    return list(values)


def _toset(values: Any) -> list[Any]:
    # Terraform sets iterate in sorted order for strings
    return sorted(_distinct(_tolist(values)), key=lambda value: (str(type(value)), str(value)))


def _jsondecode(text: Any) -> Any:
    if not isinstance(text, str):
        raise TypeError("not a string")
    return json.loads(text)


_FUNCTIONS: Mapping[str, Callable[..., Any]] = {
    "jsonencode": lambda value: json.dumps(value, separators=(",", ":")),
    "jsondecode": _jsondecode,
    "merge": _merge, "concat": _concat, "flatten": _flatten, "lookup": _lookup,
    "format": _format, "join": lambda separator, values: _text(separator).join(_strings(values)),
    "split": lambda separator, text: _text(text).split(_text(separator)),
    "lower": lambda text: _text(text).lower(), "upper": lambda text: _text(text).upper(),
    "trimspace": lambda text: _text(text).strip(),
    "replace": lambda text, old, new: _text(text).replace(_text(old), _text(new)),
    "tostring": _tostring, "tolist": _tolist, "toset": _toset, "tomap": lambda value: _merge(value),
    "tobool": lambda value: value if isinstance(value, bool) else {"true": True, "false": False}[value],
    "coalesce": _coalesce, "distinct": _distinct, "length": len,
    "keys": lambda mapping: sorted(mapping), "values": lambda mapping: [mapping[k] for k in sorted(mapping)],
    "element": lambda values, index: values[index % len(values)],
    "compact": lambda values: [value for value in _strings(values) if value],
}
