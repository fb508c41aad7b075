"""A policy string decoded by msgspec straight into the fields of its statements.

msgspec checks the usual types of the elements while it decodes (https://jcristharif.com/msgspec/structs.html),
in about a third of what ``json.loads`` and a pass over each statement's keys take. This module is
imported only once msgspec is (``policy_json._statement_fields``): a large input has loaded it, and
a small run never pays for the import. Whatever this does not read as ``policy_json``'s quick
reader does (another shape, an element of another type, JSON that msgspec and ``json`` may read
differently) is None here, and ``policy_json`` reads it as before: what a policy string gives
never depends on this path.
"""
from __future__ import annotations

import msgspec
from msgspec import UNSET, UnsetType

from trail_lint.model import Principals
from trail_lint.normalise.policy_json import Fields, _conditions, _nowhere

# "string or list of strings": Action and Resource are () when absent, NotAction and NotResource UNSET
_Strings = str | tuple[str, ...]
# Every element is typed down to its leaves, so a document nests at most six deep here: msgspec and
# ``json`` both count nesting against the interpreter's recursion limit, at depths of their own.
_Scalar = str | int | float | bool | None
_Principal = str | dict[str, str | tuple[str, ...]] | None


class _Statement(msgspec.Struct, rename="pascal"):     # Sid, Effect, NotAction, ...
    sid: str | None = None
    effect: str = ""
    action: _Strings | UnsetType = UNSET
    not_action: _Strings | UnsetType = UNSET
    resource: _Strings | UnsetType = UNSET
    not_resource: _Strings | UnsetType = UNSET
    # UNSET when absent; None (written null) is read by policy_json, which says what it leaves open
    condition: dict[str, dict[str, _Scalar | list[_Scalar]]] | None | UnsetType = UNSET
    principal: _Principal = None
    not_principal: _Principal = None


class _Document(msgspec.Struct, rename="pascal"):
    version: str | None = None
    statement: list[_Statement] | _Statement | UnsetType = UNSET


_DECODER = msgspec.json.Decoder(_Document)


def statement_fields(text: str) -> tuple[tuple[Fields, ...], object] | None:
    """What ``policy_json._statement_fields`` gives for ``text``, a policy string without the unknown
    marker or a ``\\u`` escape and too short to hold an integer ``json`` refuses (see
    ``json_members._long_integer``); None for anything that reader must read itself."""
    try:
        document = _DECODER.decode(text)
    except (msgspec.DecodeError, RecursionError):   # ValidationError is a DecodeError
        return None
    listed = document.statement
    statements = (listed,) if isinstance(listed, _Statement) else () if listed is UNSET else listed
    found: list[Fields] = []
    for statement in statements:
        condition, principal, not_principal = statement.condition, statement.principal, statement.not_principal
        if (type(principal) is str and principal != "*") or (type(not_principal) is str and not_principal != "*") \
                or condition is None:
            return None     # not a principal, or a null Condition: policy_json says why
        # (written out, not in a function: this runs for every statement of every policy string)
        actions, not_actions, resources, not_resources = (
            statement.action, statement.not_action, statement.resource, statement.not_resource)
        # an Action or Resource written as an empty list is kept as written (Statement.written_empty)
        written_empty = ("Action",) * (actions == ()) + ("Resource",) * (resources == ())
        actions = () if actions is UNSET else actions
        resources = () if resources is UNSET else resources
        found.append((
            statement.effect,
            (actions,) if isinstance(actions, str) else actions,
            None if not_actions is UNSET else (not_actions,) if isinstance(not_actions, str) else not_actions,
            (resources,) if isinstance(resources, str) else resources,
            None if not_resources is UNSET else (not_resources,) if isinstance(not_resources, str) else not_resources,
            () if condition is UNSET else _conditions(condition, "", _nowhere),
            None if principal is None else _principals(principal),
            None if not_principal is None else _principals(not_principal),
            statement.sid,
            None,           # no named holes: the marker is not in the text
            written_empty,
        ))
    return tuple(found), document.version


def _principals(value: str | dict[str, str | tuple[str, ...]]) -> Principals:
    """As ``policy_json._principals`` reads a Principal that is ``"*"`` or an object."""
    if isinstance(value, str):
        return {"AWS": ("*",)}
    return {kind: (ids,) if isinstance(ids, str) else ids for kind, ids in value.items()}
