"""A record behaves as the frozen dataclass it stands for.

Random class declarations (fields with and without defaults and factories, ``field()`` options,
``order``, ``slots``, ``__post_init__``) are declared twice, once with ``@record`` and once with
``@dataclass(frozen=True)``, and every observable behaviour is compared: construction and its
errors, values, equality, hash, order, repr, the frozen guards, ``replace``, ``fields``, copies.
"""
from __future__ import annotations

import copy
import dataclasses
from dataclasses import FrozenInstanceError, InitVar, dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.records import record, replace

VALUES = st.one_of(st.integers(-3, 3), st.sampled_from(["", "a", "b"]), st.tuples(st.integers(0, 2)))


@st.composite
def declarations(draw: st.DrawFn) -> dict[str, Any]:
    """A class's fields: (name, kind, options), kind one of required / default / factory / derived."""
    count = draw(st.integers(0, 5))
    fields = []
    defaulted = False
    for index in range(count):
        kinds = ["default", "factory", "derived"] if defaulted else ["required", "default", "factory", "derived"]
        kind = draw(st.sampled_from(kinds))
        defaulted = defaulted or kind in ("default", "factory")
        options = {"compare": draw(st.booleans()), "repr": draw(st.booleans()),
                   "hash": draw(st.sampled_from([None, None, True, False]))}
        fields.append((f"f{index}", kind, draw(VALUES), options))
    return {"fields": fields, "order": draw(st.booleans()), "slots": draw(st.booleans()),
            "post_init": draw(st.booleans())}


def declare(spec: dict[str, Any], as_record: bool) -> type:
    namespace: dict[str, Any] = {"__annotations__": {}}
    for name, kind, value, options in spec["fields"]:
        namespace["__annotations__"][name] = "object"
        if kind == "default":
            namespace[name] = field(default=value, **options)
        elif kind == "factory":
            namespace[name] = field(default_factory=lambda value=value: (value,), **options)
        elif kind == "derived":
            namespace[name] = field(init=False, default=value, **options)
        else:
            namespace[name] = field(**options)
    if spec["post_init"]:
        def __post_init__(self: Any) -> None:
            if spec["fields"] and spec["fields"][-1][1] == "derived":
                object.__setattr__(self, spec["fields"][-1][0], ("post", getattr(self, spec["fields"][0][0])))
        namespace["__post_init__"] = __post_init__
    made = type("Declared", (), namespace)
    if as_record:
        return record(slots=spec["slots"], order=spec["order"])(made)
    return dataclass(frozen=True, slots=spec["slots"], order=spec["order"])(made)


def outcome(call: Any) -> Any:
    try:
        return ("value", call())
    except (TypeError, FrozenInstanceError, AttributeError) as error:
        return ("error", type(error).__name__)


def replacing(item: Any, name: str) -> tuple[str, str]:
    """What records.replace says of a name that is not an init field (for a dataclass: dataclasses.replace)."""
    try:
        replace(item, **{name: 1})
    except (TypeError, ValueError) as error:
        return ("error", f"{type(error).__name__}: {error}")
    return ("value", "")


def state(item: Any) -> tuple[Any, ...]:
    return tuple((f.name, repr(getattr(item, f.name, "<unset>"))) for f in dataclasses.fields(item))


@settings(max_examples=300, deadline=None)
@given(declarations(), st.lists(VALUES, max_size=6), st.lists(VALUES, max_size=6), st.data())
def test_a_record_behaves_as_the_frozen_dataclass(spec: dict[str, Any], first: list[Any], second: list[Any],
                                                  data: st.DataObject) -> None:
    ours, theirs = declare(spec, as_record=True), declare(spec, as_record=False)
    assert [(f.name, f.init, f.repr, f.compare, f.hash) for f in dataclasses.fields(ours)] == \
        [(f.name, f.init, f.repr, f.compare, f.hash) for f in dataclasses.fields(theirs)]
    assert ours.__match_args__ == theirs.__match_args__
    assert ("__dict__" in dir(ours)) == ("__dict__" in dir(theirs))
    # each lambda is called at once, inside its own iteration
    built = [outcome(lambda: cls(*args)) for cls in (ours, theirs) for args in (first, second)]  # noqa: B023
    assert [kind for kind, _ in built] == [built[2][0], built[3][0], built[2][0], built[3][0]]
    if built[0][0] == "error" or built[1][0] == "error":
        return
    a, b, c, d = (value for _, value in built)
    assert state(a) == state(c) and state(b) == state(d)
    assert repr(a) == repr(c) and repr(b) == repr(d)
    assert (a == b) == (c == d) and (a != b) == (c != d) and a == copy.copy(a) and a == copy.deepcopy(a)
    assert (a == c) is False and a.__eq__(c) is NotImplemented
    assert hash(a) == hash(c) and hash(b) == hash(d)
    if spec["order"]:
        assert [outcome(lambda: a < b), outcome(lambda: a <= b), outcome(lambda: a > b), outcome(lambda: a >= b)] \
            == [outcome(lambda: c < d), outcome(lambda: c <= d), outcome(lambda: c > d), outcome(lambda: c >= d)]
    else:
        assert outcome(lambda: a < b) == outcome(lambda: c < d)
    for name in [f.name for f in dataclasses.fields(a)]:
        assert outcome(lambda: setattr(a, name, 1)) == outcome(lambda: setattr(c, name, 1))  # noqa: B023
        assert outcome(lambda: delattr(a, name)) == outcome(lambda: delattr(c, name))  # noqa: B023
    # Any other name is refused as well (a slotted dataclass of Python 3.11 raises TypeError there, from
    # super() of the class it replaced, where it means to raise FrozenInstanceError as without slots).
    assert outcome(lambda: setattr(a, "other", 1)) == outcome(lambda: delattr(a, "other")) == \
        ("error", "FrozenInstanceError")
    changes = {f.name: data.draw(VALUES) for f in dataclasses.fields(a) if f.init and data.draw(st.booleans())}
    assert state(dataclasses.replace(a, **changes)) == state(dataclasses.replace(c, **changes))
    assert state(replace(a, **changes)) == state(dataclasses.replace(c, **changes))
    assert type(replace(a, **changes)) is ours and replace(a, **changes) == dataclasses.replace(a, **changes)
    for name in ["unknown", *(f.name for f in dataclasses.fields(a) if not f.init)]:
        assert replacing(a, name) == replacing(c, name) and replacing(a, name)[0] == "error"
    assert dataclasses.is_dataclass(a) and dataclasses.asdict(a) == dataclasses.asdict(c)


def test_a_record_refuses_what_it_would_otherwise_overwrite_or_ignore() -> None:
    with pytest.raises(TypeError, match="defines __eq__"):
        @record
        class Compares:
            name: str

            def __eq__(self, other: object) -> bool:
                return True

    with pytest.raises(TypeError, match="InitVar"):
        @record
        class Initialised:
            name: InitVar[str]


def test_a_record_keeps_its_own_hash_and_docstring() -> None:
    @record
    class Hashed:
        """Hashed by its name only."""

        name: str
        size: int

        def __hash__(self) -> int:
            return hash(self.name)

    assert hash(Hashed("a", 1)) == hash("a") and Hashed.__doc__ == "Hashed by its name only."
