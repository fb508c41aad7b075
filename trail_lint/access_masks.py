"""The access matrix evaluator: iam.evaluate's logic, run for every trail at once on bit masks.

Bit ``i`` of a mask stands for request resource ``i`` (a trail ARN, or ``"*"``). Each statement's
resource matches are computed once per resource list; a principal's decision for one action over
all trails is then a handful of integer operations. tests/test_access.py checks it against
iam.evaluate request by request.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trail_lint import iam
from trail_lint.model import UNKNOWN, Policy, Statement, Unknown


@dataclass(frozen=True, slots=True)
class Masks:
    """One action over a resource list: which resources end allowed, conditional, unknown or explicitly denied."""

    allowed: int = 0
    conditional: int = 0
    unknown: int = 0
    denied: int = 0          # by an explicit, unconditional Deny (others are implicit)


_Candidate = tuple[Statement, "bool | Unknown"]


class MaskEvaluator:
    def __init__(self, resources: Sequence[str | iam.ResourceArn]) -> None:
        self.resources = tuple(resources)
        self.full = (1 << len(self.resources)) - 1
        self._patterns: dict[tuple[str, bool], tuple[int, int]] = {}
        self._resource_sets: dict[tuple[object, object], tuple[int, int]] = {}
        self._actions: dict[tuple[object, object, str], bool | Unknown] = {}
        self._candidates: dict[tuple[int, str], tuple[_Candidate, ...]] = {}
        self._keep: list[Policy] = []

    def candidates(self, policy: Policy, action: str) -> tuple[_Candidate, ...]:
        key = (id(policy), action)
        found = self._candidates.get(key)
        if found is None:
            self._keep.append(policy)
            found = tuple((statement, applies) for statement in policy.statements
                          if (applies := self._action_applies(statement, action)) is not False) \
                if isinstance(policy.statements, tuple) else ()
            self._candidates[key] = found
        return found

    def _action_applies(self, statement: Statement, action: str) -> bool | Unknown:
        # Many principals carry copies of the same statements: match each Action list once.
        key = (statement.actions, statement.not_actions, action)
        found = self._actions.get(key)
        if found is None:
            found = self._actions[key] = iam.action_applies(statement, action)
        return found

    def _pattern_masks(self, pattern: str, negated: bool = False) -> tuple[int, int]:
        found = self._patterns.get((pattern, negated))
        if found is None:
            true = unknown = 0
            match = iam.not_resource_matches if negated else iam.resource_matches
            for bit, resource in enumerate(self.resources):
                matches = match(pattern, resource)
                if matches is True:
                    true |= 1 << bit
                elif matches is UNKNOWN:
                    unknown |= 1 << bit
            found = self._patterns[(pattern, negated)] = (true, unknown)
        return found

    def _any(self, patterns: tuple[str | Unknown, ...] | Unknown, negated: bool = False) -> tuple[int, int]:
        """Like iam's Resource matching: resources some pattern matches, and those only unknown ones might."""
        if not isinstance(patterns, tuple):
            return 0, self.full
        true = unknown = 0
        for pattern in patterns:
            if isinstance(pattern, str):
                pattern_true, pattern_unknown = self._pattern_masks(pattern, negated)
                true |= pattern_true
                unknown |= pattern_unknown
            else:
                unknown = self.full
        return true, unknown & ~true

    def _resource_masks(self, statement: Statement) -> tuple[int, int]:
        key = (statement.resources, statement.not_resources)
        found = self._resource_sets.get(key)
        if found is None:
            if statement.not_resources is not None:
                true, unknown = self._any(statement.not_resources, negated=True)
                found = (self.full & ~true & ~unknown, unknown)
            else:
                found = self._any(statement.resources)
            self._resource_sets[key] = found
        return found

    def layer(self, policies: Sequence[Policy], action: str) -> Masks:
        deny = deny_conditional = deny_unknown = allow = conditional = unknown = 0
        for policy in policies:
            if not isinstance(policy.statements, tuple):
                unknown |= self.full
                deny_unknown |= self.full
                continue
            for statement, action_applies in self.candidates(policy, action):
                effect = statement.effect
                if isinstance(effect, str) and effect not in iam.VALID_EFFECTS:
                    continue
                res_true, res_unknown = self._resource_masks(statement)
                true, maybe = (res_true, res_unknown) if action_applies is True else (0, res_true | res_unknown)
                has_conditions = statement.conditions is UNKNOWN or bool(statement.conditions)
                if effect is UNKNOWN:
                    unknown |= true | maybe
                    deny_unknown |= true | maybe
                elif effect == "Deny":
                    deny_unknown |= maybe
                    if has_conditions:
                        deny_conditional |= true
                    else:
                        deny |= true
                else:
                    unknown |= maybe
                    if has_conditions:
                        conditional |= true
                    else:
                        allow |= true
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

    def evaluate(self, identity: Sequence[Policy], action: str, boundary: Policy | None,
                 scps: Sequence[Sequence[Policy]]) -> Masks:
        layers = [self.layer(identity, action)]
        if boundary is not None:
            layers.append(self.layer((boundary,), action))
        layers.extend(self.layer(level, action) for level in scps)
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

    def key(self, policies: Sequence[Policy], action: str) -> tuple[int, ...]:
        """What a layer's verdict for the action depends on: its candidate statements (and unknown policies)."""
        return tuple(id(statement) if isinstance(policy.statements, tuple) else -id(policy)
                     for policy in policies
                     for statement, _ in (self.candidates(policy, action)
                                          if isinstance(policy.statements, tuple) else ((None, None),)))
