"""A value the input format always writes, absent from an input, is not known (a trimmed or edited
copy), never the service's default: the checks it settles stay open and one TL002 per file says
so, naming what is absent and the checks it leaves open.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.normalise.aws_json import ALWAYS_GIVEN

ARGS = ["--format", "parsable", "--select", "TL002,TL202,TL302,TL308,TL316"]


def _run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> list[str]:
    capsys.readouterr()
    main([*args, str(path)])
    return [line.split(":", 1)[1] for line in capsys.readouterr().out.splitlines()]


def _trail(name: str, **flags: object) -> dict[str, object]:
    return {"Name": name, "S3BucketName": "logs", "HomeRegion": "us-east-1",
            "TrailARN": f"arn:aws:cloudtrail:us-east-1:111122223333:trail/{name}", **flags}


FULL = {"IsMultiRegionTrail": True, "IncludeGlobalServiceEvents": True, "LogFileValidationEnabled": True}


def _listing(tmp_path: Path, *trails: dict[str, object]) -> Path:
    path = tmp_path / "trails.json"
    path.write_text(json.dumps({"trailList": list(trails)}, indent=1))
    return path


def test_absent_log_file_validation_is_not_reported_disabled(tmp_path: Path, capsys) -> None:
    flags = {k: v for k, v in FULL.items() if k != "LogFileValidationEnabled"}
    out = [line for line in _run(capsys, _listing(tmp_path, _trail("audit", **flags)), *ARGS) if "TL301" not in line]
    assert not any("TL302 log file validation is disabled" in line for line in out)
    assert out == [("2:2: TL002 LogFileValidationEnabled absent from 1 of the 1 trails of this describe-trails "
                    "output, which AWS gives for every trail (a trimmed or edited copy), so not known: "
                    "LogFileValidationEnabled of trail 'audit' (TL302 (log-file-validation-disabled) cannot decide); "
                    "KmsKeyId of trail 'audit'; CloudWatchLogsLogGroupArn of trail 'audit'; and 1 more")]


def test_one_finding_per_file_however_many_trails_leave_flags_out(tmp_path: Path, capsys) -> None:
    trails = [_trail(f"trail-{i}") for i in range(6)]
    out = [line for line in _run(capsys, _listing(tmp_path, *trails), *ARGS) if "TL002" in line and "absent" in line]
    assert len(out) == 1
    assert ("IncludeGlobalServiceEvents and IsMultiRegionTrail and LogFileValidationEnabled absent from 6 of the 6 "
            "trails") in out[0]
    # the 3 flags and the 3 settings given only when set (GIVEN_WHEN_SET) of each of the 6 trails, 3 of them named
    assert "; and 33 more" in out[0]
    # nothing is reported as if the flags were their defaults
    assert not any(f": {rule} " in line for line in _run(capsys, tmp_path / "trails.json", *ARGS)
                   for rule in ("TL302", "TL316", "TL202", "TL308"))


def test_given_flags_are_read_as_given(tmp_path: Path, capsys) -> None:
    out = _run(capsys, _listing(tmp_path, _trail("audit", IsMultiRegionTrail=False, IncludeGlobalServiceEvents=True,
                                                  LogFileValidationEnabled=False)), *ARGS)
    assert any("TL302 log file validation is disabled for trail 'audit'" in line for line in out)
    assert any("TL316 trail 'audit' records events in its home Region" in line for line in out)
    assert not any("absent" in line for line in out)


def test_flags_absent_from_responses_older_than_their_feature_keep_their_default(tmp_path: Path, capsys) -> None:
    # IsOrganizationTrail, HasCustomEventSelectors, HasInsightSelectors: absent before the feature existed
    out = _run(capsys, _listing(tmp_path, _trail("audit", **FULL)), *ARGS)
    assert not any("absent" in line or "IsOrganizationTrail" in line for line in out)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sets(st.sampled_from(sorted(ALWAYS_GIVEN.values()))), min_size=1, max_size=4))
def test_any_flags_left_out_make_at_most_one_finding_and_no_guess(tmp_path: Path, capsys, kept: list[set[str]]) -> None:
    trails = [_trail(f"trail-{i}", **{k: False for k in keys}) for i, keys in enumerate(kept)]
    out = _run(capsys, _listing(tmp_path, *trails), *ARGS)
    absent = [line for line in out if "absent from" in line]
    assert len(absent) == (0 if all(len(keys) == len(ALWAYS_GIVEN) for keys in kept) else 1)
    for i, keys in enumerate(kept):
        disabled = any(f"TL302 log file validation is disabled for trail 'trail-{i}'" in line for line in out)
        assert disabled == ("LogFileValidationEnabled" in keys)


def test_settings_given_only_when_set_are_not_known_in_a_trimmed_copy(tmp_path: Path, capsys) -> None:
    """A page's example describe-trails output keeps a few keys of each trail: without LogFileValidationEnabled,
    which AWS always gives, it is a trimmed copy, and its missing KmsKeyId or CloudWatchLogsLogGroupArn says
    nothing of the trail's key or log group (no TL303, TL306 or TL203 reported as if they were unset)."""
    trimmed = {k: v for k, v in FULL.items() if k != "LogFileValidationEnabled"}
    args = ["--format", "parsable", "--select", "TL002,TL203,TL303,TL306"]
    out = _run(capsys, _listing(tmp_path, _trail("audit", **trimmed)), *args)
    assert not [line for line in out if " TL002 " not in line]
    said = next(line for line in out if "absent from" in line)
    assert "KmsKeyId of trail 'audit' (TL303 (no-kms-encryption) cannot decide)" in said
    assert "CloudWatchLogsLogGroupArn of trail 'audit' (TL203 (cloudwatch-logs-half-set) and TL306 (no-cloudwatch-logs) " \
           "cannot decide)" in said
    # what the trimmed copy does give is read as given
    key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    out = _run(capsys, _listing(tmp_path, _trail("audit", KmsKeyId=key, **trimmed)), *args)
    assert "KmsKeyId" not in "".join(out)
    # a complete copy without them: they are not set
    out = _run(capsys, _listing(tmp_path, _trail("audit", **FULL)), *args)
    assert any("TL303 log files of trail 'audit' are not encrypted with a KMS key" in line for line in out)
    assert any("TL306 trail 'audit' does not send events to CloudWatch Logs" in line for line in out)


# A plan with planned_values and no resource_changes: Terraform omits there what is known only after
# apply (https://developer.hashicorp.com/terraform/internals/json-format#values-representation).
PLAN_ARGS = ["--format", "parsable", "--select", "TL002,TL302,TL303,TL306,TL316"]
TRAIL_VALUES = {"name": "audit", "s3_bucket_name": "audit-logs-example", "is_multi_region_trail": True,
                "include_global_service_events": True, "enable_logging": True, "enable_log_file_validation": False,
                "kms_key_id": None, "cloud_watch_logs_group_arn": None, "cloud_watch_logs_role_arn": None,
                "sns_topic_name": None, "s3_key_prefix": None, "event_selector": [], "advanced_event_selector": [],
                "insight_selector": [], "tags": None, "region": "us-east-1", "is_organization_trail": False}


def _planned(tmp_path: Path, *values: dict[str, object], prior: dict[str, object] | None = None) -> Path:
    resources = [{"address": f"aws_cloudtrail.t{i}", "mode": "managed", "type": "aws_cloudtrail", "name": f"t{i}",
                  "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": given}
                 for i, given in enumerate(values)]
    plan: dict[str, object] = {"format_version": "1.2", "planned_values": {"root_module": {"resources": resources}}}
    if prior is not None:
        plan["prior_state"] = {"format_version": "1.0", "values": {"root_module": {"resources": [
            {**resources[0], "values": prior}]}}}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, indent=1))
    return path


def test_a_plan_of_planned_values_alone_reads_what_they_leave_out_as_unknown(tmp_path: Path, capsys) -> None:
    trimmed = {k: v for k, v in TRAIL_VALUES.items() if k not in ("enable_log_file_validation",
                                                                   "cloud_watch_logs_group_arn")}
    out = _run(capsys, _planned(tmp_path, trimmed, {**trimmed, "name": "other"}), *PLAN_ARGS)
    assert not any(": TL302 " in line or ": TL306 " in line for line in out), out
    said = [line for line in out if ": TL002 " in line]
    assert len(said) == 1, out       # once per file, however many resources
    assert said[0].startswith("3:2: TL002 this plan has no resource_changes: its planned_values leave out what is "
                              "known only after apply")
    assert "enable_log_file_validation of aws_cloudtrail.t0 (TL302 (log-file-validation-disabled) cannot decide)" \
        in said[0]
    # a null is a known null: no KMS key
    assert sum(": TL303 " in line for line in out) == 2


def test_planned_values_that_give_a_value_are_read_as_given(tmp_path: Path, capsys) -> None:
    out = _run(capsys, _planned(tmp_path, TRAIL_VALUES), *PLAN_ARGS)
    assert any(": TL302 log file validation is disabled for trail 'audit'" in line for line in out)
    assert any(": TL306 " in line for line in out)
    assert not any(": TL002 " in line for line in out), out


def test_a_resource_in_prior_state_is_read_from_it(tmp_path: Path, capsys) -> None:
    trimmed = {k: v for k, v in TRAIL_VALUES.items() if k != "enable_log_file_validation"}
    out = _run(capsys, _planned(tmp_path, trimmed, prior=TRAIL_VALUES), *PLAN_ARGS)
    assert any(": TL302 log file validation is disabled for trail 'audit'" in line for line in out)
    assert not any("planned_values" in line for line in out), out


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.sampled_from(sorted(set(TRAIL_VALUES) - {"name", "s3_bucket_name", "region"}))))
def test_any_attributes_left_out_make_at_most_one_finding_and_no_guess(tmp_path: Path, capsys,
                                                                      left_out: set[str]) -> None:
    out = _run(capsys, _planned(tmp_path, {k: v for k, v in TRAIL_VALUES.items() if k not in left_out}),
               *PLAN_ARGS)
    said = [line for line in out if "planned_values" in line]
    assert len(said) <= 1
    assert any(": TL302 " in line for line in out) == ("enable_log_file_validation" not in left_out)
    assert any(": TL316 " in line for line in out) is False      # multi-Region where given, unknown where not
