"""A multi-Region trail turns off global service events, which the API rejects.

## Why it matters
CreateTrail and UpdateTrail fail with `InvalidParameterCombinationException: Multi-Region
trail must include global service events.` The API Reference does not state this rule in
words; the error text is observed in many public reports (for example
hashicorp/terraform#4723).

## Fix
Terraform: remove `include_global_service_events = false` (the default is true).
CloudFormation: remove `IncludeGlobalServiceEvents: false` or set it to `true`.
CLI: `aws cloudtrail update-trail --name NAME --is-multi-region-trail --include-global-service-events`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html
"""
from collections.abc import Iterator

from trail_lint.model import Problem, Trail
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity


def check(trail: Trail) -> Iterator[Problem]:
    if trail.multi_region is True and trail.include_global_events is False:
        yield trail_problem(trail, f"multi-Region trail {trail.label!r} turns off global service events",
                            trail.origin.of("include_global_events"))


RULE = Rule(id="TL202", name="multi-region-without-global-events", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
