"""The benchmark plan generator writes valid `terraform show -json` plans that trail-lint reads.

Small sizes only; nothing here is timed (the benchmark itself is benchmarks/run.py).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from benchmark_scripts import load_script
from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.cli import main
from trail_lint.engine import _normalise
from trail_lint.load import load_file

generate = load_script("generate_plan")


def test_same_seed_same_plan_other_seed_other_plan() -> None:
    assert generate.plan(40, seed=7) == generate.plan(40, seed=7)
    assert generate.plan(40, seed=7) != generate.plan(40, seed=8)


@settings(max_examples=15, deadline=None)
@given(size=st.integers(min_value=1, max_value=120), seed=st.integers(min_value=0, max_value=1000))
def test_plan_has_exactly_size_resources_each_in_every_section(size: int, seed: int) -> None:
    plan = generate.plan(size, seed)
    assert plan["format_version"] == "1.2"
    changes = plan["resource_changes"]
    addresses = [change["address"] for change in changes]
    assert len(addresses) == size and len(set(addresses)) == size
    planned = set(_planned(plan["planned_values"]["root_module"]))
    kept = {c["address"] for c in changes if c["change"]["actions"] != ["delete"]}
    assert planned == kept
    configured = set(_configured(plan["configuration"]["root_module"], ""))
    for change in changes:
        module = change.get("module_address", "")
        assert change["address"].startswith(f"{module}." if module else "")
        config_module = re.sub(r"\[[^]]*\]", "", module)          # module.m["blue"] -> module.m
        assert (config_module, f'{change["type"]}.{change["name"]}') in configured
        assert change["change"]["after"] is not None or change["change"]["actions"] == ["delete"]


def _planned(module: dict):
    for resource in module.get("resources", []):
        yield resource["address"]
    for child in module.get("child_modules", []):
        assert child["address"]
        yield from _planned(child)


def _configured(module: dict, path: str):
    for resource in module.get("resources", []):
        yield path, resource["address"]
    for name, call in module.get("module_calls", {}).items():
        yield from _configured(call["module"], f"{path}.module.{name}" if path else f"module.{name}")


def test_mix_of_resource_types() -> None:
    types = Counter(change["type"] for change in generate.plan(400, seed=1)["resource_changes"])
    assert types["aws_cloudtrail"] == 2           # one trail per 200 resources
    assert types["aws_s3_bucket"] == types["aws_s3_bucket_policy"] > 2
    for kind in ("aws_iam_role", "aws_iam_policy", "aws_iam_role_policy_attachment", "aws_iam_role_policy",
                 "aws_instance", "aws_security_group"):
        assert types[kind] > 0, kind


@pytest.mark.parametrize("size", [10, 200, 600])
def test_trail_lint_reads_the_plan(size: int, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / f"plan-{size}.json"
    assert generate.main([str(size), str(out)]) == 0
    plan = json.loads(out.read_text())
    contents = _normalise(load_file(str(out)))
    assert contents is not None and contents.kind == "terraform-plan"
    trails = [c for c in plan["resource_changes"] if c["type"] == "aws_cloudtrail"
              and c["change"]["actions"] != ["delete"]]
    assert len(contents.trails) == len(trails)
    assert {t.name for t in contents.trails} == {c["change"]["after"]["name"] for c in trails}
    monkeypatch.chdir(tmp_path)
    code = main([str(out), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert report["summary"]["files_checked"] == 1
    rules = {finding["rule"] for finding in report["findings"]}
    assert not rules & {"TL000", "TL001"}


def test_access_shape_has_the_trails_policies_and_roles_it_names(tmp_path) -> None:
    plan = generate._hard_shapes.access(3, seed=2)
    kinds = Counter(change["type"] for change in plan["resource_changes"])
    assert kinds["aws_cloudtrail"] == 3 and kinds["aws_iam_role"] == 3
    assert kinds["aws_iam_policy"] == kinds["aws_iam_role_policy_attachment"] == 60
    path = tmp_path / "access.json"
    path.write_text(json.dumps(plan))
    report = tmp_path / "report.json"
    assert main(["access", str(path), "--format", "json", "--output", str(report)]) == 0
    # the roles' grants (the account's root user, which no policy grants, has a row too)
    assert {grant["principal"].rsplit("/", 1)[1] for grant in json.loads(report.read_text())["grants"]
            if not grant["principal"].endswith(":root")} <= {f"dense-role-{n}" for n in range(3)}
