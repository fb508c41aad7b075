"""Merging the findings JSON of several runs (``trail-lint --format json``, one run per account or OU
in a CI matrix) into one result, which the reporters then render as they render a lint's.

Reading: an input must be a findings JSON of this version (``trail-lint/findings/v1``, valid
against ``schemas/findings.schema.json``); anything else is a ``MergeError`` naming the file, the
line and column, and the reason.

Combining:

* Findings: a finding reported by several runs is kept once. Two findings are the same when all
  they report is equal (rule, file, line, column, message, resource, account, Region and
  fingerprint) except their severity and suppression, which each run's configuration decides; the
  copy kept is the one that counts most: not suppressed before suppressed, the more severe first,
  then by the suppression's reason. (The fingerprint alone does not tell two findings apart: a rule
  may report two problems of one resource on one line.) A finding one run reported twice is kept
  as often as the run that reported it most often did, so that merging one output gives it back.
  The result is sorted as lint sorts it (``Finding.sort_key``).
* Findings at a shadow copy (``shadow``): a part that holds a trail only as another account's or
  Region's listing of it (a member account's part of a snapshot holds the organization trail so)
  reports the trail's findings there. Such a finding is the one a part holding the home copy reports
  (same rule, message, resource, account and Region, wherever it is placed): it is kept once, at
  the home copy when a part reports it there, else at the first file, the shadow copy one lint of
  every part places it at.
* Findings about a cause several trails share (``shared_cause``: a log bucket missing from the
  inputs, which trails of many accounts deliver to): each part says it of the trails it holds,
  placed at the first of them. They are one finding per rule and cause: the copy placed first (at a
  home copy before a shadow copy, then by file, line and column: where one lint of every part
  places it, at the first of all the trails), its count of the other trails made that of the
  trails of every copy.
* Organization summaries: accounts are united by account ID. Of an account's entries, those built
  from the account's own inputs (``read``; absent in files written before it was added: true) are
  kept over those that were not: each part of a snapshot split per account sees the other accounts
  only in the manifest, and the management account through its organization trail's shadow copies.
  The entries kept must be equal (Regions compared by name), else a ``MergeError`` names both
  places: two runs that disagree about one account (snapshots taken at different times, one account
  split across jobs) would give a table that is neither. The summary is of an organization's structure when any input's
  is (``structure``; absent in files written before it was added: false), so the text report shows
  the table exactly when a single run over every part would.
* Summary: ``files_checked`` and ``inputs`` are summed over the runs, when every run gives them,
  except the files every part of a snapshot reads (``shared``: its manifest and organization/),
  which are counted once.

Paths stay as each run reported them: a merge assumes that every run linted from the same
directory of the same repository (a CI matrix's jobs run from the root of their checkout), so that
one file has one path, and one fingerprint, in every run.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from functools import cache
from typing import Any

from trail_lint.finding import Finding, SharedCause, sorted_findings
from trail_lint.model import Path, Position
from trail_lint.organization import AccountSummary, OrganizationSummary, RegionSummary
from trail_lint.problems import and_others
from trail_lint.records import record, replace
from trail_lint.report.findings_json import SCHEMA_ID
from trail_lint.severity import Severity

_MESSAGE_CHARS = 200      # a schema error quotes the value at fault, which can be a whole list


class MergeError(Exception):
    """An input that cannot be merged: not a findings JSON of this version, or contradicting another."""

    def __init__(self, file: str, position: Position | None, reason: str) -> None:
        super().__init__(reason)
        self.file = file
        self.position = position
        self.reason = reason

    def __str__(self) -> str:
        return f"{_place(self.file, self.position)}: {self.reason}"


@record
class Shared:
    """The files of a run that every part of a snapshot split reads (its manifest and organization/),
    counted in its ``files_checked``: those it linted (``inputs``) and those it skipped."""

    inputs: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()

    def __or__(self, other: Shared) -> Shared:
        return Shared(self.inputs | other.inputs, self.skipped | other.skipped)

    def to_json(self) -> dict[str, list[str]]:
        return {"inputs": sorted(self.inputs), "skipped": sorted(self.skipped)}


@record
class RunOutput:
    """The findings JSON of one run."""

    file: str
    findings: tuple[Finding, ...]
    accounts: tuple[AccountSummary, ...] | None      # None: the run wrote no organization summary
    structure: bool                                  # its inputs held an organization's structure
    files_checked: int | None
    inputs: int | None
    locate: Callable[[Path], Position] = field(repr=False, compare=False)
    shared: Shared = Shared()


@record
class Merged:
    findings: tuple[Finding, ...]
    organization: OrganizationSummary | None      # None: no run wrote an organization summary
    files_checked: int | None
    inputs: int | None
    shared: Shared = Shared()


def read_output(file: str, content: bytes | None = None) -> RunOutput:
    """The findings JSON in ``file``, or in ``content`` (standard input) named ``file``."""
    from trail_lint.load import LoadError, load_bytes, load_file

    try:
        document = load_file(file, fmt="json") if content is None else load_bytes(content, file, fmt="json")
    except LoadError as error:
        raise MergeError(file, error.position, error.message) from None
    data = document.data
    _check_kind(file, data, document.position)
    # Checking every finding with jsonschema was ~87 % of a merge (BENCHMARKS.md); findings that pass
    # the check compiled from the same schema are left out of it, the rest keep its exact messages.
    check = _finding_check()
    findings = data.get("findings")
    compiled = check is not None and isinstance(findings, list) and all(check(entry) for entry in findings)
    checked = {**data, "findings": []} if compiled else data
    errors = sorted(_validator().iter_errors(checked), key=lambda e: _path_order(e.absolute_path))
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        path, reason = _in_words(first)
        raise MergeError(file, document.position(path), reason + more)
    organization = data.get("organization")
    summary = data["summary"]
    return RunOutput(file, tuple(_finding(entry) for entry in data["findings"]),
                     None if organization is None else tuple(_account(entry) for entry in organization["accounts"]),
                     organization is not None and organization.get("structure", False) is True,
                     _count(summary.get("files_checked")), _count(summary.get("inputs")), document.position,
                     _shared(summary.get("shared")))


def merge(outputs: Sequence[RunOutput]) -> Merged:
    shared = Shared()
    for output in outputs:
        shared |= output.shared
    # every part counts the files it shares with the others; the merge counts each once
    return Merged(_findings(outputs), _organization(outputs),
                  _total([o.files_checked for o in outputs], len(shared.inputs) + len(shared.skipped),
                         [len(o.shared.inputs) + len(o.shared.skipped) for o in outputs]),
                  _total([o.inputs for o in outputs], len(shared.inputs), [len(o.shared.inputs) for o in outputs]),
                  shared)


# --- reading -------------------------------------------------------------------------------------

def _check_kind(file: str, data: Any, locate: Callable[[Path], Position]) -> None:
    schema = data.get("schema") if isinstance(data, dict) else None
    if schema == SCHEMA_ID:
        return
    if isinstance(schema, str) and schema.startswith("trail-lint/findings/"):
        reason = f"findings JSON of another version, {schema!r}: this trail-lint reads {SCHEMA_ID}"
    else:
        what = f"a {schema!r} document" if isinstance(schema, str) else "not a findings JSON"
        reason = (f"{what}: expected the output of `trail-lint --format json` "
                  f'("schema": "{SCHEMA_ID}")')
    raise MergeError(file, locate(("schema",)), reason)


@cache
def _validator() -> Any:
    """The findings JSON schema, compiled once (jsonschema is imported only by a merge)."""
    import jsonschema

    from trail_lint.resources import load_json_resource, schema_path

    return jsonschema.Draft202012Validator(load_json_resource(schema_path("findings.schema.json")))


@cache
def _finding_check() -> Callable[[Any], bool] | None:
    """The schema's ``finding`` definition as a plain function (jsonschema's speed is in BENCHMARKS.md)."""
    from trail_lint.json_check import compiled_check
    from trail_lint.resources import load_json_resource, schema_path

    return compiled_check(load_json_resource(schema_path("findings.schema.json"))["$defs"]["finding"])


def _path_order(path: Iterable[str | int]) -> list[tuple[int, int, str]]:
    """Document order for paths that mix list indexes and keys."""
    return [(0, p, "") if isinstance(p, int) else (1, 0, p) for p in path]


def _in_words(error: Any) -> tuple[Path, str]:
    """Where a schema error is (an unknown key: the key itself) and what it is."""
    path: Path = tuple(error.absolute_path)
    where = ".".join(str(p) for p in path) or "the document"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        unknown = [key for key in error.instance if key not in error.schema.get("properties", {})]
        if unknown:
            return (*path, unknown[0]), f"{where}: unknown key {unknown[0]!r}"
    message = str(error.message)
    if len(message) > _MESSAGE_CHARS:
        message = message[:_MESSAGE_CHARS] + "..."
    return path, f"{where}: {message}"


def _account(entry: Mapping[str, Any]) -> AccountSummary:
    """An entry of ``organization.accounts``; Regions sorted by name, so that order does not matter."""
    regions = (RegionSummary(region=r["region"], trails=_count(r["trails"]), paid_copies=_count(r["paid_copies"]),
                             logging_off=_count(r["logging_off"]), unknown=tuple(r["unknown"]), quota=int(r["quota"]))
               for r in entry["regions"])
    return AccountSummary(account=entry["account"], name=entry["name"], ou=entry["ou"],
                          regions=tuple(sorted(regions, key=lambda r: r.region)),
                          read=entry.get("read", True) is True)


def _shared(entry: Mapping[str, Any] | None) -> Shared:
    return Shared() if entry is None else Shared(frozenset(entry["inputs"]), frozenset(entry["skipped"]))


def _count(value: float | None) -> int | None:
    """JSON Schema's integer admits 2.0, which is 2 here."""
    return None if value is None else int(value)


def _finding(entry: Mapping[str, Any]) -> Finding:
    # int(): JSON Schema's integer admits 1.0, which the reports must not print as a line number
    return Finding(rule=entry["rule"], name=entry["name"], severity=Severity(entry["severity"]),
                   message=entry["message"], file=entry["file"], line=int(entry["line"]), column=int(entry["column"]),
                   resource=entry["resource"], account=entry["account"], region=entry["region"],
                   fingerprint=entry["fingerprint"], suppressed=entry["suppressed"], shadow=entry.get("shadow", False),
                   shared_cause=_shared_cause(entry.get("shared_cause")))


def _shared_cause(entry: Mapping[str, Any] | None) -> SharedCause | None:
    if entry is None:
        return None
    return SharedCause(entry["key"], tuple(sorted(set(entry["trails"]))), int(entry["count_at"]))


# --- combining -----------------------------------------------------------------------------------

Identity = tuple[str, str, int, int, str, str, "str | None", "str | None", str]


def _identity(finding: Finding) -> Identity:
    """What a finding reports, without what each run's configuration decides (severity, suppression)."""
    return (finding.rule, finding.file, finding.line, finding.column, finding.message, finding.resource,
            finding.account, finding.region, finding.fingerprint)


def _counts_most(finding: Finding) -> tuple[bool, int, str, str]:
    """Of the copies of one finding, the one kept first: not suppressed, most severe, then by reason."""
    return (finding.suppressed is not None, -Severity(finding.severity).rank, finding.suppressed or "",
            finding.name)


def _findings(outputs: Sequence[RunOutput]) -> tuple[Finding, ...]:
    copies: dict[Identity, list[Finding]] = {}
    most: Counter[Identity] = Counter()
    causes: dict[tuple[str, str], list[Finding]] = {}
    for output in outputs:
        counts = Counter(_identity(f) for f in output.findings if f.shared_cause is None)
        for finding in output.findings:
            if finding.shared_cause is None:
                copies.setdefault(_identity(finding), []).append(finding)
            else:
                causes.setdefault((finding.rule, finding.shared_cause.key), []).append(finding)
        for identity, times in counts.items():
            most[identity] = max(most[identity], times)
    kept = [copy for identity, found in copies.items()
            for copy in (found if len(found) == 1 else sorted(found, key=_counts_most)[:most[identity]])]
    return tuple(sorted_findings([*_at_home(kept), *map(_counted, causes.values())]))


def _counted(copies: Sequence[Finding]) -> Finding:
    """One finding about a cause several trails share, of every run's copy: the copy placed first (at
    a home copy of its trail before a shadow copy, then by file, line and column: where one run of
    every trail places it, delivery_links._first), counting the trails of them all."""
    first = min(copies, key=lambda f: (f.shadow, f.file, f.line, f.column, _counts_most(f), f.sort_key))
    cause = first.shared_cause
    assert cause is not None      # _findings groups only findings with one
    trails = tuple(sorted({trail for copy in copies for trail in (copy.shared_cause or cause).trails}))
    said = and_others(len(cause.trails) - 1)
    if trails == cause.trails or first.message[cause.count_at:cause.count_at + len(said)] != said:
        return first      # nothing to add, or a count that is not where the copy says (edited by hand)
    message = first.message[:cause.count_at] + and_others(len(trails) - 1) + first.message[cause.count_at + len(said):]
    return replace(first, message=message, shared_cause=replace(cause, trails=trails))


About = tuple[str, str, str, "str | None", "str | None"]


def _about(finding: Finding) -> About:
    """What a finding says of its trail, wherever a part placed it (the copy a part holds)."""
    return finding.rule, finding.message, finding.resource, finding.account, finding.region


def _at_home(findings: Sequence[Finding]) -> list[Finding]:
    """A finding placed at a shadow copy of its trail (``shadow``: its part did not hold the home
    copy, as a member account's part of a snapshot holds the organization trail) is the finding a
    part that holds the home copy reports there: it is kept once, at the home copy when a part
    reports it there, else at the shadow copy one lint would place it at, the first file."""
    if not any(finding.shadow for finding in findings):
        return list(findings)
    home = {_about(finding) for finding in findings if not finding.shadow}
    first: dict[About, str] = {}
    for finding in findings:
        about = _about(finding)
        if finding.shadow and about not in home and (about not in first or finding.file < first[about]):
            first[about] = finding.file
    return [finding for finding in findings if not finding.shadow or first.get(_about(finding)) == finding.file]


def _organization(outputs: Sequence[RunOutput]) -> OrganizationSummary | None:
    if all(output.accounts is None for output in outputs):
        return None
    rows: dict[str, list[tuple[AccountSummary, RunOutput, int]]] = {}      # per account, in input order
    for output in outputs:
        for index, account in enumerate(output.accounts or ()):
            rows.setdefault(account.account, []).append((account, output, index))
    kept = []
    for found in rows.values():
        # A part that read the account (one run per account of a snapshot) has its row; the other
        # parts see it only in the manifest or through its organization trail's shadow copies
        chosen = [row for row in found if row[0].read] or found
        first, first_output, first_index = chosen[0]
        for account, output, index in chosen[1:]:
            if account != first:
                where = _place(first_output.file, first_output.locate(("organization", "accounts", first_index)))
                raise MergeError(output.file, output.locate(("organization", "accounts", index)),
                                 f"account {account.account} differs from the one in {where}: "
                                 f"{_difference(first, account)}; each account must be summarised by one run")
        kept.append(first)
    # The merged table is shown, as lint shows it, for more than one account or an organization's
    # structure: one part read it, so a single run of every part would have read it too.
    return OrganizationSummary(tuple(sorted(kept, key=lambda a: a.account)),
                               any(output.structure for output in outputs))


def _difference(first: AccountSummary, other: AccountSummary) -> str:
    """What differs, with values spelled as in the JSON."""
    parts = [_against(name, first, other) for name in ("name", "ou") if getattr(first, name) != getattr(other, name)]
    regions = {r.region: r for r in first.regions}
    others = {r.region: r for r in other.regions}
    for region in sorted(regions.keys() | others.keys()):
        if region not in regions or region not in others:
            parts.append(f"Region {region} in one only")
        elif regions[region] != others[region]:
            parts.extend(_against(name, regions[region], others[region], f"{region} ")
                         for name in ("trails", "quota", "paid_copies", "logging_off", "unknown")
                         if getattr(regions[region], name) != getattr(others[region], name))
    return ", ".join(parts)


def _against(name: str, first: object, other: object, prefix: str = "") -> str:
    import json

    def spelled(value: object) -> str:
        return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)

    return f"{prefix}{name} {spelled(getattr(first, name))} against {spelled(getattr(other, name))}"


def _total(counts: Sequence[int | None], shared: int = 0, shared_counts: Sequence[int] = ()) -> int | None:
    """The sum of the counts, of which ``shared_counts`` (per run) are files the runs share, ``shared``
    of them in all; None when a run gave no count."""
    if not counts or None in counts:
        return None
    return sum(c for c in counts if c is not None) - sum(shared_counts) + shared


def _place(file: str, position: Position | None) -> str:
    return file if position is None else f"{file}:{position.line}:{position.column}"
