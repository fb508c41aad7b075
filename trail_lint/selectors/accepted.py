"""What the API accepts in event selectors: the event sources a management selector may leave
out, and the documented values of advanced field selectors (TL210 checks selectors against them)."""
from __future__ import annotations

from functools import cache

from trail_lint.records import record

# Event sources a management selector may leave out (API `ExcludeManagementEventSources`).
EXCLUDABLE_SOURCES = ("kms.amazonaws.com", "rdsdata.amazonaws.com")


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
