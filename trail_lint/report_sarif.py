"""The ``sarif`` format: SARIF 2.1.0, one run, for code-scanning dashboards.

Every rule in the registry is listed in ``tool.driver.rules`` (so dashboards can show the
rule help even for rules that found nothing); a finding whose rule is missing from the
``rules`` passed in gets a minimal descriptor built from the finding, so the log stays valid.

Relative paths are written relative to ``%SRCROOT%``, which the consumer (for example
GitHub code scanning) maps to the checkout. ``originalUriBaseIds`` is left out: it would
need the working directory, and reporters do no I/O.

Suppressed findings carry ``suppressions``: ``inSource`` for inline comments
(``inline: ...``), ``external`` for config ignores and baselines.
https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
"""
from __future__ import annotations

import inspect
import os
import re
from collections.abc import Sequence
from typing import Any

from trail_lint.finding import Finding
from trail_lint.report import INFORMATION_URI, TOOL_NAME, rule_docs_url, severity_of
from trail_lint.rule import Rule, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "trailLint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render_sarif(findings: Sequence[Finding], rules: Sequence[Rule], *, tool_version: str) -> str:
    import json

    descriptors = [_descriptor(r) for r in rules]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for finding in findings:
        if finding.rule not in index:
            index[finding.rule] = len(descriptors)
            descriptors.append(_fallback_descriptor(finding))
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": tool_version,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }},
            # Columns count characters, as the loader reports them.
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, index[f.rule]) for f in findings],
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _descriptor(rule: Rule) -> dict[str, Any]:
    doc = inspect.cleandoc(rule.doc) if rule.doc else ""
    summary = rule.summary or rule.name
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _section(doc, "Why it matters") or summary},
        "help": {"text": _plain(doc) or summary, "markdown": doc or summary},
        "helpUri": rule_docs_url(rule.id),
        "defaultConfiguration": {"level": LEVELS[Severity(rule.severity)], "enabled": not rule.opt_in},
        # Code-scanning dashboards filter by tags: the compliance controls the rule covers.
        "properties": {"tags": ["security", *rule.controls]},
    }


def _fallback_descriptor(finding: Finding) -> dict[str, Any]:
    text = finding.name or finding.rule
    return {
        "id": finding.rule,
        "name": text,
        "shortDescription": {"text": text},
        "helpUri": rule_docs_url(finding.rule),
        "defaultConfiguration": {"level": LEVELS[severity_of(finding)]},
    }


def _plain(markdown: str) -> str:
    """Rule docs are Markdown; the plain help drops the heading markers only."""
    return re.sub(r"^#+[ \t]*", "", markdown, flags=re.M)


def _section(doc: str, heading: str) -> str:
    """The text under ``## heading`` in a rule doc, up to the next heading."""
    match = re.search(rf"^##\s+{re.escape(heading)}\s*$(.*?)(?=^##\s|\Z)", doc, re.M | re.S)
    return " ".join(match.group(1).split()) if match else ""


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[severity_of(finding)],
        "message": {"text": finding.message},
        "locations": [_location(finding)],
    }
    if finding.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.suppressed is not None:
        kind = "inSource" if finding.suppressed.startswith("inline") else "external"
        result["suppressions"] = [{"kind": kind, "justification": finding.suppressed}]
    properties = {k: v for k, v in (("account", finding.account), ("region", finding.region))
                  if v is not None}
    if properties:
        result["properties"] = properties
    return result


def _location(finding: Finding) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {
        "artifactLocation": artifact_location(finding.file),
        # SARIF lines and columns are 1-based; clamp so a stray 0 cannot make the log invalid.
        "region": {"startLine": max(1, finding.line), "startColumn": max(1, finding.column)},
    }}
    if finding.resource:
        location["logicalLocations"] = [{"name": finding.resource, "kind": "resource"}]
    return location


def artifact_location(file: str, sep: str = os.sep) -> dict[str, str]:
    """A SARIF artifactLocation: relative paths against %SRCROOT%, absolute ones as file URIs."""
    from urllib.parse import quote

    path = file.replace(sep, "/") if sep != "/" else file
    drive = re.match(r"^[A-Za-z]:/", path)
    if path.startswith("/") or drive:
        # file:///C:/x on Windows; file:///abs/x elsewhere (RFC 8089).
        return {"uri": "file://" + ("/" if drive else "") + quote(path, safe="/:")}
    while path.startswith("./"):
        path = path[2:]
    # Percent-encode so names with spaces, '#', '%' or '?' stay one valid URI reference.
    return {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"}
