"""The ``junit`` format: JUnit XML, for CI systems that show test reports.

Shape, chosen so CI test views read naturally:

* ``<testsuites name="trail-lint">`` holds one ``<testsuite>`` per input file that has
  findings, named after the file, in the order of the (sorted) findings.
* Each finding is one ``<testcase>``: ``name`` is ``"TLnnn resource line N"`` (the resource
  left out when the finding has none), ``classname`` is the file.
* ``error`` and ``warning`` findings are failing testcases:
  ``<failure type="TLnnn" message="...">file:line:col: severity TLnnn message</failure>``.
* ``info`` findings pass; the finding is kept in ``<system-out>`` so it is still visible.
* Suppressed findings are skipped testcases: ``<skipped message="suppressed: reason"/>``.
* ``errors`` is always 0: JUnit errors mean "the test could not run", and trail-lint
  reports even unreadable input as a finding (``TL001``).
* A run with no findings at all gives one passing testcase named ``trail-lint``, so CI
  shows that the check ran.

Text is escaped by ElementTree; characters that XML 1.0 cannot carry at all (most control
characters) are written as ``\\xNN`` first, so the document is always well-formed.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from trail_lint.finding import Finding
from trail_lint.report import TOOL_NAME, escape_char, severity_of
from trail_lint.rule import Severity

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# https://www.w3.org/TR/xml/#charsets : tab, LF and CR are the only allowed C0 characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render_junit(findings: Sequence[Finding]) -> str:
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name=TOOL_NAME)
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    if not by_file:
        suite = ET.SubElement(root, "testsuite", name=TOOL_NAME)
        ET.SubElement(suite, "testcase", name=TOOL_NAME, classname=TOOL_NAME)
        _set_counts(suite, tests=1, failures=0, skipped=0)
    for file, group in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=_xml(file))
        for finding in group:
            _testcase(suite, finding)
        _set_counts(suite, tests=len(group),
                    failures=sum(1 for f in group if _fails(f)),
                    skipped=sum(1 for f in group if f.suppressed is not None))
    _set_counts(root, **{key: sum(int(s.get(key, "0")) for s in root)
                         for key in ("tests", "failures", "skipped")})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _testcase(suite: Element, finding: Finding) -> None:
    import xml.etree.ElementTree as ET

    name = " ".join(p for p in (finding.rule, finding.resource, f"line {finding.line}") if p)
    case = ET.SubElement(suite, "testcase", name=_xml(name), classname=_xml(finding.file))
    severity = severity_of(finding)
    detail = (f"{finding.file}:{finding.line}:{finding.column}: "
              f"{severity.value} {finding.rule} {finding.message}")
    if finding.suppressed is not None:
        ET.SubElement(case, "skipped", message=_xml(f"suppressed: {finding.suppressed}"))
    elif _fails(finding):
        failure = ET.SubElement(case, "failure", type=_xml(finding.rule),
                                message=_xml(finding.message))
        failure.text = _xml(detail)
    else:
        ET.SubElement(case, "system-out").text = _xml(detail)


def _fails(finding: Finding) -> bool:
    return finding.suppressed is None and severity_of(finding) is not Severity.INFO


def _set_counts(element: Element, *, tests: int, failures: int, skipped: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", str(skipped))


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda m: escape_char(m.group()), text)
