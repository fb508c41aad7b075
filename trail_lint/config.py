"""Configuration: `.trail-lint.yaml` or `[tool.trail-lint]` in pyproject.toml, read once into a Config."""
from __future__ import annotations

import datetime
import fnmatch
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from trail_lint.rule import Rule, Severity

CONFIG_FILES = (".trail-lint.yaml", ".trail-lint.yml")


class ConfigError(Exception):
    """The configuration is invalid: the CLI exits 2 with this message."""


@dataclass(frozen=True, slots=True)
class Ignore:
    rule: str
    reason: str
    resource: str = "*"
    file: str = "*"
    expires: datetime.date | None = None
    source: str = ""        # the config file that declares it

    def expired(self, today: datetime.date) -> bool:
        return self.expires is not None and self.expires < today


@dataclass(frozen=True, slots=True)
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
        if os.path.isfile(pyproject) and _pyproject_section(pyproject) is not None:
            return pyproject
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def load_config(path: str | None) -> Config:
    if path is None:
        return Config()
    raw = _pyproject_section(path) if path.endswith(".toml") else _read_yaml(path)
    if raw is None:
        raw = {}
    raw = _dates_as_text(raw)
    validate(raw, path)
    return from_mapping(raw, path)


def _dates_as_text(value: Any) -> Any:
    """YAML reads `expires: 2026-01-31` as a date; the schema and TOML users write text."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return value


def _read_yaml(path: str) -> Any:
    import yaml

    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML: {getattr(error, 'problem', error)}") from None


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


def validate(raw: Any, path: str) -> None:
    import jsonschema

    from trail_lint.resources import load_json_resource, schema_path

    schema = load_json_resource(schema_path("config.schema.json"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        key = ".".join(str(p) for p in first.absolute_path) or "(top level)"
        raise ConfigError(f"{path}: {key}: {first.message}")


def from_mapping(raw: Mapping[str, Any], source: str = "") -> Config:
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
        ignores=tuple(_ignore(item, source) for item in raw.get("ignores", ())),
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


def _ignore(item: Mapping[str, Any], source: str) -> Ignore:
    expires = item.get("expires")
    if isinstance(expires, str):
        try:
            expires = datetime.date.fromisoformat(expires)
        except ValueError:
            raise ConfigError(f"{source}: ignores: expires {expires!r} is not a date (YYYY-MM-DD)") from None
    return Ignore(rule=item["rule"], reason=item["reason"], resource=item.get("resource", "*"),
                  file=item.get("file", "*"), expires=expires, source=source)


def ignore_matches(ignore: Ignore, rule: Rule, file: str, resource: str) -> bool:
    return (matches_rule(ignore.rule, rule)
            and _glob(file, ignore.file)
            and fnmatch.fnmatchcase(resource, ignore.resource))


def _glob(file: str, pattern: str) -> bool:
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
