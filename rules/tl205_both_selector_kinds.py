"""A trail has both basic and advanced event selectors.

## Why it matters
PutEventSelectors takes one kind or the other, never both, and applying one kind replaces
the other. Terraform refuses the combination (`ConflictsWith`) and CloudFormation rejects
the template. The exact API exception is not documented; `InvalidEventSelectorsException`
is the likely one.

## What else is checked on such a trail
Which kind would apply is not known, so trail-lint reads what each kind records alone, for
management events and for data events apart:
- where both kinds record the same (every value known), the other rules decide as for one
  kind: a trail whose basic and advanced selectors both record every management event is a
  copy of them for TL501 and TL502, and no TL002 is added;
- where they do not, what the trail records of that part is not known because the API refuses
  the configuration. This finding says so once: the rules that need that part (TL304, TL305,
  TL308, TL309, TL315, TL501, TL503, TL504) add no TL002 of their own. With TL205 not selected, they are named
  in one TL002 at the same place instead.
Rules that do not read what the trail records (its bucket, key, logging, validation, ...) check
it as usual. Management events are compared by the events recorded (one `All` selector is a
`ReadOnly` and a `WriteOnly` one); data events by each resource type's scope as read (read or
write, ARN prefixes and ARNs, other conditions), so the same data events split or written in
other forms are taken not to agree, and are then not known.

Terraform selector blocks written beside a `dynamic` block over a value not known offline are
the trail's whatever it makes: both kinds written is this finding; one kind written and the other
only made by such a `dynamic` block (maybe none) is not known, said in that value's TL002.

get-event-selectors output holds the kind the trail uses; an empty list of the other kind
(`"EventSelectors": []`) is no selectors of that kind, not both. Output that lists both kinds
cannot come from a trail the API accepted (an edited or hand-made file): it is read as written.

## Fix
Terraform: keep either the `event_selector` blocks or the `advanced_event_selector` blocks.
Advanced selectors can express everything basic ones can.
CloudFormation: keep either `EventSelectors` or `AdvancedEventSelectors`.
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --advanced-event-selectors file://selectors.json`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail
from trail_lint.problems import trail_problem, undecided_setting
from trail_lint.rule import Rule, Severity
from trail_lint.selectors.recording import known_selectors


def check(trail: Trail) -> Iterator[Problem]:
    # the selectors known to be the trail's, also where more not known offline may be beside them
    basic, advanced = known_selectors(trail)
    if basic and advanced:
        yield trail_problem(trail, f"trail {trail.label!r} has both basic and advanced event selectors",
                            trail.origin.of("advanced_selectors"))
    elif basic and trail.advanced_selectors is UNKNOWN:
        yield undecided_setting(trail, "advanced_selectors", "whether it has advanced event selectors")
    elif advanced and trail.event_selectors is UNKNOWN:
        yield undecided_setting(trail, "event_selectors", "whether it has basic event selectors")


RULE = Rule(id="TL205", name="both-selector-kinds", severity=Severity.ERROR, applies_to=Trail,
            check=check, doc=__doc__)
