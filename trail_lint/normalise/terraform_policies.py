"""Policy documents in Terraform: JSON string attributes, data.aws_iam_policy_document,
resource policies (S3, SNS, KMS) and service control policies."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from trail_lint.model import (
    UNKNOWN,
    Condition,
    Origin,
    Policy,
    Problem,
    ResourcePolicy,
    ServiceControlPolicy,
    Statement,
    Unknown,
)
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.policy_json import parse_policy_string
from trail_lint.normalise.terraform_common import (
    Instance,
    Node,
    items,
    known_texts,
    text,
)
from trail_lint.normalise.terraform_config import Reading

_DOCUMENT = "aws_iam_policy_document"


def origin_of(scope: Reading, instance: Instance, node: Node, keys: Mapping[str, str] | None = None) -> Origin:
    # node.file: the .tf file that declares the resource (several root modules may share an address)
    return Origin(node.file, node.path, keys or {}, resource=instance.address, kind=scope.kind)


def policy_attr(scope: Reading, instance: Instance, attribute: str, problems: list[Problem],
                name: str | None = None) -> Policy:
    """The policy in a JSON-string attribute. Unknown before apply: the data.aws_iam_policy_document
    it is built from, when the configuration says so; else statements UNKNOWN."""
    node = instance.node.get(attribute)
    name = name or instance.address
    origin = origin_of(scope, instance, node)
    if node.unknown:
        for document in scope.link(instance, attribute, _DOCUMENT):
            built = scope.documents.get(document.address)
            if isinstance(built, Policy):
                return Policy(name=name, statements=built.statements, origin=origin)
        return Policy(name=name, statements=UNKNOWN, origin=origin)
    return read_policy_string(node.value, name, origin, problems)


def read_policy_string(value: Any, name: str, origin: Origin, problems: list[Problem]) -> Policy:
    if value is None:
        return Policy(name=name, statements=UNKNOWN, origin=origin)
    try:
        return parse_policy_string(value, name=name, origin=origin)
    except MalformedInput as error:
        # the plan itself is fine; only this policy cannot be read, as AWS would refuse it
        problems.append(Problem(error.message, error.at, resource=origin.resource))
        return Policy(name=name, statements=UNKNOWN, origin=origin)


# --- data.aws_iam_policy_document -------------------------------------------------------------

def documents(scope: Reading, instances: Iterable[Instance], problems: list[Problem]) -> dict[str, Policy]:
    found: dict[str, Policy] = {}
    for instance in instances:
        if instance.mode == "data" and instance.type == _DOCUMENT:
            found[instance.address] = _document(scope, instance, problems)
    return found


def _document(scope: Reading, instance: Instance, problems: list[Problem]) -> Policy:
    node = instance.node
    origin = origin_of(scope, instance, node.get("json"))
    rendered = text(node.get("json"))
    if isinstance(rendered, str):
        return read_policy_string(rendered, instance.address, origin, problems)
    # "json" is known only after apply: rebuild from the arguments, as the data source does
    # https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
    sources = _documents_in(node.get("source_policy_documents"), node.get("source_json"), instance,
                            scope, problems)
    overrides = _documents_in(node.get("override_policy_documents"), node.get("override_json"), instance,
                              scope, problems)
    blocks = items(node.get("statement"))
    if sources is UNKNOWN or overrides is UNKNOWN or blocks is UNKNOWN:
        return Policy(name=instance.address, statements=UNKNOWN, origin=origin)
    own = tuple(_statement(scope, instance, block) for block in blocks)  # type: ignore[union-attr]
    merged = _merge(_merge(sources, own), overrides)  # type: ignore[arg-type]
    return Policy(name=instance.address, statements=merged, origin=origin)


def _documents_in(listed: Node, single: Node, instance: Instance, scope: Reading,
                  problems: list[Problem]) -> tuple[Statement, ...] | Unknown:
    nodes = items(listed)
    if nodes is UNKNOWN or single.unknown:
        return UNKNOWN
    statements: list[Statement] = []
    for node in (*nodes, single):  # type: ignore[misc]
        if node.unknown:
            return UNKNOWN
        if node.value in (None, ""):
            continue
        policy = read_policy_string(node.value, instance.address, origin_of(scope, instance, node), problems)
        if policy.statements is UNKNOWN:
            return UNKNOWN
        statements.extend(policy.statements)  # type: ignore[arg-type]
    return tuple(statements)


def _merge(base: tuple[Statement, ...], later: tuple[Statement, ...]) -> tuple[Statement, ...]:
    """Later statements replace earlier ones with the same Sid; the rest are appended."""
    by_sid = {statement.sid: statement for statement in later if statement.sid}
    kept = tuple(by_sid.pop(s.sid) if s.sid in by_sid else s for s in base)
    return kept + tuple(s for s in later if not s.sid or s.sid in by_sid)


def _statement(scope: Reading, instance: Instance, block: Node) -> Statement:
    effect = text(block.get("effect"))
    not_actions = known_texts(block.get("not_actions"))
    not_resources = known_texts(block.get("not_resources"))
    sid = text(block.get("sid"))
    return Statement(
        effect="Allow" if effect is None else effect,
        actions=known_texts(block.get("actions")),
        not_actions=not_actions or None if not_actions is not UNKNOWN else UNKNOWN,
        resources=known_texts(block.get("resources")),
        not_resources=not_resources or None if not_resources is not UNKNOWN else UNKNOWN,
        conditions=_conditions(block.get("condition")),
        principals=_principals(block.get("principals")),
        not_principals=_principals(block.get("not_principals")),
        sid=sid if isinstance(sid, str) else None,
        origin=origin_of(scope, instance, block),
    )


def _principals(node: Node) -> Mapping[str, tuple[str, ...]] | Unknown | None:
    blocks = items(node)
    if blocks is UNKNOWN:
        return UNKNOWN
    if not blocks:
        return None
    found: dict[str, tuple[str, ...]] = {}
    for block in blocks:  # type: ignore[union-attr]
        kind, ids = text(block.get("type")), known_texts(block.get("identifiers"))
        if kind is UNKNOWN or ids is UNKNOWN:
            return UNKNOWN
        kind = "AWS" if kind == "*" else kind   # type = "*" renders as Principal "*"
        found[str(kind)] = found.get(str(kind), ()) + ids  # type: ignore[operator]
    return found


def _conditions(node: Node) -> tuple[Condition, ...] | Unknown:
    blocks = items(node)
    if blocks is UNKNOWN:
        return UNKNOWN
    found: list[Condition] = []
    for block in blocks:  # type: ignore[union-attr]
        test, variable = text(block.get("test")), text(block.get("variable"))
        values = known_texts(block.get("values"))
        if not isinstance(test, str) or not isinstance(variable, str) or values is UNKNOWN:
            return UNKNOWN
        found.append(Condition(test, variable, values))  # type: ignore[arg-type]
    return tuple(found)


# --- Resource policies and SCPs ---------------------------------------------------------------

# resource type -> (service, attribute naming the target, policy attribute)
RESOURCE_POLICIES: Mapping[str, tuple[str, str, str]] = {
    "aws_s3_bucket_policy": ("s3", "bucket", "policy"),
    "aws_sns_topic_policy": ("sns", "arn", "policy"),
    "aws_sns_topic": ("sns", "arn", "policy"),
    "aws_kms_key": ("kms", "arn", "policy"),
    "aws_kms_key_policy": ("kms", "key_id", "policy"),
}


def resource_policy(scope: Reading, instance: Instance, problems: list[Problem]) -> ResourcePolicy | None:
    service, target_attr, policy_attribute = RESOURCE_POLICIES[instance.type]
    node = instance.node.get(policy_attribute)
    if instance.type in ("aws_sns_topic", "aws_kms_key") and not node.value and \
            (not node.unknown or not scope.configures(instance, policy_attribute)):
        return None     # a topic or key without a policy argument keeps its default policy
    target = text(instance.node.get(target_attr))
    if target is UNKNOWN and instance.type in ("aws_kms_key", "aws_sns_topic"):
        target = instance.address
    elif target is UNKNOWN or target is None:
        linked = scope.link(instance, target_attr, "aws_s3_bucket", "aws_sns_topic", "aws_kms_key")
        target = _name_of(linked[0]) if len(linked) == 1 else UNKNOWN
    policy = policy_attr(scope, instance, policy_attribute, problems)
    return ResourcePolicy(target=target, service=service, policy=policy,
                          origin=origin_of(scope, instance, instance.node))


def _name_of(target: Instance) -> str:
    """A bucket by name, a topic or key by ARN, when known before apply; else its address."""
    value = text(target.node.get("bucket" if target.type == "aws_s3_bucket" else "arn"))
    return value if isinstance(value, str) else target.address


def scps(scope: Reading, instances: Iterable[Instance], problems: list[Problem]) -> tuple[ServiceControlPolicy, ...]:
    policies: dict[str, Policy] = {}
    ids: dict[str, str] = {}
    targets: dict[str, list[str]] = {}
    attachments = []
    for instance in instances:
        if instance.type == "aws_organizations_policy":
            kind = text(instance.node.get("type"))
            if kind not in (None, "SERVICE_CONTROL_POLICY"):   # None: the provider's default type
                continue
            policies[instance.address] = policy_attr(scope, instance, "content", problems)
            targets[instance.address] = []
            policy_id = text(instance.node.get("id"))
            if isinstance(policy_id, str):
                ids[policy_id] = instance.address
        elif instance.type == "aws_organizations_policy_attachment":
            attachments.append(instance)
    for attachment in attachments:
        policy_id = text(attachment.node.get("policy_id"))
        owner = ids.get(policy_id) if isinstance(policy_id, str) else None
        if owner is None:
            linked = attachment.node.get("policy_id").unknown and scope.link(
                attachment, "policy_id", "aws_organizations_policy")
            owner = linked[0].address if linked and len(linked) == 1 else None
        target = text(attachment.node.get("target_id"))
        if owner in targets and isinstance(target, str):
            targets[owner].append(target)
    return tuple(ServiceControlPolicy(policy, tuple(targets[address])) for address, policy in policies.items())

