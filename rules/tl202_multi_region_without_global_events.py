"""A multi-Region trail turns off global service events, which the API rejects.

## Why it matters
CreateTrail and UpdateTrail fail with `InvalidParameterCombinationException: Multi-Region
trail must include global service events.` The API Reference does not state this rule in
words; the error text is observed in many public reports (for example
hashicorp/terraform#4723).

A value not known offline (a CloudFormation parameter without a value or another stack's export,
a Terraform variable without one, a value a plan knows only after apply) may make that
combination: the multi-Region setting where global service events are off or not known, or the
global service events setting of a multi-Region trail. The check is then reported as TL002 at the
value, in the one TL002 the reader gives for it where it gives one, naming this rule.

A multi-Region setting and a global service events setting that a condition settled only at
deployment chooses (`IsMultiRegionTrail: !If [Everywhere, true, false]`, a Terraform conditional)
are fine where every case that makes the trail multi-Region keeps global service events (one
condition switching both); otherwise the check stays open as above.

## Fix
Terraform: remove `include_global_service_events = false` (the default is true).
CloudFormation: remove `IncludeGlobalServiceEvents: false` or set it to `true`.
CLI: `aws cloudtrail update-trail --name NAME --is-multi-region-trail --include-global-service-events`.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail
from trail_lint.problems import MULTI_REGION, on, trail_problem, undecided_setting
from trail_lint.rule import Rule, Severity
from trail_lint.switches import implies


def check(trail: Trail) -> Iterator[Problem]:
    multi, global_events = trail.multi_region, trail.include_global_events
    if "multi_region" in trail.branches or "include_global_events" in trail.branches:
        # chosen by conditions settled only at deployment: fine where every case that makes the trail
        # multi-Region also keeps global service events (one condition switching both)
        multi_on, global_on = on(trail, "multi_region"), on(trail, "include_global_events")
        if multi_on is not None and global_on is not None and implies(multi_on, global_on):
            return
    if multi is True and global_events is False:
        yield trail_problem(trail, f"multi-Region trail {trail.label!r} turns off global service events",
                            trail.origin.of("include_global_events"))
    elif multi is UNKNOWN and global_events is not True:
        yield undecided_setting(trail, "multi_region", MULTI_REGION)
    elif multi is True and global_events is UNKNOWN:
        yield undecided_setting(trail, "include_global_events", "the global service events setting")


RULE = Rule(id="TL202", name="multi-region-without-global-events", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
