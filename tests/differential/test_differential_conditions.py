"""iam.evaluate with the principal's request context against @cloud-copilot/iam-simulate, on
conditions of every operator family (iam_cases.typed_conditions; two operators on one key, a time
window or an address range less a part: iam_cases.ranged_conditions), in identity policies, a
permissions boundary and SCP levels.

trail-lint knows what the principal fixes about its own requests (its name, ARN, type, account, an
IAM user's tags: iam.resolve.request_context) and that no request carries a cloudtrail: key, nor
request tags (aws:RequestTag/…, aws:TagKeys: no trail action takes tags). What the request's resource
fixes it is given as the access analysis gives it (iam.evaluator.ResourceContext): the account of
its ARN (aws:ResourceAccount), a trail's tags where the case says the inputs hold them
(aws:ResourceTag/…; a request on "*" carries none), and for the actions performed only in a
trail's home Region (iam_cases.HOME_REGION_ACTIONS) the Region of its ARN (aws:RequestedRegion); the
simulator gets the same values in every context. Every other key
(aws:SourceIp, aws:CurrentTime, aws:SecureTransport, ...) is request context it cannot know. So a decision it gives ("allowed" or "denied") must be the simulator's in every
request context: each case is simulated in several, each request key absent or given a value of its
own pool or of the policies' conditions. "conditional" and "unknown" are not compared here
(test_differential_access.py checks that "conditional" can go both ways).

The principal is sometimes the account's root user (iam.root): no identity-based policy or boundary
reaches it, it may do anything on its account's resources (the simulator is given an Allow of every
action on every resource, with the root user's ARN, type "Account" and its account ID as aws:userid),
and the SCPs limit it. Every case, decided or not, is also decided through the access analysis's
bit masks (iam.masks.MaskEvaluator), which must give iam.evaluate's decision.
"""
from __future__ import annotations

import json

import iam_cases as cases
import pytest
from hypothesis import given
from hypothesis import strategies as st
from iam_simulator import available, iam_read, null_variables, simulate

from trail_lint.iam.access import decided
from trail_lint.iam.evaluator import NO_RESOURCE, Decision, RequestContext, ResourceContext, ScpLevel, evaluate
from trail_lint.iam.masks import ActionMasks, MaskEvaluator
from trail_lint.iam.resolve import request_context
from trail_lint.iam.root import root_user
from trail_lint.model import FULL_AWS_ACCESS, UNKNOWN, Origin, Policy, Principal, PrincipalKind
from trail_lint.normalise.policy_json import parse_policy

pytestmark = pytest.mark.differential

if not available():
    pytest.skip("node or @cloud-copilot/iam-simulate is not installed", allow_module_level=True)

FULL_ACCESS = cases.FULL_ACCESS_DOCUMENT
CONTEXTS = 4
# an organization's ID and an account's path in it: o-id/r-id/ou-id/ (the condition keys page)
ORGANIZATION = ("o-abc", "o-abc/r-root/ou-a/")


# the reads of a trail, answered in any Region (a request made in the trail's home Region reaches it)
READS = ("cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors")


@st.composite
def condition_cases(draw: st.DrawFn, reads: bool = False) -> dict:
    """``reads``: a read of a trail (READS) each time."""
    action, resource = draw(cases.requests())
    if reads:
        action, resource = draw(st.sampled_from(READS)), draw(cases.trail_arns())
    elif draw(st.integers(0, 2)) == 0:     # an action performed only in a trail's home Region, on a trail
        action, resource = draw(st.sampled_from(sorted(cases.HOME_REGION_ACTIONS))), draw(cases.trail_arns())
    action = "cloudtrail:" + action.split(":", 1)[1]
    account = resource.split(":")[4] if resource != "*" else cases.ACCOUNT
    documents = cases.typed_documents(action, resource)
    # the account's root user sometimes: its own access (every action), limited by the SCPs alone
    principal = draw(st.one_of(cases.PRINCIPALS, cases.PRINCIPALS, cases.PRINCIPALS, st.just(cases.ROOT_PRINCIPAL)))
    return {"principal": principal, "account": account, "action": action, "resource": resource,
            "identity": draw(st.lists(documents, min_size=1, max_size=2)),
            "boundary": draw(st.one_of(st.none(), st.none(), documents)),
            "scps": draw(st.lists(cases.typed_documents(action, resource, 2), max_size=2)),
            "contexts": draw(st.lists(st.integers(0, 2**32), min_size=CONTEXTS, max_size=CONTEXTS)),
            # the organization's ID and the path of the account in it, where the inputs hold them
            # (iam.scp_levels.organization_keys): aws:PrincipalOrgID and aws:PrincipalOrgPaths are fixed
            "organization": draw(st.sampled_from([None, None, ORGANIZATION])),
            # the trail's tags where the inputs hold them all; None: they do not (request context)
            "tags": draw(st.one_of(st.none(), st.sampled_from(cases.RESOURCE_TAG_SETS)))}


def trail(case: dict) -> bool:
    return case["resource"].split(":")[-1].startswith("trail/")


def resource_context(case: dict) -> ResourceContext:
    """What the request's resource fixes, as trail-lint's access analysis gives it of a trail
    (iam.access.trail_context): its account, its tags where known, its home Region; "*": no tags."""
    if case["resource"] == "*":
        return NO_RESOURCE
    fields = case["resource"].split(":")
    tags = tuple(case["tags"].items()) if trail(case) and case["tags"] is not None else UNKNOWN
    return ResourceContext(tags, fields[4], fields[3] if trail(case) else UNKNOWN)


def resource_values(case: dict, chosen: int) -> dict[str, object]:
    """The simulator's values of the keys resource_context fixes (a tag set drawn where they are not
    known; the Region only for an action performed in the trail's home Region alone)."""
    if case["resource"] == "*":
        return {}
    fields = case["resource"].split(":")
    tags = case["tags"] if trail(case) and case["tags"] is not None else \
        cases.RESOURCE_TAG_SETS[chosen % len(cases.RESOURCE_TAG_SETS)]
    return {"aws:ResourceAccount": fields[4], **{f"aws:ResourceTag/{key}": value for key, value in tags.items()},
            **({"aws:RequestedRegion": fields[3]} if trail(case) and cases.home_region_only(case["action"]) else {})}


def policies(documents: list[dict], prefix: str) -> tuple:
    return tuple(parse_policy(document, name=f"{prefix}{index}", origin=Origin("case", ()))
                 for index, document in enumerate(documents))


def root(case: dict) -> bool:
    return case["principal"][0] == "root"


def layers(case: dict) -> tuple[tuple[Policy, ...], Policy | None, list[ScpLevel], RequestContext]:
    """The identity-based policies, the boundary, the SCP levels and the request context trail-lint
    evaluates, with what the principal fixes about its requests (an IAM user's tags are known; a
    role's come with its session: request context). The root user holds its own access alone
    (iam.root: no identity-based policy or boundary can be attached to it)."""
    kind, name, tags = case["principal"]
    if root(case):
        principal = root_user(case["account"], "aws", Origin("case", ()))
        identity: tuple[Policy, ...] = principal.inline_policies
        boundary = None
    else:
        principal = Principal(cases.principal_arn(kind, name, case["account"]), PrincipalKind(kind), name,
                              case["account"], tags=tuple(tags.items()) if kind == "user" else (),
                              unique_id=cases.user_id(name) if kind == "user" else None)
        identity = policies(case["identity"], "p")
        boundary = policies([case["boundary"]], "b")[0] if case["boundary"] else None
    # one SCP level (the account's), FullAWSAccess attached beside the case's SCPs
    scps = [ScpLevel((*policies(case["scps"], "scp"), FULL_AWS_ACCESS))] if case["scps"] else []
    return identity, boundary, scps, request_context(principal, case["account"], case["organization"] or (None, None))


def ours(case: dict) -> Decision:
    """trail-lint's decision (iam.evaluate)."""
    identity, boundary, scps, context = layers(case)
    return evaluate(identity, case["action"], case["resource"], boundary=boundary, scps=scps, context=context,
                    on=resource_context(case)).decision


def masked(case: dict) -> Decision:
    """trail-lint's decision through the access analysis's bit masks (iam.masks.MaskEvaluator), on
    the request's resource alone."""
    identity, boundary, scps, context = layers(case)
    evaluator = MaskEvaluator([case["resource"]], ActionMasks((case["action"],)), on=[resource_context(case)])
    limit = evaluator.policy_bits(boundary, context, iam_policy=True)[0] if boundary is not None else None
    masks = evaluator.combine(evaluator.layer_bits(identity, context, iam_policy=True)[0], limit,
                              [(evaluator.layer_bits(level.policies, context)[0], level.applies) for level in scps])
    found = decided(masks, 0)
    assert found is not None
    return found[0]


def simulated(case: dict, chosen: int) -> dict[str, object]:
    kind, name, _ = case["principal"]
    drawn = [*case["identity"], *([case["boundary"]] if case["boundary"] else []), *case["scps"]]
    principal = cases.principal_arn(kind, name, case["account"]) if kind in ("user", "root") else \
        f"arn:aws:sts::{case['account']}:assumed-role/{name}/session"
    # identity-based policies and a boundary as trail-lint reads those IAM refuses (iam_simulator.iam_read)
    context = {**cases.request_contexts(case["principal"], case["account"], chosen, drawn),
               **resource_values(case, chosen)}
    if case["organization"]:
        context.update({"aws:PrincipalOrgID": case["organization"][0], "aws:PrincipalOrgPaths": [case["organization"][1]]})
    found: dict[str, object] = {
        "identity": [FULL_ACCESS] if root(case) else
        [null_variables(iam_read(document), context) for document in case["identity"]],
        "action": case["action"], "resource": case["resource"],
        "account": case["account"], "principal": principal, "context": context}
    if case["boundary"] and not root(case):
        found["boundary"] = [null_variables(iam_read(case["boundary"]), context)]
    if case["scps"]:
        found["scps"] = [[*(null_variables(document, context) for document in case["scps"]), FULL_ACCESS]]
    return found


@cases.budget(8)
@given(st.lists(condition_cases(), min_size=10, max_size=20))
def test_decided_conditions_agree_with_iam_simulate(drawn: list[dict]) -> None:
    evaluated = [(case, ours(case)) for case in drawn]
    for case, decision in evaluated:     # the access analysis's masks decide as the evaluator does
        assert masked(case) is decision, json.dumps(case, indent=1)
    known = [(case, decision) for case, decision in evaluated if decision in (Decision.ALLOWED, Decision.DENIED)]
    requests = [simulated(case, chosen) for case, _ in known for chosen in case["contexts"]]
    results = iter(simulate(requests))
    for (case, decision), request in zip([item for item in known for _ in range(CONTEXTS)], requests):
        result = next(results)
        assert "error" not in result, (json.dumps(request, indent=1), result)
        theirs = Decision.ALLOWED if result["result"] == "Allowed" else Decision.DENIED
        assert decision is theirs, f"trail-lint: {decision.value}\n{json.dumps(request, indent=1)}"
