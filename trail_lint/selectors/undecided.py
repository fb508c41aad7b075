"""What a trail records when the inputs cannot settle it: selectors that describe-trails output
leaves out (``selectors_not_given``), Insights selectors left out, and values not known offline
(``records_unknown``); each trail's TL002 (``selectors_unread``, ``selectors_unknown``, ``selectors_open``), said
once for every rule it blocks."""
from __future__ import annotations

from collections.abc import Sequence

from trail_lint.model import (
    SAID_BY_SUBJECT,
    UNKNOWN,
    UNKNOWN_VALUE_SUBJECT,
    At,
    InputKind,
    Inventory,
    Problem,
    ReadWrite,
    Trail,
    Unknown,
)
from trail_lint.problems import conditional, delivers, trail_problem, variants
from trail_lint.records import replace
from trail_lint.selectors.recording import recorded, refused
from trail_lint.selectors.unknown_values import unknown_at


def selectors_not_given(trail: Trail) -> bool:
    """describe-trails says the trail has custom event selectors (HasCustomEventSelectors), or a
    create-trail or update-trail response, which does not say, is all the inputs hold of it, and no
    get-event-selectors output of it is among the inputs: what it records is not known."""
    return trail.origin.kind is InputKind.AWS_CLI and trail.event_selectors is UNKNOWN \
        and trail.advanced_selectors is UNKNOWN


def _flagged(trail: Trail, field: str) -> bool:
    """Whether the AWS CLI output the trail was read from gives a flag for ``field`` (describe-trails'
    HasCustomEventSelectors, HasInsightSelectors): a create-trail or update-trail response has no key
    for it (normalise.aws_json.RESPONSE_KEYS)."""
    return field in trail.origin.keys


def may_deliver_unread(trail: Trail) -> bool:
    """A trail that may be a copy of any events (it is not known to be stopped) whose selectors
    are not given (``selectors_not_given``): the rules counting copies cannot decide on it."""
    return delivers(trail) is not False and selectors_not_given(trail)


def selectors_unread(trail: Trail) -> Problem:
    """The TL002 of every rule that needs what such a trail records: one message and place per
    trail, so the engine reports it once, naming the rules it blocked."""
    said = "describe-trails says it has custom event selectors" if _flagged(trail, "event_selectors") else \
        "its create-trail or update-trail output does not say whether it has event selectors"
    problem = trail_problem(trail, f"what trail {trail.label!r} records is not known: {said} and its "
                                   "get-event-selectors output is not in the inputs",
                            trail.origin.of("event_selectors"), subject=f"selectors-not-given:{trail.origin.resource}")
    return replace(problem, undecided=True)


def undecided_gap(covering: Sequence[Trail]) -> list[Trail]:
    """Of the trails that may close a gap (a Region without management events, without global
    service events, without S3 object events), those whose selectors are not given, when every
    other one is conditional: the gap is then undecided on them (``selectors_unread`` each);
    [] when the gap can be decided."""
    unread = [t for t in covering if selectors_not_given(t)]
    return unread if unread and all(conditional(t) or selectors_not_given(t) for t in covering) else []


def selectors_refused(trail: Trail) -> Problem:
    """The TL002 of every rule that needs what a trail records whose basic and advanced selectors do
    not read alike (``recording.refused``): the API refuses both kinds on one trail, so what it
    records is not known. Said by TL205 at the same place where it is selected (SAID_BY_SUBJECT),
    once otherwise, naming the rules it blocked."""
    problem = trail_problem(trail, f"what trail {trail.label!r} records is not known: it has both basic and advanced "
                                   "event selectors, which the API refuses, and they do not record alike",
                            trail.origin.of("advanced_selectors"),
                            subject=f"{SAID_BY_SUBJECT}TL205:{trail.origin.resource}")
    return replace(problem, undecided=True)


def refused_gap(inventory: Inventory, covering: Sequence[Trail], part: str) -> list[Trail]:
    """``undecided_gap`` for trails whose two kinds of selectors do not read alike for ``part``
    (``recording.refused``): those of them that may close the gap when every other one is
    conditional (``selectors_refused`` each); [] when the gap can be decided."""
    refusing = [t for t in covering if refused(recorded(inventory, t), part)]
    return refusing if refusing and all(conditional(t) or t in refusing for t in covering) else []


def uncertain_gap(inventory: Inventory, covering: Sequence[Trail], part: str) -> list[Problem] | None:
    """Whether the trails that may close a gap in ``part`` ("management", "data") leave it open: None
    where the gap is certain (a finding); else what is said instead: each trail's TL002 where the gap
    is undecided on them (``undecided_gap``, ``refused_gap``: said by TL205 where it is selected), or
    nothing where a trail certain to exist closes it, or two conditional ones from one template may be
    either/or variants (``problems.variants``)."""
    unread = undecided_gap(covering)
    if unread:
        return list(map(selectors_unread, unread))
    refusing = refused_gap(inventory, covering, part)
    if refusing:
        return list(map(selectors_refused, refusing))
    if any(not conditional(t) for t in covering) or variants(covering):
        return []
    return None


def insights_unread(trail: Trail) -> Problem | None:
    """TL002 for a trail that describe-trails says has Insights selectors (HasInsightSelectors) and
    whose get-insight-selectors output is not among the inputs; None when they are known."""
    if trail.origin.kind is not InputKind.AWS_CLI or trail.insights is not UNKNOWN:
        return None
    said = "describe-trails says it has Insights selectors" if _flagged(trail, "insights") else \
        "its create-trail or update-trail output does not say whether it has Insights selectors"
    problem = trail_problem(trail, f"which Insights trail {trail.label!r} has is not known: {said} and its "
                                   "get-insight-selectors output is not in the inputs",
                            trail.origin.of("insights"), subject=f"insights-not-given:{trail.origin.resource}")
    return replace(problem, undecided=True)


def selectors_unknown(trail: Trail) -> Problem:
    """The TL002 of every rule comparing what trails record that a value of this trail's event
    selectors not known offline leaves open: one message and place per trail, so the engine says it
    once, naming the rules it blocked (with the value's cause, where a reader gives one)."""
    rejected = rejected_read_write(trail)
    if rejected is not None:
        value, at = rejected
        why = f"ReadWriteType {value!r} of its event selector is one the API rejects (TL210), so it is not " \
              "deployed as written"
    else:
        at = unknown_at(trail) or trail.origin.of("event_selectors")
        why = "its event selectors hold a value not known offline"
    problem = trail_problem(trail, f"what trail {trail.label!r} records is not known: {why}", at,
                            subject=f"selectors-unknown:{trail.origin.resource}")
    return replace(problem, undecided=True)


def rejected_read_write(trail: Trail) -> tuple[str, At] | None:
    """The first ReadWriteType of a trail's basic event selectors that the API rejects (TL210), with
    where it is written: whatever else is or is not known offline, what the trail records is not,
    for the template is not deployed as written; None when there is none."""
    for selector in trail.event_selectors if isinstance(trail.event_selectors, tuple) else ():
        value = selector.read_write
        if isinstance(value, str) and value not in {member.value for member in ReadWrite} \
                and selector.origin is not None:
            return str(value), selector.origin.of("read_write")
    return None


def kind_unknown(trail: Trail) -> bool:
    """Whether a whole kind of a trail's selectors is not known offline (an Fn::If of AWS::NoValue in
    AdvancedEventSelectors, Properties included whole), not left out of describe-trails output."""
    return (trail.event_selectors is UNKNOWN or trail.advanced_selectors is UNKNOWN) and not selectors_not_given(trail)


def selectors_open(trail: Trail) -> Problem:
    """``selectors_unknown`` as every rule that needs what the trail records gives it (TL309, TL502,
    TL504), so that one TL002 names them all: where a whole kind of selectors is not known, it is said
    in the reader's own TL002 for it, with or without a cause (not a second one)."""
    problem = selectors_unknown(trail)
    if kind_unknown(trail):
        return replace(problem, subject=f"{UNKNOWN_VALUE_SUBJECT}selectors:{trail.origin.resource}")
    return problem


def records_unknown(trail: Trail, kind: str | Unknown) -> bool:
    """Whether what a trail records that is not known is so because of a value not known offline
    in a selector (not selectors that describe-trails output leaves out, nor selectors the API
    rejects). Not when a whole kind of selectors is not known: the reader says so (CloudFormation's
    EventSelectors or AdvancedEventSelectors, its Properties, an AWS::Include not read), and its
    TL002 stands for every check that leaves open, naming the rules where it knows the cause; but
    when selectors of the one kind the trail has are known beside that kind's unknown part
    (``Trail.known_event_selectors``), the check those leave open is said, in that same TL002."""
    if trail.event_selectors is UNKNOWN or trail.advanced_selectors is UNKNOWN:
        return kind in ("basic", "advanced")
    return kind != "both" and not selectors_not_given(trail) and unknown_at(trail) is not None
