"""Two trails deliver the same events to the same bucket and prefix.

## Why it matters
The second trail adds no information: the same events land twice under the same prefix,
the second management-event copy is billed (see TL501), data events are billed twice, and
the extra trail uses one of the 5 trails allowed per Region. trail-lint reports it only when
both trails are fully known: same account, same Regions, same bucket and prefix, and the
same management and data events.

## Fix
Terraform: delete one of the two `aws_cloudtrail` resources.
CloudFormation: delete one of the two `AWS::CloudTrail::Trail` resources.
CLI: `aws cloudtrail delete-trail --name NAME`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
"""
from collections.abc import Iterator
from itertools import combinations

from trail_lint.model import UNKNOWN, Inventory, Problem, Trail
from trail_lint.rule import Rule, Severity
from trail_lint.selectors import conditional, data_events, management_events, trail_problem


def delivery(trail: Trail) -> tuple[object, ...] | None:
    """Where a trail delivers and what, or None when any part of it is not known."""
    coverage, data = management_events(trail), data_events(trail)
    where = (trail.account, trail.organization, trail.multi_region, trail.s3_bucket, trail.s3_key_prefix,
             trail.logging is not False)
    known = (coverage.read, coverage.write, coverage.excluded, coverage.only)
    if UNKNOWN in where or UNKNOWN in known or data is UNKNOWN or not isinstance(trail.s3_bucket, str) \
            or any(UNKNOWN in (s.read, s.write) for s in data):  # type: ignore[union-attr]
        return None
    # Single-Region trails must share a Region; with none stated, only trails of one template or plan do.
    home = None if trail.multi_region is True else trail.region if isinstance(trail.region, str) \
        else None if trail.region is UNKNOWN else f"file:{trail.origin.file}"
    if home is None and trail.multi_region is not True:
        return None
    return where + (home, coverage, frozenset(data))  # type: ignore[arg-type]


def check(inventory: Inventory) -> Iterator[Problem]:
    trails = [t for t in inventory.live_trails() if t.logging is not False]
    reported: set[int] = set()
    for first, second in combinations(trails, 2):
        key = delivery(first)
        if key is None or id(second) in reported or key != delivery(second):
            continue
        reported.add(id(second))
        prefix = f"/{second.s3_key_prefix}" if second.s3_key_prefix else ""
        message = f"trail {second.label!r} delivers the same events as trail {first.label!r} to " \
                  f"s3://{second.s3_bucket}{prefix}"
        if conditional(first) or conditional(second):
            message += " (if both exist: one has a CloudFormation condition)"
        yield trail_problem(second, message, second.origin.of("s3_bucket"), subject=f"duplicate-of:{first.label}")


RULE = Rule(id="TL502", name="duplicate-trail", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
