"""No multi-Region trail records S3 object-level read (or write) events for every bucket.

## Why it matters
Management events show who changed a bucket's settings, not who read, wrote or deleted its
objects: those are S3 data events (`GetObject`, `PutObject`, `DeleteObject`, ...), which a trail
records only when its event selectors ask for them. CIS asks for object-level logging of write
events (v1.4 3.10, v3.0 and v5.0 3.8) and of read events (v1.4 3.11, v3.0 and v5.0 3.9) on a
multi-Region trail for every bucket.

Data events are charged per event, and read events on busy buckets can cost more than the rest
of CloudTrail together, so this rule is **opt-in**: it runs only when selected by its ID, its
name or one of its controls (`--select TL315`, `--select CIS-3.8`). A trail counts when it is
multi-Region, is not known to be stopped, and records `AWS::S3::Object` events for every bucket:
a basic selector whose values hold the whole type (`arn:aws:s3`, `arn:aws:s3:::`), or an advanced
selector on `resources.type` `AWS::S3::Object` with no `resources.ARN` or other narrowing
condition (a `resources.ARN` `StartsWith` `arn:aws:s3:::`, which begins every object's ARN, narrows
nothing). A trail whose selectors are not known may count; one whose selectors are written beside
others not known offline (a Terraform `dynamic` block) records at least what the written ones do,
since selectors add up: a written selector of every S3 object settles it (so does one beside a
selector holding a value not known offline), and where none does, the value's TL002 names this rule. As for TL304, a plan or template
shows only the trails it manages, so the rule decides only for an account whose describe-trails
output is among the inputs or when `regions` is set in `.trail-lint.yaml`; otherwise it says so
(TL002), unless a trail of the inputs that surely exists, is multi-Region and is logging records
both kinds for every bucket: the trails the inputs do not show cannot undo that.

A trail that describe-trails lists with custom event selectors (`HasCustomEventSelectors:
true`) whose get-event-selectors output is not among the inputs may record anything. Where
only such trails may record S3 object-level events for every bucket, the check is reported
as TL002 for that trail (one finding naming every rule it blocks) instead of passing.

## Fix
Terraform: on the multi-Region trail, `advanced_event_selector { name = "S3 objects"
field_selector { field = "eventCategory"  equals = ["Data"] }
field_selector { field = "resources.type"  equals = ["AWS::S3::Object"] } }`
(add `field_selector { field = "readOnly"  equals = ["false"] }` for write events only).
CloudFormation: `AdvancedEventSelectors` with `FieldSelectors` `eventCategory` = `Data` and
`resources.type` = `AWS::S3::Object` on the multi-Region `AWS::CloudTrail::Trail`.
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --advanced-event-selectors
'[{"Name":"S3 objects","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},
{"Field":"resources.type","Equals":["AWS::S3::Object"]}]}]'`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html
- https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-all-write-s3-data-event-check.html
- https://aws.amazon.com/cloudtrail/pricing/
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, DataScope, Existence, Inventory, Problem, Trail, Tri, all_of, any_of
from trail_lint.problems import delivers, names, trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.scope.absence import Listings, RegionScope, absence_scope, configured_regions
from trail_lint.scope.placement import accounts, placement
from trail_lint.scope.trail_scope import account_id
from trail_lint.selectors.recording import recorded, selector_kind
from trail_lint.selectors.undecided import records_unknown, selectors_open, uncertain_gap
from trail_lint.selectors.unknown_values import recorded_at_least

S3_OBJECT = "AWS::S3::Object"
KINDS = ("write", "read")
SURE = frozenset((Existence.EXISTS, Existence.CREATED))    # not DELETED, not CONDITIONAL
EVERY_REGION_DESCRIBED = RegionScope()    # no `regions` configured: decided where describe-trails output is


def records_every_bucket(inventory: Inventory, trail: Trail, kind: str) -> Tri:
    """Whether the trail records S3 object-level `kind` ("read" or "write") events for every bucket: so
    where a selector records them whatever the values not known offline beside it are (a selector written
    beside others not known, one beside a selector holding such a value: ``recorded_at_least``)."""
    scopes = recorded(inventory, trail).data
    if not isinstance(scopes, tuple):
        return True if _every_bucket(recorded_at_least(trail), kind) is True else UNKNOWN
    return _every_bucket(scopes, kind)


def _every_bucket(scopes: tuple[DataScope, ...], kind: str) -> Tri:
    return any_of(getattr(scope, kind) for scope in scopes
                  if scope.type == S3_OBJECT and "" in scope.prefixes and not scope.filtered)


def check(inventory: Inventory, options: RegionScope = EVERY_REGION_DESCRIBED) -> Iterator[Problem]:
    live, listings = placement(inventory), Listings.of(inventory)
    for account in accounts(inventory):
        trails = live.possible(account)
        snapshots = listings.of_account(account)
        if not trails and not snapshots:
            continue
        anchor = next((t for t in trails if t.multi_region is not False), trails[0] if trails else None)
        at = anchor.origin.of(_selectors_key(anchor)) if anchor else snapshots[0].origin.at
        known = account_id(account)          # None: a deployment no input ties to an account
        shown = f" for account {known}" if known else ""
        if not absence_scope(inventory, account, options.regions, listings):
            if all(_surely_recorded(inventory, live.certain(account), kind) for kind in KINDS):
                continue        # a trail of the inputs records them: the trails they do not show add nothing
            yield Problem(f"S3 object-level events{shown}: the inputs show only some of the account's trails; lint "
                          f"describe-trails output or set `regions` to decide", at, account=known,
                          subject=f"s3-objects:{account}", undecided=True)
            continue
        for kind in KINDS:
            covering = [t for t in trails if all_of((t.multi_region, delivers(t),
                                                     records_every_bucket(inventory, t, kind))) is not False]
            # trails that may record them, whose selectors hold values not known offline: open unless
            # one of the trails certainly records them (if it exists: conditional ones are said below)
            unknown = [t for t in covering if records_every_bucket(inventory, t, kind) is UNKNOWN
                       and records_unknown(t, selector_kind(t))]
            if unknown and not any(all_of((t.multi_region, delivers(t), records_every_bucket(inventory, t, kind)))
                                   is True for t in covering):
                yield from map(selectors_open, unknown)
                continue
            instead = uncertain_gap(inventory, covering, "data")
            if instead is not None:
                yield from instead
                continue
            message = f"no multi-Region trail records S3 object-level {kind} events for every bucket{shown}"
            if covering:
                message += f"; {names(covering)} would, but may not exist"
            found = trail_problem(anchor, message, at, subject=f"s3-{kind}:{account}", account=known) \
                if anchor else Problem(message, at, account=known, subject=f"s3-{kind}:{account}")
            yield found


def _surely_recorded(inventory: Inventory, trails: list[Trail], kind: str) -> bool:
    """Whether one of the trails certainly records S3 object-level `kind` events for every bucket: it
    exists once the inputs are applied, is multi-Region, is logging and records them."""
    return any(t.existence in SURE and all_of((t.multi_region, delivers(t), records_every_bucket(inventory, t, kind)))
               is True for t in trails)


def _selectors_key(trail: Trail) -> str:
    """Where to add the selector: the advanced selectors when the trail has some, else the basic ones."""
    advanced = trail.advanced_selectors
    return "advanced_selectors" if isinstance(advanced, tuple) and advanced else "event_selectors"


RULE = Rule(id="TL315", name="s3-object-events-not-recorded", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__, configure=configured_regions, opt_in=True,
            controls=("CIS-1.4:3.10", "CIS-1.4:3.11", "CIS-3.0:3.8", "CIS-3.0:3.9",
                      "CIS-5.0:3.8", "CIS-5.0:3.9",
                      "Config:cloudtrail-s3-dataevents-enabled", "Config:cloudtrail-all-read-s3-data-event-check",
                      "Config:cloudtrail-all-write-s3-data-event-check"))
