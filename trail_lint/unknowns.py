"""TL002 as a signal: one finding per cause of unknown values, listing what the cause left unknown.

Readers of every format attach a ``Cause`` to their "not known" problems where they know one
(a Terraform variable without a value, an unsupported function, a CloudFormation parameter);
problems that share a cause and its scope become one finding, placed where the cause is written
(or at the first value it blocked). Problems without a cause are kept as they are. A check a rule
could not settle because of such a value (``blocks``: what it left open, "TL310 (…) cannot decide",
by the value's place) is said in the same finding, not in one of its own.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from trail_lint.model import At, Cause, Problem, path_text
from trail_lint.records import replace

_LISTED = 3


def by_cause(problems: Iterable[Problem], blocks: Mapping[At, str] | None = None) -> Iterator[Problem]:
    groups: dict[tuple[str, At | None, str], list[Problem]] = {}
    seen: set[tuple[str, tuple, str, Cause]] = set()
    said: set[tuple[str, str, tuple, str]] = set()
    for problem in problems:
        key = (problem.at.file, problem.at.path, problem.resource)
        if problem.cause is None:
            if (problem.message, *key) not in said:
                said.add((problem.message, *key))
                yield replace(problem, message=f"{blocks[problem.at]}: {problem.message}") \
                    if blocks and problem.at in blocks else problem
            continue
        cause = problem.cause
        if (*key, cause) in seen:
            continue        # one value, one cause: said once (a value unknown for two causes is said in each's)
        seen.add((*key, cause))
        groups.setdefault((cause.text, cause.at, cause.scope or problem.at.file), []).append(problem)
    for (_text, _at, scope), blocked in groups.items():
        yield _one(blocked[0].cause, scope, blocked, blocks or {})  # type: ignore[arg-type]


def _one(cause: Cause, scope: str, blocked: list[Problem], blocks: Mapping[At, str]) -> Problem:
    # the values that stopped a rule's check first: what the finding is for when the list is cut
    ordered = sorted(blocked, key=lambda problem: problem.at not in blocks)
    what = [_short(problem.message) + (f" ({blocks[problem.at]})" if problem.at in blocks else "")
            for problem in ordered]
    listed = "; ".join(dict.fromkeys(what[:_LISTED]))
    more = f"; and {len(what) - _LISTED} more" if len(what) > _LISTED else ""
    where = f" (in {scope})" if cause.scope else ""
    first = blocked[0]
    resources = dict.fromkeys(p.resource for p in blocked if p.resource)
    return Problem(f"{cause.text}{where}, so not known: {listed}{more}", cause.at or first.at,
                   resource=first.resource if len(resources) == 1 else "",
                   subject=f"cause:{path_text(cause.at.path) if cause.at else cause.text}:{scope}", cause=cause)


def _short(message: str) -> str:
    for ending in (" is not known before apply", " is not known before deployment", " is not known"):
        head, found, tail = message.partition(ending)
        if found:
            return head + tail.split(":")[0] if tail.startswith(":") else head + tail
    return message
