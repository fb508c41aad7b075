"""The trail exists but is not logging.

## Why it matters
A stopped trail records nothing: no management events, no data events, no digest files.
Stopping a trail is a classic first step of an intruder covering their tracks, and a
trail created by CreateTrail does not log until StartLogging is called.

describe-trails output does not say whether a trail is logging; lint it together with
`get-trail-status` output to check this. Without it, the check is reported as one TL002 for each
describe-trails listing, naming the trails it lists (a few, then how many more): the trails' other
findings still assume they log. An organization trail, which every member account lists too, is
named in a TL002 of its own.

A value not known offline (a CloudFormation parameter without a value or another stack's export,
a Terraform variable without one, a value a plan knows only after apply) may turn out `false`: the
check is reported as TL002 at the value, in the one TL002 the reader gives for it where it gives
one, naming this rule. A template without `IsLogging` is refused (TL211), not asked about.

## Fix
Terraform: `enable_logging = true` (the default).
CloudFormation: `IsLogging: true`.
CLI: `aws cloudtrail start-logging --name NAME`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StartLogging.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-turning-off-logging.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, At, InputKind, Inventory, Problem, Trail
from trail_lint.problems import few, trail_problem, undecided_setting
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    unread: dict[str, list[Trail]] = {}     # by describe-trails file: trails that only get-trail-status settles
    for trail in inventory.live_trails():
        if trail.logging is None and trail.origin.kind is InputKind.AWS_CLI:
            # an organization trail is listed in every member account too (a shadow copy): said of it alone,
            # so that `trail-lint merge` of a snapshot linted per account finds it the same in each part
            unread.setdefault(trail.origin.file if trail.organization is not True else trail.origin.resource,
                              []).append(trail)
        else:
            yield from _check_trail(trail)
    for trails in unread.values():
        yield _status_not_given(trails)


def _check_trail(trail: Trail) -> Iterator[Problem]:
    if trail.logging is False:
        yield trail_problem(trail, f"trail {trail.label!r} is not logging", trail.origin.of("logging"))
    elif trail.logging is UNKNOWN and "logging" not in trail.missing:
        # (a template without IsLogging is refused, TL211: not a value the deployment settles)
        yield undecided_setting(trail, "logging", "the logging setting")


def _status_not_given(trails: list[Trail]) -> Problem:
    """One TL002 for a describe-trails listing whose trails' get-trail-status output is not in the
    inputs (only it says whether a trail is logging; plans and templates state it, or apply their
    default): at the trail when it lists one, else at the listing, naming a few and counting the rest."""
    first = trails[0]
    if len(trails) == 1:
        return replace(trail_problem(first, f"whether trail {first.label!r} is logging is not known: its "
                                            "get-trail-status output is not in the inputs", first.origin.at,
                                     subject="logging-not-given"), undecided=True)
    listing = At(first.origin.file, first.origin.path[:-1])
    # the account and Region the trails share, if they do (those of a listing of one account and Region)
    account, region = ({value for value in values if isinstance(value, str)}
                       for values in ({t.account for t in trails}, {t.region for t in trails}))
    named = few([repr(trail.label) for trail in trails])
    return Problem(f"whether trails {named} are logging is not known: their get-trail-status output is not in "
                   "the inputs", listing, account=account.pop() if len(account) == 1 else None,
                   region=region.pop() if len(region) == 1 else None, subject="logging-not-given", undecided=True)


RULE = Rule(id="TL301", name="logging-disabled", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__,
            controls=("CloudTrail.1", "CloudTrail.3", "CIS-1.4:3.1", "CIS-3.0:3.1", "CIS-5.0:3.1",
                      "Config:cloudtrail-enabled", "Config:multi-region-cloudtrail-enabled"))
