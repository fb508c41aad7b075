"""The global configuration of Landing Zone Accelerator on AWS (global-config.yaml) asks for an
organization trail and account trails, which become CloudFormation only when the accelerator
synthesizes its stacks: it is skipped with a warning naming what to lint instead, never passed in
silence as "no problems found". Shape of real configurations: a YAML anchor for the home Region,
`logging.cloudtrail` with `organizationTrailSettings` and `accountTrails`."""
from __future__ import annotations

from pathlib import Path

import pytest

from trail_lint.cli import main

GLOBAL_CONFIG = """homeRegion: &HOME_REGION eu-west-1
enabledRegions:
  - *HOME_REGION
managementAccountAccessRole: AWSControlTowerExecution
cloudwatchLogRetentionInDays: 3653
logging:
  account: LogArchive
  cloudtrail:
    enable: true
    organizationTrail: true
    organizationTrailSettings:
      multiRegionTrail: true
      globalServiceEvents: true
      managementEvents: true
      s3DataEvents: false
    accountTrails: []
"""


def test_a_global_configuration_with_trails_is_skipped_with_what_to_lint_instead(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "global-config.yaml").write_text(GLOBAL_CONFIG)
    assert main([str(tmp_path)]) == 0
    captured = capsys.readouterr()
    warned = [line for line in captured.err.splitlines() if "global-config.yaml: skipped:" in line]
    assert len(warned) == 1 and "Landing Zone Accelerator global configuration" in warned[0]
    assert "cdk.out" in warned[0]


def test_a_file_of_the_same_keys_without_trails_is_no_warning(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "global-config.yaml").write_text(GLOBAL_CONFIG.split("logging:")[0] + "logging:\n  account: Log\n")
    assert main([str(tmp_path)]) == 0
    assert "Landing Zone Accelerator" not in capsys.readouterr().err
