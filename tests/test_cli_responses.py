"""AWS CLI output beside describe-trails read as what it says: a create-trail or update-trail response
is a trail whose selectors and Insights are not known (never the listing's defaults), one trail with
its describe-trails copy, whose settings the two give differently are not known (one TL002 naming both
files); list-tags output gives a trail read from AWS CLI output its tags, which are not known without it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import RunResult, run
from trail_lint.iam.access import trail_tags
from trail_lint.model import UNKNOWN, InputKind
from trail_lint.registry import all_rules

ACCOUNT = "111122223333"
ARN = f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/audit"
# API CreateTrail / UpdateTrail response syntax: the trail's settings, no HomeRegion, no selector flags
RESPONSE: dict[str, Any] = {
    "Name": "audit", "TrailARN": ARN, "S3BucketName": "logs", "IncludeGlobalServiceEvents": True,
    "IsMultiRegionTrail": True, "LogFileValidationEnabled": False, "IsOrganizationTrail": False}
LISTED: dict[str, Any] = {**RESPONSE, "HomeRegion": "eu-west-1", "HasCustomEventSelectors": False,
                          "HasInsightSelectors": False}
NOT_SAID = "its create-trail or update-trail output does not say whether it has event selectors"
# A setting both outputs give, a value other than RESPONSE's, and the rule its value decides
SETTINGS = {"IsMultiRegionTrail": (False, "TL316"), "LogFileValidationEnabled": (True, "TL302"),
            "KmsKeyId": (f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab", "TL303"),
            "CloudWatchLogsLogGroupArn": (f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:trail:*", "TL306")}


def _lint(folder: Path, config: Config | None = None, **outputs: Any) -> RunResult:
    for name, body in outputs.items():
        (folder / f"{name.replace('_', '-')}.json").write_text(json.dumps(body, indent=1))
    return run([str(folder)], config or Config(), all_rules(), raise_errors=True)


def _said(result: RunResult, rule: str = "") -> list[str]:
    return [f"{f.rule} {f.message}" for f in result.findings if f.rule.startswith(rule)]


def test_a_create_trail_response_is_a_trail_of_its_arns_account_and_region(tmp_path: Path) -> None:
    result = _lint(tmp_path, create_trail=RESPONSE)
    (trail,) = result.inventory.trails
    assert (trail.name, trail.account, trail.region, trail.arn) == ("audit", ACCOUNT, "eu-west-1", ARN)
    assert trail.origin.kind is InputKind.AWS_CLI and trail.multi_region is True
    assert trail.event_selectors is UNKNOWN and trail.advanced_selectors is UNKNOWN and trail.insights is UNKNOWN
    assert trail.tags is UNKNOWN
    said = _said(result)
    assert any(s.startswith("TL302 ") for s in said)                      # what it says is decided
    assert not any(s.startswith(("TL304 ", "TL305 ", "TL308 ")) for s in said)    # what it does not, not
    assert sum(NOT_SAID in s for s in said) == 1


def test_a_boto3_update_trail_response_is_read_too(tmp_path: Path) -> None:
    wrapped = {"status_code": 200, "data": {**RESPONSE, "ResponseMetadata": {"HTTPStatusCode": 200}}}
    (trail,) = _lint(tmp_path, update_trail=wrapped).inventory.trails
    assert trail.name == "audit" and trail.log_file_validation is False


def test_a_flat_object_with_keys_of_no_response_is_not_taken_for_one(tmp_path: Path) -> None:
    result = _lint(tmp_path, other={**RESPONSE, "Tags": []})
    assert result.inventory.trails == () and result.skipped


@pytest.mark.parametrize("taken_in", [None, "eu-west-1", "us-east-2"])     # us-east-2: the listing of a shadow copy
def test_with_its_describe_trails_copy_it_is_one_trail_whose_selectors_the_listing_gives(tmp_path: Path,
                                                                                        taken_in: str | None) -> None:
    result = _lint(tmp_path, Config(region=taken_in), create_trail=RESPONSE, describe_trails={"trailList": [LISTED]})
    (trail,) = result.inventory.trails
    assert trail.event_selectors == () and trail.insights == ()
    assert trail.origin.file.endswith("describe-trails.json")        # findings point at the listing
    said = _said(result)
    assert not any("not known" in s and "records" in s for s in said)
    assert not any("do not give the same settings" in s for s in said)


def test_a_setting_the_response_leaves_out_the_listing_gives(tmp_path: Path) -> None:
    response = {k: v for k, v in RESPONSE.items() if k != "LogFileValidationEnabled"}
    result = _lint(tmp_path, create_trail=response, describe_trails={"trailList": [LISTED]})
    (trail,) = result.inventory.trails
    assert trail.log_file_validation is False
    assert any(s.startswith("TL302 ") for s in _said(result))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(differ=st.sets(st.sampled_from(sorted(SETTINGS)), min_size=1), response_first=st.booleans())
def test_settings_the_two_give_differently_are_not_known_said_once(tmp_path_factory: pytest.TempPathFactory,
                                                                    differ: set[str], response_first: bool) -> None:
    folder = tmp_path_factory.mktemp("disagree")
    listed = {**LISTED, **{key: SETTINGS[key][0] for key in differ}}
    # the file names decide which is read first
    names = ("a-update-trail", "b-describe-trails") if response_first else ("b-update-trail", "a-describe-trails")
    result = _lint(folder, **{names[0]: RESPONSE, names[1]: {"trailList": [listed]}})
    (trail,) = result.inventory.trails
    for key, field in (("IsMultiRegionTrail", "multi_region"), ("LogFileValidationEnabled", "log_file_validation"),
                       ("KmsKeyId", "kms_key_id"), ("CloudWatchLogsLogGroupArn", "cloudwatch_logs_group_arn")):
        assert (getattr(trail, field) is UNKNOWN) == (key in differ), key
    said = [s for s in _said(result, "TL002") if "do not give the same settings" in s]
    assert len(said) == 1, _said(result)
    assert f"{names[0]}.json" in said[0] and f"{names[1]}.json" in said[0]
    # the TL002 lists three of what its cause leaves unknown, and counts the rest (unknowns.by_cause)
    assert sum(f"{key} of trail 'audit'" in said[0] for key in differ) == min(len(differ), 3)
    assert len(differ) <= 3 or f"; and {len(differ) - 3} more" in said[0]
    for key, (_, rule) in SETTINGS.items():
        # a setting not known decides nothing; one both give still does (TL302: validation off in both)
        decided = [s for s in _said(result, rule) if not s.startswith("TL002")]
        if key in differ:
            assert decided == [], decided
    if "LogFileValidationEnabled" not in differ:
        assert _said(result, "TL302")


def test_list_tags_gives_a_listed_trail_its_tags(tmp_path: Path) -> None:
    tags = {"ResourceTagList": [
        {"ResourceId": ARN, "TagsList": [{"Key": "protected", "Value": "true"}, {"Key": "team", "Value": ""}]},
        {"ResourceId": f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:eventdatastore/EXAMPLE-f852", "TagsList": []}]}
    result = _lint(tmp_path, describe_trails={"trailList": [LISTED]}, list_tags=tags)
    (trail,) = result.inventory.trails
    assert trail_tags(trail) == (("protected", "true"), ("team", ""))
    assert trail.origin.of("tags").file.endswith("list-tags.json")
    assert not any("list-tags" in s for s in _said(result, "TL002"))      # an event data store is no trail


def test_without_list_tags_a_listed_trails_tags_are_not_known(tmp_path: Path) -> None:
    (trail,) = _lint(tmp_path, describe_trails={"trailList": [LISTED]}).inventory.trails
    assert trail.tags is UNKNOWN and trail_tags(trail) is UNKNOWN


def test_list_tags_for_trails_no_input_defines_is_one_tl002_per_file(tmp_path: Path) -> None:
    other = [{"ResourceId": f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/gone-{i}", "TagsList": []} for i in range(3)]
    result = _lint(tmp_path, describe_trails={"trailList": [LISTED]}, list_tags={"ResourceTagList": other})
    said = [s for s in _said(result, "TL002") if "list-tags output" in s]
    assert said == [(f"TL002 list-tags output for {other[0]['ResourceId']}, {other[1]['ResourceId']} and "
                    f"{other[2]['ResourceId']} matches no trail in the inputs; lint it together with the "
                    "describe-trails output")]


def test_two_list_tags_outputs_that_differ_leave_the_tags_not_known(tmp_path: Path) -> None:
    def listing(value: str) -> dict[str, Any]:
        return {"ResourceTagList": [{"ResourceId": ARN, "TagsList": [{"Key": "protected", "Value": value}]}]}
    result = _lint(tmp_path, describe_trails={"trailList": [LISTED]}, tags_1=listing("true"), tags_2=listing("false"))
    (trail,) = result.inventory.trails
    assert trail.tags is UNKNOWN
    assert [s for s in _said(result, "TL002") if "list-tags" in s] == [
        ("TL002 tags of trail 'audit' are not known: its list-tags outputs (tags-1.json and tags-2.json) do not say "
        "the same")]


@pytest.mark.parametrize("tags", [{"Key": 5, "Value": "x"}, {"Value": "x"}, {"Key": "k", "Value": 1}, "k"])
def test_a_malformed_tag_is_tl001(tmp_path: Path, tags: object) -> None:
    result = _lint(tmp_path, list_tags={"ResourceTagList": [{"ResourceId": ARN, "TagsList": [tags]}]})
    assert [f.rule for f in result.findings] == ["TL001"]


def _authorization(action: str) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Action": action, "Resource": "*",
                 "Condition": {"StringEquals": {"aws:ResourceTag/team": "sandbox"}}}
    return {"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": [{
        "RoleName": "operator", "Arn": f"arn:aws:iam::{ACCOUNT}:role/operator", "AttachedManagedPolicies": [],
        "RolePolicyList": [{"PolicyName": "by-team", "PolicyDocument": {"Version": "2012-10-17",
                                                                         "Statement": [statement]}}]}]}


TAGS_NOT_GIVEN = ("the tags of trail 'audit' are not known: its AWS CLI output gives none and no list-tags output of "
                  "it is in the inputs, so whether aws:ResourceTag conditions (policy 'by-team') hold on it is not known")


def test_access_a_tag_condition_decides_on_a_listed_trail_is_said_once_without_list_tags(tmp_path: Path) -> None:
    result = _lint(tmp_path, describe_trails={"trailList": [LISTED]},
                   authorization=_authorization("cloudtrail:StopLogging"))
    said = [s for s in _said(result, "TL002") if "the tags of" in s]
    assert len(said) == 1 and said[0].endswith(TAGS_NOT_GIVEN) and "TL401 (can-tamper-with-trail)" in said[0]
    assert not _said(result, "TL401")        # conditional: never a grant, never a silent "cannot"


@pytest.mark.parametrize(("value", "granted"), [("sandbox", True), ("prod", False)])
def test_with_list_tags_the_tag_condition_is_decided(tmp_path: Path, value: str, granted: bool) -> None:
    tags = {"ResourceTagList": [{"ResourceId": ARN, "TagsList": [{"Key": "team", "Value": value}]}]}
    result = _lint(tmp_path, describe_trails={"trailList": [LISTED]}, list_tags=tags,
                   authorization=_authorization("cloudtrail:StopLogging"))
    assert not any("the tags of" in s for s in _said(result, "TL002"))
    assert _said(result, "TL401") == (["TL401 role operator can StopLogging on 'audit'"] if granted else [])


def test_the_tags_note_names_only_the_trails_a_principal_of_their_own_account_may_act_on(tmp_path: Path) -> None:
    # Two accounts, a trail each; only the second holds the role with the tag condition: the note
    # names that account's trail, found through the view of that account's trails alone.
    other = "444455556666"
    trails = [{**LISTED, "Name": name, "TrailARN": f"arn:aws:cloudtrail:eu-west-1:{account}:trail/{name}"}
              for name, account in (("audit", ACCOUNT), ("second", other))]
    authorization = json.loads(json.dumps(_authorization("cloudtrail:StopLogging")).replace(ACCOUNT, other))
    result = _lint(tmp_path, describe_trails={"trailList": trails}, authorization=authorization)
    said = [s for s in _said(result, "TL002") if "the tags of" in s]
    assert len(said) == 1 and said[0].endswith(TAGS_NOT_GIVEN.replace("'audit'", "'second'"))


def test_a_tag_condition_on_other_services_leaves_nothing_open(tmp_path: Path) -> None:
    result = _lint(tmp_path, describe_trails={"trailList": [LISTED]}, authorization=_authorization("s3:GetObject"))
    assert not any("the tags of" in s for s in _said(result, "TL002"))


def test_two_listings_of_one_name_that_disagree_are_named_by_their_paths(tmp_path: Path) -> None:
    for region, validation in (("eu-west-1", False), ("us-east-1", True)):
        (tmp_path / region).mkdir()
        listing = {"trailList": [{**LISTED, "LogFileValidationEnabled": validation}]}
        (tmp_path / region / "describe-trails.json").write_text(json.dumps(listing))
    result = run([str(tmp_path)], Config(), all_rules(), raise_errors=True)
    (trail,) = result.inventory.trails
    assert trail.log_file_validation is UNKNOWN
    said = [s for s in _said(result, "TL002") if "do not give the same settings" in s]
    assert len(said) == 1
    assert all(str(tmp_path / region / "describe-trails.json") in said[0] for region in ("eu-west-1", "us-east-1"))
    assert not _said(result, "TL302")


OPTIONAL = {"S3KeyPrefix": "prefix", "SnsTopicARN": f"arn:aws:sns:eu-west-1:{ACCOUNT}:topic",
            "KmsKeyId": SETTINGS["KmsKeyId"][0], "CloudWatchLogsLogGroupArn": SETTINGS["CloudWatchLogsLogGroupArn"][0],
            "CloudWatchLogsRoleArn": f"arn:aws:iam::{ACCOUNT}:role/CloudTrail_CloudWatchLogs",
            "IsOrganizationTrail": False, "IsMultiRegionTrail": True, "IncludeGlobalServiceEvents": True,
            "LogFileValidationEnabled": False}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keys=st.sets(st.sampled_from(sorted(OPTIONAL))))
def test_a_response_of_any_optional_keys_is_read_as_what_it_says(tmp_path_factory: pytest.TempPathFactory,
                                                                  keys: set[str]) -> None:
    response = {"Name": "audit", "TrailARN": ARN, "S3BucketName": "logs", **{key: OPTIONAL[key] for key in keys}}
    result = _lint(tmp_path_factory.mktemp("response"), create_trail=response)
    assert not [f for f in result.findings if f.rule in ("TL000", "TL001")]
    (trail,) = result.inventory.trails
    assert trail.region == "eu-west-1" and trail.event_selectors is UNKNOWN and trail.insights is UNKNOWN
    # a copy without a flag AWS always gives is trimmed: the settings given only when set that it leaves out
    # may have been cut as well, so they are not known (aws_json.GIVEN_WHEN_SET)
    trimmed = not {"IsMultiRegionTrail", "IncludeGlobalServiceEvents", "LogFileValidationEnabled"} <= keys
    assert trail.kms_key_id == response.get("KmsKeyId", UNKNOWN if trimmed else None)
    assert trail.cloudwatch_logs_group_arn == response.get("CloudWatchLogsLogGroupArn", UNKNOWN if trimmed else None)
    assert trail.s3_key_prefix == response.get("S3KeyPrefix")
    # a flag AWS always gives, left out, is not known (never its default); IsOrganizationTrail left out is a
    # response from before organization trails (2018): false
    for key, field in (("IsMultiRegionTrail", "multi_region"), ("IncludeGlobalServiceEvents", "include_global_events"),
                       ("LogFileValidationEnabled", "log_file_validation")):
        assert (getattr(trail, field) is UNKNOWN) == (key not in keys)
    assert trail.organization is False
    absent = [s for s in _said(result, "TL002") if "absent from this create-trail or update-trail output" in s]
    assert len(absent) == (0 if {"IsMultiRegionTrail", "IncludeGlobalServiceEvents",
                                 "LogFileValidationEnabled"} <= keys else 1)
