"""Trail log file validation is disabled.

## Why it matters
Without digest files nobody can show that delivered log files were not edited or deleted
afterwards, which is the first thing an investigation needs. Validation is off unless it
is turned on.

A value not known offline (a CloudFormation parameter without a value or another stack's export,
a Terraform variable without one, a value a plan knows only after apply) may turn out `false`: the
check is reported as TL002 at the value, in the one TL002 the reader gives for it where it gives
one, naming this rule.

## Fix
Terraform: `enable_log_file_validation = true`.
CloudFormation: `EnableLogFileValidation: true`.
CLI: `aws cloudtrail update-trail --name NAME --enable-log-file-validation`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-enabling.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail
from trail_lint.problems import trail_problem, undecided_setting
from trail_lint.rule import Rule, Severity


def check(trail: Trail) -> Iterator[Problem]:
    if trail.log_file_validation is False:
        yield trail_problem(trail, f"log file validation is disabled for trail {trail.label!r}",
                            trail.origin.of("log_file_validation"))
    elif trail.log_file_validation is UNKNOWN:
        yield undecided_setting(trail, "log_file_validation", "log file validation")


RULE = Rule(id="TL302", name="log-file-validation-disabled", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__,
            controls=("CloudTrail.4", "CIS-1.4:3.2", "CIS-3.0:3.2", "CIS-5.0:3.2",
                      "Config:cloud-trail-log-file-validation-enabled", "Config:cloudtrail-security-trail-enabled"))
