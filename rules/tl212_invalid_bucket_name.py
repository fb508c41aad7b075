"""The trail's S3 bucket name breaks the S3 bucket naming rules, so the trail cannot be created.

## Why it matters
CreateTrail and UpdateTrail reject a bucket name that S3 could not have given a bucket
(`InvalidS3BucketNameException`), and the stack or the apply fails. A typo such as an
uppercase letter, a trailing `-`, an ARN (`arn:aws:s3:::logs`) or an `s3://` URL where the
name belongs is caught here, before the deployment.

A general purpose bucket name has 3 to 63 characters; only lowercase letters, digits, `.` and
`-`; begins and ends with a letter or digit; has no `..`, and, for CloudTrail, no `-` next to a
`.` (`logs-.2026`: the CloudTrail naming page says the bucket name cannot "use dashes adjacent to
periods"); is not formatted as an IP address;
does not start with `xn--`, `sthree-` or `amzn-s3-demo-`; and does not end with `-s3alias`,
`--ol-s3`, `.mrap`, `--x-s3` or `--table-s3`. Buckets created in us-east-1 before
1 March 2018 may have kept uppercase letters and underscores: the message says when that is
the only problem, and such a trail can be suppressed with a reason. Trails that already exist
(describe-trails output, state) are not checked: AWS accepted their bucket.

A value not known offline that the user writes (a CloudFormation parameter without a value or
another stack's export, a Terraform variable without one) may be invalid: the check is named in
the TL002 the reader gives for that value. A name only partly known (`!Sub "${Prefix}-CloudTrail"`)
is judged on its known parts first: an uppercase letter, an underscore or a reserved suffix there
makes it invalid whatever the rest holds, and that is reported. A name that is also the name of a
bucket the same template creates (`BucketName: !Ref LogBucketName` beside
`S3BucketName: !Ref LogBucketName`) is S3's to refuse when it creates that bucket. A value known only after apply (a resource's
attribute, a random suffix, whatever a plan does not know yet) is AWS's or the provider's own and
is not asked about.

A value a condition settled only at deployment chooses (a CloudFormation `Fn::If`, a Terraform
conditional such as `var.enabled ? "..." : null`) is checked in each case: a literal that is refused
is reported with the condition under which it is taken (`when condition Prod is false, ...`); a
branch that is a resource's own ARN or name (`!GetAtt Key.Arn`, `aws_kms_key.trail.arn`) or
nothing is not asked about.

## Fix
Terraform: `s3_bucket_name = aws_s3_bucket.trail_logs.id` (the name, not the ARN).
CloudFormation: `S3BucketName: !Ref TrailLogsBucket`.
CLI: `aws cloudtrail update-trail --name NAME --s3-bucket-name my-trail-logs`.

## References
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-s3-bucket-naming-requirements.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
"""
import re
from collections.abc import Iterator

from trail_lint.delivery_match import as_shown
from trail_lint.model import UNKNOWN, Existence, Hole, Problem, Text, Trail, length_bounds
from trail_lint.problems import each_branch, trail_problem, unchecked_input
from trail_lint.rule import Rule, Severity

ALLOWED = re.compile(r"[a-z0-9.-]*")
LEGACY = re.compile(r"[A-Za-z0-9._-]*")   # us-east-1 buckets created before 1 March 2018
IP_LIKE = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
LEGACY_NOTE = "; only a bucket created in us-east-1 before 1 March 2018 can have such a name"


def reason(name: str) -> str | None:
    """Why S3 (and so CloudTrail) rejects the bucket name, or None when it is valid."""
    if not 3 <= len(name) <= 63:
        return f"it has {len(name)} characters; 3 to 63 are allowed"
    if not ALLOWED.fullmatch(name):
        bad = sorted({c for c in name if not ALLOWED.fullmatch(c)})
        listed = ", ".join(repr(c) for c in bad)
        return f"it contains {listed}; only lowercase letters, digits, '.' and '-' are allowed" + \
            (LEGACY_NOTE if LEGACY.fullmatch(name) else "")
    if not (name[0].isalnum() and name[-1].isalnum()):
        return "it must begin and end with a letter or digit"
    if ".." in name:
        return "it has two adjacent periods"
    if "-." in name or ".-" in name:
        return "it has a dash next to a period, which CloudTrail does not accept"
    if IP_LIKE.fullmatch(name):
        return "it is formatted as an IP address"
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return f"the prefix {prefix!r} is reserved"
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return f"the suffix {suffix!r} is reserved"
    return None


def certain_reason(value: Text) -> str | None:
    """Why S3 rejects the bucket name whatever its unknown parts hold, judged on its known parts
    alone (``!Sub "${Prefix}-CloudTrail"``); None when some text of its holes may make it valid."""
    literal = "".join(part for part in value if isinstance(part, str))
    low, high = length_bounds(value)
    if low > 63 or (high is not None and high < 3):
        return f"it has {'at least ' + str(low) if low > 63 else 'at most ' + str(high)} characters; 3 to 63 " \
               "are allowed"
    bad = sorted({c for c in literal if not ALLOWED.fullmatch(c)})
    if bad:
        listed = ", ".join(repr(c) for c in bad)
        return f"it contains {listed}; only lowercase letters, digits, '.' and '-' are allowed" + \
            (LEGACY_NOTE if LEGACY.fullmatch(literal) else "")
    first, last = value[0], value[-1]
    if (isinstance(first, str) and first and not first[0].isalnum()) \
            or (isinstance(last, str) and last and not last[-1].isalnum()):
        return "it must begin and end with a letter or digit"
    parts = [part for part in value if isinstance(part, str)]
    if any(".." in part for part in parts):
        return "it has two adjacent periods"
    if any("-." in part or ".-" in part for part in parts):
        return "it has a dash next to a period, which CloudTrail does not accept"
    for prefix in PREFIXES:
        if isinstance(first, str) and first.startswith(prefix):
            return f"the prefix {prefix!r} is reserved"
    for suffix in SUFFIXES:
        if isinstance(last, str) and last.endswith(suffix):
            return f"the suffix {suffix!r} is reserved"
    return None


def check(trail: Trail) -> Iterator[Problem]:
    # each value a condition settled only at deployment may choose is checked where it may be taken
    yield from each_branch(_check, trail, "s3_bucket")


def _check(trail: Trail) -> Iterator[Problem]:
    if trail.existence in (Existence.EXISTS, Existence.DELETED):
        return
    held = trail.holes.get("s3_bucket") if trail.s3_bucket is UNKNOWN else None
    # judged on its known parts only where it has some beside its holes (a value held as a literal is
    # one a condition contradicts: not the trail's)
    why = certain_reason(held) if held and any(isinstance(part, Hole) for part in held) \
        and any(isinstance(part, str) and part for part in held) else None
    if why:
        yield trail_problem(trail, f"S3 bucket name {as_shown(held or ())!r} of trail {trail.label!r} is invalid "
                            f"whatever its unknown parts hold: {why}", trail.origin.of("s3_bucket"))
        return
    if trail.s3_bucket is UNKNOWN and (open_check := unchecked_input(trail, "s3_bucket", "the S3 bucket name")):
        yield open_check
    if not isinstance(trail.s3_bucket, str):
        return
    why = reason(trail.s3_bucket)
    if why:
        yield trail_problem(trail, f"S3 bucket name {trail.s3_bucket!r} of trail {trail.label!r} is invalid: {why}",
                            trail.origin.of("s3_bucket"))


RULE = Rule(id="TL212", name="invalid-bucket-name", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
