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


# The actions on a trail that CloudTrail performs only when called in the trail's home Region: from any
# other Region the request fails with InvalidHomeRegionException, "thrown when an operation is called
# on a trail from a Region other than the Region in which the trail was created". A request that acts
# on a trail is then made in its home Region, and its aws:RequestedRegion is that Region.
# - UpdateTrail, DeleteTrail, PutEventSelectors: "must be called from the Region in which the trail
#   was created" (their API Reference pages);
# - StartLogging, StopLogging: "For a trail enabled in all Regions, this operation must be called
#   from the Region in which the trail was created"; a single-Region trail exists in its Region only
#   ("you can view and manage it only in that AWS Region", Tips for managing trails);
# - PutInsightSelectors: its page lists InvalidHomeRegionException among the errors it returns.
# Not here: actions a shadow trail answers in every Region (GetTrail, GetTrailStatus,
# GetEventSelectors, GetInsightSelectors, ListTags); AddTags and RemoveTags, documented only for a
# multi-Region trail ("You can tag a trail ... that applies to all Regions only from the Region in
# which the trail ... was created") and outside the access matrix.
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DeleteTrail.html
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StartLogging.html
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutInsightSelectors.html
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts-trails-managing-and-using.html
_HOME_REGION_ONLY = frozenset(name.lower() for name in (
    "StartLogging", "StopLogging", "UpdateTrail", "DeleteTrail", "PutEventSelectors", "PutInsightSelectors"))


def home_region_only(action: str) -> bool:
    """Whether CloudTrail performs the action on a trail only when it is called in the trail's home
    Region (``cloudtrail:StopLogging``, any case): its aws:RequestedRegion is then that Region."""
    service, _, name = action.partition(":")
    return service.lower() == SERVICE and name.lower() in _HOME_REGION_ONLY


def requires_wildcard_resource(action: str) -> bool:
    info = lookup(action)
    return info is not None and info.requires_wildcard_resource


@cache
def resource_types() -> frozenset[str]:
    """The resource types a CloudTrail ARN names before its ``/``: trail, eventdatastore, channel, dashboard."""
    return frozenset(load_json_resource(data_path("cloudtrail-actions.json"))["resource_types"])


@cache
def trail_actions() -> tuple[str, ...]:
    """Qualified names of the actions authorised against a trail (its resource types name it)."""
    return tuple(sorted(info.qualified for info in action_table().values() if "trail" in info.resource_types))


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


@cache
def condition_keys() -> tuple[str, ...]:
    """The condition keys the table lists for CloudTrail's actions, as the reference spells them
    (``aws:ResourceTag/${TagKey}``, ``aws:TagKeys``)."""
    return tuple(load_json_resource(data_path("cloudtrail-actions.json"))["condition_keys"])
