"""Policies held as JSON strings in a plan read as their decoded documents.

A plan's policy strings go through the fast path (fields cached per distinct string, a quick
reader for well-formed statements, statements built at each use's place); the decoded document
goes through the general reader. Both must give equal statements on the generated hard shapes
(dense, access, organization: small sizes, nothing is timed) and on the real plans of the corpus.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from benchmark_scripts import load_script

from trail_lint.engine import _normalise
from trail_lint.load import load_file
from trail_lint.model import Policy
from trail_lint.normalise import Contents
from trail_lint.normalise.policy_json import parse_policy

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "tfplan"
CORPUS_PLANS = sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []


def _policies(contents: Contents) -> Iterator[Policy]:
    yield from contents.policies
    for principal in contents.principals:
        yield from principal.inline_policies
    yield from (found.policy for found in contents.resource_policies)
    yield from (found.policy for found in contents.scps)


def _at(document: Any, path: tuple[str | int, ...]) -> Any:
    """The value at ``path``; None when it is not there (an attribute known only after apply)."""
    try:
        for key in path:
            document = document[key]
    except (KeyError, IndexError, TypeError):
        return None
    return document


def _compared(file: Path) -> int:
    """How many policy strings of ``file`` were compared with their decoded documents."""
    document = load_file(str(file))
    contents = _normalise(document)
    assert contents is not None
    compared = 0
    for policy in _policies(contents):
        if not isinstance(policy.statements, tuple) or policy.origin.file != str(file):
            continue
        text = _at(document.data, policy.origin.path)
        if not isinstance(text, str):
            continue    # built from a data.aws_iam_policy_document, not read from a string
        decoded = parse_policy(json.loads(text), name=policy.name, origin=policy.origin)
        assert policy.statements == decoded.statements, policy.name
        assert all(statement.origin.at == policy.origin.at for statement in policy.statements)
        compared += 1
    return compared


@pytest.mark.parametrize(("shape", "size", "least"), [("dense", 3, 30), ("access", 2, 40), ("org", 2, 40)])
def test_generated_plans_policy_strings_read_as_their_documents(shape: str, size: int, least: int,
                                                                tmp_path: Path) -> None:
    generate = load_script("generate_plan")
    path = tmp_path / f"{shape}.json"
    path.write_text(json.dumps(getattr(generate._hard_shapes, shape)(size, seed=3)))
    assert _compared(path) >= least


@pytest.mark.skipif(not CORPUS_PLANS, reason="the shared corpus is not here")
def test_corpus_plans_policy_strings_read_as_their_documents() -> None:
    assert sum(_compared(path) for path in CORPUS_PLANS) >= 10
