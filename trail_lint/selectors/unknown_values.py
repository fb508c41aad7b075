"""Event selectors holding values not known offline: what a trail's data events certainly are and what
they may be whatever those values are (``scopes_despite_unknowns``), and where such a value is
written (``unknown_at``)."""
from __future__ import annotations

from trail_lint.model import (
    FIELD_OPERATORS,
    UNKNOWN,
    AdvancedSelector,
    At,
    DataScope,
    EventSelector,
    FieldSelector,
    Origin,
    Trail,
    Unknown,
)
from trail_lint.records import replace
from trail_lint.selectors.compare import UNSURE, loosened
from trail_lint.selectors.recording import (
    NETWORK_ACTIVITY,
    advanced_data,
    basic_data,
    conditions_of,
    known_values,
    listed,
    selector_kind,
)


def scopes_despite_unknowns(trail: Trail) -> tuple[DataScope, ...] | Unknown:
    """The data events of a trail whose advanced selectors hold values not known offline (in
    resources.ARN, eventName, readOnly or another filter), which ``recording`` leaves UNKNOWN: each
    scope what the selector records whatever those values are, with where they are written and what
    it may record (``DataScope.unknown``, ``wider``). UNKNOWN when more is not known: the selectors,
    a field's name, a whole operator list, the event category or the resource type."""
    if selector_kind(trail) != "advanced" or not isinstance(trail.advanced_selectors, tuple):
        return UNKNOWN
    scopes: list[DataScope] = []
    for selector in trail.advanced_selectors:
        scope = _despite(selector)
        if scope is UNKNOWN:
            return UNKNOWN
        if isinstance(scope, DataScope):
            scopes.append(scope)
    return tuple(scopes)


def written_scopes(trail: Trail) -> tuple[DataScope, ...]:
    """The data events a trail records at least, where the selectors of its one kind are not all known
    (``Trail.known_event_selectors``, a block beside a ``dynamic`` one): a trail's selectors add up
    (API ``PutEventSelectors``: an event is recorded when any selector matches it; the field selectors
    of one selector narrow only that selector), so what each written selector certainly records is
    recorded whatever the others are, and the unknown part can only add to it. A written selector
    whose own scope is not known offline adds nothing certain. () when no kind is partly known."""
    kind = selector_kind(trail)
    if kind == "advanced" and trail.advanced_selectors is UNKNOWN:
        return tuple(scope for selector in trail.known_advanced_selectors
                     if isinstance(scope := _despite(selector), DataScope))
    if kind == "basic" and trail.event_selectors is UNKNOWN:
        return tuple(scope for selector in trail.known_event_selectors
                     if isinstance(found := basic_data(selector), list) for scope in found)
    return ()


def recorded_at_least(trail: Trail) -> tuple[DataScope, ...]:
    """The data events a trail whose data events are not known offline certainly records: what its
    selectors record whatever their values not known are (``scopes_despite_unknowns``), else what its
    selectors written beside others not known record (``written_scopes``); maybe nothing."""
    found = scopes_despite_unknowns(trail)
    return found if isinstance(found, tuple) else written_scopes(trail)


def _despite(selector: AdvancedSelector) -> DataScope | None | Unknown:
    """What one advanced selector records whatever its values not known offline are (``scopes_despite_unknowns``)."""
    conditions = conditions_of(selector, values=True)
    if conditions is None:
        return UNKNOWN
    fields = selector.fields if isinstance(selector.fields, tuple) else ()     # a tuple: conditions_of read it
    unknown = [(index, field, operator, position) for index, field in enumerate(fields)
               for operator in FIELD_OPERATORS
               for position, value in enumerate(getattr(field, operator)) if value is UNKNOWN]
    if any(field.field in ("eventCategory", "resources.type") for _, field, _, _ in unknown):
        return UNKNOWN
    scope = advanced_data(conditions)
    if unknown and isinstance(scope, DataScope):
        certain = advanced_data(_certain(conditions)) if _certain_some(conditions) else None
        wider = advanced_data(_wider(conditions))
        if not isinstance(wider, DataScope):
            return UNKNOWN
        if not isinstance(certain, DataScope):
            certain = DataScope(scope.type, UNKNOWN, UNKNOWN, prefixes=())     # nothing is certain
        at = tuple(value_at(selector, index, operator, position) for index, _, operator, position in unknown)
        scope = replace(certain, unknown=at, wider=loosened(wider) or wider)
    return scope


def value_at(selector: AdvancedSelector, index: int, operator: str, position: int) -> At:
    """Where the value at ``position`` of an operator of the selector's field selector ``index`` is written."""
    if selector.origin is None:
        return At("")
    fields = selector.origin.of("fields")
    key = selector.origin.keys.get(operator, operator)
    return At(fields.file, fields.path + (index, *(key if isinstance(key, tuple) else (key,)), position))


def _as(values: tuple[str | Unknown, ...] | Unknown, unknown: str) -> tuple[str, ...]:
    return tuple(v if isinstance(v, str) else unknown for v in values) if isinstance(values, tuple) else ()


def _certain_some(conditions: dict[str, FieldSelector]) -> bool:
    """Whether a selector certainly records some events whatever its unknown values are: not when
    all the values of resources.ARN Equals and StartsWith (of eventSource Equals, for network activity
    events), or of eventName Equals, are unknown (each may name a resource or event of no other trail)."""
    arn, name = conditions.get("resources.ARN"), conditions.get("eventName")
    positive = (*listed(arn.equals), *listed(arn.starts_with)) if arn is not None else ()
    if (source := conditions.get("eventSource")) is not None and NETWORK_ACTIVITY in listed(
            conditions["eventCategory"].equals if "eventCategory" in conditions else ()):
        positive += listed(source.equals)       # network activity events of these sources only
    named = listed(name.equals) if name is not None else ()
    return not (UNKNOWN in positive and not known_values(positive)) and not (UNKNOWN in named and not known_values(named))


def _certain(conditions: dict[str, FieldSelector]) -> dict[str, FieldSelector]:
    """The field selectors as they certainly filter, an unknown value taken as what narrows most
    (``_certain_some`` first tells a selector that certainly records nothing): an Equals or StartsWith
    value names nothing more, a NotStartsWith value leaves out every ARN (it may be any prefix), a
    NotEquals or NotEndsWith value may leave out any one ARN (``UNSURE``), an EndsWith value keeps
    the filter (not compared), a readOnly value makes
    both directions uncertain, and a value of any other filter leaves it a filter, compared by no one."""
    found = {}
    for name, field in conditions.items():
        if name == "resources.ARN":
            field = replace(field, equals=known_values(field.equals), starts_with=known_values(field.starts_with),
                            ends_with=_as(field.ends_with, UNSURE), not_starts_with=_as(field.not_starts_with, ""),
                            not_equals=_as(field.not_equals, UNSURE), not_ends_with=_as(field.not_ends_with, UNSURE))
        elif name == "readOnly":
            field = replace(field, equals=_as(field.equals, "?"))
        else:
            field = replace(field, **{operator: known_values(getattr(field, operator)) for operator in FIELD_OPERATORS})
        found[name] = field
    return found


def _wider(conditions: dict[str, FieldSelector]) -> dict[str, FieldSelector]:
    """The field selectors as they may filter at most, an unknown value letting every event through:
    an eventName, eventSource or readOnly condition holding one is dropped, so is resources.ARN Equals and StartsWith
    (EndsWith) holding one, and an unknown excluded value excludes nothing."""
    found = {}
    for name, field in conditions.items():
        unknown = {operator for operator in FIELD_OPERATORS if UNKNOWN in getattr(field, operator)}
        if name in ("eventName", "readOnly", "eventSource") and unknown:
            continue
        if name == "resources.ARN" and unknown & {"equals", "starts_with"}:
            field = replace(field, equals=(), starts_with=("",))
        if name == "resources.ARN" and "ends_with" in unknown:
            field = replace(field, ends_with=())
        found[name] = replace(field, **{operator: known_values(getattr(field, operator)) for operator in FIELD_OPERATORS})
    return found


def unknown_at(trail: Trail) -> At | None:
    """Where the first value of a trail's event selectors that is not known offline is written: its
    selectors, a selector's field, a field's name, an operator list or one of its values; None when
    every value is known (what is not known then is a value the API rejects)."""
    for name in ("advanced_selectors", "event_selectors"):
        if getattr(trail, name) is UNKNOWN:
            return trail.origin.of(name)
    for basic in trail.event_selectors if isinstance(trail.event_selectors, tuple) else ():
        if basic.origin is not None and (at := _basic_unknown_at(basic, basic.origin)) is not None:
            return at
    for selector in trail.advanced_selectors if isinstance(trail.advanced_selectors, tuple) else ():
        if selector.origin is None:
            continue
        if not isinstance(selector.fields, tuple):
            return selector.origin.of("fields")
        for index, field in enumerate(selector.fields):
            if field.field is UNKNOWN:
                at = value_at(selector, index, "field", -1)
                return At(at.file, at.path[:-1])
            for operator in FIELD_OPERATORS:
                values = getattr(field, operator)
                if not isinstance(values, tuple):
                    at = value_at(selector, index, operator, -1)
                    return At(at.file, at.path[:-1])
                if UNKNOWN in values:
                    return value_at(selector, index, operator, values.index(UNKNOWN))
    return None


def _basic_unknown_at(selector: EventSelector, origin: Origin) -> At | None:
    for name in ("read_write", "management", "exclude_management_sources", "data_resources"):
        value = getattr(selector, name)
        if value is UNKNOWN or (isinstance(value, tuple) and UNKNOWN in value):
            return origin.of(name)
    for index, resource in enumerate(selector.data_resources if isinstance(selector.data_resources, tuple) else ()):
        at = origin.of("data_resources")
        if resource.type is UNKNOWN or not isinstance(resource.values, tuple):
            return At(at.file, (*at.path, index))
        if UNKNOWN in resource.values:
            # the value itself, where a reader reports it with its cause (a variable without a value)
            key = origin.keys.get("values", "values")
            return At(at.file, (*at.path, index, *(key if isinstance(key, tuple) else (key,)),
                                resource.values.index(UNKNOWN)))
    return None
