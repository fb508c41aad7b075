"""Real inputs written by other people (../shared/corpus): never a crash, and reviewed findings.

Each corpus file is linted on its own (the files come from unrelated projects; linted together
they would form one imaginary account) and its findings are compared with the reviewed result in
tests/corpus/<folder>/<file>.expected. A Terraform module (a folder of terraform/, with the
examples that call it) is one input, as `trail-lint terraform/<module>` reads it, and its result is
tests/corpus/terraform/<module>.expected. `TRAIL_LINT_UPDATE=1` rewrites those files: review the
diff against the input before committing it. Skipped when the corpus is absent.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from trail_lint.cli import main
from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules
from trail_lint.report import render

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REVIEWED = Path(__file__).parent / "corpus"


def corpus_inputs() -> list[Path]:
    """Every corpus file, except that each Terraform module folder is one input."""
    if not CORPUS.is_dir():
        return []
    files = [p for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.md"
             and p.relative_to(CORPUS).parts[0] != "terraform"]
    modules = [p for p in (CORPUS / "terraform").iterdir() if p.is_dir()] if (CORPUS / "terraform").is_dir() else []
    return sorted(files + modules)


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


@needs_corpus
def test_whole_corpus_in_one_run_never_crashes(capsys: pytest.CaptureFixture[str]) -> None:
    status = main([str(CORPUS), "--format", "json"])
    out = capsys.readouterr()
    assert status in (0, 1)
    assert "Traceback" not in out.err and '"TL000"' not in out.out


@needs_corpus
@pytest.mark.parametrize("path", corpus_inputs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_findings_are_the_reviewed_ones(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS)
    relative = str(path.relative_to(CORPUS))
    result = run([relative], Config(), all_rules(), raise_errors=True)
    assert not [f for f in result.findings if f.rule in ("TL000", "TL001")]
    output = render("parsable", result.findings, all_rules(), tool_version="test")
    expected = REVIEWED / (relative + ".expected")
    if os.environ.get("TRAIL_LINT_UPDATE"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(output)
    assert output == expected.read_text()
