"""IAM users, groups and roles in a Terraform plan or state, with everything attached to them.

Principals are named by ARN when it is known, else by Terraform address. Attachments name their
principal by name (``user = "alice"``) or, when that is unknown before apply, through the
configuration's references (``aws_iam_user.alice``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from trail_lint.model import (
    UNKNOWN,
    Cause,
    Existence,
    Origin,
    Policy,
    PolicyRef,
    Principal,
    PrincipalKind,
    Problem,
    Unknown,
)
from trail_lint.normalise.policy_json import owned
from trail_lint.normalise.principals import CUSTOMER_MANAGED, Draft, PrincipalBuilder
from trail_lint.normalise.terraform.common import (
    Instance,
    Node,
    items,
    text,
    texts,
    value_of,
)
from trail_lint.normalise.terraform.config import Reading, provider_region, strip_key_tail
from trail_lint.normalise.terraform.policies import attribute_origin, origin_of, policy_attr, read_owned_string
from trail_lint.scope.arns import account_from_arn
from trail_lint.scope.names import is_region_name, partition_of

_KINDS = {"aws_iam_user": PrincipalKind.USER, "aws_iam_group": PrincipalKind.GROUP,
          "aws_iam_role": PrincipalKind.ROLE}
_TYPE_OF = {kind: resource_type for resource_type, kind in _KINDS.items()}
# aws_iam_<kind>_policy / _policy_attachment: the attribute naming the principal
_ARGUMENT = {PrincipalKind.USER: "user", PrincipalKind.GROUP: "group", PrincipalKind.ROLE: "role"}
_KEYS = {"name": "name", "boundary": "permissions_boundary"}
# aws_iam_<kind>_policy: an inline policy; aws_iam_<kind>_policy_attachment: a managed one
_INLINE = {f"aws_iam_{argument}_policy": kind for kind, argument in _ARGUMENT.items()}
_ATTACHED = {f"aws_iam_{argument}_policy_attachment": kind for kind, argument in _ARGUMENT.items()}
# the resources _attach reads
_ATTACHMENTS = {"aws_iam_policy_attachment", "aws_iam_group_membership", "aws_iam_user_group_membership",
                *_INLINE, *_ATTACHED}
# IAM Identity Center: a permission set is a role in each account it is assigned to
# (AWSReservedSSO_NAME_SUFFIX), with the policies its attachments give it. Which accounts, and so the
# role's ARN, are not known offline: it is a role of no known account, named by its address.
# https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html
_PERMISSION_SET = "aws_ssoadmin_permission_set"
_PERMISSION_SET_PARTS = ("aws_ssoadmin_permission_set_inline_policy", "aws_ssoadmin_managed_policy_attachment",
                         "aws_ssoadmin_customer_managed_policy_attachment",
                         "aws_ssoadmin_permissions_boundary_attachment")
TYPES = ("aws_iam_policy", *_KINDS, *_ATTACHMENTS, _PERMISSION_SET, *_PERMISSION_SET_PARTS)   # every type iam() reads


def iam(scope: Reading, instances: Iterable[Instance],
        problems: list[Problem]) -> tuple[tuple[Principal, ...], tuple[Policy, ...]]:
    """Principals and the managed policies defined in the input."""
    book = PrincipalBuilder(problems, before="apply")
    policies: list[Policy] = []
    principals: list[Instance] = []
    attachments: list[Instance] = []
    # policies, then principals, then attachments, so that every reference finds its target
    # whatever the order of the input (an enum member read once: see plan.changed_instances)
    deleted = Existence.DELETED
    for instance in instances:
        if instance.mode != "managed" or instance.existence is deleted:
            continue
        if instance.type == "aws_iam_policy":
            arn = text(instance.node, "arn")
            known = arn if isinstance(arn, str) else None
            policies.append(policy_attr(scope, instance, "policy", problems, arn=known))
            book.define_policy(instance.address, instance.address if known is None else known)
        elif instance.type in _KINDS or instance.type == _PERMISSION_SET:
            principals.append(instance)
        elif instance.type in _ATTACHMENTS or instance.type in _PERMISSION_SET_PARTS:
            attachments.append(instance)
    for instance in principals:
        if instance.type == _PERMISSION_SET:
            _permission_set(scope, book, instance)
        else:
            _principal(scope, book, instance, _KINDS[instance.type])
    for instance in attachments:
        if instance.type in _PERMISSION_SET_PARTS:
            _permission_set_part(scope, book, instance)
        else:
            _attach(scope, book, instance)
    return book.principals(), tuple(policies)


def _principal(scope: Reading, book: PrincipalBuilder, instance: Instance, kind: PrincipalKind) -> None:
    node = instance.node
    arn, name = text(node, "arn"), text(node, "name")
    user = instance.type == "aws_iam_user"
    draft = book.define(instance.address, arn if isinstance(arn, str) else instance.address, kind,
                        name if name is not None else UNKNOWN, origin_of(scope, instance, node, _KEYS),
                        account=account_from_arn(arn) or scope.account_of(instance),
                        deployment=scope.account_deployment(instance),
                        tags=_tags(node) if user else UNKNOWN,
                        unique_id=_unique_id(node) if kind is not PrincipalKind.GROUP else None)
    if kind is not PrincipalKind.GROUP:
        draft.boundary = _policy_ref(scope, book, instance, "permissions_boundary")
        if not isinstance(arn, str) and isinstance(name, str):
            draft.partition, draft.path = _arn_parts(scope, instance)
    if kind is PrincipalKind.ROLE:
        _role_policies(scope, book, instance, draft)
        draft.trust = _trust(scope, instance)


def _arn_parts(scope: Reading, instance: Instance) -> tuple[str | None, str | None]:
    """(partition, path) of a user or role whose ARN the input does not hold (a .tf source, a plan
    that creates it): its ARN is arn:PARTITION:iam::ACCOUNT:role/PATH/NAME, the partition that of its
    provider configuration's Region (IAM is global: no ``region`` of its own but the one the .tf
    reader gives every resource of that configuration), the path its ``path``, "/" when unset
    (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role#path).
    None where either is not known: the ARN stays unknown."""
    region, unknown = value_of(instance.node, "region")
    if region is None and not unknown:
        region = provider_region(scope.config, instance)
    path, unknown = value_of(instance.node, "path")
    if path in (None, "") and not unknown:
        path = "/"
    if unknown or not is_region_name(region) or not isinstance(path, str) \
            or not (path.startswith("/") and path.endswith("/")):
        return None, None
    return partition_of(region), path


def _permission_set(scope: Reading, book: PrincipalBuilder, instance: Instance) -> None:
    """The roles of a permission set, as one role: its name in each account is AWSReservedSSO_NAME_
    and a suffix Identity Center chooses, so it is named by its address, and never by a role name
    an IAM attachment could give."""
    book.define(instance.address, instance.address, PrincipalKind.ROLE, UNKNOWN,
                origin_of(scope, instance, instance.node, _KEYS))


def _permission_set_part(scope: Reading, book: PrincipalBuilder, instance: Instance) -> None:
    """An inline policy, a managed policy, a customer managed policy (by its name in each account)
    or a permissions boundary given to the permission set ``permission_set_arn`` refers to."""
    linked = [book.by_key[target.address] for target in scope.link(instance, "permission_set_arn", _PERMISSION_SET)
              if target.address in book.by_key]
    if not linked:
        book.unresolved("permission_set_arn", instance.address,
                        attribute_origin(scope, instance, "permission_set_arn").at)
        return
    if len(linked) > 1:
        # one ARN, of one of several instances, by a key the input does not settle (a plan's
        # `pset[each.value.name]`): what it gives is unknown for each of them, never given to all
        cause = Cause(f"which of the {len(linked)} instances of {strip_key_tail(linked[0].id)} a permission_set_arn "
                      f"names is known only when Terraform evaluates its key")
        _add_managed(linked, PolicyRef(UNKNOWN, attribute_origin(scope, instance, "permission_set_arn"), cause))
        return
    if instance.type == "aws_ssoadmin_permission_set_inline_policy":
        policy = policy_attr(scope, instance, "inline_policy", book.problems)
        for draft in linked:
            draft.inline.append(policy)
        return
    if instance.type == "aws_ssoadmin_managed_policy_attachment":
        ref = _policy_ref(scope, book, instance, "managed_policy_arn")
        if ref is not None:
            _add_managed(linked, ref)
        return
    # a customer managed policy (or boundary) is the policy of that name and path in each account the
    # permission set is assigned to: not known offline; an AWS managed boundary is known by its ARN
    if instance.type == "aws_ssoadmin_customer_managed_policy_attachment":
        _add_managed(linked, PolicyRef(UNKNOWN, attribute_origin(scope, instance, "customer_managed_policy_reference"),
                                       CUSTOMER_MANAGED))
        return
    blocks = items(instance.node.get("permissions_boundary"))
    arn = text(blocks[0], "managed_policy_arn") if not isinstance(blocks, Unknown) and len(blocks) == 1 else None
    boundary = PolicyRef(arn, attribute_origin(scope, instance, "permissions_boundary")) \
        if isinstance(arn, str) and arn else \
        PolicyRef(UNKNOWN, attribute_origin(scope, instance, "permissions_boundary"), CUSTOMER_MANAGED)
    for draft in linked:
        draft.boundary = boundary


def _trust(scope: Reading, instance: Instance) -> Policy | Callable[[], Policy]:
    """The role's assume_role_policy, for the checks of who may assume it (what it cannot read is
    their TL002): a JSON string known before apply is read when a check asks for it."""
    name = f"{instance.address}.assume_role_policy"
    value, unknown = value_of(instance.node, "assume_role_policy")
    if unknown:      # built from a data.aws_iam_policy_document, when the configuration says so
        return owned(policy_attr(scope, instance, "assume_role_policy", [], name=name))
    return partial(read_owned_string, value, name, attribute_origin(scope, instance, "assume_role_policy"))


def _role_policies(scope: Reading, book: PrincipalBuilder, instance: Instance, draft: Draft) -> None:
    """A role's ``inline_policy`` blocks and ``managed_policy_arns``. Both are computed: unknown
    with neither configured means "whatever AWS has", i.e. none yet."""
    node = instance.node

    def configured() -> bool:
        return scope.configures(instance, "inline_policy") or scope.configures(instance, "managed_policy_arns")

    inline = node.get("inline_policy")
    blocks = items(inline)
    if isinstance(blocks, Unknown):
        if configured():
            draft.inline.append(Policy(f"{instance.address}.inline_policy", UNKNOWN,
                                       origin=origin_of(scope, instance, inline)))
        blocks = ()
    for block in blocks:
        policy_name = text(block, "name")
        if block.value:
            policy, unknown = value_of(block, "policy")
            if policy or unknown:
                draft.inline.append(policy_attr(scope, instance, "policy", book.problems,
                                                name=policy_name if isinstance(policy_name, str) else None,
                                                holder=block))
    managed = node.get("managed_policy_arns")
    arns = texts(managed)
    if isinstance(arns, Unknown):
        if configured():
            draft.managed.append(PolicyRef(UNKNOWN, origin_of(scope, instance, managed)))
    elif arns:
        origin = origin_of(scope, instance, managed)
        draft.managed.extend(PolicyRef(arn_value, origin) for arn_value in arns if isinstance(arn_value, str))
        after_apply = [arn_value for arn_value in arns if not isinstance(arn_value, str)]
        # `[aws_iam_policy.a.arn, aws_iam_policy.b.arn]`: each ARN known after apply is the policy
        # it refers to, when the list refers to exactly as many policies as it has such ARNs
        linked = [found for found in scope.link_all(instance, "managed_policy_arns", "aws_iam_policy")
                  if len(found) == 1] if after_apply else []
        if linked and len(linked) == len(after_apply):
            draft.managed.extend(book.policy_ref(found[0].address, origin) for found in linked)
        else:
            draft.managed.extend(PolicyRef(arn_value, origin) for arn_value in after_apply)


def _policy_ref(scope: Reading, book: PrincipalBuilder, instance: Instance, attribute: str) -> PolicyRef | None:
    value = text(instance.node, attribute)
    if value is None:
        return None
    origin = attribute_origin(scope, instance, attribute)
    if isinstance(value, str):
        return PolicyRef(value, origin)
    linked = scope.link(instance, attribute, "aws_iam_policy")
    if len(linked) == 1:
        return book.policy_ref(linked[0].address, origin)
    return PolicyRef(UNKNOWN, origin)


def _attach(scope: Reading, book: PrincipalBuilder, instance: Instance) -> None:
    if instance.type == "aws_iam_policy_attachment":
        ref = _policy_ref(scope, book, instance, "policy_arn")
        if ref is not None:
            for kind, argument in _ARGUMENT.items():
                _add_managed(_targets(scope, book, instance, argument + "s", kind), ref)
    elif instance.type == "aws_iam_group_membership":
        groups = _targets(scope, book, instance, "group", PrincipalKind.GROUP)
        book.join(_targets(scope, book, instance, "users", PrincipalKind.USER), groups)
    elif instance.type == "aws_iam_user_group_membership":
        groups = _targets(scope, book, instance, "groups", PrincipalKind.GROUP)
        book.join(_targets(scope, book, instance, "user", PrincipalKind.USER), groups)
    elif instance.type in _INLINE:
        kind = _INLINE[instance.type]
        for draft in _targets(scope, book, instance, _ARGUMENT[kind], kind):
            draft.inline.append(policy_attr(scope, instance, "policy", book.problems))
    else:
        kind = _ATTACHED[instance.type]
        ref = _policy_ref(scope, book, instance, "policy_arn")
        if ref is not None:
            _add_managed(_targets(scope, book, instance, _ARGUMENT[kind], kind), ref)


def _add_managed(drafts: list[Draft], ref: PolicyRef) -> None:
    for draft in drafts:
        draft.managed.append(ref)


def _targets(scope: Reading, book: PrincipalBuilder, instance: Instance, attribute: str,
             kind: PrincipalKind) -> list[Draft]:
    """The principals an attribute names: a name, or a list of names; unknown → via references."""
    values: tuple[str | Unknown, ...] | Unknown
    if attribute.endswith("s"):         # users, groups, roles: lists of names
        values = texts(instance.node, attribute)
    else:
        single = text(instance.node, attribute)
        values = UNKNOWN if isinstance(single, Unknown) else (() if single is None else (single,))
    found: list[Draft] = []
    # (a loop, not any() over a generator: this runs for every attachment)
    unknown = isinstance(values, Unknown)
    if not isinstance(values, Unknown):
        for value in values:
            if isinstance(value, Unknown):
                unknown = True
                break
    if unknown:
        linked = scope.link(instance, attribute, _TYPE_OF[kind])
        found.extend(book.by_key[target.address] for target in linked if target.address in book.by_key)
        if not linked:
            book.unresolved(attribute, instance.address, attribute_origin(scope, instance, attribute).at)
    values = () if isinstance(values, Unknown) else values
    # a principal defined outside this input gets a stub, whose origin is the attachment naming it
    origin: Origin | None = None
    for value in values:
        if isinstance(value, str) and value:
            draft = book.by_name.get((kind, value))    # one the input defines: no stub, no origin to build
            if draft is None:
                origin = origin or origin_of(scope, instance, instance.node, _KEYS)
                draft = book.named(kind, value, origin)
            found.append(draft)
    return found


def _tags(node: Node) -> tuple[tuple[str, str], ...] | Unknown:
    """A user's tags as AWS holds them: ``tags_all`` (with the provider's default tags), when known."""
    tags = node.get("tags_all")
    mark = tags.mark
    if tags.unknown or not isinstance(tags.value, dict) or (isinstance(mark, dict) and True in mark.values()):
        return UNKNOWN
    return tuple((str(key), str(value)) for key, value in tags.value.items())


def _unique_id(node: Node) -> str | None:
    value = text(node, "unique_id")
    return value if isinstance(value, str) else None
