"""Finding fingerprints: stable across line moves, so baselines and dashboards can track a finding.

A fingerprint hashes what a finding is about (rule, file, resource, subject) and never its
line or column. The file path is written with forward slashes and without a leading ``./``
so that the same checkout linted on Windows or as ``trail-lint ./x.yaml`` gives the same value.
"""
from __future__ import annotations

import hashlib
import os

# Unit separator: cannot appear in a rule ID and is vanishingly rare in names, so
# ("a|b", "c") and ("a", "b|c") never hash alike.
_SEPARATOR = "\x1f"
LENGTH = 32


def fingerprint(rule_id: str, file: str, resource: str, subject: str) -> str:
    """The first 32 hex digits of sha256 over the joined parts."""
    parts = (rule_id, _portable_path(file), resource, subject)
    # surrogatepass: undecodable file names arrive as lone surrogates (PEP 383) and
    # must still hash, not crash.
    joined = _SEPARATOR.join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(joined).hexdigest()[:LENGTH]


def _portable_path(file: str, sep: str = os.sep) -> str:
    if sep != "/":
        file = file.replace(sep, "/")
    while file.startswith("./"):
        file = file[2:]
    return file
