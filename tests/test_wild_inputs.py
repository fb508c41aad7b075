"""Shapes met in inputs written elsewhere (CLI output pasted in guides, plans of other tools' tests,
policies of public modules), each reduced to a minimal input of its own."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trail_lint.cli import main


def write(path: Path, document: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def lint(*arguments: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    main(["--format", "json", *arguments])
    findings: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    return findings


@pytest.mark.parametrize("account", ["<account-id>", "XXXXXXXXXXXX", "123"])
def test_a_redacted_account_in_a_trail_arn_is_no_account(tmp_path, capsys, account):
    """describe-trails output copied with its account ID blanked out says no account; a lone trail
    is no copy of itself, so TL501 has nothing to ask."""
    trail = {"Name": "audit", "S3BucketName": "logs", "HomeRegion": "eu-north-1", "IsMultiRegionTrail": False,
             "TrailARN": f"arn:aws:cloudtrail:eu-north-1:{account}:trail/audit", "LogFileValidationEnabled": True}
    path = write(tmp_path / "trails.json", {"trailList": [trail]})
    findings = lint(str(path), capsys=capsys)
    assert not [f for f in findings if "TL501" in f["message"] or f["rule"] == "TL501"]
    assert {f["account"] for f in findings} == {None}
