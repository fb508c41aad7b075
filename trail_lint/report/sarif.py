"""The ``sarif`` format: SARIF 2.1.0, one run, for code-scanning dashboards.

Every rule in the registry is listed in ``tool.driver.rules`` (so dashboards can show the
rule help even for rules that found nothing); a finding whose rule is missing from the
``rules`` passed in gets a minimal descriptor built from the finding, so the log stays valid.

Every location is a path from the repository root of its file (``repo_paths``, computed by
the CLI) against the base ``%SRCROOT%``, which ``originalUriBaseIds`` maps to that root as a
file URI; GitHub code scanning maps it to the checkout. Files from a second root (files of two
repositories in one run) get ``ROOT2``, ``ROOT3``, ... A file missing from ``repo_paths``
keeps its reported path: relative against ``%SRCROOT%``, absolute as a file URI.

Rules carry ``properties.tags`` (the rule's group by ID range, and ``security`` for audit-trail
integrity and access rules) and ``properties.security-severity``, which GitHub code scanning
uses to rank security alerts (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0):
https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#reportingdescriptor-object

Suppressed findings carry ``suppressions``: ``inSource`` for inline comments
(``inline: ...``), ``external`` for config ignores and baselines.
https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
"""
from __future__ import annotations

import inspect
import os
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from trail_lint.finding import Finding
from trail_lint.repo import RepoPath
from trail_lint.report.common import (
    INFORMATION_URI,
    TOOL_NAME,
    Indented,
    indented_json,
    rule_docs_url,
    severity_of,
)
from trail_lint.rule import Rule, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "trailLint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# Rule groups by ID range (STYLE.md section 4); audit-trail integrity and access are security.
GROUPS = {"TL0": ("input",), "TL1": ("quota",), "TL2": ("api-validation",), "TL3": ("security", "audit-integrity"),
          "TL4": ("security", "access"), "TL5": ("cost",), "TL9": ("custom",)}
# A rule's default severity on GitHub's scale; security rules rank one step higher.
SECURITY_SEVERITY = {Severity.ERROR: ("6.5", "8.0"), Severity.WARNING: ("4.0", "5.5"), Severity.INFO: ("1.0", "2.0")}
SRCROOT = "%SRCROOT%"


def render_sarif(findings: Sequence[Finding], rules: Sequence[Rule], *, tool_version: str,
                 repo_paths: Mapping[str, RepoPath] | None = None) -> str:
    base_ids = _base_ids(findings, repo_paths or {})
    # one location per file, written alike for each of its findings
    artifacts = {file: _artifact(file, repo_paths or {}, base_ids) for file in {f.file for f in findings}}

    descriptors = [_descriptor(r) for r in rules]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for finding in findings:
        if finding.rule not in index:
            index[finding.rule] = len(descriptors)
            descriptors.append(_fallback_descriptor(finding))
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": TOOL_NAME,
            "version": tool_version,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }},
        # Columns count characters, as the loader reports them.
        "columnKind": "unicodeCodePoints",
        "results": _results(findings, index, artifacts),
    }
    if base_ids:
        run["originalUriBaseIds"] = {name: {"uri": _directory_uri(root)} for root, name in base_ids.items()}
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return indented_json(log) + "\n"


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
        "properties": rule_properties(rule.id, Severity(rule.severity), rule.controls),
    }


def rule_properties(rule_id: str, severity: Severity, controls: Sequence[str] = ()) -> dict[str, Any]:
    """Tags (the rule's group, and the compliance controls it covers: dashboards filter by tags)
    and the security severity."""
    tags = GROUPS.get(rule_id[:3], ())
    score = SECURITY_SEVERITY[severity][1 if "security" in tags else 0]
    return {"tags": ["cloudtrail", *tags, *controls], "security-severity": score}


def _fallback_descriptor(finding: Finding) -> dict[str, Any]:
    text = finding.name or finding.rule
    return {
        "id": finding.rule,
        "name": text,
        "shortDescription": {"text": text},
        "helpUri": rule_docs_url(finding.rule),
        "defaultConfiguration": {"level": LEVELS[severity_of(finding)]},
        "properties": rule_properties(finding.rule, severity_of(finding)),
    }


def _plain(markdown: str) -> str:
    """Rule docs are Markdown; the plain help drops the heading markers only."""
    return re.sub(r"^#+[ \t]*", "", markdown, flags=re.MULTILINE)


def _section(doc: str, heading: str) -> str:
    """The text under ``## heading`` in a rule doc, up to the next heading."""
    match = re.search(rf"^##\s+{re.escape(heading)}\s*$(.*?)(?=^##\s|\Z)", doc, re.MULTILINE | re.DOTALL)
    return " ".join(match.group(1).split()) if match else ""


def _result(finding: Finding, rule_index: int, artifact: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[severity_of(finding)],
        "message": {"text": finding.message},
        "locations": [_location(finding, artifact)],
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


def _results(findings: Sequence[Finding], index: Mapping[str, int],
             artifacts: Mapping[str, dict[str, str]]) -> list[Indented | dict[str, Any]]:
    """Each finding's ``_result``, written directly where ``_result_text`` can (a large log holds
    tens of thousands: walking each one's nested dicts was most of writing the log)."""
    import json

    string = json.encoder.encode_basestring
    # an artifactLocation as indented_json writes it where _result_text puts it, once per file
    located = {file: indented_json(artifact).replace("\n", "\n        ") for file, artifact in artifacts.items()}
    results: list[Indented | dict[str, Any]] = []
    for finding in findings:
        rule_index, artifact = index[finding.rule], artifacts[finding.file]
        try:
            text = _result_text(finding, rule_index, located[finding.file], string)
        except TypeError:       # a field of another type than the model's
            text = None
        results.append(_result(finding, rule_index, artifact) if text is None else Indented(text))
    return results


def _result_text(finding: Finding, rule_index: int, artifact: str, string: Callable[[str], str]) -> str | None:
    """``indented_json(_result(finding, rule_index, ...))``, written directly (``artifact``: its
    artifactLocation as written there); None for a suppressed finding, whose result the dicts write."""
    line, column, account, region = finding.line, finding.column, finding.account, finding.region
    if finding.suppressed is not None or type(line) is not int or type(column) is not int:
        return None
    text = (f'{{\n  "ruleId": {string(finding.rule)},\n  "ruleIndex": {rule_index!r},\n'
            f'  "level": {string(LEVELS[severity_of(finding)])},\n'
            f'  "message": {{\n    "text": {string(finding.message)}\n  }},\n'
            f'  "locations": [\n    {{\n      "physicalLocation": {{\n        "artifactLocation": {artifact},\n'
            f'        "region": {{\n          "startLine": {max(1, line)!r},\n'
            f'          "startColumn": {max(1, column)!r}\n        }}\n      }}')
    if finding.resource:
        text += (f',\n      "logicalLocations": [\n        {{\n          "name": {string(finding.resource)},\n'
                 '          "kind": "resource"\n        }\n      ]')
    text += "\n    }\n  ]"
    if finding.fingerprint:
        text += f',\n  "partialFingerprints": {{\n    "{FINGERPRINT_KEY}": {string(finding.fingerprint)}\n  }}'
    if account is not None or region is not None:
        properties = [f'"{key}": {string(value)}' for key, value in (("account", account), ("region", region))
                      if value is not None]
        text += ',\n  "properties": {\n    ' + ",\n    ".join(properties) + "\n  }"
    return text + "\n}"


def _base_ids(findings: Sequence[Finding], repo_paths: Mapping[str, RepoPath]) -> dict[str, str]:
    """root directory -> its uriBaseId, %SRCROOT% for the first root met."""
    ids: dict[str, str] = {}
    for finding in findings:
        located = repo_paths.get(finding.file)
        if located and located.root not in ids:
            ids[located.root] = SRCROOT if not ids else f"ROOT{len(ids) + 1}"
    return ids


def _artifact(file: str, repo_paths: Mapping[str, RepoPath], base_ids: Mapping[str, str]) -> dict[str, str]:
    from urllib.parse import quote

    located = repo_paths.get(file)
    if located is None:
        return artifact_location(file)
    return {"uri": quote(located.path, safe="/"), "uriBaseId": base_ids[located.root]}


def _directory_uri(root: str) -> str:
    """An absolute directory as a file URI ending in "/" (SARIF 3.14.14: a base URI ends with a slash)."""
    from pathlib import Path

    uri = Path(root).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _location(finding: Finding, artifact: dict[str, str]) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {
        "artifactLocation": artifact,
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
