"""TL315 beyond its fixtures: opt-in, and undecidable when the inputs do not show the whole account."""
from __future__ import annotations

from pathlib import Path

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules

TEMPLATE = """Resources:
  AuditTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: true
      IsMultiRegionTrail: true
      S3BucketName: logs
"""


def lint(tmp_path: Path, config: Config) -> list[tuple[str, str]]:
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    result = run([str(tmp_path / "t.yaml")], config, all_rules(), raise_errors=True)
    return [(f.rule, f.message) for f in result.findings if f.rule in ("TL315", "TL002")]


def test_off_by_default_and_on_by_control(tmp_path: Path) -> None:
    default = lint(tmp_path, Config(region="us-east-1", regions=("us-east-1",)))
    assert not [rule for rule, _ in default if rule == "TL315"]
    chosen = lint(tmp_path, Config(region="us-east-1", regions=("us-east-1",), select=("CIS-3.8",)))
    assert [rule for rule, _ in chosen] == ["TL315", "TL315"]


def test_a_template_alone_cannot_decide(tmp_path: Path) -> None:
    found = lint(tmp_path, Config(region="us-east-1", select=("TL315", "TL002")))
    assert [rule for rule, message in found if "S3 object-level" in message] == ["TL002"]


EVERY_OBJECT = """Parameters:
  Logging:
    Type: String
Resources:
  AuditTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: audit
      IsLogging: {logging}
      IsMultiRegionTrail: true
      S3BucketName: logs
      AdvancedEventSelectors:
        - FieldSelectors:
            - Field: eventCategory
              Equals: [Data]
            - Field: resources.type
              Equals: [AWS::S3::Object]{narrowing}
"""


def _s3_findings(tmp_path: Path, logging: str, narrowing: str = "") -> list[tuple[str, str]]:
    (tmp_path / "t.yaml").write_text(EVERY_OBJECT.format(logging=logging, narrowing=narrowing))
    result = run([str(tmp_path / "t.yaml")], Config(region="us-east-1", select=("TL315", "TL002")), all_rules(),
                 raise_errors=True)
    return [(f.rule, f.message) for f in result.findings if "S3 object-level" in f.message]


def test_a_template_whose_trail_records_every_object_needs_no_other_trail(tmp_path: Path) -> None:
    # The trails the template does not show cannot take away what its own multi-Region, logging trail
    # records: nothing to say, neither TL315 nor TL002.
    assert _s3_findings(tmp_path, "true") == []


def test_a_template_whose_trail_may_not_record_every_object_cannot_decide(tmp_path: Path) -> None:
    assert [rule for rule, _ in _s3_findings(tmp_path, "!Ref Logging")] == ["TL002"]
    writes_only = "\n            - Field: readOnly\n              Equals: [\"false\"]"
    assert [rule for rule, _ in _s3_findings(tmp_path, "true", writes_only)] == ["TL002"]
