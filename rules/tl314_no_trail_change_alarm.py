"""No metric filter with an alarm on the trail's log group catches changes to trails.

## Why it matters
Someone who wants to act unseen stops the trail first (`StopLogging`), deletes it
(`DeleteTrail`) or points it elsewhere (`UpdateTrail`). The trail records those calls, but only
an alarm makes anybody look in time: a CloudWatch Logs metric filter on the trail's log group that
selects `CreateTrail`, `UpdateTrail`, `DeleteTrail`, `StartLogging` and `StopLogging`, and a
CloudWatch alarm on the metric it publishes whose alarm actions notify someone (an SNS topic). CIS
asks for it (v1.4, v3.0 and v5.0 4.5; Security Hub checks it as CloudWatch.5, following the alarm's
actions to an SNS topic with a subscriber). An alarm without alarm actions notifies nobody and does
not count; alarm actions known only at deployment are TL002; whether the topic has a subscriber
needs live data.

The filter pattern is read for what it selects, not compared as text: `{ ($.eventName =
StopLogging) || ... }`, `{ $.eventName = "*Trail" || $.eventName = "*Logging" }` and
`?StopLogging ?DeleteTrail ...` all count, and several filters with alarms add up. A condition on
another field (`$.errorCode NOT EXISTS`, `$.userIdentity.type != ...`) leaves some of those calls
out, so such a filter does not count for them. A pattern trail-lint cannot read (regular
expressions, space-delimited patterns) or that is not known before deployment, a log group that
the inputs do not define (no log group and no metric filter on it), or an alarm whose metric is
not known is reported as TL002 (a namespace or metric name that the filter and the alarm both take
from one Terraform variable or template parameter without a value is the same whatever it turns out
to be, and a metric of another name is another metric whatever its namespace), once per log group however many trails send to it, naming the
metric filters that leave it open (a filter that selects none of those calls is no reason). So is a
metric filter or alarm behind a CloudFormation condition: it may not be deployed, so it never
settles the check. So are the filters and alarms a template may declare where trail-lint does not
read it (an `AWS::Include` snippet, an `Fn::ForEach` loop whose collection is not known). A log
group the inputs do not define is one TL002 however many trails send to it (its ARN names its
account and Region), at the first of them. Trails that do
not send to CloudWatch Logs are TL306's.

## Fix
Terraform: an `aws_cloudwatch_log_metric_filter` on the trail's log group with
`pattern = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }"`
and a `metric_transformation`, plus an `aws_cloudwatch_metric_alarm` on that metric
(`metric_name`, `namespace`, `threshold = 1`, `alarm_actions` = an SNS topic).
CloudFormation: an `AWS::Logs::MetricFilter` with that `FilterPattern` and
`MetricTransformations`, plus an `AWS::CloudWatch::Alarm` with the same `MetricName` and `Namespace`.
CLI: `aws logs put-metric-filter --log-group-name GROUP --filter-name trail-changes
--filter-pattern '{ ($.eventName = CreateTrail) || ... }' --metric-transformations
metricName=TrailChanges,metricNamespace=CISBenchmark,metricValue=1`, then
`aws cloudwatch put-metric-alarm --alarm-name trail-changes --metric-name TrailChanges
--namespace CISBenchmark --statistic Sum --period 300 --threshold 1
--comparison-operator GreaterThanOrEqualToThreshold --evaluation-periods 1 --alarm-actions TOPIC_ARN`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
- https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
- https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
"""
from collections.abc import Iterator

from trail_lint.delivery_problems import reported as reader_reported
from trail_lint.filter_pattern import PatternError, parse, selects
from trail_lint.model import UNKNOWN, At, Inventory, MetricFilter, Problem, Trail, Tri, all_of, any_of
from trail_lint.monitoring import alarmed, in_inputs, log_group, watches
from trail_lint.problems import and_others, few, first_to_name, shared_cause, trail_problem
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import is_log_group_arn
from trail_lint.scope.home import shadow_placed

EVENTS = ("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")
SOURCE = "cloudtrail.amazonaws.com"


def check(inventory: Inventory) -> Iterator[Problem]:
    absent: dict[str | int, list[Trail]] = {}
    # log group -> the trails whose verdict on it is undecided, and what leaves it open
    undecided: dict[tuple[str, str], tuple[list[Trail], dict[tuple[str, str], None]]] = {}
    for trail in inventory.live_trails():
        arn = trail.cloudwatch_logs_group_arn
        if arn is None or isinstance(arn, str) and not is_log_group_arn(arn):
            continue    # no log group: TL219 says so
        name = log_group(inventory, trail)
        group = _log_group(name or trail.cloudwatch_logs_group_ref)
        at = trail.origin.of("cloudwatch_logs_group_arn")
        if not in_inputs(inventory, trail) and not isinstance(trail.cloudwatch_logs_group_arn, str) \
                and reader_reported(inventory, (at,)):
            continue    # a reader says already that the log group is not known (the trail's Properties)
        if not in_inputs(inventory, trail):
            # One log group (its ARN names its account and Region), one finding however many trails send to it.
            absent.setdefault(arn.removesuffix(":*") if name and isinstance(arn, str) else id(trail), []).append(trail)
            continue
        caught: dict[str, list[Tri]] = {event: [] for event in EVENTS}
        reported = False
        open_: dict[tuple[str, str], None] = {}     # what leaves a filter's say open, in input order
        for metric_filter in inventory.metric_filters:
            on_group = watches(metric_filter, trail, name)
            if on_group is False:
                continue
            selected = _selected(metric_filter)
            if isinstance(selected, Problem):
                yield selected
                reported, selected = True, None
            ringing = alarmed(metric_filter, inventory.alarms)
            # a filter behind a CloudFormation condition may not be there: it never settles the check
            there: Tri = UNKNOWN if metric_filter.conditional else True
            says = [all_of((on_group, UNKNOWN if selected is None else selected[event], ringing, there))
                    for event in EVENTS]
            for event, say in zip(EVENTS, says):
                caught[event].append(say)
            if UNKNOWN in says:     # a filter that cannot catch any of the events is no reason
                open_.update(dict.fromkeys(_open(metric_filter, on_group, selected, ringing, inventory)))
        verdicts = {event: any_of(results) for event, results in caught.items()}
        missing = [event for event in EVENTS if verdicts[event] is False]
        if missing:
            yield trail_problem(trail, f"no metric filter with an alarm on {group} of trail {trail.label!r} "
                                       f"selects every {', '.join(missing)} event", at, subject="trail-change-alarm")
        elif not reported and any(verdict is not True for verdict in verdicts.values()):
            # One log group, one finding however many trails send to it (and the same unknowns).
            place = (str(name or trail.cloudwatch_logs_group_ref or id(trail)), trail.origin.file)
            undecided.setdefault(place, ([], {}))[0].append(trail)
            undecided[place][1].update(open_)
    for trails, why in undecided.values():
        first = trails[0]
        group = _log_group(log_group(inventory, first) or first.cloudwatch_logs_group_ref)
        by_kind: dict[str, list[str]] = {}
        for kind, shown in why:
            by_kind.setdefault(kind, []).append(shown)
        reasons = "; ".join(kind.format(f"metric filter{'s' if len(shown) > 1 else ''} {few(shown)}")
                            for kind, shown in by_kind.items())
        yield _unresolved(first, f"whether an alarm on {group} of trail {first.label!r}"
                                 f"{and_others(len(trails) - 1)} catches changes to trails is not known: "
                                 f"{reasons or 'values not known offline'}", first.origin.of("cloudwatch_logs_group_arn"))
    # computed once: the organization trail's log group is named by every member account's shadow copy
    shadows = shadow_placed(inventory) if any(len(trails) > 1 for trails in absent.values()) else frozenset()
    for key, trails in absent.items():
        yield _not_in_inputs(inventory, first_to_name(trails, shadows), key if isinstance(key, str) else None)


def _not_in_inputs(inventory: Inventory, trails: list[Trail], arn: str | None) -> Problem:
    """A log group no input defines, said once at the first trail that sends to it (first_to_name);
    with the trails sending to it counted (SharedCause), when its ARN is known."""
    first = trails[0]
    said = f"{_log_group(log_group(inventory, first) or first.cloudwatch_logs_group_ref)} of trail {first.label!r}"
    found = _unresolved(first, f"{said}{and_others(len(trails) - 1)} is not in the inputs: its metric filters and "
                               f"alarms are not checked", first.origin.of("cloudwatch_logs_group_arn"))
    return found if arn is None else replace(found, shared_cause=shared_cause(f"log-group:{arn}", trails, said))


def _log_group(name: str | None) -> str:
    """How a message names the trail's log group: by name, else (an ARN known only at deployment) not."""
    return f"log group {name!r}" if name else "the log group"


def _selected(metric_filter: MetricFilter) -> dict[str, Tri] | Problem | None:
    """Which of EVENTS the filter selects; None when its pattern is not known; a TL002 Problem when unreadable."""
    if not isinstance(metric_filter.pattern, str):
        return None
    try:
        pattern = parse(metric_filter.pattern)
    except PatternError as error:
        shown = metric_filter.origin.resource or metric_filter.name
        return Problem(f"filter pattern of metric filter {shown!r} cannot be read: {error}",
                       metric_filter.origin.of("pattern"), resource=metric_filter.origin.resource,
                       subject="filter-pattern", undecided=True)
    return {event: selects(pattern, {"eventName": event, "eventSource": SOURCE}) for event in EVENTS}


_NO_METRIC = "whether an alarm watches the metric of {} (a metric name or namespace is known only at deployment)"
_CONDITIONAL_ALARM = "the alarm on the metric of {} (behind a template condition)"
_NO_ACTION = "whether the alarm on the metric of {} notifies anyone (its alarm actions are known only at deployment)"


def _open(metric_filter: MetricFilter, on_group: Tri, selected: dict[str, Tri] | None, ringing: Tri,
          inventory: Inventory) -> list[tuple[str, str]]:
    """What of a metric filter is not known, as (what, the filter shown), where it could decide the check."""
    shown = repr(metric_filter.origin.resource or metric_filter.name)
    if metric_filter.unread:    # not a metric filter: the part of the template that is not read
        unread = f"the metric filters and alarms {shown} may declare".replace("{", "{{").replace("}", "}}")
        return [(unread, shown)]
    said = []
    if metric_filter.conditional:
        said.append(("{} (behind a template condition)", shown))
    if on_group is UNKNOWN:
        said.append(("the log group of {}", shown))
    if selected is None:
        said.append(("the filter pattern of {}", shown))
    if ringing is UNKNOWN:
        certain = [alarm for alarm in inventory.alarms if not alarm.conditional]
        if alarmed(metric_filter, certain) is False:
            said.append((_CONDITIONAL_ALARM, shown))
        elif alarmed(metric_filter, [replace(alarm, notifies=True) for alarm in certain]) is True:
            said.append((_NO_ACTION, shown))
        else:
            said.append((_NO_METRIC, shown))
    return said


def _unresolved(trail: Trail, message: str, at: At) -> Problem:
    return replace(trail_problem(trail, message, at, subject="trail-change-alarm"), undecided=True)


RULE = Rule(id="TL314", name="no-trail-change-alarm", severity=Severity.WARNING, applies_to=Inventory, check=check,
            doc=__doc__, controls=("CloudWatch.5", "CIS-1.4:4.5", "CIS-3.0:4.5", "CIS-5.0:4.5"))
