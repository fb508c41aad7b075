"""A policy allows stopping, deleting or reconfiguring every trail, where it could name them.

## Why it matters
`StopLogging`, `DeleteTrail`, `UpdateTrail` and `PutEventSelectors` all support
resource-level permissions: a statement can name the trails a role manages. Granting them
on `"*"` (or on `arn:aws:cloudtrail:*:*:trail/*`) also covers every trail created later,
including the organization's security trail, so one compromised role can blind the account.
An action that an unconditional Deny of the same policy denies on every trail (an admin policy
with a guardrail statement, or a permissions boundary) is not reported: the policy does not
allow it anywhere.

## Fix
Terraform: set the statement's `resources` to the ARNs of the trails the role manages, e.g.
`aws_cloudtrail.app.arn`.
CloudFormation: set `Resource` to `!GetAtt AppTrail.Arn` (or the trail ARNs).
CLI: `aws iam create-policy-version --set-as-default` with `"Resource":
["arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME"]`.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_id-based-policy-examples.html
"""
from collections.abc import Iterator

from trail_lint.iam.access import TAMPER_ACTIONS, input_statements, statement_name
from trail_lint.iam.evaluator import arn_matches, rejected, resource_applies
from trail_lint.iam.masks import ActionMasks
from trail_lint.model import Inventory, Problem, Statement
from trail_lint.rule import Rule, Severity

# A trail name nobody uses: a Resource that matches it (in its own account and Region, if it
# names them) matches every trail there.
_ANY_NAME = "trail/\ue000any"


def _every_trail(statement: Statement) -> bool:
    if resource_applies(statement, f"arn:aws:cloudtrail:us-east-1:123456789012:{_ANY_NAME}") is True:
        return True
    patterns = statement.resources if statement.not_resources is None else ()
    for pattern in patterns if isinstance(patterns, tuple) else ():
        parts = pattern.split(":", 5) if isinstance(pattern, str) else []
        if len(parts) == 6 and parts[2] == "cloudtrail":
            own = ":".join(part.replace("*", "").replace("?", "x") for part in parts[:5])
            if arn_matches(pattern, f"{own}:{_ANY_NAME}"):
                return True
    return False


def _on_every_trail(statement: Statement, every: dict[tuple[object, object], bool]) -> bool:
    resources = (statement.resources, statement.not_resources)
    found = every.get(resources)
    if found is None:
        found = every[resources] = _every_trail(statement)
    return found


def check(inventory: Inventory) -> Iterator[Problem]:
    tamper = ActionMasks(TAMPER_ACTIONS)     # each distinct Action pattern is matched once
    every: dict[tuple[object, object], bool] = {}     # and each distinct Resource/NotResource list
    named: dict[int, str] = {}      # the covered actions' names, by their mask
    statements = list(input_statements(inventory))
    denied: dict[int, int] = {}     # per policy, the actions an unconditional Deny of it denies on every trail
    for policy, _, statement in statements:
        if statement.effect == "Deny" and statement.conditions == () and rejected(statement) is None:
            covered, _ = tamper.masks(statement)
            if covered and _on_every_trail(statement, every):
                denied[id(policy)] = denied.get(id(policy), 0) | covered
    for policy, index, statement in statements:
        # a statement IAM rejects is TL001's: it grants nothing on its own
        if statement.effect != "Allow" or statement.conditions != () or rejected(statement) is not None:
            continue
        covered, _ = tamper.masks(statement)
        covered &= ~denied.get(id(policy), 0)   # what the policy itself denies everywhere it does not allow
        if covered and _on_every_trail(statement, every):
            actions = named.get(covered)
            if actions is None:
                actions = named[covered] = ", ".join(
                    a.split(":")[1] for bit, a in enumerate(TAMPER_ACTIONS) if covered >> bit & 1)
            yield Problem(f"{statement_name(policy, index, statement)} allows {actions} on every "
                          "trail", at=statement.origin.of("resources"), resource=policy.arn or policy.name,
                          subject=f"every-trail:{policy.name}:{index}")


RULE = Rule(id="TL402", name="tamper-on-every-trail", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
