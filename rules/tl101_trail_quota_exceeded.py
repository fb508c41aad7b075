"""More than 5 trails would exist in one account and Region.

## Why it matters
CloudTrail allows 5 trails per Region in an account and the quota cannot be raised. A
multi-Region trail counts once in every Region, so a team's new single-Region trail can be
the sixth in a Region it never looked at. CreateTrail then fails with
`MaximumNumberOfTrailsExceededException`, half-way through a deployment.

trail-lint counts the trails of every input of the run together (plans, templates,
describe-trails output), never counts one trail twice, leaves out trails a plan deletes,
and counts CloudFormation trails behind a `Condition` separately (they may not exist).
Organization trails are counted in the account that owns them: whether a replicated
organization trail counts towards a member account's quota is not documented.

## Fix
Terraform: delete the surplus `aws_cloudtrail` resource, or merge trails: one multi-Region
trail with several event selectors can replace several single-Region trails.
CloudFormation: delete a surplus `AWS::CloudTrail::Trail`, or fold its selectors into an
existing trail.
CLI: `aws cloudtrail describe-trails --region REGION` to list them, then
`aws cloudtrail delete-trail --name NAME` for one you do not need.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html
"""
from collections.abc import Iterator

from trail_lint.model import Inventory, Problem
from trail_lint.quota import TRAILS_PER_REGION, names, newest, region_counts
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    for count in region_counts(inventory):
        if len(count.certain) > TRAILS_PER_REGION:
            trail = newest(count.certain)
            yield Problem(
                f"{len(count.certain)} trails would exist in {count.region}, over the quota of "
                f"{TRAILS_PER_REGION} per Region: {names(count.certain, count.region)}",
                at=trail.origin.at, resource=trail.origin.resource or trail.label,
                account=count.account, region=count.region, subject=f"quota:{count.region}")


RULE = Rule(id="TL101", name="trail-quota-exceeded", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
