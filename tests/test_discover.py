"""File discovery over tmp_path trees."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trail_lint.discover import _tree_order, discover


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}\n")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_walk_takes_candidate_extensions_in_sorted_order(in_tmp: Path) -> None:
    _tree(in_tmp, ["repo/b.yaml", "repo/a.json", "repo/sub/c.yml", "repo/main.tf",
                   "repo/x.template", "repo/s.tfstate", "repo/README.md", "repo/UPPER.JSON",
                   "repo/sub/deeper/d.json", "repo/z.txt"])
    files, problems = discover(["repo"])
    assert files == ["repo/UPPER.JSON", "repo/a.json", "repo/b.yaml", "repo/main.tf",
                     "repo/s.tfstate", "repo/sub/c.yml", "repo/sub/deeper/d.json",
                     "repo/x.template"]
    assert problems == []


# names of one or more characters, with those that sort around the separator ("-", ".", "0") and above
NAMES = st.text(alphabet="-.0aZ~\u00e9", min_size=1, max_size=3)


@given(st.lists(st.lists(NAMES, min_size=1, max_size=4), max_size=12))
def test_tree_order_sorts_paths_as_their_lists_of_components_sort(paths: list[list[str]]) -> None:
    """A directory's contents sort at its name among its siblings: `a/z.json` before `a.json`."""
    joined = [os.sep.join(parts) for parts in paths]
    assert sorted(joined, key=_tree_order) == [os.sep.join(parts) for parts in sorted(paths)]


def test_a_directory_sorts_at_its_name_among_the_files_beside_it(in_tmp: Path) -> None:
    _tree(in_tmp, ["t/a.json", "t/a/z.json", "t/a-b.json", "t/a0.json"])
    assert discover(["t"])[0] == ["t/a/z.json", "t/a-b.json", "t/a.json", "t/a0.json"]


def test_skipped_directories(in_tmp: Path) -> None:
    _tree(in_tmp, ["r/.git/config.json", "r/.terraform/modules/modules.json",
                   "r/node_modules/p/package.json", "r/.venv/x.json", "r/__pycache__/y.json",
                   "r/keep.json", "r/.github/workflow.yml"])
    assert discover(["r"]) == (["r/.github/workflow.yml", "r/keep.json"], [])


def test_exclude_globs(in_tmp: Path) -> None:
    _tree(in_tmp, ["r/a.json", "r/gen/b.json", "r/sub/c.generated.json", "r/sub/d.yaml"])
    files, _ = discover(["r"], exclude=["gen", "*.generated.json"])
    assert files == ["r/a.json", "r/sub/d.yaml"]
    files, _ = discover(["r"], exclude=["sub/*", "**/a.json"])
    assert files == ["r/gen/b.json"]


def test_explicit_files_are_taken_whatever_their_name_or_folder(in_tmp: Path) -> None:
    _tree(in_tmp, ["r/notes.txt", "r/.git/x.json", "r/a.json"])
    files, problems = discover(["r/notes.txt", "r/.git/x.json", "r/a.json"])
    assert files == ["r/notes.txt", "r/.git/x.json", "r/a.json"]
    assert problems == []


@pytest.mark.parametrize("pattern", ["*.json", "r/*.json", "r/a.json", "**/a.json", "a.json"])
def test_exclude_applies_to_files_named_on_the_command_line(in_tmp: Path, pattern: str) -> None:
    """pre-commit names the changed files: the configuration's exclude must still hold."""
    _tree(in_tmp, ["r/notes.txt", "r/a.json"])
    assert discover(["r/notes.txt", "r/a.json"], exclude=[pattern])[0] == ["r/notes.txt"]
    assert discover([str(in_tmp / "r" / "a.json")], exclude=[pattern])[0] == []


def test_missing_arguments_are_reported(in_tmp: Path) -> None:
    _tree(in_tmp, ["a.json"])
    assert discover(["missing.json", "a.json", "gone/"]) == (
        ["a.json"], [("missing.json", "no such file or directory"),
                     ("gone/", "no such file or directory")])


def test_invalid_names_are_reported(in_tmp: Path) -> None:
    assert discover(["a\x00b.json"]) == ([], [("a\x00b.json", "invalid file name")])


def test_duplicates_are_listed_once(in_tmp: Path) -> None:
    _tree(in_tmp, ["r/a.json", "r/b.json"])
    assert discover(["r/b.json", "r", "./r/a.json"])[0] == ["r/b.json", "r/a.json"]


def test_absolute_paths_stay_absolute(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.json"])
    assert discover([str(tmp_path)])[0] == [str(tmp_path / "a.json")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loop_ends(in_tmp: Path) -> None:
    _tree(in_tmp, ["r/a.json", "r/sub/b.json"])
    os.symlink("..", in_tmp / "r" / "sub" / "up")
    os.symlink("sub", in_tmp / "r" / "again")
    os.symlink("nowhere.json", in_tmp / "r" / "broken.json")
    os.symlink("a.json", in_tmp / "r" / "alias.json")
    files, problems = discover(["r"])
    # "again" and "sub" are the same directory: the first by name is walked, once.
    assert files == ["r/a.json", "r/again/b.json", "r/alias.json"]
    assert problems == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_are_skipped_in_walks(in_tmp: Path) -> None:
    _tree(in_tmp, ["r/a.json"])
    os.mkfifo(in_tmp / "r" / "pipe.json")
    assert discover(["r"]) == (["r/a.json"], [])


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read any directory")
def test_unreadable_directories(in_tmp: Path) -> None:
    _tree(in_tmp, ["r/a.json", "r/locked/b.json"])
    (in_tmp / "r" / "locked").chmod(0)
    try:
        assert discover(["r"]) == (["r/a.json"], [])
        (in_tmp / "r").chmod(0)
        assert discover(["r"]) == ([], [("r", "permission denied")])
    finally:
        (in_tmp / "r").chmod(0o755)
        (in_tmp / "r" / "locked").chmod(0o755)
