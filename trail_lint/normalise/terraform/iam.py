"""IAM users, groups and roles in a Terraform plan or state, with everything attached to them.

Principals are named by ARN when it is known, else by Terraform address. Attachments name their
principal by name (``user = "alice"``) or, when that is unknown before apply, through the
configuration's references (``aws_iam_user.alice``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from trail_lint.model import (
    UNKNOWN,
    Existence,
    Policy,
    PolicyRef,
    Principal,
    PrincipalKind,
    Problem,
    Unknown,
)
from trail_lint.normalise.terraform.common import (
    Instance,
    Node,
    items,
    text,
    texts,
)
from trail_lint.normalise.terraform.config import Reading
from trail_lint.normalise.terraform.policies import origin_of, policy_attr
from trail_lint.scope import account_from_arn

_KINDS = {"aws_iam_user": PrincipalKind.USER, "aws_iam_group": PrincipalKind.GROUP,
          "aws_iam_role": PrincipalKind.ROLE}
_TYPE_OF = {kind: resource_type for resource_type, kind in _KINDS.items()}
# aws_iam_<kind>_policy / _policy_attachment: the attribute naming the principal
_ARGUMENT = {PrincipalKind.USER: "user", PrincipalKind.GROUP: "group", PrincipalKind.ROLE: "role"}


@dataclass
class _Draft:
    """A principal being assembled; frozen into a Principal at the end."""

    id: str
    kind: PrincipalKind
    name: str | Unknown
    instance: Instance | None
    account: str | None = None
    inline: list[Policy] = field(default_factory=list)
    managed: list[PolicyRef] = field(default_factory=list)
    boundary: PolicyRef | None = None
    groups: list[str] = field(default_factory=list)


@dataclass
class _Book:
    scope: Reading
    drafts: dict[str, _Draft] = field(default_factory=dict)
    by_name: dict[tuple[PrincipalKind, str], str] = field(default_factory=dict)
    by_address: dict[str, str] = field(default_factory=dict)
    policy_ids: dict[str, str] = field(default_factory=dict)   # aws_iam_policy address → arn or address
    problems: list[Problem] = field(default_factory=list)


def iam(scope: Reading, instances: Iterable[Instance],
        problems: list[Problem]) -> tuple[tuple[Principal, ...], tuple[Policy, ...]]:
    """Principals and the managed policies defined in the input."""
    book = _Book(scope)
    live = [instance for instance in instances
            if instance.mode == "managed" and instance.existence is not Existence.DELETED]
    policies: list[Policy] = []
    # three passes, so that every reference finds its target whatever the order of the input
    for instance in live:
        if instance.type == "aws_iam_policy":
            arn = text(instance.node.get("arn"))
            policy = policy_attr(scope, instance, "policy", problems)
            policies.append(Policy(instance.address, policy.statements,
                                   arn=arn if isinstance(arn, str) else None, origin=policy.origin))
            book.policy_ids[instance.address] = arn if isinstance(arn, str) else instance.address
    for instance in live:
        if instance.type in _KINDS:
            _principal(book, instance, _KINDS[instance.type])
    for instance in live:
        _attach(book, instance)
    problems.extend(book.problems)
    principals = tuple(_freeze(book, draft) for draft in book.drafts.values())
    return principals, tuple(policies)


def _principal(book: _Book, instance: Instance, kind: PrincipalKind) -> None:
    node = instance.node
    arn, name = text(node.get("arn")), text(node.get("name"))
    draft = _Draft(arn if isinstance(arn, str) else instance.address, kind, name if name is not None else UNKNOWN,
                   instance, account_from_arn(arn) or book.scope.account)
    book.drafts[draft.id] = draft
    book.by_address[instance.address] = draft.id
    if isinstance(name, str):
        book.by_name[(kind, name)] = draft.id
    if kind is not PrincipalKind.GROUP:
        draft.boundary = _policy_ref(book, instance, "permissions_boundary")
    if kind is PrincipalKind.ROLE:
        configured = book.scope.configures(instance, "inline_policy") or \
            book.scope.configures(instance, "managed_policy_arns")
        blocks = items(node.get("inline_policy"))
        # both are computed: unknown with nothing configured means "whatever AWS has", i.e. none yet
        if blocks is UNKNOWN and configured:
            draft.inline.append(Policy(f"{instance.address}.inline_policy", UNKNOWN,
                                       origin=origin_of(book.scope, instance, node.get("inline_policy"))))
        for block in () if blocks is UNKNOWN else blocks:  # type: ignore[union-attr]
            policy_name = text(block.get("name"))
            if block.value and (block.get("policy").value or block.get("policy").unknown):
                inline = _sub_instance(instance, block)
                draft.inline.append(policy_attr(book.scope, inline, "policy", book.problems,
                                                name=policy_name if isinstance(policy_name, str) else None))
        arns = texts(node.get("managed_policy_arns"))
        if arns is UNKNOWN and configured:
            draft.managed.append(PolicyRef(UNKNOWN, origin_of(book.scope, instance, node.get("managed_policy_arns"))))
        for arn_value in () if arns is UNKNOWN else arns:  # type: ignore[union-attr]
            draft.managed.append(PolicyRef(arn_value, origin_of(book.scope, instance, node.get("managed_policy_arns"))))


def _sub_instance(instance: Instance, block: Node) -> Instance:
    return Instance(instance.address, instance.mode, instance.type, block, instance.existence,
                    instance.config_key, instance.provider)


def _policy_ref(book: _Book, instance: Instance, attribute: str) -> PolicyRef | None:
    node = instance.node.get(attribute)
    origin = origin_of(book.scope, instance, node)
    value = text(node)
    if isinstance(value, str):
        return PolicyRef(value, origin)
    if value is None:
        return None
    linked = book.scope.link(instance, attribute, "aws_iam_policy")
    if len(linked) == 1:
        return PolicyRef(book.policy_ids.get(linked[0].address, linked[0].address), origin)
    return PolicyRef(UNKNOWN, origin)


def _attach(book: _Book, instance: Instance) -> None:
    if instance.type == "aws_iam_policy_attachment":
        ref = _policy_ref(book, instance, "policy_arn")
        for kind, argument in _ARGUMENT.items():
            for draft in _targets(book, instance, argument + "s", kind) if ref else ():
                draft.managed.append(ref)  # type: ignore[arg-type]
    elif instance.type == "aws_iam_group_membership":
        groups = _targets(book, instance, "group", PrincipalKind.GROUP)
        for user in _targets(book, instance, "users", PrincipalKind.USER):
            user.groups.extend(group.id for group in groups)
    elif instance.type == "aws_iam_user_group_membership":
        groups = _targets(book, instance, "groups", PrincipalKind.GROUP)
        for user in _targets(book, instance, "user", PrincipalKind.USER):
            user.groups.extend(group.id for group in groups)
    for kind, argument in _ARGUMENT.items():
        if instance.type == f"aws_iam_{argument}_policy":
            for draft in _targets(book, instance, argument, kind):
                draft.inline.append(policy_attr(book.scope, instance, "policy", book.problems))
        elif instance.type == f"aws_iam_{argument}_policy_attachment":
            ref = _policy_ref(book, instance, "policy_arn")
            for draft in _targets(book, instance, argument, kind) if ref else ():
                draft.managed.append(ref)  # type: ignore[arg-type]


def _targets(book: _Book, instance: Instance, attribute: str, kind: PrincipalKind) -> list[_Draft]:
    """The principals an attribute names: a name, or a list of names; unknown → via references."""
    node = instance.node.get(attribute)
    if attribute.endswith("s"):         # users, groups, roles: lists of names
        values = texts(node)
    else:
        single = text(node)
        values = UNKNOWN if single is UNKNOWN else (() if single is None else (single,))
    found: list[_Draft] = []
    if values is UNKNOWN or any(value is UNKNOWN for value in values):  # type: ignore[union-attr]
        linked = book.scope.link(instance, attribute, _TYPE_OF[kind])
        found.extend(book.drafts[book.by_address[target.address]] for target in linked
                     if target.address in book.by_address)
        if not linked:
            book.problems.append(Problem(f"{attribute} of {instance.address} is not known before apply",
                                         origin_of(book.scope, instance, node).at, resource=instance.address))
        values = () if values is UNKNOWN else values
    for value in values:  # type: ignore[union-attr]
        if isinstance(value, str) and value:
            found.append(_named(book, kind, value, instance))
    return found


def _named(book: _Book, kind: PrincipalKind, name: str, instance: Instance) -> _Draft:
    """The principal called ``name``; one defined outside this input gets a stub of its own
    (id ``user/NAME``, or the ARN when it is given as one)."""
    draft_id = book.by_name.get((kind, name))
    if draft_id is None:
        if name.startswith("arn:"):          # aws_iam_role_policy_attachment accepts role ARNs too
            draft_id = name
            short = name.rsplit("/", 1)[-1]
        else:
            draft_id, short = f"{kind.value}/{name}", name
        # the stub's origin is the attachment that names it
        book.drafts.setdefault(draft_id, _Draft(draft_id, kind, short, instance, account_from_arn(name)))
        book.by_name[(kind, name)] = draft_id
    return book.drafts[draft_id]


def _freeze(book: _Book, draft: _Draft) -> Principal:
    instance = draft.instance
    origin = origin_of(book.scope, instance, instance.node, {"name": "name", "boundary": "permissions_boundary"}) \
        if instance else None
    return Principal(id=draft.id, kind=draft.kind, name=draft.name, account=draft.account,
                     inline_policies=tuple(draft.inline), managed_policies=tuple(draft.managed),
                     boundary=draft.boundary, groups=tuple(dict.fromkeys(draft.groups)),
                     tags=_tags(instance.node) if instance and instance.type == "aws_iam_user" else UNKNOWN,
                     unique_id=_unique_id(instance.node) if instance and instance.type == "aws_iam_user" else None,
                     **({"origin": origin} if origin else {}))


def _tags(node: Node) -> tuple[tuple[str, str], ...] | Unknown:
    """A user's tags as AWS holds them: ``tags_all`` (with the provider's default tags), when known."""
    tags = node.get("tags_all")
    mark = tags.mark
    if tags.unknown or not isinstance(tags.value, dict) or (isinstance(mark, dict) and True in mark.values()):
        return UNKNOWN
    return tuple((str(key), str(value)) for key, value in tags.value.items())


def _unique_id(node: Node) -> str | None:
    value = text(node.get("unique_id"))
    return value if isinstance(value, str) else None
