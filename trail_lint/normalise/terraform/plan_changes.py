"""The ``resource_changes`` of a large plan decoded by msgspec into only what the plan reader reads.

Of each change the reader needs its address, mode, type, provider, ``deposed``, actions, ``after``
and ``after_unknown``; ``before`` only for a deletion, a ``create_before_destroy`` replacement or a
change without ``after``. msgspec skips the members no field names (``before_sensitive``,
``after_sensitive``, ``name``, ...) without building them, and keeps ``before`` as its JSON text
(https://jcristharif.com/msgspec/api.html#msgspec.Raw, copied), a third of a plan's changes, built
only when read: what was built and freed for every change is built for a few. The fields hold any JSON value,
as the reader checks their types itself; a list of another shape (an item or a ``change`` that is not
an object, a number msgspec cannot hold) is None here, and the reader reads the member as before.

Imported only for a document whose members are built when read (a megabyte or more), which has
loaded msgspec already.
"""
from __future__ import annotations

from typing import Any

import msgspec

from trail_lint.load.json_members import build

_NULL = msgspec.Raw(b"null")


class _Body(msgspec.Struct):
    actions: Any = None
    before: msgspec.Raw = _NULL
    after: Any = None
    after_unknown: Any = None


class _Change(msgspec.Struct):
    # the defaults are those the reader gives an absent member (``change.get("mode", "managed")``)
    address: Any = None
    mode: Any = "managed"
    type: Any = None
    provider_name: Any = ""
    deposed: Any = None
    change: _Body | None = None


_DECODER = msgspec.json.Decoder(list[_Change])
Row = tuple[Any, Any, Any, Any, Any, "tuple[Any, Any, Any, Any] | None"]


def rows(text: Any) -> list[Row] | None:
    """Each change of the JSON text of ``resource_changes`` as (address, mode, type, provider_name,
    deposed, (actions, before, after, after_unknown) or None without ``change``), ``before`` None
    when it is null, else its JSON text (``before_value`` builds it), copied: a ``Raw`` would hold
    the whole file's text while the reader works (the peak of a run's memory); None for a member the
    reader must build as it is."""
    try:
        changes = _DECODER.decode(text)
    except (msgspec.DecodeError, RecursionError):   # ValidationError is a DecodeError
        return None
    return [(change.address, change.mode, change.type, change.provider_name, change.deposed,
             None if (body := change.change) is None else
             (body.actions, None if body.before == _NULL else bytes(body.before), body.after, body.after_unknown))
            for change in changes]


def before_value(text: bytes) -> Any:
    """The value of a change's ``before``, as ``json.loads`` gives it."""
    return build(text)
