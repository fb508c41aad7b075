"""Suppressions written in a CloudFormation template.

Two forms:

* resource metadata, for JSON and YAML alike::

      Metadata:
        trail-lint:
          ignore:
            - {rule: TL302, reason: "digest files are checked by the archive account"}

  covers every finding on that resource;
* a YAML comment ``# trail-lint: ignore=TL302 reason`` (or ``ignore TL302,TL303 reason``).
  At the end of a line it covers that line; on a line of its own it covers the next line with
  content. On a resource's own line (``  AuditTrail:  # trail-lint: ...``) it covers the resource.

An entry without a reason is kept with reason "" so that the engine reports it (TL003).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from trail_lint.load import Intrinsic
from trail_lint.model import At, Path, Suppression
from trail_lint.normalise import MalformedInput
from trail_lint.normalise.cloudformation.values import Template

_COMMENT = re.compile(r"^trail-lint:\s*ignore(?:\s*=\s*|\s+)(?P<rules>[\w-]+(?:\s*,\s*[\w-]+)*)(?P<reason>.*)$",
                      re.DOTALL)
_KEY = "trail-lint"


def suppressions(doc: Any, template: Template) -> tuple[Suppression, ...]:
    found = list(_metadata(template))
    if doc.comments:
        found.extend(_comments(doc, template))
    return tuple(found)


def _metadata(template: Template) -> Iterator[Suppression]:
    for logical_id, resource in template.resources.items():
        metadata = resource.get("Metadata")
        settings = metadata.get(_KEY) if isinstance(metadata, dict) else None
        if settings is None:
            continue
        base: Path = template.path(str(logical_id)) + ("Metadata", _KEY)
        if not isinstance(settings, dict):
            raise MalformedInput(f"{_KEY} metadata of resource {logical_id} must be a mapping",
                                 At(template.file, base))
        entries = settings.get("ignore", [])
        entries = entries if isinstance(entries, list) else [entries]
        for index, entry in enumerate(entries):
            at = At(template.file, base + ("ignore", index))
            rule, reason = _entry(entry, at)
            yield Suppression(rule=rule, reason=reason, at=at, resource=str(logical_id))


def _entry(entry: Any, at: At) -> tuple[str, str]:
    if isinstance(entry, str) and entry.strip():
        return entry.strip(), ""
    if isinstance(entry, dict):
        rule, reason = entry.get("rule", entry.get("id")), entry.get("reason", "")
        if isinstance(rule, str) and rule.strip():
            return rule.strip(), reason.strip() if isinstance(reason, str) else ""
    raise MalformedInput(f"{_KEY} ignore entries need a rule (ID or name) and a reason", at)


def _comments(doc: Any, template: Template) -> Iterator[Suppression]:
    lines = doc.text.splitlines()
    anchors = _line_anchors(doc)
    # A loop's output template is written once for every resource it makes.
    resources: dict[int, list[str]] = {}
    for logical_id in template.resources:
        resources.setdefault(doc.position(template.path(str(logical_id))).line, []).append(str(logical_id))
    for line, comment in sorted(doc.comments.items()):
        match = _COMMENT.match(comment)
        if match is None:
            continue
        covered = line
        own_line = 0 < line <= len(lines) and lines[line - 1].lstrip().startswith("#")
        if own_line:
            covered = _next_content_line(lines, line)
        path = anchors.get(line) or anchors.get(covered) or ()
        at = At(doc.file, path)
        reason = match.group("reason").strip()
        for rule in re.split(r"\s*,\s*", match.group("rules")):
            for resource in resources.get(covered, [""]):
                yield Suppression(rule=rule, reason=reason, at=at, resource=resource, line=covered)


def _next_content_line(lines: list[str], line: int) -> int:
    for number in range(line + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return line


def _line_anchors(doc: Any) -> dict[int, Path]:
    """The shortest path that sits on each line, so a comment's suppression has a place to point at."""
    anchors: dict[int, Path] = {}
    stack: list[tuple[Path, Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        line = doc.position(path).line if path else 0
        if path and (line not in anchors or len(path) < len(anchors[line])):
            anchors[line] = path
        if isinstance(value, Intrinsic):
            stack.append((path + (value.name,), value.value))
        elif isinstance(value, dict):
            stack.extend((path + (key,), item) for key, item in value.items() if isinstance(key, (str, int)))
        elif isinstance(value, list):
            stack.extend((path + (index,), item) for index, item in enumerate(value))
    return anchors
