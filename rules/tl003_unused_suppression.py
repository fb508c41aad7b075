"""A suppression has no reason, or suppresses nothing.

## Why it matters
Every ignored finding is a risk someone accepted; the reason is the record of why. A
suppression that matches no finding hides nothing today but will silently hide the next
real problem on that resource.

## Fix
Terraform: `# trail-lint:ignore=TL302 digest files are checked by the archive account` on or
above the resource; delete the comment when it no longer applies.
CloudFormation: `Metadata: {trail-lint: {ignore: [{rule: TL302, reason: "..."}]}}` or a
trailing `# trail-lint: ignore=TL302 reason` comment; delete it when it no longer applies.
CLI: give every entry of `ignores:` in `.trail-lint.yaml` a `reason`; remove unused entries.

## References
- https://github.com/trail-lint/trail-lint/blob/main/README.md#suppressing-findings
"""
from trail_lint.rule import Internal, Rule, Severity, no_check

RULE = Rule(id="TL003", name="unused-suppression", severity=Severity.INFO, applies_to=Internal,
            check=no_check, doc=__doc__)
