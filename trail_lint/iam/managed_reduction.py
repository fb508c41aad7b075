"""AWS managed policies reduced to what decides the actions trail-lint evaluates, to ship them
(tools/ship_managed_policies.py writes trail_lint/data/managed-policies.json; the reader is
trail_lint/normalise/aws_managed.py).

Some entries are shipped reduced (their ``reduced`` field): a statement is left out only when its
Action cannot match any action of the services trail-lint decides for principals
(``DECIDED_SERVICES``), and so are such patterns of a kept statement's Action list. Everything else
is kept as AWS wrote it: Effect, Resource, Condition, NotAction statements whole, and a statement
with an action pattern outside the documented form whole (evaluator.loose_actions: such a
pattern makes its matches unknown). A statement's Action matches a request's action when one of
its patterns does, so what the reduced document decides for any action of those services is what
the whole one decides;
``numbers`` keeps each kept statement's place in the whole document, so a decision names the
statement as AWS's copy numbers it.
tests/test_managed_reduction.py checks both on generated policies.
"""
from __future__ import annotations

from typing import Any

from trail_lint.iam.evaluator import loose_actions

# The services whose actions trail-lint evaluates against principals' policies: the access
# analysis (cloudtrail:) and the role CloudTrail delivers to CloudWatch Logs with (logs:, TL215).
# A shipped reduced policy decides exactly only these: a check that evaluates another service's
# action must add it here and ship the policies again (tests/test_managed_reduction.py fails until then).
DECIDED_SERVICES = ("cloudtrail", "logs")


def reduced(document: dict[str, Any], services: tuple[str, ...] = DECIDED_SERVICES) -> tuple[dict[str, Any], list[int]]:
    """A policy document reduced to what decides the actions of ``services``, and the 1-based number
    in ``document`` of each statement kept (see the module's docstring). Used to ship a policy; the
    document must be one IAM accepts (AWS managed policies are)."""
    statements = document["Statement"]
    statements = statements if isinstance(statements, list) else [statements]
    kept: list[dict[str, Any]] = []
    numbers: list[int] = []
    for number, statement in enumerate(statements, 1):
        if "Action" not in statement:         # NotAction (or no action element): kept whole
            kept.append(statement)
            numbers.append(number)
            continue
        actions = statement["Action"]
        patterns = [actions] if isinstance(actions, str) else actions
        if loose_actions(tuple(patterns)):
            kept.append(statement)      # such a pattern makes the statement's matches unknown: kept whole
            numbers.append(number)
            continue
        reaching = [pattern for pattern in patterns if may_match_service(pattern, services)]
        if reaching:
            kept.append({**statement, "Action": reaching if len(reaching) < len(patterns) else actions})
            numbers.append(number)
    return {**document, "Statement": kept}, numbers


def may_match_service(pattern: str, services: tuple[str, ...]) -> bool:
    """Whether an IAM action pattern (``*`` and ``?`` wildcards, case-insensitive) can match some
    action ``SERVICE:NAME`` of one of the services: whether it can match a text that starts with
    ``SERVICE:`` (what follows can always be matched by some name)."""
    text = pattern.lower()
    return any(_prefix_reachable(text, f"{service.lower()}:") for service in services)


def _prefix_reachable(pattern: str, prefix: str) -> bool:
    """Whether some text that starts with ``prefix`` matches the glob ``pattern``: run the pattern
    as an automaton over the prefix (positions in the pattern, a ``*`` staying put or moving on)."""
    def closed(positions: set[int]) -> set[int]:
        found = set(positions)
        for position in positions:
            while position < len(pattern) and pattern[position] == "*":
                position += 1
                found.add(position)
        return found

    positions = closed({0})
    for char in prefix:
        positions = closed({position + (pattern[position] != "*") for position in positions
                            if position < len(pattern) and pattern[position] in ("*", "?", char)})
        if not positions:
            return False
    return True
