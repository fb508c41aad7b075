"""The whole access analysis against @cloud-copilot/iam-simulate: layers, groups, variables, conditions.

The simulator takes what trail-lint derives from the inputs, written out by this generator from
the AWS documentation, independently of trail-lint's code:
- the request context of the principal (policy variables): an IAM user's name, account, type, ARN
  and tags; a role session carries no aws:username
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse);
- group membership: the member's identity policies are its own and its groups';
- a permissions boundary: a second layer that must allow too, where it is set
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html);
- SCP levels: root, one or two OUs, account, each with its attached SCPs (Deny lists, allow lists) plus
  FullAWSAccess where it stays attached (by default unless an allow list replaces it, or
  explicitly), none where it is detached; a Deny anywhere wins
  (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html);
- trails have no resource-based policy, so a principal acts on its own account's trails only
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).

Conditions: trail-lint cannot know the request context, so a decision it gives must hold whatever
the conditions say, and where they can change it, it must say so. The simulator decides every
way the conditional statements can go (each one applying, or not: its condition removed, or the
statement removed), and some real request contexts (aws:RequestedRegion, aws:PrincipalTag/team,
aws:SourceAccount present or absent, for the operators with IfExists, Null and wildcards):
- trail-lint "allowed" or "denied": every way gives that decision;
- trail-lint "conditional": the ways do not all give one decision (else trail-lint had to decide).

The simulator cannot express the management account's exemption, service-linked roles, or an
attachment whose place on the path is unknown: tests/test_scp_levels.py covers those from the
documentation. Nor does it read the escape ${*} as the documented literal asterisk (it lets a
Resource "${*}" match a trail ARN): tests/test_policy_variables.py covers the escapes.
trail-lint's "unknown" is not compared.
"""
from __future__ import annotations

import json

import iam_cases as cases
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from iam_simulator import available, simulate

from trail_lint.iam.access import ACCOUNT_WIDE, GLOBAL_ACTIONS, TRAIL_ACTIONS, analyse
from trail_lint.iam.actions import requires_wildcard_resource
from trail_lint.iam.evaluator import ANY_RESOURCE, Decision
from trail_lint.model import (
    FULL_AWS_ACCESS,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Origin,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Trail,
)
from trail_lint.normalise.policy_json import parse_policy

pytestmark = pytest.mark.differential

if not available():
    pytest.skip("node or @cloud-copilot/iam-simulate is not installed", allow_module_level=True)

def _policies(documents: list[dict[str, object]], prefix: str) -> tuple:
    return tuple(parse_policy(doc, name=f"{prefix}{i}", origin=Origin("case", ())) for i, doc in enumerate(documents))


def _inventory(case: dict) -> tuple[Inventory, str]:
    kind, name, tags = case["principal"]
    principal_id = f"arn:aws:iam::{cases.ACCOUNT}:{kind}/{name}"
    group = Principal(f"arn:aws:iam::{cases.ACCOUNT}:group/ops", PrincipalKind.GROUP, "ops", cases.ACCOUNT,
                      inline_policies=_policies(case["group"], "g"))
    boundary = _policies([case["boundary"]], "b")[0] if case["boundary"] else None
    who = Principal(principal_id, PrincipalKind(kind), name, cases.ACCOUNT, inline_policies=_policies(case["own"], "p"),
                    groups=("ops",) if kind == "user" else (), tags=tuple(tags.items()), boundary=boundary)
    scps = []
    for level, target in zip(case["levels"], cases.level_targets(case)):
        scps += [ServiceControlPolicy(policy, (target,)) for policy in _policies(level["scps"], f"scp-{target}-")]
        if level["full_access"] == "attached":
            scps.append(ServiceControlPolicy(FULL_AWS_ACCESS, (target,)))
        elif level["full_access"] == "detached":
            scps.append(ServiceControlPolicy(FULL_AWS_ACCESS, detached_from=(target,)))
    nodes = (OrgNode(cases.MANAGEMENT, OrgNodeKind.MANAGEMENT), *(
        OrgNode(node, OrgNodeKind.ACCOUNT if node == cases.ACCOUNT else OrgNodeKind.UNIT, parent)
        for node, parent in cases.level_parents(case)))
    trails = tuple(Trail(name=arn.rsplit("/", 1)[1], arn=arn) for arn in cases.TRAIL_ARNS)
    return Inventory(trails=trails, principals=(who, group) if kind == "user" else (who,), scps=tuple(scps),
                     organization=nodes if scps else ()), principal_id


def _decision(result: dict[str, str], simulated: dict) -> Decision:
    assert "error" not in result, (json.dumps(simulated, indent=1), result)
    return Decision.ALLOWED if result["result"] == "Allowed" else Decision.DENIED


def check_against_simulator(drawn: list[dict]) -> None:
    batches = []
    for case in drawn:
        case = cases.at_most(case, cases.MOST_CONDITIONS)
        inventory, principal = _inventory(case)
        wildcard = requires_wildcard_resource(case["action"])
        resource = ANY_RESOURCE if wildcard else case["trail"]
        decision = analyse(inventory).decision(principal, ACCOUNT_WIDE if wildcard else case["trail"], case["action"])
        ways = [cases.simulated(way, resource, {}) for way in cases.ways(case)]
        ways += [cases.simulated(case, resource, context) for context in case["contexts"]]
        batches.append((decision, ways))
    results = iter(simulate([way for _, ways in batches for way in ways]))
    for decision, ways in batches:
        theirs = {_decision(next(results), way) for way in ways}
        where = json.dumps(ways[-1], indent=1)
        if decision in (Decision.ALLOWED, Decision.DENIED):
            assert theirs == {decision}, f"trail-lint: {decision.value}, a condition can change it\n{where}"
        elif decision is Decision.CONDITIONAL:
            assert len(theirs) == 2, f"trail-lint: conditional, but no condition changes {theirs}\n{where}"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.data_too_large, HealthCheck.too_slow])
@given(st.lists(cases.access_cases((*TRAIL_ACTIONS, *GLOBAL_ACTIONS)), min_size=8, max_size=12))
def test_access_analysis_agrees_with_iam_simulate(drawn: list[dict]) -> None:
    check_against_simulator(drawn)
