"""A policy allows stopping, deleting or reconfiguring every trail, where it could name them.

## Why it matters
`StopLogging`, `DeleteTrail`, `UpdateTrail` and `PutEventSelectors` all support
resource-level permissions: a statement can name the trails a role manages. Granting them
on `"*"` (or on `arn:aws:cloudtrail:*:*:trail/*`) also covers every trail created later,
including the organization's security trail, so one compromised role can blind the account.

## Fix
Terraform: set the statement's `resources` to the ARNs of the trails the role manages, e.g.
`aws_cloudtrail.app.arn`.
CloudFormation: set `Resource` to `!GetAtt AppTrail.Arn` (or the trail ARNs).
CLI: `aws iam create-policy-version --set-as-default` with `"Resource":
["arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME"]`.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_id-based-policy-examples.html
"""
from collections.abc import Iterator

from trail_lint.access import TAMPER_ACTIONS, input_statements, statement_name
from trail_lint.iam import action_applies, resource_applies
from trail_lint.model import Inventory, Problem
from trail_lint.rule import Rule, Severity

# A trail name nobody uses: a Resource that matches it matches every trail.
_ANY_TRAIL = "arn:aws:cloudtrail:us-east-1:123456789012:trail/\ue000any"


def check(inventory: Inventory) -> Iterator[Problem]:
    for policy, index, statement in input_statements(inventory):
        if statement.effect != "Allow" or statement.conditions != ():
            continue
        actions = [a.split(":")[1] for a in TAMPER_ACTIONS if action_applies(statement, a) is True]
        if actions and resource_applies(statement, _ANY_TRAIL) is True:
            yield Problem(f"{statement_name(policy, index, statement)} allows {', '.join(actions)} on every "
                          "trail", at=statement.origin.of("resources"), resource=policy.arn or policy.name,
                          subject=f"every-trail:{policy.name}:{index}")


RULE = Rule(id="TL402", name="tamper-on-every-trail", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
