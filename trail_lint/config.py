"""Configuration: `.trail-lint.yaml` or `[tool.trail-lint]` in pyproject.toml, read once into a Config."""
from __future__ import annotations

import datetime
import fnmatch
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field, replace
from typing import Any

from trail_lint.model import Position
from trail_lint.records import record
from trail_lint.rule import Rule, Severity

CONFIG_FILES = (".trail-lint.yaml", ".trail-lint.yml")


class ConfigError(Exception):
    """The configuration is invalid: the CLI exits 2 with this message."""


FIRST_LINE = Position(1, 1)


@record
class Ignore:
    rule: str
    reason: str
    resource: str = "*"
    file: str = "*"
    expires: datetime.date | None = None
    source: str = ""        # the config file that declares it
    position: Position = FIRST_LINE       # of the entry in that file

    def expired(self, today: datetime.date) -> bool:
        return self.expires is not None and self.expires < today


@record
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: str = "error"
    region: str | None = None
    account: str | None = None
    management_account: str | None = None
    accounts: Mapping[str, str] = field(default_factory=dict)   # root module dir, provider or template → account
    regions: tuple[str, ...] = ()
    parameters: Mapping[str, str] = field(default_factory=dict)   # CloudFormation parameter values
    event_volume: Mapping[str, int] = field(default_factory=dict)
    ignores: tuple[Ignore, ...] = ()
    access: tuple[Mapping[str, Any], ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_size: int = 512 * 1024 * 1024
    max_depth: int = 1000
    max_yaml_nodes: int = 1_000_000
    source: str | None = None   # the file the config came from
    rules_dirs: tuple[str, ...] = ()   # user rule directories (`rules-dir`), relative to the config file
    # Terraform --var-file FILE / --var NAME=VALUE, in command-line order: ("file", FILE) or ("var", "NAME=VALUE")
    terraform_assignments: tuple[tuple[str, str], ...] = ()

    def enabled(self, rule: Rule) -> bool:
        if self.select and not any(matches_rule(ref, rule) for ref in self.select):
            return False
        if rule.opt_in and not any(names_rule(ref, rule) for ref in self.select):
            return False    # an ID prefix (TL3) does not turn on an opt-in rule: its ID, name or control does
        return not any(matches_rule(ref, rule) for ref in self.ignore)

    def severity_of(self, rule: Rule) -> Severity:
        for ref, severity in self.severity.items():
            if matches_rule(ref, rule):
                return severity
        return rule.severity


def matches_rule(ref: str, rule: Rule) -> bool:
    """A rule reference is an ID (TL302, ORG-001), an ID prefix (TL3, TL30, ORG), a name, or a
    control the rule covers (CloudTrail.7, CIS-3.7, CIS-1.4:3.7; see trail_lint.controls).

    Names are kebab-case lower case, so a reference that starts with a capital letter is an ID
    or ID prefix (or a control, which has a dot); `tl3` is accepted as TL3."""
    ref = ref.strip()
    if _is_control(ref):
        return _covers(rule, ref)
    if ref[:2].upper() == "TL" or ref[:1].isupper():
        return rule.id.startswith(ref.upper())
    return ref == rule.name


def names_rule(ref: str, rule: Rule) -> bool:
    """A reference that names this rule itself: its full ID, its name or a control it covers."""
    ref = ref.strip()
    return ref.upper() == rule.id or ref == rule.name or (_is_control(ref) and _covers(rule, ref))


def _is_control(ref: str) -> bool:
    from trail_lint.controls import is_control

    return is_control(ref)


def _covers(rule: Rule, ref: str) -> bool:
    from trail_lint.controls import covers

    return bool(rule.controls) and covers(rule.controls, ref)


def find_config(start: str) -> str | None:
    """The nearest `.trail-lint.yaml`, or pyproject.toml with [tool.trail-lint], upward from start."""
    directory = os.path.abspath(start)
    while True:
        for name in CONFIG_FILES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                return candidate
        pyproject = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(pyproject) and _names_trail_lint(pyproject) and _pyproject_section(pyproject) is not None:
            return pyproject
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def load_config(path: str | None, rules: Callable[[Config], Sequence[Rule]] | None = None) -> Config:
    """The configuration in ``path`` (None: the defaults). With ``rules`` (the rules there are, given
    the configuration: its ``rules-dir`` adds user rules), every rule it names must be one of them.
    Every ConfigError names the file, the line and the key."""
    if path is None:
        return Config()
    if path.endswith(".toml"):
        raw, where = _pyproject_section(path), _toml_locator(path)
    else:
        raw, where = _read_yaml(path)
    if raw is None:
        raw = {}
    raw = _dates_as_text(raw)
    validate(raw, path, where)
    config = from_mapping(raw, path, where)
    if rules is not None:
        _check_rule_refs(raw, path, where, rules(config))
    return config


Locator = Callable[[tuple], Position]


def _dates_as_text(value: Any) -> Any:
    """TOML reads `expires = 2026-01-31` as a date; the schema and YAML users write text."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return value


def _read_yaml(path: str) -> tuple[Any, Locator]:
    """The file's values, read by trail-lint's own YAML loader (timestamps stay text, keys keep
    their positions), and where each key sits."""
    from trail_lint.load import LoadError, load_file

    try:
        document = load_file(path)
    except LoadError as error:
        if error.message == "no such file":
            raise FileNotFoundError(2, error.message, path) from None
        where = f":{error.position.line}:{error.position.column}" if error.position else ""
        raise ConfigError(f"{path}{where}: {error.message}") from None
    return document.data, document.position


def _toml_locator(path: str) -> Locator:
    """TOML has no positions at hand: the line of the top-level key in [tool.trail-lint], else the section."""
    import re

    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    start = next((n for n, line in enumerate(lines) if re.match(r"\s*\[\s*tool\s*\.\s*\"?trail-lint", line)), 0)

    def locate(key_path: tuple) -> Position:
        if key_path and isinstance(key_path[0], str):
            key = re.escape(key_path[0])
            for n in range(start + 1, len(lines)):
                if lines[n].lstrip().startswith("["):
                    break
                if re.match(rf'\s*"?{key}"?\s*=', lines[n]):
                    return Position(n + 1, 1)
        return Position(start + 1, 1)
    return locate


def _names_trail_lint(path: str) -> bool:
    """Whether a pyproject.toml may hold [tool.trail-lint]: every spelling of that table names
    trail-lint, and most projects' files do not, so they are not parsed (tomllib costs start-up)."""
    try:
        with open(path, "rb") as handle:
            return b"trail-lint" in handle.read()
    except OSError:
        return True         # _pyproject_section reports it


def _pyproject_section(path: str) -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    return document.get("tool", {}).get("trail-lint")


def validate(raw: Any, path: str, where: Locator | None = None) -> None:
    import jsonschema

    from trail_lint.resources import load_json_resource, schema_path

    schema = load_json_resource(schema_path("config.schema.json"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        key_path = tuple(first.absolute_path)
        message = first.message
        if first.validator == "additionalProperties" and isinstance(first.instance, dict):
            known = sorted(first.schema.get("properties", {}))
            unknown = [k for k in first.instance if k not in known]
            if unknown:
                key_path += (unknown[0],)
                message = f"unknown key {unknown[0]!r}{_did_you_mean(str(unknown[0]), known)}"
        raise ConfigError(f"{_where(path, where, key_path)}: {_key(key_path)}: {message}")


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else f"; the keys here are {', '.join(choices)}"


def _where(path: str, where: Locator | None, key_path: tuple) -> str:
    if where is None:
        return path
    position = where(key_path)
    return f"{path}:{position.line}:{position.column}"


def _key(key_path: tuple) -> str:
    return ".".join(str(p) for p in key_path) or "(top level)"


def _check_rule_refs(raw: Mapping[str, Any], path: str, where: Locator | None, rules: Sequence[Rule]) -> None:
    """select, ignore and severity name rules; an unknown one is an error, as on the command line.
    (An unknown rule in ``ignores`` is a finding, TL003: it waives nothing.)"""
    refs = [(("select", i), ref) for i, ref in enumerate(raw.get("select", ()))]
    refs += [(("ignore", i), ref) for i, ref in enumerate(raw.get("ignore", ()))]
    refs += [(("severity", ref), ref) for ref in raw.get("severity", {})]
    for key_path, ref in refs:
        if not any(matches_rule(ref, rule) for rule in rules):
            what = "no rule covers control" if _is_control(ref) else "unknown rule"
            raise ConfigError(f"{_where(path, where, key_path)}: {_key(key_path)}: {what} {ref!r}; "
                              f"see `trail-lint --list-rules`")


def from_mapping(raw: Mapping[str, Any], source: str = "", where: Locator | None = None) -> Config:
    limits = raw.get("limits", {})
    config = Config(
        select=tuple(raw.get("select", ())),
        ignore=tuple(raw.get("ignore", ())),
        severity={ref: Severity(value) for ref, value in raw.get("severity", {}).items()},
        fail_on=raw.get("fail-on", "error"),
        region=raw.get("region"),
        account=raw.get("account"),
        management_account=raw.get("management-account"),
        accounts={str(name): str(account) for name, account in raw.get("accounts", {}).items()},
        regions=tuple(raw.get("regions", ())),
        parameters={name: _parameter_text(value) for name, value in raw.get("parameters", {}).items()},
        event_volume=dict(raw.get("event-volume", {})),
        ignores=tuple(_ignore(item, source, where, index) for index, item in enumerate(raw.get("ignores", ()))),
        access=tuple(raw.get("access", ())),
        exclude=tuple(raw.get("exclude", ())),
        source=source or None,
        rules_dirs=tuple(os.path.join(os.path.dirname(source), d) if source else d
                         for d in _as_list(raw.get("rules-dir", ()))),
    )
    sizes = {"max-file-size": "max_file_size", "max-depth": "max_depth", "max-yaml-nodes": "max_yaml_nodes"}
    return replace(config, **{attr: limits[key] for key, attr in sizes.items() if key in limits})


def _parameter_text(value: Any) -> str:
    """CloudFormation parameter values are strings: YAML `true` is "true", as in a template."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _as_list(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _ignore(item: Mapping[str, Any], source: str, where: Locator | None, index: int) -> Ignore:
    expires = item.get("expires")
    if isinstance(expires, str):
        try:
            expires = datetime.date.fromisoformat(expires)
        except ValueError as error:     # 2027-02-30 matches the pattern but is no date
            key_path = ("ignores", index, "expires")
            raise ConfigError(f"{_where(source, where, key_path)}: {_key(key_path)}: {expires!r} is not a "
                              f"date ({error}); write YYYY-MM-DD") from None
    return Ignore(rule=item["rule"], reason=item["reason"], resource=item.get("resource", "*"),
                  file=item.get("file", "*"), expires=expires, source=source,
                  position=where(("ignores", index)) if where else Position(1, 1))


def ignore_matches(ignore: Ignore, rule: Rule, file: str, resource: str) -> bool:
    return (matches_rule(ignore.rule, rule)
            and glob_matches(file, ignore.file)
            and fnmatch.fnmatchcase(resource, ignore.resource))


def glob_matches(file: str, pattern: str) -> bool:
    """A file glob of the configuration: matched against the whole path or a trailing part of it."""
    normal = file.replace(os.sep, "/")
    return fnmatch.fnmatchcase(normal, pattern) or fnmatch.fnmatchcase(normal, "*/" + pattern)


def with_overrides(config: Config, **overrides: Any) -> Config:
    """Command-line options win over the file; None means "not given"."""
    return replace(config, **{k: v for k, v in overrides.items() if v is not None})


def as_patterns(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """`--select TL1,TL3 --select name` → ('TL1', 'TL3', 'name')."""
    if values is None:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())
