"""The trail's Insights selectors analyse management or data events the trail does not record.

## Why it matters
CloudTrail Insights on management events baselines the management events the trail itself
logs: `ApiCallRateInsight` analyses write-only management API calls, so it needs the trail to
log **write** management events; `ApiErrorRateInsight` needs read or write management events.
An Insights selector on a trail that records no such events produces no Insights events,
while the configuration suggests that unusual API activity is watched. (Insights selectors
on data events, `EventCategories: [Data]`, analyse the data events the trail logs: either type
needs the trail to log read or write data events, so one on a trail that logs no data events is
reported too.)
When describe-trails says the trail has Insights selectors (`HasInsightSelectors: true`) but
its get-insight-selectors output is not among the inputs, and the trail is not known to record
write management events, the check is reported as TL002; so is an Insights selector on a trail
whose event selectors are not given (`HasCustomEventSelectors: true` without get-event-selectors).

## Fix
Record the management events the Insights type needs on this trail, or remove the Insights
selector and enable it on the trail that records them.
Terraform: an `event_selector` with `include_management_events = true` and
`read_write_type = "All"` (or `"WriteOnly"` for `ApiCallRateInsight`), or drop the `insight_selector`.
CloudFormation: `IncludeManagementEvents: true` with `ReadWriteType: All` in `EventSelectors`,
or drop the `InsightSelectors` entry.
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --event-selectors
'[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`, or
`aws cloudtrail put-insight-selectors --trail-name NAME --insight-selectors '[]'`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_InsightSelector.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, At, Insight, Problem, Trail, Tri
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.selectors.recording import data_events, management_events
from trail_lint.selectors.undecided import insights_unread, selectors_not_given, selectors_unread

# What each Insights type on management events needs the trail to record (user guide, "Working with CloudTrail Insights").
NEEDS = {"ApiCallRateInsight": "write management events", "ApiErrorRateInsight": "read or write management events"}


def check(trail: Trail) -> Iterator[Problem]:
    if not isinstance(trail.insights, tuple):
        unread = insights_unread(trail)
        # an Insights type may analyse what it does not record
        if unread and management_events(trail).write is not True:
            yield unread
        return
    if not trail.insights:      # most trails: what they record is not needed
        return
    coverage = management_events(trail)
    recorded: dict[str, Tri] = {"ApiCallRateInsight": coverage.write, "ApiErrorRateInsight": coverage.records}
    for index, insight in enumerate(trail.insights):
        if not isinstance(insight.type, str) or insight.type not in NEEDS:
            continue            # unknown, or a type TL210-style validation reports
        if not isinstance(insight.categories, tuple):
            continue
        if "Data" in insight.categories:
            yield from _data_insight(trail, insight, index)
        if "Management" not in insight.categories:
            continue
        if recorded[insight.type] is UNKNOWN and selectors_not_given(trail):
            yield selectors_unread(trail)
        elif recorded[insight.type] is False:
            listed = trail.origin.of("insights")
            at = insight.at or At(listed.file, listed.path + (index,))
            yield trail_problem(trail, f"{insight.type} on trail {trail.label!r} analyses {NEEDS[insight.type]}, "
                                       f"which the trail does not record", at,
                                subject=f"insights:{insight.type}")


def _data_insight(trail: Trail, insight: Insight, index: int) -> Iterator[Problem]:
    """Insights on data events need the trail to log read or write data events."""
    scopes = data_events(trail)
    if scopes is UNKNOWN and selectors_not_given(trail):
        yield selectors_unread(trail)
    elif scopes == ():
        listed = trail.origin.of("insights")
        at = insight.at or At(listed.file, listed.path + (index,))
        yield trail_problem(trail, f"{insight.type} on data events on trail {trail.label!r} analyses data events, "
                                   f"which the trail does not record", at,
                            subject=f"insights:{insight.type}:data")


RULE = Rule(id="TL317", name="insights-record-nothing", severity=Severity.WARNING, applies_to=Trail, check=check,
            doc=__doc__)
