"""What a trail records, read from its event selectors, and where it records it.

Semantics (API `PutEventSelectors`, `EventSelector`, `AdvancedFieldSelector`; cloudtrail-facts.md §2):
no selectors at all means every read and write management event and no data events; basic
and advanced selectors exclude each other; several selectors add up (a union). Every answer
is three-valued: True, False or UNKNOWN when a value the answer depends on is not known.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from trail_lint.model import (
    FIELD_OPERATORS,
    UNKNOWN,
    AdvancedSelector,
    At,
    Coverage,
    DataScope,
    EventSelector,
    Existence,
    FieldSelector,
    Inventory,
    Problem,
    Recorded,
    Trail,
    Tri,
    Unknown,
    all_of,
    any_of,
)
from trail_lint.scope import account_id, region_name, scope_of

__all__ = ["Coverage", "DataScope", "Tri", "account_id", "all_of", "any_of", "region_name"]   # the vocabulary rules import from here too

# Event sources a management selector may leave out (API `ExcludeManagementEventSources`).
EXCLUDABLE_SOURCES = ("kms.amazonaws.com", "rdsdata.amazonaws.com")
# Basic data resource values that mean "every resource of the type" (API `DataResource.Values`).
WHOLE_TYPE = {"arn:aws:s3", "arn:aws:s3:::", "arn:aws:lambda", "arn:aws:dynamodb"}
# Since 2021-11-22 global service events are recorded only in us-east-1 (cloudtrail-facts.md §6).
GLOBAL_EVENTS_REGION = "us-east-1"


@dataclass(frozen=True, slots=True)
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


def selector_kind(trail: Trail) -> str | Unknown:
    """'none', 'basic', 'advanced', 'both' (rejected by the API) or UNKNOWN."""
    basic, advanced = trail.event_selectors, trail.advanced_selectors
    if isinstance(basic, tuple) and isinstance(advanced, tuple):
        return {(False, False): "none", (True, False): "basic", (False, True): "advanced",
                (True, True): "both"}[(bool(basic), bool(advanced))]
    if (isinstance(basic, tuple) and basic) or (isinstance(advanced, tuple) and advanced):
        return "both" if basic is not UNKNOWN and advanced is not UNKNOWN else UNKNOWN
    return UNKNOWN


def management_events(trail: Trail) -> Coverage:
    kind = selector_kind(trail)
    if kind == "none":
        return ALL_MANAGEMENT
    if kind == "basic":
        return _union([_basic_management(s) for s in trail.event_selectors])  # type: ignore[union-attr]
    if kind == "advanced":
        return _union([_advanced_management(s) for s in trail.advanced_selectors])  # type: ignore[union-attr]
    return UNKNOWN_MANAGEMENT


def recording(trail: Trail) -> Recorded:
    """What a trail records; the inventory holds it for every live trail (see `recorded`)."""
    return Recorded(selector_kind(trail), management_events(trail), data_events(trail))


def recorded(inventory: Inventory, trail: Trail) -> Recorded:
    """What a trail of the inventory records, computed once when the inventory was built."""
    found = inventory.recorded.get(id(trail))
    return found if found is not None else recording(trail)


def data_events(trail: Trail) -> tuple[DataScope, ...] | Unknown:
    kind = selector_kind(trail)
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
        for advanced in trail.advanced_selectors:  # type: ignore[union-attr]
            scope = _advanced_data(advanced)
            if scope is UNKNOWN:
                return UNKNOWN
            if scope is not None:
                scopes.append(scope)  # type: ignore[arg-type]
        return tuple(scopes)
    return UNKNOWN


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


def _conditions(selector: AdvancedSelector) -> dict[str, FieldSelector] | None:
    """Field selectors by field name; None when a field or an operator list is not known."""
    if not isinstance(selector.fields, tuple):
        return None
    found: dict[str, FieldSelector] = {}
    for field in selector.fields:
        if not isinstance(field.field, str):
            return None
        for operator in FIELD_OPERATORS:
            values = getattr(field, operator)
            if values is UNKNOWN or UNKNOWN in values:
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


def _advanced_management(selector: AdvancedSelector) -> Coverage:
    conditions = _conditions(selector)
    category = _category(conditions) if conditions is not None else None
    if conditions is None or category is None:
        return UNKNOWN_MANAGEMENT
    if category != "Management":
        return NO_MANAGEMENT
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


def _advanced_data(selector: AdvancedSelector) -> DataScope | None | Unknown:
    conditions = _conditions(selector)
    category = _category(conditions) if conditions is not None else None
    if conditions is None or category is None:
        return UNKNOWN
    if category != "Data":
        return None
    kinds = _values(conditions["resources.type"].equals) if "resources.type" in conditions else ()
    if len(kinds) != 1:
        return UNKNOWN
    read, write = _read_only(conditions)
    filtered = bool(set(conditions) - {"eventCategory", "readOnly", "resources.type", "resources.ARN"})
    prefixes: tuple[str, ...] = ("",)
    equals: tuple[str, ...] = ()
    arn = conditions.get("resources.ARN")
    if arn is not None:
        prefixes, equals = _values(arn.starts_with), _values(arn.equals)
        if not prefixes and not equals:
            prefixes = ("",)
        filtered = filtered or bool(arn.ends_with or arn.not_equals or arn.not_starts_with or arn.not_ends_with)
    return DataScope(kinds[0], read, write, prefixes, equals, filtered)


def shared_data(scopes: Sequence[tuple[int, DataScope]]) -> Iterator[tuple[int, int, str, str]]:
    """Every pair of owners whose scopes certainly log some of the same data events, with what they share.

    ``scopes`` holds (owner, scope) pairs; yields (owner, other owner, resource type, shared ARN or
    prefix; "" is every resource of the type): what comparing every two scopes would find
    (tests/test_selectors.py holds that pairwise definition and checks the two agree),
    but in n log n: per type and per certain read or write, the ARN patterns are sorted, so the
    patterns a string starts with are the ones still open on a stack when it comes.
    """
    channels: dict[tuple[str, str], list[tuple[str, bool, int]]] = {}
    for owner, scope in scopes:
        if scope.filtered:
            continue
        for direction, certain in (("read", scope.read), ("write", scope.write)):
            if certain is True:
                items = channels.setdefault((scope.type, direction), [])
                items.extend((prefix, False, owner) for prefix in scope.prefixes)
                items.extend((arn, True, owner) for arn in scope.equals)
    for (kind, _), items in channels.items():
        items.sort()
        open_: list[tuple[str, bool, int]] = []
        for text, exact, owner in items:
            while open_ and not text.startswith(open_[-1][0]):
                open_.pop()
            for before, before_exact, other in open_:
                # an exact ARN is met only by the same ARN; anything else starting with a prefix is met by it
                if other != owner and (not before_exact or before == text):
                    yield other, owner, kind, text   # the longer of the two, or the exact ARN
            open_.append((text, exact, owner))


# --- Where a trail records: accounts and Regions ---------------------------------------

def accounts(inventory: Inventory) -> tuple[str | None, ...]:
    """Account scopes of the run (Scope.account keys): the accounts named by trails, snapshots or
    the run, and the deployment of every trail no input ties to an account; None if there is none."""
    live = inventory.live_trails()
    named = {scope_of(t).account for t in live if t.organization is not True}
    named |= {s.account for s in inventory.snapshots if s.account}
    if inventory.account:
        named.add(inventory.account)
    if not named:
        named = {scope_of(t).account for t in live}
    return tuple(sorted(named)) if named else (None,)


def covers_account(trail: Trail, account: str | None) -> Tri:
    """Whether the trail records the account scope (None: the account is not named).

    An organization trail records every account of its organization; the accounts of the run
    are taken to be its members. A trail whose account no input ties may or may not be in the
    account: absence rules count it (`is not False`), duplicate rules do not (`is True`)."""
    own = scope_of(trail).account
    if own == account:
        return True
    if account is None or account_id(own) is None or account_id(account) is None:
        return UNKNOWN
    return trail.organization is True


def untied(trails: Iterable[Trail], account: str | None) -> list[Trail]:
    """Of ``trails``, those of other account scopes that may be ``account``: no input ties either
    to a known account, or only one of them; of several known accounts only the one with most
    of the trails can be it. (Organization trails record every account already.)"""
    found = [t for t in trails if covers_account(t, account) is UNKNOWN and t.organization is not True]
    known: dict[str, int] = {}
    for trail in found:
        if scope_of(trail).account_id is not None:
            known[scope_of(trail).account] = known.get(scope_of(trail).account, 0) + 1
    keep = {max(known, key=lambda key: (known[key], key))} if known and account_id(account) is None else set()
    return [t for t in found if scope_of(t).account_id is None or scope_of(t).account in keep]


def undecided_elsewhere(regions: set[str], shown: str) -> str:
    """'; likewise in 3 more Regions' for a once-per-run TL002 that names one Region."""
    more = len(regions - {shown})
    return f"; likewise in {more} more Region{'s' if more > 1 else ''}" if more else ""


TIE_ACCOUNTS = "pass --account, or name their accounts under `accounts:` in .trail-lint.yaml"


def covers_region(trail: Trail, region: str) -> Tri:
    """Whether the trail records the Region (a name, or the key of a deployment's unknown Region)."""
    own = scope_of(trail).region
    if own is not None and own == region:
        return True
    if trail.multi_region is True:
        return True
    if own is None or region_name(own) is None or region_name(region) is None:
        return UNKNOWN    # one of the two Regions is not known: they may be the same
    return False if trail.multi_region is False else UNKNOWN


def region_label(inventory: Inventory, region: str) -> str:
    """How messages name a Region key: its name, or "the stack's Region" for a deployment's unknown one."""
    if region_name(region) is not None:
        return region
    return next((scope_of(t).region_label for t in inventory.trails if scope_of(t).region == region), region)


def delivers(trail: Trail) -> Tri:
    """Whether the trail is logging: only False is known not to deliver (None: the input does not say)."""
    return False if trail.logging is False else True if trail.logging is True else UNKNOWN


def regions_of(inventory: Inventory, account: str | None) -> tuple[str, ...]:
    """Regions in scope plus the home Regions of the account's trails (names, or the keys of
    deployments' unknown Regions)."""
    homes = {region for t in inventory.live_trails()
             if (region := scope_of(t).region) is not None and covers_account(t, account) is not False}
    return tuple(sorted(set(inventory.regions) | homes))


def absence_scope(inventory: Inventory, account: str | None, configured: tuple[str, ...]) -> tuple[str, ...]:
    """Regions where a missing trail is a finding. A plan or template shows only the trails it
    manages, so without configured `regions` only describe-trails output (which lists every
    trail of its Region, shadow copies and organization trails included) makes a gap certain."""
    if configured:
        return tuple(sorted(set(configured)))
    described = any(account is None or s.account in (None, account) for s in inventory.snapshots)
    return inventory.regions if described else ()


def conditional(trail: Trail) -> bool:
    return trail.existence is Existence.CONDITIONAL


def variants(trails: Iterable[Trail]) -> bool:
    """Whether two conditional trails come from one template: often either/or variants whose conditions
    are complementary (one exists whichever way the condition goes), which trail-lint cannot see."""
    files = [t.origin.file for t in trails if conditional(t)]
    return len(files) != len(set(files))


def few(items: Iterable[str], shown: int = 3) -> str:
    """'a, b and c', or 'a, b, c and 4 more': a list a message can carry."""
    listed = list(items)
    if len(listed) > shown + 1:
        return f"{', '.join(listed[:shown])} and {len(listed) - shown} more"
    return " and ".join([", ".join(listed[:-1]), listed[-1]]) if len(listed) > 1 else "".join(listed)


def names(trails: Iterable[Trail]) -> str:
    """Trail names, with those behind a CloudFormation condition marked."""
    return ", ".join(sorted(f"{t.label} (conditional)" if conditional(t) else t.label for t in trails))


def no_multi_region(trails: Iterable[Trail]) -> bool:
    """Whether no trail in the inputs is (or may be) multi-Region (Security Hub CloudTrail.1, CIS 3.1)."""
    return all(t.multi_region is False for t in trails)


def trail_problem(trail: Trail, message: str, at: At, region: str | None = None, subject: str = "",
                  account: str | None = None) -> Problem:
    """A Problem about one trail, with its resource, account and Region filled in (keys of
    deployments whose account or Region is not known are left out)."""
    own_region = trail.region if isinstance(trail.region, str) else None
    own_account = trail.account if isinstance(trail.account, str) else None
    return Problem(message, at=at, resource=trail.origin.resource or trail.label,
                   account=account_id(account) or own_account,
                   region=(region_name(region) if region else None) or own_region, subject=subject)


@dataclass(frozen=True, slots=True)
class RegionScope:
    """Options of the coverage rules: the `regions` configured in .trail-lint.yaml (empty: not configured)."""

    regions: tuple[str, ...] = ()


NOT_CONFIGURED = RegionScope()


def configured_regions(config: Any) -> RegionScope:
    return RegionScope(tuple(config.regions))
