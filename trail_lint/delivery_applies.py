"""Whether one statement of a resource policy applies to one of CloudTrail's requests: its principal,
its Resource and its conditions, each three-valued (``delivery_requests.Request`` says what the request
carries)."""
from __future__ import annotations

from collections.abc import Mapping

from trail_lint.delivery_accounts import may_name_accounts, named_regions
from trail_lint.delivery_match import filled, matches, text
from trail_lint.delivery_requests import SERVICE, Request
from trail_lint.iam.conditions import arn_condition, arn_like, on_one_value, value_text
from trail_lint.iam.conditions import condition_holds as settle_condition
from trail_lint.iam.evaluator import ResourceTest, arn_matches, held_resource_applies
from trail_lint.model import UNKNOWN, Condition, Principals, Statement, Text, Tri, Unknown, all_of, any_of
from trail_lint.records import replace

# Keys a request by a service principal never carries, so conditions on them are decidable:
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
# (aws:PrincipalOrgID/Paths are absent for service principals; aws:SourceVpc/Vpce are present
# only for requests through a VPC endpoint, which CloudTrail's delivery is not).
ABSENT_KEYS = frozenset({"aws:principalorgid", "aws:principalorgpaths", "aws:sourcevpc", "aws:sourcevpce"})
_NEGATED = ("StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike")
_ARN_OPERATORS = ("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike")


def principal_applies(statement: Statement, request: Request | None = None) -> Tri:
    """Whether the statement's principal covers CloudTrail: the service principal, ``*``, or (for
    the request's one Region) CloudTrail's own account there, which old policies name."""
    principals, not_principals = statement.principals, statement.not_principals
    if isinstance(principals, Unknown) or isinstance(not_principals, Unknown):
        return UNKNOWN
    held = statement.holes
    if not_principals is not None:
        named = _names_service(not_principals, held.not_principals if held else None)
        return named if named is UNKNOWN else not named
    if principals is None:
        return False                  # a resource-policy statement without Principal grants nothing
    named = _names_service(principals, held.principals if held else None)
    if named is True or request is None or request.region is None:
        return named
    regions = named_regions(principals)
    # an AWS identifier not known offline may be CloudTrail's own account of the request's Region,
    # unless its shape says it is not (a role's ARN, the deployment's own account)
    maybe = not isinstance(principals.get("AWS", ()), tuple) and \
        may_name_accounts(dict(held.principals or ()).get("AWS") if held else None, request.region)
    old: Tri = (UNKNOWN if regions or maybe else False) if request.region is UNKNOWN else \
        True if request.region in regions else UNKNOWN if maybe else False
    return any_of((named, old))


def _names_service(principals: Principals, held: tuple[tuple[str, tuple[Text, ...]], ...] | None = None) -> Tri:
    """Whether the element names CloudTrail. Identifiers not known offline of another kind than
    Service cannot: an AWS identifier with literal text of its own is an account or an ARN, never
    ``*`` (model.Principals).

    AWS documents the service principal as ``cloudtrail.amazonaws.com``, in lower case, and not
    whether the Principal element matches it in another case (``CloudTrail.amazonaws.com``), as it
    does action names; simulators differ. Such an identifier is not known to name CloudTrail.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
    https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
    """
    found: Tri = False
    texts = dict(held or ())
    for kind, ids in principals.items():
        if not isinstance(ids, tuple):
            # identifiers with holes whose text is held: `logs.${region}.amazonaws.com` is never CloudTrail's
            named: Tri = False if kind != "Service" else \
                any_of(_may_name_service(written) for written in texts[kind]) if kind in texts else UNKNOWN
            if named is True:
                return True
            found = any_of((found, named))
        elif ("*" in ids) if kind == "AWS" else kind == "Service" and SERVICE in ids:
            return True
        elif kind == "Service" and any(i.lower() == SERVICE for i in ids):
            found = any_of((found, UNKNOWN))
    return found


def _may_name_service(identifier: Text) -> Tri:
    """Whether one identifier of a Service kind that has some with holes names CloudTrail: True for the
    service principal written out, UNKNOWN where some filling of its holes spells it (in any case),
    else False."""
    if text(identifier) == SERVICE:
        return True
    found = matches(identifier, (SERVICE,), lambda written, service: written.lower() == service, wildcards=False,
                    ignore_case=True)
    return UNKNOWN if found is not False else False


def resource_patterns(statement: Statement) -> tuple[str | Text, ...] | None:
    """The Resource (or NotResource) patterns, those with holes too; None when not known."""
    negated = statement.not_resources is not None
    patterns = statement.not_resources if negated else statement.resources
    if isinstance(patterns, tuple):
        return patterns
    held = statement.holes and (statement.holes.not_resources if negated else statement.holes.resources)
    return held or None


def resource_applies(statement: Statement, request: Request) -> Tri:
    return _covers(statement, resource_patterns(statement), request.resource)


def _covers(statement: Statement, patterns: tuple[str | Text, ...] | None, resource: Text) -> Tri:
    if patterns is None:
        return UNKNOWN
    found = any_of(matches(p, resource, arn_matches) for p in patterns)
    if statement.not_resources is None:
        return found
    return found if found is UNKNOWN else not found


def resource_test(resource: Text, known: Mapping[str, str] | None = None) -> ResourceTest:
    """The test iam.evaluate asks whether a statement covers the request's resource, for a resource
    with holes (CloudTrail's log stream in an account or log group known by name only), or a policy
    that may hold the named holes ``known`` gives (see bound): the statement's Resource, as its
    reader holds it with named holes where it has them, against it. A pattern with a policy
    variable is not compared (its value is the principal's)."""
    known = known or {}
    resource = filled(resource, known)

    def applies(statement: Statement, _resource: object, _context: object) -> Tri:
        held = held_resource_applies(statement, resource, known)
        if held is not None:
            return held
        patterns = resource_patterns(statement)
        if patterns is not None and any(isinstance(p, str) and "${" in p for p in patterns):
            return UNKNOWN
        return _covers(statement, patterns, resource)
    return applies


def statement_conditions(statement: Statement) -> tuple[Condition, ...] | None:
    """The statement's conditions, with the values that have holes as Text; None when not known."""
    if statement.holes is not None and statement.holes.conditions is not None:
        return statement.holes.conditions
    return statement.conditions if isinstance(statement.conditions, tuple) else None


def conditions_hold(statement: Statement, request: Request) -> Tri:
    """Whether the statement's conditions hold for the request; a statement that may not be there
    (Statement.maybe) holds back as a condition not known does."""
    conditions = statement_conditions(statement)
    if conditions is None:
        return UNKNOWN
    holds = all_of(condition_holds(c, request) for c in conditions)
    return UNKNOWN if statement.maybe and holds is True else holds


def condition_holds(condition: Condition, request: Request) -> Tri:
    """One condition against the request; UNKNOWN for operators and keys it cannot decide."""
    if condition.key != condition.key.strip():
        return UNKNOWN                # the key, or one no request carries: not documented (iam.conditions.outside_grammar)
    key = condition.key.lower()
    if key in request.either:
        # each value the pages leave: decided only where all decide alike
        each = {condition_holds(condition, replace(request, either={}, absent=(*request.absent, key))
                                 if value is None else
                                 replace(request, either={}, context={**request.context, key: value}))
                 for value in request.either[key]}
        return each.pop() if len(each) == 1 else UNKNOWN
    # a key the request says it carries (a role's session has aws:PrincipalOrgID) is read from it
    if key not in request.context and (key in ABSENT_KEYS or any(key.startswith(b) for b in request.absent)):
        if any(isinstance(v, tuple) for v in condition.values):     # values with holes: not known here
            condition = Condition(condition.operator, condition.key,
                                  tuple(UNKNOWN if isinstance(v, tuple) else v for v in condition.values))
        return settle_condition(condition, _absent)
    value = request.context.get(key)
    # each key of the request holds one value: ForAnyValue:/ForAllValues: ask what the operator they
    # qualify does (iam.conditions.on_one_value)
    operator = on_one_value(condition.operator, key)
    if value is None or operator is None:
        return UNKNOWN
    base = operator.removesuffix("IfExists")
    # a value not known offline may be any text: it may match, never surely; so may one with no one
    # text (iam.conditions.value_text); one with holes is Text
    texts = [v if isinstance(v, tuple) else value_text(v) for v in condition.values]
    unknown = any(v is None for v in texts)
    values = tuple(v for v in texts if v is not None)
    if base == "Null":
        return True if "false" in (v.lower() for v in values if isinstance(v, str)) else \
            UNKNOWN if unknown or any(isinstance(v, tuple) for v in values) else False
    if base in _ARN_OPERATORS and not unknown and all(isinstance(v, str) for v in values):
        known = text(value)
        if known is not None:
            # a pattern or a value that is no ARN: only what every reading decides (iam.conditions.arn_condition)
            return arn_condition(base in _NEGATED, [v for v in values if isinstance(v, str)], known)
    test = _TESTS.get(base.replace("Not", "", 1) if base in _NEGATED else base)
    if test is None:
        return UNKNOWN
    check, wildcards, ignore_case = test
    found = any_of((*(matches(v, value, check, wildcards=wildcards, ignore_case=ignore_case) for v in values),
                    UNKNOWN if unknown else False))
    return (found if found is UNKNOWN else not found) if base in _NEGATED else found


def _absent(_key: str) -> None:
    return None               # iam.conditions lookup: the key is not in CloudTrail's request


def _like(pattern: str, value: str) -> bool:
    from fnmatch import fnmatchcase
    # fnmatch reads [...] as a class; IAM has only * and ?
    return fnmatchcase(value, pattern.replace("[", "[[]"))


_TESTS = {
    "StringEquals": (lambda p, v: p == v, False, False),
    "StringEqualsIgnoreCase": (lambda p, v: p.lower() == v.lower(), False, True),
    "StringLike": (_like, True, False),
    "ArnEquals": (arn_like, True, False),       # ArnEquals takes wildcards too, like ArnLike
    "ArnLike": (arn_like, True, False),
    "Bool": (lambda p, v: p.lower() == v.lower(), False, True),
}
