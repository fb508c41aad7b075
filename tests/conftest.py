"""Fixtures shared by the command-line tests, and the property tests' settings."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Speed is measured in BENCHMARKS.md, never in a unit test: how long one example or its generation
# takes depends on what else the machine runs, so neither may fail a property test.
settings.register_profile("trail-lint", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("trail-lint")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working directory, without the environment that changes how reports look
    (colour, GitHub Actions annotations and step summary). Modules that need more define their own."""
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path
