"""The statements behind many decisions at once, for the access report formats.

``AccessReport.grant`` evaluates one request again with ``iam.evaluate`` to name the statements
a decision rests on. A report prints up to principals × trails × actions of them, but the
reasons for one principal and action can differ between two trails only where some statement's
Resource matches one trail and not the other. So the trails are split into groups that every
statement's resource masks keep whole, ``iam.evaluate`` runs once per group and action (on the
group's first trail), and principals with the same policies share the answer. Which Action
elements cover the action is looked up once per policy and action, from the masks of each
distinct Action list (masks.ActionMasks). The answer is the one
``AccessReport.grant`` gives, decision by decision (tests/test_access.py, test_shared_reasons_are_those_of_evaluating_each_decision).
"""
from __future__ import annotations

from collections.abc import Iterator

from trail_lint.iam import evaluator as iam
from trail_lint.iam.access import (
    ACCOUNT_WIDE,
    AccessReport,
    Grant,
    Row,
    TrailView,
    canonical_action,
    decided,
)
from trail_lint.iam.actions import requires_wildcard_resource
from trail_lint.iam.conditions import names_requested_region, resource_conditions
from trail_lint.iam.evaluator import ANY_RESOURCE, Because, Decision, RequestContext, ResourceArn
from trail_lint.iam.masks import MaskEvaluator, partition, positions
from trail_lint.iam.resolve import Effective
from trail_lint.model import UNKNOWN, Policy, Statement, Tri

# A grant as a plain tuple: principal, trail key (or "*"), action, decision, reasons.
Cell = tuple[str, str, str, Decision, tuple[Because, ...]]
# The groups of a view's trails (by local bit), with the first trail of each trail's group (report bits) found so far
_Firsts = tuple[dict[int, int], list[int]]


class Reasons:
    """Grants with their reasons, for one report; memoised, so one instance serves one rendering."""

    def __init__(self, report: AccessReport) -> None:
        self.report = report
        self._evaluator = MaskEvaluator(report.resources, index=report.indexed(), on=report.contexts or None,
                                        rejections=report.rejections)
        self._actions = report.actions_masked()
        self._bits: dict[object, int] = {}      # a request resource -> its first bit in the evaluator's masks
        for bit, resource in enumerate(report.resources):
            self._bits.setdefault(resource, bit)
        self._full = (1 << len(report.resources)) - 1
        # Keyed by ids: the policies live as long as the report that holds them.
        self._candidates: dict[tuple[int, str], tuple[tuple[int, Statement, Tri], ...]] = {}
        # Each distinct _key gets a small number: the keys are long tuples, hashed again at every look-up.
        self._numbers: dict[tuple[object, ...], int] = {}
        # (number, the view's id) -> the groups of the view's trails (_groups)
        self._firsts: dict[tuple[int, int], _Firsts] = {}
        self._views: dict[int, MaskEvaluator] = {}      # by the TrailView's id: the report holds them
        self._because: dict[tuple[int, str, int], tuple[Because, ...]] = {}
        self._names: dict[tuple[int, int], Because] = {}     # by the policy's id and the statement's index
        self._resource_masks: dict[tuple[int, int], tuple[int, int]] = {}
        self._alikes: dict[int, dict[str, str]] = {}      # number -> action -> the first action alike (_alike)
        # action -> requires_wildcard_resource
        self._wildcard = {action: requires_wildcard_resource(action) for action in self._actions.actions}

    def grants(self, include_denied: bool = False) -> Iterator[Grant]:
        """What render's formats print: every non-denied decision with its reasons (include_denied: every one),
        in the order of AccessReport.decisions."""
        whens = self.report.requested()
        for cell in self.cells(include_denied):
            yield Grant(*cell, when=whens.get(cell[:3]) if whens else None)

    def cells(self, include_denied: bool = False) -> Iterator[Cell]:
        """grants() as plain tuples (principal, trail, action, decision, reasons), for the formats that only
        write them out: a report prints up to principals × trails × actions of them."""
        for row in (*self.report.rows, *self.report.groups):
            yield from self.row_cells(row, include_denied)

    def row_cells(self, row: Row, include_denied: bool = False) -> Iterator[Cell]:
        principal, effective = row.principal.id, row.effective
        cells = self.report.cells(row, include_denied, denials=False)
        if effective is None:
            for trail, _, action, decision, _ in cells:
                yield principal, trail, action, decision, ()
            return
        own = effective
        number = self._number(effective)
        found, wildcard, alike = self._because, self._wildcard, self._alike(number, effective)
        at_bit = first = -1     # a trail's bit, and the first trail of its group
        firsts: _Firsts | None = None     # the groups of the row's trails, looked up at the first trail asked of
        denied = Decision.DENIED
        with_note: dict[tuple[int, bool], tuple[Because, ...]] = {}
        for trail, bit, action, decision, explicit in cells:
            if decision is denied and not explicit:
                yield principal, trail, action, decision, ()
                continue
            if row.in_accounts:     # the policies the trail's requests are decided by (Row.effective_on)
                on = row.effective_on(-1 if trail == ACCOUNT_WIDE else row.view.local.get(bit, -1)) or own
                if on is not effective:
                    effective, at_bit, firsts = on, -1, None
                    number = self._number(effective)
                    alike = self._alike(number, effective)
            if trail == ACCOUNT_WIDE or wildcard[action]:
                group = -1
            else:       # a row's cells come trail by trail: the group is looked up once per trail
                if bit != at_bit:
                    if firsts is None:
                        firsts = self._groups(number, effective, row.view)
                    at_bit, first = bit, _first_of_group(firsts, row.view, bit)
                group = first
            kind = alike[action]
            because = found.get((number, kind, group))
            if because is None:
                because = self._evaluate(effective, number, kind, group)
            if row.account_unknown is not None and decision is Decision.CONDITIONAL:
                # the same reasons object for the cells it is the same for (the formats write it once)
                local = -1 if trail == ACCOUNT_WIDE else row.view.local.get(bit, -1)
                key = (id(because), local >= 0 and bool(row.view.untied >> local & 1))
                noted = with_note.get(key)
                if noted is None:
                    noted = with_note[key] = row.reasons(local, decision, because)
                because = noted
            yield principal, trail, action, decision, because

    def grant(self, principal: str, trail: str, action: str) -> Grant:
        """AccessReport.grant, with the reasons shared as in grants()."""
        action = canonical_action(action)
        found = self.report.locate(principal, trail, action)
        answer = decided(found[1].get(action), found[2]) if found is not None else None
        if found is None or answer is None:
            return Grant(principal, trail, action, Decision.DENIED)
        (row, _, local), (decision, explicit) = found, answer
        bit = -1 if trail == ACCOUNT_WIDE else row.view.bits[local]     # a row may have no trail at all
        because = self.because(row, trail, bit, action) if decision is not Decision.DENIED or explicit else ()
        local = -1 if trail == ACCOUNT_WIDE else local
        return Grant(principal, trail, action, decision, row.reasons(local, decision, because),
                     row.when(action, local) if decision is Decision.CONDITIONAL else None)

    def because(self, row: Row, trail: str, bit: int, action: str) -> tuple[Because, ...]:
        """What AccessReport.grant names for a decision that is not an implicit denial."""
        effective = row.effective_on(-1 if trail == ACCOUNT_WIDE else row.view.local.get(bit, -1))
        if effective is None:
            return ()
        number = self._number(effective)
        wildcard = self._wildcard.get(action)
        if wildcard is None:
            wildcard = self._wildcard[action] = requires_wildcard_resource(action)
        first = -1 if wildcard or trail == ACCOUNT_WIDE else \
            _first_of_group(self._groups(number, effective, row.view), row.view, bit)
        action = self._alike(number, effective).get(action, action)
        found = self._because.get((number, action, first))
        return found if found is not None else self._evaluate(effective, number, action, first)

    def _evaluate(self, effective: Effective, number: int, action: str, first: int) -> tuple[Because, ...]:
        """The reasons of ``action`` on the trail ``first`` (-1: on "*"), memoised by ``number`` (_number)."""
        resource = ANY_RESOURCE if first < 0 else self.report.resources[first]
        found = self._because[(number, action, first)] = iam.evaluate(
            effective.identity, action, resource, boundary=effective.boundary, scps=effective.scps,
            context=effective.context, candidates=self._candidates_of, resource_test=self._resource_test,
            on=self.report.context_of(first), rejects=self.report.rejections.identity, named=self._named).because
        return found

    def _named(self, policy: Policy, statement: Statement, index: int) -> Because:
        """iam.because_of(policy, statement, index): a statement is named in many evaluations."""
        found = self._names.get((id(policy), index))
        if found is None:
            found = self._names[(id(policy), index)] = iam.because_of(policy, statement, index)
        return found

    def _number(self, effective: Effective) -> int:
        return self._numbers.setdefault(_key(effective), len(self._numbers))

    def _alike(self, number: int, effective: Effective) -> dict[str, str]:
        """Each action -> the first of the actions that every statement of the policies (``number``:
        _number) covers alike. Only the candidates depend on the action, so such actions have the same
        reasons: PutEventSelectors and PutInsightSelectors under `cloudtrail:Put*`, say. Where a condition
        is on aws:RequestedRegion, the actions performed only in a trail's home Region are apart from
        the others (the trail fixes the key for the first only)."""
        found = self._alikes.get(number)
        if found is None:
            masks = self._actions.masks
            statements = [statement for policy in _policies(effective) if isinstance(policy.statements, tuple)
                          for statement in policy.statements]
            splitters = [mask for statement in statements for mask in masks(statement)]
            if any(names_requested_region(resource_conditions(statement)) for statement in statements):
                splitters.append(self._actions.home)
            actions = self._actions.actions
            found = self._alikes[number] = {
                actions[at]: actions[(group & -group).bit_length() - 1]
                for group in partition(splitters, self._actions.full) for at in positions(group)}
        return found

    def view_evaluator(self, view: TrailView) -> MaskEvaluator:
        """A MaskEvaluator of the view's trails alone: its bit i is the view's local bit i."""
        if len(view.bits) == len(self.report.resources):    # every trail, in order: the report's own evaluator
            return self._evaluator
        found = self._views.get(id(view))
        if found is None:
            report = self.report
            on = [report.contexts[bit] for bit in view.bits] if report.contexts else None
            found = self._views[id(view)] = MaskEvaluator([report.resources[bit] for bit in view.bits], on=on,
                                                          rejections=report.rejections)
        return found

    def _groups(self, number: int, effective: Effective, view: TrailView) -> _Firsts:
        """The groups of the view's trails that every statement of the policies (``number``: _number) keeps whole,
        split once per distinct set of policies and view. Over the view's trails, not the run's: a snapshot's
        thousands of distinct sets of policies each reach only their account's trails (a square in the
        accounts otherwise)."""
        key = (number, id(view))
        found = self._firsts.get(key)
        if found is None:
            found = self._firsts[key] = (
                {}, partition(statement_masks(self.view_evaluator(view), effective), (1 << len(view.bits)) - 1))
        return found

    def _resource_test(self, statement: Statement, resource: str | ResourceArn, context: RequestContext) -> Tri:
        """iam.resource_applies, read from the statement's resource masks (computed once per Resource list)."""
        bit = self._bits.get(resource)
        if bit is None:
            return iam.resource_applies(statement, resource, context)
        # keyed by ids: the statements and the principals' contexts live as long as the report
        key = (id(statement), id(context))
        masks = self._resource_masks.get(key)
        if masks is None:
            masks = self._resource_masks[key] = self._evaluator.resource_masks(statement, context)
        true, unknown = masks
        return True if true >> bit & 1 else UNKNOWN if unknown >> bit & 1 else False

    def _candidates_of(self, policy: Policy, action: str) -> tuple[tuple[int, Statement, Tri], ...]:
        key = (id(policy), action)
        found = self._candidates.get(key)
        if found is None:
            found = self._candidates[key] = tuple(self._all_candidates(policy, action))
        return found

    def _all_candidates(self, policy: Policy, action: str) -> Iterator[tuple[int, Statement, Tri]]:
        """iam.all_candidates, each Action list matched against the report's actions once."""
        if isinstance(policy.statements, tuple):
            applies = self._actions.applies
            for index, statement in enumerate(policy.statements):
                covers = applies(statement, action)
                if covers is not False:
                    yield index, statement, covers


def statement_masks(evaluator: MaskEvaluator, effective: Effective) -> Iterator[int]:
    """Each statement's Resource matches (true, unknown) over the evaluator's trails, and where its conditions
    name keys the trail fixes (its tags, its account) the trails they hold for and may, for the statements that
    may name a CloudTrail action: trails that no mask splits get the same answer from every statement."""
    for policy in _policies(effective):
        if isinstance(policy.statements, tuple):
            for statement in policy.statements:
                if iam.mentions_service(statement, "cloudtrail") is not False:
                    yield from evaluator.resource_masks(statement, effective.context)
                    on_resource = resource_conditions(statement)
                    if on_resource:
                        yield from evaluator.condition_masks(on_resource, effective.context)
                        if names_requested_region(on_resource):     # for the actions that may be called anywhere
                            yield from evaluator.condition_masks(on_resource, effective.context, home=False)


def _first_of_group(firsts: _Firsts, view: TrailView, bit: int) -> int:
    """The first trail of the trail ``bit``'s group (Reasons._groups), found once per trail asked of."""
    known, groups = firsts
    found = known.get(bit)
    if found is None:
        local = view.local.get(bit)
        if local is None:       # a trail the row cannot act on: its own group
            return bit
        group = next(group for group in groups if group >> local & 1)
        found = known[bit] = view.bits[(group & -group).bit_length() - 1]
    return found


def _policies(effective: Effective) -> tuple[Policy, ...]:
    """The policies of every layer: identity, boundary, SCP levels."""
    return (*effective.identity, *((effective.boundary,) if effective.boundary else ()),
            *(policy for level in effective.scps for policy in level.policies))


def _key(effective: Effective) -> tuple[object, ...]:
    """Equal for principals whose decisions and reasons are equal: the same policies in the same layers."""
    return (tuple(map(id, effective.identity)), id(effective.boundary),
            tuple((tuple(map(id, level.policies)), level.applies) for level in effective.scps), effective.context)
