"""The CloudTrail action table held to the Service Authorization Reference page as it reads now.

https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html lists the
actions (its Actions and Permission-only actions tables), the resource types each acts on, and, per
API operation, the actions its request is authorised by. The names below are the page's, written
out from it; a wildcard in a policy expands to exactly the page's actions it matches.
"""
from __future__ import annotations

import pytest

from trail_lint.iam.access import TAMPER_ACTIONS
from trail_lint.iam.actions import action_table, lookup
from trail_lint.iam.evaluator import action_matches
from trail_lint.resources import data_path, load_json_resource

PAGE_ACTIONS = (
    "AddTags", "CancelQuery", "CreateChannel", "CreateDashboard", "CreateEventDataStore", "CreateTrail",
    "DeleteChannel", "DeleteDashboard", "DeleteEventDataStore", "DeleteResourcePolicy", "DeleteTrail",
    "DeregisterOrganizationDelegatedAdmin", "DescribeQuery", "DescribeTrails", "DisableFederation",
    "EnableFederation", "GenerateQuery", "GetChannel", "GetDashboard", "GetEventConfiguration", "GetEventDataStore",
    "GetEventDataStoreData", "GetEventSelectors", "GetImport", "GetInsightSelectors", "GetQueryResults",
    "GetResourcePolicy", "GetTrail", "GetTrailStatus", "ListChannels", "ListDashboards", "ListEventDataStores",
    "ListImportFailures", "ListImports", "ListInsightsData", "ListPublicKeys", "ListQueries", "ListTags",
    "ListTrails", "LookupEvents", "PutEventConfiguration", "PutEventSelectors", "PutInsightSelectors",
    "PutResourcePolicy", "RegisterOrganizationDelegatedAdmin", "RemoveTags", "RestoreEventDataStore",
    "SearchSampleQueries", "StartDashboardRefresh", "StartEventDataStoreIngestion", "StartImport", "StartLogging",
    "StartQuery", "StopEventDataStoreIngestion", "StopImport", "StopLogging", "UpdateChannel", "UpdateDashboard",
    "UpdateEventDataStore", "UpdateTrail",
)
PERMISSION_ONLY = ("CreateServiceLinkedChannel", "DeleteServiceLinkedChannel", "GenerateQueryResultsSummary",
                   "GetServiceLinkedChannel", "ListServiceLinkedChannels", "UpdateServiceLinkedChannel")


def _expand(pattern: str) -> set[str]:
    return {info.name for info in action_table().values() if action_matches(pattern, info.qualified)}


def test_the_table_holds_every_action_the_page_lists_and_no_other() -> None:
    assert {info.name for info in action_table().values()} == {*PAGE_ACTIONS, *PERMISSION_ONLY}
    table = load_json_resource(data_path("cloudtrail-actions.json"))["actions"]
    assert {name for name, entry in table.items() if entry["permission_only"]} == set(PERMISSION_ONLY)


@pytest.mark.parametrize(("pattern", "expected"), [
    # AWSCloudTrail_ReadOnlyAccess's patterns (the user guide's "Read-only access" policy)
    ("cloudtrail:Get*", {"GetChannel", "GetDashboard", "GetEventConfiguration", "GetEventDataStore",
                         "GetEventDataStoreData", "GetEventSelectors", "GetImport", "GetInsightSelectors",
                         "GetQueryResults", "GetResourcePolicy", "GetServiceLinkedChannel", "GetTrail",
                         "GetTrailStatus"}),
    ("cloudtrail:Describe*", {"DescribeQuery", "DescribeTrails"}),
    ("cloudtrail:List*", {"ListChannels", "ListDashboards", "ListEventDataStores", "ListImportFailures",
                          "ListImports", "ListInsightsData", "ListPublicKeys", "ListQueries",
                          "ListServiceLinkedChannels", "ListTags", "ListTrails"}),
    # the user guide's example of a wildcard: "all CloudTrail actions that end with Logging"
    ("cloudtrail:*Logging", {"StartLogging", "StopLogging"}),
    ("cloudtrail:*Dashboard*", {"CreateDashboard", "DeleteDashboard", "GetDashboard", "ListDashboards",
                                "StartDashboardRefresh", "UpdateDashboard"}),
    ("cloudtrail:*Federation", {"EnableFederation", "DisableFederation"}),
    ("cloudtrail:*EventConfiguration", {"GetEventConfiguration", "PutEventConfiguration"}),
    ("cloudtrail:Generate*", {"GenerateQuery", "GenerateQueryResultsSummary"}),
])
def test_a_wildcard_expands_to_the_actions_the_page_lists(pattern: str, expected: set[str]) -> None:
    assert _expand(pattern) == expected


@pytest.mark.parametrize(("action", "types", "wildcard_only"), [
    ("GenerateQuery", ("eventdatastore",), False),
    ("SearchSampleQueries", (), True),
    ("GetEventConfiguration", ("eventdatastore", "trail"), False),
    ("PutEventConfiguration", ("eventdatastore", "trail"), False),
    ("PutInsightSelectors", ("eventdatastore", "trail"), False),
    ("CreateDashboard", ("dashboard",), False),
    ("StartDashboardRefresh", ("dashboard",), False),
    ("ListDashboards", (), True),
    ("EnableFederation", ("eventdatastore",), False),
    ("DisableFederation", ("eventdatastore",), False),
    ("GetEventDataStoreData", ("eventdatastore",), False),
    ("PutResourcePolicy", ("channel", "dashboard", "eventdatastore"), False),
    ("DeleteResourcePolicy", ("channel", "dashboard", "eventdatastore"), False),
    ("ListInsightsData", ("trail",), False),
])
def test_recent_actions_act_on_the_resource_types_the_page_lists(action: str, types: tuple[str, ...],
                                                                   wildcard_only: bool) -> None:
    info = lookup(f"cloudtrail:{action.lower()}")      # names are case-insensitive
    assert info is not None and info.name == action
    assert tuple(sorted(info.resource_types)) == types
    assert info.requires_wildcard_resource is wildcard_only


def test_an_operation_without_an_action_of_its_own() -> None:
    # "ListInsightsMetricData" is an API operation, authorised by ListInsightsData and LookupEvents:
    # no IAM action has its name.
    assert lookup("cloudtrail:ListInsightsMetricData") is None
    operations = load_json_resource(data_path("cloudtrail-actions.json"))["operations"]
    assert [entry["action"] for entry in operations["ListInsightsMetricData"]] == [
        "cloudtrail:ListInsightsData", "cloudtrail:LookupEvents"]
    for entry in (e for entries in operations.values() for e in entries):
        name = entry["action"]
        assert name.startswith("iam:") or lookup(name) is not None, name


def test_no_action_that_puts_or_deletes_a_resource_policy_acts_on_a_trail() -> None:
    # A trail takes no resource-based policy: the page's resource policy actions act on channels,
    # dashboards and event data stores, so they cannot weaken a trail (and are not tamper actions).
    for action in ("PutResourcePolicy", "DeleteResourcePolicy", "DisableFederation",
                   "StopEventDataStoreIngestion", "DeleteEventDataStore"):
        info = lookup(f"cloudtrail:{action}")
        assert info is not None and "trail" not in info.resource_types, action
    # The actions that stop, delete or change what a trail records or where it delivers, all acting on trails.
    for action in TAMPER_ACTIONS:
        info = lookup(action)
        assert info is not None and info.resource_types == ("trail",), action
