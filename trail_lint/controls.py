"""Compliance controls: the Security Hub CSPM and CIS AWS Foundations Benchmark items a rule covers.

A rule lists its controls as short references (`Rule.controls`):

* Security Hub CSPM control IDs as Security Hub writes them: ``CloudTrail.7``, ``CloudWatch.5``, ``S3.22``;
* CIS AWS Foundations Benchmark recommendations with the benchmark version: ``CIS-1.4:3.6``,
  ``CIS-3.0:3.4``, ``CIS-5.0:3.4`` (numbers move between versions).

`--select` takes the same references, and ``CIS-3.7`` (no version) means recommendation 3.7 of
any version. The map, with what is decided offline, is docs/controls.md.
"""
from __future__ import annotations

import re

CIS_VERSIONS = ("1.4", "3.0", "5.0")
_SECURITY_HUB = re.compile(r"[A-Za-z][A-Za-z0-9]*\.[0-9]+")
_CIS = re.compile(r"CIS-(?:v?(?P<version>[0-9]+\.[0-9]+)(?:\.[0-9]+)?:)?(?P<number>[0-9]+(?:\.[0-9]+)+)", re.IGNORECASE)


class ControlError(ValueError):
    """A control reference that is neither a Security Hub control ID nor a CIS recommendation."""


def is_control(ref: str) -> bool:
    """Whether a --select/--ignore reference names a control rather than a rule."""
    ref = ref.strip()
    return bool(_CIS.fullmatch(ref) or _SECURITY_HUB.fullmatch(ref))


def canonical(ref: str) -> str:
    """``cloudtrail.7`` → ``CloudTrail.7``-style case is kept as written; ``CIS-v1.4.0:3.6`` → ``CIS-1.4:3.6``."""
    ref = ref.strip()
    cis = _CIS.fullmatch(ref)
    if cis:
        version = cis.group("version")
        return f"CIS-{version}:{cis.group('number')}" if version else f"CIS-{cis.group('number')}"
    if _SECURITY_HUB.fullmatch(ref):
        return ref
    raise ControlError(f"{ref!r} is not a control: write a Security Hub control ID (CloudTrail.7) or a CIS "
                       f"recommendation (CIS-3.7, CIS-1.4:3.7)")


def covers(controls: tuple[str, ...], ref: str) -> bool:
    """Whether a rule with these controls covers the control reference (case-insensitive)."""
    wanted = canonical(ref).lower()
    for control in controls:
        mine = control.lower()
        if mine == wanted:
            return True
        # CIS-3.7 (no version) is recommendation 3.7 of any version
        if wanted.startswith("cis-") and ":" not in wanted and mine.startswith("cis-") \
                and mine.split(":", 1)[-1] == wanted[4:]:
            return True
    return False


def framework(control: str) -> str:
    return "CIS" if control.upper().startswith("CIS-") else "Security Hub"


def validate(controls: tuple[str, ...]) -> None:
    """Every control a rule lists is canonical and, for CIS, of a version the map knows."""
    for control in controls:
        if canonical(control) != control:
            raise ControlError(f"{control!r} is not written canonically ({canonical(control)!r})")
        if framework(control) == "CIS" and control[4:].split(":")[0] not in CIS_VERSIONS:
            raise ControlError(f"{control!r}: CIS controls name a benchmark version ({', '.join(CIS_VERSIONS)})")
