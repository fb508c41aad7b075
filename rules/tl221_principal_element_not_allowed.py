"""A policy names a principal where its kind of policy cannot.

## Why it matters
An identity-based policy (a managed policy, an inline policy of a user, group or role, a
permissions boundary) applies to whoever it is attached to, so it has no `Principal` or
`NotPrincipal` element: IAM rejects such a document ("MalformedPolicyDocument: Policy document
should not specify a principal"), and a CloudFormation stack or Terraform apply that creates it
fails. Service control policies do not support `Principal` or `NotPrincipal` either, and
resource control policies do not support `NotPrincipal`; nor does a role's trust policy ("You
cannot use the NotPrincipal element in an IAM identity-based policy nor in an IAM role trust
policy"). A policy written this way was usually
copied from a bucket or key policy: the statement meant to grant or deny someone access never
takes effect, and until the document is fixed, neither does the rest of the deployment.

Since the policy never exists, trail-lint's access analysis counts none of its Deny statements as
protection (a guardrail written this way guards nothing), while its Allow statements are still read
as grants, so a grant is reported rather than missed; a trust policy written this way lets no one
assume its role (TL215 reads a CloudWatch Logs role so). A policy document linted as a file of
its own (a `policy.json` beside a module) may be any kind of policy, so it is not checked here.

## Fix
Terraform: remove the `principals` / `not_principals` blocks from the `aws_iam_policy_document`
the identity policy (or `aws_organizations_policy`) is built from; put the grant in the
resource's policy instead, or attach the policy to the principals it names.
In a role's `assume_role_policy`, replace a Deny with `not_principals` by an Allow that names
the principals in `principals`.
CloudFormation: remove `Principal` / `NotPrincipal` from the statements of the
`AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`, role or user policy (or the SCP); in an
`AssumeRolePolicyDocument`, name who may assume the role in `Principal` instead of `NotPrincipal`.
CLI: `aws iam create-policy-version --policy-arn ARN --policy-document file://fixed.json
--set-as-default`; for a trust policy, `aws iam update-assume-role-policy --role-name ROLE
--policy-document file://trust.json`.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
"""
from collections.abc import Iterator

from trail_lint.model import Inventory, Policy, PrincipalKind, Problem, Statement, statement_of, trust_policy
from trail_lint.rule import Rule, Severity


def _policies(inventory: Inventory) -> Iterator[tuple[Policy, str, tuple[str, ...]]]:
    """Each policy with what it is and the elements its kind cannot have."""
    both = ("principals", "not_principals")
    for policy in inventory.policies:
        yield policy, "an identity-based policy", both
    for principal in inventory.principals:
        # a policy document file of its own may be any kind of policy: one with a Principal is a resource's
        for policy in principal.inline_policies if principal.kind is not PrincipalKind.DOCUMENT else ():
            yield policy, "an identity-based policy", both
        if isinstance(principal.boundary, Policy):
            yield principal.boundary, "a permissions boundary", both
        trust = trust_policy(principal)
        if trust is not None:
            yield trust, "a role's trust policy", ("not_principals",)
    for scp in inventory.scps:
        yield scp.policy, "a service control policy", both
    for rcp in inventory.rcps:
        yield rcp.policy, "a resource control policy", ("not_principals",)


_ELEMENT = {"principals": "Principal", "not_principals": "NotPrincipal"}


def check(inventory: Inventory) -> Iterator[Problem]:
    seen: set[tuple[str, tuple[str | int, ...]]] = set()
    for policy, kind, barred in _policies(inventory):
        if not isinstance(policy.statements, tuple):
            continue
        for index, statement in enumerate(policy.statements):
            found = _barred(statement, barred)
            if found is None or (key := (statement.origin.file, statement.origin.path)) in seen:
                continue
            seen.add(key)
            yield Problem(f"{statement_of(policy, index, statement)} has a {_ELEMENT[found]} element, which {kind} cannot have: the policy is "
                          "rejected", at=statement.origin.of(found), resource=policy.arn or policy.name,
                          subject=f"principal-element:{policy.name}:{index}")


def _barred(statement: Statement, barred: tuple[str, ...]) -> str | None:
    # (a loop, not next() over a generator: this runs for every statement of every policy)
    for element in barred:
        if getattr(statement, element) is not None:
            return element
    return None


RULE = Rule(id="TL221", name="principal-element-not-allowed", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
