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

from trail_lint.model import UNKNOWN, Inventory, Problem, Recorded, Trail
from trail_lint.rule import Rule, Severity
from trail_lint.selectors import conditional, recorded, trail_problem


def delivery(trail: Trail, recorded: Recorded) -> tuple[object, ...] | None:
    """Where a trail delivers and what, or None when any part of it is not known."""
    coverage, data = recorded.management, recorded.data
    where = (trail.account, trail.organization, trail.multi_region, trail.s3_bucket, trail.s3_key_prefix,
             trail.logging is not False)
    known = (coverage.read, coverage.write, coverage.excluded, coverage.only)
    if UNKNOWN in where or UNKNOWN in known or not isinstance(data, tuple) or not isinstance(trail.s3_bucket, str) \
            or any(UNKNOWN in (s.read, s.write) for s in data):
        return None
    # Single-Region trails must share a Region; with none stated, only trails of one template or plan do.
    home = None if trail.multi_region is True else trail.region if isinstance(trail.region, str) \
        else None if trail.region is UNKNOWN else f"file:{trail.origin.file}"
    if home is None and trail.multi_region is not True:
        return None
    return (*where, home, coverage, frozenset(data))


def check(inventory: Inventory) -> Iterator[Problem]:
    # Each trail's key once, then grouped: every later trail with the key of an earlier one is its copy.
    first_of: dict[tuple[object, ...], Trail] = {}
    for trail in inventory.live_trails():
        if trail.logging is False:
            continue
        key = delivery(trail, recorded(inventory, trail))
        if key is None:
            continue
        first = first_of.setdefault(key, trail)
        if first is trail:
            continue
        prefix = f"/{trail.s3_key_prefix}" if trail.s3_key_prefix else ""
        message = f"trail {trail.label!r} delivers the same events as trail {first.label!r} to " \
                  f"s3://{trail.s3_bucket}{prefix}"
        if conditional(first) or conditional(trail):
            message += " (if both exist: one has a CloudFormation condition)"
        yield trail_problem(trail, message, trail.origin.of("s3_bucket"), subject=f"duplicate-of:{first.label}")


RULE = Rule(id="TL502", name="duplicate-trail", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
