"""The trail exists but is not logging.

## Why it matters
A stopped trail records nothing: no management events, no data events, no digest files.
Stopping a trail is a classic first step of an intruder covering their tracks, and a
trail created by CreateTrail does not log until StartLogging is called.

describe-trails output does not say whether a trail is logging; lint it together with
`get-trail-status` output to check this. Without it, the check is reported as TL002 for each
trail describe-trails lists (the trail's other findings still assume it logs).

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

from trail_lint.model import UNKNOWN, InputKind, Problem, Trail
from trail_lint.problems import trail_problem, undecided_setting
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity


def check(trail: Trail) -> Iterator[Problem]:
    if trail.logging is False:
        yield trail_problem(trail, f"trail {trail.label!r} is not logging", trail.origin.of("logging"))
    elif trail.logging is UNKNOWN and "logging" not in trail.missing:
        # (a template without IsLogging is refused, TL211: not a value the deployment settles)
        yield undecided_setting(trail, "logging", "the logging setting")
    elif trail.logging is None and trail.origin.kind is InputKind.AWS_CLI:
        # only get-trail-status says it; plans and templates state it, or apply their default
        yield replace(trail_problem(trail, f"whether trail {trail.label!r} is logging is not known: its "
                                           "get-trail-status output is not in the inputs", trail.origin.at,
                                    subject="logging-not-given"), undecided=True)


RULE = Rule(id="TL301", name="logging-disabled", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__,
            controls=("CloudTrail.1", "CloudTrail.3", "CIS-1.4:3.1", "CIS-3.0:3.1", "CIS-5.0:3.1"))
