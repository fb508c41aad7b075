"""Trails with both basic and advanced event selectors, which PutEventSelectors refuses (TL205):
what they record where both kinds read alike, and one finding, not a TL002 per rule, where not.

https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
"""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.model import (
    UNKNOWN,
    AdvancedSelector,
    Coverage,
    DataResource,
    DataScope,
    EventSelector,
    FieldSelector,
    Trail,
)
from trail_lint.registry import all_rules
from trail_lint.selectors.recording import ALL_MANAGEMENT, recording, refused

FIXTURES = Path(__file__).parent / "rules" / "TL205"
S3_OBJECT = "AWS::S3::Object"
REFUSED = "it has both basic and advanced event selectors, which the API refuses"


def advanced(*fields: FieldSelector) -> AdvancedSelector:
    return AdvancedSelector(name=None, fields=fields)


def category(name: str) -> FieldSelector:
    return FieldSelector("eventCategory", equals=(name,))


S3 = FieldSelector("resources.type", equals=(S3_OBJECT,))
READ_ONLY = {"ReadOnly": ("true",), "WriteOnly": ("false",), "All": None}


def advanced_like(selector: EventSelector) -> tuple[AdvancedSelector, ...]:
    """The advanced selectors that record what one basic selector records (every S3 object, or none)."""
    read_only = READ_ONLY[str(selector.read_write)]
    extra = (FieldSelector("readOnly", equals=read_only),) if read_only else ()
    found = []
    if selector.management is True:
        found.append(advanced(category("Management"), *extra))
    if selector.data_resources:
        found.append(advanced(category("Data"), S3, *extra))
    return tuple(found)


@given(st.lists(st.tuples(st.sampled_from(sorted(READ_ONLY)), st.booleans(), st.booleans()), min_size=1, max_size=3))
def test_both_kinds_alike_record_what_either_kind_records(parts: list[tuple[str, bool, bool]]) -> None:
    basic = tuple(EventSelector(read_write=rw, management=management,
                                data_resources=(DataResource(S3_OBJECT, ("arn:aws:s3",)),) if objects else ())
                  for rw, management, objects in parts)
    adv = tuple(a for s in basic for a in advanced_like(s))
    if not adv:
        return      # no advanced selector to write beside them
    alone = recording(Trail("t", event_selectors=basic))
    both = recording(Trail("t", event_selectors=basic, advanced_selectors=adv))
    assert (both.kind, both.management, set(both.data)) == ("both", alone.management, set(alone.data))
    assert not refused(both, "management") and not refused(both, "data")


def test_both_kinds_unlike_leave_each_part_open_alone() -> None:
    basic = (EventSelector(read_write="All", management=True),)
    # management events alike (every one), data events not: only the data part is not known
    with_objects = recording(Trail("t", event_selectors=basic,
                                   advanced_selectors=(advanced(category("Management")), advanced(category("Data"), S3))))
    assert with_objects.management == ALL_MANAGEMENT and with_objects.data is UNKNOWN
    assert refused(with_objects, "data") and not refused(with_objects, "management")
    # write-only one way, every management event the other: management not known, data alike (none)
    write_only = recording(Trail("t", event_selectors=(EventSelector(read_write="WriteOnly"),),
                                 advanced_selectors=(advanced(category("Management")),)))
    assert write_only.management == Coverage(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN) and write_only.data == ()
    assert refused(write_only, "management") and not refused(write_only, "data")


def test_both_kinds_with_a_value_not_known_are_not_alike() -> None:
    unknown = recording(Trail("t", event_selectors=(EventSelector(read_write=UNKNOWN),),
                              advanced_selectors=(advanced(category("Management")),)))
    assert refused(unknown, "management")


def test_one_kind_is_never_refused() -> None:
    for trail in (Trail("t"), Trail("t", event_selectors=(EventSelector(read_write="WriteOnly"),)),
                  Trail("t", advanced_selectors=(advanced(category("Data"), S3),))):
        found = recording(trail)
        assert not refused(found, "management") and not refused(found, "data")
    assert recording(Trail("t", advanced_selectors=(advanced(category("Data"), S3),))).data == \
        (DataScope(S3_OBJECT, True, True),)


def lint(fixture: str, *, ignore: tuple[str, ...] = ()) -> list[str]:
    """Every rule on a TL205 fixture, as "line: rule message" lines."""
    config = replace(from_mapping({"region": "us-east-1", "account": "111122223333"}), ignore=ignore)
    cwd = os.getcwd()
    os.chdir(FIXTURES)
    try:
        result = run([fixture], config, all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f"{f.line}: {f.rule} {f.message}" for f in result.findings]


def refusals(lines: list[str]) -> list[str]:
    return [line for line in lines if REFUSED in line or "may record S3 write data events" in line]


def test_unlike_kinds_are_said_by_tl205_alone() -> None:
    for fixture in ("bad.yaml", "bad.tfplan.json", "bad.terraform", "bad.aws", "bad-alone.aws", "bad-alike.yaml"):
        lines = lint(fixture)
        assert any(" TL205 " in line for line in lines), fixture
        assert refusals(lines) == [], fixture


def test_unlike_kinds_without_tl205_are_one_tl002_naming_the_rules() -> None:
    # reviewed by hand: the trail with management events one way and S3 object events the other (said at
    # AdvancedEventSelectors of its get-event-selectors output, line 11, where TL205 is)
    # ('mixed', 'unlike') may log its own bucket's writes (TL309), may be a second copy of
    # management events and of global service events beside a trail that records them all (TL501,
    # TL503), may log the S3 object events the other trail logs (TL504; not beside 'alike', which
    # logs no data events)
    assert refusals(lint("bad.aws", ignore=("TL205",))) == [
        "11: TL002 TL309 (trail-logs-own-bucket), TL501 (duplicate-management-events), TL503 "
        "(duplicate-global-service-events) and TL504 (overlapping-data-events) cannot decide: what trail 'mixed' "
        "records is not known: " + REFUSED + ", and they do not record alike"]
    assert refusals(lint("bad.terraform", ignore=("TL205",))) == [
        "38: TL002 TL309 (trail-logs-own-bucket), TL501 (duplicate-management-events) and TL503 "
        "(duplicate-global-service-events) cannot decide: what trail 'unlike' records is not known: " + REFUSED
        + ", and they do not record alike"]
    # the account's one trail, write-only management events one way and S3 object events the
    # other: whether a Region and global service events are recorded (TL304, TL308), whether its
    # management events are reduced (TL305), its own log files' writes (TL309) are open
    assert refusals(lint("bad-alone.aws", ignore=("TL205",))) == [
        "11: TL002 TL304 (region-without-management-events), TL305 (management-events-reduced), TL308 "
        "(no-global-service-events) and TL309 (trail-logs-own-bucket) cannot decide: what trail 'mixed' records "
        "is not known: " + REFUSED + ", and they do not record alike"]
    # alone, with management events both ways (every one): only its data events are open
    assert refusals(lint("bad.tfplan.json", ignore=("TL205",))) == [
        "20: TL002 TL309 (trail-logs-own-bucket) cannot decide: what trail 'org-audit' records is not known: "
        + REFUSED + ", and they do not record alike"]


def test_a_multi_region_trail_receives_global_service_events_whatever_its_flag(tmp_path: Path) -> None:
    """A multi-Region trail always includes global service events (the API refuses one without): its
    IncludeGlobalServiceEvents not known offline leaves open no copy of them (TL503)."""
    text = (FIXTURES / "bad.terraform" / "main.tf").read_text().replace(
        "  is_multi_region_trail         = true\n",
        "  is_multi_region_trail         = true\n  include_global_service_events = var.globals\n")
    (tmp_path / "main.tf").write_text(text + 'variable "globals" {\n  type = bool\n}\n')
    config = replace(from_mapping({"region": "us-east-1", "account": "111122223333"}), ignore=("TL205",))
    found = run([str(tmp_path)], config, all_rules(), raise_errors=True).findings
    assert [f.message for f in found if REFUSED in f.message] == [
        "TL309 (trail-logs-own-bucket), TL501 (duplicate-management-events) and TL503 (duplicate-global-service-events) "
        "cannot decide: what trail 'unlike' records is not known: " + REFUSED + ", and they do not record alike"]


def test_alike_kinds_leave_the_other_rules_to_decide() -> None:
    lines = lint("bad-alike.yaml")
    assert [line for line in lines if " TL501 " in line] == [
        "8: TL501 1 paid copy of management events in every enabled Region: multi-Region trails audit, mixed"]
    lines = lint("bad.terraform")
    # 'alike' records every management event both ways, and is the one copy of them: no TL501
    assert not [line for line in lines if " TL501 " in line or ("TL002" in line and "'alike' records" in line)]
