"""The access report as one HTML page: the analysis as one embedded JSON block, drawn by a small script.

The page shows every principal × trail cell, so the block is compact: per principal, the trails
it can act on (its account's, as the analysis's TrailView: the page's "views", each written once)
are grouped by everything a cell's decision and reasons depend on (each action's decision masks
and the Resource matches of the principal's statements), and each group is written once with the
decision of every verb and the deciding statements, as indexes into one table of statements. A
trail outside the principal's view is denied, implicitly, for every verb.
"""
from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from trail_lint import __version__
from trail_lint.finding import Finding
from trail_lint.iam import evaluator as iam
from trail_lint.iam.access import (
    ACCOUNT_WIDE,
    VERBS,
    AccessReport,
    Row,
    TrailView,
    allowed_when,
    principal_name,
    trail_account,
    verb_decision,
)
from trail_lint.iam.conditions import names_requested_region, on_request
from trail_lint.iam.evaluator import Because, Decision
from trail_lint.iam.masks import MaskEvaluator, partition, positions
from trail_lint.iam.reasons import Reasons, statement_masks
from trail_lint.iam.render import ACCOUNT_VERBS, unread
from trail_lint.model import ROOT_USER_FILE, SHIPPED_FILE, UNKNOWN, At, Policy, Statement

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.organization import OrganizationSummary

Locate = Callable[[At], tuple[str, int, int]]
TAMPER_VERBS = ("stop", "delete", "update", "selectors")
MATRIX_VERBS = (*TAMPER_VERBS, "view", "start", "insights")
LETTERS = {Decision.ALLOWED: "a", Decision.CONDITIONAL: "c", Decision.UNKNOWN: "u", Decision.DENIED: "d"}
GROUP_DIGITS = string.digits + string.ascii_letters
ACCESS_RULES = ("TL401", "TL402", "TL403", "TL404", "TL405", "TL406", "TL407", "TL408")
Explained = dict[Because, tuple[str, "Statement | None", "Policy | None"]]


def render_html(report: AccessReport, findings: Sequence[Finding] = (), *, locate: Locate | None = None,
                organization: OrganizationSummary | None = None) -> str:
    """The whole page: one file, no network, works opened from disk. With ``organization`` (the account ×
    Region summary of trail_lint.organization) it gains the organization view, with the same data as
    the ``organization`` object of the JSON findings report."""
    from trail_lint.html import render_page
    from trail_lint.organization import to_json

    return render_page("access.html.j2", page=page_data(report, findings, locate or _first_line),
                       organization=to_json(organization) if organization is not None else None,
                       version=__version__)


def _first_line(at: At) -> tuple[str, int, int]:
    return at.file, 1, 1


@dataclass
class _Tables:
    """The page's statements and sets of statements, each written once and named by index."""

    locate: Locate
    statements: list[list[object]] = field(default_factory=list)
    statement_index: dict[tuple[Because, str], int] = field(default_factory=dict)
    reasons: list[list[int]] = field(default_factory=lambda: [[]])   # 0: no statement
    reason_index: dict[tuple[int, ...], int] = field(default_factory=lambda: {(): 0})
    conditions: dict[str, int] = field(default_factory=dict)     # the statement index of each condition()

    def statement(self, because: Because, explained: Explained) -> int:
        layer, statement, policy = explained.get(because, ("policy", None, None))
        key = (because, layer)
        found = self.statement_index.get(key)
        if found is None:
            file, line = ("", 0) if because.at.file in (SHIPPED_FILE, ROOT_USER_FILE) else self.locate(because.at)[:2]
            names = [because.policy] + ([policy.arn] if policy is not None and policy.arn else [])
            found = self.statement_index[key] = len(self.statements)
            said = ROOT_USER_WHY if because.at.file == ROOT_USER_FILE else why(layer, statement, because)
            self.statements.append([because.policy, because.statement, file, line, said, names])
        return found

    def condition(self, said: str) -> int:
        """A reason that is no statement: the conditions on the request under which a conditional decision is
        allowed (AccessReport.requested), with no policy, statement or place of its own."""
        found = self.conditions.get(said)
        if found is None:
            found = self.conditions[said] = len(self.statements)
            self.statements.append(["", "", "", 0, allowed_when(said), []])
        return found

    def reason_set(self, because: Iterable[Because], explained: Explained, when: str | None = None) -> int:
        key = tuple(self.statement(b, explained) for b in because)
        if when is not None:
            key = (self.condition(when), *key)
        found = self.reason_index.get(key)
        if found is None:
            found = self.reason_index[key] = len(self.reasons)
            self.reasons.append(list(key))
        return found


# what the root user's own access is: no policy of the inputs (iam.root)
ROOT_USER_WHY = "Allow of the root user itself, which no policy grants and only SCPs limit"
# What the page says of the reason a decision adds where the principal's account is not known (Row.reasons)
ACCOUNT_REASON = "no statement: what the principal's account settles, which no input ties"


def why(layer: str, statement: Statement | None, because: Because) -> str:
    """Why a statement counts: its effect, the policy type it sits in, and whether conditions weaken it."""
    if layer == ACCOUNT_REASON:
        return layer
    if statement is None:
        return f"{layer} that cannot be known offline" if not because.statement else layer
    effect = statement.effect if isinstance(statement.effect, str) else "an Effect that cannot be known offline"
    text = f"{effect} in {layer}"
    if statement.conditions is UNKNOWN or statement.conditions:
        # the principal's and the trail's own keys are decided where the inputs say (iam.conditions)
        conditions = statement.conditions
        if not on_request(conditions):
            text += " with conditions on the principal or the trail (decided where the inputs say)"
        elif isinstance(conditions, tuple) and names_requested_region(conditions) and not on_request(
                tuple(condition for condition in conditions if not names_requested_region((condition,)))):
            # the Region is the trail's for the actions CloudTrail performs only in its home Region
            text += " with conditions on the Region of the request (decided on a trail where the inputs say" \
                    " its Region, for the actions performed only in its home Region)"
        else:
            text += " with conditions on the request (not known offline)"
    return text


def page_data(report: AccessReport, findings: Sequence[Finding], locate: Locate) -> dict[str, object]:
    tables = _Tables(locate)
    trails = []
    for trail, key in zip(report.trails, report.trail_keys):
        file, line, _ = locate(trail.origin.at)
        trails.append({"id": key, "name": trail.label, "account": trail_account(trail, None) or "",
                       "region": trail.region if isinstance(trail.region, str) else "", "file": file, "line": line})
    views = _Views()
    layers: dict[tuple[int, str], list[tuple[Because, Statement | None, Policy]]] = {}
    explain = Reasons(report)
    whens = report.requested()
    principals = [_principal(report, row, views, tables, layers, explain, whens) for row in report.rows]
    return {"trails": trails, "views": views.trails, "verbs": list(MATRIX_VERBS), "tamper": list(TAMPER_VERBS),
            "accountVerbs": list(ACCOUNT_VERBS), "principals": principals, "statements": tables.statements,
            "reasons": tables.reasons, "findings": _findings(report, findings),
            "unknown": [[p.message, *locate(p.at)[:2]] for p in report.unknown]
            + [[message, *locate(p.at)[:2]] for p, message in unread(report)]}


class _Views:
    """The page's views: the trails the principals of one account can act on (TrailView), each listed once
    by its trails' indexes. A principal's cells are worked out over its view (Reasons.view_evaluator), not
    over every trail of the run: a snapshot's principals each reach their account's few trails of its
    thousands (a square in the accounts)."""

    def __init__(self) -> None:
        self.trails: list[list[int]] = []
        self._found: dict[int, int] = {}     # by the TrailView's id: the report holds them

    def of(self, view: TrailView) -> int:
        """The view's index in the page."""
        found = self._found.get(id(view))
        if found is None:
            found = self._found[id(view)] = len(self.trails)
            self.trails.append(list(view.bits))
        return found


def _principal(report: AccessReport, row: Row, views: _Views, tables: _Tables,
               layers: dict[tuple[int, str], list[tuple[Because, Statement | None, Policy]]],
               explain: Reasons, whens: dict[tuple[str, str, str], str]) -> dict[str, object]:
    principal = row.principal
    file, line, _ = tables.locate(principal.origin.at)
    explained = _explained(row, layers)
    bits = row.view.bits
    groups = partition(_splitters(row, explain.view_evaluator(row.view)), (1 << len(bits)) - 1)   # none without trails
    cells = []
    for group in groups:
        trail = report.trail_keys[bits[(group & -group).bit_length() - 1]]
        letters, reasons = zip(*(_cell(explain, principal.id, trail, VERBS[verb], tables, explained, whens)
                                 for verb in MATRIX_VERBS))
        cells.append(["".join(letters), list(reasons)] if any(reasons) else ["".join(letters)])
    letters, reasons = zip(*(_cell(explain, principal.id, ACCOUNT_WIDE, actions, tables, explained, whens)
                             for actions in ACCOUNT_VERBS.values()))
    return {"id": principal.id, "name": principal_name(principal), "kind": principal.kind.value,
            "account": principal.account or "", "file": file, "line": line, "v": views.of(row.view),
            "g": _group_of_trail(groups, len(bits)), "c": cells, "w": ["".join(letters), list(reasons)]}


def _cell(explain: Reasons, principal: str, trail: str, actions: Sequence[str], tables: _Tables,
          explained: Explained, whens: dict[tuple[str, str, str], str] | None = None) -> tuple[str, int]:
    """A verb's decision on one trail (its best action's), as a letter, and the statements that decide it,
    after the conditions on the request under which a conditional one is allowed (``whens``)."""
    decisions = [explain.report.decision(principal, trail, action) for action in actions]
    best = verb_decision(decisions)
    if best is Decision.DENIED:    # explained only by an explicit Deny; an implicit one has no statement
        for action in actions:
            because = explain.grant(principal, trail, action).because
            if because:
                return LETTERS[best], tables.reason_set(because, explained)
        return LETTERS[best], 0
    grant = explain.grant(principal, trail, actions[decisions.index(best)])
    when = None
    if whens and best is Decision.CONDITIONAL:
        when = next((whens[found] for action in actions if (found := (principal, trail, action)) in whens), None)
    return LETTERS[best], tables.reason_set(grant.because, explained, when)


def _splitters(row: Row, evaluator: MaskEvaluator) -> Iterator[int]:
    """Masks over the row's view (local bits, as ``evaluator``'s) that a group of trails with the same cells
    keeps whole."""
    for masks in row.trail_masks.values():
        yield from (masks.allowed, masks.conditional, masks.unknown, masks.denied)
    # the trails a request of the principal turns allowed, by its conditions (Row.requested)
    yield from (mask for _, mask, _ in row.requested)
    # the trails of each account a principal of unknown account is judged as in (Row.in_accounts)
    if row.in_accounts:
        yield from row.view.owned_by().values()
    for effective in row.effectives:
        yield from statement_masks(evaluator, effective)


def _group_of_trail(groups: Sequence[int], count: int) -> str | list[int] | int:
    """Per trail of the view, the index of its group: 0 for one group (or none), else a string of digits (a
    list past 62 groups)."""
    if len(groups) <= 1:
        return 0
    index = [0] * count
    for number, group in enumerate(groups):
        for local in positions(group):
            index[local] = number
    return "".join(GROUP_DIGITS[i] for i in index) if len(groups) <= len(GROUP_DIGITS) else index


def _explained(row: Row, layers: dict[tuple[int, str], list[tuple[Because, Statement | None, Policy]]]) -> Explained:
    """Each statement the principal's decisions can rest on: the policy type it sits in, and the statement."""
    explained: Explained = {}
    if row.effective is None:
        return explained
    for effective in row.effectives:
        for layer, policies in (("identity policy", effective.identity),
                                ("permissions boundary", (effective.boundary,) if effective.boundary else ()),
                                ("SCP", tuple(p for level in effective.scps for p in level.policies))):
            for policy in policies:
                key = (id(policy), layer)
                if key not in layers:
                    layers[key] = list(_statements_of(policy))
                for because, statement, owner in layers[key]:
                    explained.setdefault(because, (layer, statement, owner))
    if row.account_unknown is not None:
        explained[row.account_unknown] = (ACCOUNT_REASON, None, None)
    return explained


def _statements_of(policy: Policy) -> Iterator[tuple[Because, Statement | None, Policy]]:
    if not isinstance(policy.statements, tuple):
        yield iam.because_of(policy), None, policy
        return
    for index, statement in enumerate(policy.statements):
        yield iam.because_of(policy, statement, index), statement, policy


def _findings(report: AccessReport, findings: Sequence[Finding]) -> list[dict[str, object]]:
    """The access findings, each pointing at its principal's row or at the policy whose cells it is about."""
    rows = {row.principal.id: index for index, row in enumerate(report.rows)}
    return [{"rule": f.rule, "name": f.name, "severity": f.severity.value, "message": f.message, "file": f.file,
             "line": f.line, "principal": rows.get(f.resource, -1), "resource": f.resource}
            for f in findings if f.rule in ACCESS_RULES and f.suppressed is None]
