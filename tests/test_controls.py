"""Compliance controls: rule metadata, --select by control, opt-in rules, --list-rules output."""
from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.config import Config, from_mapping
from trail_lint.controls import (
    CIS_VERSIONS,
    ControlError,
    canonical,
    covers,
    is_control,
    validate,
)
from trail_lint.registry import all_rules, rule_by_id


def selected(*refs: str) -> list[str]:
    config = Config(select=refs)
    return [r.id for r in all_rules() if config.enabled(r)]


def test_every_rule_lists_canonical_controls() -> None:
    for rule in all_rules():
        validate(rule.controls)


def test_security_hub_control_selects_the_rules_that_cover_it() -> None:
    assert selected("CloudTrail.4") == ["TL302"]
    assert selected("cloudtrail.2") == ["TL303"]       # IDs are matched case-insensitively


def test_cloudwatch_5_selects_the_trail_change_alarm_rule() -> None:
    # Security Hub CSPM CloudWatch.5 runs the CIS v1.4.0 4.5 audit: the same check as CIS-1.4:4.5
    # (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5)
    assert selected("CloudWatch.5") == selected("CIS-1.4:4.5") == ["TL314"]


def test_cis_number_without_version_matches_every_version_that_numbers_it_so() -> None:
    # 3.7 is KMS encryption in v1.4 but VPC flow logs (not a trail setting) in v3.0 and v5.0
    assert selected("CIS-3.7") == ["TL303"]
    assert selected("CIS-3.0:3.7") == []
    assert selected("CIS-3.0:3.5") == ["TL303"] == selected("CIS-v3.0.0:3.5")


def test_control_and_rule_references_mix() -> None:
    assert selected("CloudTrail.4", "TL303") == ["TL302", "TL303"]


def test_ignore_by_control() -> None:
    config = from_mapping({"ignore": ["CloudTrail.4"]})
    assert not config.enabled(rule_by_id("TL302"))
    assert config.enabled(rule_by_id("TL303"))


def test_opt_in_rule_runs_only_when_named() -> None:
    opt_in = [r for r in all_rules() if r.opt_in]
    assert opt_in, "at least one rule is opt-in (TL315)"
    rule = opt_in[0]
    assert not Config().enabled(rule)
    assert not Config(select=(rule.id[:3],)).enabled(rule)      # a prefix is not enough
    assert Config(select=(rule.id,)).enabled(rule)
    assert Config(select=(rule.name,)).enabled(rule)
    assert Config(select=(rule.controls[0],)).enabled(rule)
    assert not Config(select=(rule.id,), ignore=(rule.id,)).enabled(rule)


@given(st.sampled_from(CIS_VERSIONS), st.lists(st.integers(1, 20), min_size=2, max_size=3))
def test_canonical_cis_references_cover_themselves(version: str, parts: list[int]) -> None:
    number = ".".join(map(str, parts))
    control = f"CIS-{version}:{number}"
    assert is_control(control) and canonical(control) == control
    assert covers((control,), f"CIS-{number}")
    assert covers((control,), f"CIS-v{version}.0:{number}")
    assert not covers((control,), f"CIS-{number}.1")


@pytest.mark.parametrize("ref", ["TL302", "logging-disabled", "CIS", "CIS-3", "3.7", "CloudTrail"])
def test_rule_references_are_not_controls(ref: str) -> None:
    assert not is_control(ref)
    with pytest.raises(ControlError):
        canonical(ref)


def test_list_rules_json_carries_controls(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-rules", "--format", "json"]) == 0
    entries = {e["id"]: e for e in json.loads(capsys.readouterr().out)}
    assert entries["TL302"]["controls"] == ["CloudTrail.4", "CIS-1.4:3.2", "CIS-3.0:3.2", "CIS-5.0:3.2",
                                            "Config:cloud-trail-log-file-validation-enabled",
                                            "Config:cloudtrail-security-trail-enabled"]
    assert entries["TL302"]["opt_in"] is False
    assert set(entries) == {r.id for r in all_rules()}


def test_list_rules_text_shows_controls(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-rules"]) == 0
    line = next(l for l in capsys.readouterr().out.splitlines() if l.startswith("TL302"))
    assert line.endswith("[CloudTrail.4, CIS-1.4:3.2, CIS-3.0:3.2, CIS-5.0:3.2, "
                         "Config:cloud-trail-log-file-validation-enabled, Config:cloudtrail-security-trail-enabled]")


def test_select_by_control_on_the_command_line(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "t.yaml"
    template.write_text("Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n"
                        "      IsLogging: true\n      S3BucketName: logs\n")
    assert main([str(template), "--format", "parsable", "--select", "CloudTrail.4"]) == 1
    out = capsys.readouterr().out
    assert out and all(" TL302 " in line for line in out.splitlines())


def test_select_of_a_control_no_rule_covers_is_a_usage_error(tmp_path, capsys) -> None:
    template = tmp_path / "t.yaml"
    template.write_text("Resources: {}\n")
    assert main([str(template), "--select", "CloudTrail.9"]) == 2
    assert "no rule covers control 'CloudTrail.9'" in capsys.readouterr().err


def test_every_control_a_rule_names_is_in_the_map() -> None:
    from trail_lint.controls import CATALOG

    known = {control.id for control in CATALOG}
    assert {c for rule in all_rules() for c in rule.controls} <= known


def test_controls_map_is_generated_from_the_rules() -> None:
    from pathlib import Path

    from trail_lint.docs import controls_markdown

    path = Path(__file__).resolve().parents[1] / "docs" / "controls.md"
    assert path.read_text(encoding="utf-8") == controls_markdown(all_rules()), "run python -m trail_lint.docs"


def test_sarif_rules_carry_their_controls_as_tags() -> None:
    from trail_lint.report import render

    driver = json.loads(render("sarif", (), all_rules(), tool_version="t"))["runs"][0]["tool"]["driver"]
    tags = {rule["id"]: rule["properties"]["tags"] for rule in driver["rules"]}
    assert tags["TL310"] == ["cloudtrail", "security", "audit-integrity",          # the rule's group, then
                             "CloudTrail.7", "CIS-1.4:3.6", "CIS-3.0:3.4", "CIS-5.0:3.4",   # its controls
                             "Config:cloudtrail-s3-bucket-access-logging", "Config:s3-bucket-logging-enabled"]
    enabled = {rule["id"]: rule["defaultConfiguration"]["enabled"] for rule in driver["rules"]}
    assert enabled["TL315"] is False and enabled["TL310"] is True


def test_explain_names_the_controls_and_opt_in(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--explain", "TL315"]) == 0
    head = capsys.readouterr().out.splitlines()[:3]
    assert head[0] == "TL315 s3-object-events-not-recorded (warning)"
    assert head[2].startswith("Controls: CIS-1.4:3.10, CIS-1.4:3.11, CIS-3.0:3.8")
    assert "Opt-in: runs only when selected by ID, name or control (`--select TL315`)" in head[2]


def test_config_file_accepts_controls(tmp_path) -> None:
    from trail_lint.config import ConfigError, load_config

    path = tmp_path / ".trail-lint.yaml"
    path.write_text("select: [CloudTrail.7, CIS-3.8, CIS-1.4:3.6]\nseverity: {CloudTrail.4: warning}\n")
    config = load_config(str(path))
    assert [r.id for r in all_rules() if config.enabled(r)] == ["TL310", "TL315"]
    assert config.severity_of(rule_by_id("TL302")).value == "warning"
    path.write_text("select: [CIS 3.8]\n")
    with pytest.raises(ConfigError):
        load_config(str(path))


# AWS Config managed rules, by rule name (https://docs.aws.amazon.com/config/latest/developerguide/NAME.html)
@pytest.mark.parametrize(("ref", "rules"), [
    ("Config:cloud-trail-log-file-validation-enabled", ["TL302"]),
    ("config:CLOUD-TRAIL-ENCRYPTION-ENABLED", ["TL303"]),           # matched case-insensitively
    ("Config:cloudtrail-enabled", ["TL301", "TL304"]),
    ("Config:multi-region-cloudtrail-enabled", ["TL301", "TL304", "TL305", "TL316"]),
    ("Config:cloudtrail-security-trail-enabled", ["TL302", "TL303", "TL304", "TL305", "TL308", "TL316"]),
    ("Config:cloud-trail-cloud-watch-logs-enabled", ["TL306"]),
    ("Config:cloudtrail-s3-bucket-access-logging", ["TL310"]),
    ("Config:cloudtrail-s3-bucket-public-access-prohibited", ["TL307"]),
    ("Config:s3-bucket-public-read-prohibited", ["TL307"]),
    ("Config:s3-bucket-public-write-prohibited", ["TL307"]),
    ("Config:s3-bucket-level-public-access-prohibited", ["TL312"]),
    ("Config:cloudtrail-all-read-s3-data-event-check", ["TL315"]),   # the opt-in rule runs when its control is named
    ("Config:cloudtrail-all-write-s3-data-event-check", ["TL315"]),
    ("Config:cloudtrail-s3-dataevents-enabled", ["TL315"]),
])
def test_config_rule_selects_the_rules_that_cover_it(ref: str, rules: list[str]) -> None:
    assert is_control(ref)
    assert selected(ref) == rules


def test_config_rule_references_are_canonical_by_name() -> None:
    assert canonical("CONFIG:Cloudtrail-Enabled") == "Config:cloudtrail-enabled"
    # an identifier is read as its rule's name, the two whose names are not spelt alike too
    assert canonical("Config:CLOUD_TRAIL_ENABLED") == "Config:cloudtrail-enabled"
    assert canonical("Config:MULTI_REGION_CLOUD_TRAIL_ENABLED") == "Config:multi-region-cloudtrail-enabled"
    assert canonical("Config:CLOUDTRAIL_S3_DATAEVENTS_ENABLED") == "Config:cloudtrail-s3-dataevents-enabled"
    assert selected("Config:CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED") == ["TL302"]
    for ref in ("Config:", "Config:cloudtrail", "Config:cloud-trail_enabled"):
        assert not is_control(ref)      # a one-word name, or one mixing the two spellings, names no Config rule


def test_config_rule_no_rule_covers_is_a_usage_error(tmp_path, capsys) -> None:
    template = tmp_path / "t.yaml"
    template.write_text("Resources: {}\n")
    assert main([str(template), "--select", "Config:s3-bucket-ssl-requests-only"]) == 2
    assert "no rule covers control 'Config:s3-bucket-ssl-requests-only'" in capsys.readouterr().err


def test_select_by_config_rule_on_the_command_line(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "t.yaml"
    template.write_text("Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n"
                        "      IsLogging: true\n      S3BucketName: logs\n")
    assert main([str(template), "--format", "parsable", "--select",
                 "Config:cloud-trail-log-file-validation-enabled"]) == 1
    out = capsys.readouterr().out
    assert out and all(" TL302 " in line for line in out.splitlines())
