"""IAM users, groups, roles and managed policies in a CloudFormation template.

A principal's id is its literal ``UserName``/``GroupName``/``RoleName`` when the template states
it, else its logical id. A managed policy defined in the template (AWS::IAM::ManagedPolicy) has no
ARN before deployment: it is named by its logical id, and every ``PolicyRef`` that points at it
(``ManagedPolicyArns: [!Ref AuditPolicy]``, its own ``Roles``/``Users``/``Groups``) carries that
logical id as ``arn``, the same convention as the Terraform readers' addresses.
"""
from __future__ import annotations

from typing import Any

from trail_lint.model import (
    UNKNOWN,
    At,
    Cause,
    InputKind,
    Origin,
    Path,
    Policy,
    PolicyRef,
    Principal,
    PrincipalKind,
    Problem,
)
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.cloudformation.parameters import Trace, parameter_cause
from trail_lint.normalise.cloudformation.policies import policy, ref_target
from trail_lint.normalise.cloudformation.sam import function_property, makes_role, role_policies
from trail_lint.normalise.cloudformation.template import stack
from trail_lint.normalise.cloudformation.values import (
    ABSENT,
    Template,
    intrinsic,
    resolve,
)
from trail_lint.normalise.principals import CUSTOMER_MANAGED, Draft, PrincipalBuilder
from trail_lint.scope.names import partition_of

_KINDS = {"AWS::IAM::User": PrincipalKind.USER, "AWS::IAM::Group": PrincipalKind.GROUP,
          "AWS::IAM::Role": PrincipalKind.ROLE}
_NAME_KEY = {PrincipalKind.USER: "UserName", PrincipalKind.GROUP: "GroupName", PrincipalKind.ROLE: "RoleName"}
_ATTACH_KEYS = {"Users": PrincipalKind.USER, "Groups": PrincipalKind.GROUP, "Roles": PrincipalKind.ROLE}
_MANAGED = "AWS::IAM::ManagedPolicy"
# One inline policy of one principal, named by its RoleName / UserName / GroupName:
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-rolepolicy.html
_OWN_POLICY = {"AWS::IAM::RolePolicy": ("RoleName", PrincipalKind.ROLE),
               "AWS::IAM::UserPolicy": ("UserName", PrincipalKind.USER),
               "AWS::IAM::GroupPolicy": ("GroupName", PrincipalKind.GROUP)}
# The AWS::Serverless transform makes a role "<LogicalId>Role" for a function or state machine
# that names no Role, with the Policies it lists: AWS managed policy names or ARNs, policy
# documents, and SAM policy templates (their statements, from the shipped copy of SAM's: sam.py).
# A Role that comes to no value (AWS::NoValue, chosen by an Fn::If) names no role: SAM makes one
# (https://github.com/aws/serverless-application-model/pull/3842).
# https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies
_SAM_ROLE_OWNERS = ("AWS::Serverless::Function", "AWS::Serverless::StateMachine")
# IAM Identity Center: a permission set is a role in each account it is assigned to
# (AWSReservedSSO_NAME_SUFFIX), with its InlinePolicy, ManagedPolicies, customer managed policies
# and PermissionsBoundary. Which accounts, and so the role's ARN, are not known offline: it is a role
# of no known account, named by its logical id.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sso-permissionset.html
_PERMISSION_SET = "AWS::SSO::PermissionSet"


def iam(template: Template, problems: list[Problem]) -> tuple[tuple[Principal, ...], tuple[Policy, ...]]:
    """Principals (with everything attached to them) and the managed policies the template defines."""
    from trail_lint.normalise.cloudformation.resources import existence

    # principals are named by their literal names here, so a stub is named by its name too
    book = PrincipalBuilder(problems, before="deployment", bare_stub_ids=True)
    for logical_id in template.resources:
        if template.resource_type(str(logical_id)) == _MANAGED:   # no ARN before deployment: its logical id
            book.define_policy(str(logical_id), str(logical_id))
    live = [(str(logical_id), resource) for logical_id, resource in template.resources.items()
            if existence(template, str(logical_id), resource) is not None]
    for logical_id, resource in live:
        if resource.get("Type") in _KINDS:
            _principal(template, book, logical_id, resource, _KINDS[resource["Type"]])
        elif resource.get("Type") in _SAM_ROLE_OWNERS and makes_role(template, resource):
            _sam_role(template, book, logical_id, resource)
        elif resource.get("Type") == _PERMISSION_SET:
            _permission_set(template, book, logical_id, _raw_properties(resource))
    policies: list[Policy] = []
    for logical_id, resource in live:
        kind = resource.get("Type")
        raw = _raw_properties(resource)
        base: Path = template.path(str(logical_id)) + ("Properties",)
        if kind == "AWS::IAM::Policy" or kind in _OWN_POLICY:
            name = resolve(template, raw.get("PolicyName"))
            inline = policy(template, raw.get("PolicyDocument"), name=name if isinstance(name, str) else logical_id,
                            path=base + ("PolicyDocument",), resource=logical_id, problems=problems,
                            per_statement=True)
            if kind in _OWN_POLICY:
                key, owner = _OWN_POLICY[kind]
                drafts = _names(template, book, raw.get(key, ABSENT), owner, logical_id, base + (key,))
            else:
                drafts = _attached(template, book, raw, logical_id, base)
            for draft in drafts:
                draft.inline.append(inline)
        elif kind == _MANAGED:
            said = len(problems)
            managed = policy(template, raw.get("PolicyDocument"), name=logical_id,
                             path=base + ("PolicyDocument",), resource=logical_id, problems=problems,
                             per_statement=True)
            if managed.statements is UNKNOWN and len(problems) == said:
                problems.append(_not_known(template, logical_id, raw.get("PolicyDocument"), managed.origin.at))
            policies.append(managed)
            ref = book.policy_ref(logical_id, _origin(template, base, logical_id))
            for draft in _attached(template, book, raw, logical_id, base):
                draft.managed.append(ref)
        elif kind == "AWS::IAM::User":
            # after every principal exists, so a Ref to a group defined further down still links
            book.join([book.by_key[logical_id]], _names(template, book, raw.get("Groups", ABSENT),
                                                        PrincipalKind.GROUP, logical_id, base + ("Groups",)))
        elif kind == "AWS::IAM::UserToGroupAddition":
            groups = _names(template, book, raw.get("GroupName", ABSENT), PrincipalKind.GROUP, logical_id,
                            base + ("GroupName",))
            book.join(_names(template, book, raw.get("Users", ABSENT), PrincipalKind.USER, logical_id,
                             base + ("Users",)), groups)
    return book.principals(), tuple(policies)


def _not_known(template: Template, logical_id: str, raw: Any, at: At) -> Problem:
    """The TL002 of a managed policy whose document is not known before deployment (an import of
    another stack's): a Deny or an Allow may hide in it, so the access checks of every principal it
    is attached to are open. An inline policy's is said where it is attached (iam.resolve)."""
    trace = Trace()
    resolve(template, raw, trace)
    cause = parameter_cause(trace, template.file)
    because = f": {'; '.join(trace.causes)}" if trace.causes and cause is None else ""
    return Problem(f"PolicyDocument of managed policy {logical_id} is not known before deployment{because}", at,
                   resource=logical_id, subject="unknown:PolicyDocument", cause=cause)


def _origin(template: Template, path: Path, logical_id: str, keys: dict[str, str | Path] | None = None) -> Origin:
    return Origin(template.file, path, keys or {}, resource=logical_id, kind=InputKind.CLOUDFORMATION)


def _raw_properties(resource: Any) -> dict[str, Any]:
    properties = resource.get("Properties")
    return properties if isinstance(properties, dict) else {}


def _principal(template: Template, book: PrincipalBuilder, logical_id: str, resource: dict[str, Any],
               kind: PrincipalKind) -> None:
    raw = _raw_properties(resource)
    base: Path = template.path(str(logical_id)) + ("Properties",)
    name = resolve(template, raw.get(_NAME_KEY[kind], ABSENT))
    name = name if isinstance(name, str) and name else UNKNOWN   # absent: generated at deployment
    keys: dict[str, str | Path] = {"name": _NAME_KEY[kind], "inline_policies": "Policies",
                                   "managed_policies": "ManagedPolicyArns", "boundary": "PermissionsBoundary",
                                   "groups": "Groups"}
    principal_id = name if isinstance(name, str) and name not in book.ids else logical_id
    # A user's tags are not all in the template: CloudFormation may propagate the stack's own tags to
    # it, and which value wins where both give one key is not documented, so what aws:PrincipalTag/<key>
    # holds is not known offline, as for a trail of a template (iam.access.trail_tags).
    # https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resource-tags.html
    draft = book.define(logical_id, principal_id, kind, name, _origin(template, base, logical_id, keys),
                        tags=UNKNOWN, deployment=stack(template.file, template.supplied))
    if kind is not PrincipalKind.GROUP and isinstance(name, str) and template.supplied.region:
        # its ARN but for the account: the stack's partition, its Path ("/" when absent)
        path = resolve(template, raw.get("Path", ABSENT))
        draft.path = "/" if path is ABSENT else path if isinstance(path, str) and path.startswith("/") else None
        draft.partition = partition_of(template.supplied.region)
    if kind is PrincipalKind.ROLE and raw.get("AssumeRolePolicyDocument", ABSENT) is not ABSENT:
        # read for the checks of who may assume the role; what it cannot read is their TL002
        draft.trust = policy(template, raw["AssumeRolePolicyDocument"], name=f"{logical_id}.AssumeRolePolicyDocument",
                             path=base + ("AssumeRolePolicyDocument",), resource=logical_id, problems=[])
    inline = raw.get("Policies", ABSENT)
    for index, item in enumerate(_list(template, inline, At(template.file, base + ("Policies",)))):
        here = base + ("Policies", index)
        if item is UNKNOWN:
            draft.inline.append(Policy(f"{logical_id}.Policies[{index}]", UNKNOWN,
                                       origin=_origin(template, here, logical_id)))
            continue
        if not isinstance(item, dict):
            raise MalformedInput(f"Policies of resource {logical_id} must be a list of mappings",
                                 At(template.file, here))
        policy_name = resolve(template, item.get("PolicyName"))
        draft.inline.append(policy(
            template, item.get("PolicyDocument"),
            name=policy_name if isinstance(policy_name, str) else f"{logical_id}.Policies[{index}]",
            path=here + ("PolicyDocument",), resource=logical_id, problems=book.problems, per_statement=True))
    arns = raw.get("ManagedPolicyArns", ABSENT)
    for index, item in enumerate(_list(template, arns, At(template.file, base + ("ManagedPolicyArns",)))):
        draft.managed.append(_policy_ref(template, book, item,
                                         _origin(template, base + ("ManagedPolicyArns", index), logical_id)))
    if kind is not PrincipalKind.GROUP and "PermissionsBoundary" in raw:
        boundary = raw["PermissionsBoundary"]
        if resolve(template, boundary) is not ABSENT:
            draft.boundary = _policy_ref(template, book, boundary,
                                         _origin(template, base + ("PermissionsBoundary",), logical_id))


def _sam_role(template: Template, book: PrincipalBuilder, logical_id: str, resource: dict[str, Any]) -> None:
    """The role SAM makes for a function or state machine, with the policies its ``Policies`` lists
    and its ``PermissionsBoundary`` (the function's own or the Globals section's)."""
    raw = _raw_properties(resource)
    base: Path = template.path(str(logical_id)) + ("Properties",)
    role = f"{logical_id}Role"
    draft = book.define(role, role, PrincipalKind.ROLE, UNKNOWN,
                        _origin(template, base, logical_id, {"inline_policies": "Policies",
                                                             "managed_policies": "Policies",
                                                             "boundary": "PermissionsBoundary"}))
    boundary = function_property(template, logical_id, resource, "PermissionsBoundary")
    if boundary is not None and resolve(template, boundary[0]) is not ABSENT:
        draft.boundary = _policy_ref(template, book, boundary[0], _origin(template, boundary[1], logical_id))
    listed = raw.get("Policies", ABSENT)
    if isinstance(listed, (str, dict)) or intrinsic(listed) is not None:
        # SAM accepts one policy as well as a list, an intrinsic function too (one managed policy ARN)
        listed = [listed]
    for index, item in enumerate(_list(template, listed, At(template.file, base + ("Policies",)))):
        here = base + ("Policies",) + ((index,) if isinstance(raw.get("Policies"), list) else ())
        for read in role_policies(template, item, logical_id=logical_id, index=index, path=here,
                                  problems=book.problems,
                                  reference=lambda raw, origin: _policy_ref(template, book, raw, origin)):
            if isinstance(read, PolicyRef):
                draft.managed.append(read)
            else:
                draft.inline.append(read)


def _permission_set(template: Template, book: PrincipalBuilder, logical_id: str, raw: dict[str, Any]) -> None:
    """The roles of a permission set, as one role named by its logical id (never by a role name an
    IAM attachment could give: Identity Center names it AWSReservedSSO_NAME_ and a suffix of its own)."""
    base: Path = template.path(logical_id) + ("Properties",)
    draft = book.define(logical_id, logical_id, PrincipalKind.ROLE, UNKNOWN,
                        _origin(template, base, logical_id, {"inline_policies": "InlinePolicy",
                                                             "managed_policies": "ManagedPolicies",
                                                             "boundary": "PermissionsBoundary"}))
    if resolve(template, raw.get("InlinePolicy", ABSENT)) not in (ABSENT, "", {}):
        draft.inline.append(policy(template, raw["InlinePolicy"], name=f"{logical_id}.InlinePolicy",
                                   path=base + ("InlinePolicy",), resource=logical_id, problems=book.problems,
                                   per_statement=True))
    arns = raw.get("ManagedPolicies", ABSENT)
    for index, item in enumerate(_list(template, arns, At(template.file, base + ("ManagedPolicies",)))):
        draft.managed.append(_policy_ref(template, book, item,
                                         _origin(template, base + ("ManagedPolicies", index), logical_id)))
    # a customer managed policy is the policy of that name and path in each account: not known offline
    references = raw.get("CustomerManagedPolicyReferences", ABSENT)
    for index, _ in enumerate(_list(template, references,
                                    At(template.file, base + ("CustomerManagedPolicyReferences",)))):
        here = base + ("CustomerManagedPolicyReferences", index)
        draft.managed.append(PolicyRef(UNKNOWN, _origin(template, here, logical_id), CUSTOMER_MANAGED))
    boundary = resolve(template, raw.get("PermissionsBoundary", ABSENT))
    if boundary is not ABSENT:
        here = base + ("PermissionsBoundary",)
        arn = boundary.get("ManagedPolicyArn") if isinstance(boundary, dict) else None
        draft.boundary = PolicyRef(arn, _origin(template, here, logical_id)) if isinstance(arn, str) and arn \
            else PolicyRef(UNKNOWN, _origin(template, here, logical_id), CUSTOMER_MANAGED)


def _list(template: Template, raw: Any, at: At) -> list[Any]:
    """A list property; items stay raw unless the list itself is built by an intrinsic."""
    if intrinsic(raw) is not None:
        raw = resolve(template, raw)
        if raw is UNKNOWN:
            return [UNKNOWN]
    if raw is ABSENT or raw is None:
        return []
    if not isinstance(raw, list):
        raise MalformedInput(f"{at.path[-1]} must be a list", at)
    return [item for item in raw if resolve(template, item) is not ABSENT]


def _policy_ref(template: Template, book: PrincipalBuilder, raw: Any, origin: Origin) -> PolicyRef:
    linked = ref_target(raw)
    if linked is not None and linked in book.policy_ids:
        return book.policy_ref(linked, origin)
    trace = Trace()
    value = resolve(template, raw, trace)
    if isinstance(value, str) and value:
        return PolicyRef(value, origin)
    # Why it is unknown, so that TL002 says each cause once (AWS::Partition in every CDK role's
    # `arn:${AWS::Partition}:iam::aws:policy/...`), not once per attachment.
    cause = parameter_cause(trace, template.file) or (Cause("; ".join(trace.causes)) if trace.causes else None)
    return PolicyRef(UNKNOWN, origin, cause)


def _attached(template: Template, book: PrincipalBuilder, raw: dict[str, Any], logical_id: str,
              base: Path) -> list[Draft]:
    found: list[Draft] = []
    for key, kind in _ATTACH_KEYS.items():
        found.extend(_names(template, book, raw.get(key, ABSENT), kind, logical_id, base + (key,)))
    return found


def _names(template: Template, book: PrincipalBuilder, raw: Any, kind: PrincipalKind, logical_id: str,
           path: Path) -> list[Draft]:
    """The principals a property names, by ``Ref`` to this template or by name."""
    at = At(template.file, path)
    items = [raw] if path[-1] in _NAME_KEY.values() else _list(template, raw, at)
    found: list[Draft] = []
    for index, item in enumerate(items):
        linked = ref_target(item)
        if linked is not None and linked in book.by_key:
            found.append(book.by_key[linked])
            continue
        value = resolve(template, item)
        if isinstance(value, str) and value:
            # a principal defined outside the template: its origin is the property that names it
            found.append(book.named(kind, value, _origin(template, path, logical_id)))
        elif value is not ABSENT:
            book.unresolved(str(path[-1]), logical_id,
                            At(template.file, path + ((index,) if isinstance(raw, list) else ())))
    return found
