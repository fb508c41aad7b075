"""Suppressions: inline ignores in the inputs, config ignores, and baselines."""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence

from trail_lint.config import Config, Ignore, glob_matches, ignore_matches, matches_rule
from trail_lint.finding import Finding
from trail_lint.fingerprint import fingerprint
from trail_lint.model import At, Suppression
from trail_lint.records import replace
from trail_lint.rule import Rule


def strip_instance_keys(address: str) -> str:
    """`module.a["x"].aws_cloudtrail.t[0]` → `module.a.aws_cloudtrail.t`."""
    out, depth = [], 0
    for char in address:
        depth += char == "["
        if depth == 0:
            out.append(char)
        depth -= char == "]"
    return "".join(out)


def _declared(ignore: Ignore) -> tuple[str, int, int]:
    """Where a configured ignore is written: its entry in the configuration file."""
    return ignore.source or ".trail-lint.yaml", ignore.position.line, ignore.position.column


class Suppressor:
    def __init__(self, suppressions: Sequence[Suppression], config: Config, baseline: frozenset[str],
                 today: datetime.date, enabled: Mapping[str, Rule],
                 locate: Callable[[At], tuple[str, int, int]], files: Sequence[str] = (),
                 rules: Sequence[Rule] = ()) -> None:
        self.suppressions = suppressions
        self.config = config
        self.baseline = baseline
        self.today = today
        self.enabled = enabled
        self.locate = locate
        self.files = files          # the inputs of the run: an ignore scoped to none of them is not unused
        self.rules = rules          # every known rule: an ignore naming none of them is a mistake

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        used: set[int] = set()
        used_ignores: set[int] = set()
        # an inline suppression covers findings of its own file only: each finding looks at those
        inline: dict[str, list[tuple[int, Suppression]]] = {}
        for index, suppression in enumerate(self.suppressions):
            inline.setdefault(suppression.at.file, []).append((index, suppression))
        result = []
        for finding in findings:
            written = inline.get(finding.file)
            reason = ((written and self._inline(finding, written, used))
                      or (self.config.ignores and self._configured(finding, used_ignores))
                      or self._baselined(finding))
            result.append(replace(finding, suppressed=reason) if reason else finding)
        result.extend(self._unused(used))
        result.extend(self._unused_ignores(used_ignores))
        result.extend(self._expired())
        return result

    def _inline(self, finding: Finding, written: Sequence[tuple[int, Suppression]], used: set[int]) -> str | None:
        """The reason of the first inline suppression ``written`` in the finding's file that covers it."""
        rule = self.enabled.get(finding.rule)
        if rule is None or finding.rule.startswith("TL00"):
            return None
        for index, suppression in written:
            if suppression.reason.strip() and matches_rule(suppression.rule, rule) \
                    and self._covers(suppression, finding):
                used.add(index)
                return f"inline: {suppression.reason.strip()}"
        return None

    def _covers(self, suppression: Suppression, finding: Finding) -> bool:
        if suppression.at.file != finding.file:
            return False
        if suppression.resource:
            return suppression.resource in (finding.resource, strip_instance_keys(finding.resource))
        return suppression.line == finding.line

    def _configured(self, finding: Finding, used: set[int]) -> str | None:
        rule = self.enabled.get(finding.rule)
        for index, ignore in enumerate(self.config.ignores):
            if rule and not ignore.expired(self.today) and ignore_matches(ignore, rule, finding.file,
                                                                          finding.resource):
                used.add(index)
                return f"config: {ignore.reason}"
        return None

    def _baselined(self, finding: Finding) -> str | None:
        return "baseline" if finding.fingerprint in self.baseline else None

    def _unused(self, used: set[int]) -> Iterable[Finding]:
        meta = self.enabled.get("TL003")
        if meta is None:
            return
        for index, suppression in enumerate(self.suppressions):
            rules = [r for r in self.enabled.values() if matches_rule(suppression.rule, r)]
            if not suppression.reason.strip():
                message = f"suppression of {suppression.rule} has no reason and is not applied"
            elif index not in used and rules:
                message = f"suppression of {suppression.rule} matches no finding"
            else:
                continue
            yield self._meta(meta, message, self.locate(suppression.at), suppression.resource,
                             f"suppression:{suppression.rule}")

    def _unused_ignores(self, used: set[int]) -> Iterable[Finding]:
        """Configured ignores that name no rule, or that could have waived a finding of this run and did not."""
        meta = self.enabled.get("TL003")
        if meta is None:
            return
        for index, ignore in enumerate(self.config.ignores):
            if index in used or ignore.expired(self.today):
                continue
            if self.rules and not any(matches_rule(ignore.rule, r) for r in self.rules):
                message = f"ignore names {ignore.rule!r}, which is no rule (see `trail-lint --list-rules`)"
            elif any(matches_rule(ignore.rule, r) for r in self.enabled.values()) \
                    and any(glob_matches(file, ignore.file) for file in self.files):
                message = (f"ignore of {ignore.rule} for {ignore.resource!r} in {ignore.file!r} matches no "
                           f"finding")
            else:
                continue    # its rule did not run, or none of its files was linted (a pre-commit file list)
            yield self._meta(meta, message, _declared(ignore), ignore.resource, f"ignore:{ignore.rule}:{ignore.file}")

    def _expired(self) -> Iterable[Finding]:
        meta = self.enabled.get("TL004")
        if meta is None:
            return
        for ignore in self.config.ignores:
            if ignore.expired(self.today):
                yield self._expired_finding(meta, ignore)

    def _expired_finding(self, meta: Rule, ignore: Ignore) -> Finding:
        message = (f"ignore of {ignore.rule} for {ignore.resource!r} in {ignore.file!r} expired on "
                   f"{ignore.expires.isoformat() if ignore.expires else '?'} and no longer applies")
        return self._meta(meta, message, _declared(ignore), ignore.resource, f"expired:{ignore.rule}:{ignore.file}")

    def _meta(self, meta: Rule, message: str, place: tuple[str, int, int], resource: str, subject: str) -> Finding:
        """A finding about a suppression or ignore, whose fingerprint rests on ``subject`` (what it is
        about: the suppression's or ignore's rule and file), never on the message's wording."""
        file, line, column = place
        return Finding(rule=meta.id, name=meta.name, severity=self.config.severity_of(meta), message=message,
                       file=file, line=line, column=column, resource=resource,
                       fingerprint=fingerprint(meta.id, file, resource, subject))
