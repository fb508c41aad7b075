"""A trail's SNS topic that no topic can have is TL218's alone: TL208 and TL220 have no topic policy or
key to ask about, so no TL002 says the topic is not in the inputs (as TL219 alone says a value names no
log group); so is a KMS key ID in none of the forms CloudTrail takes, TL217's alone.
https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from trail_lint.rules import tl208_sns_policy_blocks_delivery as tl208
from trail_lint.rules import tl209_kms_policy_blocks_cloudtrail as tl209
from trail_lint.rules import tl217_invalid_kms_key_id as tl217
from trail_lint.rules import tl218_invalid_sns_topic_name as tl218
from trail_lint.rules import tl220_sns_key_blocks_notifications as tl220

from trail_lint.delivery_links import names_no_key, names_no_topic
from trail_lint.model import InputKind, Inventory, Origin, Trail
from trail_lint.records import replace

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


KEY_CHARACTERS = st.sampled_from("abf09-/_:. alias")


@given(st.text(KEY_CHARACTERS, min_size=1, max_size=40).map(lambda text: f"alias/{text}")
       | st.text(KEY_CHARACTERS, min_size=1, max_size=40))
def test_a_key_id_in_none_of_the_forms_is_tl217_alone(key: str) -> None:
    trail = replace(_trail("topic"), sns_topic=None, kms_key_id=key)
    refused = bool(list(tl217.check(trail)))
    assert names_no_key(trail) is refused
    said = [p for p in tl209.check(Inventory(trails=(trail,))) if "is not in the inputs" in p.message]
    assert bool(said) is not refused, said
    assert names_no_key(replace(trail, origin=replace(trail.origin, kind=InputKind.AWS_CLI))) is False
