"""A trail has more event selectors, data resources or advanced-selector values than CloudTrail accepts.

## Why it matters
PutEventSelectors rejects a trail with more than 5 basic event selectors, more than 250
data resources across them, or more than 500 values across all conditions of its advanced
event selectors (`InvalidEventSelectorsException`). The deployment fails, and the trail keeps
its old selectors. Values that log all resources of a type (`arn:aws:s3`, `arn:aws:lambda`,
`arn:aws:dynamodb`) do not count towards the 250. Terraform selector blocks written beside a
`dynamic` block over a value not known offline count: where they alone pass a limit, the trail
has at least that many.

## Fix
Terraform: merge `event_selector` blocks, log a whole type with `values = ["arn:aws:s3"]`,
or move to `advanced_event_selector` with `starts_with` conditions.
CloudFormation: merge `EventSelectors`, or use `AdvancedEventSelectors` with `StartsWith`.
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --advanced-event-selectors file://selectors.json`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
"""
from collections.abc import Iterator

from trail_lint.model import FIELD_OPERATORS, At, Problem, Trail
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.selectors.recording import WHOLE_TYPE, known_selectors

MAX_SELECTORS, MAX_DATA_RESOURCES, MAX_ADVANCED_VALUES = 5, 250, 500


def check(trail: Trail) -> Iterator[Problem]:
    # the selectors known to be the trail's: where more not known offline may be beside them, a count
    # over the limit already is "at least" that many
    basic, advanced = known_selectors(trail)
    basic_more = "at least " if not isinstance(trail.event_selectors, tuple) else ""
    if len(basic) > MAX_SELECTORS:
        first_over = basic[MAX_SELECTORS].origin
        yield _problem(trail, f"trail {trail.label!r} has {basic_more}{len(basic)} event selectors; "
                              f"the limit is {MAX_SELECTORS}", "event_selectors",
                       first_over.at if first_over else None)
    values = [v for s in basic if isinstance(s.data_resources, tuple) for r in s.data_resources
              if isinstance(r.values, tuple) for v in r.values if v not in WHOLE_TYPE]
    if len(values) > MAX_DATA_RESOURCES:
        yield _problem(trail, f"trail {trail.label!r} lists {basic_more}{len(values)} data resources; "
                              f"the limit is {MAX_DATA_RESOURCES} per trail", "event_selectors")
    count = sum(len(getattr(f, op)) for s in advanced if isinstance(s.fields, tuple) for f in s.fields
                for op in FIELD_OPERATORS if isinstance(getattr(f, op), tuple))
    if count > MAX_ADVANCED_VALUES:
        more = "at least " if not isinstance(trail.advanced_selectors, tuple) else ""
        yield _problem(trail, f"trail {trail.label!r} uses {more}{count} values in its advanced event "
                              f"selectors; the limit is {MAX_ADVANCED_VALUES} per trail", "advanced_selectors")


def _problem(trail: Trail, message: str, field: str, at: At | None = None) -> Problem:
    return trail_problem(trail, message, at or trail.origin.of(field))


RULE = Rule(id="TL103", name="event-selector-limits", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
