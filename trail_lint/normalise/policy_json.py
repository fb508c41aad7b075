"""IAM policy documents (identity, resource, SCP) → model.Policy.

Every "string or list" element becomes a tuple, ``Effect`` is kept as written (the evaluator
decides what is valid), and ``Principal: "*"`` becomes ``{"AWS": ("*",)}`` as AWS documents it:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from trail_lint.model import UNKNOWN, At, Condition, Origin, Path, Policy, Statement
from trail_lint.normalise import MalformedInput

# model field -> policy element, for statements parsed from a bare document
STATEMENT_KEYS = {
    "sid": "Sid", "effect": "Effect", "actions": "Action", "not_actions": "NotAction",
    "resources": "Resource", "not_resources": "NotResource", "conditions": "Condition",
    "principals": "Principal", "not_principals": "NotPrincipal",
}
Where = Callable[[], At]
# How a value only known after apply is written inside an otherwise known JSON document (the .tf
# reader's jsonencode of a partly unknown object): the element holding it is UNKNOWN, the rest of
# the statement and the other statements stay known. A private-use character: never in a policy.
UNKNOWN_TEXT = "\ue0ff"
# a statement embedded in a JSON string: every field points at the attribute holding it
_EMBEDDED_KEYS: Mapping[str, Path] = {field: () for field in STATEMENT_KEYS}


def parse_policy(document: Any, *, name: str, origin: Origin) -> Policy:
    """A policy document (already decoded JSON) → Policy; wrong shapes raise MalformedInput."""
    return _parse(document, name=name, origin=origin, embedded=False)


def parse_policy_string(text: Any, *, name: str, origin: Origin) -> Policy:
    """A policy held in a JSON string (Terraform ``policy`` attributes, inline CLI output).

    An empty string is a policy nobody can evaluate offline: ``statements`` is UNKNOWN.
    Text that is not JSON, or JSON that is not a policy, raises MalformedInput at the
    attribute holding the string.
    """
    if not isinstance(text, str):
        raise MalformedInput(f"policy {name} must be a JSON string", origin.at)
    if not text.strip():
        return Policy(name=name, statements=UNKNOWN, origin=origin)
    try:
        document = json.loads(text)
    except ValueError as error:
        raise MalformedInput(f"policy {name} is not valid JSON: {error}", origin.at) from None
    return _parse(document, name=name, origin=origin, embedded=True)


def _parse(document: Any, *, name: str, origin: Origin, embedded: bool) -> Policy:
    def at(*path: str | int) -> At:
        return origin.at if embedded else At(origin.file, origin.path + path)

    if not isinstance(document, dict):
        raise MalformedInput(f"policy {name} must be a JSON object", origin.at)
    raw = document.get("Statement", [])
    if isinstance(raw, dict):      # a single statement may be written without a list
        items: list[tuple[Path, Any]] = [(("Statement",), raw)]
    elif isinstance(raw, list):
        items = [(("Statement", index), item) for index, item in enumerate(raw)]
    else:
        raise MalformedInput(f"Statement of policy {name} must be an object or a list", at("Statement"))
    statements = tuple(_statement(item, path, name, origin, embedded, at) for path, item in items)
    return Policy(name=name, statements=statements, origin=origin)


def _holes(item: Any) -> bool:
    if isinstance(item, str):
        return UNKNOWN_TEXT in item
    if isinstance(item, dict):
        return any(_holes(key) or _holes(value) for key, value in item.items())
    return isinstance(item, list) and any(_holes(value) for value in item)


def _statement(item: Any, path: Path, name: str, origin: Origin, embedded: bool, at: Any) -> Statement:
    if embedded:
        here = Origin(origin.file, origin.path, _EMBEDDED_KEYS, origin.resource, origin.kind)
    else:
        here = Origin(origin.file, origin.path + path, STATEMENT_KEYS, origin.resource, origin.kind)
    if item == UNKNOWN_TEXT:
        return Statement(UNKNOWN, actions=UNKNOWN, resources=UNKNOWN, conditions=UNKNOWN, origin=here)
    if not isinstance(item, dict):
        raise MalformedInput(f"statement of policy {name} must be an object", at(*path))
    gaps = {key for key, value in item.items() if _holes(value)}
    if gaps:
        known = _statement({key: value for key, value in item.items() if key not in gaps}, path, name, origin,
                           embedded, at)
        fields = {field: None if element == "Sid" else UNKNOWN for field, element in STATEMENT_KEYS.items()
                  if element in gaps}
        return replace(known, **fields)  # type: ignore[arg-type]  # UNKNOWN fits every element's field

    def where(key: str) -> Where:     # an At only when there is an error to place
        return lambda: at(*path, key)

    def strings(key: str) -> tuple[str, ...] | None:
        if key not in item:
            return None
        return _strings(item[key], f"{key} in policy {name}", where(key))

    sid = item.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise MalformedInput(f"Sid in policy {name} must be a string", at(*path, "Sid"))
    effect = item.get("Effect", "")
    if not isinstance(effect, str):
        raise MalformedInput(f"Effect in policy {name} must be a string", at(*path, "Effect"))
    return Statement(
        effect=effect,
        actions=strings("Action") or (),
        not_actions=strings("NotAction"),
        resources=strings("Resource") or (),
        not_resources=strings("NotResource"),
        conditions=_conditions(item.get("Condition"), name, where("Condition")),
        principals=_principals(item.get("Principal"), name, where("Principal")),
        not_principals=_principals(item.get("NotPrincipal"), name, where("NotPrincipal")),
        sid=sid,
        origin=here,
    )


def _strings(value: Any, what: str, where: Where) -> tuple[str, ...]:
    """A policy "string or list of strings" element as a tuple."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and set(map(type, value)) <= {str}:
        return tuple(value)
    raise MalformedInput(f"{what} must be a string or a list of strings", where())


def _principals(value: Any, name: str, where: Where) -> Mapping[str, tuple[str, ...]] | None:
    if value is None:
        return None
    if value == "*":
        return {"AWS": ("*",)}
    if not isinstance(value, dict):
        raise MalformedInput(f"principal in policy {name} must be \"*\" or an object", where())
    return {str(kind): _strings(ids, f"principal {kind} in policy {name}", where)
            for kind, ids in value.items()}


def _conditions(value: Any, name: str, where: Where) -> tuple[Condition, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise MalformedInput(f"Condition in policy {name} must be an object", where())
    found: list[Condition] = []
    for operator, pairs in value.items():
        if not isinstance(pairs, dict):
            raise MalformedInput(f"condition {operator} in policy {name} must be an object", where())
        for key, values in pairs.items():
            found.append(Condition(str(operator), str(key),
                                   tuple(values) if isinstance(values, list) else (values,)))
    return tuple(found)
