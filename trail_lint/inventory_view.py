"""The inventory as users see it: plain JSON-like values built from the model dataclasses.

`trail-lint inventory` prints it (the debugging view of what trail-lint understood), and user
rules (trail_lint/userrules) evaluate their conditions on the view of one subject: a trail, a
bucket, a principal, a policy statement or an account × Region. The view is built generically
from the dataclass fields, so a field added to the model appears here without an edit; a few
derived facts (what a trail records per Region, who uses a bucket, key or topic) are
added by name. Unknown values stay the model's UNKNOWN marker; `as_json` spells them
``{"$unknown": true}``.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from functools import cache
from typing import Any

from trail_lint.iam.evaluator import as_written
from trail_lint.model import (
    UNKNOWN,
    At,
    Bucket,
    Inventory,
    Origin,
    Policy,
    Principal,
    Statement,
    Trail,
    Unknown,
)
from trail_lint.records import record

SCHEMA = "trail-lint/inventory/v1"
UNKNOWN_JSON: Mapping[str, bool] = {"$unknown": True}
Locate = Callable[[At], tuple[str, int, int]]


@cache
def _shown(cls: type) -> tuple[str, ...]:
    """A dataclass's fields as the view shows them: those in its repr, and where it came from."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.repr or f.name == "origin")


def plain(value: Any, locate: Locate | None = None) -> Any:
    """A model value as plain JSON-like values (dicts, lists, strings, numbers, None, UNKNOWN)."""
    kind: Any = type(value)
    if kind in _SCALARS or value is UNKNOWN:
        return value
    if kind is tuple or kind is list:
        return [plain(item, locate) for item in value]
    if isinstance(value, Enum):
        return value.value
    if kind is Origin or kind is At:
        return _place(value, locate)
    if hasattr(kind, "__dataclass_fields__"):
        view = {name: plain(getattr(value, name), locate) for name in _shown(kind)}
        return _as_written(view) if kind is Statement else view
    if isinstance(value, Mapping):
        return {str(key): plain(item, locate) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((plain(item, locate) for item in value), key=str)
    if isinstance(value, (str, int, float)):   # subclasses of the JSON scalars
        return value
    return str(value)


_SCALARS = frozenset({str, bool, int, float, type(None)})


def _as_written(view: dict[str, Any]) -> dict[str, Any]:
    """A statement's Resource patterns as its policy wrote them (iam.evaluator.as_written)."""
    for key in ("resources", "not_resources"):
        if isinstance(view.get(key), list):
            view[key] = [as_written(pattern) if isinstance(pattern, str) else pattern for pattern in view[key]]
    return view


def _place(value: Origin | At, locate: Locate | None) -> dict[str, Any]:
    place: dict[str, Any] = {"file": value.file}
    if isinstance(value, Origin):
        place.update(resource=value.resource, kind=value.kind.value)
    if locate is not None:
        _, place["line"], place["column"] = locate(value if isinstance(value, At) else value.at)
    return place


def as_json(value: Any) -> Any:
    """The view with UNKNOWN spelled {"$unknown": true}, ready for json.dumps or yaml.safe_dump."""
    if value is UNKNOWN:
        return dict(UNKNOWN_JSON)
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value


# --- Derived facts -----------------------------------------------------------------------

def _known(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _labels(trails: Iterable[Trail]) -> list[str]:
    return sorted({trail.label for trail in trails})


def records(trail: Trail, inventory: Inventory) -> dict[str, Any] | Unknown:
    """What the trail records in each Region in scope where it may record (its home Region included)."""
    from trail_lint.scope.names import GLOBAL_EVENTS_REGION
    from trail_lint.scope.placement import regions_of
    from trail_lint.scope.trail_scope import covers_region, receives_global_events
    from trail_lint.selectors.recording import recorded

    if not isinstance(trail.region, str):
        return UNKNOWN
    facts = recorded(inventory, trail)
    coverage = facts.management
    management = {"read": coverage.read, "write": coverage.write, "full": coverage.full,
                  "excluded_sources": plain(coverage.excluded)}
    data = plain(facts.data) if isinstance(facts.data, Unknown) else [
        {"type": s.type, "read": s.read, "write": s.write, "prefixes": list(s.prefixes), "arns": list(s.equals)}
        for s in facts.data]
    found: dict[str, Any] = {}
    for region in sorted({trail.region, *regions_of(inventory, _known(trail.account))}):
        covered = covers_region(trail, region)
        if covered is not False:
            found[region] = {"covered": covered, "management": management, "data": data,
                             "global_service_events": region == GLOBAL_EVENTS_REGION
                                                      and receives_global_events(trail)}
    return found


def trail_view(trail: Trail, inventory: Inventory, locate: Locate | None = None) -> dict[str, Any]:
    view = plain(trail, locate)
    view.update(label=trail.label, records=records(trail, inventory))
    return view


def _users(inventory: Inventory, field: str) -> dict[str, list[Trail]]:
    """Live trails by the literal name/ARN they give in one delivery field."""
    users: dict[str, list[Trail]] = {}
    for trail in inventory.live_trails():
        target = _known(getattr(trail, field))
        if target:
            users.setdefault(target, []).append(trail)
    return users


def bucket_view(bucket: Bucket, users: Mapping[str, list[Trail]], locate: Locate | None = None) -> dict[str, Any]:
    view = plain(bucket, locate)
    view["trails"] = _labels(users.get(bucket.name, ())) if isinstance(bucket.name, str) else UNKNOWN
    return view


def _served(inventory: Inventory, field: str, service: str, id_key: str,
            locate: Locate | None) -> list[dict[str, Any]]:
    """Keys, topics or log groups: named by trails, or holding a resource policy in the inputs."""
    users = _users(inventory, field)
    policies: dict[str, list[Policy]] = {}
    for attached in inventory.resource_policies:
        if attached.service == service and isinstance(attached.target, str) and not attached.default:
            policies.setdefault(attached.target, []).append(attached.policy)
    return [{id_key: target, "trails": _labels(users.get(target, ())),
             "policies": plain(policies.get(target, []), locate)}
            for target in sorted({*users, *policies})]


def _topics(inventory: Inventory, locate: Locate | None) -> list[dict[str, Any]]:
    """The topics trails name or a topic policy holds, each with the KMS key that encrypts it
    (``kms_key``) where the inputs create it."""
    served = _served(inventory, "sns_topic", "sns", "arn", locate)
    for view in served:
        name = view["arn"]
        topic = next((t for t in inventory.topics if name in (t.name, t.origin.resource) or
                      name.endswith(f":{t.name}") or t.name.endswith(f":{name}")), None)
        if topic is not None:
            view["kms_key"] = plain(topic.kms_key, locate)
    return served


def principal_view(principal: Principal, locate: Locate | None = None) -> dict[str, Any]:
    view = plain(principal, locate)
    view["arn"] = principal.id if principal.id.startswith("arn:") else None
    return view


def statement_view(policy: Policy, index: int, statement: Statement, locate: Locate | None = None) -> dict[str, Any]:
    view = plain(statement, locate)
    view.update(index=index, policy={"name": policy.name, "arn": policy.arn})
    return view


def account_regions(inventory: Inventory) -> list[dict[str, Any]]:
    """Every account × Region in scope, with the trails that record there."""
    from trail_lint.model import all_of
    from trail_lint.scope.placement import accounts, placement, regions_of
    from trail_lint.scope.trail_scope import covers_account, covers_region

    found = []
    live = placement(inventory)
    for account in accounts(inventory):
        possible = live.possible(account)     # the others do not record the account
        for region in regions_of(inventory, account):
            covering = [(t, all_of((covers_account(t, account), covers_region(t, region)))) for t in possible]
            maybe = any(covered is UNKNOWN for _, covered in covering)
            found.append({"account": account, "region": region,
                          "trails": UNKNOWN if maybe else _labels(t for t, covered in covering if covered is True)})
    return found


# --- The whole inventory -------------------------------------------------------------------

def inventory_document(inventory: Inventory, locate: Locate | None = None, tool_version: str = "") -> dict[str, Any]:
    """Every field of the Inventory, trails, buckets and principals with their derived facts,
    plus the keys and topics the trails name; UNKNOWN kept (see as_json)."""
    document: dict[str, Any] = {"schema": SCHEMA, "tool": {"name": "trail-lint", "version": tool_version}}
    for name in _shown(Inventory):      # not the indexes kept beside the inventory (repr=False)
        document[name] = plain(getattr(inventory, name), locate)
    document["trails"] = [trail_view(t, inventory, locate) for t in inventory.trails]
    users = _users(inventory, "s3_bucket")
    document["buckets"] = [bucket_view(b, users, locate) for b in inventory.buckets]
    document["principals"] = [principal_view(p, locate) for p in inventory.principals]
    # Other engineers may give keys a model type of their own: that wins (log groups have one).
    document.setdefault("keys", _served(inventory, "kms_key_id", "kms", "id", locate))
    document["topics"] = _topics(inventory, locate)
    document["account_regions"] = account_regions(inventory)
    return document


def render_inventory(document: Mapping[str, Any], fmt: str) -> str:
    spelled = as_json(dict(document))
    if fmt == "yaml":
        import yaml

        return str(yaml.safe_dump(spelled, sort_keys=False, allow_unicode=True, default_flow_style=False))
    import json

    return json.dumps(spelled, indent=2, ensure_ascii=False) + "\n"


# --- Subjects of user rules --------------------------------------------------------------

@record
class Subject:
    """One thing a user rule looks at: its view, and where and how a finding about it is reported."""

    view: Mapping[str, Any]
    at: At
    resource: str
    key: str                       # identity for fingerprints
    account: str | None = None
    region: str | None = None
    origin: Origin | None = None   # for a rule's `at:` field


def subjects(kind: str, inventory: Inventory) -> list[Subject]:
    return SUBJECT_KINDS[kind][0](inventory)


def _trails(inventory: Inventory) -> list[Subject]:
    return [Subject(trail_view(t, inventory), t.origin.at, t.origin.resource or t.label, f"trail:{t.label}",
                    _known(t.account), _known(t.region), t.origin) for t in inventory.live_trails()]


def _buckets(inventory: Inventory) -> list[Subject]:
    users = _users(inventory, "s3_bucket")
    return [Subject(bucket_view(b, users), b.origin.at, b.origin.resource or _known(b.name) or "",
                    f"bucket:{b.origin.resource or b.name}", b.account, _known(b.region), b.origin)
            for b in inventory.buckets]


def _principals(inventory: Inventory) -> list[Subject]:
    return principal_subjects(inventory.principals)


def principal_subjects(principals: Iterable[Principal]) -> list[Subject]:
    """Principal subjects: from the inventory, or from the access analysis for rules with `can`."""
    return [Subject(principal_view(p), p.origin.at, p.id, f"principal:{p.id}", p.account, None, p.origin)
            for p in principals]


def _statements(inventory: Inventory) -> list[Subject]:
    from trail_lint.iam.access import input_statements

    return [Subject(statement_view(policy, index, s), s.origin.at, policy.arn or policy.name,
                    f"statement:{policy.arn or policy.name}:{index}", None, None, s.origin)
            for policy, index, s in input_statements(inventory)]


def _account_regions(inventory: Inventory) -> list[Subject]:
    anchor = next((t.origin.at for t in inventory.live_trails()),
                  next((s.origin.at for s in inventory.snapshots), At("")))
    found = []
    for view in account_regions(inventory):
        homed = [t for t in inventory.live_trails() if t.region == view["region"]]
        at = homed[0].origin.at if homed else anchor
        found.append(Subject(view, at, view["region"], f"account-region:{view['account']}:{view['region']}",
                             view["account"], view["region"]))
    return found


# kind → (subjects of an inventory, model type whose fields the view holds, derived fields)
SUBJECT_KINDS: Mapping[str, tuple[Callable[[Inventory], list[Subject]], type | None, tuple[str, ...]]] = {
    "trail": (_trails, Trail, ("label", "records")),
    "bucket": (_buckets, Bucket, ("trails",)),
    "principal": (_principals, Principal, ("arn",)),
    "statement": (_statements, Statement, ("index", "policy")),
    "account-region": (_account_regions, None, ("account", "region", "trails")),
}


def subject_fields(kind: str) -> tuple[str, ...]:
    """The top-level fields of a subject's view, for checking a rule's field names when it loads."""
    _, model, derived = SUBJECT_KINDS[kind]
    return (*(_shown(model) if model else ()), *derived)
