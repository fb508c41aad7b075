"""The ``junit`` format: JUnit XML, for CI systems that show test reports.

Shape, chosen so CI test views read naturally:

* ``<testsuites name="trail-lint">`` holds one ``<testsuite>`` per input file that has
  findings, named after the file (its path from the repository root), with that path in
  ``file`` too, in the order of the (sorted) findings.
* Each finding is one ``<testcase>``; ``classname`` is the file. ``name`` is
  ``"TLnnn resource"`` (the rule name when the finding has no resource): stable while the
  finding stays, since GitLab and Jenkins track cases by name and GitLab keeps only the first
  case of a name. When two findings of a file share that name, each gets its fingerprint's
  first 8 digits too (``"TL207 aws_s3_bucket_policy.logs [3f2a9c1b]"``), and ``#2``, ``#3``
  when even that repeats.
* Findings that fail the run (at or above ``fail_on``, the CLI's ``--fail-on``) are failing
  cases: ``<failure type="TLnnn" message="...">file:line:col: severity TLnnn message</failure>``;
  the line is in that text, never in the name.
* The other findings pass; the finding is kept in ``<system-out>`` so it is still visible.
* Suppressed findings are skipped testcases: ``<skipped message="suppressed: reason"/>``.
* The document is valid against the Jenkins xUnit plugin's ``junit-10.xsd`` (a copy is in
  ``tests/schemas/``): ``skipped`` only on ``<testsuite>``, no ``file``/``line`` on
  ``<testcase>`` (that schema does not allow them; the suite carries ``file`` and the failure
  text the line).
* ``errors`` is always 0: JUnit errors mean "the test could not run", and trail-lint
  reports even unreadable input as a finding (``TL001``).
* A run with no findings at all gives one passing testcase named ``trail-lint``, so CI
  shows that the check ran.

Text is escaped by ElementTree; characters that XML 1.0 cannot carry at all (most control
characters) are written as ``\\xNN`` first, so the document is always well-formed.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from trail_lint.finding import Finding, fails
from trail_lint.repo import RepoPath
from trail_lint.report.common import TOOL_NAME, escape_char, repo_relative, severity_of

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# https://www.w3.org/TR/xml/#charsets : tab, LF and CR are the only allowed C0 characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render_junit(findings: Sequence[Finding], *, fail_on: str = "error",
                 repo_paths: Mapping[str, RepoPath] | None = None) -> str:
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name=TOOL_NAME)
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(repo_relative(finding, repo_paths), []).append(finding)
    if not by_file:
        suite = ET.SubElement(root, "testsuite", name=TOOL_NAME)
        ET.SubElement(suite, "testcase", name=TOOL_NAME, classname=TOOL_NAME)
        _set_counts(suite, tests=1, failures=0, skipped=0)
    for file, group in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=_xml(file), file=_xml(file))
        for finding, name in zip(group, case_names(group)):
            _testcase(suite, finding, name, file, fail_on)
        _set_counts(suite, tests=len(group),
                    failures=sum(1 for f in group if fails(f, fail_on)),
                    skipped=sum(1 for f in group if f.suppressed is not None))
    _set_counts(root, **{key: sum(int(s.get(key, "0")) for s in root) for key in ("tests", "failures")})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def case_names(findings: Sequence[Finding]) -> list[str]:
    """One unique, line-free test case name per finding of one file (see the module doc)."""
    plain = [f"{f.rule} {f.resource or f.name}".rstrip() for f in findings]
    repeated = {name for name in plain if plain.count(name) > 1}
    names = [f"{name} [{f.fingerprint[:8]}]" if name in repeated and f.fingerprint else name
             for name, f in zip(plain, findings)]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return unique


def _testcase(suite: Element, finding: Finding, name: str, file: str, fail_on: str) -> None:
    import xml.etree.ElementTree as ET

    case = ET.SubElement(suite, "testcase", name=_xml(name), classname=_xml(file))
    severity = severity_of(finding)
    detail = f"{file}:{finding.line}:{finding.column}: {severity.value} {finding.rule} {finding.message}"
    if finding.suppressed is not None:
        ET.SubElement(case, "skipped", message=_xml(f"suppressed: {finding.suppressed}"))
    elif fails(finding, fail_on):
        failure = ET.SubElement(case, "failure", type=_xml(finding.rule), message=_xml(finding.message))
        failure.text = _xml(detail)
    else:
        ET.SubElement(case, "system-out").text = _xml(detail)


def _set_counts(element: Element, *, tests: int, failures: int, skipped: int | None = None) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    if skipped is not None:   # junit-10.xsd allows `skipped` on <testsuite>, not on <testsuites>
        element.set("skipped", str(skipped))


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda m: escape_char(m.group()), text)
