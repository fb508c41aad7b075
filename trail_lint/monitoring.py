"""Which metric filters watch a trail's log group, and which of them an alarm watches (TL314).

A trail names its log group by ARN (or, in a template or plan, by reference); a metric filter
names it by name (or reference); an alarm watches a metric by namespace and name (or refers to the
filter). Only what the inputs state links them: an unknown name links nothing and makes the
answer unknown, never a guess.
"""
from __future__ import annotations

from collections.abc import Iterable

from trail_lint.delivery_links import same_ref
from trail_lint.model import (
    UNKNOWN,
    Alarm,
    Inventory,
    Metric,
    MetricFilter,
    Text,
    Trail,
    Tri,
    Unknown,
    all_of,
    any_of,
)
from trail_lint.scope.arns import log_group_from_arn


def log_group(inventory: Inventory, trail: Trail) -> str | None:
    """The name of the trail's log group: from its ARN, else from the log group resource it refers to."""
    name = log_group_from_arn(trail.cloudwatch_logs_group_arn)
    if name is None and trail.cloudwatch_logs_group_ref:
        for group in inventory.log_groups:
            if same_ref(trail.cloudwatch_logs_group_ref, trail.origin, group.origin.resource, group.origin) \
                    and isinstance(group.name, str):
                return group.name
    return name


def in_inputs(inventory: Inventory, trail: Trail) -> bool:
    """Whether the log group, or a metric filter on it, is among the inputs."""
    name, ref = log_group(inventory, trail), trail.cloudwatch_logs_group_ref
    return any((name is not None and group.name == name)
               or same_ref(ref, trail.origin, group.origin.resource, group.origin)
               for group in inventory.log_groups) or any(watches(f, trail, name) is not False
                                                          for f in inventory.metric_filters)


def watches(metric_filter: MetricFilter, trail: Trail, name: str | None) -> Tri:
    """Whether the filter is on the trail's log group (named ``name``, when known)."""
    if same_ref(trail.cloudwatch_logs_group_ref, trail.origin, metric_filter.log_group_ref, metric_filter.origin):
        return True
    if isinstance(metric_filter.log_group, str) and name is not None:
        return metric_filter.log_group == name
    if trail.cloudwatch_logs_group_ref and metric_filter.log_group_ref \
            and trail.origin.ref_scope == metric_filter.origin.ref_scope:
        return False        # two different resources of one template or configuration
    return UNKNOWN if metric_filter.log_group is UNKNOWN or name is None else False


def alarmed(metric_filter: MetricFilter, alarms: Iterable[Alarm]) -> Tri:
    """Whether an alarm that notifies watches a metric the filter publishes; an alarm that exists only
    under a CloudFormation condition may not be there, so it makes this at most UNKNOWN. An alarm without
    an action for the ALARM state notifies nobody: the CIS audit that Security Hub CSPM runs for CloudWatch.5
    follows AlarmActions to an SNS topic with a subscriber."""
    results: list[Tri] = []
    for alarm in alarms:
        at_most: Tri = all_of((UNKNOWN if alarm.conditional else True, alarm.notifies))
        if metric_filter.origin.resource and metric_filter.origin.resource in alarm.filter_refs \
                and alarm.origin.ref_scope == metric_filter.origin.ref_scope:
            results.append(at_most)
            continue
        if not isinstance(alarm.metrics, tuple) or not isinstance(metric_filter.metrics, tuple):
            results.append(all_of((UNKNOWN, at_most)))
            continue
        results.extend(all_of((_same(a, f), at_most)) for a in alarm.metrics for f in metric_filter.metrics)
    return any_of(results)


def _same(first: Metric, second: Metric) -> Tri:
    """Whether two metrics are one: by namespace and name, a part not known offline the same where both
    hold the same named holes (one variable's text), else not known; a known part that differs settles it."""
    return all_of((_same_part(first.namespace, first.held[0], second.namespace, second.held[0]),
                   _same_part(first.name, first.held[1], second.name, second.held[1])))


def _same_part(first: str | Unknown, first_held: Text | None, second: str | Unknown, second_held: Text | None) -> Tri:
    if isinstance(first, str) and isinstance(second, str):
        return first == second
    if first_held is not None and first_held == second_held and all(
            isinstance(part, str) or part.name for part in first_held):
        return True
    return UNKNOWN
