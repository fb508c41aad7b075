"""The access rules walk only the set bits of their masks; the answers are those of a walk over every trail.

The reference walks below are the definitions (one decision per trail, in trail order); the rules
must give the same messages for any masks.
"""
from __future__ import annotations

from dataclasses import replace
from fnmatch import fnmatchcase

from hypothesis import given, settings
from hypothesis import strategies as st
from trail_lint.rules import tl401_can_tamper_with_trail as tl401
from trail_lint.rules import tl405_access_intent_violated as tl405

from trail_lint.iam.access import (
    TAMPER_ACTIONS,
    TRAIL_ACTIONS,
    VERBS,
    AccessReport,
    Row,
    TrailView,
    conditional_trails,
    trail_list,
)
from trail_lint.iam.evaluator import Decision
from trail_lint.iam.masks import Masks, positions
from trail_lint.model import Origin, Principal, PrincipalKind, Trail


def test_positions_are_the_set_bits_lowest_first() -> None:
    assert positions(0) == []
    assert positions(0b1011) == [0, 1, 3]
    assert positions(1 << 200 | 1 << 3) == [3, 200]
    assert positions(0b111 << 5000) == [5000, 5001, 5002]


@settings(max_examples=300, deadline=None)
@given(st.sets(st.integers(0, 3000)))
def test_positions_of_any_mask_are_its_bits_in_order(bits: set[int]) -> None:
    assert positions(sum(1 << bit for bit in bits)) == sorted(bits)


@st.composite
def reports(draw: st.DrawFn) -> AccessReport:
    count = draw(st.integers(min_value=1, max_value=9))
    trails = tuple(Trail(name=f"t{bit}", account="111122223333", region="us-east-1") for bit in range(count))
    rows = []
    for number in range(draw(st.integers(min_value=1, max_value=3))):
        # the trails the row's principal can act on (its account's): its masks' bits stand for them
        view = TrailView.of(sorted(draw(st.sets(st.integers(0, count - 1)))))
        width = len(view.bits)
        full = (1 << width) - 1
        masks = {}
        for action in TRAIL_ACTIONS:
            # one decision per trail of the view: allowed, conditional, unknown or denied (explicitly or not)
            decisions = draw(st.lists(st.integers(0, 4), min_size=width, max_size=width))
            bits = [sum(1 << bit for bit, d in enumerate(decisions) if d == kind) for kind in range(5)]
            masks[action] = Masks(bits[0], bits[1], bits[2], bits[3] & full)
        principal = Principal(id=f"p{number}", kind=PrincipalKind.ROLE, name=f"p{number}", origin=Origin("f", ()),
                              account=draw(st.sampled_from([None, "111122223333"])))
        rows.append(Row(principal, None, masks, {}, view))
    keys = tuple(f"arn:aws:cloudtrail:us-east-1:111122223333:trail/t{bit}" for bit in range(count))
    return AccessReport(trails, tuple(row.principal for row in rows), tuple(rows), trail_keys=keys, resources=keys)


def _decision_on(row: Row, action: str, bit: int) -> Decision:
    """The decision on report trail ``bit``: denied outside the row's view."""
    local = row.view.local.get(bit)
    return Decision.DENIED if local is None else _decision(row.trail_masks[action], local)


def _decision(masks: Masks, bit: int) -> Decision:
    return (Decision.ALLOWED if masks.allowed >> bit & 1 else Decision.CONDITIONAL if masks.conditional >> bit & 1
            else Decision.UNKNOWN if masks.unknown >> bit & 1 else Decision.DENIED)


def _tamper_walk(report: AccessReport, row: Row) -> str:
    granted: dict[str, list[str]] = {}
    for bit, trail in enumerate(report.trails):
        actions = [a.split(":")[1] for a in TAMPER_ACTIONS if _decision_on(row, a, bit) is Decision.ALLOWED]
        if actions:
            granted.setdefault(", ".join(actions), []).append(trail.label)
    # "all N trails" are all those the principal can act on (its view), named by its account when it has one
    whose = f" of account {row.principal.account}" if row.principal.account else ""
    return "; ".join(f"{actions} on {trail_list(labels, len(row.view.bits), whose)}"
                     for actions, labels in granted.items())


def _intent_walk(report: AccessReport, row: Row, intent: tl405.Intent) -> list[str]:
    gaps: dict[tuple[str, str], list[str]] = {}
    for bit, (trail, key) in enumerate(zip(report.trails, report.trail_keys)):
        # an intent holds for the trails the principal can act on (its view): another account's are not its
        if bit not in row.view.local or not any(fnmatchcase(name, p) for name in (key, trail.label)
                                                for p in intent.trails):
            continue
        for verb in intent.may:
            decision = max((_decision_on(row, a, bit) for a in VERBS[verb]), key=lambda d: d.rank)
            if decision is not Decision.ALLOWED:
                gaps.setdefault((f"may {verb}", tl405._cannot(decision)), []).append(trail.label)
        for verb in intent.must_not:
            decision = max((_decision_on(row, a, bit) for a in VERBS[verb]), key=lambda d: d.rank)
            if decision is not Decision.DENIED:
                gaps.setdefault((f"must not {verb}", tl405._can(decision)), []).append(trail.label)
    whose = f" of account {row.principal.account}" if row.principal.account else ""
    return [f"{what} {trail_list(trails, len(row.view.bits), whose)} but {outcome}"
            for (what, outcome), trails in gaps.items()]


VERB_LISTS = st.lists(st.sampled_from(sorted(VERBS)), max_size=3, unique=True).map(tuple)


@settings(max_examples=200, deadline=None)
@given(reports(), VERB_LISTS, VERB_LISTS, st.sampled_from([("*",), ("t1", "*t3"), ("nothing",)]))
def test_tl401_and_tl405_equal_a_walk_over_every_trail(report: AccessReport, may, must_not, trails) -> None:
    intent = tl405.Intent(("*",), trails, may, must_not)
    for row in report.rows:
        assert tl401._granted(report, [row.trail_masks[a].allowed for a in TAMPER_ACTIONS], row.view,
                              row.principal.account) \
            == _tamper_walk(report, row)
        named = sum(1 << bit for bit, trail in enumerate(report.trails)
                    if any(fnmatchcase(name, p) for name in (report.trail_keys[bit], trail.label)
                           for p in trails))
        assert list(tl405._gaps(report, row, intent, named)) == _intent_walk(report, row, intent)


@settings(max_examples=200, deadline=None)
@given(reports(), st.booleans(), st.booleans())
def test_cells_skip_only_trails_without_a_printed_decision(report: AccessReport, include_denied: bool,
                                                           denials: bool) -> None:
    from trail_lint.iam.access import ACCOUNT_WIDE, GLOBAL_ACTIONS, decided

    for row in report.rows:
        walk = []
        for trail, bit, masks, actions in [(ACCOUNT_WIDE, 0, row.global_masks, GLOBAL_ACTIONS),
                                           *((key, bit, row.trail_masks, TRAIL_ACTIONS)
                                             for bit, key in enumerate(report.trail_keys))]:
            for action in actions:
                # a trail outside the row's view: an implicit denial
                local = bit if trail == ACCOUNT_WIDE else row.view.local.get(bit)
                found = (Decision.DENIED, False) if local is None else decided(masks.get(action), local)
                if found is not None and (include_denied or found[0] is not Decision.DENIED or found[1] and denials):
                    walk.append((trail, bit, action, *found))
        assert list(report.cells(row, include_denied, denials)) == walk


@settings(max_examples=200, deadline=None)
@given(reports(), st.lists(st.integers(0, 2), max_size=4),
       st.lists(st.sampled_from(TRAIL_ACTIONS), min_size=1, max_size=3, unique=True))
def test_conditional_trails_are_those_of_any_row_and_action(report: AccessReport, again: list[int],
                                                            actions: list[str]) -> None:
    # rows sharing a view (the principals of one account), and rows of views of their own
    rows = [*report.rows, *(replace(report.rows[index % len(report.rows)], principal=Principal(
        id=f"again{number}", kind=PrincipalKind.ROLE, name="again", origin=Origin("f", ()))) for number, index
        in enumerate(again))]
    walk = sum(1 << bit for bit in range(len(report.trails))
               if any(_decision_on(row, action, bit) is Decision.CONDITIONAL for row in rows for action in TRAIL_ACTIONS))
    assert conditional_trails(rows) == walk
    # of some of the actions (TL401's tamper actions, TL406's StopLogging: region_left_open)
    assert conditional_trails(rows, actions) == sum(
        1 << bit for bit in range(len(report.trails))
        if any(_decision_on(row, action, bit) is Decision.CONDITIONAL for row in rows for action in actions))
