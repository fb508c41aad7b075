"""A snapshot directory's manifest.json (schemas/snapshot-manifest.schema.json, docs/snapshot.md).

It holds no trail or policy: what it adds to a run is what the snapshot is missing. Every API call
that failed when the snapshot was taken is a TL002 finding, so an account or Region that could not
be read is said, never silently absent from the checks.
"""
from __future__ import annotations

from typing import Any

from trail_lint.model import At, InputKind, Manifest, Origin, Problem, SnapshotAccount, SnapshotFailure
from trail_lint.normalise import Contents, MalformedInput, Supplied
from trail_lint.snapshot import SCHEMA

KIND = InputKind.SNAPSHOT_MANIFEST


def detect(data: Any) -> bool:
    return isinstance(data, dict) and data.get("schema") == SCHEMA


def normalise(doc: Any, supplied: Supplied | None = None) -> Contents:
    import jsonschema

    from trail_lint.resources import load_json_resource, schema_path

    schema = load_json_resource(schema_path("snapshot-manifest.schema.json"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc.data),
                    key=lambda e: list(e.absolute_path))
    if errors:
        raise MalformedInput(f"not a valid snapshot manifest: {errors[0].message}"[:300],
                             At(doc.file, tuple(errors[0].absolute_path)))
    failures = doc.data["failures"]
    return Contents(KIND, unknowns=tuple(_missing(doc.file, i, failure) for i, failure in enumerate(failures)),
                    manifest=Manifest(
                        tuple(SnapshotAccount(a["id"], a.get("name"), tuple(a["regions"])) for a in doc.data["accounts"]),
                        tuple(SnapshotFailure(f["call"], f["code"], f["message"], f.get("account"), f.get("region"),
                                              f.get("target")) for f in failures),
                        Origin(doc.file, (), kind=KIND)))


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
