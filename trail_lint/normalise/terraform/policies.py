"""Policy documents in Terraform: JSON string attributes, data.aws_iam_policy_document,
resource policies (S3, SNS, KMS) and service control policies."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any, TypeVar, cast

from trail_lint.model import (
    FULL_ACCESS_ID,
    FULL_AWS_ACCESS,
    UNKNOWN,
    At,
    Condition,
    Deployment,
    Existence,
    Holes,
    InputKind,
    OrgNode,
    OrgNodeKind,
    Origin,
    Path,
    Policy,
    Principals,
    Problem,
    ResourceControlPolicy,
    ResourcePolicy,
    ServiceControlPolicy,
    Statement,
    Text,
    Unknown,
    untyped_policy,
)
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.policy_json import (
    UNKNOWN_TEXT,
    hole_identifier,
    in_version,
    owned,
    parse_policy_string,
    principal_holes,
    principals_with_holes,
    text_with_holes,
    unknown_statement,
)
from trail_lint.normalise.terraform.common import (
    MADE,
    Instance,
    Node,
    items,
    known_blocks,
    known_texts,
    maybe_blocks,
    maybe_collections,
    text,
    texts,
    value_of,
)
from trail_lint.normalise.terraform.config import Reading, config_resource, strip_key_tail
from trail_lint.scope.names import organization_id

DOCUMENT = "aws_iam_policy_document"


def origin_of(scope: Reading, instance: Instance, node: Node, keys: Mapping[str, str] | None = None) -> Origin:
    # node.file: the .tf file that declares the resource (several root modules may share an address)
    # (Origin's fields in order, here and below: keywords cost a record's __init__ a third more)
    return Origin(node.file, node.path, keys or {}, instance.address, scope.kind, scope.root)


def attribute_origin(scope: Reading, instance: Instance, attribute: str, holder: Node | None = None) -> Origin:
    """``origin_of`` the attribute ``attribute`` of the instance (or of ``holder``, one of its
    blocks), without a Node for it."""
    holder = holder or instance.node
    return Origin(holder.file, holder.path + (attribute,), {}, instance.address, scope.kind, scope.root)


def policy_attr(scope: Reading, instance: Instance, attribute: str, problems: list[Problem],
                name: str | None = None, holder: Node | None = None, arn: str | None = None) -> Policy:
    """The policy in a JSON-string attribute of the instance (or of ``holder``, one of its blocks).
    Unknown before apply: the data.aws_iam_policy_document it is built from, when the configuration
    says so; else statements UNKNOWN. ``arn``: Policy.arn (a managed policy's)."""
    value, unknown = value_of(holder or instance.node, attribute)
    name = name or instance.address
    origin = attribute_origin(scope, instance, attribute, holder)
    if unknown:
        for document in _one_instance(scope.link(instance, _within(instance, attribute, holder), DOCUMENT)):
            built = scope.documents.get(document.address)
            if isinstance(built, Policy):
                # a document whose statements are not known is checked no further: where it says
                # why (its reader's TL002) is where a check of this policy stops
                return Policy(name=name, statements=built.statements, arn=arn,
                              origin=built.origin if built.statements is UNKNOWN and built.origin else origin,
                              version=built.version)
        return Policy(name=name, statements=UNKNOWN, arn=arn, origin=origin)
    return read_policy_string(value, name, origin, problems, arn)


def _within(instance: Instance, attribute: str, holder: Node | None) -> str | Path:
    """Where ``attribute`` of ``holder`` (one of the instance's blocks) sits in the instance's
    configuration: the path to it (``("inline_policy", 0, "policy")``), or the attribute itself."""
    base = instance.node.path
    if holder is None or holder.path[:len(base)] != base or holder.path == base:
        return attribute
    return (*holder.path[len(base):], attribute)


def _one_instance(linked: tuple[Instance, ...]) -> tuple[Instance, ...]:
    """The instance of a data.aws_iam_policy_document that a policy is built from; none (a policy not
    known) when the reference leaves several (``scope.link`` narrows ``[each.key]`` to the instance's
    own), never the first one's statements."""
    return linked if len({document.address for document in linked}) <= 1 else ()


def read_owned_string(value: Any, name: str, origin: Origin) -> Policy:
    """``read_policy_string`` of a resource's own policy (policy_json.owned)."""
    return owned(read_policy_string(value, name, origin, []))


def read_policy_string(value: Any, name: str, origin: Origin, problems: list[Problem],
                       arn: str | None = None) -> Policy:
    if value is None:
        return Policy(name=name, statements=UNKNOWN, arn=arn, origin=origin)
    try:
        return parse_policy_string(value, name=name, origin=origin, arn=arn)
    except MalformedInput as error:
        # the plan itself is fine; only this policy cannot be read, as AWS would refuse it
        problems.append(Problem(error.message, error.at, resource=origin.resource))
        return Policy(name=name, statements=UNKNOWN, arn=arn, origin=origin)


# --- data.aws_iam_policy_document -------------------------------------------------------------

def documents(scope: Reading, instances: Iterable[Instance], problems: list[Problem]) -> dict[str, Policy]:
    found: dict[str, Policy] = {}
    for instance in instances:
        if instance.mode == "data" and instance.type == DOCUMENT:
            _document(scope, instance, problems, found)
    return found


def _document(scope: Reading, instance: Instance, problems: list[Problem], built: dict[str, Policy]) -> Policy:
    """The document, built once into ``built`` (a document made from others builds those first)."""
    if instance.address not in built:
        built[instance.address] = Policy(instance.address, UNKNOWN)    # a cycle ends as unknown
        built[instance.address] = _build(scope, instance, problems, built)
    return built[instance.address]


def _build(scope: Reading, instance: Instance, problems: list[Problem], built: dict[str, Policy]) -> Policy:
    node = instance.node
    origin = origin_of(scope, instance, node.get("json"))
    rendered = text(node, "json")
    if isinstance(rendered, str):
        return read_policy_string(rendered, instance.address, origin, problems)
    # "json" is known only after apply: rebuild from the arguments, as the data source does
    # https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
    sources = _documents_in(node.get("source_policy_documents"), node.get("source_json"), instance,
                            scope, problems, built)
    overrides = _documents_in(node.get("override_policy_documents"), node.get("override_json"), instance,
                              scope, problems, built)
    listed = node.get("statement")
    blocks = items(listed)
    if sources is UNKNOWN or overrides is UNKNOWN:
        return Policy(name=instance.address, statements=UNKNOWN, origin=origin)
    found = items(known_blocks(listed)) if blocks is UNKNOWN else ()
    written = found if isinstance(found, tuple) else ()
    kept: tuple[Statement, ...] = tuple(_statement(scope, instance, block) for block in written)
    maybe = _maybe_statements(scope, instance, listed, (*(sources if isinstance(sources, tuple) else ()), *kept)) if blocks is UNKNOWN else None
    if blocks is UNKNOWN and maybe is None and (not written or sources):
        # the statements as a whole (a dynamic block over a value not known): said where they are written.
        # Beside source documents, a statement not known may replace one of theirs (the same Sid).
        return Policy(name=instance.address, statements=UNKNOWN, origin=origin_of(scope, instance, _made(listed)))
    if isinstance(blocks, tuple):
        own = tuple(_statement(scope, instance, block) for block in blocks)
    elif maybe is not None:
        # statement blocks written beside dynamic ones over a value not known, whose content is each
        # statement those make as written, of which there may be any number, maybe none
        own = (*kept, *maybe)
    else:
        # statement blocks written beside a dynamic one over a value not known: those, and one statement
        # not known for what the dynamic block makes (any statements, maybe none)
        own = (*kept, unknown_statement(origin_of(scope, instance, _made(listed))))
    version = text(node, "version")
    if isinstance(version, str) and UNKNOWN_TEXT not in version:
        # the data source's `version` (2012-10-17 unless written) is the Version of the document it renders
        own = tuple(in_version(statement, version) for statement in own)
    merged = _merge(_merge(sources, own), overrides)  # type: ignore[arg-type]
    return Policy(name=instance.address, statements=merged, origin=origin)


def _maybe_statements(scope: Reading, instance: Instance, listed: Node,
                      others: tuple[Statement, ...]) -> tuple[Statement, ...] | None:
    """The statements dynamic blocks over a ``for_each`` not known offline make, as their content
    writes them (Statement.maybe), where that is all the unknown list holds and how many there are
    cannot change whether the document is rejected: each has no Sid (a Sid may repeat one, or replace
    a source document's), an Effect, Action and Resource element the grammar takes, and names a
    principal and a resource as the document's other statements do (a resource's own policy or a
    principal's, which IAM tells by them). None where not: one statement not known stands for them."""
    blocks = maybe_blocks(listed)
    if blocks is None or any(block.get("sid").value is not None or block.get("sid").unknown for block in blocks):
        return None
    found = tuple(replace(_statement(scope, instance, block), maybe=True, made_over=over)
                  for block, over in zip(blocks, maybe_collections(listed)))
    shapes = {_shape(statement) for statement in (*others, *found)}
    if len(shapes) != 1 or None in shapes:
        return None
    return found


def _made(listed: Node) -> Node:
    """Where the statements not known of a list of them are said: at the first dynamic block that
    makes them (where the reader says its for_each is not known), else at the list."""
    blocks = maybe_blocks(listed)
    return blocks[0] if blocks else listed


def _shape(statement: Statement) -> tuple[bool, bool] | None:
    """Whether the statement names a principal and a resource; None where the grammar refuses it
    (an Effect other than Allow or Deny, not one of Action and NotAction, both Resource and NotResource)."""
    acts = statement.actions != () and statement.actions is not None
    if statement.effect not in ("Allow", "Deny", UNKNOWN) or acts == (statement.not_actions is not None) \
            or statement.resources != () and statement.not_resources is not None:
        return None
    return (statement.principals is not None or statement.not_principals is not None,
            statement.resources != () or statement.not_resources is not None)


def _documents_in(listed: Node, single: Node, instance: Instance, scope: Reading,
                  problems: list[Problem], built: dict[str, Policy]) -> tuple[Statement, ...] | Unknown:
    nodes = items(listed)
    if isinstance(nodes, Unknown):
        return UNKNOWN
    statements: list[Statement] = []
    for attribute, group in ((listed.path[-1], nodes), (single.path[-1], (single,))):
        # An element known only after apply is the `json` of another policy document: one per
        # element, in the order the configuration refers to them (`[data.x.json, data.y.json]`).
        unknown = [index for index, node in enumerate(group) if node.unknown]
        linked = scope.link_all(instance, str(attribute), DOCUMENT) if unknown else []
        if len(linked) != len(unknown) or any(len(found) != 1 for found in linked):
            return UNKNOWN
        others = dict(zip(unknown, (found[0] for found in linked)))
        for index, node in enumerate(group):
            if index in others:
                policy = _document(scope, others[index], problems, built)
            elif node.value in (None, ""):
                continue
            else:
                policy = read_policy_string(node.value, instance.address, origin_of(scope, instance, node), problems)
            if isinstance(policy.statements, Unknown):
                return UNKNOWN
            statements.extend(policy.statements)
    return tuple(statements)


def _merge(base: tuple[Statement, ...], later: tuple[Statement, ...]) -> tuple[Statement, ...]:
    """Later statements replace earlier ones with the same Sid; the rest are appended."""
    by_sid = {statement.sid: statement for statement in later if statement.sid}
    kept = tuple(by_sid.pop(s.sid) if s.sid in by_sid else s for s in base)
    return kept + tuple(s for s in later if not s.sid or s.sid in by_sid)


def _statement(scope: Reading, instance: Instance, block: Node) -> Statement:
    effect = text(block, "effect")
    not_actions = known_texts(block.get("not_actions"))
    resources, not_resources = _rendered(known_texts(block.get("resources"))), _rendered(known_texts(block.get("not_resources")))
    conditions = _conditions(block.get("condition"))
    # values with named holes (hcl_build.hole_texts): UNKNOWN here, and kept as Text for the delivery checks
    principals, held_principals = _principals(block.get("principals"), _shapes(scope, instance, block, "principals"))
    not_principals, held_not_principals = _principals(block.get("not_principals"),
                                                      _shapes(scope, instance, block, "not_principals"))
    holes = Holes(resources=_held(resources), not_resources=_held(not_resources), conditions=_held_conditions(conditions),
                  principals=held_principals if isinstance(principals, Mapping) else None,
                  not_principals=held_not_principals if isinstance(not_principals, Mapping) else None)
    sid = text(block, "sid")
    return Statement(
        effect="Allow" if effect is None else effect,
        actions=known_texts(block.get("actions")),
        not_actions=not_actions or None if not_actions is not UNKNOWN else UNKNOWN,
        resources=UNKNOWN if holes.resources else resources,
        not_resources=UNKNOWN if holes.not_resources else not_resources or None if not_resources is not UNKNOWN
        else UNKNOWN,
        conditions=conditions if not holes.conditions else tuple(
            Condition(c.operator, c.key, tuple(UNKNOWN if _holds_hole(v) else v for v in c.values))
            for c in holes.conditions),
        principals=principals,
        not_principals=not_principals,
        sid=sid if isinstance(sid, str) else None,
        holes=holes if holes != Holes() else None,
        origin=origin_of(scope, instance, block),
    )


_Texts = TypeVar("_Texts", tuple[str, ...] | Unknown, tuple[str | Unknown, ...] | Unknown)


# The data source writes a policy variable as &{...}, ${...} being Terraform's own interpolation: it
# renders each "&{" of resources, not_resources, principals' identifiers and condition values as "${".
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
def _rendered(values: _Texts) -> _Texts:
    if not isinstance(values, tuple) or not any(isinstance(v, str) and "&{" in v for v in values):
        return values
    return cast(_Texts, tuple(v.replace("&{", "${") if isinstance(v, str) else v for v in values))


def _holds_hole(value: object) -> bool:
    return isinstance(value, tuple) or (isinstance(value, str) and UNKNOWN_TEXT in value)


def _held(values: tuple[str, ...] | Unknown | None) -> tuple[Text, ...] | None:
    """Resource patterns some of which hold named holes, as Text; None when none does."""
    if not isinstance(values, tuple) or not any(UNKNOWN_TEXT in value for value in values):
        return None
    return tuple(text_with_holes(value) for value in values)


def _held_conditions(conditions: tuple[Condition, ...] | Unknown) -> tuple[Condition, ...] | None:
    """Conditions some of whose values hold named holes, with those values as Text; None when none does."""
    if not isinstance(conditions, tuple) or not any(_holds_hole(v) for c in conditions for v in c.values):
        return None
    return tuple(Condition(c.operator, c.key, tuple(text_with_holes(v) if isinstance(v, str) and UNKNOWN_TEXT in v
                                                      else v for v in c.values)) for c in conditions)


def _shapes(scope: Reading, instance: Instance, block: Node, key: str) -> Mapping[int, str]:
    """A plan's ``principals`` (or ``not_principals``) blocks of a statement whose identifiers known
    only after apply are all ARNs (or unique IDs) of IAM roles (or users), by the block's place: such
    an ARN with holes for its partition, account, path and name (``arn:?:iam::?:role/?``), which is
    never ``*`` nor a service principal (Reading.iam_shape). The .tf reader writes these out itself
    (hcl_resource_values.iam_arn)."""
    if scope.kind is not InputKind.TERRAFORM_PLAN:
        return {}
    blocks = items(block.get(key))
    base = instance.node.path
    if isinstance(blocks, Unknown) or block.path[:len(base)] != base:
        return {}
    found = {}
    for index, inner in enumerate(blocks):
        ids = texts(inner, "identifiers")
        if isinstance(ids, tuple) and any(entry is UNKNOWN for entry in ids):
            shape = scope.iam_shape(instance, (*block.path[len(base):], key, index, "identifiers"))
            if shape is not None:
                found[index] = shape
    return found


def _principals(node: Node, shapes: Mapping[int, str]) \
        -> tuple[Principals | Unknown | None, tuple[tuple[str, tuple[Text, ...]], ...] | None]:
    """The principals of ``principals`` (or ``not_principals``) blocks, and the identifiers of the
    kinds they hold as UNKNOWN as Text (Holes.principals); ``shapes``: what an identifier known only
    after apply is written as, by the place of its block (``_shapes``)."""
    blocks = items(node)
    if isinstance(blocks, Unknown):
        return UNKNOWN, None
    if not blocks:
        return None, None
    listed: dict[str, list[str | Unknown]] = {}
    for index, block in enumerate(blocks):
        kind, ids = text(block, "type"), _rendered(texts(block, "identifiers"))
        if not isinstance(kind, str) or isinstance(ids, Unknown):
            return UNKNOWN, None
        if index in shapes:
            ids = tuple(shapes[index] if entry is UNKNOWN else entry for entry in ids)
        kind = "AWS" if kind == "*" else kind   # type = "*" renders as Principal "*"
        listed.setdefault(kind, []).extend(ids)
    # an identifier known only after apply is a text with holes when hcl_build.hole_texts
    # kept its template's text, else UNKNOWN (which may be anything)
    return principals_with_holes(listed, hole_identifier), principal_holes(listed)


def _conditions(node: Node) -> tuple[Condition, ...] | Unknown:
    blocks = items(node)
    if blocks is UNKNOWN:
        return UNKNOWN
    found: list[Condition] = []
    for block in blocks:  # type: ignore[union-attr]
        test, variable = text(block, "test"), text(block, "variable")
        if not isinstance(test, str) or not isinstance(variable, str):
            return UNKNOWN
        # values not known before apply stay UNKNOWN one by one (policy_json.conditions_with_holes)
        values = _rendered(texts(block.get("values")))
        found.append(Condition(test, variable, values if isinstance(values, tuple) else (UNKNOWN,)))
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
    own = instance.type in ("aws_sns_topic", "aws_kms_key")
    target = text(instance.node, target_attr)
    if own and not node.value and (not node.unknown or not scope.configures(instance, policy_attribute)):
        # A topic or key without a policy argument keeps the service's default policy until an
        # aws_sns_topic_policy / aws_kms_key_policy (the rules look for one) replaces it. Only one the
        # inputs create is known to have it: an existing one's policy was read back into its state,
        # and a plan's "known after apply" policy is unset only when the plan's configuration says so.
        if instance.existence not in MADE or (node.unknown and not config_resource(scope.config, instance)):
            return None
        return ResourcePolicy(target=target if isinstance(target, str) else instance.address, service=service,
                              policy=Policy(instance.address, ()), origin=origin_of(scope, instance, instance.node),
                              default=True, deployment=_key_deployment(scope, instance, service),
                              key_spec=_key_spec(instance))
    if target is UNKNOWN and own:
        target = instance.address
    elif target is UNKNOWN or target is None:
        kinds = ("aws_s3_bucket", "aws_sns_topic", "aws_kms_key")
        linked = scope.link(instance, target_attr, *kinds)
        if len(linked) == 1:
            target = _name_of(linked[0])
        else:
            # a policy put on another kind of resource (an SNS topic policy on an SQS queue) applies
            # to none of the inputs' buckets, topics or keys: they keep the policy they have
            target = (None if linked else scope.names_other(instance, target_attr, *kinds)) or UNKNOWN
    policy = owned(policy_attr(scope, instance, policy_attribute, problems))
    return ResourcePolicy(target=target, service=service, policy=policy,
                          origin=origin_of(scope, instance, instance.node, {"target": target_attr}),
                          deployment=_key_deployment(scope, instance, service), key_spec=_key_spec(instance))


def _key_spec(instance: Instance) -> str | Unknown | None:
    """An aws_kms_key's customer_master_key_spec (None: not written, SYMMETRIC_DEFAULT); None for
    any other resource, an aws_kms_key_policy included.
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key"""
    return text(instance.node, "customer_master_key_spec") if instance.type == "aws_kms_key" else None


def _key_deployment(scope: Reading, instance: Instance, service: str) -> Deployment | None:
    """The provider configuration of a KMS key or its key policy: the key's own account, as KMS takes
    no key policy from another account.
    https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html"""
    return (instance.deployment or scope.deployment(instance)) if service == "kms" else None


def _name_of(target: Instance) -> str:
    """A bucket by name, a topic or key by ARN, when known before apply; else its address."""
    value = text(target.node, "bucket" if target.type == "aws_s3_bucket" else "arn")
    return value if isinstance(value, str) else target.address


def organization(scope: Reading, instances: Iterable[Instance], problems: list[Problem]
                 ) -> tuple[tuple[ServiceControlPolicy, ...], tuple[ResourceControlPolicy, ...], tuple[OrgNode, ...]]:
    """SCPs and RCPs with the targets they are attached to, and the organization's roots, OUs and accounts.

    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_policy_attachment
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_organizational_unit
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_account
    """
    live = [i for i in instances if i.existence is not Existence.DELETED and i.mode == "managed"]
    policies: dict[str, Policy] = {}
    resource_control: set[str] = set()    # the addresses of RCPs
    ids: dict[str, str] = {}
    targets: dict[str, list[str | Unknown]] = {}
    unknown_at: dict[str, list[At]] = {}
    maybe: set[tuple[str, str]] = set()     # (policy, attachment resource) that may attach it
    nodes = [node for instance in live if instance.type in _ORG_TYPES for node in _org_nodes(scope, instance)]
    for instance in live:
        if instance.type == "aws_organizations_policy":
            kind = text(instance.node, "type")
            if kind is UNKNOWN:
                # an SCP or an RCP (or a policy of another type): said at its type, in the TL002 of
                # the cause the .tf reader knows, if any (undecided: a consequence, not a value)
                problems.append(Problem(untyped_policy(instance.address, "before apply"),
                                        attribute_origin(scope, instance, "type").at, resource=instance.address,
                                        undecided=True))
                continue
            if kind not in (None, "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"):   # None: the default, an SCP
                continue
            if kind == "RESOURCE_CONTROL_POLICY":
                resource_control.add(instance.address)
            policy = policy_attr(scope, instance, "content", problems)
            if kind == "RESOURCE_CONTROL_POLICY":
                policy = owned(policy)      # every statement of an RCP names a principal
            arn = text(instance.node, "arn")
            policies[instance.address] = replace(policy, arn=arn) if isinstance(arn, str) else policy
            targets[instance.address] = []
            policy_id = text(instance.node, "id")
            if isinstance(policy_id, str):
                ids[policy_id] = instance.address
    full_access = ServiceControlPolicy(FULL_AWS_ACCESS)
    for attachment in (i for i in instances if i.type == "aws_organizations_policy_attachment"):
        policy_id = text(attachment.node, "policy_id")
        target = _target(scope, attachment)
        if policy_id == FULL_ACCESS_ID and isinstance(target, str):
            # FullAWSAccess is attached by default: an attachment in the inputs says it stays, a
            # destroyed one that it is taken away.
            if attachment.existence is Existence.DELETED:
                full_access = replace(full_access, detached_from=(*full_access.detached_from, target))
            else:
                full_access = replace(full_access, targets=(*full_access.targets, target))
            continue
        if attachment.existence is Existence.DELETED:
            continue
        owner = ids.get(policy_id) if isinstance(policy_id, str) else None
        if owner is None:
            linked = attachment.node.get("policy_id").unknown and scope.link(
                attachment, "policy_id", "aws_organizations_policy")
            owner = linked[0].address if linked and len(linked) == 1 else None
        if owner is None and attachment.node.get("policy_id").unknown:
            # for_each = aws_organizations_policy.x, policy_id = each.value.id: the policy of the same key
            exact = scope.link_each_instance(attachment, "policy_id", "aws_organizations_policy")
            owner = exact.address if exact is not None else None
        if owner in targets:
            targets[owner].append(target)
            if isinstance(target, Unknown):
                unknown_at.setdefault(owner, []).append(attribute_origin(scope, attachment, "target_id").at)
        elif owner is None and attachment.node.get("policy_id").unknown:
            # `policy_id = each.value` over a map or set of policies: each of them may be the one this
            # instance attaches, so where each applies is not known (not: attached to nothing)
            # (said once per policy and attachment resource, not per instance of its for_each)
            for group in scope.link_each_value(attachment, "policy_id", "aws_organizations_policy"):
                for candidate in (c.address for c in group if c.address in targets):
                    if (candidate, strip_key_tail(attachment.address)) in maybe:
                        continue
                    maybe.add((candidate, strip_key_tail(attachment.address)))
                    targets[candidate].append(UNKNOWN)
                    unknown_at.setdefault(candidate, []).append(attribute_origin(scope, attachment, "policy_id").at)
    found = [ServiceControlPolicy(policy, tuple(targets[address]), unknown_at=tuple(unknown_at.get(address, ())))
             for address, policy in policies.items() if address not in resource_control]
    if full_access.targets or full_access.detached_from:
        found.append(full_access)
    rcps = tuple(ResourceControlPolicy(policy, tuple(targets[address]), unknown_at=tuple(unknown_at.get(address, ())))
                 for address, policy in policies.items() if address in resource_control)
    return tuple(found), rcps, tuple(nodes)


_ORG_TYPES = ("aws_organizations_organization", "aws_organizations_organizational_unit", "aws_organizations_account")
# every resource type organization() reads
ORGANIZATION_TYPES = ("aws_organizations_policy", "aws_organizations_policy_attachment", *_ORG_TYPES)


def _target(scope: Reading, attachment: Instance) -> str | Unknown:
    """An attachment's target: its id, else the address of the OU, account or organization it refers to."""
    target = text(attachment.node, "target_id")
    if isinstance(target, str):
        return target
    linked = scope.link(attachment, "target_id", *_ORG_TYPES)
    return linked[0].address if len(linked) == 1 else UNKNOWN


def _org_nodes(scope: Reading, instance: Instance) -> Iterator[OrgNode]:
    origin = origin_of(scope, instance, instance.node)
    own = text(instance.node, "id")
    if instance.type == "aws_organizations_organization":
        # The organization stands for its root: attachments to `...organization.x.roots[0].id` link to it.
        root_node = instance.node.get("roots").get(0)
        root, name = text(root_node, "id"), text(root_node, "name")
        yield OrgNode(root if isinstance(root, str) else instance.address, OrgNodeKind.ROOT, None, origin,
                      name if isinstance(name, str) and name else None)
        management = text(instance.node, "master_account_id")
        deployment = instance.deployment or scope.deployment(instance)
        if not isinstance(management, str):
            # known after apply, but only the management account can create the organization:
            # the account of the provider configuration that manages it, when that names one,
            # else that provider configuration (its account settings, which it shares with the
            # principals and trails of the same account, never another provider's: Reading.account_key)
            # https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-organizations-organization.html
            management = deployment.account or scope.account_key(instance)
        # feature_set: "ALL" (the default) or "CONSOLIDATED_BILLING"
        features = text(instance.node, "feature_set")
        if isinstance(management, str):
            yield OrgNode(management, OrgNodeKind.MANAGEMENT, None, origin, deployment=deployment,
                          all_features=True if features is None else features == "ALL" if isinstance(features, str)
                          else UNKNOWN, organization=organization_id(own))
    elif instance.type in ("aws_organizations_organizational_unit", "aws_organizations_account"):
        kind = OrgNodeKind.UNIT if instance.type == "aws_organizations_organizational_unit" else OrgNodeKind.ACCOUNT
        parent_node = instance.node.get("parent_id")
        parent: str | None | Unknown = text(parent_node)
        if isinstance(parent, Unknown) or (parent is None and scope.configures(instance, "parent_id")):
            linked = scope.link(instance, "parent_id", *_ORG_TYPES)
            parent = linked[0].address if len(linked) == 1 else UNKNOWN
        elif parent is None and kind is OrgNodeKind.UNIT:
            parent = UNKNOWN      # parent_id is required for an OU: a missing one is not "the root"
        # An account without parent_id sits under the organization's root.
        name = text(instance.node, "name")
        yield OrgNode(own if isinstance(own, str) else instance.address, kind, parent, origin,
                      name if isinstance(name, str) and name else None)
