"""`trail-lint inventory`: the model as users see it, valid against schemas/inventory.schema.json for
every fixture, corpus file and example, with unknown values spelled {"$unknown": true}."""
from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import pytest
import yaml

from trail_lint.cli import main
from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.inventory_view import as_json, inventory_document, plain
from trail_lint.model import UNKNOWN, Origin
from trail_lint.registry import rule_by_id

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SCHEMA = json.loads((ROOT / "schemas" / "inventory.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def inputs() -> list[Path]:
    rules = [p for p in (ROOT / "tests" / "rules").glob("*/*") if p.name.startswith(("good", "bad"))
             and not p.name.endswith(".expected")]
    corpus = [p for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.md"] if CORPUS.is_dir() else []
    return sorted(rules) + sorted(corpus) + [ROOT / "examples"]


@pytest.mark.parametrize("path", inputs(), ids=lambda p: str(p.relative_to(p.parents[1])))
def test_inventory_of_every_input_is_valid(path: Path) -> None:
    result = run([str(path)], Config(), (rule_by_id("TL000"), rule_by_id("TL001")))
    document = as_json(inventory_document(result.inventory, result.locate, "test"))
    errors = [f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(json.loads(json.dumps(document)))]
    assert errors == []


TEMPLATE = """
Parameters:
  Flag: {Type: String}
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      S3BucketName: org-audit-logs
      IsLogging: true
      IsMultiRegionTrail: !Ref Flag
      KMSKeyId: arn:aws:kms:us-east-1:111122223333:key/k
"""


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_inventory_command_prints_the_trail_with_unknowns_marked(tmp_path: Path, fmt: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.yaml").write_text(textwrap.dedent(TEMPLATE))
    status = main(["inventory", str(tmp_path / "t.yaml"), "--format", fmt, "--region", "us-east-1",
                   "--account", "111122223333"])
    out = capsys.readouterr().out
    document = json.loads(out) if fmt == "json" else yaml.safe_load(out)
    assert status == 0 and document["schema"] == "trail-lint/inventory/v1"
    assert VALIDATOR.is_valid(document)
    [trail] = document["trails"]
    assert trail["name"] == "audit" and trail["account"] == "111122223333" and trail["region"] == "us-east-1"
    assert trail["multi_region"] == {"$unknown": True}
    assert trail["records"]["us-east-1"]["covered"] is True
    assert trail["records"]["us-east-1"]["management"] == {"read": True, "write": True, "full": True,
                                                           "excluded_sources": []}
    assert trail["origin"] == {"file": str(tmp_path / "t.yaml"), "resource": "Trail", "kind": "cloudformation",
                               "line": 7, "column": 5}
    assert document["keys"] == [{"id": "arn:aws:kms:us-east-1:111122223333:key/k", "trails": ["audit"],
                                 "policies": []}]
    assert any("IsMultiRegionTrail" in u["message"] for u in document["unknowns"])


def test_inventory_of_an_unreadable_file_is_exit_1_with_the_reason(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.json").write_text('{"Resources": ')
    assert main(["inventory", str(tmp_path / "broken.json")]) == 1
    out = capsys.readouterr()
    assert json.loads(out.out)["trails"] == [] and "broken.json:1:" in out.err and "TL001" in out.err


def test_a_field_added_to_the_model_appears_without_an_edit() -> None:
    @dataclass(frozen=True)
    class LogGroup:
        arn: str
        metric_filters: tuple[str, ...] = ()
        retention_days: int | None = None
        origin: Origin = field(default_factory=lambda: Origin("f.json", ()), repr=False)
        index: dict = field(default_factory=dict, repr=False)   # internal: not shown

    view = plain(LogGroup("arn:aws:logs:x", ("StopLogging",), UNKNOWN))  # type: ignore[arg-type]
    assert view == {"arn": "arn:aws:logs:x", "metric_filters": ["StopLogging"], "retention_days": UNKNOWN,
                    "origin": {"file": "f.json", "resource": "", "kind": ""}}
    assert as_json(view)["retention_days"] == {"$unknown": True}


def test_a_topic_the_inputs_create_shows_the_key_that_encrypts_it(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(textwrap.dedent("""\
        Resources:
          Encrypted:
            Type: AWS::SNS::Topic
            Properties: {TopicName: encrypted, KmsMasterKeyId: alias/aws/sns}
          Plain:
            Type: AWS::SNS::Topic
            Properties: {TopicName: plain}
          EncryptedTrail:
            Type: AWS::CloudTrail::Trail
            Properties: {IsLogging: true, S3BucketName: logs, SnsTopicName: encrypted}
          PlainTrail:
            Type: AWS::CloudTrail::Trail
            Properties: {IsLogging: true, S3BucketName: logs, SnsTopicName: plain}
          ElsewhereTrail:
            Type: AWS::CloudTrail::Trail
            Properties: {IsLogging: true, S3BucketName: logs, SnsTopicName: elsewhere}
        """))
    result = run([str(tmp_path / "t.yaml")], Config(), (rule_by_id("TL000"), rule_by_id("TL001")))
    topics = as_json(inventory_document(result.inventory, result.locate, "test"))["topics"]
    assert [{k: v for k, v in t.items() if k != "policies"} for t in topics] == [
        {"arn": "elsewhere", "trails": ["ElsewhereTrail"]},
        {"arn": "encrypted", "trails": ["EncryptedTrail"], "kms_key": "alias/aws/sns"},
        {"arn": "plain", "trails": ["PlainTrail"], "kms_key": None}]


def test_a_multi_region_trail_records_global_service_events_in_us_east_1(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """CloudTrail refuses a multi-Region trail without IncludeGlobalServiceEvents: whatever that flag's
    value, such a trail receives global service events in us-east-1 (scope.trail_scope.receives_global_events)."""
    text = textwrap.dedent(TEMPLATE).replace("IsMultiRegionTrail: !Ref Flag",
                                             "IsMultiRegionTrail: true\n      IncludeGlobalServiceEvents: !Ref Flag")
    (tmp_path / "t.yaml").write_text(text)
    assert main(["inventory", str(tmp_path / "t.yaml"), "--format", "json", "--region", "us-east-1",
                 "--account", "111122223333"]) == 0
    [trail] = json.loads(capsys.readouterr().out)["trails"]
    assert trail["records"]["us-east-1"]["global_service_events"] is True
