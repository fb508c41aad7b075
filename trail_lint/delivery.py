"""Can a trail deliver? Its bucket, topic and key policies, read as CloudTrail's requests.

CloudTrail calls S3, SNS and KMS as the service principal ``cloudtrail.amazonaws.com``, with
``aws:SourceArn`` = the trail ARN and ``aws:SourceAccount`` = the trail's account
(cloudtrail-facts.md §3). A resource policy must allow each request, and no explicit Deny may
match it. Only what is certain is a verdict: an unknown statement, value or condition that could
change it gives UNKNOWN, with the statements it rests on, and the rules report it as one TL002
per policy (delivery_problems.undecided).
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

The requests are made in ``delivery_requests`` (a log bucket's in ``delivery_bucket_requests``, with
what they carry), and whether one statement applies to one request is ``delivery_applies``.
"""
from __future__ import annotations

from collections.abc import Mapping

from trail_lint.delivery_accounts import named_regions
from trail_lint.delivery_applies import (
    condition_holds,
    conditions_hold,
    principal_applies,
    resource_applies,
    resource_patterns,
    statement_conditions,
)
from trail_lint.delivery_match import filled
from trail_lint.delivery_requests import DELEGATED, SERVICE, Request
from trail_lint.iam.conditions import documented_key
from trail_lint.iam.evaluator import Decision, action_applies, resource_rejected, trust_refused, trust_rejected
from trail_lint.model import (
    UNKNOWN,
    At,
    Condition,
    Hole,
    Inventory,
    Policy,
    Problem,
    Statement,
    Trail,
    Tri,
    Unknown,
    all_of,
    any_of,
    statement_name,
)
from trail_lint.problems import few, home_region_unknown, undecided_setting
from trail_lint.records import record, replace


@record
class Verdict:
    decision: Decision          # ALLOWED, DENIED (blocked) or UNKNOWN
    reason: str = ""            # why it is blocked (or, UNKNOWN, what leaves it open), for the message
    at: At | None = None        # the statement it rests on, if one
    open: tuple[At, ...] = ()   # UNKNOWN: every statement that leaves it open
    # UNKNOWN only because the trail's partition is not known, its home Region not being (_PARTITION_OPEN)
    partition: bool = False


def region_left_open(inventory: Inventory, trail: Trail, partition: bool, places: Mapping[At, At]) -> Problem | None:
    """A check that only the trail's partition leaves open (``partition``: Verdict.partition; its home
    Region is not known), said in
    the TL002 that says the home Region is not known, which then names the rule: one unknown said
    once. That TL002 is the run's, for a Region nothing says (``places``:
    scope.home.region_unknown_places), or a reader's, for a Region written with a value not known offline
    (a variable without a value). None for any other check, or a trail no such TL002 names."""
    if not partition:
        return None
    said = home_region_unknown(trail, places)
    if said is None and isinstance(trail.region, Unknown):
        at = trail.origin.of("region")
        if any(unknown.at == at for unknown in inventory.unknowns):
            said = undecided_setting(trail, "region", "the home Region")
    return said


def _bind(statement: Statement, known: Mapping[str, str]) -> Statement:
    """The statement with the named holes ``known`` gives as their text."""
    holes = statement.holes
    if holes is None or not known:
        return statement
    return replace(statement, holes=replace(
        holes,
        resources=None if holes.resources is None else tuple(filled(p, known) for p in holes.resources),
        not_resources=None if holes.not_resources is None else tuple(filled(p, known) for p in holes.not_resources),
        conditions=None if holes.conditions is None else tuple(
            replace(c, values=tuple(filled(v, known) if isinstance(v, tuple) else v for v in c.values))
            for c in holes.conditions)))


def evaluate_trust(policy: Policy, request: Request) -> Verdict:
    """A role's trust policy for the request: its statements name no Resource, and each applies to
    the role that holds it. One IAM rejects (a Resource or a NotPrincipal, besides what rejects a
    resource's own policy: iam.trust_rejected) lets no one assume the role."""
    if trust_rejected(policy):
        return _rejected(policy, request, "TL001" if trust_refused(policy) else "TL221")
    if isinstance(policy.statements, tuple):
        policy = replace(policy, statements=tuple(
            replace(s, resources=("*",)) if s.resources == () and s.not_resources is None else s
            for s in policy.statements))
    return evaluate(policy, request)


def evaluate(policy: Policy, request: Request) -> Verdict:
    """ALLOWED, BLOCKED (with the reason) or UNKNOWN (with the first statement that leaves it open)
    for CloudTrail's request. A request that may name its trail otherwise (``Request.elsewhere``) is
    blocked only if it is blocked either way."""
    verdict = _evaluate(policy, request)
    if verdict.decision is not Decision.DENIED or not request.elsewhere:
        return verdict
    other = _evaluate(policy, replace(request, elsewhere={}, context={
        **request.context, **{key: value for key, value in request.elsewhere.items() if key in request.context}}))
    if other.decision is Decision.DENIED:
        return verdict
    at = verdict.at or policy.origin.at
    return Verdict(Decision.UNKNOWN, f"{verdict.reason}, {DELEGATED}", at, (at,))


def _rejected(policy: Policy, request: Request, rule: str = "TL001") -> Verdict:
    """IAM rejects the document (a statement outside the grammar, or one naming no principal), so the
    resource has no policy: nothing grants CloudTrail's request and nothing blocks it (the engine
    reports the statement as TL001; ``rule``: TL221 for a trust policy's NotPrincipal)."""
    return Verdict(Decision.DENIED, f"IAM rejects the policy (reported as {rule}), so it does not exist and "
                                    f"does not allow {SERVICE} {request.action}", policy.origin.at)


def _evaluate(policy: Policy, request: Request) -> Verdict:
    if not isinstance(policy.statements, tuple):
        return Verdict(Decision.UNKNOWN, "its statements are not known", policy.origin.at, (policy.origin.at,))
    if resource_rejected(policy):
        return _rejected(policy, request)
    statements = policy.statements
    if request.bound:
        # the run's account, Region or partition, on both sides: a trail's topic or key held by its
        # reader with its deployment's named holes is the same text as the policy's
        statements = tuple(_bind(s, request.bound) for s in statements)
        request = replace(request, resource=filled(request.resource, request.bound),
                          context={key: filled(value, request.bound) for key, value in request.context.items()})
    allowed: Tri = False
    may_deny = False
    excluded: Verdict | None = None
    open_: dict[str, list[str]] = {}        # what is not known: the statements it leaves open
    opened: list[At] = []
    old_grant: Verdict | None = None        # an Allow that names CloudTrail's own accounts, which do not apply
    denied_over = _denied_over(statements, request)
    for index, statement in enumerate(statements):
        if denied_over and statement.effect == "Allow" and statement.made_over in denied_over:
            continue        # there only with a Deny that surely denies the request (_denied_over)
        name = statement_name(statement.sid, index)
        at = statement.origin.at if statement.origin.file else policy.origin.at
        base = all_of((principal_applies(statement, request), action_applies(statement, request.action),
                       resource_applies(statement, request)))
        holds = conditions_hold(statement, request)
        applies = all_of((base, holds))
        if statement.effect is UNKNOWN:
            # An Allow or a Deny: it matters only where it may apply to the request.
            if applies is not False:
                allowed, may_deny = any_of((allowed, UNKNOWN)), True
                open_.setdefault("Effect not known", []).append(name)
                opened.append(at)
            continue
        if statement.effect == "Deny":
            if applies is True:
                return Verdict(Decision.DENIED, f"{name} denies {request.action}", at)
            # A Deny that may match (conditions on request facts trail-lint cannot see) may block:
            # not a certain verdict.
            if applies is UNKNOWN:
                may_deny = True
                open_.setdefault(_open(statement, request, holds), []).append(name)
                opened.append(at)
            continue
        allowed = any_of((allowed, applies))
        if old_grant is None and base is False:
            old_grant = _old_grant(statement, request, name, at) or _misnamed(statement, request, name, at)
        if applies is UNKNOWN:
            open_.setdefault(_open(statement, request, holds), []).append(name)
            opened.append(at)
        # The statement would grant the request but for its conditions (or its resource is not
        # known, which cannot make it grant): the failing condition is the reason to give.
        if base is not False and holds is False and excluded is None:
            keys = ", ".join(sorted({documented_key(c.key) for c in _failing(statement, request)}))
            excluded = Verdict(Decision.DENIED, f"the {keys} condition of {name} excludes it", at)
    if allowed is True and not may_deny:
        return Verdict(Decision.ALLOWED)
    if allowed is not False:
        return Verdict(Decision.UNKNOWN, "; ".join(f"{few(names)}: {said}" for said, names in open_.items()),
                       opened[0], tuple(opened), partition=list(open_) == [_PARTITION_OPEN])
    return excluded or old_grant or Verdict(
        Decision.DENIED, f"no statement allows {SERVICE} {request.action} on {request.shown}", policy.origin.at)


def _old_grant(statement: Statement, request: Request, name: str, at: At) -> Verdict | None:
    """Why an Allow naming CloudTrail's own per-Region accounts (not the service principal) does
    not let CloudTrail make the request; None for any other statement."""
    regions = named_regions(statement.principals) if isinstance(statement.principals, dict) else ()
    if not regions or action_applies(statement, request.action) is False \
            or resource_applies(statement, request) is False:
        return None
    where = "the trail is multi-Region" if request.region is None else f"not from {request.region}"
    return Verdict(Decision.DENIED, f"{name} names CloudTrail's own accounts of {few(regions)} instead "
                                    f"of {SERVICE}, which lets CloudTrail deliver only from those Regions: {where}", at)


def _misnamed(statement: Statement, request: Request, name: str, at: At) -> Verdict | None:
    """Why an Allow naming a service principal spelt almost as CloudTrail's (``cloudtrail.amazon.com``,
    ``cloudtrial.amazonaws.com``) does not let CloudTrail make the request: a principal is matched
    by its exact name. None for any other statement.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services"""
    from difflib import get_close_matches

    services = statement.principals.get("Service") if isinstance(statement.principals, Mapping) else None
    if not isinstance(services, tuple) or action_applies(statement, request.action) is False \
            or resource_applies(statement, request) is False:
        return None
    near = [service for service in services if isinstance(service, str) and service.lower() != SERVICE
            and get_close_matches(service.lower(), (SERVICE,), n=1, cutoff=0.85)]
    if not near:
        return None
    return Verdict(Decision.DENIED, f"{name} names the service principal {near[0]!r}, not {SERVICE} "
                                    "(a principal is matched by its exact name)", at)


# What leaves a statement's Resource open when a known account would settle it (the AWSLogs/<account-id>/ folder).
_ACCOUNT_OPEN = "depends on the trail's account, which is not known (pass --account, or set account in the " \
                "configuration)"
# What leaves a statement open when it applies in the aws partition and the trail's is not known.
_PARTITION_OPEN = "it applies to CloudTrail's request only if the trail is in the aws partition, and the trail's " \
                  "Region is not known (pass --region)"


def _open(statement: Statement, request: Request, holds: Tri) -> str:
    """What leaves a statement's say on the request open: the part of it that is not known."""
    if _applies_in(statement, request, "aws"):
        return _PARTITION_OPEN
    if principal_applies(statement, request) is UNKNOWN:
        if principal_applies(statement) is False:
            if isinstance(statement.principals, Mapping) and named_regions(statement.principals):
                return "Principal names CloudTrail's own accounts of some Regions, and the Region CloudTrail " \
                       "delivers the trail from is not known"
            return "Principal's account not known: it may be CloudTrail's own account of the trail's Region"
        return "Principal not known"
    if action_applies(statement, request.action) is UNKNOWN:
        return "Action not known"
    if resource_patterns(statement) is None:
        return "Resource not known"
    if resource_applies(statement, request) is UNKNOWN:
        if request.any_account is not None and _written_out(statement) and \
                resource_applies(statement, replace(request, resource=request.any_account)) is not UNKNOWN:
            return f"whether the Resource covers {request.shown} {_ACCOUNT_OPEN}"
        return f"whether the Resource covers {request.shown} is not known offline"
    if holds is not UNKNOWN:
        return "may apply"
    if statement.maybe and conditions_hold(replace(statement, maybe=False), request) is True:
        return "made by a dynamic block over a for_each not known offline, any number of times, maybe none"
    conditions = statement_conditions(statement)
    if conditions is None:
        return "conditions not known"
    open_ = [f"{c.operator} {documented_key(c.key)}" for c in conditions if condition_holds(c, request) is UNKNOWN]
    headers = sorted({documented_key(c.key) for c in conditions if c.key.lower() in request.either
                      and condition_holds(c, request) is UNKNOWN})
    if headers and len(headers) == len({c.key for c in conditions if condition_holds(c, request) is UNKNOWN}):
        return f"whether its {few(open_)} condition{'s hold' if len(open_) > 1 else ' holds'} depends on what " \
               f"CloudTrail's {request.action} sends in {few(headers)}, which AWS does not document"
    return f"whether its {few(open_)} condition{'s hold' if len(open_) > 1 else ' holds'} for CloudTrail's " \
           f"{request.action} is not known offline"


def _written_out(statement: Statement) -> bool:
    """Whether the statement's Resource (or NotResource) is all text: no value not known offline, no
    policy variable."""
    patterns = statement.not_resources if statement.not_resources is not None else statement.resources
    return isinstance(patterns, tuple) and all("${" not in pattern for pattern in patterns)


def _applies_in(statement: Statement, request: Request, partition: str) -> bool:
    """Whether the statement applies to the request once the trail's partition, which the reader
    knows only by name (the stack's), is ``partition``."""
    source = request.context.get("aws:sourcearn", ())
    hole = source[1] if len(source) > 1 else None
    if not isinstance(hole, Hole) or not hole.name:
        return False
    known = {hole.name: partition}
    there = replace(request, resource=filled(request.resource, known),
                    context={key: filled(value, known) for key, value in request.context.items()})
    return all_of((principal_applies(statement, there), action_applies(statement, there.action),
                   resource_applies(statement, there), conditions_hold(statement, there))) is True


def _failing(statement: Statement, request: Request) -> list[Condition]:
    return [c for c in statement_conditions(statement) or () if condition_holds(c, request) is False]


def _denied_over(statements: tuple[Statement, ...], request: Request) -> set[str]:
    """What the Denies of a policy that may not be there (Statement.maybe) and surely deny the request
    where they are are made over (Statement.made_over): an Allow made over the same collection is there
    only with them, and grants nothing. Empty for a policy without such statements (most)."""
    return {statement.made_over for statement in statements if statement.made_over is not None
            and statement.effect == "Deny" and all_of((
                principal_applies(statement, request), action_applies(statement, request.action),
                resource_applies(statement, request), conditions_hold(replace(statement, maybe=False), request)))
            is True}
