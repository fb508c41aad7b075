"""IAM users, groups, roles and managed policies in a CloudFormation template.

A principal's id is its literal ``UserName``/``GroupName``/``RoleName`` when the template states
it, else its logical id. A managed policy defined in the template (AWS::IAM::ManagedPolicy) has no
ARN before deployment: it is named by its logical id, and every ``PolicyRef`` that points at it
(``ManagedPolicyArns: [!Ref AuditPolicy]``, its own ``Roles``/``Users``/``Groups``) carries that
logical id as ``arn``, the same convention as the Terraform readers' addresses.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trail_lint.model import (
    UNKNOWN,
    At,
    InputKind,
    Origin,
    Path,
    Policy,
    PolicyRef,
    Principal,
    PrincipalKind,
    Problem,
    Unknown,
)
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.cloudformation.policies import policy, ref_target
from trail_lint.normalise.cloudformation.values import (
    ABSENT,
    Template,
    intrinsic,
    resolve,
)

_KINDS = {"AWS::IAM::User": PrincipalKind.USER, "AWS::IAM::Group": PrincipalKind.GROUP,
          "AWS::IAM::Role": PrincipalKind.ROLE}
_NAME_KEY = {PrincipalKind.USER: "UserName", PrincipalKind.GROUP: "GroupName", PrincipalKind.ROLE: "RoleName"}
_ATTACH_KEYS = {"Users": PrincipalKind.USER, "Groups": PrincipalKind.GROUP, "Roles": PrincipalKind.ROLE}
_MANAGED = "AWS::IAM::ManagedPolicy"


@dataclass
class _Draft:
    id: str
    kind: PrincipalKind
    name: str | Unknown
    origin: Origin
    inline: list[Policy] = field(default_factory=list)
    managed: list[PolicyRef] = field(default_factory=list)
    boundary: PolicyRef | None = None
    groups: list[str] = field(default_factory=list)
    tags: tuple[tuple[str, str], ...] | Unknown = UNKNOWN


@dataclass
class _Book:
    template: Template
    problems: list[Problem]
    drafts: dict[str, _Draft] = field(default_factory=dict)
    by_logical_id: dict[str, str] = field(default_factory=dict)


def iam(template: Template, problems: list[Problem]) -> tuple[tuple[Principal, ...], tuple[Policy, ...]]:
    """Principals (with everything attached to them) and the managed policies the template defines."""
    from trail_lint.normalise.cloudformation.resources import existence

    book = _Book(template, problems)
    live = [(str(logical_id), resource) for logical_id, resource in template.resources.items()
            if existence(template, str(logical_id), resource) is not None]
    for logical_id, resource in live:
        if resource.get("Type") in _KINDS:
            _principal(book, logical_id, resource, _KINDS[resource["Type"]])
    policies: list[Policy] = []
    for logical_id, resource in live:
        kind = resource.get("Type")
        raw = _raw_properties(resource)
        base: Path = ("Resources", logical_id, "Properties")
        if kind == "AWS::IAM::Policy":
            name = resolve(template, raw.get("PolicyName"))
            inline = policy(template, raw.get("PolicyDocument"), name=name if isinstance(name, str) else logical_id,
                            path=base + ("PolicyDocument",), resource=logical_id, problems=problems,
                            per_statement=True)
            for draft in _attached(book, raw, logical_id, base):
                draft.inline.append(inline)
        elif kind == _MANAGED:
            managed = policy(template, raw.get("PolicyDocument"), name=logical_id,
                             path=base + ("PolicyDocument",), resource=logical_id, problems=problems,
                            per_statement=True)
            policies.append(managed)
            ref = PolicyRef(logical_id, Origin(template.file, base, resource=logical_id, kind=InputKind.CLOUDFORMATION))
            for draft in _attached(book, raw, logical_id, base):
                draft.managed.append(ref)
        elif kind == "AWS::IAM::User":
            # after every principal exists, so a Ref to a group defined further down still links
            draft = book.drafts[book.by_logical_id[logical_id]]
            draft.groups.extend(group.id for group in _names(
                book, raw.get("Groups", ABSENT), PrincipalKind.GROUP, logical_id, base + ("Groups",)))
        elif kind == "AWS::IAM::UserToGroupAddition":
            groups = _names(book, raw.get("GroupName", ABSENT), PrincipalKind.GROUP, logical_id, base + ("GroupName",))
            for user in _names(book, raw.get("Users", ABSENT), PrincipalKind.USER, logical_id, base + ("Users",)):
                user.groups.extend(group.id for group in groups)
    principals = tuple(Principal(id=d.id, kind=d.kind, name=d.name, inline_policies=tuple(d.inline),
                                 managed_policies=tuple(d.managed), boundary=d.boundary,
                                 groups=tuple(dict.fromkeys(d.groups)), origin=d.origin, tags=d.tags)
                       for d in book.drafts.values())
    return principals, tuple(policies)


def _tags(value: Any) -> tuple[tuple[str, str], ...] | Unknown:
    """A user's Tags (a list of Key/Value): what ${aws:PrincipalTag/...} reads; UNKNOWN if any is."""
    if value is ABSENT:
        return ()
    if not isinstance(value, list) or not all(isinstance(tag, dict) and isinstance(tag.get("Key"), str)
                                              and isinstance(tag.get("Value"), str) for tag in value):
        return UNKNOWN
    return tuple((tag["Key"], tag["Value"]) for tag in value)


def _raw_properties(resource: Any) -> dict[str, Any]:
    properties = resource.get("Properties")
    return properties if isinstance(properties, dict) else {}


def _principal(book: _Book, logical_id: str, resource: dict[str, Any], kind: PrincipalKind) -> None:
    template = book.template
    raw = _raw_properties(resource)
    base: Path = ("Resources", logical_id, "Properties")
    name = resolve(template, raw.get(_NAME_KEY[kind], ABSENT))
    name = name if isinstance(name, str) and name else UNKNOWN   # absent: generated at deployment
    keys = {"name": _NAME_KEY[kind], "inline_policies": "Policies", "managed_policies": "ManagedPolicyArns",
            "boundary": "PermissionsBoundary", "groups": "Groups"}
    origin = Origin(template.file, base, keys, resource=logical_id, kind=InputKind.CLOUDFORMATION)
    principal_id = name if isinstance(name, str) and name not in book.drafts else logical_id
    draft = book.drafts[principal_id] = _Draft(principal_id, kind, name, origin)
    if kind is PrincipalKind.USER:
        draft.tags = _tags(resolve(template, raw.get("Tags", ABSENT)))
    book.by_logical_id[logical_id] = principal_id
    inline = raw.get("Policies", ABSENT)
    for index, item in enumerate(_list(template, inline, At(template.file, base + ("Policies",)))):
        here = base + ("Policies", index)
        if item is UNKNOWN:
            draft.inline.append(Policy(f"{logical_id}.Policies[{index}]", UNKNOWN, origin=Origin(
                template.file, here, resource=logical_id, kind=InputKind.CLOUDFORMATION)))
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
        draft.managed.append(_policy_ref(template, item, Origin(
            template.file, base + ("ManagedPolicyArns", index), resource=logical_id, kind=InputKind.CLOUDFORMATION)))
    if kind is not PrincipalKind.GROUP and "PermissionsBoundary" in raw:
        boundary = raw["PermissionsBoundary"]
        if resolve(template, boundary) is not ABSENT:
            draft.boundary = _policy_ref(template, boundary, Origin(
                template.file, base + ("PermissionsBoundary",), resource=logical_id, kind=InputKind.CLOUDFORMATION))


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


def _policy_ref(template: Template, raw: Any, origin: Origin) -> PolicyRef:
    linked = ref_target(raw)
    if linked is not None and template.resource_type(linked) == _MANAGED:
        return PolicyRef(linked, origin)
    value = resolve(template, raw)
    return PolicyRef(value if isinstance(value, str) and value else UNKNOWN, origin)


def _attached(book: _Book, raw: dict[str, Any], logical_id: str, base: Path) -> list[_Draft]:
    found: list[_Draft] = []
    for key, kind in _ATTACH_KEYS.items():
        found.extend(_names(book, raw.get(key, ABSENT), kind, logical_id, base + (key,)))
    return found


def _names(book: _Book, raw: Any, kind: PrincipalKind, logical_id: str, path: Path) -> list[_Draft]:
    """The principals a property names, by ``Ref`` to this template or by name."""
    template = book.template
    at = At(template.file, path)
    items = [raw] if path[-1] == "GroupName" else _list(template, raw, at)
    found: list[_Draft] = []
    for index, item in enumerate(items):
        linked = ref_target(item)
        if linked is not None and linked in book.by_logical_id:
            found.append(book.drafts[book.by_logical_id[linked]])
            continue
        value = resolve(template, item)
        if isinstance(value, str) and value:
            found.append(_named(book, kind, value, logical_id, path))
        elif value is not ABSENT:
            book.problems.append(Problem(
                f"{path[-1]} of {logical_id} names a principal that is not known before deployment",
                At(template.file, path + ((index,) if isinstance(raw, list) else ())), resource=logical_id))
    return found


def _named(book: _Book, kind: PrincipalKind, name: str, logical_id: str, path: Path) -> _Draft:
    """The principal called ``name``; one defined outside the template gets a stub of its own,
    whose origin is the property that names it."""
    for draft in book.drafts.values():
        if draft.kind is kind and draft.name == name:
            return draft
    if name.startswith("arn:"):   # Roles/Users may also be given as ARNs
        short = name.rsplit("/", 1)[-1]
    else:
        short = name
    origin = Origin(book.template.file, path, resource=logical_id, kind=InputKind.CLOUDFORMATION)
    principal_id = name if name not in book.drafts else f"{kind.value}/{name}"   # a user and a role may share a name
    return book.drafts.setdefault(principal_id, _Draft(principal_id, kind, short, origin))
