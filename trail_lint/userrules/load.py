"""Reading user rule files: YAML → checked against schemas/user-rule.schema.json → one `Rule` each.

Every mistake is reported with its file, line and column and in words, before any linting:
schema errors, unknown subject fields (a misspelt field would otherwise match nothing, or
everything), conditions that do not compile, duplicate IDs or names.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from trail_lint.inventory_view import SUBJECT_KINDS, subject_fields
from trail_lint.model import Path as DocPath
from trail_lint.model import Position
from trail_lint.records import record
from trail_lint.rule import Rule, Severity
from trail_lint.userrules.check import PLACEHOLDER, SubjectCache, UserCheck

RULE_FILE_SUFFIXES = (".yaml", ".yml")


class RuleFileError(Exception):
    """A user rule file that cannot be used: one line per problem, each `file:line:col: what is wrong`."""

    def __init__(self, problems: Sequence[tuple[str, Position, str]]) -> None:
        super().__init__("\n".join(f"{file}:{p.line}:{p.column}: {message}" for file, p, message in problems))
        self.problems = tuple(problems)


@record
class Example:
    """One bad or good input of a user rule, as text."""

    kind: str                  # "bad" or "good"
    name: str                  # file name
    text: str
    region: str | None = None
    account: str | None = None


@record
class Loaded:
    rule: Rule
    examples: tuple[Example, ...]
    file: str


def rule_files(directories: Sequence[str]) -> list[str]:
    """Every .yaml/.yml file in the directories (not in their subdirectories, which hold example inputs)."""
    files: list[str] = []
    seen: set[Path] = set()
    for directory in directories:   # the same directory from the configuration and --rules-dir: read once
        if Path(directory).resolve() in seen:
            continue
        seen.add(Path(directory).resolve())
        root = Path(directory)
        if not root.is_dir():
            raise RuleFileError([(directory, Position(1, 1), "rules directory does not exist or is not a directory")])
        files.extend(sorted(str(p) for p in root.iterdir() if p.suffix in RULE_FILE_SUFFIXES and p.is_file()))
    return files


def load_rule_file(file: str, subjects: Any = None) -> Loaded:
    """One rule file; ``subjects`` is the SubjectCache its check shares with the other user rules."""
    from trail_lint.userrules.where import ConditionError, compile_where

    source = _Source.read(file)
    spec = source.spec
    problems = _schema_problems(spec) or list(_field_problems(spec))
    if not problems:
        try:
            where = compile_where(spec["where"])
        except ConditionError as error:
            problems = [(error.path, error.message)]
    if problems:
        raise RuleFileError([(file, source.position(path), message) for path, message in problems])
    examples = tuple(_examples(spec, source))
    check = UserCheck(spec["id"], spec["name"], spec["subject"], where, spec["message"], spec.get("at"),
                      subjects or SubjectCache())
    uses_access = any(operator == "can" for _, _, operator in _named_fields(spec["where"], ("where",)))
    rule = Rule(id=spec["id"], name=spec["name"], severity=Severity(spec["severity"]),
                applies_to=_applies_to(uses_access), check=check.check, doc=_doc(spec["docs"], spec["subject"], file),
                examples=tuple((f"{e.kind}/{e.name}", e.text) for e in examples))
    return Loaded(rule, examples, file)


@record(slots=False)
class _Source:
    """A rule file's text and values. Read with libyaml's fast loader; the slower reader that records
    every key's line (trail_lint.load) runs only to place an error, or for CloudFormation tags."""

    file: str
    text: str
    spec: Any

    @classmethod
    def read(cls, file: str) -> _Source:
        import yaml

        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise RuleFileError([(file, Position(1, 1), f"cannot read: {error}")]) from None
        try:
            return cls(file, text, yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
        except yaml.YAMLError:
            return cls(file, text, cls._document(file, text).data)

    @staticmethod
    def _document(file: str, text: str) -> Any:
        from trail_lint.load import LoadError, load_text

        try:
            return load_text(text, file=file, fmt="yaml")
        except LoadError as error:
            raise RuleFileError([(file, error.position or Position(1, 1), error.message)]) from None

    def position(self, path: DocPath) -> Position:
        return Position(1, 1) if not path else self._document(self.file, self.text).position(path)


def _applies_to(uses_access: bool) -> type:
    """A rule with `can` takes the engine's access analysis (computed once for every rule that needs it)."""
    from trail_lint.iam.access import AccessReport
    from trail_lint.model import Inventory

    return AccessReport if uses_access else Inventory


def _doc(docs: Mapping[str, Any], subject: str, file: str) -> str:
    relative = os.path.relpath(file)   # the docs end up in reports (SARIF): no machine paths when avoidable
    shown = file if relative.startswith("..") else relative
    parts = [docs["summary"].strip(), "", f"A user rule on each {subject}, defined in `{shown}`.", "",
             "## Why it matters", docs["why"].strip(), "", "## Fix", docs["fix"].strip()]
    if docs.get("references"):
        parts += ["", "## References", *(f"- {url}" for url in docs["references"])]
    return "\n".join(parts) + "\n"


# --- Checking a rule file --------------------------------------------------------------------

@cache
def _validator() -> Any:
    """The rule file schema, compiled once (jsonschema is imported only when a rule file is read)."""
    import jsonschema

    from trail_lint.resources import load_json_resource, schema_path

    return jsonschema.Draft202012Validator(load_json_resource(schema_path("user-rule.schema.json")))


def _schema_problems(spec: Any) -> list[tuple[DocPath, str]]:
    errors = sorted(_validator().iter_errors(spec), key=lambda e: [str(p) for p in e.absolute_path])
    return [_in_words(error) for error in errors[:10]]


def _in_words(error: Any) -> tuple[DocPath, str]:
    """A jsonschema error as a path and a sentence a rule author can act on."""
    path: DocPath = tuple(error.absolute_path)
    schema, instance, kind = error.schema, error.instance, error.validator
    where = ".".join(str(p) for p in path) or "the rule"
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extra = [key for key in instance if key not in allowed]
        return (*path, extra[0]), f"{where}: unknown key {extra[0]!r}; expected one of: {', '.join(allowed)}"
    if kind == "required":     # one error per missing key, its message "'key' is a required property"
        return path, f"{where}: missing required key {error.message.split(' is a required')[0]}"
    if kind == "enum":
        return path, f"{where}: {instance!r} is not one of: {', '.join(map(str, error.validator_value))}"
    if kind in ("minProperties", "maxProperties") and "description" in schema:
        return path, f"{where}: expected {schema['description']}; found {', '.join(map(str, instance)) or 'none'}"
    if "description" in schema and kind in ("pattern", "type"):
        return path, f"{where}: {instance!r} is not valid: expected {schema['description']}"
    return path, f"{where}: {error.message}"


def _field_problems(spec: Mapping[str, Any]) -> Iterator[tuple[DocPath, str]]:
    """Field names the subject does not have: a misspelt field would silently match nothing, or everything."""
    kind = spec["subject"]
    fields = set(subject_fields(kind))
    listed = ", ".join(sorted(fields))
    for name in PLACEHOLDER.findall(spec["message"]):
        if name.split(".")[0] not in fields:
            yield ("message",), f"message: {{{name}}} is not a field of a {kind}; its fields are: {listed}"
    at = spec.get("at")
    if at is not None and (at not in fields or SUBJECT_KINDS[kind][1] is None):
        yield ("at",), f"at: {at!r} is not a field of a {kind} that has a place in the input; fields: {listed}"
    for path, name, operator in _named_fields(spec["where"], ("where",)):
        if operator == "can":
            if kind != "principal":
                yield path, f"can: access decisions are about principals; this rule's subject is {kind}"
        elif name.split(".")[0] not in fields:
            yield path, f"{operator}: {name!r} is not a field of a {kind}; its fields are: {listed}"
    examples = spec.get("examples", {})
    for group in ("bad", "good"):
        for index, example in enumerate(examples.get(group, ())):
            if ("content" in example) == ("path" in example):
                yield ("examples", group, index), f"examples.{group}.{index}: give exactly one of content or path"


def _named_fields(where: Any, path: DocPath) -> Iterator[tuple[DocPath, str, str]]:
    """(path, field name, operator) of every top-level field a condition names."""
    if isinstance(where, list):
        for index, item in enumerate(where):
            yield from _named_fields(item, (*path, index))
        return
    (operator, operand), = where.items()
    at = (*path, operator)
    if operator in ("all", "any"):
        for index, item in enumerate(operand):
            yield from _named_fields(item, (*at, index))
    elif operator == "not":
        yield from _named_fields(operand, at)
    elif operator == "match":
        yield from ((((*at, name)), name, operator) for name in operand)
    elif operator == "schema":
        yield from _schema_fields(operand, at)
    elif operator == "can":
        yield at, "id", operator


def _schema_fields(schema: Any, at: DocPath) -> Iterator[tuple[DocPath, str, str]]:
    if not isinstance(schema, dict):
        return
    for name in schema.get("properties", {}):
        yield (*at, "properties", name), name, "schema"
    for index, name in enumerate(schema.get("required", ())):
        yield (*at, "required", index), name, "schema"
    for keyword in ("allOf", "anyOf", "oneOf"):
        for index, item in enumerate(schema.get(keyword, ())):
            yield from _schema_fields(item, (*at, keyword, index))
    for keyword in ("not", "if", "then", "else"):
        yield from _schema_fields(schema.get(keyword), (*at, keyword))


# --- Examples -----------------------------------------------------------------------------

def _examples(spec: Mapping[str, Any], source: _Source) -> Iterator[Example]:
    examples = spec.get("examples", {})
    for kind in ("bad", "good"):
        for index, example in enumerate(examples.get(kind, ())):
            region = example.get("region", examples.get("region"))
            account = example.get("account", examples.get("account"))
            if "path" in example:
                target = Path(source.file).parent / example["path"]
                try:
                    text = target.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as error:
                    raise RuleFileError([(source.file, source.position(("examples", kind, index, "path")),
                                          f"examples.{kind}.{index}.path: cannot read {target}: {error}")]) from None
                yield Example(kind, example.get("file", target.name), text, region, account)
                continue
            content = example["content"]
            text = content if isinstance(content, str) else json.dumps(_plain(content), indent=2) + "\n"
            default = f"{kind}-{index + 1}." + ("json" if text.lstrip().startswith(("{", "[")) else "yaml")
            yield Example(kind, example.get("file", default), text, region, account)


def _plain(value: Any) -> Any:
    """Inline content as JSON: CloudFormation short tags (!Ref X) in their long form ({"Ref": "X"})."""
    from trail_lint.load import Intrinsic

    if isinstance(value, Intrinsic):
        return {value.name: _plain(value.value)}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
