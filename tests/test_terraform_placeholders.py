"""A Terraform trail's ARN literal that holds a placeholder for its Region or account (``kms_key_id =
"arn:aws:kms:us-east-1:ACCOUNT_ID:key/..."``, a sample copied without filling in) is one TL002 saying
what to fill in, as in a CloudFormation template (tests/test_cloudformation_placeholders.py): not
findings about an account that is not one, and not a silent pass. The value is set, so what needs only
that (TL303, TL203) is decided. AWS's documentation account (123456789012) is a value, as everywhere.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_same_holes import lint

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'
KEY = "arn:aws:kms:us-east-1:{account}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
TOPIC = "arn:aws:sns:{region}:{account}:trail-topic"
GROUP = "arn:aws:logs:us-east-1:{account}:log-group:trail:*"
ROLE = "arn:aws:iam::{account}:role/trail-logs"
# each ARN argument of a trail, with a sample ARN for it
ARGUMENTS = {"kms_key_id": KEY, "sns_topic_name": TOPIC, "cloud_watch_logs_group_arn": GROUP,
             "cloud_watch_logs_role_arn": ROLE}
RULES = ("TL002", "TL203", "TL204", "TL216", "TL217", "TL218", "TL219")


def _trail(**arguments: str) -> str:
    written = "".join(f'  {name} = "{value}"\n' for name, value in arguments.items())
    return PROVIDER + f'''resource "aws_cloudtrail" "audit" {{
  name                          = "audit-trail"
  s3_bucket_name                = "audit-logs-bucket"
  is_multi_region_trail         = true
{written}}}
'''


def _lint(directory: Path, text: str) -> list[str]:
    return [f for f in lint(directory, "main.tf", text, RULES, account="111122223333")
            if "is not in the inputs" not in f]


def test_a_placeholder_account_in_a_key_arn_is_one_tl002(tmp_path: Path) -> None:
    found = _lint(tmp_path, _trail(kms_key_id=KEY.format(account="ACCOUNT_ID")))
    assert found == [("TL002 'ACCOUNT_ID' is a placeholder, not a Region or account ID: write the value it stands "
                      "for, so not known: kms_key_id of aws_cloudtrail.audit (TL217 (invalid-kms-key-id) cannot "
                      "decide)")]


def test_placeholders_of_region_and_account_are_named_together(tmp_path: Path) -> None:
    found = _lint(tmp_path, _trail(sns_topic_name=TOPIC.format(region="<region>", account="<account-id>")))
    assert found == [("TL002 '<region>' and '<account-id>' are placeholders, not values: write the values they "
                      "stand for, so not known: sns_topic_name of aws_cloudtrail.audit (TL218 (invalid-sns-topic-name) "
                      "cannot decide)")]


def test_a_placeholder_account_makes_no_other_account_finding(tmp_path: Path) -> None:
    # the log group and role of another account would be TL216; a placeholder is no other account
    text = _trail(cloud_watch_logs_group_arn=GROUP.format(account="YOUR_ACCOUNT_ID"),
                  cloud_watch_logs_role_arn=ROLE.format(account="YOUR_ACCOUNT_ID"))
    found = _lint(tmp_path, text)
    assert not any(f.startswith(("TL216", "TL203", "TL219 ")) for f in found), found
    # one cause, one TL002 naming both arguments
    said, = found
    assert "'YOUR_ACCOUNT_ID' is a placeholder" in said
    assert "cloud_watch_logs_group_arn of aws_cloudtrail.audit" in said and "cloud_watch_logs_role_arn" in said
    other = _lint(tmp_path, text.replace("YOUR_ACCOUNT_ID", "444455556666"))
    assert any(f.startswith("TL216") for f in other), other


def test_the_documentation_account_is_a_value(tmp_path: Path) -> None:
    found = _lint(tmp_path, _trail(kms_key_id=KEY.format(account="123456789012")))
    assert not any("placeholder" in f for f in found)


def test_a_key_with_a_placeholder_is_set(tmp_path: Path) -> None:
    # TL303 needs only whether a key is set: it is, whatever account it turns out to be in
    found = lint(tmp_path, "main.tf", _trail(kms_key_id=KEY.format(account="ACCOUNT_ID")), ("TL303",))
    assert found == []


_WORDS = st.sampled_from(["ACCOUNT_ID", "<account-id>", "<AccountId>", "xxxxxxxxxxxx", "AWS_ACCOUNT_ID",
                          "your-account-id", "account"])


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(sorted(ARGUMENTS)), _WORDS)
def test_any_placeholder_account_in_any_arn_argument_is_one_tl002_at_it(argument: str, word: str) -> None:
    arn = ARGUMENTS[argument].format(account=word, region="us-east-1")
    with tempfile.TemporaryDirectory() as directory:
        found = _lint(Path(directory), _trail(**{argument: arn}))
    said, = [f for f in found if "placeholder" in f]
    # the value is set: a log group without a role is TL203 whatever its account (and so a role without a group)
    half_set = [f for f in found if f.startswith("TL203")]
    assert len(half_set) == (argument in ("cloud_watch_logs_group_arn", "cloud_watch_logs_role_arn"))
    assert all(f.startswith("TL002") for f in found if f not in half_set), found
    assert f"{word!r} is a placeholder" in said and f"{argument} of aws_cloudtrail.audit" in said


def _plan(**arguments: str) -> str:
    import json

    after = {"name": "audit-trail", "s3_bucket_name": "audit-logs-bucket", "is_multi_region_trail": True, **arguments}
    return json.dumps({"format_version": "1.2", "terraform_version": "1.6.0", "resource_changes": [
        {"address": "aws_cloudtrail.audit", "mode": "managed", "type": "aws_cloudtrail", "name": "audit",
         "provider_name": "registry.terraform.io/hashicorp/aws",
         "change": {"actions": ["create"], "before": None, "after": after, "after_unknown": {}}}]})


@pytest.mark.parametrize(("argument", "rule"), [("kms_key_id", "TL217 (invalid-kms-key-id)"),
                                                ("sns_topic_name", "TL218 (invalid-sns-topic-name)")])
def test_a_plan_s_placeholder_names_the_checks_of_what_the_user_writes(tmp_path: Path, argument: str,
                                                                        rule: str) -> None:
    # a plan's value with a placeholder is what the user wrote, not AWS's own: whether it is a valid
    # key or topic ARN once filled in is open, said in the placeholder's TL002
    arn = ARGUMENTS[argument].format(account="ACCOUNT_ID", region="us-east-1")
    found = [f for f in lint(tmp_path, "plan.json", _plan(**{argument: arn}), RULES, account="111122223333")
             if "is not in the inputs" not in f]
    said, = found
    assert said.startswith("TL002 'ACCOUNT_ID' is a placeholder") and f"{argument} of aws_cloudtrail.audit ({rule}" in said
    # the same ARN filled in is checked as written: valid, no finding
    filled = ARGUMENTS[argument].format(account="111122223333", region="us-east-1")
    assert [f for f in lint(tmp_path, "plan.json", _plan(**{argument: filled}), RULES, account="111122223333")
            if "is not in the inputs" not in f] == []


def test_a_plan_s_value_known_after_apply_is_aws_s_own(tmp_path: Path) -> None:
    # an ARN Terraform learns when it applies is AWS's own, valid: no check of what the user writes is open
    plan = _plan().replace('"after_unknown": {}', '"after_unknown": {"kms_key_id": true}')
    assert [f for f in lint(tmp_path, "plan.json", plan, RULES, account="111122223333")
            if "is not in the inputs" not in f] == []
