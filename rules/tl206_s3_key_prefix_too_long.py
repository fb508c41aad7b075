"""The S3 key prefix is longer than the 200 characters CloudTrail accepts.

## Why it matters
CreateTrail and UpdateTrail reject it with `InvalidS3PrefixException`. Terraform accepts up
to 2,000 characters, so the plan succeeds and the apply fails. A trail read from describe-trails
output or Terraform state is not checked: CreateTrail or UpdateTrail accepted its prefix, and a
longer one there was edited after the fact.

A value not known offline that the user writes (a CloudFormation parameter without a value or
another stack's export, a Terraform variable without one) may be invalid: the check is named in
the TL002 the reader gives for that value. A value known only after apply (a resource's
attribute, a random suffix, whatever a plan does not know yet) is AWS's or the provider's own and
is not asked about. A value whose only unknown parts are the account (`!Sub
"cloudtrail/${AWS::AccountId}"`) is known in length, an account ID being 12 digits, and is checked.

A value a condition settled only at deployment chooses (a CloudFormation `Fn::If`, a Terraform
conditional such as `var.enabled ? "..." : null`) is checked in each case: a literal that is refused
is reported with the condition under which it is taken (`when condition Prod is false, ...`); a
branch that is a resource's own ARN or name (`!GetAtt Key.Arn`, `aws_kms_key.trail.arn`) or
nothing is not asked about.

## Fix
Terraform: shorten `s3_key_prefix` to 200 characters or fewer.
CloudFormation: shorten `S3KeyPrefix` (the schema's `maxLength` is 200).
CLI: `aws cloudtrail update-trail --name NAME --s3-key-prefix SHORTER-PREFIX`.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
- https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail, length_bounds
from trail_lint.problems import each_branch, read_back, trail_problem, unchecked_input
from trail_lint.rule import Rule, Severity

MAX_PREFIX = 200


def check(trail: Trail) -> Iterator[Problem]:
    if read_back(trail):
        return
    # each value a condition settled only at deployment may choose is checked where it may be taken
    yield from each_branch(_check, trail, "s3_key_prefix")


def _check(trail: Trail) -> Iterator[Problem]:
    prefix = trail.s3_key_prefix
    # a prefix known only at deployment may still be known in length (`cloudtrail/${AWS::AccountId}`)
    low, high = length_bounds(trail.holes["s3_key_prefix"]) if prefix is UNKNOWN and "s3_key_prefix" in trail.holes \
        else (len(prefix), len(prefix)) if isinstance(prefix, str) else (0, None)
    if low > MAX_PREFIX:
        least = "" if low == high else "at least "
        yield trail_problem(trail, f"the S3 key prefix of trail {trail.label!r} has {least}{low} characters; "
                                   f"the limit is {MAX_PREFIX}", trail.origin.of("s3_key_prefix"))
    elif prefix is UNKNOWN and (high is None or high > MAX_PREFIX) and \
            (open_check := unchecked_input(trail, "s3_key_prefix", "the S3 key prefix")):
        yield open_check


RULE = Rule(id="TL206", name="s3-key-prefix-too-long", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
