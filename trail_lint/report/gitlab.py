"""The ``gitlab`` format: a GitLab Code Quality report, for merge-request widgets.

A JSON array with one issue per finding that is not suppressed, with the fields GitLab
documents as required: ``description``, ``check_name``, ``fingerprint``, ``severity`` (one of
``info``, ``minor``, ``major``, ``critical``, ``blocker``), ``location.path`` (from the
repository root) and ``location.lines.begin``.
https://docs.gitlab.com/ee/ci/testing/code_quality.html#code-quality-report-format

GitLab compares reports of two pipelines by fingerprint, so a fingerprint must be unique in
a report and stable while a finding stays: it hashes the repository path, rule, resource and
message, never the line.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from trail_lint.finding import Finding
from trail_lint.repo import RepoPath
from trail_lint.report.common import active, indented_json, repo_relative, severity_of
from trail_lint.rule import Severity

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render_gitlab(findings: Sequence[Finding], *, repo_paths: Mapping[str, RepoPath] | None = None) -> str:
    seen: set[str] = set()
    issues = [_issue(f, repo_relative(f, repo_paths), seen) for f in active(findings)]
    return indented_json(issues) + "\n"


def _issue(finding: Finding, path: str, seen: set[str]) -> dict[str, Any]:
    return {
        "description": f"{finding.rule} {finding.message}",
        "check_name": f"{finding.rule} {finding.name}".rstrip(),
        "fingerprint": _unique(_fingerprint(finding, path), seen),
        "severity": SEVERITIES[severity_of(finding)],
        "location": {"path": path, "lines": {"begin": max(1, finding.line)}},
    }


def _fingerprint(finding: Finding, path: str) -> str:
    parts = (finding.rule, path, finding.resource, finding.message)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _unique(fingerprint: str, seen: set[str]) -> str:
    """The same finding twice (same rule, file, resource and message): the nth copy hashes n in too."""
    candidate, n = fingerprint, 1
    while candidate in seen:
        n += 1
        candidate = hashlib.sha256(f"{fingerprint}\x1f{n}".encode()).hexdigest()[:32]
    seen.add(candidate)
    return candidate
