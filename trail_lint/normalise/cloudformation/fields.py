"""How an AWS::CloudTrail::Trail's properties are read once resolved: flags, strings, lists
and the selectors. An ABSENT list item (``!Ref AWS::NoValue``) is skipped and the others keep
their index; an item that may or may not be there makes the whole list UNKNOWN.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-eventselector.html
"""
from __future__ import annotations

from typing import Any

from trail_lint.model import (
    UNKNOWN,
    AdvancedSelector,
    Aggregation,
    At,
    DataResource,
    EventSelector,
    FieldSelector,
    InputKind,
    Insight,
    Origin,
    ReadWrite,
    Tag,
    Unknown,
)
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.cloudformation.parameters import ABSENT, scalar_text

SELECTOR_KEYS = {"read_write": "ReadWriteType", "management": "IncludeManagementEvents",
                 "exclude_management_sources": "ExcludeManagementEventSources",
                 "data_resources": "DataResources", "values": "Values"}
FIELD_OPERATOR_KEYS = {"Equals": "equals", "StartsWith": "starts_with", "EndsWith": "ends_with",
                       "NotEquals": "not_equals", "NotStartsWith": "not_starts_with",
                       "NotEndsWith": "not_ends_with"}
# with how a field selector spells its name and operators (selectors.unknown_values.value_at)
ADVANCED_KEYS = {"name": "Name", "fields": "FieldSelectors", "field": "Field",
                 **{model: key for key, model in FIELD_OPERATOR_KEYS.items()}}
_TRUE, _FALSE = frozenset({"true"}), frozenset({"false"})


# --- Selectors ---------------------------------------------------------------------------

def items(value: Any, at: At, read: Any, origin: Origin) -> tuple[Any, ...] | Unknown:
    if value is ABSENT or value is None:
        return ()
    if value is UNKNOWN:
        return UNKNOWN
    if not isinstance(value, list):
        raise MalformedInput(f"{at.path[-1]} must be a list", at)
    if any(item is UNKNOWN for item in value):   # an item that may or may not be there
        return UNKNOWN
    return tuple(read(item, At(at.file, at.path + (index,)), origin)
                 for index, item in enumerate(value) if item is not ABSENT)


def event_selector(item: Any, at: At, origin: Origin) -> EventSelector:
    if not isinstance(item, dict):
        raise MalformedInput("an event selector must be a mapping", at)
    here = Origin(at.file, at.path, SELECTOR_KEYS, resource=origin.resource, kind=InputKind.CLOUDFORMATION)
    sub = lambda key: At(at.file, at.path + (key,))
    resources = item.get("DataResources", ABSENT)
    read_write = text(item.get("ReadWriteType", ABSENT), sub("ReadWriteType"))
    return EventSelector(
        read_write=ReadWrite.ALL if read_write is None else _read_write(read_write),
        management=flag(item.get("IncludeManagementEvents", ABSENT), True, sub("IncludeManagementEvents")),
        exclude_management_sources=texts(item.get("ExcludeManagementEventSources", ABSENT),
                                         sub("ExcludeManagementEventSources")),
        data_resources=items(resources, sub("DataResources"), _data_resource, here),
        origin=here,
    )


def _data_resource(item: Any, at: At, origin: Origin) -> DataResource:
    if not isinstance(item, dict):
        raise MalformedInput("a data resource must be a mapping", at)
    kind = text(item.get("Type", ABSENT), At(at.file, at.path + ("Type",)))
    return DataResource(UNKNOWN if kind is None else kind,
                        texts(item.get("Values", ABSENT), At(at.file, at.path + ("Values",))))


def _read_write(value: str | Unknown) -> ReadWrite | str | Unknown:
    if isinstance(value, str) and value in {member.value for member in ReadWrite}:
        return ReadWrite(value)
    return value


def advanced_selector(item: Any, at: At, origin: Origin) -> AdvancedSelector:
    if not isinstance(item, dict):
        raise MalformedInput("an advanced event selector must be a mapping", at)
    return AdvancedSelector(
        name=text(item.get("Name", ABSENT), At(at.file, at.path + ("Name",))),
        fields=items(item.get("FieldSelectors", ABSENT), At(at.file, at.path + ("FieldSelectors",)),
                      _field_selector, origin),
        origin=Origin(at.file, at.path, ADVANCED_KEYS, resource=origin.resource, kind=InputKind.CLOUDFORMATION),
    )


def _field_selector(item: Any, at: At, origin: Origin) -> FieldSelector:
    if not isinstance(item, dict):
        raise MalformedInput("a field selector must be a mapping", at)
    name = text(item.get("Field", ABSENT), At(at.file, at.path + ("Field",)))
    operators = {model: texts(item.get(key, ABSENT), At(at.file, at.path + (key,)))
                 for key, model in FIELD_OPERATOR_KEYS.items()}
    extra = tuple(sorted(str(k) for k in item if k not in FIELD_OPERATOR_KEYS and k != "Field"))
    empty = tuple(key for key in FIELD_OPERATOR_KEYS if item.get(key) == [])
    return FieldSelector(field=UNKNOWN if name is None else name, extra_keys=extra, empty=empty, **operators)


def insights(value: Any, at: At) -> tuple[Insight, ...] | Unknown:
    if value is ABSENT or value is None:
        return ()
    if value is UNKNOWN:
        return UNKNOWN
    if not isinstance(value, list):
        raise MalformedInput("InsightSelectors must be a list", at)
    found: list[Insight] = []
    for index, item in enumerate(value):
        here = At(at.file, at.path + (index,))
        if item is ABSENT:
            continue
        if item is UNKNOWN:
            found.append(Insight(UNKNOWN, UNKNOWN))
            continue
        if not isinstance(item, dict):
            raise MalformedInput("an insight selector must be a mapping", here)
        kind = text(item.get("InsightType", ABSENT), At(here.file, here.path + ("InsightType",)))
        # EventCategories absent: Management only (API InsightSelector)
        categories = texts(item.get("EventCategories", ABSENT), At(here.file, here.path + ("EventCategories",)))
        if kind is not None:
            found.append(Insight(kind, categories if categories is UNKNOWN or categories else ("Management",)))
    return tuple(found)


def aggregations(value: Any, at: At) -> tuple[Aggregation, ...] | Unknown:
    """AggregationConfigurations: a list of {EventCategory, Templates}.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-aggregationconfiguration.html"""
    if value is ABSENT or value is None:
        return ()
    if value is UNKNOWN:
        return UNKNOWN
    if not isinstance(value, list):
        raise MalformedInput("AggregationConfigurations must be a list", at)
    found: list[Aggregation] = []
    for index, item in enumerate(value):
        here = At(at.file, at.path + (index,))
        if item is ABSENT:
            continue
        if item is UNKNOWN:
            found.append(Aggregation(UNKNOWN, UNKNOWN, here))
            continue
        if not isinstance(item, dict):
            raise MalformedInput("an aggregation configuration must be a mapping", here)
        category = text(item.get("EventCategory", ABSENT), At(here.file, here.path + ("EventCategory",)))
        templates = texts(item.get("Templates", ABSENT), At(here.file, here.path + ("Templates",)))
        found.append(Aggregation(category, templates, here))
    return tuple(found)


def tags(value: Any, at: At) -> tuple[Tag, ...] | Unknown:
    """Tags: a list of {Key, Value}; an item that may or may not be there makes the list UNKNOWN.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-tag.html"""
    if value is ABSENT or value is None:
        return ()
    if value is UNKNOWN:
        return UNKNOWN
    if not isinstance(value, list):
        raise MalformedInput("Tags must be a list", at)
    if any(item is UNKNOWN for item in value):
        return UNKNOWN
    found: list[Tag] = []
    for index, item in enumerate(value):
        here = At(at.file, at.path + (index,))
        if item is ABSENT:
            continue
        if not isinstance(item, dict):
            raise MalformedInput("a tag must be a mapping with Key and Value", here)
        key = item.get("Key", ABSENT)
        key = "" if key is ABSENT or key is None else text(key, At(here.file, here.path + ("Key",))) or ""
        found.append(Tag(key, text(item.get("Value", ABSENT), At(here.file, here.path + ("Value",))), here))
    return tuple(found)


# --- Scalars -----------------------------------------------------------------------------

def flag(value: Any, default: Any, at: At) -> bool | Unknown:
    """A Boolean property; CloudFormation also takes the strings "true" and "false" (any case)."""
    if value is ABSENT or value is None:
        return default
    if value is UNKNOWN or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise MalformedInput(f"{at.path[-1]} must be true or false, not {value!r}"[:200], at)


def text(value: Any, at: At) -> str | None | Unknown:
    """A string property; an empty string means "not set", as it does for the API."""
    if value is ABSENT or value is None or value == "":
        return None
    if value is UNKNOWN or isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return scalar_text(value)
    raise MalformedInput(f"{at.path[-1]} must be a string", at)


def texts(value: Any, at: At) -> tuple[str | Unknown, ...] | Unknown:
    """A list of strings; an element that is not known offline stays UNKNOWN in place."""
    if value is ABSENT or value is None:
        return ()
    if value is UNKNOWN:
        return UNKNOWN
    elements = value if isinstance(value, list) else [value]
    found: list[str | Unknown] = []
    for index, item in enumerate(elements):
        if item is ABSENT:
            continue
        if isinstance(item, (dict, list)):
            raise MalformedInput(f"{at.path[-1]} must be a list of strings", At(at.file, at.path + (index,)))
        found.append(item if item is UNKNOWN or isinstance(item, str) else scalar_text(item))
    return tuple(found)
