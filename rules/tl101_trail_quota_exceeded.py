"""More than 5 trails would exist in one account and Region.

## Why it matters
CloudTrail allows 5 trails per Region in an account and the quota cannot be raised. A
multi-Region trail counts once in every Region of its partition (never in another's: a trail of
us-east-1 takes no room in cn-north-1), so a team's new single-Region trail can be
the sixth in a Region it never looked at. CreateTrail then fails with
`MaximumNumberOfTrailsExceededException`, half-way through a deployment.

trail-lint counts the trails of every input of the run together (plans, templates,
describe-trails output), never counts one trail twice, leaves out trails a plan deletes,
and counts separately the trails that may not exist (a CloudFormation `Condition`, a Terraform
`count` or `for_each` not known offline).
Organization trails are counted in the account that owns them: whether a replicated
organization trail counts towards a member account's quota is not documented (an organization
trail is created even in a member account already at the quota). Where the member account's
own trails and the organization trails over it would exceed the quota, that is a TL002
naming this rule, which says so, once per account (naming the other Regions where it holds).
An organization trail that an account other than the management account creates (as a
CloudTrail delegated administrator, the only other account CreateTrail accepts it from) is owned
by the management account ("The organization's management account remains the owner of any
CloudTrail organization resources the delegated administrator creates"), and whose quota it
takes the pages do not say (creation fails where "the management account or delegated
administrator account" is at the quota, says "Prepare for creating a trail for your
organization"): it is counted in the account that creates it, and where it alone takes that
account over the quota, that is a TL002 naming this rule, once per account.

Trails are counted per account: the account of a trail's ARN, of `--account`, of the
`accounts:` configuration, or of the provider configuration itself (`allowed_account_ids`,
an `assume_role` ARN). Root modules and provider configurations that differ in `profile`,
`assume_role`, `allowed_account_ids` or credentials are separate accounts unless something
ties them; when pooling them would exceed the quota (a multi-Region trail pooled, as counted,
in the Regions of its own partition only), the count is undecided and reported as TL002, never
as TL101. Trails of one provider configuration share its Region even when the
Region is a variable without a value, and trails of one CloudFormation stack share the
stack's Region: six of them exceed the quota whichever Region it is.

The count is the peak during apply: a replacement with `create_before_destroy` (plan
actions `["create", "delete"]`) creates the new trail before it deletes the old one, so both
count; a replacement that deletes first (`["delete", "create"]`) does not raise the peak.

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
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-an-organizational-trail-prepare.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-getting-started.html
- https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#create_before_destroy
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs#argument-reference
"""
from collections.abc import Iterator

from trail_lint.delegation import the_management_account
from trail_lint.model import Inventory, Problem
from trail_lint.problems import few, listed
from trail_lint.quota import (
    DELEGATED_QUOTA_OPEN,
    TRAILS_PER_REGION,
    Pool,
    RegionCount,
    created_as_delegate,
    largest_pool,
    names,
    newest,
    of_other_accounts,
    organization_trails,
    per_account,
    region_counts,
)
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    counts = region_counts(inventory)
    organization = organization_trails(inventory)
    management = the_management_account(inventory)
    open_: list[tuple[RegionCount, Problem]] = []       # said once per account: quota.per_account
    delegated: list[tuple[RegionCount, Problem]] = []
    for count in counts:
        peak = count.peak
        trail = newest(count.certain or peak) if peak else None
        delegate = created_as_delegate(count, management)
        if len(peak) > TRAILS_PER_REGION >= len(peak) - len(delegate) and trail is not None:
            delegated.append((count, Problem(
                f"{len(peak)} trails would exist in {_where(count)} with the organization "
                f"trail{'s' if len(delegate) > 1 else ''} {names(delegate, count.region)} that {count.account_label} "
                f"creates as a delegated administrator, over the quota of {TRAILS_PER_REGION} per Region: "
                f"{names(peak, count.region)}",
                at=trail.origin.at, resource=trail.origin.resource or trail.label, account=count.account_id,
                region=count.region_name, subject=f"quota-delegated:{count.region}", undecided=True)))
        elif len(peak) > TRAILS_PER_REGION and trail is not None:
            yield Problem(
                f"{len(peak)} trails would exist in {_where(count)}{' during apply' if count.replaced else ''}, "
                f"over the quota of {TRAILS_PER_REGION} per Region: {names(peak, count.region)}{_replacing(count)}",
                at=trail.origin.at, resource=trail.origin.resource or trail.label,
                account=count.account_id, region=count.region_name, subject=f"quota:{count.region}")
        elif trail is not None and (others := of_other_accounts(organization, count)) and \
                len(peak) + len(others) > TRAILS_PER_REGION:
            open_.append((count, Problem(
                f"{len(peak) + len(others)} trails would exist in {_where(count)} with the organization "
                f"trail{'s' if len(others) > 1 else ''} of another account, over the quota of {TRAILS_PER_REGION} "
                f"per Region: {names(peak + others, count.region)}",
                at=trail.origin.at, resource=trail.origin.resource or trail.label, account=count.account_id,
                region=count.region_name, subject=f"quota-organization:{count.region}", undecided=True)))
    yield from per_account(open_)
    yield from per_account(delegated, DELEGATED_QUOTA_OPEN)
    found = largest_pool(inventory, counts)
    if found is not None:
        yield _undecided(*found)


def _undecided(pool: Pool, regions: set[str]) -> Problem:
    """One TL002 for the run: the largest count that pooling untied scopes could reach."""
    trail = newest(pool.trails)
    regions = regions - {pool.region}
    elsewhere = f"; likewise in {len(regions)} more Region{'s' if len(regions) > 1 else ''}" if regions else ""
    return Problem(
        f"{len(pool.trails)} trails would exist in {pool.region_label} if {few(pool.labels)} are one account, over "
        f"the quota of {TRAILS_PER_REGION} per Region ({few(sorted(t.label for t in pool.trails), 8)}){elsewhere}: "
        f"pass --account, or name each one's account under `accounts:` in .trail-lint.yaml",
        at=trail.origin.at, resource=trail.origin.resource or trail.label, subject="quota-pool", undecided=True)


def _where(count: RegionCount) -> str:
    return count.region_label if count.region_name else f"{count.region_label} (not known, whichever it is)"


def _replacing(count: RegionCount) -> str:
    """Why the peak during apply is higher than the end state: create_before_destroy replacements."""
    if not count.replaced:
        return ""
    olds = listed(sorted(t.label for t in count.replaced))
    return f" ({olds} deleted only after {'its replacement is' if len(count.replaced) == 1 else 'their replacements are'} " \
           f"created: create_before_destroy)"


RULE = Rule(id="TL101", name="trail-quota-exceeded", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
