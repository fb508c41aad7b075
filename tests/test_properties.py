"""Whole-run properties on real and mutated inputs: no escape, valid output, deterministic, order-free,
and the inputs are never touched."""
from __future__ import annotations

import hashlib
import io
import json
import random
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEEDS = sorted([p for p in (ROOT / "examples").rglob("*") if p.is_file() and p.suffix in (".json", ".yaml")]
               + [p for p in CORPUS.rglob("*") if p.is_file() and p.stat().st_size < 40_000 and p.suffix != ".md"])
FINDINGS_SCHEMA = json.loads((ROOT / "schemas" / "findings.schema.json").read_text())


def run_json(*args: str) -> tuple[int, dict, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(["--format", "json", *args])
    return status, json.loads(out.getvalue()), err.getvalue()


def fingerprint_tree(paths: list[Path]) -> dict[str, tuple[int, int, str]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in paths}


def test_a_run_never_modifies_its_inputs() -> None:
    inputs = [p for p in [*(ROOT / "examples").rglob("*"), *CORPUS.rglob("*")] if p.is_file()]
    before = fingerprint_tree(inputs)
    status, _, err = run_json(str(ROOT / "examples"), *( [str(CORPUS)] if CORPUS.is_dir() else []))
    assert status in (0, 1) and "Traceback" not in err
    assert fingerprint_tree(inputs) == before


def mutate(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(5)
    if not data:
        return bytes([rng.randrange(256)])
    i = rng.randrange(len(data))
    if choice == 0:
        return data[:i]                                                   # truncated
    if choice == 1:
        return data[:i] + data[i + rng.randrange(1, 64):]                 # a piece cut out
    if choice == 2:
        return data[:i] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8))) + data[i:]
    if choice == 3:
        return data[:i] + rng.choice([b'"', b"{", b"]", b",", b"null", b"-1e999", b"\x00", b"!Ref "]) + data[i + 1:]
    j = rng.randrange(len(data))
    return data[:i] + data[j:j + 200] + data[i:]                          # a piece duplicated elsewhere


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(SEEDS), mutation=st.integers(0, 2**32 - 1))
def test_mutated_inputs_give_valid_deterministic_output(tmp_path: Path, seed: Path, mutation: int) -> None:
    import jsonschema

    target = tmp_path / f"input{seed.suffix}"
    target.write_bytes(mutate(seed.read_bytes(), random.Random(mutation)))
    status, document, err = run_json(str(target))
    assert status in (0, 1), err
    assert "Traceback" not in err
    jsonschema.validate(document, FINDINGS_SCHEMA)
    assert not [f for f in document["findings"] if f["rule"] == "TL000"], document["findings"]
    assert run_json(str(target))[1] == document


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_results_do_not_depend_on_file_order(rnd: random.Random) -> None:
    files = [str(p) for p in (CORPUS / "describe-trails").iterdir()] + [str(ROOT / "examples")]
    shuffled = files[:]
    rnd.shuffle(shuffled)
    assert run_json(*files)[1] == run_json(*shuffled)[1]


def test_sarif_of_a_mixed_run_is_valid(tmp_path: Path) -> None:
    import jsonschema

    schema_path = ROOT.parent / "shared" / "reference" / "sarif-schema-2.1.0.json"
    if not schema_path.exists():
        pytest.skip("shared SARIF schema not present")
    broken = tmp_path / "broken.yaml"
    broken.write_text("Resources:\n  T: {Type: AWS::CloudTrail::Trail, Properties: [\n")
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        main(["--format", "sarif", str(ROOT / "examples"), str(broken)])
    jsonschema.validate(json.loads(out.getvalue()), json.loads(schema_path.read_text()))
