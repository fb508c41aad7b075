"""Discover: command-line paths -> the files to lint.

A file named on the command line is taken unless an ``exclude`` glob matches it (pre-commit
passes file lists, and the loader reports anything it cannot read; the Terraform reader reads
the module of a named ``.tf`` or ``.tfvars`` file as a whole). Directories
are walked for candidate extensions, skipping tool and VCS folders, excluded globs, special
files and symlink loops.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from fnmatch import fnmatchcase
from operator import attrgetter

from trail_lint.normalise.terraform import UNIT_FILE

# .terragrunt-cache: Terragrunt's working copies of the modules its units deploy (each unit is read
# with its module instead, a remote one from its copy there: terragrunt_cache)
SKIP_DIRS = frozenset({".git", ".terraform", ".terragrunt-cache", "node_modules", ".venv", "__pycache__"})
EXTENSIONS = (".json", ".yaml", ".yml", ".template", ".tfstate", ".tf")
_NAME = attrgetter("name")


def discover(paths: Sequence[str], *,
             exclude: Sequence[str] = ()) -> tuple[list[str], list[tuple[str, str]]]:
    """(files to lint, in sorted order per argument; (path, problem) for unusable arguments)."""
    per_argument, problems = discover_each(paths, exclude=exclude)
    files: list[str] = []
    seen: set[str] = set()
    for found in per_argument.values():
        for path in found:
            key = os.path.normpath(path)
            if key not in seen:     # a file under two arguments is linted once
                seen.add(key)
                files.append(path)
    return files, problems


def discover_each(paths: Sequence[str], *,
                  exclude: Sequence[str] = ()) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """({argument: the files under it, in sorted order}, (path, problem) for unusable arguments)."""
    per_argument: dict[str, list[str]] = {}
    problems: list[tuple[str, str]] = []
    for argument in paths:
        try:
            info = os.stat(argument)
        except OSError as error:
            problems.append((argument, _describe(error)))
            continue
        except ValueError:  # a NUL character in the name
            problems.append((argument, "invalid file name"))
            continue
        if stat.S_ISDIR(info.st_mode):
            found = sorted(_walk(argument, info, exclude, problems), key=_tree_order)
        else:
            found = [] if named_excluded(argument, exclude) else [argument]
        per_argument.setdefault(argument, []).extend(found)
    return per_argument, problems


def named_excluded(path: str, exclude: Sequence[str]) -> bool:
    """Whether an exclude glob matches a path named on the command line (relative to the working directory)."""
    return _excluded(os.path.basename(path), os.path.relpath(path), os.path.abspath(path), exclude)


def _walk(top: str, top_info: os.stat_result, exclude: Sequence[str],
          problems: list[tuple[str, str]]) -> Iterator[str]:
    # Directories are identified by (device, inode), so symlink loops end.
    visited = {(top_info.st_dev, top_info.st_ino)}
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as entries:
                # Name order: output and the choice among symlinked twins are the same everywhere.
                listing = sorted(entries, key=_NAME)
        except OSError as error:
            # Only the named directory is a problem; an unreadable folder inside a tree
            # (lost+found, another user's cache) is skipped like any non-input.
            if directory == top:
                problems.append((directory, _describe(error)))
            continue
        for entry in listing:
            if exclude and _excluded(entry.name, os.path.relpath(entry.path, top), entry.path, exclude):
                continue
            # is_dir() and is_file() follow symlinks (a broken link is neither) and answer from the
            # directory listing without a stat for plain entries: a snapshot has tens of thousands.
            try:
                if entry.is_dir():
                    info = entry.stat()
                    identity = (info.st_dev, info.st_ino)
                    if entry.name not in SKIP_DIRS and identity not in visited:
                        visited.add(identity)
                        pending.append(entry.path)
                elif (entry.name.lower().endswith(EXTENSIONS) or entry.name == UNIT_FILE) and entry.is_file():
                    yield entry.path  # FIFOs, sockets and devices are never taken from a walk
            except OSError:
                continue


def helm_template(path: str) -> bool:
    """Whether ``path`` lies in the ``templates`` folder of a Helm chart (a folder holding
    ``Chart.yaml``): Go template text that Helm renders into Kubernetes manifests, which is not
    YAML before it is rendered (https://helm.sh/docs/topics/charts/#the-chart-file-structure)."""
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        parent = os.path.dirname(folder)
        if os.path.basename(folder) == "templates" and os.path.isfile(os.path.join(parent, "Chart.yaml")):
            return True
        if parent == folder:
            return False
        folder = parent


def _excluded(name: str, relative: str, path: str, patterns: Sequence[str]) -> bool:
    relative = relative.replace(os.sep, "/")
    path = path.replace(os.sep, "/")
    for pattern in patterns:
        pattern = pattern.replace(os.sep, "/").rstrip("/")
        bare = pattern.removeprefix("**/")
        if any(fnmatchcase(candidate, glob) for candidate in (name, relative, path)
               for glob in (pattern, bare)):
            return True
    return False


def _tree_order(path: str) -> str:
    """The key that sorts paths in tree order, as the lists of their components sort: each
    separator made a NUL, which sorts before every character a name can hold (``a/z.json`` before
    ``a.json``, as ``["a", "z.json"]`` before ``["a.json"]``). One string a path, compared in C,
    instead of a list of components a path (a snapshot has ~100,000 files)."""
    return path.replace(os.sep, "\0")


def _describe(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)
