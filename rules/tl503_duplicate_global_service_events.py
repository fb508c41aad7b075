"""More than one trail records the account's global service events.

## Why it matters
Global service events (IAM, STS through the global endpoint, CloudFront) go to every trail
that includes them and covers us-east-1, where they are recorded since 2021-11-22. The AWS
guidance is to let only one trail include them: every other copy duplicates the IAM
history, is billed as a paid management-event copy, and doubles alert noise. A multi-Region
trail must include them, so the usual fix is on a single-Region trail in us-east-1.
Trails behind a CloudFormation condition are marked: they may not exist. A trail whose logging is
not known (describe-trails output without its get-trail-status output, a value not known offline:
TL301 says so) is marked "if logging": a stopped trail delivers nothing. Either is counted only at
most, as TL501 counts paid copies: "2 to 3 trails" where two certainly record them, "up to 2 trails"
where fewer than two do. A read-only trail and
a write-only trail record different global service events (read and write management events are
disjoint), so two such trails alone are no duplicate.

Trails are compared within one account: trails of inputs whose account no input ties (two
root modules under different provider profiles, two templates) are copies only if they are
one account, which is reported once per run as TL002 naming this rule (pass `--account` or
set `accounts:` to tie them).

A trail that describe-trails lists with custom event selectors (`HasCustomEventSelectors:
true`) whose get-event-selectors output is not among the inputs may record anything. Where
another trail of its account records (or may record) global service events, the check is
reported as TL002 for that trail (one finding naming every rule it blocks) instead of
passing.

Two trail definitions with one name in one account and Region (a module called twice with the
same trail name) are counted once: CreateTrail fails for the second
(`TrailAlreadyExistsException`, TL214), so they are never two copies
(https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html).

A trail of which whether it receives global service events rests on a flag not known offline
(`IncludeGlobalServiceEvents`; `IsMultiRegionTrail`, as a multi-Region trail always includes them)
is one more copy only if the flag says so: with another trail that does (or may) receive them, the
check is reported as TL002 at that flag.

## Fix
Terraform: `include_global_service_events = false` on the single-Region trail.
CloudFormation: `IncludeGlobalServiceEvents: false` on the single-Region trail.
CLI: `aws cloudtrail update-trail --name NAME --no-include-global-service-events`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html
- https://aws.amazon.com/premiumsupport/knowledge-center/remove-duplicate-cloudtrail-events/
"""
from collections.abc import Iterator
from dataclasses import replace

from trail_lint.model import Existence, Inventory, Problem, Trail
from trail_lint.problems import (
    conditional,
    copy_label,
    count_of,
    delivers,
    few,
    if_logging,
    names,
    one_per_name,
    own_first,
    trail_problem,
    undecided_setting,
)
from trail_lint.rule import Rule, Severity
from trail_lint.scope.names import GLOBAL_EVENTS_REGION
from trail_lint.scope.placement import TIE_ACCOUNTS, Placement, accounts, placement
from trail_lint.scope.trail_scope import global_events_open, receives_global_events, scope_of
from trail_lint.selectors.copies import most_copies
from trail_lint.selectors.recording import recorded, refused
from trail_lint.selectors.undecided import may_deliver_unread, selectors_refused, selectors_unread


def receives_global(inventory: Inventory, trail: Trail) -> bool:
    """Whether the trail certainly records global service events, and logs or may (``if_logging``)."""
    return receives_global_events(trail) is True and delivers(trail) is not False \
        and recorded(inventory, trail).management.records is True


def may_receive_global(inventory: Inventory, trail: Trail) -> bool:
    """Whether the trail records global service events unless a flag not known offline says otherwise
    (``global_events_open``)."""
    return global_events_open(trail) is not None and delivers(trail) is not False \
        and recorded(inventory, trail).management.records is True


def check(inventory: Inventory) -> Iterator[Problem]:
    seen: set[frozenset[int]] = set()   # organization trails repeat in every account
    receiving = Placement.of(one_per_name(t for t in placement(inventory).trails if receives_global(inventory, t)))
    unconditional = Placement.of(t for t in receiving.trails if not conditional(t))
    undecided: list[tuple[int, str | None, Trail]] = []     # (how many may be one account, account, its trail)
    for account in accounts(inventory):
        trails = receiving.certain(account)
        if len(trails) == 1 and not conditional(trails[0]):
            others = unconditional.untied_count(account)
            if others:
                undecided.append((1 + others, account, trails[0]))
        yield from _unread(inventory, account, trails)
        yield from _flags_open(inventory, account, trails)
        key = frozenset(id(t) for t in trails)
        # a read-only and a write-only trail record different global service events
        if len(trails) < 2 or all(conditional(t) for t in trails) or key in seen or most_copies(inventory, trails) < 2:
            continue
        seen.add(key)
        anchor = _anchor(trails, account)
        message = f"{_count(inventory, trails)} record global service events in {GLOBAL_EVENTS_REGION}: {names(trails, copies=True)}"
        yield trail_problem(anchor, message, anchor.origin.of("include_global_events"),
                            region=GLOBAL_EVENTS_REGION, subject=f"global-copies:{account}", account=account)
    if undecided:
        _, account, trail = max(undecided, key=lambda found: found[0])
        trails = [trail, *unconditional.untied(account)]
        anchor = _anchor(trails)
        scopes = few(dict.fromkeys(scope_of(t).account_label for t in trails))
        yield replace(trail_problem(
            anchor, f"{_count(inventory, trails)} record global service events in {GLOBAL_EVENTS_REGION} if {scopes} are "
                    f"one account: {few(sorted(map(copy_label, trails)), 8)}; {TIE_ACCOUNTS}",
            anchor.origin.of("include_global_events"), region=GLOBAL_EVENTS_REGION,
            subject="global-copies-untied"), undecided=True)


def _unread(inventory: Inventory, account: str | None, receiving: list[Trail]) -> Iterator[Problem]:
    """Trails that may record global service events but whose selectors are not given, or whose two
    kinds of selectors do not agree on management events: with another trail that does (or may),
    whether the account has two copies is not known."""
    unread = [t for t in placement(inventory).certain(account) if may_deliver_unread(t)
              and receives_global_events(t) is True]
    if unread and len(receiving) + len(unread) > 1:
        for trail in unread:
            yield selectors_unread(trail)
    # trails whose two kinds of selectors do not agree on management events: said by TL205
    refusing = [t for t in placement(inventory).certain(account) if delivers(t) is not False
                and receives_global_events(t) is True
                and refused(recorded(inventory, t), "management")]
    if refusing and len(receiving) + len(unread) + len(refusing) > 1:
        yield from map(selectors_refused, refusing)


def _flags_open(inventory: Inventory, account: str | None, receiving: list[Trail]) -> Iterator[Problem]:
    """Trails of which whether they receive global service events rests on a flag not known offline
    (IncludeGlobalServiceEvents, IsMultiRegionTrail): with another trail that does (or may), whether the
    account has two copies is not known, unless it certainly has them anyway."""
    maybe = [t for t in one_per_name(placement(inventory).certain(account)) if may_receive_global(inventory, t)]
    if maybe and len(receiving) < 2 and len(receiving) + len(maybe) > 1:
        for trail in maybe:
            field = global_events_open(trail) or ""
            yield undecided_setting(trail, field, "whether it is multi-Region" if field == "multi_region"
                                    else "the global service events setting")


def _count(inventory: Inventory, trails: list[Trail]) -> str:
    """How many of the trails record global service events, worded as TL501 words its paid copies
    (``count_of``): a trail behind a CloudFormation condition, or whose logging is not known
    (``if_logging``), counted only at most; the count is certain only where the trails certain to
    deliver are two copies on their own."""
    sure = [t for t in trails if not conditional(t) and not if_logging(t)]
    certain = len(sure) if most_copies(inventory, sure, certain=True) > 1 else 0
    return count_of(certain, len(trails), "trail", "trails")


def _anchor(trails: list[Trail], account: str | None = None) -> Trail:
    return own_first(sorted(trails, key=lambda t: (t.multi_region is True, t.existence is not Existence.CREATED,
                                                   t.label)), account)


RULE = Rule(id="TL503", name="duplicate-global-service-events", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
