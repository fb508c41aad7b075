"""A rule or a reader failed with an internal error.

## Why it matters
trail-lint could not finish one check, so that check's verdict is missing: a clean run
would be claimed for something that was not checked. The other rules still ran.

## Fix
Terraform: nothing to change in your code; this is a bug in trail-lint.
CloudFormation: nothing to change in your template; this is a bug in trail-lint.
CLI: re-run with `-v` and report the message and the input (redacted) to the trail-lint maintainers.

## References
- https://github.com/trail-lint/trail-lint/issues
"""
from trail_lint.rule import Internal, Rule, Severity, no_check

RULE = Rule(id="TL000", name="rule-crashed", severity=Severity.ERROR, applies_to=Internal,
            check=no_check, doc=__doc__)
