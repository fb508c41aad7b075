"""An input file cannot be read, decoded or parsed, or is malformed for its kind.

## Why it matters
A file that cannot be read is a file that was not checked. In CI that must fail the run
rather than pass silently; the other files are still linted and reported.

## Fix
Terraform: regenerate the plan with `terraform show -json plan.out > plan.json` (the binary
plan file is not JSON); check that the file was not truncated.
CloudFormation: validate the template with `aws cloudformation validate-template` or
cfn-lint; fix the syntax error at the reported line and column.
CLI: save AWS CLI output with `--output json`; the file must hold one JSON document.

## References
- https://developer.hashicorp.com/terraform/internals/json-format
- https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-output-format.html
"""
from trail_lint.rule import Internal, Rule, Severity, no_check

RULE = Rule(id="TL001", name="unreadable-input", severity=Severity.ERROR, applies_to=Internal,
            check=no_check, doc=__doc__)
