"""A statement scopes an action that supports no resource-level permission, so it grants nothing.

## Why it matters
`DescribeTrails`, `ListTrails`, `LookupEvents`, `ListPublicKeys` and a few other CloudTrail
actions cannot be limited to a trail: IAM authorises them against `"*"` only. A statement
that allows them on a trail ARN (or on `arn:aws:cloudtrail:*`) silently grants nothing for
them, and the console or the auditor's script fails with `AccessDenied`.

## Fix
Terraform: move the actions into their own statement with `resources = ["*"]`.
CloudFormation: a separate statement with `Resource: "*"` for these actions.
CLI: `aws iam create-policy-version --set-as-default` with the split statement.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
"""
from collections.abc import Iterator

from trail_lint.iam.access import input_statements, statement_name
from trail_lint.iam.actions import wildcard_only_by_name
from trail_lint.iam.evaluator import ANY_RESOURCE, resource_applies
from trail_lint.model import Inventory, Problem
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    by_name = wildcard_only_by_name()
    named_in: dict[tuple[object, ...], list[str]] = {}     # copies of a policy repeat its Action lists
    for policy, index, statement in input_statements(inventory):
        if statement.effect != "Allow" or statement.not_actions is not None \
                or not isinstance(statement.actions, tuple):
            continue
        # Only actions the statement names outright (no wildcard; names are case-insensitive):
        # `cloudtrail:*` on a trail ARN is ordinary scoping.
        named = named_in.get(statement.actions)
        if named is None:
            named = named_in[statement.actions] = sorted(
                {by_name[p.lower()] for p in statement.actions if isinstance(p, str) and p.lower() in by_name})
        if named and resource_applies(statement, ANY_RESOURCE) is False:
            yield Problem(f"{statement_name(policy, index, statement)} allows {', '.join(named)} only on "
                          "specific resources, but these actions support no resource-level permission: "
                          "nothing is granted for them", at=statement.origin.of("resources"),
                          resource=policy.arn or policy.name, subject=f"resource-level:{policy.name}:{index}")


RULE = Rule(id="TL403", name="resource-level-unsupported", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
