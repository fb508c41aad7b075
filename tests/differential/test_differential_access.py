"""The whole access analysis against @cloud-copilot/iam-simulate: layers, groups, variables, conditions.

The simulator takes what trail-lint derives from the inputs, written out by this generator from
the AWS documentation, independently of trail-lint's code:
- the request context of the principal (policy variables): an IAM user's name, account, type, ARN
  and tags; a role session carries no aws:username
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse);
- group membership: the member's identity policies are its own and its groups';
- a permissions boundary: a second layer that must allow too, where it is set
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html);
- SCP levels: root, OU, account, each with its attached SCPs (Deny lists, allow lists) plus
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

import copy
import itertools
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

ACCOUNT = cases.ACCOUNT
MANAGEMENT = "111111111111"
FULL_ACCESS_DOCUMENT = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
TRAIL_ARNS = [f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main", f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/eu-app",
              f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/aws-controltower-Baseline",
              f"arn:aws:cloudtrail:ap-southeast-2:{ACCOUNT}:trail/org.audit",
              f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/eu_app-2",
              f"arn:aws:cloudtrail:us-east-1:{cases.OTHER_ACCOUNT}:trail/main"]
VARIABLE_PATTERNS = st.sampled_from([
    "arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/*", "arn:aws:cloudtrail:us-east-1:*:trail/${aws:username}",
    "arn:aws:cloudtrail:*:*:trail/${aws:PrincipalTag/trail}", "arn:aws:cloudtrail:*:*:trail/${aws:username, 'main'}",
    "arn:aws:cloudtrail:*:*:trail/${aws:PrincipalTag/missing, 'eu-app'}", "arn:aws:cloudtrail:*:*:trail/a${$}",
    f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/main", "*", "arn:aws:cloudtrail:*:*:trail/aws-*"])
PRINCIPALS = st.sampled_from([("user", "main", {"trail": "eu-app"}), ("user", "alice", {}), ("role", "main", {}),
                              ("user", "aws-controltower-Baseline", {"trail": "main"}),
                              ("user", "org.audit", {"team": "audit"})])
MOST_CONDITIONS = 3      # 2**3 ways the conditional statements of one case can go


@st.composite
def variable_statements(draw: st.DrawFn, action: str) -> dict[str, object]:
    statement = draw(cases.statements(conditional=True, action=action))
    key = "NotResource" if "NotResource" in statement else "Resource"
    statement[key] = draw(st.lists(VARIABLE_PATTERNS, min_size=1, max_size=2))
    return statement


def documents(action: str, trail: str, max_statements: int = 3) -> st.SearchStrategy[dict[str, object]]:
    return st.builds(lambda found: {"Version": "2012-10-17", "Statement": found}, st.lists(
        st.one_of(cases.statements(True, action, trail), variable_statements(action)), min_size=1,
        max_size=max_statements))


@st.composite
def access_cases(draw: st.DrawFn) -> dict:
    action = draw(st.sampled_from([*TRAIL_ACTIONS, *GLOBAL_ACTIONS]))
    trail = draw(st.sampled_from(TRAIL_ARNS))
    level = st.fixed_dictionaries({
        "scps": st.lists(cases.documents(True, 2, action, trail), max_size=2),
        "full_access": st.sampled_from(["default", "default", "attached", "detached"])})
    return {"principal": draw(PRINCIPALS), "own": draw(st.lists(documents(action, trail), min_size=1, max_size=2)),
            "group": draw(st.lists(documents(action, trail), max_size=1)),
            "boundary": draw(st.one_of(st.none(), st.none(), documents(action, trail))),
            "levels": draw(st.one_of(st.just([]), st.just([]), st.lists(level, min_size=3, max_size=3))),
            "action": action, "trail": trail, "contexts": draw(st.lists(cases.contexts(), min_size=2, max_size=2))}


ACCESS_CASES = access_cases()


def _documents(case: dict) -> list[dict]:
    """Every policy document of the case, in one order (for counting and editing conditions)."""
    return [*case["own"], *case["group"], *([case["boundary"]] if case["boundary"] else []),
            *(document for level in case["levels"] for document in level["scps"])]


def _at_most(case: dict, count: int) -> dict:
    """The case with the Condition of its conditional statements after the first ``count`` removed."""
    case = copy.deepcopy(case)
    seen = 0
    for document in _documents(case):
        for statement in document["Statement"]:
            if "Condition" in statement:
                seen += 1
                if seen > count:
                    del statement["Condition"]
    return case


def _ways(case: dict) -> list[dict]:
    """The case once for every way its conditional statements can go: each applies (its Condition
    removed) or does not (the statement removed)."""
    conditional = [(d, s) for d, document in enumerate(_documents(case))
                   for s, statement in enumerate(document["Statement"]) if "Condition" in statement]
    ways = []
    for applies in itertools.product((True, False), repeat=len(conditional)):
        way = copy.deepcopy(case)
        documents = _documents(way)
        for (d, s), keep in sorted(zip(conditional, applies), reverse=True):
            if keep:
                del documents[d]["Statement"][s]["Condition"]
            else:
                del documents[d]["Statement"][s]
        ways.append(way)
    return ways


def _policies(documents: list[dict[str, object]], prefix: str) -> tuple:
    return tuple(parse_policy(doc, name=f"{prefix}{i}", origin=Origin("case", ())) for i, doc in enumerate(documents))


def _inventory(case: dict) -> tuple[Inventory, str]:
    kind, name, tags = case["principal"]
    principal_id = f"arn:aws:iam::{ACCOUNT}:{kind}/{name}"
    group = Principal(f"arn:aws:iam::{ACCOUNT}:group/ops", PrincipalKind.GROUP, "ops", ACCOUNT,
                      inline_policies=_policies(case["group"], "g"))
    boundary = _policies([case["boundary"]], "b")[0] if case["boundary"] else None
    who = Principal(principal_id, PrincipalKind(kind), name, ACCOUNT, inline_policies=_policies(case["own"], "p"),
                    groups=("ops",) if kind == "user" else (), tags=tuple(tags.items()), boundary=boundary)
    targets = ("r-root", "ou-a", ACCOUNT)
    scps = []
    for level, target in zip(case["levels"], targets):
        scps += [ServiceControlPolicy(policy, (target,)) for policy in _policies(level["scps"], f"scp-{target}-")]
        if level["full_access"] == "attached":
            scps.append(ServiceControlPolicy(FULL_AWS_ACCESS, (target,)))
        elif level["full_access"] == "detached":
            scps.append(ServiceControlPolicy(FULL_AWS_ACCESS, detached_from=(target,)))
    nodes = (OrgNode(MANAGEMENT, OrgNodeKind.MANAGEMENT), OrgNode("ou-a", OrgNodeKind.UNIT, "r-root"),
             OrgNode(ACCOUNT, OrgNodeKind.ACCOUNT, "ou-a"))
    trails = tuple(Trail(name=arn.rsplit("/", 1)[1], arn=arn) for arn in TRAIL_ARNS)
    return Inventory(trails=trails, principals=(who, group) if kind == "user" else (who,), scps=tuple(scps),
                     organization=nodes if scps else ()), principal_id


def _simulated(case: dict, resource: str, context: dict[str, str]) -> dict[str, object]:
    kind, name, tags = case["principal"]
    principal = f"arn:aws:iam::{ACCOUNT}:user/{name}" if kind == "user" else \
        f"arn:aws:sts::{ACCOUNT}:assumed-role/{name}/session"
    fixed = {"aws:PrincipalAccount": ACCOUNT, "aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:{kind}/{name}",
             "aws:PrincipalType": "User" if kind == "user" else "AssumedRole"}
    if kind == "user":
        fixed["aws:username"] = name
        fixed.update({f"aws:PrincipalTag/{key}": value for key, value in tags.items()})
    levels = []
    for level in case["levels"]:
        allow_list = any(s.get("Effect") == "Allow" for doc in level["scps"] for s in doc["Statement"])
        keeps_full_access = level["full_access"] == "attached" or (level["full_access"] == "default" and not allow_list)
        levels.append(level["scps"] + ([FULL_ACCESS_DOCUMENT] if keeps_full_access else []))
    simulated = {"identity": case["own"] + (case["group"] if kind == "user" else []), "action": case["action"],
                 "account": resource.split(":")[4] if resource != ANY_RESOURCE else ACCOUNT, "resource": resource,
                 "principal": principal, "context": {**context, **fixed}, "scps": levels}
    if case["boundary"]:
        simulated["boundary"] = [case["boundary"]]
    return simulated


def _decision(result: dict[str, str], simulated: dict) -> Decision:
    assert "error" not in result, (json.dumps(simulated, indent=1), result)
    return Decision.ALLOWED if result["result"] == "Allowed" else Decision.DENIED


def check_against_simulator(drawn: list[dict]) -> None:
    batches = []
    for case in drawn:
        case = _at_most(case, MOST_CONDITIONS)
        inventory, principal = _inventory(case)
        wildcard = requires_wildcard_resource(case["action"])
        resource = ANY_RESOURCE if wildcard else case["trail"]
        decision = analyse(inventory).decision(principal, ACCOUNT_WIDE if wildcard else case["trail"], case["action"])
        ways = [_simulated(way, resource, {}) for way in _ways(case)]
        ways += [_simulated(case, resource, context) for context in case["contexts"]]
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
@given(st.lists(ACCESS_CASES, min_size=8, max_size=12))
def test_access_analysis_agrees_with_iam_simulate(drawn: list[dict]) -> None:
    check_against_simulator(drawn)
