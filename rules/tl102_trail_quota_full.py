"""An account and Region would hold exactly 5 trails, or may exceed 5 if conditional trails are created.

## Why it matters
At 5 trails the Region is full: the next team's trail (or a multi-Region trail created in
any other Region) will fail with `MaximumNumberOfTrailsExceededException`. Trails that
may not exist (a CloudFormation `Condition`, a Terraform `count` or `for_each` not known
offline) are counted here as "may exist": if they are created, the quota is exceeded. Trails are counted per account and Region as for TL101, at the peak
during apply (the old trail of a `create_before_destroy` replacement still counts). Whether an
organization trail counts against a member account's quota is not documented: where the
member's own trails and the organization trails over it would make exactly 5, that is a TL002
naming this rule, which says so, once per account (naming the other Regions where it holds). So
is a Region an organization trail fills that an account other than the management account
creates as a CloudTrail delegated administrator: the management account owns it, and whose
quota it takes is not documented (TL101).

## Fix
Terraform: consolidate trails before adding more: one multi-Region trail with event
selectors for each team's data events usually replaces several `aws_cloudtrail` resources.
CloudFormation: consolidate `AWS::CloudTrail::Trail` resources, or make sure conditional
trails are mutually exclusive with existing ones.
CLI: `aws cloudtrail describe-trails --region REGION` to review which trails are still needed.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
"""
from collections.abc import Iterator

from trail_lint.delegation import the_management_account
from trail_lint.model import Inventory, Problem
from trail_lint.quota import (
    DELEGATED_QUOTA_OPEN,
    TRAILS_PER_REGION,
    RegionCount,
    created_as_delegate,
    names,
    newest,
    of_other_accounts,
    organization_trails,
    per_account,
    region_counts,
)
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    organization = organization_trails(inventory)
    management = the_management_account(inventory)
    open_: list[tuple[RegionCount, Problem]] = []       # said once per account: quota.per_account
    delegated: list[tuple[RegionCount, Problem]] = []
    for count in region_counts(inventory):
        certain, maybe = len(count.peak), len(count.conditional)
        where = count.region_label
        if certain > TRAILS_PER_REGION:
            continue  # TL101
        others = of_other_accounts(organization, count) if count.peak and certain < TRAILS_PER_REGION else ()
        if others and certain + len(others) == TRAILS_PER_REGION:
            trail = newest(count.certain or count.peak)
            open_.append((count, Problem(f"{where} would hold {TRAILS_PER_REGION} trails with the organization "
                          f"trail{'s' if len(others) > 1 else ''} of another account, the quota of "
                          f"{TRAILS_PER_REGION}: no room for another trail ({names(count.peak + others, count.region)})",
                          at=trail.origin.at, resource=trail.origin.resource or trail.label,
                          account=count.account_id, region=count.region_name,
                          subject=f"quota-organization:{count.region}", undecided=True)))
        if certain + maybe > TRAILS_PER_REGION:
            trail = newest(count.conditional)
            message = (f"{certain} trails in {where} and {maybe} more if their conditions hold "
                       f"({names(count.conditional, count.region)}): the quota of {TRAILS_PER_REGION} may be exceeded")
        elif certain == TRAILS_PER_REGION and (delegate := created_as_delegate(count, management)):
            trail = newest(count.certain or count.peak)
            delegated.append((count, Problem(
                f"{where} would hold {certain} trails with the organization trail{'s' if len(delegate) > 1 else ''} "
                f"{names(delegate, count.region)} that {count.account_label} creates as a delegated administrator, "
                f"the quota of {TRAILS_PER_REGION}: no room for another trail ({names(count.peak, count.region)})",
                at=trail.origin.at, resource=trail.origin.resource or trail.label, account=count.account_id,
                region=count.region_name, subject=f"quota-delegated:{count.region}", undecided=True)))
            continue
        elif certain == TRAILS_PER_REGION:
            trail = newest(count.certain or count.peak)
            during = " during apply" if count.replaced else ""
            message = (f"{where} would hold {certain} trails{during}, the quota of {TRAILS_PER_REGION}: "
                       f"no room for another trail ({names(count.peak, count.region)})")
        else:
            continue
        yield Problem(message, at=trail.origin.at, resource=trail.origin.resource or trail.label,
                      account=count.account_id, region=count.region_name, subject=f"quota:{count.region}")
    yield from per_account(open_)
    yield from per_account(delegated, DELEGATED_QUOTA_OPEN)


RULE = Rule(id="TL102", name="trail-quota-full", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
