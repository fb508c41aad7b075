"""What a trail records, read from its event selectors (where it records is trail_lint.scope).

Semantics (API `PutEventSelectors`, `EventSelector`, `AdvancedFieldSelector`; cloudtrail-facts.md §2):
no selectors at all means every read and write management event and no data events; basic
and advanced selectors exclude each other; several selectors add up (a union). Every answer
is three-valued: True, False or UNKNOWN when a value the answer depends on is not known.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache

from trail_lint.model import (
    FIELD_OPERATORS,
    UNKNOWN,
    AdvancedSelector,
    At,
    Coverage,
    DataScope,
    EventSelector,
    FieldSelector,
    InputKind,
    Inventory,
    Origin,
    Problem,
    Recorded,
    Trail,
    Tri,
    Unknown,
    all_of,
    any_of,
)
from trail_lint.problems import conditional, delivers, trail_problem
from trail_lint.records import record, replace
from trail_lint.scope import Regional, placement, regions_of

# Event sources a management selector may leave out (API `ExcludeManagementEventSources`).
EXCLUDABLE_SOURCES = ("kms.amazonaws.com", "rdsdata.amazonaws.com")
# Basic data resource values that mean "every resource of the type" (API `DataResource.Values`).
WHOLE_TYPE = {"arn:aws:s3", "arn:aws:s3:::", "arn:aws:lambda", "arn:aws:dynamodb"}


@record
class FieldValues:
    """The documented values of advanced field selectors (trail_lint/data/selector-values.json)."""

    categories: frozenset[str]            # eventCategory values a trail accepts
    store_categories: frozenset[str]      # eventCategory values only event data stores accept
    read_only: frozenset[str]
    resource_types: frozenset[str]        # resources.type values
    retrieved: str


@cache
def field_values() -> FieldValues:
    from trail_lint.resources import data_path, load_json_resource

    data = load_json_resource(data_path("selector-values.json"))
    return FieldValues(frozenset(data["event_categories"]["trails"]),
                       frozenset(data["event_categories"]["event_data_stores_only"]),
                       frozenset(data["read_only"]), frozenset(data["resource_types"]), data["source"]["retrieved"])


NO_MANAGEMENT = Coverage(False, False)
ALL_MANAGEMENT = Coverage(True, True)
UNKNOWN_MANAGEMENT = Coverage(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN)


# selector_kind by (any basic selectors, any advanced selectors)
_KINDS = (("none", "advanced"), ("basic", "both"))


def selector_kind(trail: Trail) -> str | Unknown:
    """'none', 'basic', 'advanced', 'both' (rejected by the API) or UNKNOWN."""
    basic, advanced = trail.event_selectors, trail.advanced_selectors
    if isinstance(basic, tuple) and isinstance(advanced, tuple):
        return _KINDS[bool(basic)][bool(advanced)]
    if (isinstance(basic, tuple) and basic) or (isinstance(advanced, tuple) and advanced):
        return "both" if basic is not UNKNOWN and advanced is not UNKNOWN else UNKNOWN
    return UNKNOWN


def management_events(trail: Trail) -> Coverage:
    return _management_events(trail, selector_kind(trail))


def _management_events(trail: Trail, kind: str | Unknown) -> Coverage:
    if kind == "none":
        return ALL_MANAGEMENT
    if kind == "basic":
        return _union([_basic_management(s) for s in trail.event_selectors])  # type: ignore[union-attr]
    if kind == "advanced":
        return _union([_advanced_management(_conditions(s, values=True)) for s in trail.advanced_selectors])  # type: ignore[union-attr]
    return UNKNOWN_MANAGEMENT


def recording(trail: Trail) -> Recorded:
    """What a trail records; the inventory holds it for every live trail (see `recorded`)."""
    kind, advanced = selector_kind(trail), trail.advanced_selectors
    if kind == "advanced" and isinstance(advanced, tuple):
        # each selector's field selectors read once, for the management and the data events it records
        conditions = [_conditions(s, values=True) for s in advanced]
        return Recorded(kind, _union([_advanced_management(c) for c in conditions]),
                        _advanced_scopes([c if c is not None and _all_known(c) else None for c in conditions]))
    return Recorded(kind, _management_events(trail, kind), _data_events(trail, kind))


def recorded(inventory: Inventory, trail: Trail) -> Recorded:
    """What a trail of the inventory records, computed once when the inventory was built."""
    found = inventory.recorded.get(id(trail))
    return found if found is not None else recording(trail)


def delivers_management(inventory: Inventory, trail: Trail) -> bool:
    """Whether the trail is a copy of management events (TL501 counts them): it logs, or may,
    and it certainly records management events."""
    return trail.logging in (True, None) and recorded(inventory, trail).management.records is True


def management_copies(inventory: Inventory, account: str | None) -> Regional:
    """The trails that record the account and deliver management events (``delivers_management``),
    by the Regions they record: TL501's copies, and the organization summary's."""
    return Regional.of(t for t in placement(inventory).certain(account) if delivers_management(inventory, t))


def selectors_not_given(trail: Trail) -> bool:
    """describe-trails says the trail has custom event selectors (HasCustomEventSelectors) and no
    get-event-selectors output of it is among the inputs: what it records is not known."""
    return trail.origin.kind is InputKind.AWS_CLI and trail.event_selectors is UNKNOWN \
        and trail.advanced_selectors is UNKNOWN


def may_deliver_unread(trail: Trail) -> bool:
    """A trail that may be a copy of any events (it is not known to be stopped) whose selectors
    are not given (``selectors_not_given``): the rules counting copies cannot decide on it."""
    return delivers(trail) is not False and selectors_not_given(trail)


def selectors_unread(trail: Trail) -> Problem:
    """The TL002 of every rule that needs what such a trail records: one message and place per
    trail, so the engine reports it once, naming the rules it blocked."""
    problem = trail_problem(trail, f"what trail {trail.label!r} records is not known: describe-trails says it has "
                                   "custom event selectors and its get-event-selectors output is not in the inputs",
                            trail.origin.of("event_selectors"), subject=f"selectors-not-given:{trail.origin.resource}")
    return replace(problem, undecided=True)


def undecided_gap(covering: Sequence[Trail]) -> list[Trail]:
    """Of the trails that may close a gap (a Region without management events, without global
    service events, without S3 object events), those whose selectors are not given, when every
    other one is conditional: the gap is then undecided on them (``selectors_unread`` each);
    [] when the gap can be decided."""
    unread = [t for t in covering if selectors_not_given(t)]
    return unread if unread and all(conditional(t) or selectors_not_given(t) for t in covering) else []


def insights_unread(trail: Trail) -> Problem | None:
    """TL002 for a trail that describe-trails says has Insights selectors (HasInsightSelectors) and
    whose get-insight-selectors output is not among the inputs; None when they are known."""
    if trail.origin.kind is not InputKind.AWS_CLI or trail.insights is not UNKNOWN:
        return None
    problem = trail_problem(trail, f"which Insights trail {trail.label!r} has is not known: describe-trails says it "
                                   "has Insights selectors and its get-insight-selectors output is not in the inputs",
                            trail.origin.of("insights"), subject=f"insights-not-given:{trail.origin.resource}")
    return replace(problem, undecided=True)


def unread_beside(inventory: Inventory, account: str | None, copies: Iterable[Trail]) -> Iterator[Problem]:
    """``selectors_unread`` of the account's trails whose selectors are not given (``may_deliver_unread``)
    that share a Region with one of ``copies`` or with each other: each may be one more copy."""
    unread = [t for t in placement(inventory).certain(account) if may_deliver_unread(t)]
    yield from map(selectors_unread, _beside(inventory, account, copies, unread))


def unknown_beside(inventory: Inventory, account: str | None, copies: Iterable[Trail]) -> Iterator[Problem]:
    """``selectors_unknown`` of the account's trails that may deliver and of which whether they record
    management events is not known because of a value not known offline (``records_unknown``), that
    share a Region with one of ``copies`` or with each other: each may be one more copy."""
    unknown = [t for t in placement(inventory).certain(account) if delivers(t) is not False
               and (found := recorded(inventory, t)).management.records is UNKNOWN and records_unknown(t, found.kind)]
    yield from map(selectors_unknown, _beside(inventory, account, copies, unknown))


def _beside(inventory: Inventory, account: str | None, copies: Iterable[Trail], pending: list[Trail]) -> list[Trail]:
    """Those of ``pending`` that share a Region with one of ``copies`` or with each other."""
    if not pending:
        return []
    both = Regional.of([*copies, *pending])
    ids = {id(t) for t in pending}
    blocked: dict[int, Trail] = {}
    for region in sorted(set(regions_of(inventory, account)) | set(both.homed)):
        trails = both.of_region(region)
        if len(trails) > 1:
            blocked.update((id(t), t) for t in trails if id(t) in ids)
    return list(blocked.values())


def data_events(trail: Trail) -> tuple[DataScope, ...] | Unknown:
    return _data_events(trail, selector_kind(trail))


def _data_events(trail: Trail, kind: str | Unknown) -> tuple[DataScope, ...] | Unknown:
    if kind == "none":
        return ()
    scopes: list[DataScope] = []
    if kind == "basic":
        for selector in trail.event_selectors:  # type: ignore[union-attr]
            found = _basic_data(selector)
            if found is UNKNOWN:
                return UNKNOWN
            scopes.extend(found)  # type: ignore[arg-type]
        return tuple(scopes)
    if kind == "advanced":
        return _advanced_scopes([_conditions(a) for a in trail.advanced_selectors])  # type: ignore[union-attr]
    return UNKNOWN


def _advanced_scopes(selectors: list[dict[str, FieldSelector] | None]) -> tuple[DataScope, ...] | Unknown:
    """The data events of advanced selectors, each given by its field selectors (``_conditions``)."""
    scopes: list[DataScope] = []
    for conditions in selectors:
        scope = _advanced_data(conditions)
        if scope is UNKNOWN:
            return UNKNOWN
        if isinstance(scope, DataScope):
            scopes.append(scope)
    return tuple(scopes)


def _read_write(value: object) -> tuple[Tri, Tri]:
    if value == "All":
        return True, True
    if value == "ReadOnly":
        return True, False
    if value == "WriteOnly":
        return False, True
    return UNKNOWN, UNKNOWN   # unknown, or a value the API rejects (TL210)


def _basic_management(selector: EventSelector) -> Coverage:
    if selector.management is False:
        return NO_MANAGEMENT
    read, write = _read_write(selector.read_write)
    sources = selector.exclude_management_sources
    excluded: frozenset[str] | Unknown = frozenset(s for s in sources if isinstance(s, str)) \
        if isinstance(sources, tuple) and all(isinstance(s, str) for s in sources) else UNKNOWN
    if selector.management is UNKNOWN:
        return Coverage(all_of((read, UNKNOWN)), all_of((write, UNKNOWN)), excluded)
    return Coverage(read, write, excluded)


def _union(parts: list[Coverage]) -> Coverage:
    live = [c for c in parts if c.records is not False]
    if not live:
        return NO_MANAGEMENT
    read, write = any_of(c.read for c in parts), any_of(c.write for c in parts)
    return Coverage(read, write, _excluded(live), *_narrowing(live))


def _excluded(live: list[Coverage]) -> frozenset[str] | Unknown:
    """Sources left out by every selector that records; selectors that may record must agree."""
    sure: list[frozenset[str]] = []
    maybe: list[frozenset[str]] = []
    for c in live:
        if not isinstance(c.excluded, frozenset):
            return UNKNOWN
        (sure if c.records is True else maybe).append(c.excluded)
    if not sure:
        return maybe[0] if all(m == maybe[0] for m in maybe) else UNKNOWN
    base = frozenset.intersection(*sure)
    return base if all(base <= m for m in maybe) else UNKNOWN


def _narrowing(live: list[Coverage]) -> tuple[frozenset[str] | None | Unknown, frozenset[str]]:
    onlys = [c.only for c in live]
    only: frozenset[str] | None | Unknown = UNKNOWN if UNKNOWN in onlys else None if None in onlys \
        else frozenset().union(*(o for o in onlys if isinstance(o, frozenset)))
    return only, frozenset.intersection(*(c.filters for c in live))


def _conditions(selector: AdvancedSelector, values: bool = False) -> dict[str, FieldSelector] | None:
    """Field selectors by field name; None when a field or an operator list is not known, or (unless
    ``values``) one of its values."""
    if not isinstance(selector.fields, tuple):
        return None
    found: dict[str, FieldSelector] = {}
    for field in selector.fields:
        if not isinstance(field.field, str):
            return None
        for operator in FIELD_OPERATORS:
            given = getattr(field, operator)
            if given is UNKNOWN or (not values and UNKNOWN in given):
                return None
        found[field.field] = field
    return found


def _category(conditions: dict[str, FieldSelector]) -> str | None:
    """The selector's event category; None when it is missing or ambiguous (the API rejects both)."""
    category = conditions.get("eventCategory")
    values = _values(category.equals) if category else ()
    return values[0] if len(values) == 1 else None


def _values(values: tuple[str | Unknown, ...] | Unknown) -> tuple[str, ...]:
    """Operator values already checked by _conditions to be known."""
    return tuple(v for v in values if isinstance(v, str)) if isinstance(values, tuple) else ()


def _read_only(conditions: dict[str, FieldSelector]) -> tuple[Tri, Tri]:
    field = conditions.get("readOnly")
    if field is None:
        return True, True
    values = set(_values(field.equals))
    if not values <= {"true", "false"} or not values:
        return UNKNOWN, UNKNOWN
    return "true" in values, "false" in values


def _all_known(conditions: dict[str, FieldSelector]) -> bool:
    """Whether no value of the field selectors is UNKNOWN (``_conditions`` with ``values``)."""
    return not any(UNKNOWN in getattr(field, operator) for field in conditions.values() for operator in FIELD_OPERATORS)


def _advanced_management(conditions: dict[str, FieldSelector] | None) -> Coverage:
    """The management events of an advanced selector, given by its field selectors (``_conditions``,
    values not known offline kept): none when its event category is known not to be Management,
    whatever its other values are; not known when a value it depends on is not known."""
    field = conditions.get("eventCategory") if conditions is not None else None
    if conditions is None or (field is not None and UNKNOWN in _listed(field.equals)):
        return UNKNOWN_MANAGEMENT
    category = _category(conditions)
    if category is None:
        return UNKNOWN_MANAGEMENT
    if category != "Management":
        return NO_MANAGEMENT
    if not _all_known(conditions):
        return UNKNOWN_MANAGEMENT
    read, write = _read_only(conditions)
    excluded: frozenset[str] = frozenset()
    only: frozenset[str] | None = None
    filters = set(conditions) - {"eventCategory", "readOnly", "eventSource"}
    source = conditions.get("eventSource")
    if source is not None:
        excluded = frozenset(_values(source.not_equals))
        only = frozenset(_values(source.equals)) or None
        if source.starts_with or source.ends_with or source.not_starts_with or source.not_ends_with:
            filters.add("eventSource")
    return Coverage(read, write, excluded, only, frozenset(filters))


def _basic_data(selector: EventSelector) -> list[DataScope] | Unknown:
    if not isinstance(selector.data_resources, tuple):
        return UNKNOWN
    read, write = _read_write(selector.read_write)
    scopes = []
    for resource in selector.data_resources:
        if not isinstance(resource.type, str) or not isinstance(resource.values, tuple) \
                or UNKNOWN in resource.values:
            return UNKNOWN
        values: tuple[str, ...] = resource.values  # type: ignore[assignment]
        if not values:
            continue
        if any(v in WHOLE_TYPE for v in values):
            scopes.append(DataScope(resource.type, read, write))
        elif resource.type == "AWS::S3::Object":   # S3 values are bucket/key prefixes
            scopes.append(DataScope(resource.type, read, write, prefixes=values))
        else:                                       # Lambda functions and DynamoDB tables by ARN
            scopes.append(DataScope(resource.type, read, write, prefixes=(), equals=values))
    return scopes


def _advanced_data(conditions: dict[str, FieldSelector] | None) -> DataScope | None | Unknown:
    """The data events of an advanced selector, given by its field selectors (``_conditions``)."""
    category = _category(conditions) if conditions is not None else None
    if conditions is None or category is None:
        return UNKNOWN
    if category != "Data":
        return None
    kinds = _values(conditions["resources.type"].equals) if "resources.type" in conditions else ()
    if len(kinds) != 1:
        return UNKNOWN
    read, write = _read_only(conditions)
    others = set(conditions) - {"eventCategory", "readOnly", "resources.type", "resources.ARN", "eventName"}
    names = _event_names(conditions)
    if "eventName" in conditions and not names:
        others.add("eventName")
    prefixes: tuple[str, ...] = ("",)
    equals: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()
    leaving: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = ((), (), ())
    arn = conditions.get("resources.ARN")
    if arn is not None:
        prefixes, equals = _values(arn.starts_with), _values(arn.equals)
        if not prefixes and not equals:
            prefixes = ("",)
        excluding = arn.not_equals or arn.not_starts_with or arn.not_ends_with
        if arn.ends_with or (excluding and others):
            others.add("resources.ARN")
        elif excluding:
            prefixes, equals, partial = _excluding(prefixes, equals, arn)
            if partial:
                leaving = (_values(arn.not_starts_with), _values(arn.not_equals), _values(arn.not_ends_with))
    if others:
        names = ()
    return DataScope(kinds[0], read, write, prefixes, equals, bool(others or names or partial), names, partial,
                     leaving)


def _excluding(prefixes: tuple[str, ...], equals: tuple[str, ...], arn: FieldSelector
               ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(prefixes, exact ARNs, prefixes in part) left by resources.ARN NotStartsWith, NotEquals and
    NotEndsWith, which exclude the resources they match ("Filtering data events by using advanced
    event selectors"). An ARN is kept or dropped; a prefix is dropped when an excluded prefix starts
    it, kept in part when some ARNs it starts can be excluded (an excluded prefix or ARN that starts
    with it, any excluded ending), kept whole otherwise."""
    starts, exact, ends = _values(arn.not_starts_with), set(_values(arn.not_equals)), _values(arn.not_ends_with)
    if "" in ends:          # every ARN ends with ""
        return (), (), ()
    unsure = UNSURE in exact or UNSURE in ends      # may leave out any one ARN
    kept = tuple(e for e in equals if not unsure and e not in exact and not e.startswith(starts)
                 and not e.endswith(ends))
    whole: list[str] = []
    partial: list[str] = []
    for prefix in prefixes:
        if prefix.startswith(starts):
            continue
        touched = ends or unsure or any(n.startswith(prefix) for n in (*starts, *exact))
        (partial if touched else whole).append(prefix)
    return tuple(whole), kept, tuple(partial)


def _event_names(conditions: dict[str, FieldSelector]) -> tuple[str, ...]:
    """The eventName values of a data selector whose eventName condition is Equals only (the values
    of a field are ORed, its condition ANDed with the selector's others: "Filtering data events by
    using advanced event selectors"); () otherwise."""
    name = conditions.get("eventName")
    if name is None:
        return ()
    if name.starts_with or name.ends_with or name.not_equals or name.not_starts_with or name.not_ends_with:
        return ()
    return tuple(sorted(set(_values(name.equals))))


Names = tuple[str, ...] | None        # the event names a pattern records; None is every one


def channels(scope: DataScope) -> Iterator[tuple[tuple[str, str], str, bool, Names]]:
    """((resource type, "read" or "write"), ARN pattern, exact, event names) of each pattern of a
    scope that is compared with others: the certain directions of a scope that no field other than
    eventName (Equals) filters. Scopes filtered otherwise are left to ``undecided_scope``."""
    if undecided_scope(scope):
        return
    names = scope.names or None
    for direction, certain in (("read", scope.read), ("write", scope.write)):
        if certain is True:
            for prefix in scope.prefixes:
                yield (scope.type, direction), prefix, False, names
            for arn in scope.equals:
                yield (scope.type, direction), arn, True, names
            for prefix in scope.partial:
                yield (scope.type, direction), prefix + IN_PART, True, names


# A prefix recorded in part (``DataScope.partial``) is given by ``channels`` as an exact ARN that no
# ARN can be (no ARN holds NUL), met by the prefixes it starts with, which record all of it: the
# lookups of ``overlap.Groups`` compare it so. The sweep of ``overlap_sweep`` compares it as a
# prefix under its own exclusions, and ends what is shared in part with it.
IN_PART = "\0"


# A value not known offline in resources.ARN NotEquals or NotEndsWith, as ``DataScope.excluding``
# holds it when what is certain is compared: it may leave out any one ARN (any ending of at least
# one character), so a prefix it applies to is recorded in part and no exact ARN is certain. No ARN
# starts or ends with it. (NotStartsWith, NotEquals and NotEndsWith exclude the events they match:
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html)
UNSURE = IN_PART + "unknown"


def undecided_scope(scope: DataScope) -> bool:
    """A scope filtered on fields whose overlap with other scopes cannot be decided offline (eventSource,
    userIdentity.arn, eventName but by Equals, resources.ARN EndsWith, ...): whether another trail
    shares its events depends on the values of events no input shows."""
    return scope.filtered and not scope.names and not scope.partial


def loosened(scope: DataScope) -> DataScope | None:
    """The scope as if the filters it cannot be compared by let every event through: what it may share;
    None when it is compared in full (a prefix in part is compared under its exclusions). A scope
    with values not known offline may record its ``wider`` scope."""
    if scope.wider is not None:
        return scope.wider
    if undecided_scope(scope):
        return replace(scope, prefixes=scope.prefixes + scope.partial, filtered=False, names=(), partial=())
    return None


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
        conditions = _conditions(selector, values=True)
        if conditions is None:
            return UNKNOWN
        fields = selector.fields if isinstance(selector.fields, tuple) else ()     # a tuple: _conditions read it
        unknown = [(index, field, operator, position) for index, field in enumerate(fields)
                   for operator in FIELD_OPERATORS
                   for position, value in enumerate(getattr(field, operator)) if value is UNKNOWN]
        if any(field.field in ("eventCategory", "resources.type") for _, field, _, _ in unknown):
            return UNKNOWN
        scope = _advanced_data(conditions)
        if unknown and isinstance(scope, DataScope):
            certain = _advanced_data(_certain(conditions)) if _certain_some(conditions) else None
            wider = _advanced_data(_wider(conditions))
            if not isinstance(wider, DataScope):
                return UNKNOWN
            if not isinstance(certain, DataScope):
                certain = DataScope(scope.type, UNKNOWN, UNKNOWN, prefixes=())     # nothing is certain
            at = tuple(value_at(selector, index, operator, position) for index, _, operator, position in unknown)
            scope = replace(certain, unknown=at, wider=loosened(wider) or wider)
        if scope is UNKNOWN:
            return UNKNOWN
        if isinstance(scope, DataScope):
            scopes.append(scope)
    return tuple(scopes)


def value_at(selector: AdvancedSelector, index: int, operator: str, position: int) -> At:
    """Where the value at ``position`` of an operator of the selector's field selector ``index`` is written."""
    if selector.origin is None:
        return At("")
    fields = selector.origin.of("fields")
    key = selector.origin.keys.get(operator, operator)
    return At(fields.file, fields.path + (index, *(key if isinstance(key, tuple) else (key,)), position))


def _listed(values: tuple[str | Unknown, ...] | Unknown) -> tuple[str | Unknown, ...]:
    return values if isinstance(values, tuple) else ()


def _known(values: tuple[str | Unknown, ...] | Unknown) -> tuple[str, ...]:
    return tuple(v for v in values if isinstance(v, str)) if isinstance(values, tuple) else ()


def _as(values: tuple[str | Unknown, ...] | Unknown, unknown: str) -> tuple[str, ...]:
    return tuple(v if isinstance(v, str) else unknown for v in values) if isinstance(values, tuple) else ()


def _certain_some(conditions: dict[str, FieldSelector]) -> bool:
    """Whether a selector certainly records some events whatever its unknown values are: not when
    all the values of resources.ARN Equals and StartsWith, or of eventName Equals, are unknown (each
    may name a resource or event of no other trail)."""
    arn, name = conditions.get("resources.ARN"), conditions.get("eventName")
    positive = (*_listed(arn.equals), *_listed(arn.starts_with)) if arn is not None else ()
    named = _listed(name.equals) if name is not None else ()
    return not (UNKNOWN in positive and not _known(positive)) and not (UNKNOWN in named and not _known(named))


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
            field = replace(field, equals=_known(field.equals), starts_with=_known(field.starts_with),
                            ends_with=_as(field.ends_with, UNSURE), not_starts_with=_as(field.not_starts_with, ""),
                            not_equals=_as(field.not_equals, UNSURE), not_ends_with=_as(field.not_ends_with, UNSURE))
        elif name == "readOnly":
            field = replace(field, equals=_as(field.equals, "?"))
        else:
            field = replace(field, **{operator: _known(getattr(field, operator)) for operator in FIELD_OPERATORS})
        found[name] = field
    return found


def _wider(conditions: dict[str, FieldSelector]) -> dict[str, FieldSelector]:
    """The field selectors as they may filter at most, an unknown value letting every event through:
    an eventName or readOnly condition holding one is dropped, so is resources.ARN Equals and StartsWith
    (EndsWith) holding one, and an unknown excluded value excludes nothing."""
    found = {}
    for name, field in conditions.items():
        unknown = {operator for operator in FIELD_OPERATORS if UNKNOWN in getattr(field, operator)}
        if name in ("eventName", "readOnly") and unknown:
            continue
        if name == "resources.ARN" and unknown & {"equals", "starts_with"}:
            field = replace(field, equals=(), starts_with=("",))
        if name == "resources.ARN" and "ends_with" in unknown:
            field = replace(field, ends_with=())
        found[name] = replace(field, **{operator: _known(getattr(field, operator)) for operator in FIELD_OPERATORS})
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
        if resource.type is UNKNOWN or not isinstance(resource.values, tuple) or UNKNOWN in resource.values:
            at = origin.of("data_resources")
            return At(at.file, (*at.path, index))
    return None


def selectors_unknown(trail: Trail) -> Problem:
    """The TL002 of every rule comparing what trails record that a value of this trail's event
    selectors not known offline leaves open: one message and place per trail, so the engine says it
    once, naming the rules it blocked (with the value's cause, where a reader gives one)."""
    at = unknown_at(trail) or trail.origin.of("event_selectors")
    problem = trail_problem(trail, f"what trail {trail.label!r} records is not known: its event selectors hold a "
                                   "value not known offline", at, subject=f"selectors-unknown:{trail.origin.resource}")
    return replace(problem, undecided=True)


def records_unknown(trail: Trail, kind: str | Unknown) -> bool:
    """Whether what a trail records that is not known is so because of a value not known offline
    in a selector (not selectors that describe-trails output leaves out, nor selectors the API
    rejects). Not when a whole kind of selectors is not known: the reader says so (CloudFormation's
    EventSelectors or AdvancedEventSelectors, its Properties, an AWS::Include not read), and its
    TL002 stands for every check that leaves open, naming the rules where it knows the cause."""
    if trail.event_selectors is UNKNOWN or trail.advanced_selectors is UNKNOWN:
        return False
    return kind != "both" and not selectors_not_given(trail) and unknown_at(trail) is not None
