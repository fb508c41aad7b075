"""A JSON Schema for simple objects, compiled into a plain function that says whether a value is valid.

jsonschema walks its validators for every value, about 80 µs for one finding of the findings JSON;
the compiled function takes a few. It knows ``type`` (string, null, boolean, integer, number, and
objects of the same kind and arrays with ``items`` nested in them), ``enum`` of strings,
``pattern``, ``minimum``, ``required``, ``properties`` and ``additionalProperties: false``, with
JSON Schema's meaning (2.0 is an integer, true is not; ``pattern`` and ``minimum`` apply to strings
and numbers only). It only says yes or no: jsonschema still gives the messages. A schema with any
other keyword compiles to None.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def compiled_check(schema: Mapping[str, Any]) -> Callable[[Any], bool] | None:
    """Whether a value is valid against ``schema``, an object of simple properties, as a plain
    function; None when the schema uses a keyword this does not compile."""
    if set(schema) - {"type", "additionalProperties", "required", "properties", "description"} \
            or schema.get("type") != "object" or schema.get("additionalProperties") is not False:
        return None
    compiled = {name: _value_check(part) for name, part in schema["properties"].items()}
    checks = {name: value_check for name, value_check in compiled.items() if value_check is not None}
    if len(checks) < len(compiled):
        return None
    required, allowed = frozenset(schema.get("required", ())), frozenset(checks)

    def check(entry: Any) -> bool:
        return (isinstance(entry, dict) and required <= entry.keys() <= allowed
                and all(checks[name](value) for name, value in entry.items()))
    return check


_PLAIN_TYPES: dict[str, type] = {"string": str, "null": type(None), "boolean": bool}


def _json_number(kind: str, value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return kind == "number" or isinstance(value, int) or value.is_integer()


def _value_check(schema: Mapping[str, Any]) -> Callable[[Any], bool] | None:
    """type (string, null, boolean, integer, number; an object as compiled_check compiles it, an array
    as _array_check does), enum of strings, pattern and minimum, with JSON Schema's meaning (2.0 is an
    integer, true is not; pattern and minimum apply to their kinds only); None for any other keyword."""
    import re

    if schema.get("type") == "object":
        return compiled_check(schema)
    if schema.get("type") == "array":
        return _array_check(schema)
    if set(schema) - {"type", "enum", "pattern", "minimum", "description"}:
        return None
    named = schema.get("type", ())
    kinds = [named] if isinstance(named, str) else list(named)
    numbers = [kind for kind in kinds if kind in ("integer", "number")]
    if any(kind not in _PLAIN_TYPES and kind not in numbers for kind in kinds) \
            or not all(isinstance(v, str) for v in schema.get("enum", ())):
        return None
    plain = tuple(_PLAIN_TYPES[kind] for kind in kinds if kind in _PLAIN_TYPES)
    tests: list[Callable[[Any], bool]] = []
    if kinds:
        tests.append((lambda v: isinstance(v, plain) or any(_json_number(k, v) for k in numbers)) if numbers
                     else (lambda v: isinstance(v, plain)))
    if "enum" in schema:
        enum = frozenset(schema["enum"])
        tests.append(lambda v: isinstance(v, str) and v in enum)
    if "pattern" in schema:
        pattern = re.compile(schema["pattern"])
        tests.append(lambda v: not isinstance(v, str) or pattern.search(v) is not None)
    if "minimum" in schema:
        minimum = schema["minimum"]
        tests.append(lambda v: not _json_number("number", v) or v >= minimum)
    if len(tests) == 1:
        return tests[0]
    return lambda v: all(test(v) for test in tests)


def _array_check(schema: Mapping[str, Any]) -> Callable[[Any], bool] | None:
    """``type: array`` with ``items`` of a kind _value_check compiles (or none); None for any other keyword."""
    if set(schema) - {"type", "items", "description"}:
        return None
    if "items" not in schema:
        return lambda v: isinstance(v, list)
    item = _value_check(schema["items"])
    if item is None:
        return None
    return lambda v: isinstance(v, list) and all(item(value) for value in v)
