"""A trail's SNS topic that no topic can have is TL218's alone: TL208 and TL220 have no topic policy or
key to ask about, so no TL002 says the topic is not in the inputs (as TL219 alone says a value names no
log group). https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from trail_lint.rules import tl208_sns_policy_blocks_delivery as tl208
from trail_lint.rules import tl218_invalid_sns_topic_name as tl218
from trail_lint.rules import tl220_sns_key_blocks_notifications as tl220

from trail_lint.delivery import names_no_topic
from trail_lint.model import InputKind, Inventory, Origin, Trail

TOPIC_CHARACTERS = st.sampled_from("abcXYZ019_-. +:/é")


def _trail(topic: str, kind: InputKind = InputKind.CLOUDFORMATION) -> Trail:
    return Trail(name="notified", s3_bucket="logs", sns_topic=topic, region="us-east-2", account="123456789012",
                 origin=Origin("t.yaml", ("Resources", "Trail"), kind=kind))


@given(st.text(TOPIC_CHARACTERS, min_size=1, max_size=30))
def test_a_topic_no_topic_can_have_is_tl218_alone(name: str) -> None:
    trail = _trail(name)
    refused = bool(list(tl218.check(trail)))
    assert names_no_topic(trail) is refused
    inventory = Inventory(trails=(trail,))
    said = [p for rule in (tl208, tl220) for p in rule.check(inventory) if "is not in the inputs" in p.message]
    assert bool(said) is not refused, said


@given(st.text(TOPIC_CHARACTERS, min_size=1, max_size=30))
def test_a_topic_aws_lists_is_asked_about(name: str) -> None:
    # describe-trails gives the topic AWS accepted (an ARN edited after the fact still names one)
    assert names_no_topic(_trail(name, InputKind.AWS_CLI)) is False
