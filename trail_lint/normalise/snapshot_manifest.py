"""A snapshot directory's manifest.json (schemas/snapshot-manifest.schema.json, docs/snapshot.md).

It holds no trail or policy: what it adds to a run is what the snapshot is missing. Every API call
that failed when the snapshot was taken is a TL002 finding, so an account or Region that could not
be read is said, never silently absent from the checks.
"""
from __future__ import annotations

import re
from typing import Any

from trail_lint.model import (
    At,
    InputKind,
    Manifest,
    OrgNode,
    OrgNodeKind,
    Origin,
    Problem,
    SnapshotAccount,
    SnapshotFailure,
)
from trail_lint.normalise import Contents, MalformedInput, Supplied
from trail_lint.snapshot import SCHEMA

KIND = InputKind.SNAPSHOT_MANIFEST


def detect(data: Any) -> bool:
    return isinstance(data, dict) and data.get("schema") == SCHEMA


def normalise(doc: Any, supplied: Supplied | None = None) -> Contents:
    if not valid(doc.data):
        _check_schema(doc.data, doc.file)
    failures = doc.data["failures"]
    organization = doc.data.get("organization") or {}
    delegated = organization.get("delegated_administrators")
    # the management account the manifest names is the organization's, as describe-organization's
    # MasterAccountId is (a snapshot made by other means may hold the manifest alone)
    management = organization.get("management_account")
    nodes = (OrgNode(management, OrgNodeKind.MANAGEMENT, None, Origin(doc.file, ("organization", "management_account"),
                                                                      kind=KIND), organization=organization.get("id")),
             ) if management else ()
    return Contents(KIND, organization=nodes, unknowns=tuple(_missing(doc.file, i, failure) for i, failure in enumerate(failures)),
                    manifest=Manifest(
                        tuple(SnapshotAccount(a["id"], a.get("name"), tuple(a["regions"])) for a in doc.data["accounts"]),
                        tuple(SnapshotFailure(f["call"], f["code"], f["message"], f.get("account"), f.get("region"),
                                              f.get("target")) for f in failures),
                        Origin(doc.file, (), kind=KIND), tuple(delegated) if delegated is not None else None,
                        organization.get("id")))


def _check_schema(data: Any, file: str) -> None:
    """What is wrong with a manifest, in jsonschema's words (it says more, and its import costs
    more than reading a whole snapshot of 100 accounts without it)."""
    import jsonschema

    from trail_lint.resources import load_json_resource, schema_path

    schema = load_json_resource(schema_path("snapshot-manifest.schema.json"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise MalformedInput(f"not a valid snapshot manifest: {errors[0].message}"[:300],
                             At(file, tuple(errors[0].absolute_path)))


# schemas/snapshot-manifest.schema.json as plain checks: valid() says yes only where the schema does
# (a test holds the two together); jsonschema is asked only to tell what is wrong.
_ACCOUNT = re.compile(r"^[0-9]{12}$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]+$")
_ORGANIZATION_ID = re.compile(r"^o-[a-z0-9]{10,32}$")
_CALL = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9]+$")


def valid(data: Any) -> bool:
    """Whether a manifest is valid against its schema (the schema's own keywords, as jsonschema reads them)."""
    return (isinstance(data, dict) and data.keys() >= {"schema", "caller", "started", "accounts", "failures"}
            and data["schema"] == SCHEMA and _text(data["caller"]) and data["caller"] != ""
            and _text(data["started"]) and _text(data.get("finished", ""))
            and _tool(data.get("tool", {"name": "-"})) and _organization(data.get("organization"))
            and isinstance(data["accounts"], list) and all(_account(a) for a in data["accounts"])
            and isinstance(data["failures"], list) and all(_failure(f) for f in data["failures"]))


def _text(value: Any, pattern: re.Pattern[str] | None = None) -> bool:
    return isinstance(value, str) and (pattern is None or pattern.search(value) is not None)


def _tool(tool: Any) -> bool:
    return isinstance(tool, dict) and _text(tool.get("name")) and tool["name"] != "" \
        and _text(tool.get("version", ""))


def _organization(organization: Any) -> bool:
    delegated = organization.get("delegated_administrators", []) if isinstance(organization, dict) else []
    return organization is None or (
        isinstance(organization, dict) and _text(organization.get("id"), _ORGANIZATION_ID)
        and _text(organization.get("management_account"), _ACCOUNT)
        and isinstance(organization.get("structure", False), bool)
        and isinstance(delegated, list) and all(_text(a, _ACCOUNT) for a in delegated))


def _account(account: Any) -> bool:
    return isinstance(account, dict) and _text(account.get("id"), _ACCOUNT) and _text(account.get("name", "")) \
        and (account.get("role") is None or _text(account["role"])) \
        and isinstance(account.get("regions"), list) and all(_text(r, _REGION) for r in account["regions"])


def _failure(failure: Any) -> bool:
    return isinstance(failure, dict) and _text(failure.get("call"), _CALL) \
        and _text(failure.get("code")) and _text(failure.get("message")) \
        and all(failure.get(key) is None or _text(failure[key], pattern)
                for key, pattern in (("account", _ACCOUNT), ("region", _REGION), ("target", None)))


def _missing(file: str, index: int, failure: dict[str, Any]) -> Problem:
    account, region, target = failure.get("account"), failure.get("region"), failure.get("target")
    where = " ".join(part for part in (
        f"of {target}" if target else "", f"in account {account}" if account else "",
        f"in {region}" if region else "") if part)
    return Problem(
        f"the snapshot is missing what {' '.join(filter(None, (failure['call'], where)))} would return: it failed "
        f"with {failure['code']}: {failure['message']}; the checks cannot see it"[:600],
        at=At(file, ("failures", index)), resource=target or account or "", account=account, region=region,
        subject=f"snapshot:{failure['call']}:{account}:{region}:{target}")
