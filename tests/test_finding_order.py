"""Findings are put in sort_key's order, whether or not two of them share a place, rule and message."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.finding import Finding, SharedCause, sorted_findings
from trail_lint.severity import Severity

_FEW = st.sampled_from(["", "a", "b"])
findings = st.builds(
    Finding, rule=st.sampled_from(["TL302", "TL402"]), name=_FEW, severity=st.sampled_from(list(Severity)),
    message=_FEW, file=st.sampled_from(["a.json", "b.yaml"]), line=st.integers(1, 3), column=st.integers(1, 3),
    resource=_FEW, account=st.one_of(st.none(), _FEW), region=st.one_of(st.none(), _FEW), fingerprint=_FEW,
    suppressed=st.one_of(st.none(), _FEW), shadow=st.booleans(),
    shared_cause=st.one_of(st.none(), st.builds(SharedCause, key=_FEW, trails=st.tuples(_FEW), count_at=st.integers(0, 2))))


@settings(max_examples=300, deadline=None)
@given(st.lists(findings, max_size=12))
def test_findings_are_sorted_by_every_field(found: list[Finding]) -> None:
    assert sorted_findings(found) == sorted(found, key=lambda finding: finding.sort_key)
    assert [id(f) for f in sorted_findings(found)] == [id(f) for f in sorted(found, key=lambda f: f.sort_key)]


@settings(max_examples=300, deadline=None)
@given(st.lists(findings, max_size=12))
def test_distinct_findings_are_each_equal_one_once(found: list[Finding]) -> None:
    # (a finding listed twice, as two root modules calling one module give it)
    doubled = [*found, *found[:3]]
    assert sorted_findings(doubled, distinct=True) == sorted(dict.fromkeys(doubled), key=lambda f: f.sort_key)
