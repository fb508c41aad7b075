"""A configured ignore has passed its expiry date and no longer applies.

## Why it matters
Ignores with an expiry date are promises to fix something by then. Once the date has
passed the ignore stops working, so the findings it hid are reported again; this finding
says why they came back.

## Fix
Terraform: fix the resource the ignore was covering.
CloudFormation: fix the resource the ignore was covering.
CLI: fix the finding, or extend `expires` in `.trail-lint.yaml` with a new reason.

## References
- https://github.com/trail-lint/trail-lint/blob/main/README.md#configuration
"""
from trail_lint.rule import Internal, Rule, Severity, no_check

RULE = Rule(id="TL004", name="expired-ignore", severity=Severity.INFO, applies_to=Internal,
            check=no_check, doc=__doc__)
