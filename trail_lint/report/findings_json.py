"""The ``json`` format, described exactly by ``schemas/findings.schema.json``.

Keys keep the order written here (no sorting) and the output is indented by two spaces,
so two runs over the same inputs give byte-identical files. Suppressed findings are kept,
with ``"suppressed"`` holding the reason; every other finding has ``"suppressed": null``. A finding
placed at a shadow copy of its trail (Finding.shadow) has ``"shadow": true``, and one about a cause
several trails share (Finding.shared_cause) has ``"shared_cause"``; others leave the keys out.

``organization`` (optional) is the account × Region summary (trail_lint/organization.py), with
``structure``: whether the inputs held an organization's structure (``trail-lint merge`` reads it back).

``summary`` counts findings that are not suppressed (``errors``, ``warnings``, ``info``,
``files`` = files with at least one of them) plus ``suppressed``. ``summary_extra`` adds keys
(for example the number of files checked) but may not replace these.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from trail_lint.finding import Finding, SharedCause
from trail_lint.report.common import TOOL_NAME, count, severity_of

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.organization import OrganizationSummary

SCHEMA_ID = "trail-lint/findings/v1"


def render_json(findings: Sequence[Finding], *, tool_version: str,
                summary_extra: Mapping[str, Any] | None = None,
                organization: OrganizationSummary | None = None) -> str:
    return "".join(json_pieces(findings, tool_version=tool_version, summary_extra=summary_extra,
                               organization=organization))


def json_pieces(findings: Sequence[Finding], *, tool_version: str,
                summary_extra: Mapping[str, Any] | None = None,
                organization: OrganizationSummary | None = None) -> Iterator[str]:
    """The report a line at a time, each with its newline: written as it is made, a report of tens of
    thousands of findings is never held whole (nor twice, as its lines and their join)."""
    import json

    # One finding per line: readable, greppable, and written by the C encoder (an `indent` makes
    # CPython fall back to its pure-Python encoder, which showed up in profiles of large plans).
    # One encoder for every line: json.dumps with any option builds a new one per call, which
    # costs as much again as encoding a finding.
    dump = json.JSONEncoder(ensure_ascii=False).encode
    # the fields a rule's findings in one file share, written once (_line)
    line = functools.partial(_line, dump=dump, string=json.encoder.encode_basestring, heads={})

    yield "{\n"
    yield f'  "schema": {dump(SCHEMA_ID)},\n'
    yield f'  "tool": {dump({"name": TOOL_NAME, "version": tool_version})},\n'
    if findings:
        yield '  "findings": [\n'
        last = len(findings) - 1
        for index, finding in enumerate(findings):
            yield f"    {line(finding)},\n" if index < last else f"    {line(finding)}\n"
        yield "  ],\n"
    else:
        yield '  "findings": [],\n'
    if organization is not None:
        from trail_lint.organization import to_json

        yield f'  "organization": {dump(to_json(organization))},\n'
    yield f'  "summary": {dump(_summary(findings, summary_extra or {}))}\n'
    yield "}\n"


def _line(finding: Finding, dump: Callable[[Any], str], string: Callable[[str], str],
          heads: dict[tuple[object, ...], tuple[str, str]] | None = None) -> str:
    """``dump(_finding(finding))``, written directly: a report can hold tens of thousands of findings,
    and building each one's dict for the encoder took twice as long as this. ``string`` is the
    encoder's own for strings (``json.encoder.encode_basestring``); a field of another type than the
    model's goes through ``dump``. ``heads``: the rule, name and severity, and the file, as written,
    by the values they are written from (by the severity's id: an Enum member hashes in Python code)."""
    account, region, suppressed, line, column = (finding.account, finding.region, finding.suppressed,
                                                 finding.line, finding.column)
    if type(line) is not int or type(column) is not int:
        return dump(_finding(finding))
    try:
        key = (finding.rule, finding.name, id(finding.severity), finding.file)
        found = heads.get(key) if heads is not None else None
        if found is None:
            found = ((f'{{"rule": {string(finding.rule)}, "name": {string(finding.name)}, '
                      f'"severity": {string(severity_of(finding).value)}, "message": '), string(finding.file))
            if heads is not None:
                heads[key] = found
        head, file = found
        written = (f'{head}{string(finding.message)}, '
                   f'"file": {file}, "line": {line!r}, "column": {column!r}, '
                   f'"resource": {string(finding.resource)}, '
                   f'"account": {"null" if account is None else string(account)}, '
                   f'"region": {"null" if region is None else string(region)}, '
                   f'"fingerprint": {string(finding.fingerprint)}, '
                   f'"suppressed": {"null" if suppressed is None else string(suppressed)}')
    except TypeError:
        return dump(_finding(finding))
    if finding.shadow:
        written += ', "shadow": true'
    cause = finding.shared_cause
    if cause is not None:
        written += f', "shared_cause": {dump(_shared_cause(cause))}'
    return written + "}"


def _finding(finding: Finding) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "rule": finding.rule,
        "name": finding.name,
        "severity": severity_of(finding).value,
        "message": finding.message,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "resource": finding.resource,
        "account": finding.account,
        "region": finding.region,
        "fingerprint": finding.fingerprint,
        "suppressed": finding.suppressed,
    }
    if finding.shadow:
        entry["shadow"] = True
    cause = finding.shared_cause
    if cause is not None:
        entry["shared_cause"] = _shared_cause(cause)
    return entry


def _shared_cause(cause: SharedCause) -> dict[str, Any]:
    return {"key": cause.key, "trails": list(cause.trails), "count_at": cause.count_at}


def _summary(findings: Sequence[Finding], extra: Mapping[str, Any]) -> dict[str, Any]:
    counts = count(findings)
    summary: dict[str, Any] = {
        "errors": counts.errors,
        "warnings": counts.warnings,
        "info": counts.info,
        "suppressed": counts.suppressed,
        "files": counts.files,
    }
    clash = sorted(set(summary) & set(extra))
    if clash:
        raise ValueError(f"summary_extra may not replace {', '.join(clash)}")
    summary.update(extra)
    return summary
