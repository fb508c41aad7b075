"""A principal's effective policies: its own and its groups', its boundary, the SCP levels over it.

Managed policies are looked up in the inputs first, then in the AWS managed policies shipped
with trail-lint; anything else is UNKNOWN and reported, once per policy ARN or group (at the first
attachment): ``undecided``, since it leaves every rule reading the access analysis undecided for
the principals holding it (the engine names those rules).
"""
from __future__ import annotations

import re
from collections.abc import Container

from trail_lint.iam import scp_levels
from trail_lint.iam.actions import trail_actions
from trail_lint.iam.conditions import (
    ESCAPES,
    FEDERATION_KEYS,
    PRESENT,
    VARIABLE,
    MemberUserArn,
    Present,
    SessionUserId,
    ValueSet,
    condition_holds,
    conditions_hold,
    documented_key,
    service_key_absent,
)
from trail_lint.iam.evaluator import ANY_RESOURCE, NO_CONTEXT, RequestContext, ScpLevel, action_applies, readings
from trail_lint.iam.requests import request_conditions, requests
from trail_lint.model import (
    UNKNOWN,
    At,
    Hole,
    Inventory,
    Policy,
    PolicyRef,
    Principal,
    PrincipalKind,
    Problem,
    Statement,
    Tri,
    Unknown,
    not_known_offline,
    statement_name,
    statement_of,
    trust_policy,
)
from trail_lint.records import record
from trail_lint.resources import shipped_policies
from trail_lint.scope.arns import arn_fields, principal_arn
from trail_lint.scope.names import is_account_id


@record
class Effective:
    """A principal's policies, resolved: identity (own + groups'), boundary, SCP levels."""

    identity: tuple[Policy, ...]
    boundary: Policy | None
    scps: tuple[ScpLevel, ...]
    context: RequestContext = NO_CONTEXT      # the policy variables the principal fixes


@record
class Resolved:
    """The inventory with the resolved policies of each of its principals that make requests (not groups),
    in their order, then of each group no principal of the inputs is in (memberless: what membership
    grants, which a user added to it gets): what the access analysis resolves (access.resolved_by),
    handed to the rules that read a policy with its holders' other policies (TL402), which resolve them
    alone (of) where the analysis does not run."""

    inventory: Inventory
    effectives: tuple[Effective, ...]

    @classmethod
    def of(cls, inventory: Inventory) -> Resolved:
        context = Context(inventory, {})
        return cls(inventory, (*(context.resolve(principal) for principal in inventory.principals
                                 if principal.kind is not PrincipalKind.GROUP),
                               *map(context.resolve, memberless(inventory, context))))


def memberless(inventory: Inventory, context: Context) -> list[Principal]:
    """The groups of the inputs no principal of the inputs is in, in their order."""
    members = {id(group) for principal in inventory.principals if principal.kind is not PrincipalKind.GROUP
               for name in principal.groups if (group := context.group_of(principal, name)) is not None}
    return [group for group in inventory.principals if group.kind is PrincipalKind.GROUP and id(group) not in members]


class Context:
    """Lookups shared by every principal of one inventory."""

    def __init__(self, inventory: Inventory, problems: dict[str, Problem]) -> None:
        self.inventory = inventory
        self.problems = problems
        self.by_ref = {p.name: p for p in inventory.policies} | {p.arn: p for p in inventory.policies if p.arn}
        # An AWS managed policy is in the authorization details of every account that uses it: a principal's
        # is the copy in its own file (one run of the account cites the same statements as a run of many).
        self.in_file = {(p.origin.file, p.arn): p for p in inventory.policies if p.arn}
        # A policy named by its address (its ARN known only after apply): the one where the reference
        # reaches (Origin.ref_scope), as two plans or two root modules may define the same address.
        self.in_scope = {(p.origin.ref_scope, p.name): p for p in inventory.policies}
        groups = {g.id: g for g in inventory.principals if g.kind is PrincipalKind.GROUP}
        self.groups = {g.name: g for g in groups.values() if isinstance(g.name, str)} | groups
        # a group named by its address: the one where the member's reference reaches (Origin.ref_scope)
        self.groups_in_scope = {(g.origin.ref_scope, g.id): g for g in groups.values()}
        self.scps: dict[str | None, tuple[ScpLevel, ...]] = {}
        self.keys: dict[str | None, tuple[str | None, str | None]] = {}   # organization_keys, once per account
        self.placeholders_read: set[int] = set()     # the ids of the policies _said_placeholders has read
        self.not_known_read: set[int] = set()        # and those _said_not_known has read
        # the values known by what they are that name the trails (a parameter a template names a
        # trail by): a statement holding one compares with the trails, as the access analysis does
        self.trail_holes = trail_hole_names(inventory)
        self.plain: set[int] = set()     # the ids of the policies _plain says nothing is to be said of
        self.organization = scp_levels.organization(inventory)
        for key, problem in (*scp_levels.unattached(self.organization), *scp_levels.unresourced(self.organization)):
            problems.setdefault(key, problem)
        for scp in self.organization.scps:
            # an SCP written with a template's placeholders (a Landing Zone Accelerator guardrail's
            # `arn:${PARTITION}:cloudtrail:*:*:trail/${ACCELERATOR_PREFIX}-*`) is said as an identity policy is
            self._said_placeholders(scp.policy)
            self._said_no_arns(scp.policy)

    def group_of(self, member: Principal, group_id: str) -> Principal | None:
        """The group of the inputs ``member`` names ``group_id`` (where the member's reference reaches), or None."""
        return self.groups_in_scope.get((member.origin.ref_scope, group_id)) or self.groups.get(group_id)

    def resolve(self, principal: Principal) -> Effective:
        """A principal's policies: its own and its groups', its boundary, the SCP levels over it."""
        identity: list[Policy] = []
        members: list[Principal] = [principal]
        for group_id in principal.groups:
            group = self.group_of(principal, group_id)
            if group is None:
                self.problems.setdefault(f"group:{group_id}", Problem(
                    f"group {group_id} of {principal.id} is not in the inputs: its permissions are unknown",
                    principal.origin.of("groups"), resource=principal.id, undecided=True))
                identity.append(Policy(name=f"group {group_id}", statements=UNKNOWN, origin=principal.origin))
            else:
                members.append(group)
        for member in members:
            for inline in member.inline_policies:
                if inline.statements is UNKNOWN:   # a Deny or an Allow may hide in it: said, not passed over
                    self.problems.setdefault(f"inline:{inline.origin.file}:{inline.origin.path}", Problem(
                        f"policy {inline.name} of {member.id} is not known offline: its permissions are unknown",
                        inline.origin.at, resource=inline.origin.resource or member.id, undecided=True))
            identity.extend(member.inline_policies)
            identity.extend(self.managed(ref) for ref in member.managed_policies)
        boundary = principal.boundary
        if isinstance(boundary, PolicyRef):
            boundary = self.managed(boundary)
        for policy in (*identity, *((boundary,) if boundary is not None else ())):
            # most policies have nothing to say: one walk over their statements (_plain) spares the three
            if id(policy) in self.plain:
                continue
            if isinstance(policy.statements, tuple) and all(map(_plain, policy.statements)):
                self.plain.add(id(policy))
                continue
            self._said_placeholders(policy)
            self._said_no_arns(policy)
            self._said_not_known(policy)
        account = principal_account(principal, self.inventory)
        return Effective(tuple(identity), boundary, self.scp_levels(principal),
                         request_context(principal, account, self.organization_keys(principal, account)))

    def organization_keys(self, principal: Principal, account: str | None) -> tuple[str | None, str | None]:
        """scp_levels.organization_keys of the principal's account, or of the management account where
        only the deployment that manages the organization declares it."""
        if account is None:
            account = self.managing(principal)
        found = self.keys.get(account)
        if found is None:
            found = self.keys[account] = scp_levels.organization_keys(self.organization, account)
        return found

    def _said_not_known(self, policy: Policy) -> None:
        """One undecided problem per statement of a policy that is not known offline in part (written
        beside a dynamic block, concat'd to a list not known, a Resource or Condition value known only
        after apply) and may act on a trail: what it allows or denies there is open, said once with the
        rules it leaves undecided (a policy not known at all is said where its holder is resolved)."""
        if id(policy) in self.not_known_read or not isinstance(policy.statements, tuple):
            return
        self.not_known_read.add(id(policy))
        for index, statement in enumerate(policy.statements):
            unread = _unread(statement)
            held = not unread and statement.cause is not None and names_any_trail(statement, self.trail_holes)
            if not (unread or held or statement.maybe) or not any(
                    action_applies(statement, action) is not False for action in trail_actions()):
                continue
            # a statement maybe there is said with those tied to it, once (maybe_there)
            told = statement.maybe and not unread and not held
            at = maybe_place(policy, index, statement) if told else \
                statement.origin.at if statement.origin.file else policy.origin.at
            named = statement_of(policy, index, statement)
            if statement.cause is not None and (unread or held):
                # said in the cause's TL002, which lists what it leaves not known
                said = f"what {named} allows or denies on trails" if unread else f"the trails {named} names"
            else:
                said = not_known(policy, index, statement) if unread \
                    else f"{named} names trails by a value not known offline: which trails it covers is not known" \
                    if held else maybe_there(policy, index, statement)
            # where a reader says why (a template parameter without a value), said in that cause's TL002
            # (what is written in a Resource and NotResource of statements maybe there is checked all the same)
            self.problems.setdefault(f"statement:{at.file}:{at.path}", Problem(
                said, at, resource=policy.arn or policy.origin.resource or policy.name, undecided=True,
                cause=statement.cause, resources_known=told and all(
                    resources_known(member) for _, member in tied(policy, index, statement) or [(index, statement)])))

    def _said_placeholders(self, policy: Policy) -> None:
        """One undecided problem per policy whose Resource or NotResource holds a template placeholder left
        unreplaced before the resource part (``arn:${PARTITION}:cloudtrail:...:${Account}:trail/x``): no
        policy variable IAM knows is named without a colon (``aws:username``, ``s3:prefix``), and there
        the pattern's trails are not known (iam.evaluator.substitute)."""
        if id(policy) in self.placeholders_read:    # a policy many principals hold is read once
            return
        self.placeholders_read.add(id(policy))
        if not isinstance(policy.statements, tuple):
            return
        found = placeholders(policy)
        if not found:       # most policies: no key to write (its path is a tuple's repr)
            return
        key = f"placeholder:{policy.origin.file}:{policy.origin.path}:{policy.name}"
        if key not in self.problems:
            self.problems[key] = Problem(
                f"policy {policy.name} holds {', '.join(found)}, no policy variable IAM knows (a template "
                "placeholder left unreplaced?), in the ARN of a Resource: the trails it names are not known",
                policy.origin.at, resource=policy.arn or policy.name, undecided=True)

    def _said_no_arns(self, policy: Policy) -> None:
        """One undecided problem per policy with a Resource or NotResource on trail actions that is
        neither ``*`` nor an ARN (``*:*``, ``cloudtrail:*``): how IAM matches it is not documented
        (iam.evaluator.readings), so the trails it names, and what it allows or denies on them, are not
        known."""
        found = no_arn_resources(policy)
        if not found:
            return
        key = f"no-arn:{policy.origin.file}:{policy.origin.path}:{policy.name}"
        if key not in self.problems:
            self.problems[key] = Problem(
                f"policy {policy.name} names {', '.join(repr(pattern) for pattern in found)} as a resource of "
                "trail actions: neither `*` nor an ARN, which IAM documents no match for, so the trails it "
                "names are not known", policy.origin.at, resource=policy.arn or policy.name, undecided=True)

    def managed(self, ref: PolicyRef) -> Policy:
        """The managed policy ``ref`` names: the copy in the file that names it, else the one its reference
        reaches, else any (_managed)."""
        found = self.in_file.get((ref.origin.file, ref.arn)) or self.in_scope.get((ref.origin.ref_scope, ref.arn)) \
            if isinstance(ref.arn, str) else None
        return found if found is not None else _managed(ref, self.by_ref, self.problems)

    def in_account(self, principal: Principal, effective: Effective, account: str) -> Effective:
        """``effective`` were the principal in ``account``: the SCP levels over that account and what the
        account fixes of its requests (aws:PrincipalAccount, aws:PrincipalOrgID and OrgPaths). How a
        principal of unknown account requests a trail of ``account``: trails have no resource-based
        policies (CloudTrail's are for event data stores, dashboards and channels), so it acts on one
        only if it is in the trail's account.
        https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_service-with-iam.html
        ``effective`` itself where the principal's account is known, or only the organization's
        management deployment declares it (scp_levels): ``account`` changes nothing then.
        ``account`` may be the key of the deployment that manages the organization (its trails of no
        known account are the management account's): no SCP level then, and no account ID to carry."""
        if not self.untied(principal):
            return effective
        known = None if account in self.organization.management and not is_account_id(account) else account
        return Effective(effective.identity, effective.boundary, self.scp_levels(principal, account),
                         request_context(principal, known, self.organization_keys(principal, account)))

    def untied(self, principal: Principal) -> bool:
        """Whether the inputs leave the principal's account unknown, for its SCP levels and the keys its
        account fixes: no principal_account, and not declared by the organization's management deployment."""
        return principal_account(principal, self.inventory) is None and self.managing(principal) is None

    def managing(self, principal: Principal) -> str | None:
        """The key of the deployment that manages the organization (scp_levels.Organization.management),
        where it declares the principal and the principal names no account of its own: the principal is
        in the management account, whichever account that is. None otherwise."""
        key = principal.deployment.key if principal.deployment else None
        return key if principal.account is None and key in self.organization.management else None

    def scp_levels(self, principal: Principal, account: str | None = None) -> tuple[ScpLevel, ...]:
        """The SCP levels over the principal: over its account (principal_account), else over ``account``."""
        # SCPs do not apply to service-linked roles:
        # https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
        if principal.service_linked:
            return ()
        # unknown: which levels are on its path is not known (scp_levels.levels of None)
        # declared by the deployment that manages the organization: in the management account,
        # which SCPs do not restrict, whichever account that is
        account = self.managing(principal) or principal_account(principal, self.inventory) or account
        if account not in self.scps:
            self.scps[account] = scp_levels.levels(self.organization, account)
        return self.scps[account]


def principal_account(principal: Principal, inventory: Inventory) -> str | None:
    """The principal's account as the inputs tie it: its own (an ARN, the account its input names),
    else its deployment's (Inventory.deployment_accounts), else the run's given account (--account,
    config `account`); never an account only inferred from other inputs (Inventory.account_inferred):
    a template may be deployed in any account. None: not known."""
    if principal.account:
        return principal.account
    tied = inventory.deployment_accounts.get(principal.deployment.key) if principal.deployment else None
    return tied or inventory.given_account



# What a principal's account fixes of its requests (the global condition keys page): its account
# ID, and the organization it is in with its path there.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
ACCOUNT_KEYS = ("aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths")


def account_decides(effective: Effective) -> bool:
    """Whether a principal's account, were it known, could settle what its policies decide: an SCP level
    that may or may not be on its account's path, or a condition on (or a variable of) a key its
    account fixes (ACCOUNT_KEYS)."""
    if any(level.applies is not True for level in effective.scps):
        return True
    policies = (*effective.identity, *((effective.boundary,) if effective.boundary else ()),
                *(policy for level in effective.scps for policy in level.policies))
    return any(_names_account(statement) for policy in policies if isinstance(policy.statements, tuple)
               for statement in policy.statements)


def _names_account(statement: Statement) -> bool:
    conditions = statement.conditions
    if not isinstance(conditions, tuple):
        return False
    return any(condition.key.strip().lower() in ACCOUNT_KEYS or any(
        isinstance(value, str) and any(f"${{{key}" in value.lower() for key in ACCOUNT_KEYS)
        for value in condition.values) for condition in conditions)

# The requests evaluated with a principal's context (the trail actions of the access analysis,
# iam.access.TRAIL_ACTIONS and GLOBAL_ACTIONS, and the CloudWatch Logs role's CreateLogStream and
# PutLogEvents of TL215) carry no request tags: the Service Authorization Reference lists neither
# aws:RequestTag/${TagKey} nor aws:TagKeys for those CloudTrail actions (only actions that create or
# tag resources have them; tests/test_request_tags.py checks the shipped table), and CreateLogStream
# and PutLogEvents take no tags at all. A key absent from the request decides a condition: a Deny
# of StopLogging "unless aws:RequestTag/approved is yes" always applies.
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html
# https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
# https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
NO_REQUEST_TAGS = ("aws:requesttag/", "aws:tagkeys")
# Every principal the inputs model (an IAM user, a role's sessions, the root user, a group's members;
# a policy document is attached to one of them) is an IAM principal, not an AWS service principal:
# aws:PrincipalIsAWSService is "false" in its signed requests, and aws:PrincipalServiceName (with
# aws:PrincipalServiceNamesList) "is not present ... if the call is made by an IAM principal".
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalservicename
IAM_PRINCIPAL = (("aws:principalisawsservice", "false"),)
NOT_A_SERVICE = ("aws:principalservicename",)


def _request_keys(key: str) -> str | None | Unknown:
    """What every request for a trail action carries of a key: never a request tag (the cloudtrail:
    keys, which CloudTrail does not have, conditions.py knows absent); what every IAM principal's
    carries (IAM_PRINCIPAL, NOT_A_SERVICE: the requests an identity policy, a permissions boundary or
    an SCP governs are all of IAM principals); anything else is request context or the principal's,
    not known without the principal."""
    if key.startswith(NO_REQUEST_TAGS + NOT_A_SERVICE):
        return None
    return next((value for name, value in IAM_PRINCIPAL if name == key), UNKNOWN)


def on_every_request(statement: Statement) -> Tri:
    """Whether the statement's conditions hold on every request for a trail action, whoever makes it:
    True with no condition or one a key absent from all of them decides (StringNotEquals on
    aws:RequestTag/approved), False when one needs such a key (StringLike on cloudtrail:trailarn),
    else UNKNOWN."""
    if statement.conditions == ():
        return True
    return conditions_hold(statement.conditions, _request_keys)


def on_requests_meeting(statement: Statement) -> str | None:
    """The conditions on the request's own keys (iam.requests) that a request meets, said, where the
    statement's other conditions hold on every request for a trail action, whoever makes it (as
    on_every_request) and a request is found that meets those; else None. A time is not read (a
    window counts from now on, which only the access analysis reads)."""
    block = request_conditions(statement.conditions)
    if not block or not isinstance(statement.conditions, tuple):
        return None
    rest = tuple(condition for condition in statement.conditions if condition not in block)
    if conditions_hold(rest, _request_keys) is not True:
        return None
    found = requests([statement], None)
    return found[0].said if found else None


def carried_by_no_request(key: str) -> bool:
    """Whether no request for a trail action carries the condition key (else its value is what fails)."""
    return service_key_absent(key) or _request_keys(key.strip().lower()) is None


def never_met(statement: Statement) -> tuple[str, ...]:
    """The condition keys of the statement that no request for a trail action meets, as documented
    (conditions.documented_key)."""
    if not isinstance(statement.conditions, tuple):
        return ()
    return tuple(sorted({documented_key(condition.key) for condition in statement.conditions
                         if condition_holds(condition, _request_keys) is False}))

def request_context(principal: Principal, account: str | None,
                    organization: tuple[str | None, str | None] = (None, None)) -> RequestContext:
    """The policy variables a principal's own requests fix, and those they never carry.

    An IAM user's name, unique id and tags; the root user's account ID as its ``aws:userid``; a role's requests carry no ``aws:username`` and the
    role's tags, each present but of a value a session tag may override (Present), and tags from the
    session, which the inputs do not show, and ``aws:userid`` is the role's unique id,
    when the inputs give it, then a colon and the session's name (SessionUserId). A group row stands
    for any of its members: users of the group's account, whose aws:PrincipalArn is a user ARN of
    that account, path and name their own (MemberUserArn). A template's or a Terraform configuration's
    user or role has no ARN in the input, but its aws:PrincipalArn follows from its account
    (``account``), partition, path and name.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype

    ``organization``: its aws:PrincipalOrgID and the one path of its aws:PrincipalOrgPaths, where
    the inputs hold them (scp_levels.organization_keys); None: request context, not known offline.
    """
    values: list[tuple[str, str | SessionUserId | ValueSet | MemberUserArn | Present | None]] = [*IAM_PRINCIPAL]
    absent: tuple[str, ...] = ()
    if account is not None:
        values.append(("aws:principalaccount", account))
    identifier, path = organization
    if identifier is not None:
        values.append(("aws:principalorgid", identifier))
    if path is not None:
        values.append(("aws:principalorgpaths", ValueSet((path,))))
    arn = principal.id if principal.id.startswith("arn:") else None
    if arn is None and account is not None and principal.partition and principal.path \
            and isinstance(principal.name, str) and principal.kind in (PrincipalKind.USER, PrincipalKind.ROLE):
        # a template's or configuration's user or role: its ARN follows from its account, partition, path, name
        arn = principal_arn(principal.partition, account, principal.kind.value, principal.path, principal.name)
    if principal.kind is PrincipalKind.USER:
        values.append(("aws:principaltype", "User"))
        if isinstance(principal.name, str):
            values.append(("aws:username", principal.name))
        if principal.unique_id:
            values.append(("aws:userid", principal.unique_id))
        if arn:
            values.append(("aws:principalarn", arn))
        absent = FEDERATION_KEYS
        if isinstance(principal.tags, tuple):
            values.extend((f"aws:principaltag/{key.lower()}", value) for key, value in principal.tags)
            absent += ("aws:principaltag/",)
    elif principal.kind is PrincipalKind.ROLE:
        values += [("aws:principaltype", "AssumedRole"), ("aws:username", None)]
        if principal.unique_id:
            values.append(("aws:userid", SessionUserId(principal.unique_id)))
        if arn:
            values.append(("aws:principalarn", arn))
        if isinstance(principal.tags, tuple) and not session_tags_refused(principal):
            # a session tag may override a role tag's value, never take its key away
            values.extend((f"aws:principaltag/{key.lower()}", PRESENT) for key, _ in principal.tags)
        elif isinstance(principal.tags, tuple):
            # no session of the role carries a tag: its principal tags are the role's own
            values.extend((f"aws:principaltag/{key.lower()}", value) for key, value in principal.tags)
            absent += ("aws:principaltag/",)
    elif principal.kind is PrincipalKind.GROUP:
        values.append(("aws:principaltype", "User"))
        fields = arn_fields(principal.id)
        if fields and fields[2] == "iam" and fields[4] and fields[5].startswith("group/"):
            # a member: a user of the group's account, whose path and name are its own
            values.append(("aws:principalarn", MemberUserArn(fields[1], fields[4])))
        absent = FEDERATION_KEYS
    elif principal.kind is PrincipalKind.ROOT:
        # the root user: principal type Account, its aws:userid the account ID, no user name, no tags
        values += [("aws:principaltype", "Account"), ("aws:username", None)]
        if account is not None:
            values.append(("aws:userid", account))
        if arn:
            values.append(("aws:principalarn", arn))
        absent = (*FEDERATION_KEYS, "aws:principaltag/")
    return RequestContext(tuple(values), absent + NOT_A_SERVICE + NO_REQUEST_TAGS)



def session_tags_refused(principal: Principal) -> bool:
    """Whether no session of the role can carry a session tag: its trust policy, given in the inputs,
    allows no sts:TagSession ("For roles without this permission in the trust policy, the AssumeRole
    operation fails", of a request passing session tags, transitive ones included).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html"""
    trust = trust_policy(principal)
    if trust is None or not isinstance(trust.statements, tuple):
        return False
    return all(statement.effect != "Allow" and statement.effect is not UNKNOWN
               or action_applies(statement, TAG_SESSION) is False for statement in trust.statements)


# The action a role's trust policy allows for a session to carry tags.
TAG_SESSION = "sts:TagSession"


def no_arn_resources(policy: Policy) -> tuple[str, ...]:
    """The Resource and NotResource patterns, once each, that are neither ``*`` nor an ARN (nor begin
    with a policy variable, which may be a whole ARN), of the statements whose Action may cover an
    action on a trail (actions.trail_actions)."""
    found: dict[str, None] = {}
    for statement in policy.statements if isinstance(policy.statements, tuple) else ():
        patterns = [pattern for field in (statement.resources, statement.not_resources) if isinstance(field, tuple)
                    for pattern in field if isinstance(pattern, str) and readings(pattern)[2]]
        if patterns and any(action_applies(statement, action) is not False for action in trail_actions()):
            found.update(dict.fromkeys(patterns))
    return tuple(found)


def placeholders(policy: Policy) -> tuple[str, ...]:
    """The ``${NAME}`` placeholders (no colon: no context key) before the resource part of the policy's
    Resource and NotResource ARNs, once each, in order.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html"""
    found: dict[str, None] = {}
    for statement in policy.statements if isinstance(policy.statements, tuple) else ():
        for patterns, negated in ((statement.resources, False), (statement.not_resources, True)):
            for pattern in patterns if isinstance(patterns, tuple) else ():
                if not isinstance(pattern, str) or "${" not in pattern or not _may_name_a_trail(pattern):
                    continue
                holes = statement.holes     # (looked at only here: most statements hold no "${")
                if holes and (holes.not_resources if negated else holes.resources):
                    break   # a template's own values (`!Sub` variables), known at deployment: its reader's
                for match in VARIABLE.finditer(pattern):
                    name = match.group(1)
                    if ":" not in name and name not in ESCAPES and pattern.count(":", 0, match.start()) < 5:
                        found.setdefault(match.group(0))
    return tuple(found)


def maybe_there(policy: Policy, index: int, statement: Statement) -> str:
    """What a check of a statement that may not be there (Statement.maybe) leaves open, as the access
    analysis and the rules reading statements say it (one TL002 naming them all): of the statements
    made over the same collection, which are there together (tied), once for all of them."""
    group = tied(policy, index, statement)
    if len(group) > 1:
        effects = {member.effect for _, member in group}
        does = "allow" if effects == {"Allow"} else "deny" if effects == {"Deny"} else \
            "allow and deny" if effects == {"Allow", "Deny"} else "allow or deny"
        names = [statement_name(member.sid, number) for number, member in group]
        return (f"{', '.join(names[:-1])} and {names[-1]} of policy {policy.name} are made by dynamic blocks over one "
                "for_each not known offline, as many times each, maybe none: what they "
                f"{does} on trails may or may not be so")
    does = "allows" if statement.effect == "Allow" else "denies" if statement.effect == "Deny" else "allows or denies"
    return (f"{statement_of(policy, index, statement)} is made by a dynamic block over a for_each not known "
            f"offline, any number of times, maybe none: what it {does} on trails may or may not be so")


def maybe_place(policy: Policy, index: int, statement: Statement) -> At:
    """Where maybe_there is said: at the first of the statements tied to this one (at itself if none)."""
    group = tied(policy, index, statement)
    first = group[0][1] if group else statement
    return first.origin.at if first.origin.file else policy.origin.at


def not_known(policy: Policy, index: int, statement: Statement) -> str:
    """What a check of a statement with an element not known offline (its Effect, Action, or a Resource
    without holes) leaves open, as the access analysis says it."""
    return f"{statement_of(policy, index, statement)} is not known offline: what it allows or denies on trails is unknown"


def maybe_said(policy: Policy, index: int, statement: Statement) -> tuple[str, At]:
    """What a rule reading statements says of one that may not be there, and where, in the access
    analysis's words (so that one TL002 names them all): maybe_there at maybe_place, or for one with an
    element not known offline, not_known at its own place."""
    if _unread(statement):
        return not_known(policy, index, statement), \
            statement.origin.at if statement.origin.file else policy.origin.at
    return maybe_there(policy, index, statement), maybe_place(policy, index, statement)


def resources_known(statement: Statement) -> bool:
    """Whether the statement's Resource and NotResource are known in full (every pattern written)."""
    return all(isinstance(patterns, tuple) and all(isinstance(pattern, str) for pattern in patterns)
               for patterns in (statement.resources, statement.not_resources) if patterns is not None)


def tied(policy: Policy, index: int, statement: Statement) -> list[tuple[int, Statement]]:
    """The statements of the policy made over the same collection as this one (Statement.made_over),
    with their indexes, that may act on a trail (this one always among them), as messages say them
    together: [] where it is untied. One with a part not known offline is said on its own (what it
    leaves open is more than whether it is there), and is in no other's."""
    if statement.made_over is None or not isinstance(policy.statements, tuple) or not_known_offline(statement):
        return []
    return [(number, member) for number, member in enumerate(policy.statements)
            if number == index or member.made_over == statement.made_over and not not_known_offline(member) and any(
                action_applies(member, action) is not False for action in trail_actions())]


def _plain(statement: Statement) -> bool:
    """Whether the statement gives _said_placeholders, _said_no_arns and _said_not_known nothing to say:
    it is known offline (not_known_offline), there once (not Statement.maybe), holds no value known by
    what it is (Statement.holes), and each of its Resource and NotResource patterns is ``*`` or an ARN
    (readings) without a ``${`` (placeholders)."""
    if statement.maybe or statement.holes is not None or not_known_offline(statement):
        return False
    for patterns in (statement.resources, statement.not_resources):
        if isinstance(patterns, tuple):
            for pattern in patterns:
                if not isinstance(pattern, str) or "${" in pattern or \
                        pattern != ANY_RESOURCE and not pattern.startswith("arn:"):
                    return False
    return True


def _unread(statement: Statement) -> bool:
    """Whether an element of the statement is not known offline beyond what the evaluator reads around
    (the holes of a Resource or Condition it compares, Statement.holes): its Effect or Action, or a
    Resource or Condition element not known at all (a statement written beside a dynamic block)."""
    if not not_known_offline(statement):
        return False
    holes = statement.holes
    return isinstance(statement.effect, Unknown) or isinstance(statement.actions, Unknown) \
        or isinstance(statement.not_actions, Unknown) \
        or (isinstance(statement.resources, Unknown) and (holes is None or holes.resources is None)) \
        or (isinstance(statement.not_resources, Unknown) and (holes is None or holes.not_resources is None)) \
        or (isinstance(statement.conditions, Unknown) and (holes is None or holes.conditions is None))


def trail_hole_names(inventory: Inventory) -> set[str]:
    """The names of the values known by what they are that the trails' own values hold (a parameter a
    template names a trail by): a policy's Resource holding one compares with those trails."""
    return {part.name for trail in inventory.trails for text in trail.holes.values()
            for part in text if isinstance(part, Hole) and part.name}


def names_any_trail(statement: Statement, trail_holes: Container[str] = ()) -> bool:
    """Whether the statement's Resource or NotResource holds a value that may be any text (a template
    parameter without a value) that names no trail where a trail's ARN may be named: the trails it
    covers are not known."""
    holes = statement.holes
    for held in (holes.resources, holes.not_resources) if holes is not None else ():
        for text in held or ():
            if any(isinstance(part, Hole) and part.anything and part.name not in trail_holes for part in text) \
                    and _may_name_a_trail(
                    "".join(part if isinstance(part, str) else "*" for part in text)):
                return True
    return False


def _may_name_a_trail(pattern: str) -> bool:
    """Whether the ARN's service may be CloudTrail (written so, or with a wildcard or a placeholder
    there), and its resource part a trail's: one written out (no wildcard or placeholder) that is no
    ``trail/NAME`` of a name's characters names no trail whatever the placeholders before it hold
    (``trail/[CLOUDTRAIL_NAME]``, a sample's token left unreplaced), as the evaluator decides it."""
    parts = pattern.split(":", 5)
    if len(parts) >= 3 and parts[2] != "cloudtrail" and not any(char in parts[2] for char in "*?$"):
        return False
    resource = parts[5] if len(parts) == 6 else None
    return resource is None or any(char in resource for char in "*?$") or _TRAIL_RESOURCE.fullmatch(resource) is not None


# a trail's resource part: trail/ and a name of the characters CloudTrail allows in one
# (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html)
_TRAIL_RESOURCE = re.compile(r"trail/[A-Za-z0-9._-]+")


def resolve(inventory: Inventory, principal: Principal, problems: dict[str, Problem]) -> Effective:
    """A principal's effective policies (unknown groups and policies are added to ``problems``)."""
    return Context(inventory, problems).resolve(principal)


def _managed(ref: PolicyRef, by_ref: dict[str, Policy], problems: dict[str, Problem]) -> Policy:
    if isinstance(ref.arn, str):
        found = by_ref.get(ref.arn)   # the inputs' policies, and the shipped AWS managed ones they name
        if found is not None:
            return found
    if isinstance(ref.arn, str):
        name = ref.arn
        copied = shipped_in_aws_only(name)
        message = (f"managed policy {name} is not in the inputs, and trail-lint ships only the aws partition's "
                   f"{copied} (that of {name.split(':')[1]} may differ): its permissions are unknown"
                   if copied else f"managed policy {name} is not in the inputs or the shipped AWS managed policies: "
                   "its permissions are unknown")
        key = f"policy:{name}"
    elif ref.cause is not None:
        # grouped by its cause into one TL002 (trail_lint.unknowns), which names the attachment
        name = "<unknown policy>"
        message = f"{_attachment(ref)} is not known before deployment"
        key = f"policy:unknown:{ref.origin.file}:{ref.origin.path}"
    else:
        name = "<unknown policy>"
        message = ("a managed policy ARN is only known at deployment: the permissions it attaches are unknown")
        key = f"policy:unknown:{ref.origin.file}:{ref.origin.path}"
    problems.setdefault(key, Problem(message, ref.origin.at, resource=ref.origin.resource or name, cause=ref.cause,
                                     undecided=True))
    return Policy(name=name, statements=UNKNOWN, arn=ref.arn if isinstance(ref.arn, str) else None,
                  origin=ref.origin)


def shipped_in_aws_only(arn: str) -> str | None:
    """The name of the AWS managed policy an ARN of another partition names
    (``arn:aws-us-gov:iam::aws:policy/AWSCloudTrail_FullAccess``, ``arn:aws-cn:...``) when trail-lint ships
    the ``aws`` partition's copy of it only; None otherwise. That copy is never used for it: AWS managed
    policies are published per partition, and nothing says their documents are the same."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[1] == "aws" or parts[2:5] != ["iam", "", "aws"]:
        return None
    entry = shipped_policies().get(":".join(("arn", "aws", *parts[2:])))
    return str(entry["name"]) if entry is not None else None


def _attachment(ref: PolicyRef) -> str:
    """The attachment as its input writes it: ``ManagedPolicyArns[0] of Role``."""
    path = ref.origin.path
    where = f"{path[-2]}[{path[-1]}]" if len(path) > 1 and isinstance(path[-1], int) else str(path[-1]) \
        if path else "a managed policy ARN"
    return f"{where} of {ref.origin.resource}" if ref.origin.resource else where
