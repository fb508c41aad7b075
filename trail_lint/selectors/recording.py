"""What a trail records, read from its event selectors (where it records is trail_lint.scope).

Semantics (API `PutEventSelectors`, `EventSelector`, `AdvancedFieldSelector`; cloudtrail-facts.md §2):
no selectors at all means every read and write management event and no data events; basic
and advanced selectors exclude each other; several selectors add up (a union). Every answer
is three-valued: True, False or UNKNOWN when a value the answer depends on is not known.

A trail written with both kinds is refused ("You can use either AdvancedEventSelectors or
EventSelectors, but not both":
https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html; TL205).
Where both kinds read alike (of management events, of data events), what the trail records of
them is that, whichever kind is applied; where they do not (``refused``), it is not known, and
TL205 says so for every rule that needs it.
"""
from __future__ import annotations

from collections.abc import Iterable

from trail_lint.model import (
    FIELD_OPERATORS,
    UNKNOWN,
    AdvancedSelector,
    Coverage,
    DataScope,
    EventSelector,
    FieldSelector,
    Inventory,
    Recorded,
    Trail,
    Tri,
    Unknown,
    all_of,
    any_of,
)
from trail_lint.records import replace
from trail_lint.selectors.compare import UNSURE

# Basic data resource values that mean "every resource of the type" (API `DataResource.Values`).
WHOLE_TYPE = {"arn:aws:s3", "arn:aws:s3:::", "arn:aws:lambda", "arn:aws:dynamodb"}
# What every ARN of these types begins with, in the partition WHOLE_TYPE reads (arn:aws:s3:::<bucket>/<key>,
# API_AdvancedFieldSelector): a resources.ARN StartsWith value that is a beginning of it matches every
# resource of the type, as no condition on resources.ARN would.
_ARN_HEADS = {"AWS::S3::Object": "arn:aws:s3:::", "AWS::Lambda::Function": "arn:aws:lambda:",
              "AWS::DynamoDB::Table": "arn:aws:dynamodb:"}

# The DataScope type of network activity events, whose patterns are event sources: they are recorded
# only by advanced selectors (eventCategory NetworkActivity, eventSource required, Equals only), and
# "additional charges apply" for them (the network activity events page): a price per event recorded
# (the Price List's NetworkEventsRecorded), with no free copy, as data events; so two trails
# recording the same ones pay twice (TL504).
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-network-events-with-cloudtrail.html
# https://aws.amazon.com/cloudtrail/pricing/
NETWORK_ACTIVITY = "NetworkActivity"


NO_MANAGEMENT = Coverage(False, False)
ALL_MANAGEMENT = Coverage(True, True)
UNKNOWN_MANAGEMENT = Coverage(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN)


# selector_kind by (any basic selectors, any advanced selectors)
_KINDS = (("none", "advanced"), ("basic", "both"))


def selector_kind(trail: Trail) -> str | Unknown:
    """'none', 'basic', 'advanced', 'both' (rejected by the API) or UNKNOWN. A kind not known offline
    beside selectors of it known to be among them (``Trail.known_event_selectors``) is some of that kind."""
    basic, advanced = trail.event_selectors, trail.advanced_selectors
    if isinstance(basic, tuple) and isinstance(advanced, tuple):
        return _KINDS[bool(basic)][bool(advanced)]
    some_basic = bool(basic) if isinstance(basic, tuple) else bool(trail.known_event_selectors)
    some_advanced = bool(advanced) if isinstance(advanced, tuple) else bool(trail.known_advanced_selectors)
    if some_basic and some_advanced:
        return "both"
    if some_basic and advanced == ():
        return "basic"
    if some_advanced and basic == ():
        return "advanced"
    return UNKNOWN


def known_selectors(trail: Trail) -> tuple[tuple[EventSelector, ...], tuple[AdvancedSelector, ...]]:
    """The basic and the advanced event selectors known to be the trail's: all of a kind where that kind
    is known, else those known to be among them (``Trail.known_event_selectors``), maybe none."""
    basic, advanced = trail.event_selectors, trail.advanced_selectors
    return (basic if isinstance(basic, tuple) else trail.known_event_selectors,
            advanced if isinstance(advanced, tuple) else trail.known_advanced_selectors)


def management_events(trail: Trail) -> Coverage:
    return _management_events(trail, selector_kind(trail))


def _management_events(trail: Trail, kind: str | Unknown) -> Coverage:
    if kind == "both":
        return _alike(trail).management
    if kind == "none":
        return ALL_MANAGEMENT
    if kind == "basic":
        basic = trail.event_selectors
        return _union([_basic_management(s) for s in basic]) if isinstance(basic, tuple) else \
            known_part(_union([_basic_management(s) for s in trail.known_event_selectors]))
    if kind == "advanced":
        advanced = trail.advanced_selectors
        return _advanced_union(advanced) if isinstance(advanced, tuple) else \
            known_part(_advanced_union(trail.known_advanced_selectors))
    return UNKNOWN_MANAGEMENT


def _advanced_union(selectors: tuple[AdvancedSelector, ...]) -> Coverage:
    return _union([_advanced_management(conditions_of(s, values=True)) for s in selectors])


def known_part(known: Coverage) -> Coverage:
    """The management events recorded by selectors known to be among a trail's, where more, not known
    offline, may be beside them: selectors add up, so what the known ones certainly record is
    recorded, and all of it where they record every management event; the rest is not known."""
    if known.full is True:
        return known
    return Coverage(True if known.read is True else UNKNOWN, True if known.write is True else UNKNOWN,
                    UNKNOWN, UNKNOWN)


def recording(trail: Trail) -> Recorded:
    """What a trail records; the inventory holds it for every live trail (see `recorded`)."""
    kind, advanced = selector_kind(trail), trail.advanced_selectors
    if kind == "advanced" and isinstance(advanced, tuple):
        # each selector's field selectors read once, for the management and the data events it records
        conditions = [conditions_of(s, values=True) for s in advanced]
        return Recorded(kind, _union([_advanced_management(c) for c in conditions]),
                        _advanced_scopes([c if c is not None and _all_known(c) else None for c in conditions]))
    if kind == "both":
        return _alike(trail)
    return Recorded(kind, _management_events(trail, kind), _data_events(trail, kind))


def recordings(trails: Iterable[Trail]) -> dict[int, Recorded]:
    """``recording`` of each trail, by the trail's identity (``Inventory.recorded``). The trails of an
    organization share a few selector configurations (the same in every account and Region): what
    one configuration records is worked out once, unless it names where a value not known offline
    is written (``DataScope.unknown``), which is each trail's own place."""
    found: dict[int, Recorded] = {}
    alike: dict[tuple[object, ...], Recorded] = {}
    for trail in trails:
        key = (trail.event_selectors, trail.advanced_selectors, trail.known_event_selectors,
               trail.known_advanced_selectors)
        try:
            known = alike.get(key)
        except TypeError:       # a value no dictionary holds: worked out for this trail alone
            found[id(trail)] = recording(trail)
            continue
        if known is None:
            known = recording(trail)
            if not isinstance(known.data, tuple) or not any(scope.unknown or scope.wider for scope in known.data):
                alike[key] = known
        found[id(trail)] = known
    return found


def _alike(trail: Trail) -> Recorded:
    """What a trail with both kinds of selectors records: of management events and of data events
    each, what each kind records alone where both kinds read alike, every value known; not known
    otherwise (``refused``)."""
    basic, advanced = apart(trail)
    management = basic.management if basic.management == advanced.management \
        and UNKNOWN not in (basic.management.read, basic.management.write, basic.management.excluded,
                            basic.management.only) else UNKNOWN_MANAGEMENT
    data = basic.data if isinstance(basic.data, tuple) and isinstance(advanced.data, tuple) \
        and set(basic.data) == set(advanced.data) \
        and all(UNKNOWN not in (s.read, s.write) for s in basic.data) else UNKNOWN
    return Recorded("both", management, data)


def apart(trail: Trail) -> tuple[Recorded, Recorded]:
    """What a trail with both kinds of selectors records by its basic selectors alone, and by its
    advanced selectors alone: the two configurations the API may be asked to apply."""
    return (Recorded("basic", _management_events(trail, "basic"), _data_events(trail, "basic")),
            recording(replace(trail, event_selectors=())))


def refused(found: Recorded, part: str = "data") -> bool:
    """Whether a trail has both kinds of selectors that do not read alike for ``part`` ("data" or
    "management" events): the API refuses both kinds on one trail (TL205), and what the trail
    records of them is not known; TL205 is the finding for it (``undecided.selectors_refused``)."""
    if found.kind != "both":
        return False
    return not isinstance(found.data, tuple) if part == "data" else found.management.records is UNKNOWN


def recorded(inventory: Inventory, trail: Trail) -> Recorded:
    """What a trail of the inventory records, computed once when the inventory was built."""
    found = inventory.recorded.get(id(trail))
    return found if found is not None else recording(trail)


def data_events(trail: Trail) -> tuple[DataScope, ...] | Unknown:
    return _data_events(trail, selector_kind(trail))


def _data_events(trail: Trail, kind: str | Unknown) -> tuple[DataScope, ...] | Unknown:
    if kind == "both":
        return _alike(trail).data
    if kind == "none":
        return ()
    # (a kind not known beside known selectors of it: which data events the others add is not known)
    basic, advanced = trail.event_selectors, trail.advanced_selectors
    scopes: list[DataScope] = []
    if kind == "basic" and isinstance(basic, tuple):
        for selector in basic:
            found = basic_data(selector)
            if found is UNKNOWN:
                return UNKNOWN
            scopes.extend(found)  # type: ignore[arg-type]
        return tuple(scopes)
    if kind == "advanced" and isinstance(advanced, tuple):
        return _advanced_scopes([conditions_of(a) for a in advanced])
    return UNKNOWN


def _advanced_scopes(selectors: list[dict[str, FieldSelector] | None]) -> tuple[DataScope, ...] | Unknown:
    """The data events of advanced selectors, each given by its field selectors (``conditions_of``)."""
    scopes: list[DataScope] = []
    for conditions in selectors:
        scope = advanced_data(conditions)
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


def conditions_of(selector: AdvancedSelector, values: bool = False) -> dict[str, FieldSelector] | None:
    """Field selectors by field name; None when a field or an operator list is not known, or (unless
    ``values``) one of its values, or when a field is written twice (not read as either one alone)."""
    if not isinstance(selector.fields, tuple):
        return None
    found: dict[str, FieldSelector] = {}
    for field in selector.fields:
        if not isinstance(field.field, str) or field.field in found:
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
    values = known_values(category.equals) if category else ()
    return values[0] if len(values) == 1 else None


def known_values(values: tuple[str | Unknown, ...] | Unknown) -> tuple[str, ...]:
    """The known values of an operator list (all of them, where conditions_of checked them known)."""
    return tuple(v for v in values if isinstance(v, str)) if isinstance(values, tuple) else ()


def listed(values: tuple[str | Unknown, ...] | Unknown) -> tuple[str | Unknown, ...]:
    return values if isinstance(values, tuple) else ()


def _read_only(conditions: dict[str, FieldSelector]) -> tuple[Tri, Tri]:
    field = conditions.get("readOnly")
    if field is None:
        return True, True
    values = set(known_values(field.equals))
    if not values <= {"true", "false"} or not values:
        return UNKNOWN, UNKNOWN
    return "true" in values, "false" in values


def rules_out_writes(selector: AdvancedSelector, kind: str) -> bool:
    """Whether an advanced selector's known field selectors rule out its recording write data events
    of resource type ``kind``, whatever its values not known offline turn out to be: field selectors
    narrow one another (AND), so one known ``Equals`` on ``eventCategory`` without ``Data``, on
    ``resources.type`` without ``kind``, or on ``readOnly`` of ``true`` alone settles it (a
    ``resources.ARN`` list a variable holds does not make an SQS selector record S3 objects)."""
    # field selectors not known offline: those known to be among them (a block beside a dynamic one)
    fields = selector.fields if isinstance(selector.fields, tuple) else selector.known_fields
    excluded = {"eventCategory": "Data", "resources.type": kind, "readOnly": "false"}
    for field in fields:
        wanted = excluded.get(field.field) if isinstance(field.field, str) else None
        equals = field.equals
        if wanted is not None and isinstance(equals, tuple) and equals and UNKNOWN not in equals \
                and wanted not in equals:
            return True
    return False


def _all_known(conditions: dict[str, FieldSelector]) -> bool:
    """Whether no value of the field selectors is UNKNOWN (``conditions_of`` with ``values``)."""
    return not any(UNKNOWN in getattr(field, operator) for field in conditions.values() for operator in FIELD_OPERATORS)


def _advanced_management(conditions: dict[str, FieldSelector] | None) -> Coverage:
    """The management events of an advanced selector, given by its field selectors (``conditions_of``,
    values not known offline kept): none when its event category is known not to be Management,
    whatever its other values are; not known when a value it depends on is not known."""
    field = conditions.get("eventCategory") if conditions is not None else None
    if conditions is None or (field is not None and UNKNOWN in listed(field.equals)):
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
        excluded = frozenset(known_values(source.not_equals))
        only = frozenset(known_values(source.equals)) or None
        if source.starts_with or source.ends_with or source.not_starts_with or source.not_ends_with:
            filters.add("eventSource")
    return Coverage(read, write, excluded, only, frozenset(filters))


def basic_data(selector: EventSelector) -> list[DataScope] | Unknown:
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


def advanced_data(conditions: dict[str, FieldSelector] | None) -> DataScope | None | Unknown:
    """The data events of an advanced selector, given by its field selectors (``conditions_of``)."""
    category = _category(conditions) if conditions is not None else None
    if conditions is None or category is None:
        return UNKNOWN
    if category == NETWORK_ACTIVITY:
        return _network_activity(conditions)
    if category != "Data":
        return None
    kinds = known_values(conditions["resources.type"].equals) if "resources.type" in conditions else ()
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
    ends: tuple[str, ...] = ()
    arn = conditions.get("resources.ARN")
    if arn is not None:
        prefixes, equals = known_values(arn.starts_with), known_values(arn.equals)
        head = _ARN_HEADS.get(kinds[0])
        if (not prefixes and not equals) or (head is not None and any(head.startswith(p) for p in prefixes)):
            prefixes = ("",)
        excluding = arn.not_equals or arn.not_starts_with or arn.not_ends_with
        if arn.ends_with and not excluding and not others and not names:
            ends = known_values(arn.ends_with)
        if arn.ends_with or (excluding and others):
            others.add("resources.ARN")
        elif excluding:
            prefixes, equals, partial = _excluding(prefixes, equals, arn)
            if partial:
                leaving = (known_values(arn.not_starts_with), known_values(arn.not_equals), known_values(arn.not_ends_with))
    if others:
        names = ()
    return DataScope(kinds[0], read, write, prefixes, equals, bool(others or names or partial), names, partial,
                     leaving, ends=ends)


def _network_activity(conditions: dict[str, FieldSelector]) -> DataScope:
    """The network activity events of an advanced selector: those of its eventSource values (a
    selector without any, which the API rejects (TL210), may record any source); eventName Equals
    narrows them as it narrows data events; errorCode, vpcEndpointId and eventSource written with
    another operator than Equals filter them in ways that are not compared offline."""
    source = conditions.get("eventSource")
    sources = known_values(source.equals) if source is not None else ()
    others = set(conditions) - {"eventCategory", "eventSource", "eventName", "readOnly"}
    if source is not None and any(getattr(source, operator) for operator in FIELD_OPERATORS if operator != "equals"):
        others.add("eventSource")
    names = _event_names(conditions)
    if "eventName" in conditions and not names:
        others.add("eventName")
    if others:
        names = ()
    read, write = _read_only(conditions)
    return DataScope(NETWORK_ACTIVITY, read, write, prefixes=() if sources else ("",), equals=tuple(sorted(sources)),
                     filtered=bool(others or names), names=names)


def _excluding(prefixes: tuple[str, ...], equals: tuple[str, ...], arn: FieldSelector
               ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(prefixes, exact ARNs, prefixes in part) left by resources.ARN NotStartsWith, NotEquals and
    NotEndsWith, which exclude the resources they match ("Filtering data events by using advanced
    event selectors"). An ARN is kept or dropped; a prefix is dropped when an excluded prefix starts
    it, kept in part when some ARNs it starts can be excluded (an excluded prefix or ARN that starts
    with it, any excluded ending), kept whole otherwise."""
    starts, exact, ends = known_values(arn.not_starts_with), set(known_values(arn.not_equals)), known_values(arn.not_ends_with)
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
    return tuple(sorted(set(known_values(name.equals))))
