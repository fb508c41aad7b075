"""Properties of user rules: a YAML rule equal to a built-in gives the built-in's findings, and the
three-valued JSON Schema evaluator agrees with jsonschema and never decides on an unknown value."""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rules import fixtures

from trail_lint.config import Config, from_mapping
from trail_lint.engine import run
from trail_lint.model import UNKNOWN
from trail_lint.registry import all_rules
from trail_lint.userrules import load_rules
from trail_lint.userrules.schema import Notes, compile_schema

TL302_IN_YAML = """
id: TL902
name: log-file-validation-disabled-yaml
severity: error
subject: trail
at: log_file_validation
message: "log file validation is disabled for trail '{label}'"
where:
  schema: {properties: {log_file_validation: {const: false}}}
docs:
  summary: TL302, written as a user rule.
  why: The same as TL302.
  fix: The same as TL302.
"""


@pytest.fixture(scope="module")
def tl902(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    folder = tmp_path_factory.mktemp("rules")
    (folder / "tl902.yaml").write_text(TL302_IN_YAML)
    return (*all_rules(), *load_rules([str(folder)], all_rules()))


def both(paths: list[str], config: Config, rules: tuple) -> tuple[list[tuple], list[tuple]]:
    result = run(paths, replace(config, select=("TL302", "TL902")), rules, raise_errors=True)
    found = {rule: [(f.file, f.line, f.column, f.message, f.resource, f.account, f.region)
                    for f in result.findings if f.rule == rule] for rule in ("TL302", "TL902")}
    return found["TL302"], found["TL902"]


@pytest.mark.parametrize(("rule_id", "fixture"), fixtures(), ids=[f"{r}/{f.name}" for r, f in fixtures()])
def test_tl302_in_yaml_gives_the_findings_of_tl302_on_every_rule_fixture(rule_id: str, fixture: Path,
                                                                          tl902: tuple) -> None:
    folder = fixture.parent
    raw = yaml.safe_load((folder / "config.yaml").read_text()) if (folder / "config.yaml").exists() else {}
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        builtin, user = both([fixture.name], from_mapping(raw or {}), tl902)
    finally:
        os.chdir(cwd)
    assert user == builtin


VALIDATION = st.sampled_from(["true", "false", '"true"', '"false"', "!Ref Flag", None,
                              "!If [Cond, true, false]"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(trails=st.lists(st.tuples(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True), VALIDATION,
                                 st.booleans()), min_size=1, max_size=5, unique_by=lambda t: t[0]))
def test_tl302_in_yaml_gives_the_findings_of_tl302_on_generated_templates(tmp_path: Path, tl902: tuple,
                                                                           trails: list) -> None:
    lines = ["Parameters: {Flag: {Type: String}}", "Conditions: {Cond: {'Fn::Equals': [!Ref Flag, x]}}",
             "Resources:"]
    for index, (name, validation, named) in enumerate(trails):
        lines += [f"  Trail{index}:", "    Type: AWS::CloudTrail::Trail", "    Properties:",
                  "      S3BucketName: logs", "      IsLogging: true"]
        if named:
            lines.append(f"      TrailName: {name}")
        if validation is not None:
            lines.append(f"      EnableLogFileValidation: {validation}")
    path = tmp_path / "template.yaml"
    path.write_text("\n".join(lines) + "\n")
    builtin, user = both([str(path)], Config(region="us-east-1", account="111122223333"), tl902)
    assert user == builtin


# --- The evaluator against jsonschema -------------------------------------------------------------

KEYS = ("a", "b")
scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["", "x", "ab", "arn:aws:x"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(KEYS), inner, max_size=2)),
                      max_leaves=6)
leaf_schemas = st.one_of(
    st.builds(lambda t: {"type": t}, st.sampled_from(["null", "boolean", "object", "array", "number", "integer",
                                                      "string"])),
    st.builds(lambda v: {"const": v}, values),
    st.builds(lambda vs: {"enum": vs}, st.lists(values, min_size=1, max_size=3)),
    st.builds(lambda p: {"pattern": p}, st.sampled_from(["^a", "b$", "x", "^arn:"])),
    st.builds(lambda k, n: {k: n}, st.sampled_from(["minLength", "maxLength", "minItems", "maxItems",
                                                    "minProperties", "maxProperties"]), st.integers(0, 2)),
    st.builds(lambda k, n: {k: n}, st.sampled_from(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]),
              st.integers(-2, 2)),
    st.builds(lambda ks: {"required": ks}, st.lists(st.sampled_from(KEYS), max_size=2, unique=True)),
    st.just({"uniqueItems": True}),
    st.booleans(),
)
schemas = st.recursive(leaf_schemas, lambda inner: st.one_of(
    st.builds(lambda s: {"not": s}, inner),
    st.builds(lambda k, ss: {k: ss}, st.sampled_from(["allOf", "anyOf", "oneOf"]), st.lists(inner, min_size=1,
                                                                                            max_size=3)),
    st.builds(lambda i, t, e: {"if": i, "then": t, "else": e}, inner, inner, inner),
    st.builds(lambda ps: {"properties": ps}, st.dictionaries(st.sampled_from(KEYS), inner, max_size=2)),
    st.builds(lambda s, extra: {"properties": {"a": s}, "additionalProperties": extra}, inner, inner),
    st.builds(lambda s: {"items": s}, inner),
    st.builds(lambda s, n: {"contains": s, "minContains": n}, inner, st.integers(0, 2)),
), max_leaves=5)


def with_unknowns(value: Any, draw: Any) -> Any:
    """The value with some parts replaced by UNKNOWN."""
    if draw(st.integers(0, 4)) == 0:
        return UNKNOWN
    if isinstance(value, list):
        return [with_unknowns(item, draw) for item in value]
    if isinstance(value, dict):
        return {key: with_unknowns(item, draw) for key, item in value.items()}
    return value


def concrete(value: Any, draw: Any) -> Any:
    """One of the values an unknown could have been."""
    if value is UNKNOWN:
        return draw(values)
    if isinstance(value, list):
        return [concrete(item, draw) for item in value]
    if isinstance(value, dict):
        return {key: concrete(item, draw) for key, item in value.items()}
    return value


def decide(schema: Any, value: Any) -> Any:
    return compile_schema(schema, (), ())(value, Notes(access=None))


@settings(max_examples=400, deadline=None)
@given(schema=schemas, value=values)
def test_evaluator_agrees_with_jsonschema_on_known_values(schema: Any, value: Any) -> None:
    expected = jsonschema.Draft202012Validator(schema).is_valid(value)
    assert decide(schema, value) is expected


@settings(max_examples=400, deadline=None)
@given(schema=schemas, value=values, data=st.data())
def test_evaluator_never_decides_on_an_unknown_part(schema: Any, value: Any, data: st.DataObject) -> None:
    partly = with_unknowns(value, data.draw)
    verdict = decide(schema, partly)
    if verdict is UNKNOWN:
        return
    for _ in range(3):    # whatever the unknown parts are, the answer stays
        assert jsonschema.Draft202012Validator(schema).is_valid(concrete(partly, data.draw)) is verdict


def test_unknown_verdicts_do_happen() -> None:
    """The property above is not vacuous: an unknown that matters gives UNKNOWN."""
    assert decide({"properties": {"a": {"const": False}}}, {"a": UNKNOWN}) is UNKNOWN
    assert decide({"not": {"properties": {"a": {"const": True}}}}, {"a": UNKNOWN}) is UNKNOWN
    assert decide({"anyOf": [{"properties": {"b": {"const": 1}}}, {"properties": {"a": {"const": 1}}}]},
                  {"a": UNKNOWN, "b": 1}) is True
    assert decide({"properties": {"a": {"minItems": 2}}}, {"a": [UNKNOWN]}) is False
