"""ActionMasks: per-statement action bit masks give iam.action_applies's answer for every action."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.iam.access import GLOBAL_ACTIONS, TRAIL_ACTIONS
from trail_lint.iam.evaluator import action_applies
from trail_lint.iam.masks import ActionMasks
from trail_lint.model import UNKNOWN, Statement

ACTIONS = (*TRAIL_ACTIONS, *GLOBAL_ACTIONS)
PATTERNS = st.sampled_from(["*", "cloudtrail:*", "cloudtrail:Stop*", "cloudtrail:*Logging", "CLOUDTRAIL:GETTRAIL",
                            "cloudtrail:Describe*", "cloudtrail:?etTrail*", "s3:*", "iam:*", "", UNKNOWN,
                            "*Logging", "cloud*:GetTrail", "*:*", "cloudtrail:*:x"])   # outside the documented form
ACTION_LISTS = st.one_of(st.lists(PATTERNS, max_size=4).map(tuple), st.just(UNKNOWN))


def test_masks_name_the_actions_covered_and_those_an_unknown_pattern_may_cover() -> None:
    masks = ActionMasks(("cloudtrail:StopLogging", "cloudtrail:GetTrail", "s3:GetObject"))
    assert masks.masks(Statement("Allow", actions=("cloudtrail:Stop*",))) == (0b001, 0)
    assert masks.masks(Statement("Allow", actions=("cloudtrail:*", UNKNOWN))) == (0b011, 0b100)
    assert masks.masks(Statement("Allow", actions=(), not_actions=("s3:*",))) == (0b011, 0)
    assert masks.masks(Statement("Allow", actions=(), not_actions=UNKNOWN)) == (0, 0b111)
    assert masks.applies(Statement("Allow", actions=("iam:*",)), "iam:PassRole") is True   # not in the list


@settings(max_examples=300, deadline=None)
@given(ACTION_LISTS, st.booleans(), st.sampled_from([*ACTIONS, "iam:PassRole", "CloudTrail:stoplogging"]))
def test_applies_equals_iam_action_applies(patterns, negated: bool, action: str) -> None:
    statement = Statement("Allow", actions=() if negated else patterns, not_actions=patterns if negated else None)
    masks = ActionMasks(ACTIONS)
    assert masks.applies(statement, action) is action_applies(statement, action)
    assert masks.applies(statement, action) is action_applies(statement, action)   # the cached answer too
