"""TL309 on advanced selectors holding values not known offline: a selector whose known field
selectors rule out S3 object writes (another resource type, another event category, reads only)
cannot record the trail's log files, whatever the unknown values are, so TL309 is not named among
the rules that value leaves undecided. Fields of one advanced selector are ANDed:
https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.model import UNKNOWN, AdvancedSelector, FieldSelector
from trail_lint.selectors.recording import advanced_data, conditions_of, rules_out_writes

S3 = "AWS::S3::Object"
ROOT = """variable "queues" {{
  type = list(string)
}}

resource "aws_s3_bucket" "logs" {{
  bucket = "forensics-logs-111122223333"
}}

resource "aws_cloudtrail" "queues" {{
  name           = "queue-forensics"
  s3_bucket_name = aws_s3_bucket.logs.id

  advanced_event_selector {{
    name = "data events of some queues"
    field_selector {{
      field  = "eventCategory"
      equals = ["Data"]
    }}
    field_selector {{
      field  = "resources.type"
      equals = ["{kind}"]
    }}
    field_selector {{
      field  = "resources.ARN"
      equals = var.queues
    }}
  }}
}}
"""


def _tl002(tmp_path: Path, capsys, kind: str) -> str:
    root = tmp_path / "root"
    root.mkdir()
    (root / "main.tf").write_text(ROOT.format(kind=kind))
    capsys.readouterr()
    main(["--format", "parsable", "--select", "TL002,TL309", "--region", "us-east-1", str(root)])
    return "\n".join(line for line in capsys.readouterr().out.splitlines() if "var.queues" in line)


def test_queue_selector_with_unknown_arns_leaves_tl309_decided(tmp_path: Path, capsys) -> None:
    said = _tl002(tmp_path, capsys, "AWS::SQS::Queue")
    assert "advanced_event_selector.0.field_selector.2.equals" in said
    assert "TL309" not in said


def test_object_selector_with_unknown_arns_still_names_tl309(tmp_path: Path, capsys) -> None:
    assert "TL309 (trail-logs-own-bucket) cannot decide" in _tl002(tmp_path, capsys, S3)


_CATEGORIES = st.sampled_from(["Data", "Management", "NetworkActivity"])
_KINDS = st.sampled_from([S3, "AWS::SQS::Queue", "AWS::Lambda::Function"])
_READ_ONLY = st.sampled_from([None, ("true",), ("false",), ("true", "false")])


@given(_CATEGORIES, _KINDS, _READ_ONLY, st.lists(st.sampled_from(["arn:aws:s3:::", "arn:aws:sqs:"]), min_size=1))
def test_ruled_out_only_where_no_value_records_object_writes(category, kind, read_only, arns) -> None:
    """Whatever the unknown resources.ARN values turn out to be, a selector said to rule out S3
    object writes records none when they are known."""
    fields = [FieldSelector("eventCategory", (category,)), FieldSelector("resources.type", (kind,))]
    if read_only is not None:
        fields.append(FieldSelector("readOnly", read_only))
    if category == "NetworkActivity":
        fields.append(FieldSelector("eventSource", ("s3.amazonaws.com",)))
    open_selector = AdvancedSelector(None, (*fields, FieldSelector("resources.ARN", UNKNOWN)))
    known = AdvancedSelector(None, (*fields, FieldSelector("resources.ARN", starts_with=tuple(arns))))
    scope = advanced_data(conditions_of(known))
    records_object_writes = scope is not None and scope is not UNKNOWN and scope.type == S3 and scope.write is not False
    if rules_out_writes(open_selector, S3):
        assert not records_object_writes
    assert rules_out_writes(AdvancedSelector(None, UNKNOWN), S3) is False
