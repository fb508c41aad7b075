"""Frozen value types: ``@record`` declares one, as ``@dataclass(frozen=True, slots=True)`` would.

A record has the dataclass's fields (``dataclasses.field`` options, ``fields()``, ``replace()``,
``is_dataclass``), and the same ``__init__``, equality, hash, order, repr and frozen guards. What
differs is the cost of declaring the class. On Python 3.11 the dataclass decorator compiles six
functions for every frozen class, and declaring the 130-odd classes a one-file run imports was more
than half of that run. A record asks the dataclass machinery only for what compiles nothing (fields,
slots, ``__match_args__``); repr, order and the frozen guards are shared functions over the class's
field names; ``__init__`` (whose speed is the speed of building the model), ``__eq__`` and ``__hash__``
are compiled from the source the dataclass would write when the class first uses them, ``__init__``
setting each slot through its descriptor, which is faster than ``object.__setattr__``.
``replace`` is ``dataclasses.replace``, a record's copy made from its values read at once (the
dataclass one looks every field up by name and passes it by keyword, which dominated copying a trail).

Refused when declared: ``InitVar`` and keyword-only fields (not supported), and a class body that
defines a method the record makes (a frozen dataclass refuses some of them too). A class body may
define its own ``__hash__``, which is kept. A record inherits only from records and plain classes.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field
from operator import attrgetter
from reprlib import recursive_repr
from types import MemberDescriptorType
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

if TYPE_CHECKING:
    from typing import dataclass_transform
else:   # typing has it from Python 3.11; type checkers are all that read it
    def dataclass_transform(**_: object) -> Callable[[_T], _T]:
        return lambda declared: declared

_T = TypeVar("_T")

# The methods a record makes, which its class body must not define itself.
_MADE = ("__init__", "__repr__", "__eq__", "__setattr__", "__delattr__", "__getstate__", "__setstate__")
_ORDERED = ("__lt__", "__le__", "__gt__", "__ge__")


@overload
def record(cls: type[_T], /) -> type[_T]: ...


@overload
def record(*, slots: bool = True, order: bool = False) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(cls: type[_T] | None = None, /, *, slots: bool = True,
           order: bool = False) -> type[_T] | Callable[[type[_T]], type[_T]]:
    """The class as a frozen value type (see the module's docstring)."""
    def declare(cls: type[_T]) -> type[_T]:
        return _declare(cls, slots, order)
    return declare if cls is None else declare(cls)


def _declare(cls: type[_T], slots: bool, order: bool) -> type[_T]:
    body = cls.__dict__
    for name in _MADE + (_ORDERED if order else ()):
        if name in body:
            raise TypeError(f"record {cls.__qualname__} defines {name}, which @record makes")
    explicit_hash = body.get("__hash__", MISSING) not in (MISSING, None)
    undocumented = body.get("__doc__") is None
    if undocumented:
        cls.__doc__ = cls.__qualname__       # spares the dataclass machinery computing a signature for it
    made: Any = dataclass(cls, init=False, repr=False, eq=False, frozen=False, slots=slots)
    every = made.__dataclass_fields__.values()
    initvar = getattr(dataclasses, "_FIELD_INITVAR", None)   # how the dataclass machinery marks an InitVar
    if any(item._field_type is initvar or item.kw_only is True for item in every):
        raise TypeError(f"record {cls.__qualname__}: InitVar and keyword-only fields are not supported")
    fields = dataclasses.fields(made)
    names = frozenset(item.name for item in fields)
    compared = [item.name for item in fields if item.compare]
    hashed = [item.name for item in fields if (item.compare if item.hash is None else item.hash)]
    shown = tuple(item.name for item in fields if item.repr)

    def __init__(self: Any, *args: object, **kwargs: object) -> None:
        made.__init__ = _init(made, fields)
        made.__init__(self, *args, **kwargs)

    def __eq__(self: Any, other: object) -> Any:
        made.__eq__ = _compiled(made, "__eq__", "self, other", "if other.__class__ is self.__class__:\n"
                                f"    return {_tuple('self', compared)} == {_tuple('other', compared)}\n"
                                "  return NotImplemented")
        return made.__eq__(self, other)

    def __hash__(self: Any) -> int:
        made.__hash__ = _compiled(made, "__hash__", "self", f"return hash({_tuple('self', hashed)})")
        return cast(int, made.__hash__(self))

    @recursive_repr()
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    def __setattr__(self: Any, name: str, value: object) -> None:
        if type(self) is made or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(made, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is made or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(made, self).__delattr__(name)

    methods: dict[str, Any] = {"__init__": __init__, "__repr__": __repr__, "__eq__": __eq__,
                               "__setattr__": __setattr__, "__delattr__": __delattr__}
    if not explicit_hash:
        methods["__hash__"] = __hash__
    if slots:
        methods["__getstate__"] = _getstate
        methods["__setstate__"] = _setstate
    if order:
        methods.update(_order(_values(compared)))
    for name, method in methods.items():
        if name not in ("__getstate__", "__setstate__"):       # those two are shared by every record
            method.__qualname__ = f"{made.__qualname__}.{name}"
        setattr(made, name, method)
    if undocumented:
        made.__doc__ = None
    _RECORDS.add(made)
    return cast("type[_T]", made)


# The records declared, and for each one copied by ``replace``: its init fields' values read at once,
# and each field's place among them (__init__'s parameters, in order).
_RECORDS: set[type] = set()
_READERS: dict[type, tuple[Callable[[Any], tuple[object, ...]], dict[str, int]]] = {}


def replace(item: _T, /, **changes: Any) -> _T:
    """``dataclasses.replace(item, **changes)``: the same copy, the same errors."""
    cls = item.__class__
    reader = _READERS.get(cls)
    if reader is None:
        if cls not in _RECORDS:     # a dataclass, or a plain subclass of a record
            return dataclasses.replace(item, **changes)  # type: ignore[type-var]  # item is a dataclass here
        names = [each.name for each in dataclasses.fields(cast(Any, cls)) if each.init]
        reader = _READERS[cls] = (_values(names), {name: place for place, name in enumerate(names)})
    values, places = reader
    found = list(values(item))
    for name, value in changes.items():
        place = places.get(name)
        if place is None:       # not an init field: the error dataclasses.replace raises
            return dataclasses.replace(item, **changes)  # type: ignore[type-var]  # a record is a dataclass
        found[place] = value
    return cast(_T, cls(*found))


def _values(names: list[str]) -> Callable[[object], tuple[object, ...]]:
    """A function giving an object's values of ``names`` as one tuple (for one name too)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda item: (one(item),)
    return lambda item: ()


def _tuple(name: str, fields: list[str]) -> str:
    """The source of a tuple of ``name``'s values of ``fields``, as the dataclass writes it."""
    return "(" + "".join(f"{name}.{field},"for field in fields) + ")"


def _compiled(cls: type, name: str, parameters: str, body: str,
              scope: dict[str, object] | None = None) -> Callable[..., Any]:
    """The method ``name`` of ``cls`` compiled from its parameters and body."""
    namespace: dict[str, Any] = {}
    exec(f"def {name}({parameters}):\n  {body}", scope or {}, namespace)  # noqa: S102 - built from field names
    made: Callable[..., Any] = namespace[name]
    made.__qualname__ = f"{cls.__qualname__}.{name}"
    return made


def _order(key: Callable[[object], tuple[object, ...]]) -> dict[str, Callable[[Any, object], Any]]:
    def __lt__(self: Any, other: object) -> Any:
        return key(self) < key(other) if other.__class__ is self.__class__ else NotImplemented

    def __le__(self: Any, other: object) -> Any:
        return key(self) <= key(other) if other.__class__ is self.__class__ else NotImplemented

    def __gt__(self: Any, other: object) -> Any:
        return key(self) > key(other) if other.__class__ is self.__class__ else NotImplemented

    def __ge__(self: Any, other: object) -> Any:
        return key(self) >= key(other) if other.__class__ is self.__class__ else NotImplemented

    return {"__lt__": __lt__, "__le__": __le__, "__gt__": __gt__, "__ge__": __ge__}


def _getstate(self: Any) -> list[object]:
    return [getattr(self, item.name) for item in dataclasses.fields(self)]


def _setstate(self: Any, state: list[object]) -> None:
    for item, value in zip(dataclasses.fields(self), state):
        object.__setattr__(self, item.name, value)


def _init(cls: type, fields: tuple[Field[Any], ...]) -> Callable[..., None]:
    """``cls.__init__``, compiled from the source a frozen dataclass writes for the same fields (a slot
    is set through its descriptor, which is what ``object.__setattr__`` finds, in half the time)."""
    scope: dict[str, object] = {"__object_setattr": object.__setattr__, "__factory_sentinel": _FACTORY}
    parameters = ["self"]
    lines = []
    for item in fields:
        name = item.name
        if item.default_factory is not MISSING:
            scope[f"__factory_{name}"] = item.default_factory
            if item.init:
                parameters.append(f"{name}=__factory_sentinel")
                value = f"__factory_{name}() if {name} is __factory_sentinel else {name}"
            else:
                value = f"__factory_{name}()"
        elif item.init:
            if item.default is not MISSING:
                scope[f"__default_{name}"] = item.default
                parameters.append(f"{name}=__default_{name}")
            else:
                parameters.append(name)
            value = name
        elif item.default is not MISSING:
            scope[f"__default_{name}"] = item.default
            value = f"__default_{name}"
        else:
            continue
        slot = getattr(cls, name, None)
        if isinstance(slot, MemberDescriptorType):     # a slot: set through it, past the frozen guard
            scope[f"__set_{name}"] = slot.__set__
            lines.append(f"__set_{name}(self, {value})")
        else:
            lines.append(f"__object_setattr(self, {name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        lines.append("self.__post_init__()")
    return _compiled(cls, "__init__", ", ".join(parameters), "\n  ".join(lines or ["pass"]), scope)


class _FactorySentinel:
    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _FactorySentinel()
