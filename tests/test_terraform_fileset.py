"""Terraform's fileset(path, pattern), read offline as Terraform reads it: the regular files below
``path`` whose path relative to it matches, ``/``-separated and in order; ``*`` and ``?`` within one
name, ``**`` across names, classes and alternatives; only inside the directories being read."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.normalise.terraform.hcl_files import FileReader, glob_pattern
from trail_lint.normalise.terraform.hcl_functions import Unresolved


@pytest.mark.parametrize(("pattern", "path", "matches"), [
    ("*.json", "a.json", True),
    ("*.json", "dir/a.json", False),
    ("**/*.json", "a.json", True),
    ("**/*.json", "dir/sub/a.json", True),
    ("**", "dir/a.txt", True),
    ("scp-?.json", "scp-1.json", True),
    ("scp-?.json", "scp-10.json", False),
    ("[ab]*.json", "b.json", True),
    ("[^ab]*.json", "b.json", False),
    ("*.{json,tpl}", "x.tpl", True),
    ("*.{json,tpl}", "x.yaml", False),
    ("a.json", "a-json", False),
])
def test_patterns(pattern: str, path: str, matches: bool) -> None:
    assert (glob_pattern(pattern).fullmatch(path) is not None) is matches


NAME = st.text(alphabet="abc.-_", min_size=1, max_size=6)


@given(st.lists(NAME, min_size=2, max_size=4))
def test_a_star_stays_within_one_name(parts: list[str]) -> None:
    assert glob_pattern("*").fullmatch("/".join(parts)) is None
    assert glob_pattern("**").fullmatch("/".join(parts)) is not None


def test_fileset_lists_files_below_the_path_in_order(tmp_path: Path) -> None:
    for name in ("policies/b.json", "policies/a.json", "policies/deep/c.json", "policies/readme.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    (tmp_path / "policies" / "folder.json").mkdir()
    reader = FileReader(str(tmp_path), lambda: [str(tmp_path)])
    assert reader.fileset("policies", "*.json") == ["a.json", "b.json"]
    assert reader.fileset("policies", "**/*.json") == ["a.json", "b.json", "deep/c.json"]
    assert reader.fileset("missing", "*.json") == []
    outside = FileReader(str(tmp_path), lambda: [str(tmp_path / "policies" / "deep")])
    assert isinstance(outside.fileset("policies", "*.json"), Unresolved)
