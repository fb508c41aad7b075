"""The trail records events in its home Region only.

## Why it matters
A single-Region trail sees nothing of what happens in the other Regions, including Regions
nobody uses on purpose, where an intruder's resources would go unnoticed; since 2021-11-22 it
also receives global service events (IAM, STS, CloudFront) only if its home Region is
us-east-1. Security Hub (CloudTrail.1) and CIS 3.1 ask for at least one multi-Region trail.

A single-Region trail is a legitimate choice beside a multi-Region trail (or an organization
trail) that already records every Region: for example a trail that records the data events
of one workload's buckets, or a trail a Region-bound team owns. This finding is information
for such trails; TL304 and TL308 report the Regions and global events that no trail records,
and say when the inputs show no multi-Region trail at all.

A value not known offline (a CloudFormation parameter without a value or another stack's export,
a Terraform variable without one, a value a plan knows only after apply) may turn out `false`: the
check is reported as TL002 at the value, in the one TL002 the reader gives for it where it gives
one, naming this rule.

## Fix
Terraform: `is_multi_region_trail = true`.
CloudFormation: `IsMultiRegionTrail: true`.
CLI: `aws cloudtrail update-trail --name NAME --is-multi-region-trail`.
Or keep the trail and ignore this rule for it (`ignores:` in `.trail-lint.yaml`) when a
multi-Region trail records every Region.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-multi-region-trails.html
- https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail
from trail_lint.problems import MULTI_REGION, trail_problem, undecided_setting
from trail_lint.rule import Rule, Severity


def check(trail: Trail) -> Iterator[Problem]:
    if trail.multi_region is False:
        where = f" ({trail.region})" if isinstance(trail.region, str) else ""
        yield trail_problem(trail, f"trail {trail.label!r} records events in its home Region{where} only",
                            trail.origin.of("multi_region"))
    elif trail.multi_region is UNKNOWN:
        yield undecided_setting(trail, "multi_region", MULTI_REGION)


RULE = Rule(id="TL316", name="trail-single-region", severity=Severity.INFO, applies_to=Trail, check=check,
            doc=__doc__, controls=("CloudTrail.1", "CIS-1.4:3.1", "CIS-3.0:3.1", "CIS-5.0:3.1",
                      "Config:multi-region-cloudtrail-enabled", "Config:cloudtrail-security-trail-enabled"))
