"""Repository paths: where each linted file sits relative to the root a dashboard maps.

GitHub code scanning, GitHub annotations and GitLab Code Quality place a finding by its
path from the repository root, whatever directory the linter ran in. The root of a file is
``--root`` when given, else the nearest directory above it holding ``.git`` (a directory
in a clone, a file in a worktree or submodule), else the working directory.
"""
from __future__ import annotations

import os
from collections.abc import Iterable

from trail_lint.records import record


@record
class RepoPath:
    root: str       # absolute directory
    path: str       # the file relative to root, with forward slashes


def repository_paths(files: Iterable[str], root: str | None = None,
                     cwd: str | None = None) -> dict[str, RepoPath]:
    """file as reported -> its RepoPath."""
    cwd = cwd or os.getcwd()
    fixed = os.path.abspath(root) if root else None
    tops: dict[str, str] = {}
    paths = {}
    for file in files:
        absolute = os.path.normpath(os.path.join(cwd, file))
        base = fixed or _top_level(os.path.dirname(absolute), tops) or cwd
        relative = os.path.relpath(absolute, base) if _same_drive(absolute, base) else absolute
        paths[file] = RepoPath(base, relative.replace(os.sep, "/"))
    return paths


def _top_level(directory: str, tops: dict[str, str]) -> str | None:
    """The git top-level above directory (memoised per directory in ``tops`` for one run)."""
    walked = []
    found: str | None = None
    current = directory
    while True:
        if current in tops:
            found = tops[current] or None
            break
        walked.append(current)
        if os.path.exists(os.path.join(current, ".git")):
            found = current
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for visited in walked:
        tops[visited] = found or ""
    return found


def _same_drive(path: str, base: str) -> bool:
    return os.path.splitdrive(path)[0].lower() == os.path.splitdrive(base)[0].lower()
