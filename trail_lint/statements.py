"""The statements of the identity policies written in the inputs, gathered once per run (Inventory.statements):
the rules on statements (TL402, TL403, TL404, TL407, TL408) each walk all of them."""
from __future__ import annotations

from trail_lint.model import Policy, Principal, Statement
from trail_lint.scope.arns import is_aws_managed

# What Inventory.statements holds once read (iam.access.input_statements): the policies and the
# principals the statements were gathered from (an inventory whose policies or principals were
# replaced gathers its own), then every statement of the identity policies written in the inputs
# (not AWS managed ones), once, with its policy and index. (A tuple, not a record: declaring a class costs every run, even one of no policy.)
Statements = tuple[tuple[Policy, ...], tuple[Principal, ...], tuple[tuple[Policy, int, Statement], ...]]


def statements_of(policies: tuple[Policy, ...], principals: tuple[Principal, ...]) -> Statements:
    """The statements of the managed policies, then of each principal's inline policies and boundary;
    a policy reached twice is read once."""
    seen: set[int] = set()
    every = [*policies]
    for principal in principals:
        every += principal.inline_policies
        if isinstance(principal.boundary, Policy):
            every.append(principal.boundary)
    found: list[tuple[Policy, int, Statement]] = []
    for policy in every:
        if id(policy) in seen:
            continue
        seen.add(id(policy))
        statements = policy.statements
        if isinstance(statements, tuple) and not is_aws_managed(policy.arn):
            found.extend([(policy, index, statement) for index, statement in enumerate(statements)])
    return policies, principals, tuple(found)
