"""A trail has both basic and advanced event selectors.

## Why it matters
PutEventSelectors takes one kind or the other, never both, and applying one kind replaces
the other. Terraform refuses the combination (`ConflictsWith`) and CloudFormation rejects
the template. The exact API exception is not documented; `InvalidEventSelectorsException`
is the likely one.

## Fix
Terraform: keep either the `event_selector` blocks or the `advanced_event_selector` blocks.
Advanced selectors can express everything basic ones can.
CloudFormation: keep either `EventSelectors` or `AdvancedEventSelectors`.
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --advanced-event-selectors file://selectors.json`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
"""
from collections.abc import Iterator

from trail_lint.model import Problem, Trail
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity


def check(trail: Trail) -> Iterator[Problem]:
    basic, advanced = trail.event_selectors, trail.advanced_selectors
    if isinstance(basic, tuple) and basic and isinstance(advanced, tuple) and advanced:
        yield trail_problem(trail, f"trail {trail.label!r} has both basic and advanced event selectors",
                            trail.origin.of("advanced_selectors"))


RULE = Rule(id="TL205", name="both-selector-kinds", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
