"""The CloudTrail action table (Service Authorization Reference), loaded lazily from data/.

The table decides which request resource an action is authorised against: actions with no
resource type (DescribeTrails, ListTrails, LookupEvents, ...) only against ``"*"``.
https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html
"""
from __future__ import annotations

from functools import cache

from trail_lint.records import record
from trail_lint.resources import data_path, load_json_resource

SERVICE = "cloudtrail"


@record
class ActionInfo:
    name: str                          # SAR spelling, e.g. "StopLogging"
    access_level: str                  # List, Read, Write; "Tagging, Write" for AddTags and RemoveTags
    resource_types: tuple[str, ...]    # every type named for the action
    requires_wildcard_resource: bool   # no resource-level permission: only Resource "*" grants it

    @property
    def qualified(self) -> str:
        return f"{SERVICE}:{self.name}"


@cache
def action_table() -> dict[str, ActionInfo]:
    """Every ``cloudtrail:`` action, keyed by lower-case name (IAM action names are case-insensitive)."""
    table = load_json_resource(data_path("cloudtrail-actions.json"))["actions"]
    return {name.lower(): ActionInfo(name, entry["access_level"], tuple(entry["resource_types"]),
                                     bool(entry["requires_wildcard_resource"]))
            for name, entry in table.items()}


def lookup(action: str) -> ActionInfo | None:
    """``cloudtrail:StopLogging`` (any case) → its table entry; None for other services or unknown names."""
    service, _, name = action.partition(":")
    if service.lower() != SERVICE:
        return None
    return action_table().get(name.lower())


def requires_wildcard_resource(action: str) -> bool:
    info = lookup(action)
    return info is not None and info.requires_wildcard_resource


@cache
def resource_types() -> frozenset[str]:
    """The resource types a CloudTrail ARN names before its ``/``: trail, eventdatastore, channel, dashboard."""
    return frozenset(load_json_resource(data_path("cloudtrail-actions.json"))["resource_types"])


@cache
def wildcard_only_actions() -> tuple[str, ...]:
    """Qualified names of the actions that support no resource-level permission."""
    return tuple(sorted(info.qualified for info in action_table().values() if info.requires_wildcard_resource))


@cache
def wildcard_only_by_name() -> dict[str, str]:
    """`cloudtrail:describetrails` (lower case) → `cloudtrail:DescribeTrails`, for the same actions."""
    return {action.lower(): action for action in wildcard_only_actions()}


@cache
def operations() -> dict[str, tuple[str, ...]]:
    """`listinsightsmetricdata` (an API operation's name, lower case) → the actions its request is
    authorised by, for the operations authorised by more than the action of their own name."""
    table = load_json_resource(data_path("cloudtrail-actions.json"))["operations"]
    return {name.lower(): tuple(entry["action"] for entry in entries) for name, entries in table.items()}
