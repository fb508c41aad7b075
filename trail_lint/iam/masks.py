"""The access matrix evaluator: iam.evaluate's logic, run for every trail at once on bit masks.

Bit ``i`` of a mask stands for request resource ``i`` (a trail ARN, or ``"*"``). Each statement's
resource matches are computed once per resource list and its action matches once per Action list
(ActionMasks); a policy's Bits for every action come from one pass over its statements, each
adding only to the actions it covers; a principal's decision for one action over all trails is
then a handful of integer operations. tests/test_access.py checks it against iam.evaluate
request by request.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat

from trail_lint.iam import evaluator as iam
from trail_lint.iam.actions import home_region_only
from trail_lint.iam.conditions import (
    PRINCIPAL_KEYS,
    REQUESTED_REGION,
    conditions_hold,
    depends_on_principal,
    names_requested_region,
    resource_conditions,
    settle,
    tied_denial,
    values_hold_variables,
)
from trail_lint.iam.evaluator import NO_CONTEXT, UNKNOWN_RESOURCE, RequestContext, ResourceContext, request_lookup
from trail_lint.iam.resource_index import ResourceIndex
from trail_lint.model import UNKNOWN, Condition, Policy, Statement, Text, Tri, Unknown
from trail_lint.records import record


@record
class Masks:
    """One action over a resource list: which resources end allowed, conditional, unknown or explicitly denied."""

    allowed: int = 0
    conditional: int = 0
    unknown: int = 0
    denied: int = 0          # by an explicit, unconditional Deny (others are implicit)


# A layer's statements, ORed over resources: (deny, deny_conditional, deny_unknown, allow,
# conditional, unknown). Equal Bits give equal decisions, so analyses memoise on them.
Bits = tuple[int, int, int, int, int, int]
# A layer's Bits for each action of an ActionMasks, by action bit.
ActionBits = tuple[Bits, ...]


class ActionMasks:
    """iam.action_applies for a fixed list of actions, as bit masks: bit ``i`` stands for ``actions[i]``.

    Real inventories hold thousands of distinct Action lists (ReadOnlyAccess alone names 2,425
    actions) built from a few hundred distinct patterns, so each pattern is matched against the
    actions once, and each statement's answer for every action is computed in one pass.
    """

    def __init__(self, actions: Sequence[str]) -> None:
        self.actions = tuple(actions)
        self.full = (1 << len(self.actions)) - 1
        self._bits = {action: 1 << bit for bit, action in enumerate(self.actions)}
        # the actions performed only in a trail's home Region, whose requests carry its Region
        self.home = sum(bit for action, bit in self._bits.items() if home_region_only(action))
        self._patterns: dict[str, int] = {}
        self._positions: dict[int, tuple[int, ...]] = {}
        # Keyed by the statement's (Action, NotAction): statements of different policies often
        # name the same actions.
        self._statements: dict[tuple[object, object], tuple[int, int]] = {}

    def applies(self, statement: Statement, action: str) -> bool | Unknown:
        """The same answer as iam.action_applies(statement, action)."""
        bit = self._bits.get(action)
        if bit is None:
            return iam.action_applies(statement, action)
        true, unknown = self.masks(statement)
        return True if true & bit else UNKNOWN if unknown & bit else False

    def masks(self, statement: Statement) -> tuple[int, int]:
        """The actions the statement's Action/NotAction covers, and those it only may (unknown patterns)."""
        key = (statement.actions, statement.not_actions)
        found = self._statements.get(key)
        if found is None:
            if statement.not_actions is not None:
                true, unknown = self._any(statement.not_actions)
                true = self.full & ~true & ~unknown
            else:
                true, unknown = self._any(statement.actions)
            if true and iam.loose_actions(statement.not_actions if statement.not_actions is not None
                                          else statement.actions):
                true, unknown = 0, unknown | true       # as iam.action_applies: covered only by a loose element
            found = self._statements[key] = (true, unknown)
        return found

    def positions(self, mask: int) -> tuple[int, ...]:
        """positions(mask) of a mask over the actions, memoised (a few hundred distinct masks at most)."""
        found = self._positions.get(mask)
        if found is None:
            found = self._positions[mask] = tuple(positions(mask))
        return found

    def _any(self, patterns: tuple[str, ...] | Unknown) -> tuple[int, int]:
        # Like iam._any: an unknown list, or an unknown pattern, leaves what no known pattern matched unknown.
        if patterns is UNKNOWN:
            return 0, self.full
        true = 0
        unknown = False
        for pattern in patterns:  # type: ignore[union-attr]
            if isinstance(pattern, str):
                true |= self._pattern_mask(pattern)
            else:
                unknown = True
        return true, self.full & ~true if unknown else 0

    def _pattern_mask(self, pattern: str) -> int:
        found = self._patterns.get(pattern)
        if found is None:
            found = self._patterns[pattern] = sum(
                bit for action, bit in self._bits.items() if iam.action_matches(pattern, action))
        return found


class ContextDependence:
    """Whether a policy's answer depends on the principal's request context: a policy variable in some
    Resource/NotResource, or a condition on a key the principal fixes. Memoised by policy, and shared
    by the evaluators of one analysis (each policy is asked about by its account's and by "*"'s)."""

    def __init__(self, keys: tuple[str, ...] = PRINCIPAL_KEYS) -> None:
        """``keys``: the prefixes of the keys a context fixes (with those of REQUEST_KEYS for the
        evaluation of one request: iam.requests)."""
        self.keys = keys
        self._found: dict[int, bool] = {}
        self._variables: dict[int, bool] = {}
        self._keep: list[Policy] = []     # so that the policy ids the memo is keyed by are not reused

    def __call__(self, policy: Policy) -> bool:
        found = self._found.get(id(policy))
        if found is None:
            self._keep.append(policy)
            found = self._found[id(policy)] = isinstance(policy.statements, tuple) and \
                _depends(policy.statements, self.keys)
        return found

    def only_conditions(self, policy: Policy) -> bool:
        """Whether no Resource/NotResource of a policy that depends on the context has a policy
        variable: the context then reaches its Bits only through what its conditions settle to."""
        found = self._variables.get(id(policy))
        if found is None:
            self._keep.append(policy)
            found = self._variables[id(policy)] = isinstance(policy.statements, tuple) and \
                not any(_has_variables(statement) for statement in policy.statements)
        return found


def _depends(statements: tuple[Statement, ...], keys: tuple[str, ...]) -> bool:
    """ContextDependence of a policy's statements (a loop, not any() over a generator: every policy is asked)."""
    for statement in statements:
        if _has_variables(statement) or depends_on_principal(statement.conditions, keys):
            return True
    return False


class Rejections:
    """Whether IAM rejects a policy as an identity-based policy or a boundary (iam.iam_layer_rejected),
    or Organizations as an SCP (iam.scp_rejected), asked of a policy with a Deny that applies. Memoised
    by policy, and shared by the evaluators of one analysis and the reasons behind its decisions: each
    asks of the same policies, and the answer walks every statement several times."""

    def __init__(self) -> None:
        self._found: dict[tuple[int, bool], bool] = {}
        self._keep: list[Policy] = []     # so that the policy ids the memo is keyed by are not reused

    def __call__(self, policy: Policy, iam_policy: bool) -> bool:
        """``iam_policy``: an identity-based policy or a boundary, else an SCP."""
        found = self._found.get((id(policy), iam_policy))
        if found is None:
            self._keep.append(policy)
            found = self._found[(id(policy), iam_policy)] = \
                iam.iam_layer_rejected(policy) if iam_policy else iam.scp_rejected(policy)
        return found

    def identity(self, policy: Policy) -> bool:
        """iam.iam_layer_rejected(policy), memoised."""
        return self(policy, True)


class MaskEvaluator:
    def __init__(self, resources: Sequence[str | iam.ResourceArn], actions: ActionMasks | None = None,
                 decided: Iterable[int] | None = None, dependence: ContextDependence | None = None,
                 texts: Sequence[Text | None] | None = None, bound: Mapping[str, str] | None = None,
                 index: ResourceIndex | None = None, on: Sequence[ResourceContext] | None = None,
                 rejections: Rejections | None = None) -> None:
        """``decided``: the bits of the actions whose Bits are asked for (default: every action of
        ``actions``); the others are left NO_BITS, so no statement that covers only them is matched.
        ``dependence``: shared with the other evaluators of one analysis. ``texts``: each resource
        with the named holes its reader knows its unknown parts by, where it has them (what a
        statement held with the same holes is compared against: iam.held_resource_applies), and
        ``bound`` the text of the named holes the run knows (scope.bound_holes). ``index``: the
        ResourceIndex of ``resources``, when the caller has one (AccessReport.indexed). ``on``: what
        each resource fixes about a request on it (iam.ResourceContext: a trail's tags and account),
        by which a statement's conditions on those keys narrow its Resource (default: nothing known); its
        Region only for the actions performed in a resource's home Region alone (ResourceContext.for_action).
        ``rejections``: shared with the other evaluators of one analysis, as ``dependence`` is."""
        self.resources = tuple(resources)
        self._on = tuple(on) if on is not None else (UNKNOWN_RESOURCE,) * len(self.resources)
        # the same, for the actions that may be called from any Region: the Region unknown
        self._on_elsewhere = tuple(context.elsewhere for context in self._on)
        # keyed by a statement's conditions on the resource's keys, whether they are asked for the
        # actions performed only in the home Region, and the principal's context where a value holds a
        # policy variable: the resources they hold for, and may
        self._narrowed: dict[tuple[tuple[Condition, ...], bool, RequestContext | None, str | None], tuple[int, int]] = {}
        given = texts if texts is not None else (None,) * len(self.resources)
        self._bound = dict(bound or {})
        self._texts = tuple(text if text is not None else iam.resource_text(resource)
                            for resource, text in zip(self.resources, given))
        self.full = (1 << len(self.resources)) - 1
        self.actions = actions if actions is not None else ActionMasks(())
        self.decided = self.actions.full if decided is None else sum(1 << bit for bit in decided)
        self.index = index if index is not None else ResourceIndex(self.resources)
        # Keys hold the request context only where a policy variable or a condition makes the answer depend on it.
        self._patterns: dict[tuple[str, bool, RequestContext | None], tuple[int, int]] = {}
        self._resource_sets: dict[tuple[object, object, RequestContext | None, object], tuple[int, int]] = {}
        # keyed by the policies' ids and whether they are identity-based policies or boundaries
        self._contributions: dict[tuple[int, RequestContext | None, bool], ActionBits] = {}
        self._by_settled: dict[tuple[int, tuple[object, ...], bool, str | None, tuple[str | None, ...]], ActionBits] = {}
        self._layers: dict[tuple[int | bool, ...], ActionBits] = {}
        self._layers_by_shares: dict[tuple[int, ...], ActionBits] = {}
        self._interned: dict[ActionBits, ActionBits] = {}
        self._nothing = self._intern((NO_BITS,) * len(self.actions.actions))
        self.depends_on_context = dependence if dependence is not None else ContextDependence()
        self.rejected = rejections if rejections is not None else Rejections()

    def _pattern_masks(self, pattern: str, negated: bool = False,
                       context: RequestContext = NO_CONTEXT) -> tuple[int, int]:
        key = (pattern, negated, context if "${" in pattern else None)
        found = self._patterns.get(key)
        if found is None:
            true = unknown = 0
            match = iam.not_resource_matches if negated else iam.resource_matches
            # Indexed ARNs are plain strings: for them a pattern without variables and without
            # wildcards, or with one final `*`, is a lookup (arn_matches' first two cases).
            kind = "" if "${" in pattern else iam.wildcards(pattern)
            if iam.readings(pattern) != ((), False, False):
                candidates = tuple(range(len(self.resources)))     # rare: matched one by one
            elif kind == "none":
                true, candidates = self.index.exact(pattern), self.index.others
            elif kind == "trailing":
                true, candidates = self.index.prefixed(pattern[:-1]), self.index.others
            elif "${" in pattern:
                # The principal's values narrow the trails like written text; a variable the context
                # cannot know is a `*`, and one without value leaves every trail to the matcher, as
                # does, in NotResource, one that may have none (iam.not_resource_matches).
                substituted = iam.substitute(pattern, context)
                candidates = self.index.candidates(
                    pattern if substituted is None or negated and iam.may_lack_value(pattern, context)
                    else substituted[0])
            else:
                candidates = self.index.candidates(pattern)
            resources = self.resources
            for bit in candidates:
                matches = match(pattern, resources[bit], context)
                if matches is True:
                    true |= 1 << bit
                elif matches is UNKNOWN:
                    unknown |= 1 << bit
            found = self._patterns[key] = (true, unknown)
        return found

    def _any(self, patterns: tuple[str | Unknown, ...] | Unknown, negated: bool = False,
             context: RequestContext = NO_CONTEXT) -> tuple[int, int]:
        """Like iam's Resource matching: resources some pattern matches, and those only unknown ones might."""
        if not isinstance(patterns, tuple):
            return 0, self.full
        true = unknown = 0
        for pattern in patterns:
            if isinstance(pattern, str):
                pattern_true, pattern_unknown = self._pattern_masks(pattern, negated, context)
                true |= pattern_true
                unknown |= pattern_unknown
            else:
                unknown = self.full
        return true, unknown & ~true

    def resource_masks(self, statement: Statement, context: RequestContext = NO_CONTEXT) -> tuple[int, int]:
        """The resources iam.resource_applies says the statement covers (True), and those it may (UNKNOWN)."""
        return self._resource_masks(statement, context, True)

    def _resource_masks(self, statement: Statement, context: RequestContext, variables: bool) -> tuple[int, int]:
        # variables: whether the statement's policy has any (False spares the search for them)
        key = (statement.resources, statement.not_resources,
               context if variables and _has_variables(statement) else None, statement.holes)
        found = self._resource_sets.get(key)
        if found is None:
            if statement.holes is not None and \
                    (statement.holes.not_resources if statement.not_resources is not None else statement.holes.resources):
                found = self._held_masks(statement)
            elif statement.not_resources is not None:
                true, unknown = self._any(statement.not_resources, True, context)
                found = (self.full & ~true & ~unknown, unknown)
            else:
                found = self._any(statement.resources, False, context)
            self._resource_sets[key] = found
        return found

    def condition_masks(self, conditions: tuple[Condition, ...], context: RequestContext = NO_CONTEXT,
                        home: bool = True) -> tuple[int, int]:
        """The resources on which the conditions (on keys the resource fixes: resource_conditions)
        certainly hold, and those on which they may, for a request of an action performed only in
        the resource's home Region (``home``) or of another: computed once per distinct block, and
        once per distinct ResourceContext (trails with the same tags share the answer). The principal's
        ``context`` gives the policy variables of the values (``${aws:PrincipalTag/team, 'none'}``)."""
        home = home or not names_requested_region(conditions)     # the Region asked for or not, alike
        variables = any(map(values_hold_variables, conditions))
        # the Region a request of an action answered anywhere is made in (iam.requests): requested_region
        region = None if home else context.get(REQUESTED_REGION)
        region = region if isinstance(region, str) else None
        key = (conditions, home, context if variables else None, region)
        found = self._narrowed.get(key)
        if found is None:
            true = unknown = 0
            by_context: dict[ResourceContext, Tri] = {}
            for bit, on in enumerate(self._on if home else self._on_elsewhere):
                holds = by_context.get(on)
                if holds is None:
                    holds = by_context[on] = conditions_hold(
                        conditions, request_lookup(context, on) if variables or region else on.get)
                if holds is True:
                    true |= 1 << bit
                elif holds is UNKNOWN:
                    unknown |= 1 << bit
            found = self._narrowed[key] = (true, unknown)
        return found

    def _held_masks(self, statement: Statement) -> tuple[int, int]:
        """_resource_masks of a statement whose reader kept its Resource or NotResource with holes."""
        true = unknown = 0
        for bit, text in enumerate(self._texts):
            # the bound holes are the trails' (scope.bound_holes): "*" is compared with the holes unfilled
            applies = iam.held_resource_applies(statement, text, self._bound if text != _ANY_TEXT else None)
            if applies is True:
                true |= 1 << bit
            elif applies is not False:
                unknown |= 1 << bit
        return true, unknown

    def policy_bits(self, policy: Policy, context: RequestContext = NO_CONTEXT, iam_policy: bool = False) -> ActionBits:
        """One policy's share of a layer's Bits, for every action of ``self.actions`` (by action bit).

        Each part is an OR over statements, so policies combine by OR. One pass over the statements:
        a statement adds to the actions its Action/NotAction covers (or may), and to no other.
        ``iam_policy``: an identity-based policy or a boundary, which IAM rejects for more
        (iam.iam_layer_rejected) than an SCP (iam.scp_rejected).
        """
        return self._policy_share(policy, context, self.depends_on_context(policy), iam_policy)

    def _policy_share(self, policy: Policy, context: RequestContext, variables: bool,
                      iam_policy: bool = False) -> ActionBits:
        """policy_bits, told whether the policy depends on the context (``variables``)."""
        statements = policy.statements
        if variables and isinstance(statements, tuple) and self.depends_on_context.only_conditions(policy):
            # The context reaches the Bits only through settle (no Resource holds a variable):
            # principals whose requests settle every statement alike share them (an SCP whose
            # Deny exempts one role by aws:PrincipalArn: two answers, not one per principal).
            # (and, for the Denies maybe there tied to Allows, whether they surely deny: _tied_denials; and
            # the Region a request is made in, which its conditions on the Region read: condition_masks)
            settled, ties, region = self.settled(policy, context)
            by = (id(policy), settled, iam_policy, region, ties)
            found = self._by_settled.get(by)
            if found is None:
                # (no statement holds a variable where _resource_masks would look for one: it is not asked)
                found = self._by_settled[by] = self._interned_bits(
                    self._policy_bits(policy, context, False, settled, iam_policy))
            return found
        key = (id(policy), context if variables else None, iam_policy)
        found = self._contributions.get(key)
        if found is None:
            found = self._contributions[key] = self._interned_bits(
                self._policy_bits(policy, context, variables, iam_policy=iam_policy))
        return found

    def settled(self, policy: Policy, context: RequestContext
                ) -> tuple[tuple[tuple[str | Unknown, bool] | None, ...], tuple[str | None, ...], str | None]:
        """What the Bits of a policy that depends on the context only through its conditions
        (ContextDependence.only_conditions) depend on: each statement's settle and each tied Deny's
        tied_denial (_settled), and the Region a request is made in, which its conditions on the Region
        read (condition_masks). Equal answers give the same Bits (policy_bits)."""
        region = context.get(REQUESTED_REGION)
        statements = policy.statements if isinstance(policy.statements, tuple) else ()
        return (*self._settled(statements, context), region if isinstance(region, str) else None)

    def _settled(self, statements: tuple[Statement, ...], context: RequestContext
                 ) -> tuple[tuple[tuple[str | Unknown, bool] | None, ...], tuple[str | None, ...]]:
        """settle() of each statement that covers an action this evaluator decides (the others, which
        _policy_bits passes over before settling, are _PASSED: they do not tell principals apart), and
        tied_denial() of each Deny made over a collection (Statement.made_over; most policies: none)."""
        lookup, masks, decided = context.get, self.actions.masks, self.decided
        found: list[tuple[str | Unknown, bool] | None] = []
        ties: list[str | None] = []
        for statement in statements:
            covered, maybe_covered = masks(statement)
            found.append(settle(statement, lookup, True) if (covered | maybe_covered) & decided else _PASSED)
            if statement.made_over is not None and statement.effect == "Deny":
                ties.append(tied_denial(statement, lookup))
        return tuple(found), tuple(ties)

    def _interned_bits(self, bits: ActionBits) -> ActionBits:
        return bits if bits is self._nothing else self._intern(bits)

    def _policy_bits(self, policy: Policy, context: RequestContext, variables: bool,
                     settled: Sequence[tuple[str | Unknown, bool] | None] | None = None,
                     iam_policy: bool = False) -> ActionBits:
        """``settled``: settle(statement, context.get) of each statement, when already known."""
        count = len(self.actions.actions)
        if not isinstance(policy.statements, tuple):
            return ((0, 0, self.full, 0, 0, self.full),) * count
        # Statements often cover the same actions (every one, for `*` or a NotAction): their shares
        # are ORed by action mask first, then spread over the actions once.
        by_actions: dict[int, Bits] = {}
        decided, action_masks, resource_masks = self.decided, self.actions.masks, self._resource_masks
        void: bool | None = None        # iam.iam_layer_rejected / scp_rejected(policy), asked only of a Deny
        tied: dict[str, list[tuple[int, int]]] | None = None     # _tied_denials, asked where a statement is tied
        for index, statement in enumerate(policy.statements):
            covered, maybe_covered = action_masks(statement)
            covered &= decided
            maybe_covered &= decided
            if not covered and not maybe_covered:
                continue
            if iam.rejected(statement) is not None:
                continue
            effect = statement.effect
            res_true, res_unknown = resource_masks(statement, context, variables)
            if not res_true and not res_unknown:
                continue
            on_resource: tuple[Condition, ...] = ()
            if statement.conditions == () and not statement.maybe:      # settle's first case, without the call
                has_conditions = False
            else:
                outcome = settle(statement, context.get, True) if settled is None else settled[index]
                if outcome is None:
                    continue
                effect, has_conditions = outcome
                on_resource = resource_conditions(statement)
            if effect != "Allow":
                if void is None:
                    void = self.rejected(policy, iam_policy)
                if void:                # a Deny of a policy IAM rejects protects nothing (iam.evaluate_layer)
                    if effect == "Deny" or statement.effect == "Deny":
                        continue
                    effect, has_conditions = "Allow", False
                    res_unknown, res_true = res_true | res_unknown, 0
                    maybe_covered, covered = covered | maybe_covered, 0
            if tied is None and statement.made_over is not None:
                tied = self._tied_denials(policy, context, iam_policy)
            if tied and effect == "Allow" and statement.made_over in tied:
                # there only with the Denies made over the same collection: what those surely deny it
                # does not grant (conditions.tied_denial), action by action
                denials = tied[statement.made_over]
                for actions in partition([denied for denied, _ in denials], covered | maybe_covered):
                    named = 0
                    for denied, resources in denials:
                        if actions & denied == actions:
                            named |= resources
                    self._add(by_actions, effect, has_conditions, covered & actions, maybe_covered & actions,
                              res_true & ~named, res_unknown & ~named, on_resource, context)
                continue
            self._add(by_actions, effect, has_conditions, covered, maybe_covered, res_true, res_unknown, on_resource,
                      context)
        if not by_actions:      # no statement covers a decided action (a policy of another service)
            return self._nothing
        found: list[Bits] = [NO_BITS] * count
        action_positions = self.actions.positions
        for actions, share in by_actions.items():
            for bit in action_positions(actions):
                current = found[bit]
                found[bit] = share if current is NO_BITS else _or(current, share)
        return tuple(found)

    def _add(self, by_actions: dict[int, Bits], effect: str | Unknown, has_conditions: bool, covered: int,
             maybe_covered: int, res_true: int, res_unknown: int, on_resource: tuple[Condition, ...],
             context: RequestContext) -> None:
        """A statement's share of its policy's Bits, by the actions it covers (or may)."""
        if on_resource:
            # the trails its conditions on the trail hold for keep the principal's answer; those they
            # may hold for are conditional; the others it does not apply to. A condition on the
            # Region holds on a trail for the actions performed only in its home Region, and may
            # for the others: each kind of action is narrowed on its own.
            kinds = ((self.actions.home, True), (~self.actions.home, False)) if names_requested_region(on_resource) \
                else ((-1, True),)
            for kind, home in kinds:
                holds, may_hold = self.condition_masks(on_resource, context, home)
                share = _or(_share(effect, has_conditions, res_true & holds, res_unknown & holds),
                            _share(effect, True, res_true & may_hold, res_unknown & may_hold))
                if covered & kind:
                    by_actions[covered & kind] = _or(by_actions.get(covered & kind, NO_BITS), share)
                if maybe_covered & kind:
                    by_actions[maybe_covered & kind] = _or(by_actions.get(maybe_covered & kind, NO_BITS),
                                                           _may_cover(share))
            return
        if covered:
            by_actions[covered] = _or(by_actions.get(covered, NO_BITS),
                                      _share(effect, has_conditions, res_true, res_unknown))
        if maybe_covered:
            by_actions[maybe_covered] = _or(by_actions.get(maybe_covered, NO_BITS),
                                            _share(effect, has_conditions, 0, res_true | res_unknown))

    def _tied_denials(self, policy: Policy, context: RequestContext, iam_policy: bool) -> dict[str, list[tuple[int, int]]]:
        """The Denies of the policy that, maybe there, surely deny whenever they are (conditions.tied_denial),
        by what they are made over: the decided actions each surely covers and the resources it surely names."""
        found: dict[str, list[tuple[int, int]]] = {}
        if not isinstance(policy.statements, tuple):
            return found
        for statement in policy.statements:
            over = tied_denial(statement, context.get)
            if over is None or iam.rejected(statement) is not None:
                continue
            covered = self.actions.masks(statement)[0] & self.decided
            named = self._resource_masks(statement, context, True)[0]
            if covered and named:
                found.setdefault(over, []).append((covered, named))
        # a Deny of a policy IAM rejects protects nothing (iam.evaluate_layer)
        return {} if found and self.rejected(policy, iam_policy) else found

    def layer_bits(self, policies: Sequence[Policy], context: RequestContext = NO_CONTEXT,
                   iam_policy: bool = False) -> ActionBits:
        """What a layer's verdict for each action depends on: the ORed contributions of its policies
        (``iam_policy``: see policy_bits)."""
        if len(policies) == 1:
            return self.policy_bits(policies[0], context, iam_policy)
        # Principals share layers (the SCPs over an account, a set of managed policies): memoised by
        # the policies where no policy variable or condition makes them depend on the request
        # context (each principal has its own: such a layer is found from its policies' shares).
        dependent = [*map(self.depends_on_context, policies)]      # each policy kept by depends_on_context
        key = None if True in dependent else (iam_policy, *map(id, policies))
        found = self._layers.get(key) if key is not None else None
        if found is None:
            # A policy that covers no decided action (one of another service) adds nothing: a layer
            # with one share left is that share, with none it is _nothing (both interned already).
            nothing, share = self._nothing, self._policy_share
            shares = [bits for bits in map(share, policies, repeat(context), dependent, repeat(iam_policy))
                      if bits is not nothing]
            if len(shares) <= 1:
                found = shares[0] if shares else nothing
            else:
                by_shares = (*map(id, shares),)
                found = self._layers_by_shares.get(by_shares)
                if found is None:
                    found = self._layers_by_shares[by_shares] = self._intern(_ored(shares))
            if key is not None:
                self._layers[key] = found
        return found

    def _intern(self, bits: ActionBits) -> ActionBits:
        # Equal ActionBits become one object, so that callers can memoise decisions on ids.
        return self._interned.setdefault(bits, bits)

    def combine(self, identity: Bits, boundary: Bits | None, scps: Sequence[tuple[Bits, Tri]]) -> Masks:
        """The decision from the layers' Bits: identity policies, then the boundary, then each SCP level."""
        layers = [layer_masks(identity)]
        if boundary is not None:
            layers.append(layer_masks(boundary))
        for bits, applies in scps:
            level = layer_masks(bits)
            if applies is not True:     # may not be on the path: what it denies is only conditional
                level = Masks(level.allowed, self.full & ~level.allowed & ~level.unknown, level.unknown, 0)
            layers.append(level)
        denied = explicit = 0
        allowed, unknown = self.full, 0
        for layer in layers:
            denied |= self.full & ~(layer.allowed | layer.conditional | layer.unknown)
            explicit |= layer.denied
            allowed &= layer.allowed
            unknown |= layer.unknown
        unknown &= ~denied
        allowed &= ~denied & ~unknown
        return Masks(allowed, self.full & ~denied & ~unknown & ~allowed, unknown, explicit)


NO_BITS: Bits = (0, 0, 0, 0, 0, 0)
_ANY_TEXT = iam.resource_text(iam.ANY_RESOURCE)
# What MaskEvaluator._settled says of a statement that covers no decided action.
_PASSED: tuple[str, bool] = ("", False)


def _share(effect: str | Unknown, has_conditions: bool, true: int, maybe: int) -> Bits:
    """One statement's Bits: ``true`` the resources it certainly applies to, ``maybe`` those it may."""
    if effect is UNKNOWN:
        return 0, 0, true | maybe, 0, 0, true | maybe
    if effect == "Deny":
        return (0, true, maybe, 0, 0, 0) if has_conditions else (true, 0, maybe, 0, 0, 0)
    return (0, 0, 0, 0, true, maybe) if has_conditions else (0, 0, 0, true, 0, maybe)


def _may_cover(share: Bits) -> Bits:
    """A statement's Bits for the actions its Action only may cover: each resource it applies to, or
    may, is one it only may (as _share(effect, has_conditions, 0, true | maybe))."""
    deny, deny_conditional, deny_unknown, allow, conditional, unknown = share
    return 0, 0, deny | deny_conditional | deny_unknown, 0, 0, allow | conditional | unknown


def _or(left: Bits, right: Bits) -> Bits:
    if left is NO_BITS:
        return right
    return (left[0] | right[0], left[1] | right[1], left[2] | right[2], left[3] | right[3], left[4] | right[4],
            left[5] | right[5])


def _ored(shares: Sequence[ActionBits]) -> ActionBits:
    """The ActionBits of several policies ORed action by action. An action that only one share covers
    keeps that share's Bits object (decisions are memoised by their ids); a column at a time cost a
    call per action and share, most of them on NO_BITS (a policy covers few of the actions)."""
    found = list(shares[0])
    for share in shares[1:]:
        for bit, bits in enumerate(share):
            if bits is not NO_BITS:
                current = found[bit]
                found[bit] = bits if current is NO_BITS else _or(current, bits)
    return tuple(found)


def partition(splitters: Iterable[int], full: int) -> list[int]:
    """The bits of ``full`` split into groups that every splitter mask keeps whole (none if ``full`` is 0)."""
    groups = [full] if full else []
    for splitter in set(splitters):
        split = []
        for group in groups:
            inside = group & splitter
            split += [inside, group & ~splitter] if inside and inside != group else [group]
        groups = split
    return groups


def positions(mask: int) -> list[int]:
    """The set bits of a mask, lowest first: linear in the span from its lowest set bit to its highest,
    not in bits × length. The digits below the lowest set bit are not written out: a mask over one
    account's trails is a short run of the thousands of a snapshot's."""
    if not mask:
        return []
    low = (mask & -mask).bit_length() - 1
    digits = bin(mask >> low)[:1:-1]        # least significant digit first, without "0b"
    found = []
    at = 0      # the lowest digit is a 1
    while at >= 0:
        found.append(at + low)
        at = digits.find("1", at + 1)
    return found


def _has_variables(statement: Statement) -> bool:
    """A policy variable in the Resource/NotResource, or in a value of a condition on the trail (which
    the access matrix decides per trail: condition_masks), where the principal's context reaches the
    statement's answer other than through settle."""
    for patterns in (statement.resources, statement.not_resources):
        if isinstance(patterns, tuple):
            for pattern in patterns:
                if isinstance(pattern, str) and "${" in pattern:
                    return True
    return any(map(values_hold_variables, resource_conditions(statement)))


def layer_masks(bits: Bits) -> Masks:
    """One layer's verdict from its Bits: an explicit Deny wins, then Allow; conditions and unknowns weaken."""
    deny, deny_conditional, deny_unknown, allow, conditional, unknown = bits
    allowed_base = allow & ~deny
    unknown_base = unknown & ~allow & ~deny
    conditional_base = conditional & ~allow & ~unknown & ~deny
    positive = allowed_base | conditional_base
    return Masks(
        allowed=allowed_base & ~deny_unknown & ~deny_conditional,
        conditional=positive & ~deny_unknown & (conditional_base | deny_conditional),
        unknown=unknown_base | (positive & deny_unknown),
        denied=deny,
    )
