"""How the data events of trails (their `DataScope`s) are compared with each other's: the patterns
a scope gives (``channels``), the markers of a prefix recorded in part and of an excluded value not
known offline, and the scopes whose overlap cannot be decided offline (``trail_lint.overlap`` and
``trail_lint.overlap_sweep`` compare through them)."""
from __future__ import annotations

from collections.abc import Iterator

from trail_lint.model import DataScope
from trail_lint.records import replace

Names = tuple[str, ...] | None        # the event names a pattern records; None is every one


def channels(scope: DataScope) -> Iterator[tuple[tuple[str, str], str, bool, Names]]:
    """((resource type, "read" or "write"), ARN pattern, exact, event names) of each pattern of a
    scope that is compared with others: the certain directions of a scope that no field other than
    eventName (Equals) filters. Scopes filtered otherwise are left to ``undecided_scope``."""
    if undecided_scope(scope):
        return
    names = scope.names or None
    for direction, certain in (("read", scope.read), ("write", scope.write)):
        if certain is True:
            for prefix in scope.prefixes:
                yield (scope.type, direction), prefix, False, names
            for arn in scope.equals:
                yield (scope.type, direction), arn, True, names
            for prefix in scope.partial:
                yield (scope.type, direction), prefix + IN_PART, True, names


# A prefix recorded in part (``DataScope.partial``) is given by ``channels`` as an exact ARN that no
# ARN can be (no ARN holds NUL), met by the prefixes it starts with, which record all of it: the
# lookups of ``overlap.Groups`` compare it so. The sweep of ``overlap_sweep`` compares it as a
# prefix under its own exclusions, and ends what is shared in part with it.
IN_PART = "\0"


# A value not known offline in resources.ARN NotEquals or NotEndsWith, as ``DataScope.excluding``
# holds it when what is certain is compared: it may leave out any one ARN (any ending of at least
# one character), so a prefix it applies to is recorded in part and no exact ARN is certain. No ARN
# starts or ends with it. (NotStartsWith, NotEquals and NotEndsWith exclude the events they match:
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html)
UNSURE = IN_PART + "unknown"


def undecided_scope(scope: DataScope) -> bool:
    """A scope filtered on fields whose overlap with other scopes cannot be decided offline (eventSource,
    userIdentity.arn, eventName but by Equals, resources.ARN EndsWith, ...): whether another trail
    shares its events depends on the values of events no input shows."""
    return scope.filtered and not scope.names and not scope.partial


def loosened(scope: DataScope) -> DataScope | None:
    """The scope as if the filters it cannot be compared by let every event through: what it may share;
    None when it is compared in full (a prefix in part is compared under its exclusions). A scope
    with values not known offline may record its ``wider`` scope."""
    if scope.wider is not None:
        return scope.wider
    if undecided_scope(scope):
        return replace(scope, prefixes=scope.prefixes + scope.partial, filtered=False, names=(), partial=())
    return None
