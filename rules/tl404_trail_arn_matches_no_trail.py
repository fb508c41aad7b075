"""A trail ARN in a policy matches none of the known trails.

## Why it matters
A trail ARN with the wrong Region, account, name or letter case (ARNs are case-sensitive)
makes the statement apply to nothing. An Allow then silently grants nothing, and a Deny
meant to protect a trail protects nothing: the trail stays open to whoever else may stop it.
A trail's ARN names its home Region, also for multi-Region trails. A CloudTrail ARN that names
no resource type (`arn:aws:cloudtrail:us-east-2:123456789012:MyTrail`, without `trail/`) matches
no trail either: a trail's ARN is `arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME` (API
StopLogging, StartLogging). An ARN whose Region or account is a placeholder copied from a sample
(`arn:aws:cloudtrail:REGION:ACCOUNT_ID:trail/audit`, `<account-id>`) matches no trail at all: the
finding names the placeholder to fill in (AWS's documentation account, `123456789012`, is a value).
A statement a Terraform `dynamic "statement"` block makes over a `for_each` not known offline (any
number of times, maybe none) is checked as its content writes it: a trail ARN written there is wrong
however many statements the block makes, so the TL002 of that statement does not name TL404; it does
where the ARN is each copy's own value (`${statement.value}`), which no input holds.

## Fix
Terraform: refer to the trail instead of typing its ARN: `aws_cloudtrail.main.arn`.
CloudFormation: `!GetAtt MainTrail.Arn` instead of a literal ARN.
CLI: `aws cloudtrail describe-trails --query 'trailList[].TrailARN'` prints the exact ARNs to
copy into the policy.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html#awscloudtrail-resources-for-iam-policies
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
"""
from collections.abc import Iterator

from trail_lint.iam.access import AccessReport, guardrail_statements
from trail_lint.iam.actions import resource_types
from trail_lint.iam.evaluator import ResourceArn, arn_matches, as_written, resource_matches
from trail_lint.model import Problem, statement_of
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import placeholder_cause, placeholders


def check(report: AccessReport) -> Iterator[Problem]:
    if not report.trails:
        return
    trails = report.indexed()
    # Copies of a policy repeat its patterns: each distinct pattern is decided once.
    hints: dict[str, str | None] = {}      # pattern -> None if it may match a trail, else what it matches not
    for policy, index, statement in guardrail_statements(report.inventory):
        for key, patterns in (("resources", statement.resources), ("not_resources", statement.not_resources)):
            for pattern in patterns if isinstance(patterns, tuple) else ():
                if not isinstance(pattern, str) or ":cloudtrail:" not in pattern:
                    continue
                typed = pattern if ":trail/" in pattern else _with_trail_type(pattern)
                if typed is None:
                    continue
                if pattern not in hints:
                    resources = report.resources
                    if tokens := placeholders(pattern):
                        hints[pattern] = f"trail: {placeholder_cause(tokens)}"
                    elif typed != pattern:    # names no resource type: no trail, whatever the trails are
                        hints[pattern] = "known trail" + _nearest(typed, resources, trails.near(typed))
                    elif any(resource_matches(pattern, resources[bit]) is not False
                             for bit in trails.candidates(pattern)):
                        hints[pattern] = None
                    else:
                        hints[pattern] = "known trail" + _nearest(pattern, resources, trails.near(pattern))
                hint = hints[pattern]
                if hint is None:
                    continue
                yield Problem(f"trail ARN {as_written(pattern)!r} in {statement_of(policy, index, statement)} matches no "
                              f"{hint}", at=statement.origin.of(key),
                              resource=policy.arn or policy.name, subject=f"no-trail:{policy.name}:{pattern}")


def _with_trail_type(pattern: str) -> str | None:
    """The trail ARN meant by a literal CloudTrail ARN that names none of the service's resource types
    (``...:123456789012:MyTrail`` → ``...:123456789012:trail/MyTrail``); None for any other pattern."""
    parts = pattern.split(":", 5)
    if len(parts) < 6 or parts[2] != "cloudtrail" or not parts[5] or any(c in parts[5] for c in "*?$"):
        return None
    kind, slash, _ = parts[5].partition("/")
    if slash and kind in resource_types():
        return None
    return ":".join(parts[:5]) + ":trail/" + parts[5]


def _nearest(pattern: str, resources: tuple[str | ResourceArn, ...], near: list[int]) -> str:
    """A trail the pattern would match if only the letter case or the Region were different.

    ``near``: the trails it may match so, from the index (ResourceIndex.near), in report order.
    """
    parts = pattern.split(":", 5)
    any_region = ":".join(parts[:3] + ["*"] + parts[4:]) if len(parts) == 6 else pattern
    lowered = pattern.lower()
    for bit in near:
        arn = resources[bit]
        if not isinstance(arn, str):
            continue
        folded = arn.lower()
        # the second test is the first again for a lower-case pattern with any Region and a lower-case ARN
        if arn_matches(lowered, folded) or \
                (any_region != lowered or arn != folded) and arn_matches(any_region, arn):
            return f" (did you mean {arn!r}?)"
    return ""


RULE = Rule(id="TL404", name="trail-arn-matches-no-trail", severity=Severity.WARNING, applies_to=AccessReport,
            check=check, doc=__doc__, reads_resources=True)
