"""Terraform log groups, metric filters and alarms → model (what TL314 reads).

aws_cloudwatch_log_group, aws_cloudwatch_log_metric_filter and aws_cloudwatch_metric_alarm (a
single metric, or the metrics of `metric_query` blocks):
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_metric_filter
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from trail_lint.model import UNKNOWN, Alarm, LogGroup, Metric, MetricFilter, Text, Tri, Unknown
from trail_lint.normalise.terraform.common import Instance, Node, items, text
from trail_lint.normalise.terraform.config import Reading
from trail_lint.normalise.terraform.policies import origin_of

TYPES = ("aws_cloudwatch_log_group", "aws_cloudwatch_log_metric_filter", "aws_cloudwatch_metric_alarm")
FILTER_KEYS = {"name": "name", "log_group": "log_group_name", "pattern": "pattern", "metrics": "metric_transformation"}
ALARM_KEYS = {"name": "alarm_name", "metrics": "metric_name"}


def monitoring(scope: Reading, instances: Sequence[Instance]
               ) -> tuple[tuple[LogGroup, ...], tuple[MetricFilter, ...], tuple[Alarm, ...]]:
    groups: list[LogGroup] = []
    filters: list[MetricFilter] = []
    alarms: list[Alarm] = []
    for instance in instances:
        node = instance.node
        if instance.type == "aws_cloudwatch_log_group":
            groups.append(LogGroup(_name(node.get("name")), origin_of(scope, instance, node, {"name": "name"})))
        elif instance.type == "aws_cloudwatch_log_metric_filter":
            linked = scope.link(instance, "log_group_name", "aws_cloudwatch_log_group")
            pattern = text(node, "pattern", empty_is_none=False)
            filters.append(MetricFilter(
                name=_name(node.get("name")), log_group=_name(node.get("log_group_name")),
                pattern="" if pattern is None else pattern,     # "" matches every event
                metrics=_metrics(node.get("metric_transformation"), "name", instance.holes),
                origin=origin_of(scope, instance, node, FILTER_KEYS),
                log_group_ref=linked[0].address if len(linked) == 1 else None))
        elif instance.type == "aws_cloudwatch_metric_alarm":
            refs = tuple(i.address for i in scope.link(instance, "metric_name", "aws_cloudwatch_log_metric_filter"))
            alarms.append(Alarm(name=_name(node.get("alarm_name")), metrics=_alarm_metrics(node, instance.holes),
                                origin=origin_of(scope, instance, node, ALARM_KEYS), filter_refs=refs,
                                notifies=_has_actions(node.get("alarm_actions"))))
    return tuple(groups), tuple(filters), tuple(alarms)


def _has_actions(node: Node) -> Tri:
    """Whether alarm_actions names an action: absent or empty is none."""
    actions = items(node)
    return UNKNOWN if actions is UNKNOWN else bool(actions)


def _name(node: Node) -> str | Unknown:
    found = text(node)
    return UNKNOWN if found is None else found


def _metrics(node: Node, name_key: str, holes: Mapping[str, Text] | None = None) -> tuple[Metric, ...] | Unknown:
    blocks = items(node)
    if isinstance(blocks, Unknown):
        return UNKNOWN
    return tuple(Metric(_name(block.get("namespace")), _name(block.get(name_key)), _held(holes, index))
                 for index, block in enumerate(blocks))


def _held(holes: Mapping[str, Text] | None, index: int) -> tuple[Text | None, Text | None]:
    """The metric's namespace and name with named holes (hcl_build.metric_holes), where .tf sources hold them."""
    if not holes:
        return (None, None)
    return (holes.get(f"metrics.{index}.namespace"), holes.get(f"metrics.{index}.name"))


def _alarm_metrics(node: Node, holes: Mapping[str, Text]) -> tuple[Metric, ...] | Unknown:
    single = text(node, "metric_name")
    if single is not None:
        return (Metric(_name(node.get("namespace")), single, _held(holes, 0)),)
    queries = items(node.get("metric_query"))
    if queries is UNKNOWN:
        return UNKNOWN
    found: list[Metric] = []
    for query in queries:  # type: ignore[union-attr]
        metrics = _metrics(query.get("metric"), "metric_name")
        if metrics is UNKNOWN:
            return UNKNOWN
        found.extend(metrics)  # type: ignore[arg-type]
    return tuple(found)
