"""A policy allows stopping, deleting or reconfiguring every trail, where it could name them.

## Why it matters
`StopLogging`, `DeleteTrail`, `UpdateTrail` and `PutEventSelectors` all support
resource-level permissions: a statement can name the trails a role manages. Granting them
on `"*"` (or on `arn:aws:cloudtrail:*:*:trail/*`) also covers every trail created later,
including the organization's security trail, so one compromised role can blind the account.
So does `trail/*` in the policy's own account and Region, also where these are known only when
deployed (`!Sub arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*`, or
the `aws_region` and `aws_caller_identity` data sources of Terraform): whatever they turn out to
be, it is every trail there. The message then says where that is ("on every trail of the account and
Region it is deployed in", "of account 111122223333, in Region eu-west-1"): such a role cannot reach the
trails of other accounts or Regions, but it can blind the one it is deployed in.
An action that an unconditional Deny of the same policy denies on every trail (an admin policy
with a guardrail statement, or a permissions boundary) is not reported: the policy does not
allow it anywhere. Where a statement of the policy is not known offline (its Effect, Action,
Resource or Condition: a Terraform `dynamic "statement"` block or a `concat` with a list over a
value not known) and may deny the action on every trail, whether the policy allows it is not
known: said in that value's TL002. A statement a `dynamic "statement"` block makes over a
`for_each` not known offline, read as its `content` writes it, may be there or not: an Allow of it
on every trail, or a Deny of it beside such an Allow, leaves the rule open, said in the same TL002.
So does a Resource a CloudFormation parameter without a value writes (`!Ref TrailArn`, which may be
`*`): said in the parameter's TL002.
Nor is a statement that leaves some trails out: a `NotResource` that names trails
(`"NotResource": "arn:aws:cloudtrail:*:*:trail/protected-*"` allows the action on every trail but
those, which TL401 names), or a Resource with an empty Region or account
(`arn:aws:cloudtrail:::trail/*`, which matches no trail at all: each part of an ARN is matched on
its own, and a trail's ARN has both; TL404 reports it).
A permissions boundary is not reported: it grants nothing on its own, it only caps what the
identity policies grant (the effective permissions are the intersection of both), so the usual
boundary, `Allow *` on `*` with Deny statements, lets nobody do anything by its Allow. Its Deny
statements are no finding of this rule either, as no Deny is (TL401 and TL407 read what they take
away). Nor are SCPs and RCPs: an SCP's `Allow *` (the `FullAWSAccess` policy) grants nothing either,
it only leaves the identity policies of the accounts below free to grant.
A statement with a condition is reported only where the condition holds on every request for
these actions, as TL407 reads it (`"StringNotEquals": {"aws:RequestTag/approved": "yes"}`: they carry
no request tags), or where the rest of it is on keys of the request the requester chooses by how it
calls (MFA, source address or VPC endpoint, calling service: as TL401 reads them) and a request
meets it: said with that condition ("... on every trail when aws:MultiFactorAuthPresent is true").
A condition on the time of the request is left to TL401, which reads it against the time of the run.
A policy attached to principals of the inputs is judged with their other policies, as the access
analysis (TL401) resolves them: a statement outside a holder's permissions boundary grants that
holder nothing, so an action the boundary does not allow on every trail on every request (or denies
there), that an SCP level certainly over the holder does not allow on every trail (or denies there),
or that another identity policy of the holder denies on every trail, is left out for that holder,
and the statement is reported with the actions some holder keeps (an `Allow *` beside a `Deny *`
policy on every user and role it is attached to allows nothing). A policy attached to no principal
of the inputs (a customer managed policy not attached, a bare policy document) is judged alone, as
it may be attached to anyone. A group's policy where the group has no member in the inputs is a grant
the day a user is added to it: judged with what membership grants, the group's other policies and the
SCP levels over its account (the group's row in `trail-lint access`), as TL401 reads a member's.
A boundary or SCP level not known offline in part takes nothing away (said in its TL002), nor does an
SCP level that may not be over the holder, nor a Deny under a condition.

## Fix
Terraform: set the statement's `resources` to the ARNs of the trails the role manages, e.g.
`aws_cloudtrail.app.arn`.
CloudFormation: set `Resource` to `!GetAtt AppTrail.Arn` (or the trail ARNs).
CLI: `aws iam create-policy-version --set-as-default` with `"Resource":
["arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME"]`.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_id-based-policy-examples.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
"""
import re
from collections.abc import Iterator

from trail_lint.iam.access import TAMPER_ACTIONS, boundaries_only, input_statements
from trail_lint.iam.evaluator import arn_matches, rejected, resource_applies
from trail_lint.iam.masks import ActionMasks
from trail_lint.iam.resolve import (
    Effective,
    Resolved,
    maybe_said,
    names_any_trail,
    on_every_request,
    on_requests_meeting,
    trail_hole_names,
)
from trail_lint.model import (
    UNKNOWN,
    UNKNOWN_VALUE_SUBJECT,
    Policy,
    Problem,
    Statement,
    Text,
    not_known_offline,
    statement_of,
)
from trail_lint.rule import Rule, Severity

# A trail name nobody uses: a Resource that matches it (in its own account and Region, if it
# names them) matches every trail there.
_ANY_NAME = "trail/\ue000any"


# A part known only at deployment, as a template writes it (`${AWS::AccountId}`, whose text holds
# colons) or as the reader keeps it (a hole): each distinct one stands for one same text, so the
# stack's or provider's own account and Region are its own account and Region whatever they turn out
# to be, and a trail wildcard there is every trail there too.
_WRITTEN_HOLE = re.compile(r"\$\{[^}]*\}")


def _placeholder(key: object, seen: dict[object, int]) -> str:
    return f"\ue001{seen.setdefault(key, len(seen))}\ue001"


def _patterns(statement: Statement, names: dict[str, str] | None = None) -> tuple[str, ...]:
    """The statement's Resource patterns with each part known only at deployment as a placeholder
    that holds no colon, `*` or `?` (and, in ``names``, what each placeholder stands for)."""
    if statement.not_resources is not None:
        return ()
    held = statement.holes.resources if statement.holes is not None else None
    if held is None:
        held = tuple((pattern,) for pattern in statement.resources if isinstance(pattern, str)) \
            if isinstance(statement.resources, tuple) else ()
    return tuple(_with_placeholders(text, names) for text in held)


def _with_placeholders(text: Text, names: dict[str, str] | None = None) -> str:
    seen: dict[object, int] = {}

    def held(key: object, what: str) -> str:
        placeholder = _placeholder(key, seen)
        if names is not None:
            names[placeholder] = what
        return placeholder

    # an unnamed hole is like no other: a key of its own; what a named one stands for follows its
    # deployment's key (model.hole_name), a written one is named inside its braces
    return "".join(_WRITTEN_HOLE.sub(lambda found: held(found.group(), found.group()[2:-1]), part)
                   if isinstance(part, str) else held(part.name or object(), part.name.rpartition("#")[2])
                   for part in text)


# The deployment's own Region and account as the readers name them: a template's pseudo parameters, a
# Terraform provider's (model.hole_name).
_OWN = {"AWS::Region": "Region", "region": "Region", "AWS::AccountId": "account", "account": "account"}
# Two trails in different partitions' usual Regions and accounts: a pattern matching both is not
# confined to a Region or account.
_ANYWHERE = (f"arn:aws:cloudtrail:us-east-1:123456789012:{_ANY_NAME}",
             f"arn:aws:cloudtrail:eu-west-3:210987654321:{_ANY_NAME}")


def _where(statement: Statement) -> str:
    """Where the trails a statement covers every one of are, in the message's words: nothing where a
    Resource (or NotResource) reaches trails anywhere, else the account and Region its patterns confine
    them to ("of the account and Region it is deployed in", "in Region eu-west-1")."""
    names: dict[str, str] = {}
    patterns = _patterns(statement, names)
    if statement.not_resources is not None or not patterns:
        return ""
    said: list[str] = []
    for pattern in patterns:
        parts = pattern.split(":", 5)
        if len(parts) != 6 or all(arn_matches(pattern, arn) for arn in _ANYWHERE):
            return ""       # `*`, or a pattern whose Region and account are wildcards: trails anywhere
        own = ":".join(part.replace("*", "").replace("?", "x") for part in parts[:5])
        if parts[2] == "cloudtrail" and all(parts[index] for index in (1, 3, 4)) \
                and arn_matches(pattern, f"{own}:{_ANY_NAME}"):
            words = _confined(parts[4], parts[3], names)
            if words not in said:
                said.append(words)
    return " and every trail ".join(said)


def _confined(account: str, region: str, names: dict[str, str]) -> str:
    def shown(part: str) -> str:
        return re.sub("\ue001[0-9]+\ue001", lambda found: "${" + (names.get(found.group()) or "...") + "}", part)

    own_account = _OWN.get(names.get(account, "")) == "account"
    own_region = _OWN.get(names.get(region, "")) == "Region"
    if own_account and own_region:
        return "of the account and Region it is deployed in"
    words = []
    if account.strip("*"):
        words.append("of the account it is deployed in" if own_account else f"of account {shown(account)}")
    if region.strip("*"):
        words.append("in the Region it is deployed in" if own_region else f"in Region {shown(region)}")
    return ", ".join(words)


def _every_trail(statement: Statement) -> bool:
    if resource_applies(statement, f"arn:aws:cloudtrail:us-east-1:123456789012:{_ANY_NAME}") is True:
        return True
    for pattern in _patterns(statement):
        parts = pattern.split(":", 5)
        # a trail's ARN names its partition, Region and account: an empty part (`arn:aws:cloudtrail:::trail/*`)
        # matches no trail at all
        if len(parts) == 6 and parts[2] == "cloudtrail" and all(parts[index] for index in (1, 3, 4)):
            own = ":".join(part.replace("*", "").replace("?", "x") for part in parts[:5])
            if arn_matches(pattern, f"{own}:{_ANY_NAME}"):
                return True
    return False


def _leaves_out_a_trail(statement: Statement) -> bool:
    """Whether a NotResource of an Allow names a trail (`arn:aws:cloudtrail:*:*:trail/protected-*`),
    which the statement then does not cover: a trail ARN made from each pattern, its wildcards filled
    in, that the statement does not apply to. (A Deny's NotResource is another matter: the trails it
    leaves out are then the only ones the policy allows the action on, never every trail.)"""
    if statement.not_resources is None:
        return False
    if not isinstance(statement.not_resources, tuple) or statement.holes is not None:
        return True     # a NotResource not known offline may name any trail
    return any(resource_applies(statement, arn) is not True
               for arn in map(_trail_named_by, statement.not_resources) if arn is not None)


_FILLED = {1: "aws", 2: "cloudtrail", 3: "us-east-1", 4: "123456789012"}


def _trail_named_by(pattern: str) -> str | None:
    """A trail ARN the pattern matches, made by filling in its wildcards, if one is found that way."""
    parts = pattern.split(":", 5)
    parts += ["*"] * (6 - len(parts))   # a `*` that ends the pattern also stands for the parts after it
    filled = [_fill(part, _FILLED[index]) for index, part in enumerate(parts) if index in _FILLED]
    if filled[1] != "cloudtrail" or not all(filled):
        return None     # it names no trail: another service, or an empty Region or account
    names = (parts[5].replace("*", "trail/", 1), "trail/" + parts[5], parts[5])
    for name in (name.replace("*", "x").replace("?", "x") for name in names):
        arn = ":".join(["arn", *filled, name])
        if name.startswith("trail/") and len(name) > len("trail/") and arn_matches(pattern, arn):
            return arn
    return None


def _fill(part: str, usual: str) -> str:
    """The usual value where the part's wildcards allow it, else the part with its wildcards filled in."""
    return usual if arn_matches(part, usual) else part.replace("*", "x").replace("?", "x")


def _on_every_trail(statement: Statement, every: dict[tuple[object, ...], bool]) -> bool:
    held = statement.holes.resources if statement.holes is not None else None
    resources = (statement.resources, statement.not_resources, held)
    found = every.get(resources)
    if found is None:
        found = every[resources] = _every_trail(statement)
    return found


def check(resolved: Resolved) -> Iterator[Problem]:
    inventory = resolved.inventory
    tamper = ActionMasks(TAMPER_ACTIONS)     # each distinct Action pattern is matched once
    every: dict[tuple[object, ...], bool] = {}     # and each distinct Resource/NotResource list
    named: dict[int, str] = {}      # the covered actions' names, by their mask
    statements = list(input_statements(inventory))
    denied: dict[int, int] = {}     # per policy, the actions an unconditional Deny of it denies on every trail
    # per policy, the actions a statement of it not known offline (its Effect, Action, Resource or
    # Condition) may deny on every trail, and the first such statement
    open_denies: dict[int, tuple[int, int, Statement]] = {}
    limits = boundaries_only(inventory)     # whose Allows grant nothing
    trail_holes = trail_hole_names(inventory)
    for policy, index, statement in statements:
        if statement.effect == "Allow":
            continue
        if statement.effect == "Deny" and on_every_request(statement) is True and rejected(statement) is None \
                and not statement.maybe:
            covered, _ = tamper.masks(statement)
            if covered and _on_every_trail(statement, every):
                denied[id(policy)] = denied.get(id(policy), 0) | covered
                continue
        maybe = _may_deny(statement, tamper)
        if maybe:
            earlier = open_denies.get(id(policy))
            open_denies[id(policy)] = (maybe | earlier[0], *earlier[1:]) if earlier else (maybe, index, statement)
    room = _Room(resolved.effectives, tamper, every)
    whens: dict[object, str | None] = {}    # on_requests_meeting, by the statement's conditions
    for policy, index, statement in statements:
        # a statement IAM rejects is TL001's: it grants nothing on its own
        if statement.effect != "Allow" or rejected(statement) is not None or id(policy) in limits:
            continue
        covered, _ = tamper.masks(statement)
        covered &= ~denied.get(id(policy), 0)   # what the policy itself denies everywhere it does not allow
        if not covered:
            continue
        when = "" if on_every_request(statement) is True else _when(statement, whens)
        if when is None:
            continue
        if covered and statement.cause is not None and names_any_trail(statement, trail_holes):
            # a Resource a parameter without a value writes (`!Ref TrailArn`) may be `*`: said in its TL002
            yield Problem(f"whether {statement_of(policy, index, statement)} allows {_names(covered, named)} on "
                          "every trail is not known", at=statement.origin.at, resource=policy.arn or policy.name,
                          subject=f"{UNKNOWN_VALUE_SUBJECT}every-trail:{policy.name}:{index}", undecided=True)
            continue
        if not covered or not _on_every_trail(statement, every) or _leaves_out_a_trail(statement):
            continue
        covered &= room.left(policy)   # what the boundary, the SCPs and the other policies of its holders leave
        if covered and statement.maybe:
            # it may allow them on every trail, or not be there: said with the access rules it leaves open
            said, at = maybe_said(policy, index, statement)
            yield Problem(said, at=at, resource=policy.arn or policy.name,
                          subject=f"{UNKNOWN_VALUE_SUBJECT}every-trail:{policy.name}:{index}", undecided=True)
            continue
        maybe, where, deny = open_denies.get(id(policy), (0, 0, statement))
        if covered & ~maybe:
            actions = _names(covered & ~maybe, named)
            confined = _where(statement)
            yield Problem(f"{statement_of(policy, index, statement)} allows {actions} on every "
                          f"trail{' ' + confined if confined else ''}{' when ' + when if when else ''}",
                          at=statement.origin.of("resources"),
                          resource=policy.arn or policy.name, subject=f"every-trail:{policy.name}:{index}")
        if covered & maybe:
            # a statement not known offline may deny them: said in the TL002 of what it is not known for
            yield Problem(f"whether {statement_of(policy, index, statement)} allows {_names(covered & maybe, named)} "
                          f"on every trail is not known: {statement_of(policy, where, deny)} "
                          f"{_open_deny(deny)} and may deny them", at=deny.origin.at, resource=policy.arn or policy.name,
                          subject=f"{UNKNOWN_VALUE_SUBJECT}every-trail:{policy.name}:{index}", undecided=True)


def _when(statement: Statement, whens: dict[object, str | None]) -> str | None:
    """on_requests_meeting, once per distinct Condition block (it depends on nothing else)."""
    key = statement.conditions
    if key not in whens:
        whens[key] = on_requests_meeting(statement)
    return whens[key]


def _open_deny(statement: Statement) -> str:
    if statement.maybe and not not_known_offline(statement):
        return "is made by a dynamic block over a for_each not known offline, any number of times, maybe none,"
    return "is not known offline"


def _names(covered: int, named: dict[int, str]) -> str:
    """The names of the tamper actions of a mask ("StopLogging, DeleteTrail"), each mask named once."""
    actions = named.get(covered)
    if actions is None:
        actions = named[covered] = ", ".join(a.split(":")[1] for bit, a in enumerate(TAMPER_ACTIONS)
                                             if covered >> bit & 1)
    return actions


def _may_deny(statement: Statement, tamper: ActionMasks) -> int:
    """The tamper actions a statement that is no Allow, and not known to deny them on every trail, may
    deny on every trail: one whose Effect may be Deny and whose Action, Resource and Condition may
    cover every trail and every request (a statement not known offline at all: all of them)."""
    if not (not_known_offline(statement) or statement.maybe) or statement.effect not in ("Deny", UNKNOWN) \
            or on_every_request(statement) is False:
        return 0   # a Deny known offline, under a condition, is judged as before: it leaves the grant
    covered, unknown = tamper.masks(statement)
    if not covered | unknown or resource_applies(statement, f"arn:aws:cloudtrail:us-east-1:123456789012:{_ANY_NAME}") \
            is False and not _every_trail(statement):     # (every trail of another partition: arn:aws-us-gov:...)
        return 0
    return covered | unknown


class _Room:
    """What the other policies of a policy's holders leave of a grant on every trail, as TL402 reads a
    policy (each statement on every request, on every trail): the access analysis's layers for each
    principal the inputs attach the policy to (iam.resolve: its identity policies with its groups',
    its permissions boundary, the SCP levels over it). A principal keeps an action where no identity
    policy of it denies the action on every trail, its boundary allows it on every trail and denies it
    on none, and every SCP level certainly over it does the same (a level that may not be over it takes
    nothing away); a policy keeps the actions some holder keeps, and one attached to no principal of the
    inputs, all of them (it may be attached to any). A boundary or an SCP not known offline in part
    takes nothing away: whether it does is said in its TL002."""

    def __init__(self, effectives: tuple[Effective, ...], tamper: ActionMasks,
                 every: dict[tuple[object, ...], bool]) -> None:
        self.effectives, self.tamper, self.every = effectives, tamper, every
        self._holders: dict[int, list[Effective]] | None = None
        self._kept: dict[int, tuple[int, int]] = {}      # by policy: (allowed, denied) on every trail
        self._keep: list[Policy] = []    # so that the ids the memo is keyed by are not reused
        self._left_of: dict[int, int] = {}      # left, by the id of a policy of the inputs (they outlive the check)
        self._left_by: dict[int, int] = {}      # _left, by the id of a holder's Effective (kept in _holders)

    def left(self, policy: Policy) -> int:
        found = self._left_of.get(id(policy))
        if found is None:
            holders = self.holders().get(id(policy))
            found = self.tamper.full if not holders else 0
            for effective in holders or ():
                found |= self._left(effective)
            self._left_of[id(policy)] = found
        return found

    def holders(self) -> dict[int, list[Effective]]:
        """The resolved policies of every principal that makes requests, and of every group no principal of the
        inputs is in (what membership grants: Resolved), by the ids of its identity policies."""
        if self._holders is None:
            self._holders = {}
            for effective in self.effectives:
                for held in effective.identity:
                    self._holders.setdefault(id(held), []).append(effective)
        return self._holders

    def _left(self, effective: Effective) -> int:
        found = self._left_by.get(id(effective))
        if found is None:
            found = self._left_by[id(effective)] = self._left_in(effective)
        return found

    def _left_in(self, effective: Effective) -> int:
        mask = self.tamper.full
        for policy in effective.identity:
            mask &= ~self._allowed_denied(policy)[1]
        layers: list[tuple[Policy, ...]] = [(effective.boundary,)] if effective.boundary is not None else []
        layers += [level.policies for level in effective.scps if level.applies is True]
        for layer in layers:
            allowed = denied = 0
            for policy in layer:
                allows, denies = self._allowed_denied(policy)
                allowed, denied = allowed | allows, denied | denies
            mask &= allowed & ~denied
        return mask

    def _allowed_denied(self, policy: Policy) -> tuple[int, int]:
        """The actions the policy allows on every trail on every request, and those it so denies."""
        found = self._kept.get(id(policy))
        if found is None:
            self._keep.append(policy)
            if not isinstance(policy.statements, tuple) or any(map(not_known_offline, policy.statements)):
                found = (self.tamper.full, 0)
            else:
                allowed = denied = 0
                for statement in policy.statements:
                    covered, _ = self.tamper.masks(statement)
                    if covered and statement.maybe:
                        # there any number of times, maybe none: it takes nothing away (said in its TL002)
                        allowed |= covered if statement.effect != "Deny" else 0
                        continue
                    if not covered or on_every_request(statement) is not True or rejected(statement) is not None \
                            or not _on_every_trail(statement, self.every):
                        continue
                    if statement.effect == "Deny":
                        denied |= covered
                    elif statement.effect == "Allow" and not _leaves_out_a_trail(statement):
                        allowed |= covered
                found = (allowed, denied)
            self._kept[id(policy)] = found
        return found


RULE = Rule(id="TL402", name="tamper-on-every-trail", severity=Severity.WARNING, applies_to=Resolved,
            check=check, doc=__doc__)
