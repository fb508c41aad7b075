"""The string, number and encoding functions of Terraform, and how Terraform converts
primitives to strings and numbers. https://developer.hashicorp.com/terraform/language/functions
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any


def as_text(value: Any) -> str:
    """A primitive as Terraform converts it to a string (true → "true", 2.0 → "2")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value
    raise TypeError("not a primitive")


# the strings Terraform converts to a bool, and only these (case-sensitive): "1" and "0" too
_BOOLS = {"true": True, "false": False, "1": True, "0": False}


def as_bool(value: Any) -> bool | None:
    """A bool, or a string Terraform converts to one (where a condition or a bool is wanted); None otherwise."""
    if isinstance(value, bool):
        return value
    return _BOOLS.get(value) if isinstance(value, str) else None


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


def to_number(value: Any) -> int | float:
    """A number, or a string Terraform converts to one; TypeError otherwise."""
    number = number_of(value)
    if number is None:
        raise TypeError("not a number")
    return number


def _format(spec: Any, *values: Any) -> str:
    out, position = [], 0
    for match in re.finditer(r"%(?:%|([-+ #0]*)(\d*)(?:\.(\d+))?([sdvqtfbeEgGxXo]))|[^%]+|%", as_text(spec)):
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
        # %v writes a list, map or object in JSON; a precision cuts a string to that many characters
        text = _jsonencode(value) if verb == "v" and isinstance(value, (list, dict)) else as_text(value)
        return f"%{flags.replace('0', '')}{width}s" % (text[:int(precision)] if precision else text)
    if verb == "q":
        return json.dumps(as_text(value))
    if verb == "t":
        if not isinstance(value, bool):
            raise TypeError("not a bool")
        return "true" if value else "false"
    if verb == "d":
        number = to_number(value)
        if not float(number).is_integer():
            raise ValueError("not an integer")
        return f"%{flags}{width}d" % int(number)
    if verb in "xXob":
        return format(int(to_number(value)), verb)
    return f"%{flags}{width}.{precision or 6}{verb}" % to_number(value)


def _by_character(change: Any, text: Any) -> str:
    """Case mapped one character at a time, as Go does: "ß" has no one-character upper case and stays."""
    return "".join(changed if len(changed := change(character)) == 1 else character for character in as_text(text))


def _title(text: Any) -> str:
    """Go's strings.Title: the first letter of each word in title case, the rest left as they are.
    Words are separated by spaces and ASCII punctuation other than "_"."""
    out, previous = [], " "
    for character in as_text(text):
        starts = not (previous.isalnum() or previous == "_") if previous.isascii() else previous.isspace()
        titled = character.title() if starts else character
        out.append(titled if len(titled) == 1 else character)
        previous = character
    return "".join(out)


def _formatlist(spec: Any, *values: Any) -> list[str]:
    lengths = {len(value) for value in values if isinstance(value, list)}
    if len(lengths) > 1:
        raise ValueError("lists of different lengths")
    count = lengths.pop() if lengths else 1
    return [_format(spec, *(value[i] if isinstance(value, list) else value for value in values))
            for i in range(count)]


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

    return yaml.safe_load(as_text(text))


def _replace(text: Any, old: Any, new: Any) -> str:
    old, new = as_text(old), as_text(new)
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        return re.sub(old[1:-1], re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", new), as_text(text))
    return as_text(text).replace(old, new)


def _regex(pattern: Any, text: Any) -> Any:
    match = re.search(as_text(pattern), as_text(text))
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
    value, start, size = as_text(text), int(to_number(offset)), int(to_number(length))
    if start < 0:
        start += len(value)
    return value[start:] if size < 0 else value[start:start + size]


def _pow(base: Any, exponent: Any) -> int | float:
    # in floats, so that a large exponent overflows (an error) rather than builds a huge integer
    result = math.pow(to_number(base), to_number(exponent))
    return int(result) if result.is_integer() and abs(result) < 2 ** 53 else result


def _urlencode(text: Any) -> str:
    # Go's url.QueryEscape: https://developer.hashicorp.com/terraform/language/functions/urlencode
    from urllib.parse import quote_plus

    return quote_plus(as_text(text), safe="")


def _digest(algorithm: str, text: Any) -> str:
    import hashlib

    return hashlib.new(algorithm, as_text(text).encode()).hexdigest()


TEXT_FUNCTIONS: Mapping[str, Callable[..., Any]] = {
    "jsonencode": _jsonencode, "jsondecode": lambda text: json.loads(as_text(text)), "yamldecode": _yamldecode,
    "yamlencode": lambda value: __import__("yaml").safe_dump(value, sort_keys=True), "format": _format,
    "formatlist": _formatlist, "split": lambda separator, text: as_text(text).split(as_text(separator)),
    "replace": _replace, "lower": lambda text: _by_character(str.lower, text),
    "upper": lambda text: _by_character(str.upper, text), "title": lambda text: _title(text), "chomp": lambda text: as_text(text).rstrip("\r\n"),
    "trimprefix": lambda text, prefix: as_text(text).removeprefix(as_text(prefix)),
    "trimsuffix": lambda text, suffix: as_text(text).removesuffix(as_text(suffix)),
    "trimspace": lambda text: as_text(text).strip(), "trim": lambda text, chars: as_text(text).strip(as_text(chars)),
    "substr": _substr, "startswith": lambda text, prefix: as_text(text).startswith(as_text(prefix)),
    "endswith": lambda text, suffix: as_text(text).endswith(as_text(suffix)),
    "strcontains": lambda text, part: as_text(part) in as_text(text),
    "strrev": lambda text: as_text(text)[::-1],
    "tostring": lambda value: None if value is None else as_text(value),
    "tonumber": lambda value: None if value is None else to_number(value),
    "min": lambda *numbers: min(to_number(n) for n in numbers),
    "max": lambda *numbers: max(to_number(n) for n in numbers), "abs": lambda number: abs(to_number(number)),
    "ceil": lambda number: math.ceil(to_number(number)), "floor": lambda number: math.floor(to_number(number)),
    "pow": _pow, "regex": _regex, "urlencode": _urlencode,
    "regexall": lambda pattern, text: [_groups(m) for m in re.finditer(as_text(pattern), as_text(text))],
    "md5": lambda text: _digest("md5", text), "sha1": lambda text: _digest("sha1", text),
    "sha256": lambda text: _digest("sha256", text), "sha512": lambda text: _digest("sha512", text),
    "base64encode": lambda text: __import__("base64").b64encode(as_text(text).encode()).decode(),
    "base64decode": lambda text: __import__("base64").b64decode(as_text(text), validate=True).decode(),
    "basename": lambda path: as_text(path).rstrip("/").rsplit("/", 1)[-1],
    "dirname": lambda path: as_text(path).rsplit("/", 1)[0] if "/" in as_text(path) else ".",
}
