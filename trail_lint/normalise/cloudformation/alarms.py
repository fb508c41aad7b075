"""CloudFormation log groups, metric filters and alarms → model (what TL314 reads).

AWS::Logs::LogGroup, AWS::Logs::MetricFilter and AWS::CloudWatch::Alarm (a single metric, or
the metrics of a metric-math alarm's `Metrics`):
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-metricfilter.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trail_lint.model import (
    UNKNOWN,
    Alarm,
    At,
    Existence,
    Hole,
    InputKind,
    LogGroup,
    Metric,
    MetricFilter,
    Origin,
    Text,
    Tri,
    Unknown,
)
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.cloudformation.values import ABSENT, Template

KIND = InputKind.CLOUDFORMATION
FILTER_KEYS = {"name": "FilterName", "log_group": "LogGroupName", "pattern": "FilterPattern",
               "metrics": "MetricTransformations"}
ALARM_KEYS = {"name": "AlarmName", "metrics": "MetricName"}


def monitoring(template: Template) -> tuple[tuple[LogGroup, ...], tuple[MetricFilter, ...], tuple[Alarm, ...]]:
    from trail_lint.normalise.cloudformation.fields import text
    from trail_lint.normalise.cloudformation.policies import ref_target
    from trail_lint.normalise.cloudformation.resources import existence, properties_of

    groups: list[LogGroup] = []
    filters: list[MetricFilter] = []
    alarms: list[Alarm] = []
    for logical_id, resource in template.resources.items():
        kind = resource.get("Type")
        exists = existence(template, logical_id, resource) \
            if kind in ("AWS::Logs::LogGroup", "AWS::Logs::MetricFilter", "AWS::CloudWatch::Alarm") else None
        if exists is None:
            continue
        conditional = exists is Existence.CONDITIONAL
        at = At(template.file, template.path(str(logical_id)) + ("Properties",))
        props = properties_of(template, logical_id, resource)
        raw = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
        if kind == "AWS::Logs::LogGroup":
            # absent: CloudFormation generates the name at deployment
            groups.append(LogGroup(_text(props, "LogGroupName", at),
                                   Origin(at.file, at.path, {"name": "LogGroupName"}, logical_id, KIND)))
        elif kind == "AWS::Logs::MetricFilter":
            pattern = text(props.get("FilterPattern", ABSENT), At(at.file, at.path + ("FilterPattern",)))
            filters.append(MetricFilter(
                name=_text(props, "FilterName", at), log_group=_text(props, "LogGroupName", at),
                # "" matches every event; an absent pattern is rejected by the API
                pattern="" if pattern is None else pattern,
                metrics=_metrics(props.get("MetricTransformations", ABSENT), at,
                                 _held(template, raw.get("MetricTransformations"))),
                origin=Origin(at.file, at.path, FILTER_KEYS, logical_id, KIND),
                log_group_ref=ref_target(raw.get("LogGroupName")), conditional=conditional))
        else:
            alarms.append(Alarm(name=_text(props, "AlarmName", at), metrics=_alarm_metrics(props, at, template, raw),
                                origin=Origin(at.file, at.path, ALARM_KEYS, logical_id, KIND), conditional=conditional,
                                notifies=_has_actions(props.get("AlarmActions", ABSENT))))
    for path, types in template.unread.items():
        # A metric filter or alarm the template may declare where it is not read: nothing of it is known.
        origin = Origin(template.file, path, resource=str(path[-1]), kind=KIND)
        if types is None or "AWS::Logs::MetricFilter" in types:
            filters.append(MetricFilter(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, origin, unread=True))
        if types is None or "AWS::CloudWatch::Alarm" in types:
            alarms.append(Alarm(UNKNOWN, UNKNOWN, origin))
    return tuple(groups), tuple(filters), tuple(alarms)


def _has_actions(actions: Any) -> Tri:
    """Whether AlarmActions names an action: absent or empty is none; a value not known offline may."""
    if actions is ABSENT or actions is None:
        return False
    if isinstance(actions, list):
        return bool(actions)
    return UNKNOWN


def _text(props: Mapping[str, Any], key: str, at: At) -> str | Unknown:
    """A name property; absent or unresolved is UNKNOWN (generated or decided at deployment)."""
    from trail_lint.normalise.cloudformation.fields import text

    found = text(props.get(key, ABSENT), At(at.file, at.path + (key,)))
    return UNKNOWN if found is None else found


def _held(template: Template, raw: Any) -> list[tuple[Text | None, Text | None]]:
    """The namespace and name of each metric transformation (or of an alarm's metric, a mapping) not known
    offline that the template knows by what it is (a parameter without a value, the same text wherever
    it is used: holes.text_of), as Text with named holes."""
    from trail_lint.normalise.cloudformation.holes import text_of

    def held(value: Any) -> Text | None:
        text = text_of(template, value) if value is not None else None
        return text if text is not None and any(isinstance(part, Hole) for part in text) and all(
            isinstance(part, str) or part.name for part in text) else None

    listed = raw if isinstance(raw, list) else [raw]
    return [(held(item.get("MetricNamespace", item.get("Namespace"))), held(item.get("MetricName")))
            if isinstance(item, dict) else (None, None) for item in listed]


def _metrics(items: Any, at: At, held: list[tuple[Text | None, Text | None]] | None = None
             ) -> tuple[Metric, ...] | Unknown:
    if items is UNKNOWN:
        return UNKNOWN
    if items is ABSENT or items is None:
        return ()
    if not isinstance(items, list):
        raise MalformedInput("MetricTransformations must be a list", At(at.file, at.path + ("MetricTransformations",)))
    found = []
    for index, item in enumerate(items):
        here = At(at.file, at.path + ("MetricTransformations", index))
        if item is UNKNOWN:
            found.append(Metric(UNKNOWN, UNKNOWN))
            continue
        if not isinstance(item, dict):
            raise MalformedInput("a metric transformation must be a mapping", here)
        found.append(Metric(_text(item, "MetricNamespace", here), _text(item, "MetricName", here),
                            held[index] if held and index < len(held) else (None, None)))
    return tuple(found)


def _alarm_metrics(props: Mapping[str, Any], at: At, template: Template, raw: Mapping[str, Any]
                   ) -> tuple[Metric, ...] | Unknown:
    """The single metric (MetricName + Namespace), or every MetricStat of a metric-math alarm."""
    if "MetricName" in props:
        return (Metric(_text(props, "Namespace", at), _text(props, "MetricName", at), _held(template, raw)[0]),)
    queries = props.get("Metrics", ABSENT)
    if queries is UNKNOWN:
        return UNKNOWN
    if not isinstance(queries, list):
        return ()
    found = []
    for index, query in enumerate(queries):
        stat = query.get("MetricStat") if isinstance(query, dict) else None
        metric = stat.get("Metric") if isinstance(stat, dict) else None
        if metric is UNKNOWN or stat is UNKNOWN or query is UNKNOWN:
            return UNKNOWN
        if isinstance(metric, dict):
            here = At(at.file, at.path + ("Metrics", index, "MetricStat", "Metric"))
            found.append(Metric(_text(metric, "Namespace", here), _text(metric, "MetricName", here)))
    return tuple(found)
