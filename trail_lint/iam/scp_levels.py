"""Which SCPs stand over an account, level by level, as AWS Organizations applies them.

A request from an account is allowed only if every level of the path from the root to the
account (the root, each OU, the account itself) has an SCP that allows it, and no SCP on the path
denies it. Organizations attaches the AWS managed ``FullAWSAccess`` at every level, so a level
whose inputs attach only Deny guardrails still allows everything else. SCPs never restrict the
management account, nor service-linked roles.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html

What the inputs leave open is not guessed: a level whose place on the path is unknown (an OU
the account's parents do not reach, an attachment the inputs do not hold, an account that may be
the management account) makes a decision it would change conditional, and is reported (TL002).

An allow list (an SCP with Allow statements) restricts only where FullAWSAccess is detached: the
"allow list strategy" attaches the allow list, then detaches FullAWSAccess from the same target.
Where the inputs show that detachment (a snapshot's list-targets-for-policy of p-FullAWSAccess, a
destroyed Terraform attachment), the allow list restricts; where they show FullAWSAccess attached,
it changes nothing; where they show neither, the level keeps a FullAWSAccess whose actions are
unknown, so what the allow list does not allow is unknown, and the attachment is reported (TL002).
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import field, replace

from trail_lint.iam.evaluator import ScpLevel, lacks_resource, scp_rejected, version_rejected
from trail_lint.iam.sizes import ORGANIZATIONS_POLICY_QUOTA, oversized
from trail_lint.model import (
    FULL_ACCESS_ID,
    FULL_AWS_ACCESS,
    RCP_FULL_ACCESS_ID,
    RCP_FULL_AWS_ACCESS,
    UNKNOWN,
    Inventory,
    OrgNode,
    OrgNodeKind,
    Policy,
    Principals,
    Problem,
    ResourceControlPolicy,
    ServiceControlPolicy,
    Statement,
    Tri,
    Unknown,
    all_of,
    statement_of,
)
from trail_lint.records import record
from trail_lint.scope.arns import account_from_arn
from trail_lint.scope.names import is_account_id, is_root_id, is_unit_id

# FullAWSAccess where the inputs neither show it attached nor detached: every action may be allowed.
FULL_AWS_ACCESS_UNSHOWN = replace(FULL_AWS_ACCESS, statements=(Statement("Allow", actions=UNKNOWN, resources=("*",)),))


@record
class Organization:
    """The organization as the inputs describe it, indexed for path look-ups.

    ``attached`` holds each target's level, FullAWSAccess settled as far as the inputs allow;
    ``loose`` the levels of SCPs attached where the inputs do not show; ``unshown`` the allow-list
    attachments whose target the inputs do not show FullAWSAccess attached to or detached from.
    """

    nodes: dict[str, OrgNode] = field(default_factory=dict)
    # the management account's ID, or the key of the deployment that manages the organization
    # where the inputs know it only so (OrgNode.deployment)
    management: frozenset[str] = frozenset()
    scps: tuple[ServiceControlPolicy | ResourceControlPolicy, ...] = ()    # the RCPs, for RCP levels
    attached: dict[str | Unknown, tuple[Policy, ...]] = field(default_factory=dict)
    loose: tuple[ScpLevel, ...] = ()
    unshown: tuple[tuple[ServiceControlPolicy, str], ...] = ()
    identifier: str | None = None       # the organization's ID (o-…), where the inputs name one


def scp_read(policy: Policy) -> Policy:
    """The SCP as Organizations applies it: a statement with neither Resource nor NotResource covers
    every resource when it allows, as the SCP syntax page's Allow example (``"Action": "s3:*"`` and
    no Resource) "allows the Amazon S3 permissions for any attached accounts"; what such a Deny
    covers is not documented (IAM requires a Resource in its own policies): UNKNOWN.
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html"""
    if not isinstance(policy.statements, tuple) or not any(lacks_resource(s) for s in policy.statements):
        return policy
    return replace(policy, statements=tuple(
        replace(statement, resources=("*",) if statement.effect == "Allow" else UNKNOWN)
        if lacks_resource(statement) else statement for statement in policy.statements))


def organization(inventory: Inventory, resource_control: bool = False) -> Organization:
    """The SCPs over principals, or (``resource_control``) the RCPs over resources, placed in the
    same OU tree: RCPs reach the same root, OU and account levels as SCPs, and never the management
    account. RCPFullAWSAccess, attached at every level and never detached, denies nothing and is left
    out; RCPs may not Allow anything else, so there is no allow list among them.
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html"""
    nodes = {node.id: node for node in inventory.organization if node.kind is not OrgNodeKind.MANAGEMENT}
    management = {node.id for node in inventory.organization if node.kind is OrgNodeKind.MANAGEMENT}
    # An SCP's or RCP's ARN names the management account: arn:aws:organizations::111122223333:policy/o-…/…
    management |= {account for policy in (*(s.policy for s in inventory.scps), *(r.policy for r in inventory.rcps))
                   if (account := account_from_arn(policy.arn or "")) and account != "aws"}
    policies: tuple[ServiceControlPolicy | ResourceControlPolicy, ...] = tuple(
        r for r in inventory.rcps if not is_rcp_full_access(r.policy)) if resource_control else inventory.scps
    attached: dict[str | Unknown, list[Policy]] = {}
    full_access: dict[str | Unknown, bool] = {}   # target -> FullAWSAccess attached (True) or detached (False)
    loose: list[ScpLevel] = []
    for scp in policies:
        if isinstance(scp, ServiceControlPolicy) and is_full_access(scp.policy):
            full_access.update({target: True for target in scp.targets})
            full_access.update({target: False for target in scp.detached_from})
            continue
        read = scp_read(scp.policy) if isinstance(scp, ServiceControlPolicy) else scp.policy
        if not scp.targets:      # attached somewhere the inputs do not show, or nowhere
            loose.append(ScpLevel(_unplaced([read]), UNKNOWN))
        for target in scp.targets:
            attached.setdefault(target, []).append(read)
    for target, present in full_access.items():
        if present is False:
            attached.setdefault(target, [])
    # an allow list that allows everything (a copy of FullAWSAccess) allows it whether or not
    # FullAWSAccess is still attached beside it: nothing is unknown there
    unshown = tuple((scp, target) for scp in inventory.scps if not is_full_access(scp.policy) and
                    _allow_list(scp.policy) and not _denies_nothing(scp.policy) for target in scp.targets
                    if isinstance(target, str) and target not in full_access) if not resource_control else ()
    # the inputs are taken to describe one organization (as _member does): two IDs, and neither is known
    named = {node.organization for node in inventory.organization if node.organization} | {
        manifest.organization for manifest in inventory.manifests if manifest.organization}
    return Organization(nodes, frozenset(management), policies,
                        {target: _with_full_access(policies, full_access.get(target)) if isinstance(target, str)
                         else _unplaced(policies) for target, policies in attached.items()}, tuple(loose), unshown,
                        named.pop() if len(named) == 1 else None)


def unresourced(org: Organization) -> Iterable[tuple[str, Problem]]:
    """TL002 problems: SCP Deny statements with neither Resource nor NotResource, whose reach is not
    documented (scp_read)."""
    for scp in org.scps:
        # a rejected SCP denies nothing (its rejection is reported: TL001, TL221)
        if not isinstance(scp, ServiceControlPolicy) or not isinstance(scp.policy.statements, tuple) \
                or scp_rejected(scp.policy):
            continue
        for index, statement in enumerate(scp.policy.statements):
            if lacks_resource(statement) and statement.effect != "Allow":
                origin = statement.origin if statement.origin.file else scp.policy.origin
                yield f"scp-resource:{origin.file}:{origin.path}:{index}", Problem(
                    f"{statement_of(scp.policy, index, statement, 'SCP')} has neither Resource nor "
                    "NotResource: which resources its Deny covers is not documented, so what it would deny is unknown",
                    origin.at, resource=origin.resource or scp.policy.name, undecided=True)


def unattached(org: Organization) -> Iterable[tuple[str, Problem]]:
    """TL002 problems: SCPs whose attachment, or whose attachment's target, the inputs do not hold,
    and allow lists attached where the inputs do not show whether FullAWSAccess still is. An SCP AWS
    Organizations rejects (scp_rejected, reported as TL001 or TL221) is attached nowhere: not said."""
    for scp in org.scps:
        if is_full_access(scp.policy) or _denies_nothing(scp.policy) or scp_rejected(scp.policy):
            continue
        origin = scp.policy.origin
        if not scp.targets:
            yield f"scp:{origin.file}:{origin.path}", Problem(
                f"SCP {scp.policy.name} is attached to nothing in the inputs: which accounts it restricts is "
                "unknown, so what it would deny is shown as conditional", origin.at,
                resource=origin.resource or scp.policy.name)
        elif scp.unknown_at:
            # said where the target is written: a reader that knows why it is unknown (a variable
            # without a value) reports that there, and this is said in the same finding (engine)
            for at in scp.unknown_at:
                # one attachment may be any of several SCPs (`policy_id = each.value`): each is said
                yield f"scp-target:{at.file}:{at.path}:{scp.policy.name}", Problem(
                    f"where SCP {scp.policy.name} applies is unknown: what it would deny is shown as conditional",
                    at, resource=origin.resource or scp.policy.name)
        elif any(not isinstance(target, str) for target in scp.targets):
            yield f"scp-target:{origin.file}:{origin.path}", Problem(
                f"an attachment of SCP {scp.policy.name} has a target only known at deployment: what it "
                "would deny there is shown as conditional", origin.at, resource=origin.resource or scp.policy.name)
    for scp, target in org.unshown:
        origin = scp.policy.origin
        yield f"scp-full-access:{origin.file}:{origin.path}:{target}", Problem(
            f"SCP {scp.policy.name} is an allow list attached to {target}, where the inputs do not show whether "
            "FullAWSAccess is still attached: what it does not allow is unknown where it applies (TL401, TL405, "
            "TL406 and `trail-lint access`)",
            origin.at, resource=origin.resource or scp.policy.name)


def levels(org: Organization, account: str | None) -> tuple[ScpLevel, ...]:
    """The SCP levels over principals of ``account`` (None: the account is not known; the key of
    the deployment that manages the organization, where only that is known: none)."""
    if not org.scps or account in org.management:
        return ()
    member = _member(org, account)
    path, path_known = _path(org, account)
    found = []
    for target, policies in org.attached.items():
        on_path = all_of((member, _on_path(org, target, account, path, path_known)))
        if on_path is not False:
            found.append(ScpLevel(policies, on_path))
    return (*found, *org.loose)


def organization_keys(org: Organization, account: str | None) -> tuple[str | None, str | None]:
    """What principals of ``account`` carry as aws:PrincipalOrgID and the one value of
    aws:PrincipalOrgPaths, where the inputs hold them (None: not known): the organization's ID, for
    an account the inputs place in it (a member, the management account); and the path from the
    organization's ID through its root and each OU above the account, ``o-id/r-id/ou-id/.../``, where
    the inputs name every one of them by its AWS ID.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
    """
    identifier = org.identifier
    node = org.nodes.get(account) if account is not None else None
    if identifier is None or account is None or not (
            node is not None and node.kind is OrgNodeKind.ACCOUNT or account in org.management):
        return None, None
    if node is None or node.kind is not OrgNodeKind.ACCOUNT:
        return identifier, None         # the management account, whose place the inputs do not give
    units: list[str] = []
    parent = node.parent
    while not is_root_id(parent):
        if parent is None:      # directly under the root: the one the inputs name, if one
            roots = [n.id for n in org.nodes.values() if n.kind is OrgNodeKind.ROOT]
            if len(roots) != 1 or not is_root_id(roots[0]):
                return identifier, None
            parent = roots[0]
            break
        above = org.nodes.get(parent) if isinstance(parent, str) else None
        if not is_unit_id(parent) or parent in units or above is None:
            return identifier, None
        units.append(str(parent))
        parent = above.parent
    return identifier, "/".join((identifier, str(parent), *reversed(units))) + "/"


def is_rcp_full_access(policy: Policy) -> bool:
    """RCPFullAWSAccess, by its name or policy id (as is_full_access)."""
    if (policy.arn or "").rsplit("/", 1)[-1] == RCP_FULL_ACCESS_ID:
        return True
    return policy.name == RCP_FULL_AWS_ACCESS.name and isinstance(policy.statements, tuple) \
        and all(s.effect == "Allow" for s in policy.statements)


# The RCP syntax page: every RCP must include a Version element of the value 2012-10-17, and "The
# effect of Allow is only supported for the RCPFullAWSAccess policy", which AWS attaches itself.
# "Each statement must contain the Principal element. You can only specify "*" in the Principal
# element of an RCP"; "The following elements are not supported in RCPs: NotPrincipal, NotAction";
# "You cannot use "*" in the Action element of a customer managed RCP".
# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
RCP_VERSION = "2012-10-17"


def rcp_refused(policy: Policy) -> tuple[int | None, str, str] | None:
    """Why AWS Organizations refuses the document as a resource control policy beyond the IAM
    grammar (document_rejected): the index of the statement that says so (None: the Version), the
    statement's field that says so ("" for the statement itself, "version" for the Version), and the
    reason; None when it does not (a NotPrincipal, which TL221 reports, is the last reason looked
    for). A refused RCP is never created, so it is attached nowhere and denies nothing. A document, Version, Effect, Principal or Action not known offline is not known to
    be refused; RCPFullAWSAccess is AWS's own."""
    if not isinstance(policy.statements, tuple) or is_rcp_full_access(policy):
        return None
    version = policy.version
    if version is None or isinstance(version, str) and version != RCP_VERSION and version_rejected(policy) is None:
        written = "no Version" if version is None else f"Version {version!r}"
        return None, "version", f"has {written}: an RCP must have Version '{RCP_VERSION}'"
    if oversized(policy, ORGANIZATIONS_POLICY_QUOTA):
        return None, "", (f"holds at least {policy.size:,} characters other than white space: an RCP may hold "
                          f"{ORGANIZATIONS_POLICY_QUOTA:,}")
    for index, statement in enumerate(policy.statements):
        found = _rcp_statement_refused(statement)
        if found is not None:
            return (index, *found)
    return None


def _rcp_statement_refused(statement: Statement) -> tuple[str, str] | None:
    """The field and reason AWS Organizations refuses the RCP statement for, or None."""
    if statement.effect == "Allow":
        return "effect", "has Effect 'Allow', which only AWS's own RCPFullAWSAccess may have in an RCP"
    if statement.principals is None and statement.not_principals is None:
        return "", "has no Principal: every statement of an RCP must have Principal '*'"
    if statement.principals is not None and _names_someone(statement.principals):
        return "principals", "names a Principal other than '*': an RCP may name only '*' (its conditions choose principals)"
    if statement.not_actions is not None:
        return "not_actions", "has NotAction, which an RCP does not support"
    if isinstance(statement.actions, tuple) and "*" in statement.actions:
        return "actions", "has Action '*': an RCP must name the service of each action it denies"
    if statement.not_principals is not None:     # last: TL221 reports it, the engine does not
        return "not_principals", "has NotPrincipal, which an RCP does not support"
    return None


def _names_someone(principals: Principals | Unknown) -> bool:
    """Whether a Principal certainly names something other than "*" (read as {"AWS": ("*",)}, the
    same as an explicit {"AWS": "*"}, which the page does not settle and is not refused)."""
    if not isinstance(principals, Mapping):
        return False
    return any(isinstance(values, tuple) and (kind != "AWS" or any(value != "*" for value in values))
               for kind, values in principals.items())


def is_full_access(policy: Policy) -> bool:
    # By its policy id: AWS writes its ARN without an account, arn:aws:organizations::aws:policy/…,
    # but emulators (moto) put the management account and organization in it.
    return policy.name == FULL_AWS_ACCESS.name and (policy.arn or "").rsplit("/", 1)[-1] == FULL_ACCESS_ID


def _denies_nothing(policy: Policy) -> bool:
    """An SCP that allows every action on every resource without a condition (a copy of
    FullAWSAccess under another ID): wherever it is attached, it restricts nothing."""
    statements = policy.statements
    return isinstance(statements, tuple) and bool(statements) and all(
        s.effect == "Allow" and isinstance(s.actions, tuple) and "*" in s.actions and s.not_actions is None
        and isinstance(s.resources, tuple) and "*" in s.resources and s.not_resources is None and s.conditions == ()
        for s in statements)


def _allow_list(policy: Policy) -> bool:
    return isinstance(policy.statements, tuple) and any(s.effect == "Allow" for s in policy.statements)


def _unplaced(policies: list[Policy]) -> tuple[Policy, ...]:
    """A level the inputs do not place (no target, or one only known at deployment): FullAWSAccess
    beside Deny guardrails, none beside an allow list. Whether the level is on the path is unknown,
    so what it would deny is conditional either way (TL002 says so)."""
    return tuple(policies) if any(_allow_list(policy) for policy in policies) else (*policies, FULL_AWS_ACCESS)


def _with_full_access(policies: list[Policy], full_access: bool | None) -> tuple[Policy, ...]:
    """One level's policies: its SCPs, with FullAWSAccess where the inputs attach it or leave it by
    default. Next to an allow list that the inputs do not show it detached from, FullAWSAccess may
    or may not be there: it then allows every action only maybe (its Action is unknown), so what the
    allow list does not allow is unknown, and what it allows stays allowed."""
    if full_access is False:
        return tuple(policies)
    if full_access is True or not any(_allow_list(policy) for policy in policies):
        return (*policies, FULL_AWS_ACCESS)
    first = next(policy for policy in policies if _allow_list(policy))
    return (*policies, replace(FULL_AWS_ACCESS_UNSHOWN, origin=first.origin))


def _member(org: Organization, account: str | None) -> Tri:
    """Whether SCPs restrict the account: a member account, not the management account."""
    if account is None:
        return UNKNOWN
    node = org.nodes.get(account)
    if node is not None and node.kind is OrgNodeKind.ACCOUNT:
        return True
    # The inputs name the management account and it is another one. (An account of another
    # organization altogether is not told apart: the inputs are taken to describe one.) A management
    # account known only as the deployment that manages the organization may be this one.
    return True if any(is_account_id(m) for m in org.management) else UNKNOWN


def _path(org: Organization, account: str | None) -> tuple[set[str], bool]:
    """The ids above the account up to its root, and whether the root was reached."""
    path: set[str] = set()
    current = org.nodes.get(account) if account is not None else None
    while current is not None:
        path.add(current.id)
        parent = current.parent
        if parent is None:
            return path, True
        if not isinstance(parent, str) or parent in path:
            return path, False
        path.add(parent)
        if parent.startswith("r-") or (parent in org.nodes and org.nodes[parent].kind is OrgNodeKind.ROOT):
            return path, True
        current = org.nodes.get(parent)     # None: an OU the inputs do not describe, so its parents are unknown
    return path, False


def _on_path(org: Organization, target: str | Unknown, account: str | None, path: set[str], path_known: bool) -> Tri:
    if not isinstance(target, str):
        return UNKNOWN
    node = org.nodes.get(target)
    if target == account or target in path:
        return True
    if target.startswith("r-") or (node is not None and node.kind is OrgNodeKind.ROOT):
        return True              # the root is over every account of the organization
    if is_account_id(target) or (node is not None and node.kind is OrgNodeKind.ACCOUNT):
        return UNKNOWN if account is None else False
    return False if path_known else UNKNOWN
