"""A flag the duplicate rules compare (IsMultiRegionTrail, IncludeGlobalServiceEvents) that an input
leaves unknown is undecided: where two trails agree on everything known and differ only by it, the
rules say so once (TL002 naming them), never 'different', never 'duplicate'."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trail_lint.config import Config
from trail_lint.engine import run
from trail_lint.registry import all_rules

Flags = tuple[bool | None, bool | None, str]      # IsMultiRegionTrail, IncludeGlobalServiceEvents (None: absent), home


def _trail(name: str, flags: Flags, bucket: str = "logs") -> dict[str, object]:
    multi, included, home = flags
    found: dict[str, object] = {"Name": name, "S3BucketName": bucket, "HomeRegion": home, "LogFileValidationEnabled": True,
                                "TrailARN": f"arn:aws:cloudtrail:{home}:111122223333:trail/{name}"}
    if multi is not None:
        found["IsMultiRegionTrail"] = multi
    if included is not None:
        found["IncludeGlobalServiceEvents"] = included
    return found


def _lint(tmp_path: Path, *trails: dict[str, object]) -> list[tuple[str, str]]:
    path = tmp_path / "trails.json"
    path.write_text(json.dumps({"trailList": list(trails)}, indent=1))
    result = run([str(path)], Config(select=("TL002", "TL501", "TL502", "TL503")), all_rules(), raise_errors=True)
    return [(f.rule, f.message) for f in result.findings]


def _completions(flags: Flags) -> list[tuple[bool, bool, str]]:
    """The trails the flags may be: a multi-Region trail always includes global service events."""
    multi, included, home = flags
    return [(m, i, home) for m in ([multi] if multi is not None else [True, False])
            for i in ([included] if included is not None else [True, False]) if not (m and not i)]


def _same(one: tuple[bool, bool, str], other: tuple[bool, bool, str]) -> bool:
    """Whether two trails of one account delivering to one bucket deliver the same events."""
    def place(trail: tuple[bool, bool, str]) -> tuple[object, ...]:
        multi, included, home = trail
        return (True, None, True) if multi else (False, home, included and home == "us-east-1")
    return place(one) == place(other)


def _global(trail: tuple[bool, bool, str]) -> bool:
    return trail[0] or (trail[1] and trail[2] == "us-east-1")


FLAGS = st.tuples(st.sampled_from([True, False, None]), st.sampled_from([True, False, None]),
                  st.sampled_from(["us-east-1", "us-west-2"])).filter(lambda f: not (f[0] is True and f[1] is False))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(FLAGS, FLAGS)
def test_a_duplicate_that_rests_on_an_unknown_flag_is_undecided(tmp_path: Path, one: Flags, other: Flags) -> None:
    found = _lint(tmp_path, _trail("a", one), _trail("b", other))
    pairs = list(itertools.product(_completions(one), _completions(other)))
    same = {_same(x, y) for x, y in pairs}
    duplicate = [m for rule, m in found if rule == "TL502"]
    undecided = [m for rule, m in found if rule == "TL002" and "TL502 (duplicate-trail)" in m]
    # describe-trails alone does not say whether they log
    assert duplicate == (["trail 'b' (if logging) delivers the same events as trail 'a' (if logging) to s3://logs" +
                          ("" if one[0] else " in us-east-1" if other[2] == "us-east-1" else " in us-west-2")]
                         if same == {True} else [])
    assert len(undecided) == (1 if same == {True, False} else 0), found
    both = {_global(x) and _global(y) for x, y in pairs}
    global_copies = [m for rule, m in found if rule == "TL503"]
    global_open = [m for rule, m in found if rule == "TL002" and "TL503 (duplicate-global-service-events)" in m]
    assert len(global_copies) == (1 if both == {True} else 0), found
    assert len(global_open) == (1 if both == {True, False} else 0), found


def test_a_trail_that_may_be_multi_region_may_copy_another_regions_management_events(tmp_path: Path) -> None:
    """A single-Region trail of us-east-1 and a trail of us-west-2 that may be multi-Region: a paid copy
    in us-east-1 only if it is, which TL501 leaves undecided instead of passing."""
    single = (False, True, "us-east-1")
    found = _lint(tmp_path, _trail("a", single, "a-logs"), _trail("b", (None, True, "us-west-2"), "b-logs"))
    assert [rule for rule, _ in found] == ["TL002"]
    assert "TL501 (duplicate-management-events)" in found[0][1]
    found = _lint(tmp_path, _trail("a", single, "a-logs"), _trail("b", (False, True, "us-west-2"), "b-logs"))
    assert found == []
