"""The trail name breaks CloudTrail's naming rules, so CreateTrail rejects it.

## Why it matters
CreateTrail fails with `InvalidTrailNameException` and the deployment stops. Terraform only
checks the length (3–128) and the CloudFormation schema allows adjacent separators and
IP-address-like names, so `terraform plan` and template validation pass and the error
appears only at apply time.

A valid name has 3 to 128 characters; uses only ASCII letters, digits, `.`, `_` and `-`;
starts and ends with a letter or digit; has no two separators next to each other (`my-_trail`,
`my--trail`); and does not look like an IP address (`192.168.5.4`).

A trail read from describe-trails output or Terraform state is not checked: CreateTrail accepted
its name, and a name there that breaks the rules was edited after the fact, for example a
placeholder such as `<trail-name>` in a copy pasted into a guide.

A value not known offline that the user writes (a CloudFormation parameter without a value or
another stack's export, a Terraform variable without one) may be invalid: the check is named in
the TL002 the reader gives for that value. A value known only after apply (a resource's
attribute, a random suffix, whatever a plan does not know yet) is AWS's or the provider's own and
is not asked about.

A value a condition settled only at deployment chooses (a CloudFormation `Fn::If`, a Terraform
conditional such as `var.enabled ? "..." : null`) is checked in each case: a literal that is refused
is reported with the condition under which it is taken (`when condition Prod is false, ...`); a
branch that is a resource's own ARN or name (`!GetAtt Key.Arn`, `aws_kms_key.trail.arn`) or
nothing is not asked about.

## Fix
Terraform: `name = "org-audit-trail"`.
CloudFormation: `TrailName: org-audit-trail`.
CLI: `aws cloudtrail create-trail --name org-audit-trail --s3-bucket-name BUCKET`.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
"""
import re
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail
from trail_lint.problems import each_branch, read_back, trail_problem, unchecked_input
from trail_lint.rule import Rule, Severity

ALLOWED = re.compile(r"[A-Za-z0-9._-]*")
ADJACENT = re.compile(r"[._-]{2}")
IP_LIKE = re.compile(r"\d{1,3}(\.\d{1,3}){3}")


def reason(name: str) -> str | None:
    """Why CloudTrail rejects the name, or None when it is valid."""
    if not 3 <= len(name) <= 128:
        return f"it has {len(name)} character{'' if len(name) == 1 else 's'}; 3 to 128 are allowed"
    if not ALLOWED.fullmatch(name):
        bad = sorted({c for c in name if not ALLOWED.fullmatch(c)})
        return "it contains " + ", ".join(repr(c) for c in bad) + \
            "; only ASCII letters, digits, '.', '_' and '-' are allowed"
    if not (name[0].isalnum() and name[-1].isalnum()):
        return "it must start and end with a letter or digit"
    if pair := ADJACENT.search(name):
        return f"it has adjacent separators {pair.group()!r}"
    if IP_LIKE.fullmatch(name):
        return "it looks like an IP address"
    return None


def check(trail: Trail) -> Iterator[Problem]:
    if read_back(trail):
        return
    # each value a condition settled only at deployment may choose is checked where it may be taken
    yield from each_branch(_check, trail, "name")


def _check(trail: Trail) -> Iterator[Problem]:
    if isinstance(trail.name, str) and (why := reason(trail.name)):
        yield trail_problem(trail, f"trail name {trail.name!r} is invalid: {why}", trail.origin.of("name"))
    elif trail.name is UNKNOWN and (open_check := unchecked_input(trail, "name", "the name")):
        yield open_check


RULE = Rule(id="TL201", name="invalid-trail-name", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
