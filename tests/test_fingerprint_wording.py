"""A finding's fingerprint rests on what it is about, never on how its message is worded.

Baselines, suppressions by fingerprint, SARIF ``partialFingerprints`` and ``trail-lint merge`` all match
findings by fingerprint: rewording a message must keep it, and two different findings of one run must
not share one. Each input (the rule fixtures, and the shared corpus when present) is linted as written
and again with every message reworded and statements named otherwise; the fingerprints must be the same.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace as dataclass_replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_corpus import CORPUS, corpus_inputs
from test_rules import fixtures

from trail_lint import engine, model
from trail_lint.config import Config, from_mapping
from trail_lint.delivery_problems import within_policy
from trail_lint.finding import Finding
from trail_lint.model import Problem, subject_of
from trail_lint.records import replace
from trail_lint.registry import all_rules
from trail_lint.rule import Rule


def reworded(message: str) -> str:
    """The same message in other words: what a new version of a rule's wording may give."""
    return message.replace(" ", "  ").replace("'", '"') + " (reworded)"


def statement_named_otherwise(sid: str | None, index: int) -> str:
    """How an earlier version named statements (``statement '#1'``, not ``statement 1``)."""
    return f"statement {sid or f'#{index + 1}'!r}"


@contextmanager
def wording_changed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every rule's messages reworded where the rule yields them, statements named otherwise in
    every module that names them, and every message reworded again before it becomes a finding."""
    with monkeypatch.context() as patch:
        run = Rule.run

        def run_reworded(self: Rule, subject: Any, options: Any = None) -> Iterable[Problem]:
            return [replace(problem, message=reworded(problem.message)) for problem in run(self, subject, options)]

        patch.setattr(Rule, "run", run_reworded)
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith(("trail_lint", "rules")) \
                    and getattr(module, "statement_name", None) is model.statement_name:
                patch.setattr(module, "statement_name", statement_named_otherwise)
        findings = engine._findings

        def findings_reworded(problems: Iterable[tuple[Rule, Problem]], *args: Any, **kwargs: Any) -> list[Finding]:
            return findings([(rule, replace(p, message=reworded(p.message))) for rule, p in problems], *args, **kwargs)

        patch.setattr(engine, "_findings", findings_reworded)
        yield


def lint(paths: list[str], config: Config) -> tuple[Finding, ...]:
    return engine.run(paths, config, all_rules()).findings


def fixture_run(rule_id: str, fixture: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], tuple[Finding, ...]]:
    folder = fixture.parent
    raw = yaml.safe_load((folder / "config.yaml").read_text()) if (folder / "config.yaml").exists() else {}
    base = from_mapping(raw or {})
    config = dataclass_replace(base, select=(rule_id, *base.select)) if base.select else base
    monkeypatch.chdir(folder)
    return lambda: lint([fixture.name], config)


def corpus_run(path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], tuple[Finding, ...]]:
    monkeypatch.chdir(CORPUS)
    return lambda: lint([str(path.relative_to(CORPUS))], Config())


def assert_wording_free(lint_once: Callable[[], tuple[Finding, ...]], monkeypatch: pytest.MonkeyPatch) -> None:
    before = lint_once()
    with wording_changed(monkeypatch):
        after = lint_once()
    assert [(f.rule, f.fingerprint) for f in after] == [(f.rule, f.fingerprint) for f in before]
    assert [f.message for f in after] != [f.message for f in before] or not before     # the wording did change
    # two different findings of one run never share a fingerprint
    said: dict[str, set[tuple[str, str, str]]] = {}
    for finding in before:
        said.setdefault(finding.fingerprint, set()).add((finding.rule, finding.file, finding.message))
    assert [sorted(found) for found in said.values() if len(found) > 1] == []


# (a read error, TL001, is said in its reader's words and fingerprinted by them: it is never baselined)
BAD = [(rule_id, fixture) for rule_id, fixture in fixtures() if fixture.name.startswith("bad") and rule_id != "TL001"]


@pytest.mark.parametrize(("rule_id", "fixture"), BAD, ids=[f"{r}/{f.name}" for r, f in BAD])
def test_fixture_fingerprints_do_not_depend_on_wording(rule_id: str, fixture: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert_wording_free(fixture_run(rule_id, fixture, monkeypatch), monkeypatch)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", corpus_inputs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_fingerprints_do_not_depend_on_wording(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_wording_free(corpus_run(path, monkeypatch), monkeypatch)


def _words(text: str, count: int = 4) -> set[tuple[str, ...]]:
    words = text.split()
    return {tuple(words[i:i + count]) for i in range(len(words) - count + 1)}


def test_subjects_are_identities_not_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    """No subject repeats four words of its message in a row: it names things, it does not say them.
    (A cause of unknown values that has no place of its own, a Terraform reference, is still named by
    its text.)"""
    seen: list[tuple[str, Problem]] = []
    findings = engine._findings

    def spy(problems: Iterable[tuple[Rule, Problem]], *args: Any, **kwargs: Any) -> list[Finding]:
        problems = list(problems)
        seen.extend((rule.id, problem) for rule, problem in problems)
        return findings(problems, *args, **kwargs)

    monkeypatch.setattr(engine, "_findings", spy)
    for rule_id, fixture in BAD:
        fixture_run(rule_id, fixture, monkeypatch)()
    if CORPUS.is_dir():
        for path in corpus_inputs():
            corpus_run(path, monkeypatch)()
    assert seen
    sentences = [(rule_id, subject_of(problem), problem.message) for rule_id, problem in seen
                 if _words(subject_of(problem)) & _words(problem.message)
                 and not (problem.cause is not None and problem.cause.at is None)]
    assert sentences == []


def test_fingerprint_changes_with_what_the_finding_is_about() -> None:
    """The identities a subject rests on do tell findings apart: another trail, setting or place."""
    at = model.At("t.yaml", ("Resources", "Trail", "Properties", "EnableLogFileValidation"))
    problem = Problem("log file validation is disabled for trail 'a'", at, resource="Trail")
    moved = replace(problem, at=model.At("t.yaml", ("Resources", "Trail", "Properties", "IsLogging")))
    named = replace(problem, subject="setting:IsLogging")
    assert subject_of(problem) != subject_of(moved)
    assert subject_of(named) == "setting:IsLogging"
    assert subject_of(replace(problem, message="reworded")) == subject_of(problem)


@pytest.mark.parametrize(("path", "within"), [
    (("Resources", "Policy", "Properties", "PolicyDocument", "Statement", 2), ("Statement", 2)),
    (("resource_changes", 7, "change", "after", "policy"), ("policy",)),
    (("planned_values", "root_module", "resources", 3), ("resources",)),
])
def test_delivery_subject_ignores_where_the_input_lists_the_resource(path: tuple[str | int, ...],
                                                                     within: tuple[str | int, ...]) -> None:
    """A delivery finding's place within its policy is its statement, else the setting: an index into a
    plan's list of resources, which shifts when a resource is added, is no part of it."""
    assert within_policy(path) == within


@pytest.mark.parametrize(("path", "within"), [
    (("planned_values", "root_module", "child_modules", 1, "resources", 3, "values", "policy"), ("values", "policy")),
    (("resource_changes", 7, "change", "after", "policy"), ("change", "after", "policy")),
    (("Resources", "Key", "Properties", "KeyPolicy"), ("Resources", "Key", "Properties", "KeyPolicy")),
    (("statement", 0, "resources", 1), ("statement", 0, "resources", 1)),
])
def test_a_place_is_named_within_its_resource(path: tuple[str | int, ...], within: tuple[str | int, ...]) -> None:
    """Where no rule names a subject, a finding is fingerprinted by its place within its resource: not
    by where a plan or state lists the resource, which shifts as resources are added."""
    assert model.within_resource(path) == within
    problem = Problem("said", model.At("p.json", path))
    assert subject_of(problem) == "at:" + model.path_text(within)
