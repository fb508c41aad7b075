"""TL103's three limits, on model objects (the fixtures cover the selector count)."""
from __future__ import annotations

from trail_lint.rules.tl103_event_selector_limits import RULE

from trail_lint.model import AdvancedSelector, DataResource, EventSelector, FieldSelector, Trail


def messages(trail: Trail) -> list[str]:
    return [p.message for p in RULE.check(trail)]


def test_data_resources_over_250_across_selectors() -> None:
    def selector(start: int, count: int) -> EventSelector:
        values = tuple(f"arn:aws:s3:::bucket-{i}/" for i in range(start, start + count))
        return EventSelector(data_resources=(DataResource("AWS::S3::Object", values),))

    at_limit = Trail("t", event_selectors=(selector(0, 125), selector(125, 125)))
    assert messages(at_limit) == []
    over = Trail("t", event_selectors=(selector(0, 125), selector(125, 126)))
    assert messages(over) == ["trail 't' lists 251 data resources; the limit is 250 per trail"]
    # values that log a whole resource type do not count towards the 250
    whole = EventSelector(data_resources=(DataResource("AWS::S3::Object", ("arn:aws:s3",)),))
    assert messages(Trail("t", event_selectors=(selector(0, 250), whole))) == []


def test_advanced_selector_values_over_500() -> None:
    def selector(count: int) -> AdvancedSelector:
        return AdvancedSelector("s", (FieldSelector("eventCategory", equals=("Data",)),
                                      FieldSelector("resources.ARN", starts_with=tuple(
                                          f"arn:aws:s3:::b{i}/" for i in range(count - 1)))))

    assert messages(Trail("t", advanced_selectors=(selector(250), selector(250)))) == []
    assert messages(Trail("t", advanced_selectors=(selector(250), selector(251)))) == [
        "trail 't' uses 501 values in its advanced event selectors; the limit is 500 per trail"]
