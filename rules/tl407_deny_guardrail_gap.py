"""A Deny that protects trails misses some of them, or is conditional.

## Why it matters
A Deny on `StopLogging`, `DeleteTrail`, `UpdateTrail` or `PutEventSelectors` (often in an
SCP) is what keeps trails running when an admin role is compromised. If its `Resource`
misses a trail (another Region, a name pattern that does not match, different letter case)
or a `Condition` lets the request through, that trail is not protected. trail-lint cannot
evaluate conditions offline, so it treats a conditional Deny as protecting nothing. An SCP
also protects nothing in the management account, nor outside the root, OUs and accounts it is
attached to: `trail-lint access` shows who it restricts.

## Fix
Terraform: widen the Deny statement's `resources` (e.g. `arn:aws:cloudtrail:*:ACCOUNT:trail/*`
or the list of trail ARNs) in the `aws_organizations_policy` or `aws_iam_policy`; keep
conditions to exceptions for the trail-admin role (`aws:PrincipalArn`).
CloudFormation: the same change in the `AWS::Organizations::Policy` or
`AWS::IAM::ManagedPolicy` document.
CLI: `aws organizations update-policy --content file://scp.json`.

## References
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"""
from collections.abc import Iterator

from trail_lint.iam.access import (
    TAMPER_ACTIONS,
    AccessReport,
    guardrail_statements,
    statement_name,
    trail_list,
)
from trail_lint.iam.masks import ActionMasks, MaskEvaluator, positions
from trail_lint.model import Problem
from trail_lint.rule import Rule, Severity


def check(report: AccessReport) -> Iterator[Problem]:
    if not report.trails:
        return
    # Bit masks: each distinct Action and Resource pattern is matched once, not per statement × trail.
    tamper = ActionMasks(TAMPER_ACTIONS)
    on_trails = MaskEvaluator(report.resources)
    for policy, index, statement in guardrail_statements(report.inventory):
        # A Deny with NotAction (e.g. "deny everything but iam:* without MFA") is not a trail guardrail.
        if statement.effect != "Deny" or statement.not_actions is not None:
            continue
        covered, _ = tamper.masks(statement)
        actions = [a.split(":")[1] for bit, a in enumerate(TAMPER_ACTIONS) if covered >> bit & 1]
        if not actions:
            continue
        name = f"deny {statement_name(policy, index, statement)} on {', '.join(actions)}"
        resource, subject = policy.arn or policy.name, f"deny-gap:{policy.name}:{index}"
        if statement.conditions != ():
            yield Problem(f"{name} is conditional: it cannot be relied on to protect any trail",
                          at=statement.origin.of("conditions"), resource=resource, subject=subject)
            continue
        true, unknown = on_trails.resource_masks(statement)
        missed = [report.trails[bit].label for bit in positions(on_trails.full & ~(true | unknown))]
        if missed:
            yield Problem(f"{name} does not cover {trail_list(missed, len(report.trails))}", at=statement.origin.of("resources"),
                          resource=resource, subject=subject)


RULE = Rule(id="TL407", name="deny-guardrail-gap", severity=Severity.WARNING, applies_to=AccessReport,
            check=check, doc=__doc__)
