"""User rules in YAML: the format, every subject kind, unknown values, access conditions, and
that they behave like built-in rules everywhere (list, explain, outputs, selection, suppression)."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from trail_lint.cli import main
from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.iam.access import AccessReport
from trail_lint.model import Inventory
from trail_lint.registry import all_rules
from trail_lint.rule import Rule
from trail_lint.userrules import RuleFileError, load_rules

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_RULES = ROOT / "examples" / "user-rules"

DOCS = """
docs:
  summary: A house rule.
  why: Because the auditors say so.
  fix: "Terraform: fix it. CloudFormation: fix it. CLI: fix it."
"""

TRAIL_RULE = """
id: ORG-100
name: trail-not-multi-region
severity: warning
subject: trail
message: "trail {label} is single-Region in {region}"
at: multi_region
where:
  schema: {properties: {multi_region: {const: false}}}
""" + DOCS

TEMPLATE = """
Parameters:
  Flag: {Type: String}
Resources:
  Known:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: known
      S3BucketName: org-audit-logs
      IsLogging: true
      IsMultiRegionTrail: false
  Unknown:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: unknown
      S3BucketName: org-audit-logs
      IsLogging: true
      IsMultiRegionTrail: !Ref Flag
  Fine:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: fine
      S3BucketName: team-logs
      IsLogging: true
      IsMultiRegionTrail: true
"""


def rules_dir(tmp_path: Path, *rules: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    for index, text in enumerate(rules):
        (folder / f"rule{index}.yaml").write_text(textwrap.dedent(text))
    return folder


def lint(tmp_path: Path, rules: Path, inputs: dict[str, str], *args: str,
         capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    for name, text in inputs.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    status = main([*inputs, "--rules-dir", str(rules), "--format", "parsable", "--region", "us-east-1",
                   "--account", "111122223333", *args])
    out = capsys.readouterr()
    return status, out.out.splitlines(), out.err


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


# --- The format ------------------------------------------------------------------------------

def test_example_rules_load_into_the_rule_type_the_engine_runs() -> None:
    rules = load_rules([str(EXAMPLE_RULES)], all_rules())
    assert [r.id for r in rules] == ["ORG-001", "ORG-002", "ORG-003"]
    # Rules with `can` take the engine's access analysis, like TL401–TL407; the others the inventory.
    assert [r.applies_to for r in rules] == [Inventory, AccessReport, Inventory]
    for rule in rules:
        assert isinstance(rule, Rule)
        assert rule.summary and "## Why it matters" in rule.doc and "## Fix" in rule.doc
        assert rule.examples[0][0].startswith("bad/")


INVALID = [
    ("missing-key", "id: ORG-100\nname: x\nseverity: error\nsubject: trail\nmessage: m\n" + DOCS,
     ":1:1: the rule: missing required key 'where'"),
    ("severity", TRAIL_RULE.replace("severity: warning", "severity: fatal"),
     ":4:1: severity: 'fatal' is not one of: error, warning, info"),
    ("builtin-id", TRAIL_RULE.replace("ORG-100", "TL302"),
     ":2:1: id: 'TL302' is not valid: expected TL900 to TL999, or your own prefix"),
    ("tl-prefix", TRAIL_RULE.replace("ORG-100", "TL-100"), ":2:1: id: 'TL-100' is not valid"),
    ("misspelt-key", TRAIL_RULE.replace("severity:", "sevrity:"), ":4:1: the rule: unknown key 'sevrity'"),
    ("two-operators", TRAIL_RULE.replace("where:\n", "where:\n  match: {name: x}\n"),
     ":8:1: where: expected exactly one of schema, match, can, all, any, not; found match, schema"),
    ("unsupported-keyword", TRAIL_RULE.replace("{const: false}", "{$ref: '#/x'}"),
     ":9:40: where.schema.properties.multi_region: unknown key '$ref'; expected one of: type, const"),
    ("misspelt-field", TRAIL_RULE.replace("{multi_region:", "{multi_regoin:"),
     ":9:25: schema: 'multi_regoin' is not a field of a trail; its fields are: account, advanced_selectors"),
    ("message-field", TRAIL_RULE.replace("{region}", "{home}"),
     ":6:1: message: {home} is not a field of a trail"),
    ("can-on-trail", TRAIL_RULE.replace("schema: {properties: {multi_region: {const: false}}}",
                                        "can: {action: DeleteTrail}"),
     ":9:3: can: access decisions are about principals; this rule's subject is trail"),
    ("bad-pattern", TRAIL_RULE.replace("{const: false}", "{pattern: '(['}"),
     ":9:40: pattern '([' is not a regular expression"),
    ("yaml-syntax", TRAIL_RULE.replace("severity: warning", "severity: [warning"), ":"),
    ("example-both", TRAIL_RULE + "examples:\n  bad:\n    - {path: x.yaml, content: 'a: 1'}\n",
     "examples.bad.0: give exactly one of content or path"),
]


@pytest.mark.parametrize(("case", "text", "expected"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_rule_file_is_an_error_with_file_line_and_words(tmp_path: Path, case: str, text: str,
                                                                expected: str) -> None:
    folder = rules_dir(tmp_path, text)
    with pytest.raises(RuleFileError) as raised:
        load_rules([str(folder)], all_rules())
    assert str(raised.value).startswith(str(folder / "rule0.yaml") + ":")
    assert expected in str(raised.value)


def test_unknown_can_action_names_the_known_ones(tmp_path: Path) -> None:
    text = TRAIL_RULE.replace("subject: trail", "subject: principal").replace(
        "message: \"trail {label} is single-Region in {region}\"", "message: m").replace("at: multi_region\n", "")
    text = text.replace("schema: {properties: {multi_region: {const: false}}}", "can: {action: RemoveTrail}")
    with pytest.raises(RuleFileError, match=r"rule0.yaml:8:9: 'RemoveTrail' is not a CloudTrail action .*DeleteTrail"):
        load_rules([str(rules_dir(tmp_path, text))], all_rules())


def test_duplicate_ids_and_builtin_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="ID ORG-100 is already used by .*rule0.yaml"):
        load_rules([str(rules_dir(tmp_path, TRAIL_RULE, TRAIL_RULE.replace("trail-not-multi", "other")))])
    clash = TRAIL_RULE.replace("trail-not-multi-region", "log-file-validation-disabled")
    with pytest.raises(RuleFileError, match="name log-file-validation-disabled is already used by a built-in rule"):
        load_rules([str(rules_dir(tmp_path / "b" if (tmp_path / "b").mkdir() is None else tmp_path, clash))],
                   all_rules())


def test_malformed_rule_is_exit_2_before_any_linting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = rules_dir(tmp_path, TRAIL_RULE.replace("severity: warning", "severity: fatal"))
    status, out, err = lint(tmp_path, folder, {"t.yaml": TEMPLATE}, capsys=capsys)
    assert status == 2 and out == []
    assert f"{folder / 'rule0.yaml'}:4:1: severity: 'fatal' is not one of" in err
    assert main(["--rules-dir", str(tmp_path / "missing"), "--list-rules"]) == 2


# --- Findings, unknown values ------------------------------------------------------------------

def test_trail_rule_finds_known_values_and_reports_unknown_ones_as_tl002(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = lint(tmp_path, rules_dir(tmp_path, TRAIL_RULE), {"t.yaml": TEMPLATE},
                          "--select", "ORG,TL002", capsys=capsys)
    assert out == [
        # the template's own TL002, said once at the parameter without a value
        ("t.yaml:3:3: TL002 parameter Flag has no Default: pass --parameter Flag=VALUE, so not known: "
         "IsMultiRegionTrail of trail 'Unknown'"),
        "t.yaml:11:7: ORG-100 trail known is single-Region in us-east-1",
        ("t.yaml:18:7: TL002 ORG-100 (trail-not-multi-region) cannot be decided for trail 'Unknown': "
        "multi_region is not known offline"),
    ]
    assert status == 0    # ORG-100 is a warning


@pytest.mark.parametrize("where", [
    "not: {schema: {properties: {multi_region: {const: true}}}}",
    "schema: {not: {properties: {multi_region: {enum: [true]}}}}",
    "any: [{schema: {properties: {multi_region: {const: false}}}}, {match: {name: nothing}}]",
    "schema: {properties: {multi_region: {type: boolean, not: {const: true}}}}",
])
def test_negated_conditions_on_unknown_values_are_never_a_pass(tmp_path: Path, where: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    rule = TRAIL_RULE.replace("  schema: {properties: {multi_region: {const: false}}}", "  " + where)
    _, out, _ = lint(tmp_path, rules_dir(tmp_path, rule), {"t.yaml": TEMPLATE}, "--select", "ORG,TL002",
                     capsys=capsys)
    assert out == [("t.yaml:3:3: TL002 parameter Flag has no Default: pass --parameter Flag=VALUE, so not known: "
                    "IsMultiRegionTrail of trail 'Unknown'"),
                   "t.yaml:11:7: ORG-100 trail known is single-Region in us-east-1",
                   ("t.yaml:18:7: TL002 ORG-100 (trail-not-multi-region) cannot be decided for trail 'Unknown': "
                    "multi_region is not known offline")]


SUBJECT_CASES = {
    "bucket": ("""
        id: ORG-200
        name: bucket-not-org-audit
        severity: error
        subject: bucket
        message: "bucket {name} of trails {trails} is not an org-audit bucket"
        where: {not: {match: {name: "org-audit-*"}}}
        """, """
        Resources:
          Logs: {Type: AWS::S3::Bucket, Properties: {BucketName: team-logs}}
          Audit: {Type: AWS::S3::Bucket, Properties: {BucketName: org-audit-logs}}
          Trail:
            Type: AWS::CloudTrail::Trail
            Properties: {TrailName: t, S3BucketName: team-logs, IsLogging: true}
        """, ["x.yaml:3:33: ORG-200 bucket team-logs of trails t is not an org-audit bucket"]),
    "statement": ("""
        id: ORG-201
        name: cloudtrail-wildcard-allowed
        severity: error
        subject: statement
        message: "statement {index} of {policy.name} allows {actions}"
        where:
          - schema: {properties: {effect: {const: Allow}}}
          - match: {actions: "cloudtrail:*"}
        """, """
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              RoleName: ops
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]}
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - {Effect: Allow, Action: "cloudtrail:*", Resource: "*"}
                      - {Effect: Deny, Action: "cloudtrail:*", Resource: "*"}
                      - {Effect: Allow, Action: "s3:GetObject", Resource: "*"}
        """, ["x.yaml:12:17: ORG-201 statement 0 of p allows cloudtrail:*"]),
    "account-region": ("""
        id: ORG-202
        name: region-without-trail
        severity: error
        subject: account-region
        message: "no trail records account {account} in {region}"
        where: {schema: {properties: {trails: {maxItems: 0}}}}
        """, """
        Resources:
          Trail:
            Type: AWS::CloudTrail::Trail
            Properties: {TrailName: t, S3BucketName: b, IsLogging: true}
        """, ["x.yaml:5:5: ORG-202 no trail records account 111122223333 in eu-west-1"]),
    "principal": ("""
        id: ORG-203
        name: can-stop-logging
        severity: error
        subject: principal
        message: "{kind} {name} can stop logging on the audit trail"
        where: {can: {action: StopLogging, trail: "arn:aws:cloudtrail:*:*:trail/audit"}}
        """, """
        Resources:
          Audit: {Type: AWS::CloudTrail::Trail, Properties: {TrailName: audit, S3BucketName: b, IsLogging: true}}
          Team: {Type: AWS::CloudTrail::Trail, Properties: {TrailName: team, S3BucketName: b, IsLogging: true}}
          Ops:
            Type: AWS::IAM::Role
            Properties:
              RoleName: ops
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]}
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement: [{Effect: Allow, Action: "cloudtrail:StopLogging", Resource: "*"}]
          Team2:
            Type: AWS::IAM::Role
            Properties:
              RoleName: team
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]}
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - {Effect: Allow, Action: "cloudtrail:StopLogging", Resource: "arn:aws:cloudtrail:us-east-1:111122223333:trail/team"}
          Cond:
            Type: AWS::IAM::Role
            Properties:
              RoleName: cond
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]}
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: "cloudtrail:StopLogging"
                        Resource: "*"
                        Condition: {Bool: {"aws:MultiFactorAuthPresent": "true"}}
        """, ["x.yaml:7:5: ORG-203 role ops can stop logging on the audit trail",
              ("x.yaml:26:5: TL002 ORG-203 (can-stop-logging) cannot be decided for principal "
              "'cond': whether it can StopLogging on "
              "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit (conditional) is not known offline")]),
}


@pytest.mark.parametrize("kind", sorted(SUBJECT_CASES))
def test_every_subject_kind(tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    rule, template, expected = SUBJECT_CASES[kind]
    (tmp_path / ".trail-lint.yaml").write_text("regions: [us-east-1, eu-west-1]\n")
    _, out, err = lint(tmp_path, rules_dir(tmp_path, textwrap.dedent(rule) + DOCS), {"x.yaml": template}, "--select", "ORG,TL002",
                       capsys=capsys)
    assert out == expected, err


def test_trail_rule_subject_kind_from_the_examples_fires_on_examples(capsys: pytest.CaptureFixture[str]) -> None:
    status = main([str(ROOT / "examples"), "--rules-dir", str(EXAMPLE_RULES), "--select", "ORG", "--format",
                   "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert status == 1
    assert {f["rule"] for f in findings} == {"ORG-001", "ORG-002", "ORG-003"}
    assert [f["message"] for f in findings if f["rule"] == "ORG-002"] == [
        "role operations can delete trails; only role/breakglass may"]


# --- Like a built-in rule everywhere -------------------------------------------------------------

def test_listed_explained_and_in_sarif_metadata(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(EXAMPLE_RULES)
    assert main(["--rules-dir", folder, "--list-rules"]) == 0
    listing = capsys.readouterr().out
    assert "ORG-002  trail-deletion-outside-breakglass" in listing and "TL302" in listing
    assert main(["--rules-dir", folder, "--explain", "ORG-003"]) == 0
    explained = capsys.readouterr().out
    assert explained.startswith("ORG-003 prod-trail-not-multi-region-kms (error)")
    assert "## Why it matters" in explained and "## Bad example: bad/single-region.yaml" in explained
    assert "## Good example: good/other-account.yaml" in explained
    main([str(ROOT / "examples"), "--rules-dir", folder, "--select", "ORG-001", "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    descriptors = sarif["runs"][0]["tool"]["driver"]["rules"]
    descriptor = next(d for d in descriptors if d["id"] == "ORG-001")
    assert descriptor["name"] == "trail-bucket-not-org-audit"
    assert "Object Lock" in descriptor["help"]["text"]
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"ORG-001"}


def test_json_output_with_user_rules_is_valid_findings_json(capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    main([str(ROOT / "examples"), "--rules-dir", str(EXAMPLE_RULES), "--select", "ORG", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, json.loads((ROOT / "schemas" / "findings.schema.json").read_text()))
    assert {f["rule"] for f in document["findings"]} == {"ORG-001", "ORG-002", "ORG-003"}


@pytest.mark.parametrize(("args", "config", "rules"), [
    (["--select", "ORG"], "", {"ORG-100"}),
    (["--select", "ORG-100,TL302"], "", {"ORG-100", "TL302"}),
    (["--select", "trail-not-multi-region"], "", {"ORG-100"}),
    (["--select", "ORG", "--ignore", "ORG-100"], "", set()),
    (["--select", "ORG"], "ignore: [trail-not-multi-region]\n", set()),
])
def test_selection_by_id_prefix_and_name(tmp_path: Path, args: list[str], config: str, rules: set[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".trail-lint.yaml").write_text(config or "{}\n")
    _, out, _ = lint(tmp_path, rules_dir(tmp_path, TRAIL_RULE), {"t.yaml": TEMPLATE}, *args, capsys=capsys)
    assert {line.split(" ")[1] for line in out} == rules


def test_severity_override_suppressions_and_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = rules_dir(tmp_path, TRAIL_RULE)
    (tmp_path / ".trail-lint.yaml").write_text("severity: {ORG-100: error}\n")
    status, out, _ = lint(tmp_path, folder, {"t.yaml": TEMPLATE}, "--select", "ORG", capsys=capsys)
    assert status == 1 and len(out) == 1
    # inline comment suppression
    suppressed = TEMPLATE.replace("IsMultiRegionTrail: false",
                                  "IsMultiRegionTrail: false  # trail-lint: ignore ORG-100 sandbox account")
    status, out, _ = lint(tmp_path, folder, {"t.yaml": suppressed}, "--select", "ORG,TL003", capsys=capsys)
    assert status == 0 and out == []
    # config ignore
    (tmp_path / ".trail-lint.yaml").write_text(
        "severity: {ORG-100: error}\nignores: [{rule: ORG-100, resource: Known, reason: sandbox}]\n")
    status, out, _ = lint(tmp_path, folder, {"t.yaml": TEMPLATE}, "--select", "ORG", capsys=capsys)
    assert status == 0 and out == []
    # baseline
    (tmp_path / ".trail-lint.yaml").write_text("severity: {ORG-100: error}\n")
    lint(tmp_path, folder, {"t.yaml": TEMPLATE}, "--select", "ORG", "--write-baseline", "base.json", capsys=capsys)
    status, out, _ = lint(tmp_path, folder, {"t.yaml": TEMPLATE}, "--select", "ORG", "--baseline", "base.json",
                          capsys=capsys)
    assert status == 0 and out == []


def test_rules_dir_in_the_configuration_is_relative_to_it(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    rules_dir(tmp_path, TRAIL_RULE)
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "t.yaml").write_text(TEMPLATE)
    (tmp_path / ".trail-lint.yaml").write_text("rules-dir: rules\nregion: us-east-1\n")
    status = main(["project", "--select", "ORG", "--format", "parsable", "--config",
                   str(tmp_path / ".trail-lint.yaml")])
    assert capsys.readouterr().out.splitlines() == [
        "project/t.yaml:11:7: ORG-100 trail known is single-Region in us-east-1"]
    assert status == 0


def test_user_rules_run_through_the_engine_like_built_ins(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    rules = (*all_rules(), *load_rules([str(rules_dir(tmp_path, TRAIL_RULE))]))
    result = run(["t.yaml"], Config(region="us-east-1", select=("ORG-100",)), rules, raise_errors=True)
    assert [(f.rule, f.severity.value, f.resource) for f in result.findings] == [("ORG-100", "warning", "Known")]


# --- test-rules -----------------------------------------------------------------------------------

def test_test_rules_passes_on_the_example_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test-rules", str(EXAMPLE_RULES)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "3 rule(s), 0 failure(s)"


def test_test_rules_fails_on_a_bad_example_without_finding_and_a_good_one_with_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = """
examples:
  region: us-east-1
  bad:
    - content: |
        Resources:
          T: {Type: AWS::CloudTrail::Trail, Properties: {TrailName: t, S3BucketName: b, IsMultiRegionTrail: true}}
  good:
    - content: |
        Resources:
          T: {Type: AWS::CloudTrail::Trail, Properties: {TrailName: t, S3BucketName: b}}
"""
    folder = rules_dir(tmp_path, TRAIL_RULE + examples)
    assert main(["test-rules", str(folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == ["FAIL ORG-100 bad/bad-1.yaml: bad example gives no finding",
                   ("FAIL ORG-100 good/good-1.yaml: good example gives 1 finding(s): trail t is single-Region in "
                   "us-east-1"),
                   "1 rule(s), 2 failure(s)"]


def test_test_rules_fails_on_an_undecided_example_and_a_rule_without_examples(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = """
examples:
  region: us-east-1
  bad:
    - file: bad.yaml
      content: |
        Parameters: {P: {Type: String}}
        Resources:
          T: {Type: AWS::CloudTrail::Trail, Properties: {TrailName: t, S3BucketName: b, IsMultiRegionTrail: !Ref P}}
"""
    folder = rules_dir(tmp_path, TRAIL_RULE + examples)
    assert main(["test-rules", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "needs at least one bad and one good example" in out
    assert "FAIL ORG-100 bad/bad.yaml: the rule cannot decide: ORG-100 (trail-not-multi-region) cannot be decided" \
        in out


def test_rules_of_one_run_share_the_subject_views(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fifty rules on trails build the trail views once, also between rules that take the access analysis."""
    from trail_lint.userrules import check

    built: list[str] = []
    real = check.subjects
    monkeypatch.setattr(check, "subjects", lambda kind, inventory: built.append(kind) or real(kind, inventory))
    can = TRAIL_RULE.replace("subject: trail", "subject: principal").replace("at: multi_region\n", "").replace(
        "message: \"trail {label} is single-Region in {region}\"", "message: m").replace(
        "schema: {properties: {multi_region: {const: false}}}", "can: {action: DeleteTrail}")
    # sorted by ID, the rule with `can` (ORG-101) runs between rules on the inventory
    texts = [TRAIL_RULE.replace("ORG-100", f"ORG-10{i}").replace("trail-not-multi-region", f"rule-{i}")
             for i in (0, 2, 3)] + [can.replace("ORG-100", "ORG-101").replace("trail-not-multi-region", "can-rule")]
    rules = load_rules([str(rules_dir(tmp_path, *texts))])
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    run(["t.yaml"], Config(region="us-east-1"), (*all_rules(), *rules))
    assert built == ["trail"]


def test_examples_by_path_and_as_mappings_with_cloudformation_tags(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = rules_dir(tmp_path, TRAIL_RULE + """
examples:
  region: us-east-1
  bad:
    - path: inputs/single-region.yaml
  good:
    - content:
        Parameters: {Flag: {Type: String}}
        Resources:
          T:
            Type: AWS::CloudTrail::Trail
            Properties: {TrailName: t, S3BucketName: !Ref Flag, IsMultiRegionTrail: true}
""")
    (folder / "inputs").mkdir()
    (folder / "inputs" / "single-region.yaml").write_text(
        "Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties: {TrailName: t, S3BucketName: b}\n")
    assert main(["test-rules", "-v", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "ok   ORG-100 bad/single-region.yaml: 1 finding(s)",
        "ok   ORG-100 good/good-1.json: no finding",
        "1 rule(s), 0 failure(s)"]
    (folder / "inputs" / "single-region.yaml").unlink()
    with pytest.raises(RuleFileError, match=r"rule0.yaml:19:7: examples.bad.0.path: cannot read .*single-region"):
        load_rules([str(folder)])


def test_at_needs_a_field_with_a_place_in_the_input(tmp_path: Path) -> None:
    text = TRAIL_RULE.replace("subject: trail", "subject: account-region").replace("at: multi_region", "at: region")
    text = text.replace("{label} is single-Region in {region}", "{region}").replace(
        "{properties: {multi_region: {const: false}}}", "{properties: {trails: {maxItems: 0}}}")
    with pytest.raises(RuleFileError, match="at: 'region' is not a field of a account-region that has a place"):
        load_rules([str(rules_dir(tmp_path, text))])
