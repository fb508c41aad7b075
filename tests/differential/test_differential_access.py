"""The whole access analysis against @cloud-copilot/iam-simulate: layers, groups, variables, conditions.

The simulator takes what trail-lint derives from the inputs, written out by this generator from
the AWS documentation, independently of trail-lint's code:
- the request context of the principal (policy variables): an IAM user's name, account, type, ARN
  and tags; a role session carries no aws:username
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse);
- group membership: the member's identity policies are its own and its groups'; with attachments
  (iam_cases.attached_policies) a user in two groups, customer managed policies attached to it and
  to its groups, one policy to several of them, and a boundary named by a managed policy's ARN;
- a permissions boundary: a second layer that must allow too, where it is set
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html);
- SCP levels: root, one or two OUs, account, each with its attached SCPs (Deny lists, allow lists) plus
  FullAWSAccess where it stays attached (by default unless an allow list replaces it, or
  explicitly), none where it is detached; a Deny anywhere wins
  (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html);
- trails have no resource-based policy, so a principal acts on its own account's trails only
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html);
- a trail's tags, where the case says the inputs hold them all (a Terraform plan's tags_all): what
  a request on it carries as aws:ResourceTag/<key>; its account and, for the actions performed only
  in its home Region, its Region (aws:RequestedRegion) (iam_cases.resource_keys).

Conditions: trail-lint cannot know the request context, so a decision it gives must hold whatever
the conditions on it say, and where they can change it, it must say so. Conditions on what the
principal fixes (its name, ARN, type, account, an IAM user's tags; cloudtrail: keys, which no
request carries) are the principal's: they stay in every case and the simulator decides them.
The simulator decides every way the other conditional statements can go (each one applying, or
not: its condition removed, or the statement removed), and real request contexts: sampled ones
(aws:RequestedRegion, aws:PrincipalTag/team, aws:SourceAccount, aws:ResourceTag/env present or absent) and one for
each way the Condition blocks can go together (iam_cases.real_contexts):
- trail-lint "allowed" or "denied": every way and every context gives that decision;
- trail-lint "conditional": the ways do not all give one decision (else trail-lint had to decide),
  and, where a context exists for every way, the contexts do not either (else no real request
  changes it; where some way has no context, conditions exclude each other, which trail-lint
  does not compare).

The simulator cannot express the management account's exemption, service-linked roles, or an
attachment whose place on the path is unknown: tests/test_scp_levels.py covers those from the
documentation. It reads the escapes ${*}, ${?} and ${$} inside an ARN as the documented literal
characters (drawn here), but lets a Resource that is the escape alone ("${*}", no ARN) match a
trail ARN: tests/test_policy_variables.py covers that one.
Policies of Version 2008-10-17 or without Version (variables are literal text there) reach the
simulator as the same policy in 2012-10-17 with ${$} (iam_simulator.literal_variables); a user's
unique ID is the value of ${aws:userid}, one trail is named like one. An empty default
(${aws:PrincipalTag/missing, ''}) the simulator reads as no default; AWS uses "the default text
that you provide" (reference_policies_variables.html, Specifying default values), an empty one
too: not drawn here, tests/test_policy_variables.py covers it.
trail-lint's "unknown" is not compared.
Each decision of the analysis (its bit masks) is checked equal to iam.evaluate's on the policies it
resolved, for the principal and for the root user of its account, which the analysis adds (iam.root).
"""
from __future__ import annotations

import json

import iam_cases as cases
import pytest
from hypothesis import given
from hypothesis import strategies as st
from iam_simulator import available, simulate

from trail_lint.iam.access import ACCOUNT_WIDE, GLOBAL_ACTIONS, TRAIL_ACTIONS, AccessReport, analyse
from trail_lint.iam.actions import requires_wildcard_resource
from trail_lint.iam.evaluator import ANY_RESOURCE, Decision, evaluate
from trail_lint.model import (
    FULL_AWS_ACCESS,
    InputKind,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Origin,
    Policy,
    PolicyRef,
    Principal,
    PrincipalKind,
    ServiceControlPolicy,
    Tag,
    Trail,
)
from trail_lint.normalise.policy_json import parse_policy

pytestmark = pytest.mark.differential

if not available():
    pytest.skip("node or @cloud-copilot/iam-simulate is not installed", allow_module_level=True)

def _policies(documents: list[dict[str, object]], prefix: str) -> tuple:
    return tuple(parse_policy(doc, name=f"{prefix}{i}", origin=Origin("case", ())) for i, doc in enumerate(documents))


def _managed(case: dict) -> tuple[tuple[Policy, ...], dict[str, tuple[PolicyRef, ...]], PolicyRef | Policy | None]:
    """The customer managed policies of the case (iam_cases.attached_policies), the references each
    target ("self", "ops", "audit") holds, and the boundary (a reference where the case says so)."""
    found = [Policy(name=f"m{index}", statements=policy.statements, arn=f"arn:aws:iam::{cases.ACCOUNT}:policy/m{index}",
                    version=policy.version)
             for index, policy in enumerate(_policies(case.get("attached", []), "m"))]
    refs = {target: tuple(PolicyRef(policy.arn or "") for policy, targets in zip(found, case.get("targets", []))
                          if target in targets) for target in cases.ATTACHMENT_TARGETS}
    boundary: PolicyRef | Policy | None = _policies([case["boundary"]], "b")[0] if case["boundary"] else None
    if boundary is not None and case.get("boundary_ref"):
        arn = f"arn:aws:iam::{cases.ACCOUNT}:policy/boundary"
        found.append(Policy(name="boundary", statements=boundary.statements, arn=arn, version=boundary.version))
        boundary = PolicyRef(arn)
    return tuple(found), refs, boundary


def _inventory(case: dict) -> tuple[Inventory, str]:
    kind, name, tags = case["principal"]
    principal_id = cases.principal_arn(kind, name)
    managed, refs, boundary = _managed(case)
    groups = (Principal(f"arn:aws:iam::{cases.ACCOUNT}:group/ops", PrincipalKind.GROUP, "ops", cases.ACCOUNT,
                        inline_policies=_policies(case["group"], "g"), managed_policies=refs["ops"]),
              Principal(f"arn:aws:iam::{cases.ACCOUNT}:group/audit", PrincipalKind.GROUP, "audit", cases.ACCOUNT,
                        inline_policies=_policies(case.get("group2", []), "a"), managed_policies=refs["audit"]))
    who = Principal(principal_id, PrincipalKind(kind), name, cases.ACCOUNT, inline_policies=_policies(case["own"], "p"),
                    managed_policies=refs["self"],
                    groups=("ops", "audit")[:1 + ("group2" in case)] if kind == "user" else (), tags=tuple(tags.items()),
                    boundary=boundary, unique_id=cases.user_id(name) if kind == "user" else None)
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
    # a Terraform plan's tags_all holds every tag of a trail (iam.access.trail_tags)
    tags = case.get("trail_tags")
    trails = tuple(Trail(name=arn.rsplit("/", 1)[1], arn=arn, tags=tuple(Tag(key, value) for key, value in tags.items()),
                         origin=Origin("plan.json", (), kind=InputKind.TERRAFORM_PLAN)) if tags is not None else
                   Trail(name=arn.rsplit("/", 1)[1], arn=arn) for arn in cases.TRAIL_ARNS)
    return Inventory(trails=trails, principals=(who, *groups[:len(who.groups)]), policies=managed, scps=tuple(scps),
                     organization=nodes if scps else ()), principal_id


def _decision(result: dict[str, str], simulated: dict) -> Decision:
    assert "error" not in result, (json.dumps(simulated, indent=1), result)
    return Decision.ALLOWED if result["result"] == "Allowed" else Decision.DENIED


def evaluated(report: AccessReport, principal: str, trail: str, action: str) -> Decision:
    """iam.evaluate's decision on the policies the access analysis resolved for the principal, on the
    trail (or "*") as the analysis gives it; denied where the principal cannot act on the trail."""
    found = report.locate(principal, trail, action)
    effective = found[0].effective_on(-1 if trail == ACCOUNT_WIDE else found[2]) if found is not None else None
    if found is None or effective is None:
        return Decision.DENIED
    at = -1 if trail == ACCOUNT_WIDE or requires_wildcard_resource(action) else found[0].view.bits[found[2]]
    return evaluate(effective.identity, action, ANY_RESOURCE if at < 0 else report.resources[at],
                    boundary=effective.boundary, scps=effective.scps, context=effective.context,
                    on=report.context_of(at)).decision


def check_masks(report: AccessReport, principal: str, trail: str, action: str) -> Decision:
    """The analysis's decision (its bit masks), checked equal to iam.evaluate's for the principal and
    for the root user of its account (iam.root), which the analysis adds."""
    for who in (principal, *(other.id for other in report.principals if other.kind is PrincipalKind.ROOT)):
        assert report.decision(who, trail, action) is evaluated(report, who, trail, action), (who, trail, action)
    return report.decision(principal, trail, action)


def check_against_simulator(drawn: list[dict]) -> None:
    batches = []
    for case in drawn:
        case = cases.at_most(case, cases.MOST_CONDITIONS)
        inventory, principal = _inventory(case)
        wildcard = requires_wildcard_resource(case["action"])
        resource = ANY_RESOURCE if wildcard else case["trail"]
        report = analyse(inventory)
        key = ACCOUNT_WIDE if wildcard else case["trail"]
        decision = check_masks(report, principal, key, case["action"])
        # the keys the request's resource fixes: its account, its tags where the case holds them all
        # (and the Region, for an action performed only in the trail's home Region)
        case = {**case, "resource_keys": cases.resource_keys(resource, case.get("trail_tags"), case["action"])}
        # the principal, and the root user of its account (iam.root) with the same SCP levels
        root = next(other.id for other in report.principals if other.kind is PrincipalKind.ROOT)
        for who, decided in ((case, decision), (cases.rooted(case), report.decision(root, key, case["action"]))):
            if who is None:
                continue
            ways = [cases.simulated(way, resource, {}) for way in cases.ways(who)]
            crafted, every_way = cases.real_contexts(who)
            contexts = [cases.simulated(who, resource, context) for context in who["contexts"] + crafted]
            batches.append((decided, ways, contexts, every_way))
    results = iter(simulate([simulated for _, ways, contexts, _ in batches for simulated in ways + contexts]))
    for decision, ways, contexts, every_way in batches:
        by_ways = {_decision(next(results), way) for way in ways}
        by_contexts = {_decision(next(results), context) for context in contexts}
        where = json.dumps(contexts[-1], indent=1)
        if decision in (Decision.ALLOWED, Decision.DENIED):
            assert by_ways | by_contexts == {decision}, f"trail-lint: {decision.value}, a condition can change it\n{where}"
        elif decision is Decision.CONDITIONAL:
            assert len(by_ways) == 2, f"trail-lint: conditional, but no condition changes {by_ways}\n{where}"
            if every_way:
                assert len(by_contexts) == 2, f"trail-lint: conditional, but no request changes {by_contexts}\n{where}"


@cases.budget(12)
@given(st.lists(cases.access_cases((*TRAIL_ACTIONS, *GLOBAL_ACTIONS)), min_size=8, max_size=12))
def test_access_analysis_agrees_with_iam_simulate(drawn: list[dict]) -> None:
    check_against_simulator(drawn)


@cases.budget(8)
@given(st.lists(cases.access_cases((*TRAIL_ACTIONS, *GLOBAL_ACTIONS), attachments=True), min_size=6, max_size=10))
def test_policies_attached_every_way_agree_with_iam_simulate(drawn: list[dict]) -> None:
    """A user in two groups, customer managed policies attached to it and to its groups (one to
    several), a role with managed policies, a boundary named by its ARN: every policy that reaches
    the principal decides, each once."""
    check_against_simulator(drawn)
