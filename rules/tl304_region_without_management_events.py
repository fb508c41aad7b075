"""No trail records management events in a Region in scope.

## Why it matters
Management events are the audit record of who changed what: IAM policies, security
groups, trails themselves. A Region no trail records is a blind spot, and attackers like
to work in Regions nobody watches. Event history keeps 90 days of management events, but
cannot be protected, exported or alerted on like a trail.

trail-lint checks the Regions listed in `regions` in `.trail-lint.yaml`. Without that list it
checks the Regions the inputs name, but only for an account whose describe-trails output is
among the inputs: a plan or template shows only the trails it manages, not the
organization trail or the trails of other stacks, so a gap it seems to leave is not certain. A multi-Region trail covers every Region; an organization
trail covers the accounts of the run (taken to be members of its organization); a trail
known not to be logging covers nothing. A trail whose logging state the inputs do not give
(describe-trails output without get-trail-status) is assumed to log, and a trail whose
selectors are not known is assumed to cover, so only a certain gap is reported. Where the only
trails that may cover a Region are ones describe-trails lists with custom event selectors
(`HasCustomEventSelectors: true`) whose get-event-selectors output is not among the inputs, the
Region is reported as TL002 naming those trails instead of silently passing. A trail
behind a CloudFormation condition may not exist, so it does not close the gap; the
message names it. When two or more conditional trails of one template would cover the
Region, nothing is reported: such trails are usually either/or variants (for example an
internal and an external log bucket) of which one always exists.
When no trail in the inputs is multi-Region, the message says so: Security Hub
(CloudTrail.1) and CIS 3.1 ask for at least one multi-Region trail.

One root cause, one finding: a Region where trails record only part of the management events
(write-only, read-only, or without the KMS or RDS Data API events) is not reported here but by
TL305, which names the trail and what it leaves out. TL304 reports a Region where no trail
records any management event.

## Fix
Terraform: `is_multi_region_trail = true` on one trail that records all management events
(no `event_selector`, or one with `include_management_events = true` and `read_write_type = "All"`).
CloudFormation: `IsMultiRegionTrail: true` on such a trail.
CLI: `aws cloudtrail update-trail --name NAME --is-multi-region-trail`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-multi-region-trails.html
"""
from collections.abc import Iterator

from trail_lint.model import At, Inventory, Problem, Snapshot, Trail
from trail_lint.problems import delivers, names, no_multi_region
from trail_lint.rule import Rule, Severity
from trail_lint.scope.absence import NOT_CONFIGURED, Listings, RegionScope, absence_scope, configured_regions
from trail_lint.scope.placement import accounts, placement
from trail_lint.scope.regional import Reach
from trail_lint.scope.trail_scope import account_id
from trail_lint.selectors.recording import recorded
from trail_lint.selectors.undecided import uncertain_gap


def check(inventory: Inventory, options: RegionScope = NOT_CONFIGURED) -> Iterator[Problem]:
    yield from _empty_listings(inventory)
    live, listings = placement(inventory), Listings.of(inventory)
    # A trail that records part of the management events is TL305's finding, not a gap here.
    records = {id(t): delivers(t) is not False and recorded(inventory, t).management.records is not False
               for t in live.trails}
    untied: dict[str, list[Trail]] = {}     # Region -> covering trails: the same for every untied scope
    for account in accounts(inventory):
        regions = absence_scope(inventory, account, options.regions, listings)
        if not regions:
            continue
        trails = live.possible(account)
        snapshots = listings.of_account(account)
        if not trails and not snapshots:
            continue
        reach = None
        for region in regions:
            if account_id(account) is None and region in untied:
                covering = untied[region]
            else:
                reach = reach or Reach.of(t for t in trails if records[id(t)])
                covering = reach.may_record(region)     # its order is not used: names() sorts, variants() counts
                if account_id(account) is None:
                    untied[region] = covering
            instead = uncertain_gap(inventory, covering, "management")
            if instead is not None:
                yield from instead
                continue
            message = f"no trail records management events in {region}"
            if account_id(account):
                message += f" for account {account}"
            if covering:
                message += f"; {names(covering)} would, but may not exist"
            if no_multi_region(trails):
                message += "; no trail in the inputs is multi-Region"
            yield Problem(message, at=_anchor(trails, snapshots, region), account=account_id(account), region=region,
                          subject=f"management:{account}:{region}")


def _empty_listings(inventory: Inventory) -> Iterator[Problem]:
    """describe-trails output that lists no trail at all, taken in a Region nobody named.

    describe-trails includes shadow copies of multi-Region trails and organization trails, so an
    empty list means no trail logs anything in the Region it was taken in, whichever that is.
    (With --region the listing names its Region, and the check below covers it.)
    """
    for snapshot in inventory.snapshots:
        if snapshot.trail_count == 0 and not isinstance(snapshot.region, str):
            yield Problem("no trail records management events in the Region this describe-trails output was "
                          "taken in: it lists no trail (pass --region to name the Region)",
                          at=snapshot.origin.at, account=snapshot.account,
                          subject=f"management:empty:{snapshot.origin.file}")


def _anchor(trails: list[Trail], snapshots: list[Snapshot], region: str) -> At:
    """Where to report a Region-wide gap: that Region's describe-trails output, else a trail."""
    for snapshot in snapshots:
        if snapshot.region == region:
            return snapshot.origin.at
    homed = [t for t in trails if t.region == region and t.organization is not True]
    if homed or trails:
        return (homed or trails)[0].origin.at
    return snapshots[0].origin.at


RULE = Rule(id="TL304", name="region-without-management-events", severity=Severity.ERROR,
            applies_to=Inventory, check=check, doc=__doc__,
            controls=("CloudTrail.1", "CloudTrail.3", "CIS-1.4:3.1", "CIS-3.0:3.1", "CIS-5.0:3.1",
                      "Config:cloudtrail-enabled", "Config:multi-region-cloudtrail-enabled",
                      "Config:cloudtrail-security-trail-enabled"),
            configure=configured_regions)
