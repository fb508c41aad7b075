"""A Deny that protects trails misses some of them, or is conditional.

## Why it matters
A Deny on `StopLogging`, `DeleteTrail`, `UpdateTrail` or `PutEventSelectors` (often in an
SCP) is what keeps trails running when an admin role is compromised. If its `Resource`
misses a trail (another Region, a name pattern that does not match, different letter case)
or a `Condition` lets the request through, that trail is not protected. A Deny with a
`Condition` is reported as protecting nothing for certain: most conditions are request context
that cannot be known offline, and one on the principal (`aws:PrincipalArn`) exempts someone;
`trail-lint access` shows whom such a Deny restricts. A condition on the Region alone
(`aws:RequestedRegion`) is decided trail by trail: CloudTrail performs these actions only when
called in a trail's home Region (`InvalidHomeRegionException` otherwise), so "deny StopLogging where
`aws:RequestedRegion` is not `eu-west-1`" protects the trails homed outside `eu-west-1` and misses
those homed in it (a trail whose Region the inputs do not say is not said to be missed). So is a
condition on the trail's tags (`aws:ResourceTag/<key>`) or its account (`aws:ResourceAccount`) where
the inputs hold them (a plan's or state's `tags_all`): "deny StopLogging on trails tagged team=prod"
misses the trails tagged otherwise. Where the inputs settle the condition for no trail the Deny names
(no Region, no tags known), the Deny is said to be conditional.
A condition that the requests for these actions decide alone is read as they decide it: one that
needs a key none of them carries never holds, and the Deny then protects no trail for certain
(`"StringLike": {"cloudtrail:trailarn": ...}`: CloudTrail has no service-specific condition keys,
and the Service Authorization Reference lists no `aws:RequestTag/${TagKey}` or `aws:TagKeys` for
these actions); one that holds whenever the key is missing (`"StringNotEquals":
{"aws:RequestTag/approved": "yes"}`) always holds, and the Deny is read as unconditional. So
does an exemption of AWS service principals (`"BoolIfExists": {"aws:PrincipalIsAWSService": "false"}`,
the data perimeter's): the requests a Deny of an identity policy, a permissions boundary or an SCP
governs are all made by IAM principals, whose `aws:PrincipalIsAWSService` is `false`. The
message says what the conditions leave out where they say it themselves: the principals an
`ArnNotLike`/`StringNotLike` (or `...NotEquals`) on `aws:PrincipalArn` exempts, those an
`ArnLike`/`StringLike` (or `...Equals`) on it confines the Deny to (a Deny aimed at the root user,
`arn:aws:iam::*:root`, protects nothing from any other principal), and the tag a
`StringEquals`/`StringLike` on `aws:ResourceTag/<key>` (trails so tagged) or
`aws:PrincipalTag/<key>` (principals so tagged) confines it to. A `StringNotEquals` on
`aws:PrincipalArn` whose values no principal's ARN can be (`arn:aws:iam::*:role/admin`: StringEquals
compares text, the `*` is no wildcard there, and a principal's ARN holds its twelve-digit account ID)
exempts nobody, and the Deny is read as unconditional. An SCP
also protects nothing in the management account (a trail of the template or root module that
creates the organization included, where no input names another account for it), nor outside the
root, OUs and accounts it is attached to: `trail-lint access` shows who it restricts.
The root user of a member account is a principal like any other here: an SCP Deny restricts it (it
is the only policy that can), and a condition that exempts it (`ArnNotLike` on `aws:PrincipalArn`
with `arn:aws:iam::*:root`, `StringNotEquals` on `aws:PrincipalType` with `Account`) makes the Deny
conditional, as any condition does (the first is said to exempt the root user's ARN), and `trail-lint
access` shows the root user allowed where the Deny leaves it out; a Deny in an identity policy or permissions boundary never
reaches it, since none can be attached to it, and is compared only with the trails of the principals
that hold it. The management account's root user, which no SCP reaches, is not a gap of a
statement: `trail-lint access` shows its row allowed. A statement is compared only with the
trails it governs: those its policy's principals can act on (trails have no resource-based
policies, so an identity policy in one account never reaches another account's trails; a
policy of a principal whose account no input ties, a template's role, governs every trail, since
that principal may be in any of their accounts), and for an SCP those of the accounts it restricts. A trail that another unconditional Deny of the same
policy names for the same actions is not missed (a policy written as one statement per trail), and a
conditional Deny is said only of the actions that no unconditional Deny of the same policy denies on
every trail it names (`"Action": "*"` for the root user beside a Deny on `StopLogging` says nothing
of `StopLogging`).
The trails a statement misses are said once per account ("all N trails of account A" when it
misses every one it governs there).

## Fix
Terraform: widen the Deny statement's `resources` (e.g. `arn:aws:cloudtrail:*:ACCOUNT:trail/*`
or the list of trail ARNs) in the `aws_organizations_policy` or `aws_iam_policy`; keep
conditions to exceptions for the trail-admin role (`aws:PrincipalArn`).
CloudFormation: the same change in the `AWS::Organizations::Policy` or
`AWS::IAM::ManagedPolicy` document.
CLI: `aws organizations update-policy --content file://scp.json`.

## References
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_id-based-policy-examples.html
- https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html
"""
from collections.abc import Iterator
from functools import reduce
from operator import and_

from trail_lint.iam import scp_levels
from trail_lint.iam.access import (
    TAMPER_ACTIONS,
    AccessReport,
    administered,
    guardrail_statements,
    management_trails,
    owned,
    reachable,
    trail_list,
)
from trail_lint.iam.actions import home_region_only
from trail_lint.iam.conditions import grammar_spelling, names_requested_region, resource_conditions
from trail_lint.iam.masks import ActionMasks, MaskEvaluator, positions
from trail_lint.iam.resolve import carried_by_no_request, maybe_said, never_met, on_every_request
from trail_lint.model import Condition, Policy, Problem, Statement, Unknown, statement_of
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import account_from_arn


def check(report: AccessReport) -> Iterator[Problem]:
    if not report.trails:
        return
    # Bit masks: each distinct Action and Resource pattern is matched once, not per statement × trail.
    tamper = ActionMasks(TAMPER_ACTIONS)
    on_trails = MaskEvaluator(report.resources, index=report.indexed(), on=report.contexts or None)
    governed = _Governed(report)
    statements = list(guardrail_statements(report.inventory))
    denied = _denied_by_policy(statements, tamper, on_trails)
    trail_labels = [trail.label for trail in report.trails]     # by bit: a Deny's findings can name hundreds
    for policy, index, statement in statements:
        # A Deny with NotAction (e.g. "deny everything but iam:* without MFA") is not a trail guardrail.
        if statement.effect != "Deny" or statement.not_actions is not None:
            continue
        covered, _ = tamper.masks(statement)
        if not covered:
            continue
        if statement.maybe:
            # a guardrail that may be there or not: said with the access rules it leaves open
            said, at = maybe_said(policy, index, statement)
            yield Problem(said, at=at, resource=policy.arn or policy.name, subject=f"deny-gap:{policy.name}:{index}",
                          undecided=True)
            continue
        mine = denied.get(id(policy), {})   # what the policy's unconditional Denies name, per action
        true, unknown = on_trails.resource_masks(statement)
        where, named = "resources", 0
        scope = governed.trails(policy)
        holds = on_every_request(statement)
        if holds is not True and (named_here := scope & (true | unknown)):
            # an action another unconditional Deny of the policy denies on every trail this one names
            # is protected whatever this one's conditions: only the others are said
            covered = sum(1 << bit for bit in tamper.positions(covered) if named_here & ~mine.get(bit, 0))
            if not covered:
                continue
        actions = [a.split(":")[1] for bit, a in enumerate(TAMPER_ACTIONS) if covered >> bit & 1]
        name = f"deny {statement_of(policy, index, statement)} on {', '.join(actions)}"
        resource, subject = policy.arn or policy.name, f"deny-gap:{policy.name}:{index}"
        elsewhere = reduce(and_, (mine.get(bit, 0) for bit in tamper.positions(covered)))
        if holds is False:
            failing = never_met(statement)
            why = "no request for these actions carries that key" if all(map(carried_by_no_request, failing)) \
                else "every request for these actions is an IAM principal's, whose value it is not"
            yield Problem(f"{name} never applies: its condition on {', '.join(failing)} cannot hold, as {why}: "
                          "it protects no trail", at=statement.origin.of("conditions"), resource=resource,
                          subject=subject)
            continue
        if holds is not True:
            # Conditions on keys the trail fixes alone (its tags, its account, and, every tamper action
            # being performed only in a trail's home Region, its Region) hold on a trail or not by what
            # the inputs say of it, and may hold where they do not say. Where they settle it for no
            # trail the statement names (no Region, tags not held in full), or the conditions are on
            # other keys, the Deny is conditional.
            named = true | unknown
            on_trail = may_hold = 0
            on_the_trail = _on_the_trail_only(statement, actions)
            if on_the_trail:
                on_trail, may_hold = on_trails.condition_masks(resource_conditions(statement))
            if not on_the_trail or named and not named & (on_trail | ~may_hold):
                yield Problem(f"{name} is conditional: it {_conditional(statement.conditions)}",
                              at=statement.origin.of("conditions"), resource=resource, subject=subject)
                continue
            true, unknown = true & on_trail, named & (on_trail | may_hold) & ~(true & on_trail)
            where = "conditions"
        # Only the trails the statement governs can be missed by it; a trail another unconditional Deny
        # of the same policy names for these actions (one statement per trail) is not missed.
        missed = scope & ~(true | unknown | elsewhere)
        if where == "conditions" and missed & ~named:
            where = "resources"         # some trail its Resource does not name: said where that is
        for account, own in governed.owners(missed):
            # One finding per account: what it says of an account's trails is the same whichever other
            # accounts' trails a run holds (a snapshot linted per account and merged).
            labels = [trail_labels[bit] for bit in positions(missed & own)]
            if labels:
                whose = f" of account {account}" if account else ""
                listed = trail_list(labels, (scope & own).bit_count(), whose)
                # "all N trails of account A", else the trails named one by one, then their account
                listed += "" if listed.endswith(whose) else whose
                yield Problem(f"{name} does not cover {listed}",
                              at=statement.origin.of(where), resource=resource, account=account,
                              subject=f"{subject}:{account}" if account else subject)


def _on_the_trail_only(statement: Statement, actions: list[str]) -> bool:
    """Whether every condition of the statement is on a key the trail fixes (resource_conditions: its
    tags, its account, and aws:RequestedRegion, which it fixes for actions all performed only in its
    home Region): then it is decided trail by trail."""
    conditions = resource_conditions(statement)
    return conditions == statement.conditions and (
        not names_requested_region(conditions) or all(home_region_only(f"cloudtrail:{action}") for action in actions))


# The operators by which a Deny exempts the principals it names (aws:PrincipalArn is in every request:
# ...IfExists changes nothing), those by which it applies to them only (a Deny aimed at the root
# user: "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}), and those by which it applies to
# what carries a tag's value.
_EXEMPTING = frozenset({"ArnNotLike", "ArnNotEquals", "StringNotLike", "StringNotEquals"})
_CONFINING = frozenset({"ArnLike", "ArnEquals", "StringLike", "StringEquals"})
_TAGGED = frozenset({"StringEquals", "StringLike", "StringEqualsIgnoreCase"})
_TAGS = {"aws:resourcetag/": "trails", "aws:principaltag/": "principals"}


def _conditional(conditions: tuple[Condition, ...] | Unknown) -> str:
    """What a conditional Deny leaves unprotected, in the message's words: the principals it exempts
    (``ArnNotLike aws:PrincipalArn``) or applies to only (``ArnLike aws:PrincipalArn``), the trails or
    principals it applies to by a tag; where another condition (request context) holds it, that it
    protects no trail for certain."""
    said = [_scope(condition) for condition in conditions] if isinstance(conditions, tuple) else [None]
    if not said or None in said:
        return "cannot be relied on to protect any trail"
    return ", and ".join(part for part in said if part)


def _scope(condition: Condition) -> str | None:
    values = [value for value in condition.values if isinstance(value, str)]
    if not values or len(values) != len(condition.values):
        return None
    operator = grammar_spelling(condition.operator)
    key = condition.key.strip()
    if key.lower() == "aws:principalarn" and operator is not None:
        matching = f"principals matching {' or '.join(repr(value) for value in values)}"
        if operator.removesuffix("IfExists") in _EXEMPTING:
            return f"exempts {matching}"
        if operator.removesuffix("IfExists") in _CONFINING:
            return f"applies only to {matching}"
    for prefix, what in _TAGS.items():
        if key.lower().startswith(prefix) and operator in _TAGGED and len(key) > len(prefix):
            tag = key[len(prefix):]
            return f"applies only to {what} tagged {' or '.join(f'{tag}={value}' for value in values)}"
    return None


def _denied_by_policy(statements: list[tuple[Policy, int, Statement]], tamper: ActionMasks,
                      on_trails: MaskEvaluator) -> dict[int, dict[int, int]]:
    """Per policy, per tamper action (its bit), the trails an unconditional Deny of the policy may name
    (as for the statement itself, a Resource not known offline is not said to miss a trail); a policy
    without such a Deny is not a key."""
    denied: dict[int, dict[int, int]] = {}
    for policy, _, statement in statements:
        if statement.effect != "Deny" or statement.not_actions is not None or on_every_request(statement) is not True \
                or statement.maybe:
            continue
        covered, _ = tamper.masks(statement)
        true, unknown = on_trails.resource_masks(statement)
        mine = denied.setdefault(id(policy), {})
        for bit in tamper.positions(covered):
            mine[bit] = mine.get(bit, 0) | true | unknown
    return denied


class _Governed:
    """The trails a policy's statements govern, as a mask over the report's trails.

    An identity policy (or boundary) governs the principals it is attached to, which act only
    on the trails of their rows' views (access.reachable: those of their own account and of
    unknown account; every trail for a principal whose account the inputs do not tie); a policy
    attached to no principal of the inputs, those of the account in its ARN, else every trail.
    An SCP governs the trails of the accounts it restricts (scp_levels.levels: none in the
    management account, nor the trails of the deployment managing the organization that are of no
    known account: access.management_trails; every trail when its attachment is unknown).
    """

    def __init__(self, report: AccessReport) -> None:
        self.owned = owned(report.trails, report.inventory.given_account)
        self.delegated = administered(report.trails, report.inventory)
        self.count = len(report.trails)
        # each account's trails as one mask, and whose each trail is, in the order of `owned`
        self.masks = {account: sum(1 << bit for bit in bits) for account, bits in self.owned.items()}
        self.rank = {account: rank for rank, account in enumerate(self.owned)}
        self.owner: list[str | None] = [None] * self.count
        for account, bits in self.owned.items():
            for bit in bits:
                self.owner[bit] = account
        self.by_account: dict[str | None, int] = {}
        # the trails the principals holding each policy act on: their rows' views (access.reachable)
        self.held: dict[int, int] = {}
        views: dict[int, int] = {}
        for row in (*report.rows, *report.groups):
            if row.effective is not None:
                view = views.get(id(row.view))
                if view is None:
                    view = views[id(row.view)] = sum(1 << bit for bit in row.view.bits)
                for policy in (*row.effective.identity, row.effective.boundary):
                    self.held[id(policy)] = self.held.get(id(policy), 0) | view
        self.scps: dict[int, int] = {}
        if report.inventory.scps:
            organization = scp_levels.organization(report.inventory)
            # the trails of no known account that the deployment managing the organization declares are
            # the management account's, which no SCP restricts
            managed = sum(1 << bit for bit in management_trails(report.trails, organization.management))
            for owner, trails in self.masks.items():
                for level in scp_levels.levels(organization, owner) if trails & ~managed else ():
                    for policy in level.policies:
                        self.scps[id(policy)] = self.scps.get(id(policy), 0) | trails & ~managed
            for scp in report.inventory.scps:
                self.scps.setdefault(id(scp.policy), 0)

    def owners(self, mask: int) -> list[tuple[str | None, int]]:
        """The accounts that own a trail of ``mask``, each with the mask of its trails, in the order
        of `owned`: linear in the accounts the mask reaches, not in its trails or the accounts of the run."""
        found = []
        while mask:
            account = self.owner[(mask & -mask).bit_length() - 1]     # the owner of its lowest trail
            found.append(account)
            mask &= ~self.masks[account]
        return [(account, self.masks[account]) for account in sorted(found, key=self.rank.__getitem__)]

    def trails(self, policy: Policy) -> int:
        if id(policy) in self.scps:
            return self.scps[id(policy)]
        if id(policy) in self.held:
            return self.held[id(policy)]
        account = account_from_arn(policy.arn) if policy.arn else None
        if account not in self.by_account:
            self.by_account[account] = sum(1 << bit for bit in reachable(self.owned, self.count, account, self.delegated))
        return self.by_account[account]


RULE = Rule(id="TL407", name="deny-guardrail-gap", severity=Severity.WARNING, applies_to=AccessReport,
            check=check, doc=__doc__)
