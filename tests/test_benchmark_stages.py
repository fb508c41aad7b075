"""benchmarks/stages.py times the engine's stages by name: a renamed stage must not drop out unseen."""
from __future__ import annotations

import pytest
from benchmark_scripts import BENCHMARKS, load_script


def test_every_stage_is_timed_and_the_run_is_left_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    from trail_lint import engine

    stages = load_script("stages")
    read = engine._read
    assert stages.main([str(BENCHMARKS.parent / "tests" / "rules" / "TL302" / "bad.describe-trails.json"), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""                                    # no stage function is gone
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [row.split("`")[1] for row in rows[:-1]] == [
        f"{module.rsplit('.', 1)[-1]}.{name}" for _, module, name, _ in stages.STAGES]
    assert rows[-1].startswith("| the whole run |")
    assert engine._read is read                         # the wrappers are taken off again
