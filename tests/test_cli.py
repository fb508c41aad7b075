"""End-to-end runs of the command line in tmp_path: exit codes, formats, file lists, config, baselines."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from trail_lint.cli import main

RULES = Path(__file__).parent / "rules"
SARIF_SCHEMA = Path(__file__).parents[2] / "shared" / "reference" / "sarif-schema-2.1.0.json"


def trail(name: str, region: str = "us-east-1", multi: bool = False, validation: bool = True) -> dict:
    return {"Name": name, "S3BucketName": "audit-logs-111122223333", "IncludeGlobalServiceEvents": True,
            "IsMultiRegionTrail": multi, "HomeRegion": region,
            "TrailARN": f"arn:aws:cloudtrail:{region}:111122223333:trail/{name}",
            "LogFileValidationEnabled": validation, "HasCustomEventSelectors": False,
            "HasInsightSelectors": False, "IsOrganizationTrail": False,
            "KmsKeyId": f"arn:aws:kms:{region}:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def six_trails(directory: Path) -> Path:
    return write(directory / "trails.json", {"trailList": [trail(f"team-{i}") for i in range(6)]})


def run_cli(*args: str) -> int:
    return main(list(args))


def test_quota_error_exits_1(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    six_trails(workdir)
    assert run_cli("--select", "TL101", "trails.json") == 1
    out = capsys.readouterr().out
    assert "TL101" in out and "6 trails would exist in us-east-1" in out


def test_fail_on_thresholds(workdir: Path) -> None:
    write(workdir / "five.json", {"trailList": [trail(f"team-{i}") for i in range(5)]})
    assert run_cli("--select", "TL102", "five.json") == 0            # a warning; default fails on error
    assert run_cli("--select", "TL102", "--fail-on", "warning", "five.json") == 1
    assert run_cli("--select", "TL102", "--fail-on", "never", "five.json") == 0


def test_clean_input_exits_0(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "one.json", {"trailList": [trail("audit", multi=True)]})
    assert run_cli("--select", "TL1", "one.json") == 0
    assert capsys.readouterr().out == "no problems found; 1 input linted\n"


def test_usage_errors_exit_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("missing.json") == 2
    assert "missing.json" in capsys.readouterr().err
    six_trails(workdir)
    assert run_cli("--select", "TL999", "trails.json") == 2
    assert "unknown rule 'TL999'" in capsys.readouterr().err
    assert run_cli("--format", "xml", "trails.json") == 2
    assert run_cli("--region", "narnia", "trails.json") == 2
    assert run_cli() == 2


def test_config_error_names_the_key(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    six_trails(workdir)
    (workdir / ".trail-lint.yaml").write_text("regions: [us-east-1]\nevent-volume: {us-east-1: -5}\n")
    assert run_cli("trails.json") == 2
    assert "event-volume.us-east-1" in capsys.readouterr().err


def test_config_from_pyproject(workdir: Path) -> None:
    six_trails(workdir)
    (workdir / "pyproject.toml").write_text('[tool.trail-lint]\nignore = ["trail-quota-exceeded"]\n')
    assert run_cli("--select", "TL1", "trails.json") == 0


def test_broken_file_is_tl001_and_others_still_linted(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    six_trails(workdir)
    (workdir / "broken.json").write_text('{"trailList": [\n')
    assert run_cli("--format", "parsable", "--select", "TL001,TL101", ".") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("broken.json:2:1: TL001 ")
    assert lines[1].startswith("trails.json:") and " TL101 " in lines[1]


def test_precommit_style_file_list(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "a.json", {"trailList": [trail(f"a-{i}") for i in range(3)]})
    write(workdir / "b.json", {"trailList": [trail(f"b-{i}") for i in range(3)]})
    (workdir / "notes.yaml").write_text("just: a note\n")
    assert run_cli("--format", "parsable", "--select", "TL101", "a.json", "b.json", "notes.yaml") == 1
    assert "6 trails would exist in us-east-1" in capsys.readouterr().out


def test_json_output_matches_schema(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    six_trails(workdir)
    run_cli("--format", "json", "--select", "TL101", "trails.json")
    document = json.loads(capsys.readouterr().out)
    schema = json.loads((Path(__file__).parents[1] / "schemas" / "findings.schema.json").read_text())
    jsonschema.validate(document, schema)
    [finding] = document["findings"]
    assert (finding["rule"], finding["name"], finding["severity"]) == ("TL101", "trail-quota-exceeded", "error")
    assert (finding["file"], finding["region"], finding["account"]) == ("trails.json", "us-east-1", "111122223333")
    assert document["summary"]["files_checked"] == 1


def test_sarif_output_is_valid(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    if not SARIF_SCHEMA.exists():
        pytest.skip("shared SARIF schema not present")
    six_trails(workdir)
    run_cli("--format", "sarif", "--select", "TL101", "trails.json")
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, json.loads(SARIF_SCHEMA.read_text()))
    [result] = document["runs"][0]["results"]
    assert result["ruleId"] == "TL101"
    assert result["partialFingerprints"]


def test_junit_and_github_formats(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    six_trails(workdir)
    run_cli("--format", "junit", "--select", "TL101", "trails.json")
    root = ElementTree.fromstring(capsys.readouterr().out)
    assert root.find(".//failure") is not None
    run_cli("--format", "github", "--select", "TL101", "trails.json")
    line = capsys.readouterr().out.strip()
    assert line.startswith("::error file=trails.json,line=") and "title=TL101" in line


def test_output_file(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    six_trails(workdir)
    assert run_cli("--format", "parsable", "--select", "TL101", "--output", "report.txt", "trails.json") == 1
    assert capsys.readouterr().out == ""
    assert " TL101 " in (workdir / "report.txt").read_text()


def test_baseline_round_trip(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    six_trails(workdir)
    assert run_cli("--select", "TL101", "--write-baseline", "baseline.json", "trails.json") == 1
    capsys.readouterr()
    assert run_cli("--select", "TL101", "--baseline", "baseline.json", "--format", "json", "trails.json") == 0
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert finding["suppressed"] == "baseline"


def test_a_baseline_holds_an_open_question_whatever_rules_it_blocks(workdir: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # The log bucket is not in the inputs: one TL002 names every log bucket rule it blocks. A rule
    # ignored (or one a later release adds) changes that list, not what the finding is about.
    write(workdir / "trails.json", {"trailList": [trail("audit", multi=True)]})
    assert run_cli("--write-baseline", "baseline.json", "trails.json") in (0, 1)
    capsys.readouterr()
    assert run_cli("--ignore", "TL310,TL320", "--baseline", "baseline.json", "--format", "json", "trails.json") == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    [bucket] = [f for f in findings if f["rule"] == "TL002" and "log bucket" in f["message"]]
    assert "TL307" in bucket["message"] and "TL310" not in bucket["message"]
    assert bucket["suppressed"] == "baseline"


def test_config_ignore_with_expiry(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    six_trails(workdir)
    (workdir / ".trail-lint.yaml").write_text(
        "ignores:\n  - {rule: TL101, file: trails.json, reason: migrating to one org trail}\n")
    assert run_cli("--select", "TL101", "trails.json") == 0
    (workdir / ".trail-lint.yaml").write_text(
        "ignores:\n  - {rule: TL101, reason: migrating, expires: 2020-01-01}\n")
    assert run_cli("--select", "TL101,TL004", "--format", "parsable", "trails.json") == 1
    out = capsys.readouterr().out
    assert "TL004 ignore of TL101" in out and "expired on 2020-01-01" in out


def test_list_rules_and_explain(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("--list-rules") == 0
    listing = capsys.readouterr().out
    assert "TL101  trail-quota-exceeded" in listing
    assert run_cli("--explain", "trail-quota-exceeded") == 0
    text = capsys.readouterr().out
    assert "## Why it matters" in text and "Bad example: bad.tfplan.json" in text
    assert run_cli("--explain", "TL999") == 2


def test_region_flag_places_unplaced_trails(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = {"trailList": [trail(f"t-{i}") for i in range(6)]}
    for item in document["trailList"]:
        del item["HomeRegion"]
        item["TrailARN"] = item["TrailARN"].replace("us-east-1", "")
    write(workdir / "trails.json", document)
    assert run_cli("--select", "TL101", "trails.json") == 0
    assert run_cli("--select", "TL101", "--region", "eu-west-1", "--format", "parsable", "trails.json") == 1
    assert "6 trails would exist in eu-west-1" in capsys.readouterr().out


def test_python_m_entry_point(workdir: Path) -> None:
    six_trails(workdir)
    process = subprocess.run([sys.executable, "-m", "trail_lint", "--select", "TL101", "--format", "parsable",
                              "trails.json"], capture_output=True, text=True, check=False)
    assert process.returncode == 1
    assert " TL101 " in process.stdout
    assert process.stderr == ""


def test_config_found_above_the_linted_paths(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = workdir / "project"
    project.mkdir()
    six_trails(project)
    (project / ".trail-lint.yaml").write_text("ignore: [TL101]\n")
    assert run_cli("--select", "TL1", "project/trails.json") == 0
    (project / ".trail-lint.yaml").write_text("ignore: [TL102]\n")
    (workdir / ".trail-lint.yaml").write_text("ignore: [TL101]\n")   # the working directory's config wins
    assert run_cli("--select", "TL1", "project/trails.json") == 0


def test_invalid_effect_is_tl001_and_the_file_is_still_linted(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "policy.json", {"Version": "2012-10-17", "Statement": [
        {"Effect": "allow", "Action": "cloudtrail:StopLogging", "Resource": "*"},
        {"Effect": "Allow", "Action": "cloudtrail:DescribeTrails", "Resource": "arn:aws:cloudtrail:*:*:trail/x"}]})
    assert run_cli("--format", "parsable", "--select", "TL001,TL403", "policy.json") == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "TL001 statement 1 of policy policy.json has Effect 'allow'" in lines[0]
    assert " TL403 " in lines[1]


# Identity-based policies IAM rejects: each a TL001 at the statement (or element) that makes it so.
REJECTED_POLICIES = [
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html: one of each pair
    pytest.param(
        ['{"Effect": "Allow", "Action": "cloudtrail:StopLogging", "NotAction": "s3:*", "Resource": "*"}',
         '{"Sid": "Both", "Effect": "Deny", "Action": "cloudtrail:*", "Resource": "*", "NotResource": "arn:aws:s3:::*"}'],
        [("policy.json:2:59: TL001 statement 1 of policy policy.json has both Action and NotAction: IAM accepts one "
          "of them and rejects the policy"),
         ("policy.json:3:80: TL001 statement 'Both' of policy policy.json has both Resource and NotResource: IAM "
          "accepts one of them and rejects the policy")],
        id="both-elements-of-a-pair"),
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html: every statement
    # has an <action_block>, Action or NotAction; an Action written as an empty list is not this
    pytest.param(
        ['{"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}',
         '{"Sid": "NoAction", "Effect": "Deny", "Resource": "*"}',
         '{"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}'],
        [("policy.json:3:3: TL001 statement 'NoAction' of policy policy.json has neither Action nor NotAction: IAM "
          "requires one of them and rejects the policy")],
        id="statement-without-action-or-notaction"),
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html: "In IAM, the
    # Sid value must be unique within a JSON policy"; said once, at the statement that repeats it
    pytest.param(
        ['{"Sid": "Trails", "Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}',
         '{"Sid": "Trails", "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*"}',
         '{"Sid": "Trails", "Effect": "Deny", "Action": "cloudtrail:DeleteTrail", "Resource": "*"}'],
        [("policy.json:3:4: TL001 statement 'Trails' of policy policy.json has the Sid of an earlier statement: IAM "
          "wants each Sid unique within a policy and rejects the policy")],
        id="sid-twice"),
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html: "Statements
    # must include either a Resource or a NotResource element"; said at the statement
    pytest.param(
        ['{"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}',
         '{"Sid": "Guard", "Effect": "Deny", "Action": "cloudtrail:StopLogging"}'],
        [("policy.json:3:3: TL001 statement 'Guard' of policy policy.json has neither Resource nor NotResource: IAM "
          "requires one of them in an identity-based policy and rejects the policy")],
        id="statement-without-resource"),
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html: "For IAM policies, basic
    # alphanumeric characters (A-Z,a-z,0-9) are the only allowed characters in the Sid value"; said at the Sid
    pytest.param(
        ['{"Sid": "AllowAll", "Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"}',
         '{"Sid": "Deny-Stop", "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*"}'],
        [("policy.json:3:4: TL001 statement 'Deny-Stop' of policy policy.json has a Sid with a character other than "
          "A-Z, a-z and 0-9: IAM allows no other in a Sid and rejects the policy")],
        id="sid-of-other-characters"),
]


@pytest.mark.parametrize(("statements", "expected"), REJECTED_POLICIES)
def test_an_identity_policy_iam_rejects_is_tl001(workdir: Path, capsys: pytest.CaptureFixture[str],
                                                 statements: list[str], expected: list[str]) -> None:
    # one statement a line, so that each finding's line and column name the statement or element
    (workdir / "policy.json").write_text(
        '{"Version": "2012-10-17", "Statement": [\n' + ",\n".join(f"  {s}" for s in statements) + "]}\n")
    assert run_cli("--format", "parsable", "--select", "TL001", "policy.json") == 1
    assert capsys.readouterr().out.splitlines() == expected


def test_a_condition_operator_in_another_case_in_an_identity_policy_is_tl001(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Context key names are case-insensitive (reference_policies_elements_condition.html), operator names
    # are not: IAM answers "MalformedPolicyDocument: Invalid Condition type : stringEquals"
    # (https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893); said at the Condition
    (workdir / "policy.json").write_text(
        '{"Version": "2012-10-17", "Statement": [\n'
        '  {"Effect": "Allow", "Action": "cloudtrail:*", "Resource": "*"},\n'
        '  {"Sid": "Guard", "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*",\n'
        '   "Condition": {"stringNotEquals": {"aws:username": "admin"}}}]}\n')
    assert run_cli("--format", "parsable", "--select", "TL001", "policy.json") == 1
    assert capsys.readouterr().out.splitlines() == [
        ("policy.json:4:4: TL001 statement 'Guard' of policy policy.json names condition operator 'stringNotEquals', "
         "which the policy grammar spells 'StringNotEquals': IAM reads operator names only as spelt and rejects "
         "the policy")]


def test_a_condition_operator_the_grammar_does_not_have_is_tl001(workdir: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # "Invalid condition operator" (access-analyzer-reference-policy-checks.html); IAM rejects the policy,
    # which the access and delivery checks read as one that does not exist: said in any policy
    (workdir / "policy.json").write_text(
        '{"Version": "2012-10-17", "Statement": [\n'
        '  {"Sid": "Guard", "Effect": "Deny", "Action": "cloudtrail:StopLogging", "Resource": "*",\n'
        '   "Condition": {"StringMatches": {"aws:username": "admin"}}}]}\n')
    (workdir / "bucket.json").write_text(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": '
        '"cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::logs",\n'
        '   "Condition": {"StringLikeIfExist": {"aws:SourceAccount": "123456789012"}}}]}\n')
    assert run_cli("--format", "parsable", "--select", "TL001", "policy.json", "bucket.json") == 1
    assert capsys.readouterr().out.splitlines() == [
        ("bucket.json:2:4: TL001 statement 1 of policy bucket.json names condition operator 'StringLikeIfExist': "
         "IAM has no such operator and rejects the policy"),
        ("policy.json:3:4: TL001 statement 'Guard' of policy policy.json names condition operator 'StringMatches': "
         "IAM has no such operator and rejects the policy")]


def test_a_trust_or_resource_policy_file_is_not_held_to_the_identity_policy_grammar(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A role's trust policy has no Resource, and a bucket's policy may repeat a Sid: documents that name a
    # Principal are a resource's own policy, which the identity-based rules (Resource required, Sids
    # unique) do not govern. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    (workdir / "trust.json").write_text(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": '
        '"cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}]}\n')
    (workdir / "bucket.json").write_text(
        '{"Version": "2012-10-17", "Statement": [\n'
        '  {"Sid": "A", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, '
        '"Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::logs"},\n'
        '  {"Sid": "A", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, '
        '"Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/AWSLogs/*"}]}\n')
    (workdir / "identity.json").write_text(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "cloudtrail:StopLogging"}]}\n')
    assert run_cli("--format", "parsable", "--select", "TL001", "trust.json", "bucket.json", "identity.json") == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": TL001")[0] for line in out] == ["identity.json:1:41"]   # the statement without Resource


def test_a_version_iam_does_not_accept_is_tl001(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html: 2012-10-17
    # or 2008-10-17 (the meaning of an absent Version)
    (workdir / "policy.json").write_text(
        '{"Version": "2012-10-18",\n'
        ' "Statement": [{"Effect": "Allow", "Action": "cloudtrail:DescribeTrails", "Resource": "*"}]}\n')
    (workdir / "number.json").write_text('{"Version": 2012, "Statement": []}\n')
    (workdir / "old.json").write_text('{"Version": "2008-10-17", "Statement": []}\n')
    (workdir / "none.json").write_text('{"Statement": []}\n')
    assert run_cli("--format", "parsable", "--select", "TL001", "number.json", "policy.json", "old.json",
                   "none.json") == 1
    assert capsys.readouterr().out.splitlines() == [
        ("number.json:1:2: TL001 policy number.json has Version '2012': IAM accepts only '2012-10-17' or "
         "'2008-10-17' and rejects the policy"),
        ("policy.json:1:2: TL001 policy policy.json has Version '2012-10-18': IAM accepts only '2012-10-17' or "
         "'2008-10-17' and rejects the policy")]
    # a template's policy, one whose statements are read one by one (an undecided Fn::If) too
    (workdir / "template.yaml").write_text(
        "Conditions:\n  Strict: !Equals [!Ref 'AWS::Region', us-east-1]\n"
        "Resources:\n"
        "  Logs:\n    Type: AWS::S3::Bucket\n"
        "  LogsPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Logs\n"
        "      PolicyDocument:\n        Version: '2012-10-18'\n        Statement:\n"
        "          - !If [Strict, {Effect: Deny, Principal: '*', Action: 's3:*', Resource: '*'}, !Ref AWS::NoValue]\n"
        "  Guard:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n"
        "        Version: 2012\n        Statement:\n"
        "          - {Effect: Deny, Action: 'cloudtrail:StopLogging', Resource: '*'}\n")
    assert run_cli("--format", "parsable", "--select", "TL001", "template.yaml") == 1
    assert capsys.readouterr().out.splitlines() == [
        ("template.yaml:11:9: TL001 policy LogsPolicy has Version '2012-10-18': IAM accepts only '2012-10-17' or "
         "'2008-10-17' and rejects the policy"),
        ("template.yaml:18:9: TL001 policy Guard has Version '2012': IAM accepts only '2012-10-17' or "
         "'2008-10-17' and rejects the policy")]


SOURCE_DIR = Path(__file__).parent / "fixtures" / "source-dir"


def test_source_dir_reports_plan_findings_at_tf_lines(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(SOURCE_DIR)
    assert run_cli("--format", "parsable", "--select", "TL302,TL303", "plan.json") == 1
    assert capsys.readouterr().out.splitlines() == [
        "plan.json:23:11: TL302 log file validation is disabled for trail 'audit'",
        "plan.json:30:11: TL303 log files of trail 'audit' are not encrypted with a KMS key",
    ]
    # With the sources: the finding moves to the module's .tf line, and the .tf suppression applies.
    assert run_cli("--format", "parsable", "--select", "TL302,TL303,TL003", "--source-dir", "infra",
                   "plan.json") == 1
    assert capsys.readouterr().out.splitlines() == [
        "infra/modules/trail/main.tf:5:3: TL302 log file validation is disabled for trail 'audit'",
    ]


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_access_command_json_csv_markdown(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    monkeypatch.chdir(EXAMPLES.parent)
    assert run_cli("access", "--format", "json", "examples") == 0
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, json.loads((EXAMPLES.parent / "schemas" / "access.schema.json").read_text()))
    grants = {(g["principal"], g["trail"], g["action"]): g["decision"] for g in document["grants"]}
    organization = "arn:aws:cloudtrail:us-east-1:111122223333:trail/organization"
    auditor = "arn:aws:iam::111122223333:role/auditor"
    responder = "examples/iam/incident-responder-policy.json"
    assert grants[(auditor, organization, "cloudtrail:StopLogging")] == "allowed"
    assert (auditor, organization, "cloudtrail:DeleteTrail") not in grants          # denied rows are left out
    assert grants[(responder, organization, "cloudtrail:StopLogging")] == "allowed"  # the Deny names 'Organization'
    assert (responder, "*", "cloudtrail:ListTrails") not in grants
    assert {p["id"] for p in document["principals"]} >= {auditor, responder, "aws_iam_role.operations"}

    assert run_cli("access", "--format", "json", "--all", "examples") == 0
    everything = {(g["principal"], g["trail"], g["action"]): g["decision"]
                  for g in json.loads(capsys.readouterr().out)["grants"]}
    assert everything[(auditor, organization, "cloudtrail:DeleteTrail")] == "denied"

    assert run_cli("access", "--format", "csv", "examples") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["principal", "name", "kind", "account", "region", "trail", "action", "decision", "because"]
    stop = next(row for row in rows if row["principal"] == auditor and row["trail"] == organization
                and row["action"] == "cloudtrail:StopLogging")
    assert (stop["name"], stop["kind"], stop["account"], stop["region"]) == ("auditor", "role", "111122223333",
                                                                             "us-east-1")
    names = {p["id"]: p["name"] for p in document["principals"]}
    assert names[responder] == "incident-responder-policy.json" and names["aws_iam_role.operations"] == "operations"
    assert run_cli("access", "--format", "markdown", "examples") == 0
    assert "| principal | view | start | stop | update | selectors | insights | delete |" in capsys.readouterr().out


def test_access_csv_with_every_row_holds_groups(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--all` lists a group's denied rows too; the CSV names the group like the JSON does."""
    write(workdir / "trails.json", {"trailList": [trail("audit")]})
    write(workdir / "account.json", {
        "UserDetailList": [], "RoleDetailList": [], "Policies": [],
        "GroupDetailList": [{"GroupName": "readers", "GroupId": "AGPAEXAMPLE", "Path": "/",
                             "Arn": "arn:aws:iam::111122223333:group/readers", "AttachedManagedPolicies": [],
                             "GroupPolicyList": [{"PolicyName": "s3", "PolicyDocument": {
                                 "Version": "2012-10-17",
                                 "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]}]})
    assert run_cli("access", "--format", "json", "--all", "account.json", "trails.json") == 0
    document = json.loads(capsys.readouterr().out)
    assert run_cli("access", "--format", "csv", "--all", "account.json", "trails.json") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    group = "arn:aws:iam::111122223333:group/readers"
    assert {(row["principal"], row["kind"], row["decision"]) for row in rows if row["principal"] == group} \
        == {(group, "group", "denied")}
    assert len(rows) == len(document["grants"])


def test_a_crashing_rule_is_tl000_and_the_others_still_run(workdir: Path) -> None:
    from dataclasses import replace as swap

    from trail_lint.config import Config
    from trail_lint.engine import run
    from trail_lint.registry import rule_by_id

    def explode(trail: object) -> list:
        raise RuntimeError("boom")

    six_trails(workdir)
    broken = swap(rule_by_id("TL302"), id="TL999", name="exploding-rule", check=explode)
    rules = [rule_by_id("TL000"), rule_by_id("TL101"), broken]
    result = run(["trails.json"], Config(), rules)
    crashes = [f for f in result.findings if f.rule == "TL000"]
    assert len(crashes) == 6 and crashes[0].message == "rule TL999 (exploding-rule) failed: RuntimeError: boom"
    assert [f.rule for f in result.findings if f.rule != "TL000"] == ["TL101"]


def test_unknown_managed_policy_is_reported_and_decisions_are_unknown(workdir: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir / "authz.json", {"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": [
        {"Path": "/", "RoleName": "ops", "RoleId": "AROAEXAMPLE", "Arn": "arn:aws:iam::111122223333:role/ops",
         "RolePolicyList": [], "AttachedManagedPolicies": [
             {"PolicyName": "Mystery", "PolicyArn": "arn:aws:iam::111122223333:policy/Mystery"}]}]})
    write(workdir / "trails.json", {"trailList": [trail("main", multi=True)]})
    assert run_cli("--format", "parsable", "--select", "TL002,TL401", ".") == 0
    assert capsys.readouterr().out.splitlines() == [
        ("authz.json:13:9: TL002 TL401 (can-tamper-with-trail) cannot decide: managed policy "
         "arn:aws:iam::111122223333:policy/Mystery is not in the inputs or the shipped AWS managed policies: "
         "its permissions are unknown")]
    assert run_cli("access", "--format", "json", ".") == 0
    grants = json.loads(capsys.readouterr().out)["grants"]
    stop = [g for g in grants if g["action"] == "cloudtrail:StopLogging"]
    # never "denied"; the account's root user holds no policy at all
    assert [(g["principal"], g["decision"]) for g in stop] == [
        ("arn:aws:iam::111122223333:role/ops", "unknown"), ("arn:aws:iam::111122223333:root", "allowed")]


def test_one_module_called_by_two_roots_is_one_line_per_finding(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Two examples calling one module with the same values make two trails that nothing in a finding
    tells apart (one place, name, address, Region): one line each, since the fix is one."""
    (tmp_path / "main.tf").write_text(
        'variable "name" {}\n'
        'resource "aws_cloudtrail" "this" {\n'
        '  name                       = var.name\n'
        '  s3_bucket_name             = "logs"\n'
        '  enable_log_file_validation = false\n'
        '}\n')
    for example in ("a", "b"):
        root = tmp_path / "examples" / example
        root.mkdir(parents=True)
        (root / "main.tf").write_text(
            'provider "aws" {\n  region = "eu-west-1"\n}\n'
            'module "trail" {\n  source = "../.."\n  name   = "audit"\n}\n')
    assert main(["--select", "TL302", "--format", "parsable", str(tmp_path)]) == 1
    assert capsys.readouterr().out == \
        f"{tmp_path / 'main.tf'}:5:3: TL302 log file validation is disabled for trail 'audit'\n"


def test_a_statement_iam_rejects_is_only_tl001(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A statement IAM rejects grants nothing on its own: TL402 and TL403 leave it to TL001."""
    policy = tmp_path / "p.json"
    policy.write_text('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "s3:*", '
                      '"Resource": "arn:aws:s3:::y", "NotResource": "arn:aws:s3:::x"}, '
                      '{"Effect": "Allow", "Action": ["cloudtrail:StopLogging", "cloudtrail:DescribeTrails"], '
                      '"Resource": "*", "NotResource": "y"}]}')
    assert main(["--format", "parsable", "--select", "TL001,TL402,TL403", str(policy)]) == 1
    assert [line.split(": ", 1)[1].split(" ", 1)[0] for line in capsys.readouterr().out.splitlines()] == \
        ["TL001", "TL001"]
