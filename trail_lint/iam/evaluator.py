"""Shared IAM vocabulary: action and ARN wildcard matching, and whether a statement applies.

Action names are case-insensitive; ARNs are matched case-sensitively, like ``ArnLike``:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from functools import lru_cache, partial

from trail_lint.delivery_match import ANYTHING, SEGMENT, filled, matches
from trail_lint.iam.actions import home_region_only
from trail_lint.iam.conditions import (
    DEFAULT_SEPARATOR,
    ESCAPES,
    PRESENT,
    REQUESTED_REGION,
    RESOURCE_ACCOUNT,
    RESOURCE_TAG,
    VARIABLE,
    Lookup,
    MemberUserArn,
    Present,
    SessionUserId,
    ValueSet,
    arn_like,
    settle,
    spelt_otherwise,
    tied_denial,
    unknown_operator,
)
from trail_lint.iam.sizes import IDENTITY_POLICY_MOST, ORGANIZATIONS_POLICY_QUOTA, TRUST_POLICY_QUOTA_MOST, oversized
from trail_lint.model import UNKNOWN, At, Hole, Policy, Statement, Text, Tri, Unknown, any_of, statement_name
from trail_lint.records import record

# The request resource of actions that support no resource-level permission.
ANY_RESOURCE = "*"
# Stand-ins for an ARN part that cannot be known offline (a trail's account or Region).
# Private-use characters never appear in real policies.
_PROBES = ("\ue000", "\ue001\ue002\ue003-\ue004")
# ${*}, ${?} and ${$} stand for the literal characters, not wildcards. A literal * or ? is written
# as one of these private-use characters in the pattern, and in the request resource too.
_LITERALS = {"*": "\ue0a1", "?": "\ue0a2"}
LITERAL_STAND_INS = frozenset(_LITERALS.values())
_LITERAL_TABLE = str.maketrans(_LITERALS)
_UNLITERAL = str.maketrans({stand_in: literal for literal, stand_in in _LITERALS.items()})
# A document of a Version without policy variables (2008-10-17, or none) is read with each "${" of
# its Resource patterns written "${$}{": literal text (normalise.policy_json). Shown as written.
_LITERAL_VARIABLE = "${$}{"


def as_written(pattern: str) -> str:
    """A Resource pattern as its policy wrote it, for messages: a ``${`` a Version without policy
    variables made literal is shown as ``${`` again."""
    return pattern.replace(_LITERAL_VARIABLE, "${") if _LITERAL_VARIABLE in pattern else pattern


@record
class ResourceArn:
    """A request resource ARN whose parts may be UNKNOWN (e.g. a trail in an unknown account)."""

    parts: tuple[str | Unknown, ...]   # arn, partition, service, region, account, resource

    @property
    def known(self) -> str | None:
        if any(part is UNKNOWN for part in self.parts):
            return None
        return ":".join(str(part) for part in self.parts)


@lru_cache(maxsize=65536)
def _action_regex(pattern: str) -> re.Pattern[str]:
    body = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)
    return re.compile(body, re.IGNORECASE | re.DOTALL)


def action_matches(pattern: str, action: str) -> bool:
    """``cloudtrail:*Logging`` matches ``CloudTrail:stoplogging``: both halves are case-insensitive."""
    kind = wildcards(pattern)
    if kind == "none":
        return pattern.lower() == action.lower()
    if kind == "trailing":
        return action.lower().startswith(pattern[:-1].lower())
    return _action_regex(pattern).fullmatch(action) is not None


@lru_cache(maxsize=65536)
def wildcards(pattern: str) -> str:
    """"none", "trailing" (one `*` at the very end) or "other": the first two need no regex."""
    stars, marks = pattern.count("*"), pattern.count("?")
    if not stars and not marks:
        return "none"
    return "trailing" if stars == 1 and not marks and pattern.endswith("*") else "other"


@lru_cache(maxsize=65536)
def _arn_regex(pattern: str) -> re.Pattern[str]:
    # Wildcards stay inside their colon-delimited segment, except that a `*` that ends a
    # segment may run across colons (IAM Resource element docs, "Wildcards in resource ARNs").
    # The sixth part (the resource id) may itself hold colons, so there `*`/`?` match anything.
    out: list[str] = []
    colons = 0
    for index, char in enumerate(pattern):
        in_resource = colons >= 5
        if char == "*":
            ends_segment = index + 1 == len(pattern) or pattern[index + 1] == ":"
            out.append(".*" if in_resource or ends_segment else "[^:]*")
        elif char == "?":
            out.append("." if in_resource else "[^:]")
        else:
            if char == ":":
                colons += 1
            out.append(re.escape(char))
    return re.compile("".join(out), re.DOTALL)


def arn_matches(pattern: str, arn: str) -> bool:
    """Whether a Resource pattern matches a request ARN (case-sensitive, ``*`` and ``?``)."""
    kind = wildcards(pattern)
    if kind == "none":
        return pattern == arn
    if kind == "trailing":   # a final `*` ends its segment, so it may cross colons: a prefix test
        return arn.startswith(pattern[:-1])
    return _arn_glob(pattern)(arn)


# A piece of a pattern between two `*` that may cross colons: its text, and the positions of its
# `?`s that match any character and of those that match any but a colon.
_Piece = tuple[str, tuple[int, ...], tuple[int, ...]]


@lru_cache(maxsize=65536)
def _arn_glob(pattern: str) -> Callable[[str], bool]:
    """_arn_regex(pattern).fullmatch as a test, without compiling a regex for most patterns.

    Inventories hold thousands of distinct patterns (an account ID in each), and compiling a
    regex costs far more than matching. A `*` that may cross colons (one in the resource part,
    or one that ends its segment) splits the pattern into pieces of fixed length; the first
    piece must start the ARN, the last end it, and each one between is taken at its leftmost
    place, which leaves the most room for the rest. A `*` inside one of the first five
    segments (`us-*-1`) matches no colon and does not split: such rare patterns use the regex.
    """
    pieces: list[_Piece] = []
    text: list[str] = []
    anys: list[int] = []
    colon_free: list[int] = []
    colons = 0
    for index, char in enumerate(pattern):
        in_resource = colons >= 5
        if char == "*":
            if not (in_resource or index + 1 == len(pattern) or pattern[index + 1] == ":"):
                return _arn_regex_test(pattern)
            pieces.append(("".join(text), tuple(anys), tuple(colon_free)))
            text, anys, colon_free = [], [], []
            continue
        if char == "?":
            (anys if in_resource else colon_free).append(len(text))
        elif char == ":":
            colons += 1
        text.append(char)
    pieces.append(("".join(text), tuple(anys), tuple(colon_free)))
    return partial(_glob_matches, tuple(pieces))


def _arn_regex_test(pattern: str) -> Callable[[str], bool]:
    regex = _arn_regex(pattern)
    return lambda arn: regex.fullmatch(arn) is not None


def _glob_matches(pieces: tuple[_Piece, ...], arn: str) -> bool:
    if len(pieces) == 1:
        return len(pieces[0][0]) == len(arn) and _fits(pieces[0], arn, 0)
    first, *middle, last = pieces
    if not _fits(first, arn, 0):
        return False
    at = len(first[0])
    for piece in middle:
        found = _find(piece, arn, at)
        if found < 0:
            return False
        at = found + len(piece[0])
    start = len(arn) - len(last[0])
    return start >= at and _fits(last, arn, start)


def _fits(piece: _Piece, arn: str, at: int) -> bool:
    """Whether the piece matches the ARN's text at ``at``."""
    text, anys, colon_free = piece
    if not anys and not colon_free:
        return arn.startswith(text, at)
    if at + len(text) > len(arn):
        return False
    for offset in colon_free:
        if arn[at + offset] == ":":
            return False
    wild = {*anys, *colon_free}
    return all(offset in wild or char == arn[at + offset] for offset, char in enumerate(text))


def _find(piece: _Piece, arn: str, start: int) -> int:
    """The leftmost place at or after ``start`` where the piece matches, or -1."""
    if not piece[1] and not piece[2]:
        return arn.find(piece[0], start)
    for at in range(start, len(arn) - len(piece[0]) + 1):
        if _fits(piece, arn, at):
            return at
    return -1


@record
class RequestContext:
    """What a principal fixes about its own requests: the values of policy variables.

    ``values`` maps a lower-case context key to its value, or to None when the key is not present
    in the principal's requests (``aws:username`` for a role); a role's ``aws:userid`` is known in
    part (SessionUserId). Keys starting with one of
    ``absent_prefixes`` and not in ``values`` are not present either (the tags of a user). Every
    other key is request context that cannot be known offline.
    """

    values: tuple[tuple[str, str | SessionUserId | ValueSet | MemberUserArn | Present | None], ...] = ()
    absent_prefixes: tuple[str, ...] = ()

    def get(self, key: str) -> str | SessionUserId | ValueSet | MemberUserArn | Present | None | Unknown:
        key = key.strip().lower()
        for name, value in self.values:
            if name == key:
                return value
        return None if key.startswith(self.absent_prefixes) else UNKNOWN


NO_CONTEXT = RequestContext()


@record
class ResourceContext:
    """What the request's resource fixes about the request: the values of aws:ResourceTag/<key> and
    aws:ResourceAccount (iam.conditions.on_resource), and for some actions aws:RequestedRegion, each
    UNKNOWN where the inputs do not say.

    ``tags``: the resource's tags (key, value), when the inputs hold them in full; ``()`` also for a
    request without a resource (an action without a resource type), which carries no tag. With
    ``more``, the tags the resource surely has, and others not known may be beside them (a stack's
    tags on a CloudFormation trail): a key none of them has is not known to be absent.
    ``region``: the resource's home Region, which is the Region of every request that acts on it for
    the actions CloudTrail performs only there (iam.actions.home_region_only); ``for_action`` gives
    the context of a request for one action, where the Region is known for those actions only.
    ``reached``: for an action answered in any Region, the Regions a request on the resource is surely
    answered in (a trail's home Region, where it exists; for "*", the Regions the principal's account
    surely has enabled): a request made there (iam.requests, whose context gives aws:RequestedRegion)
    carries it (requested_region); one made elsewhere is not known to reach it.
    """

    tags: tuple[tuple[str, str | Unknown], ...] | Unknown = UNKNOWN
    account: str | Unknown = UNKNOWN
    region: str | Unknown = UNKNOWN
    more: bool = False
    reached: tuple[str, ...] = ()

    def get(self, key: str) -> str | None | Unknown | Present:
        """``key`` as iam.conditions.lookup_key gives it (lower case but for a tag key); a tag the
        resource surely has with a value not known offline: PRESENT."""
        if key == RESOURCE_ACCOUNT:
            return self.account
        if key == REQUESTED_REGION:
            return self.region
        if not key.startswith(RESOURCE_TAG) or not isinstance(self.tags, tuple):
            return UNKNOWN
        name = key[len(RESOURCE_TAG):]
        exact = [value for tag, value in self.tags if tag == name]
        alike = [value for tag, value in self.tags if tag.lower() == name.lower()]
        if not alike:
            # "included in the request context when the requested resource already has attached tags"
            return UNKNOWN if self.more else None
        # A tag written in another case only: whether the key's tag part is compared case-sensitively is
        # not documented; a key written twice: which value the trail keeps is not known.
        if len(exact) != len(alike) or len(exact) != 1:
            return UNKNOWN
        return PRESENT if exact[0] is UNKNOWN else exact[0]

    def for_action(self, action: str) -> ResourceContext:
        """The context of a request for ``action`` on the resource: the Region only for an action
        performed in the resource's home Region alone; any other may be called from any Region."""
        if self.region is UNKNOWN or home_region_only(action):
            return self
        return self.elsewhere

    @property
    def elsewhere(self) -> ResourceContext:
        """The context of a request for an action that may be made in any Region: the Region unknown but
        for a request made in the resource's home Region (``reached``)."""
        return ResourceContext(self.tags, self.account, more=self.more,
                               reached=(self.region,) if isinstance(self.region, str) else self.reached)


# The resource of a request whose resource the inputs say nothing of (the decisions of every caller
# but the access analysis), and the "*" of an action without a resource type: no tags.
UNKNOWN_RESOURCE = ResourceContext()
NO_RESOURCE = ResourceContext(tags=())


def request_lookup(context: RequestContext, resource: ResourceContext) -> Lookup:
    """The lookup of iam.conditions for a request of the principal (``context``) on ``resource``."""
    if resource is UNKNOWN_RESOURCE:
        return context.get
    return partial(_request_value, context, resource)


def _request_value(context: RequestContext, resource: ResourceContext, key: str) -> str | SessionUserId | ValueSet | MemberUserArn | Present | None | Unknown:
    if key == REQUESTED_REGION:
        return requested_region(resource, context.get(key))
    if key.startswith(RESOURCE_TAG) or key == RESOURCE_ACCOUNT:
        return resource.get(key)
    return context.get(key)


# The value of aws:RequestedRegion in the context of a request made in the Region where the resource it
# acts on is surely answered (ResourceContext.reached: a trail's home Region), whichever that is: one
# evaluation for the trails of several Regions that no condition on the Region tells apart (iam.access).
IN_HOME = "\ue000home"


def requested_region(resource: ResourceContext, asked: object) -> str | Unknown:
    """aws:RequestedRegion of a request on ``resource``: its home Region for an action performed only
    there (ResourceContext.region); for another, the Region the request is made in (``asked``: the
    request context's value, from iam.requests) where the resource is surely answered there
    (ResourceContext.reached), else UNKNOWN; IN_HOME: the one Region the resource is surely answered in."""
    if isinstance(resource.region, str):
        return resource.region
    if asked == IN_HOME:
        return resource.reached[0] if len(resource.reached) == 1 else UNKNOWN
    return asked if isinstance(asked, str) and asked in resource.reached else UNKNOWN


def substitute(pattern: str, context: RequestContext = NO_CONTEXT) -> tuple[str, bool] | None:
    """A Resource pattern with its policy variables replaced: (pattern, exact), or None.

    ``exact`` is False when some variable is request context that cannot be known offline; it
    then matches anything, so the pattern tells only where it certainly does not match. So is a
    variable before the resource part of the ARN: AWS documents variables only "in the part of the
    ARN that identifies the specific resource" (the Resource element page). None: a
    variable has no value (and no default), so the pattern matches no resource: "if AWS cannot
    resolve a variable this might cause the entire statement to be invalid".
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value
    """
    found = _substitution(pattern, context)
    return None if found is None else found[:2]


def may_lack_value(pattern: str, context: RequestContext = NO_CONTEXT) -> bool:
    """Whether a variable of the pattern, without a default, takes a value ``context`` does not know,
    which a request may as well not carry (a role session's tag): the pattern then stands for
    substitute's pattern or for one whose variable has no value, which a NotResource leaves undecided
    (not_resource_matches)."""
    found = _substitution(pattern, context)
    return found is None or found[2]


def _substitution(pattern: str, context: RequestContext) -> tuple[str, bool, bool] | None:
    """substitute's (pattern, exact), and whether a variable may have no value (may_lack_value)."""
    exact = True
    missing = False
    maybe_missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal exact, missing, maybe_missing
        key, separator, default = match.group(1), match.group(2), match.group(3)
        if separator is not None and separator != DEFAULT_SEPARATOR:
            # ${aws:username,'x'}: a default, or part of a variable name no request carries (simulators
            # differ); the documented separator is ", ". Either reading may be meant: not known offline.
            exact = False
            return "*"
        if key in ESCAPES:     # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
            return _LITERALS.get(key, key)
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
        value = context.get(key) if pattern.count(":", 0, match.start()) >= 5 or ":" not in pattern else UNKNOWN
        if value is None:
            value = default
        if value is None:
            missing = True
            return ""
        if not isinstance(value, str):      # not known offline, or a role session's aws:userid
            exact = False
            maybe_missing = maybe_missing or (value is UNKNOWN and default is None)
            return "*"
        return value.translate(_LITERAL_TABLE)

    text = VARIABLE.sub(replace, pattern)
    return None if missing else (text, exact, maybe_missing)


@lru_cache(maxsize=65536)
def readings(pattern: str) -> tuple[tuple[str, ...], bool, bool]:
    """How else AWS may read a Resource pattern that is outside the documented ARN grammar, so that
    only answers every reading gives count: (the other readings; whether a wildcard stands in the
    resource type, before the resource part's first `/` or `:`; whether it is no ARN at all). A
    pattern inside the grammar: ((), False, False).

    - Capitals in the partition, service, Region or account: AWS documents case-sensitive matching
      for the resource part (user names) and ArnLike, not for these segments, and IAM Access
      Analyzer rejects a service in the wrong case ("Invalid ARN service case"); simulators match
      them case-insensitively. The other reading: those segments in lower case.
    - Fewer than six segments: documented only through "a `*` that is the last character of a
      segment can expand beyond the colon boundaries", which trail-lint reads literally
      (``arn:aws:cloud*:*trail*`` matches a trail); simulators pad the missing segments with `*`.
      The other reading: the padded pattern.
    - A wildcard in the resource type (``*/main``, ``tr?il/*``): simulators match the type
      literally, so that reading matches no ARN.
    - No ARN at all (``*?il/main``, ``a*ws:cloudtrail:…``, ``zz``; IAM wants an ARN or ``*``):
      read by ARN segments it matches nothing, iam-simulate lets it match every resource. Unknown.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
    https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
    """
    if pattern == ANY_RESOURCE:
        return (), False, False
    if not pattern.startswith(("arn:", "${")):      # a variable may be a whole ARN (or the escape ${*})
        return (), False, True
    parts = pattern.split(":", 5)
    head = ":".join(parts[:5])
    bases = [pattern]
    if head != head.lower():
        bases.append(head.lower() + pattern[len(head):])
    if len(parts) < 6:
        bases += [base + ":*" * (6 - len(parts)) for base in bases]
    typed = False
    if len(parts) == 6:
        name = parts[5]
        ends = [index for index in (name.find("/"), name.find(":")) if index >= 0]
        typed = bool(ends) and any(char in name[:min(ends)] for char in "*?")
    return tuple(bases[1:]), typed, False


def resource_matches(pattern: str, resource: str | ResourceArn, context: RequestContext = NO_CONTEXT) -> Tri:
    """Like arn_matches, but UNKNOWN when the answer depends on an unknown part of the resource,
    or on how AWS reads a pattern outside the documented ARN grammar (see readings).

    Policy variables (``${aws:username}``, ...) take their values from ``context``; those it
    cannot know make a match UNKNOWN, never True.
    """
    others, typed, loose = readings(pattern)
    if loose:
        return UNKNOWN
    matches = _written_matches(pattern, resource, context)
    if typed and matches is not False:
        return UNKNOWN
    if any(_written_matches(other, resource, context) is not matches for other in others):
        return UNKNOWN
    if matches is True and _crosses_colons(pattern) and not _within_segments(pattern, resource):
        return UNKNOWN
    return matches


@lru_cache(maxsize=65536)
def _crosses_colons(pattern: str) -> bool:
    """Whether a `*` ends one of the first five segments of a six-part pattern (``…:12345*:trail/x``).

    "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond
    the colon boundaries" (Resource element page): it can, and may as well not (simulators keep it
    in its segment), so a match only its crossing gives is not known."""
    if "${" in pattern or any(char in pattern for char in LITERAL_STAND_INS):
        return False
    segments = pattern.split(":", 5)
    return len(segments) == 6 and any(segment.endswith("*") for segment in segments[:5])


def _within_segments(pattern: str, resource: str | ResourceArn) -> bool:
    """Whether the pattern matches the resource with each wildcard kept in its segment (ArnLike's way),
    whatever the resource's unknown parts are."""
    if isinstance(resource, str):
        return arn_like(pattern, resource)
    known = resource.known
    if known is not None:
        return arn_like(pattern, known)
    return all(arn_like(pattern, _fill(resource, probe)) for probe in _PROBES)


def _written_matches(pattern: str, resource: str | ResourceArn, context: RequestContext) -> Tri:
    if "${" in pattern:
        substituted = substitute(pattern, context)
        if substituted is None:
            return False
        text, exact = substituted
        if any(char in text for char in _LITERALS.values()):
            if resource == ANY_RESOURCE:
                # whether ${*} stands for the "*" of actions without resource-level permissions
                # is not documented: only a certain mismatch is an answer
                return False if _resource_matches(text.translate(_UNLITERAL), resource) is False else UNKNOWN
            resource = _literal(resource)
        matches = _resource_matches(text, resource)
        return matches if exact or matches is False else UNKNOWN
    return _resource_matches(pattern, resource)


def _resource_matches(pattern: str, resource: str | ResourceArn) -> Tri:
    if isinstance(resource, str):
        return arn_matches(pattern, resource)
    known = resource.known
    if known is not None:
        return arn_matches(pattern, known)
    if all(arn_matches(pattern, _fill(resource, probe)) for probe in _PROBES):
        return True            # matches whatever the unknown parts are
    # Could it match? Try each unknown part as the pattern's own text for that part.
    segments = pattern.split(":", 5)
    guess = tuple(segments[index].replace("*", "").replace("?", "x") if index < len(segments) else _PROBES[0]
                  for index in range(len(resource.parts)))
    filled = ":".join(guess[index] if part is UNKNOWN else str(part) for index, part in enumerate(resource.parts))
    if arn_matches(pattern, filled):
        return UNKNOWN
    if any(arn_matches(pattern, _fill(resource, probe)) for probe in _PROBES):
        return UNKNOWN
    return False


def _literal(resource: str | ResourceArn) -> str | ResourceArn:
    """The request resource with its * and ? written as the stand-ins ${*} and ${?} substitute to."""
    if isinstance(resource, str):
        return resource.translate(_LITERAL_TABLE)
    return ResourceArn(tuple(part.translate(_LITERAL_TABLE) if isinstance(part, str) else part
                             for part in resource.parts))


def _fill(resource: ResourceArn, value: str) -> str:
    return ":".join(value if part is UNKNOWN else str(part) for part in resource.parts)


def _any(patterns: tuple[str | Unknown, ...] | tuple[str, ...] | Unknown, test: Callable[[str], Tri]) -> Tri:
    """Whether any pattern matches; UNKNOWN when only an unknown pattern could."""
    if patterns is UNKNOWN:
        return UNKNOWN
    unknown = False
    for pattern in patterns:  # type: ignore[union-attr]
        if not isinstance(pattern, str):
            unknown = True
            continue
        result = test(pattern)
        if result is True:
            return True
        if result is UNKNOWN:
            unknown = True
    return UNKNOWN if unknown else False


def _negate(value: Tri) -> Tri:
    return value if value is UNKNOWN else not value


def action_applies(statement: Statement, action: str) -> Tri:
    """Whether the statement's Action/NotAction covers the action; UNKNOWN where it would only
    because of an element that holds a pattern outside the documented form (loose_actions)."""
    if statement.not_actions is not None:
        found = _negate(_any(statement.not_actions, lambda p: action_matches(p, action)))
        return UNKNOWN if found is True and loose_actions(statement.not_actions) else found
    found = _any(statement.actions, lambda p: action_matches(p, action))
    return UNKNOWN if found is True and loose_actions(statement.actions) else found


# An action as documented: "*", or a service prefix (letters, digits, hyphens), a colon and a name
# that may hold `*` and `?` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
_DOCUMENTED_ACTION = re.compile(r"\*|[A-Za-z0-9-]+:[^:]*")


def loose_actions(patterns: tuple[str | Unknown, ...] | tuple[str, ...] | Unknown) -> bool:
    """Whether an Action or NotAction element holds a pattern outside the documented form: no service
    prefix (``*Logging``), a wildcard in it (``cloud*:StopLogging``, ``*:*``), a second colon. IAM
    rejects such a policy (or matches it as text: not documented), so a statement that covers an
    action only by such an element's say is not known to; one it does not cover is not, either way.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"""
    return isinstance(patterns, tuple) and any(
        isinstance(pattern, str) and not _documented_action(pattern) for pattern in patterns)


@lru_cache(maxsize=4096)
def _documented_action(pattern: str) -> bool:
    return _DOCUMENTED_ACTION.fullmatch(pattern) is not None


def not_resource_matches(pattern: str, resource: str | ResourceArn, context: RequestContext = NO_CONTEXT) -> Tri:
    """resource_matches for a NotResource pattern.

    Whether a short ARN such as ``arn:aws:cloudtrail:*`` in NotResource excludes the ``"*"``
    request resource of actions without resource-level permissions is not documented (simulators
    differ), so that answer is UNKNOWN rather than guessed.
    """
    if resource == ANY_RESOURCE and pattern != ANY_RESOURCE and pattern.count(":") < 5:
        return UNKNOWN
    if "${" in pattern and may_lack_value(pattern, context):
        # a variable without value, or one that may have none: whether the statement is dropped is
        # not documented ("might cause the entire statement to be invalid")
        return UNKNOWN
    return resource_matches(pattern, resource, context)


def resource_applies(statement: Statement, resource: str | ResourceArn, context: RequestContext = NO_CONTEXT) -> Tri:
    """Whether the statement's Resource/NotResource covers the request resource."""
    if statement.holes is not None:
        held = held_resource_applies(statement, resource_text(resource))
        if held is not None:
            return held
    if statement.not_resources is not None:
        return _negate(_any(statement.not_resources, lambda p: not_resource_matches(p, resource, context)))
    return _any(statement.resources, lambda p: resource_matches(p, resource, context))


def resource_text(resource: str | ResourceArn) -> Text:
    """The request resource as a text with holes where its parts are unknown (a trail in an account
    known only at deployment): what held_resource_applies compares a pattern with holes against."""
    if isinstance(resource, str):
        return (resource,)
    parts: list[str | Hole] = []
    for index, part in enumerate(resource.parts):
        if index:
            parts.append(":")
        # an unknown resource part ("trail/NAME") may hold separators; the other parts may not
        parts.append(part if isinstance(part, str) else ANYTHING if index == len(resource.parts) - 1 else SEGMENT)
    return tuple(parts)


def held_resource_applies(statement: Statement, resource: Text, bound: Mapping[str, str] | None = None) -> Tri | None:
    """resource_applies for a statement whose reader kept its Resource (or NotResource) with named
    holes (a Terraform reference to a trail's ARN, known after apply, whose account is the provider
    configuration's): True where the same holes line up, False where no filling can match. None
    when the element is not held so. A pattern with a policy variable is not compared (its value
    is the principal's). ``bound``: the text of named holes the run knows (scope.bound_holes)."""
    holes = statement.holes
    negated = statement.not_resources is not None
    held = None if holes is None else holes.not_resources if negated else holes.resources
    if held is None:
        return None
    found = any_of(UNKNOWN if any(isinstance(part, str) and "${" in part for part in pattern)
                   else matches(filled(pattern, bound) if bound else pattern, resource, arn_matches)
                   for pattern in held)
    return found if not negated or found is UNKNOWN else not found


# --- Evaluation -------------------------------------------------------------------------
# Identity-based evaluation as AWS documents it: an applicable explicit Deny wins, else an
# Allow is needed, and a permissions boundary and every SCP level must allow too.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
# Request context (conditions) cannot be known offline: a conditional Allow is CONDITIONAL and
# a conditional Deny does not protect; a condition the principal alone settles is decided
# (iam.conditions), and so is one on the request's resource where its ResourceContext knows it.

class Decision(str, Enum):
    """One decision of an evaluation: of IAM for a principal, or of a resource policy for a service."""

    ALLOWED = "allowed"
    CONDITIONAL = "conditional"
    DENIED = "denied"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        """denied < unknown < conditional < allowed: the weakest of several layers decides, the best of
        several actions grants a verb."""
        return _RANK[self]


_RANK = {Decision.DENIED: 0, Decision.UNKNOWN: 1, Decision.CONDITIONAL: 2, Decision.ALLOWED: 3}


VALID_EFFECTS = ("Allow", "Deny")   # case-sensitive; anything else makes the statement invalid


def rejected(statement: Statement) -> tuple[str, str] | None:
    """Why IAM rejects the statement's policy, and the statement's field that says so; None when it
    does not: an Effect other than exactly Allow or Deny, neither Action nor NotAction, both Action
    and NotAction, or both Resource and NotResource (the grammar has exactly one of each pair in
    every statement: ``<action_block> = ("Action" | "NotAction")``, ``<resource_block> = ("Resource"
    | "NotResource")``; a statement without a Resource is not rejected here, since a role's trust
    policy has none). Such a statement grants nothing and protects nothing; the engine reports it
    (TL001) at that field.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html"""
    effect = statement.effect
    if isinstance(effect, str) and effect not in VALID_EFFECTS:
        return "effect", f"has Effect {effect!r}: IAM accepts only 'Allow' or 'Deny' (case-sensitive)"
    if statement.actions == () and statement.not_actions is None and "Action" not in statement.written_empty:
        return "actions", "has neither Action nor NotAction: IAM requires one of them"
    # an element written as an empty list counts: IAM rejects both keys whatever their values
    if statement.not_actions is not None and (isinstance(statement.actions, tuple) and statement.actions
                                              or "Action" in statement.written_empty):
        return "not_actions", "has both Action and NotAction: IAM accepts one of them"
    if statement.not_resources is not None and (isinstance(statement.resources, tuple) and statement.resources
                                                or "Resource" in statement.written_empty):
        return "not_resources", "has both Resource and NotResource: IAM accepts one of them"
    return None


# The Version values IAM accepts; an absent Version is 2008-10-17.
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
VALID_VERSIONS = frozenset(("2012-10-17", "2008-10-17"))


def version_rejected(policy: Policy) -> str | None:
    """Why IAM rejects the document for its Version element, or None."""
    version = policy.version
    if isinstance(version, str) and version not in VALID_VERSIONS:
        return f"has Version {version!r}: IAM accepts only '2012-10-17' or '2008-10-17'"
    return None


def document_rejected(policy: Policy) -> bool:
    """Whether IAM rejects the whole document: its Version is not one IAM accepts (version_rejected),
    or one of its statements is outside the grammar (rejected(), or a condition operator the
    grammar does not have: unknown_operator). Such
    a policy never exists in AWS (creating or updating it fails), so its Deny statements protect
    nothing. Its Allow statements are still read as grants wherever a grant is what a check
    reports (identity policies, boundaries, SCP levels): a grant is reported rather than missed.
    An unknown document is not known to be rejected.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html"""
    if version_rejected(policy) is not None:
        return True
    if isinstance(policy.statements, tuple):
        for statement in policy.statements:     # a loop, not any(): asked of every policy of a run
            if rejected(statement) is not None or unknown_operator(statement.conditions) is not None:
                return True
    return False


@record
class Because:
    """A statement (or a whole unknown policy) that a decision rests on."""

    at: At
    policy: str
    sid: str | None = None
    index: int | None = None    # the statement's place in the policy, from 0; None for a whole policy

    @property
    def statement(self) -> str:
        """The statement as messages name it (``statement_name``); "" for a whole policy."""
        return "" if self.index is None else statement_name(self.sid, self.index)


@record
class Evaluation:
    decision: Decision
    because: tuple[Because, ...] = ()


def because_of(policy: Policy, statement: Statement | None = None, index: int = 0) -> Because:
    if statement is None:
        return Because(policy.origin.at, policy.name)
    at = statement.origin.at if statement.origin.file else policy.origin.at
    # a shipped reduced policy's statement is named by its number in the whole document
    return Because(at, policy.name, statement.sid or None,
                   index if policy.numbers is None else policy.numbers[index] - 1)


Candidates = Callable[[Policy, str], Iterable[tuple[int, Statement, "Tri"]]]
# because_of(policy, statement, index), or a memo of it
Named = Callable[[Policy, Statement, int], Because]
# resource_applies, or a test that gives the same answers (from masks computed before)
ResourceTest = Callable[[Statement, "str | ResourceArn", "RequestContext"], "Tri"]


def all_candidates(policy: Policy, action: str) -> Iterable[tuple[int, Statement, Tri]]:
    """Every statement of a known policy whose Action/NotAction may cover the action."""
    if isinstance(policy.statements, tuple):
        for index, statement in enumerate(policy.statements):
            applies = action_applies(statement, action)
            if applies is not False:
                yield index, statement, applies


def layer_rejected(policy: Policy) -> bool:
    """Whether IAM rejects the document as a policy of a principal's layer (identity-based, a
    boundary, an SCP): document_rejected, or a statement names a principal, which only a resource's
    policy may (TL221). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"""
    return document_rejected(policy) or names_principal(policy)


def names_principal(policy: Policy) -> bool:
    """Whether a statement of the policy names a principal (Principal or NotPrincipal): only a
    resource's own policy (a bucket's, a role's trust policy) may, so a document read on its own
    with one is such a policy, not an identity-based one."""
    if isinstance(policy.statements, tuple):
        for statement in policy.statements:     # a loop, not any(): asked of every policy of a run
            if statement.principals is not None or statement.not_principals is not None:
                return True
    return False


def repeated_sid(policy: Policy) -> int | None:
    """The index of the first statement whose Sid an earlier statement of the policy has, or None.

    "In IAM, the Sid value must be unique within a JSON policy" (the Sid element page): IAM refuses
    such an identity-based policy or permissions boundary ("Statement IDs (SID) in a single policy
    must be unique"). Other services' policies (SCPs, a bucket's) are not held to it here: their
    pages do not say so. A statement without a Sid, or with an empty one, repeats nothing.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html"""
    if not isinstance(policy.statements, tuple):
        return None
    seen: set[str] = set()
    for index, statement in enumerate(policy.statements):
        if statement.sid:
            if statement.sid in seen:
                return index
            seen.add(statement.sid)
    return None


# "For IAM policies, basic alphanumeric characters (A-Z,a-z,0-9) are the only allowed characters in
# the Sid value" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html,
# sid_string; the Sid element page: "The Sid element supports ASCII uppercase letters (A-Z),
# lowercase letters (a-z), and numbers (0-9)"). An ASCII text that isalnum() holds those alone:
# asked so, without a pattern, of every statement of every policy.


def sid_outside_alphabet(policy: Policy) -> int | None:
    """The index of the first statement whose Sid holds a character other than A-Z, a-z and 0-9
    (``Allow-Trails``, ``Deny stop``), or None: IAM refuses such an identity-based policy or
    permissions boundary. Other services' policies may allow more ("some services allow additional
    characters such as spaces"): an SCP, a bucket's policy are not held to it here. An empty Sid
    holds no other character.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html"""
    if not isinstance(policy.statements, tuple):
        return None
    for index, statement in enumerate(policy.statements):
        if statement.sid and not (statement.sid.isascii() and statement.sid.isalnum()):
            return index
    return None


def without_resource(policy: Policy) -> int | None:
    """The index of the first statement with neither Resource nor NotResource, or None.

    "Statements must include either a Resource or a NotResource element" (the Resource element
    page): IAM refuses such an identity-based policy or permissions boundary. A role's trust
    policy, a resource's own policy, has none (the resource is the role), so only a principal's
    layer is held to it here; an element written as an empty list is not absent (what IAM does
    with one is not documented). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html"""
    if not isinstance(policy.statements, tuple):
        return None
    for index, statement in enumerate(policy.statements):
        if lacks_resource(statement):
            return index
    return None


def lacks_resource(statement: Statement) -> bool:
    """Whether the statement has neither Resource nor NotResource (one written as an empty list is there)."""
    return statement.resources == () and statement.not_resources is None and "Resource" not in statement.written_empty


def without_principal(policy: Policy) -> int | None:
    """The index of the first statement that names no principal (neither Principal nor
    NotPrincipal), or None. "You must use the Principal element in resource-based policies. [...] The
    IAM resource-based policy type is a role trust policy" (the Principal element page; the grammar
    has a principal_block in resource-based policies): the service refuses such a bucket, topic or
    key policy, or role trust policy, so it never exists. A
    permissions policy pasted as a role's trust policy is the usual case. An unknown principal is
    one the statement names.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html"""
    if not isinstance(policy.statements, tuple):
        return None
    return next((index for index, statement in enumerate(policy.statements)
                 if statement.principals is None and statement.not_principals is None), None)


def resource_rejected(policy: Policy) -> bool:
    """Whether the service rejects the document as a resource's own policy (a bucket's, a topic's, a
    key's, a role's trust policy): document_rejected, or a statement names no principal
    (without_principal)."""
    return document_rejected(policy) or without_principal(policy) is not None


def names_resource(policy: Policy) -> int | None:
    """The index of the first statement with a Resource or NotResource element (one written as an
    empty list included), or None. A role's trust policy applies to the role it is attached to, so
    IAM refuses one that names a resource ("MalformedPolicyDocument: Has prohibited field
    Resource"; IAM Access Analyzer's "Role trust policy syntax error resource": "You cannot specify
    a resource. Remove the Resource or NotResource element"). A Resource not known offline is
    written all the same.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"""
    if not isinstance(policy.statements, tuple):
        return None
    return next((index for index, statement in enumerate(policy.statements) if not lacks_resource(statement)), None)


def trust_refused(policy: Policy) -> bool:
    """Whether IAM refuses the document as a role's trust policy beyond what refuses any resource's
    own policy (resource_rejected): a statement names a resource (names_resource), or it holds more
    characters than any account's quota allows (iam.sizes). Reported as TL001, as resource_rejected
    is."""
    return resource_rejected(policy) or names_resource(policy) is not None \
        or oversized(policy, TRUST_POLICY_QUOTA_MOST)


def trust_rejected(policy: Policy) -> bool:
    """Whether IAM rejects the document as a role's trust policy: trust_refused, or a statement
    has NotPrincipal ("You cannot use the NotPrincipal element in an IAM identity-based policy nor in
    an IAM role trust policy", TL221).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html"""
    return trust_refused(policy) or isinstance(policy.statements, tuple) and any(
        statement.not_principals is not None for statement in policy.statements)


def operator_in_another_case(policy: Policy) -> int | None:
    """The index of the first statement whose Condition names an operator of the grammar in another
    case (``stringEquals``), or None: IAM refuses such an identity-based policy or permissions
    boundary (iam.conditions.spelt_otherwise). What the condition itself would decide stays
    undecided, as for any condition whose operator is not read."""
    if not isinstance(policy.statements, tuple):
        return None
    for index, statement in enumerate(policy.statements):
        if statement.conditions != () and spelt_otherwise(statement.conditions) is not None:
            return index
    return None


def iam_layer_rejected(policy: Policy) -> bool:
    """Whether IAM rejects the document as an identity-based policy or a permissions boundary:
    layer_rejected, two of its statements have one Sid (repeated_sid), a Sid holds a character IAM
    does not allow (sid_outside_alphabet), a statement has no Resource (without_resource) or names
    a condition operator in another case than the grammar's (operator_in_another_case), or it holds
    more characters than any identity-based policy may (iam.sizes: a managed policy, or every inline
    policy of a role together; one of 6,144 to 10,240 may be either, so is read)."""
    return layer_rejected(policy) or repeated_sid(policy) is not None or sid_outside_alphabet(policy) is not None \
        or without_resource(policy) is not None or operator_in_another_case(policy) is not None \
        or oversized(policy, IDENTITY_POLICY_MOST)


def scp_rejected(policy: Policy) -> bool:
    """Whether AWS Organizations rejects the document as an SCP: layer_rejected, or it holds more
    characters than an SCP may (iam.sizes)."""
    return layer_rejected(policy) or oversized(policy, ORGANIZATIONS_POLICY_QUOTA)


def evaluate_layer(policies: Sequence[Policy], action: str, resource: str | ResourceArn,
                   candidates: Candidates = all_candidates, context: RequestContext = NO_CONTEXT,
                   resource_test: ResourceTest = resource_applies,
                   rejects: Callable[[Policy], bool] = scp_rejected,
                   on: ResourceContext = UNKNOWN_RESOURCE, named: Named = because_of) -> Evaluation:
    """One policy type (identity policies, a boundary, one SCP level): its own Allow/Deny verdict.
    ``rejects``: whether IAM rejects a policy of this type (iam_layer_rejected for identity-based
    policies and boundaries; scp_rejected, the default, for an SCP level). ``on``: what the
    request's resource fixes (its tags, its account; its Region, for an action performed only in its
    home Region: ResourceContext.for_action). ``named``: the Because of a statement."""
    lookup = request_lookup(context, on.for_action(action))
    deny: list[Because] = []
    deny_conditional: list[Because] = []    # a conditional Deny does not protect
    deny_unknown: list[Because] = []
    allow: list[Because] = []
    conditional: list[Because] = []
    unknown: list[Because] = []
    for policy in policies:
        if not isinstance(policy.statements, tuple):
            unknown.append(because_of(policy))
            deny_unknown.append(because_of(policy))
            continue
        void: bool | None = None          # rejects(policy), asked only of a Deny that may apply
        # Statements made over one collection are there together (Statement.made_over): an Allow made
        # over one a Deny that surely applies is made over grants nothing here, held until the policy is read
        tied_allows: list[tuple[str, Because, bool, bool]] | None = None
        denied_over: set[str] | None = None
        for index, statement, action_applies_ in candidates(policy, action):
            if rejected(statement) is not None:
                continue                 # invalid: grants nothing, protects nothing (reported by the engine)
            # all_of of the two, written out: this runs for every candidate statement of every evaluation
            resource_applies_ = resource_test(statement, resource, context)
            if action_applies_ is False or resource_applies_ is False:
                continue
            applies = True if action_applies_ is True and resource_applies_ is True else UNKNOWN
            settled = settle(statement, lookup)
            if settled is None:
                continue                 # a condition the principal's requests never meet
            effect, has_conditions = settled
            if effect != "Allow":
                if void is None:
                    void = rejects(policy)
                if void:                  # a Deny of a policy IAM rejects protects nothing
                    if effect == "Deny" or statement.effect == "Deny":
                        continue
                    effect, has_conditions = "Allow", False
                    applies = UNKNOWN     # an Effect or condition not known: at most an unknown grant
            here = named(policy, statement, index)
            if statement.made_over is not None:
                over = tied_denial(statement, context.get) if effect == "Deny" and applies is True else None
                if over is not None:
                    denied_over = {over} if denied_over is None else denied_over | {over}
                elif effect == "Allow":
                    tied_allows = [] if tied_allows is None else tied_allows
                    tied_allows.append((statement.made_over, here, applies is True, has_conditions))
                    continue
            if effect is UNKNOWN:
                unknown.append(here)
                deny_unknown.append(here)
            elif effect == "Deny":
                if applies is UNKNOWN:
                    deny_unknown.append(here)
                else:
                    (deny_conditional if has_conditions else deny).append(here)
            elif applies is UNKNOWN:
                unknown.append(here)
            else:
                (conditional if has_conditions else allow).append(here)
        for over, here, surely, has_conditions in tied_allows or ():
            if denied_over is None or over not in denied_over:
                (unknown if not surely else conditional if has_conditions else allow).append(here)
    if deny:
        return Evaluation(Decision.DENIED, tuple(deny))
    if allow:
        base = Evaluation(Decision.ALLOWED, tuple(allow))
    elif unknown:
        return Evaluation(Decision.UNKNOWN, tuple(unknown))
    elif conditional:
        base = Evaluation(Decision.CONDITIONAL, tuple(conditional))
    else:
        return Evaluation(Decision.DENIED)
    if deny_unknown:
        return Evaluation(Decision.UNKNOWN, tuple(deny_unknown))
    if deny_conditional:
        return Evaluation(Decision.CONDITIONAL, base.because + tuple(deny_conditional))
    return base


@record
class ScpLevel:
    """The SCPs in force at one level of the path from an organization's root to an account.

    Every level (root, each OU, the account) must allow a request, and a Deny at any level wins.
    ``applies`` is UNKNOWN when the inputs cannot tell whether the level is on the account's path
    (an attachment the inputs do not hold, an account that may be the management account, which
    SCPs never restrict): such a level can make a decision conditional, never denied.
    https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
    """

    policies: tuple[Policy, ...]
    applies: Tri = True


def evaluate_level(level: ScpLevel, action: str, resource: str | ResourceArn,
                   candidates: Candidates = all_candidates, context: RequestContext = NO_CONTEXT,
                   resource_test: ResourceTest = resource_applies,
                   on: ResourceContext = UNKNOWN_RESOURCE, named: Named = because_of) -> Evaluation:
    evaluation = evaluate_layer(level.policies, action, resource, candidates, context, resource_test, on=on,
                                named=named)
    if level.applies is not True and evaluation.decision is Decision.DENIED:
        return Evaluation(Decision.CONDITIONAL, evaluation.because)
    return evaluation


def combine(layers: Iterable[Evaluation]) -> Evaluation:
    """Every layer must allow: the weakest layer decides (denied < unknown < conditional < allowed)."""
    worst: Evaluation | None = None
    because: list[Because] = []
    for layer in layers:
        # Among denials, one by an explicit Deny (it has reasons) explains more than an implicit one.
        if worst is None or layer.decision.rank < worst.decision.rank or \
                (layer.decision is worst.decision is Decision.DENIED and layer.because and not worst.because):
            worst = layer
        because.extend(layer.because)
    if worst is None:
        return Evaluation(Decision.DENIED)
    if worst.decision is Decision.ALLOWED:
        return Evaluation(Decision.ALLOWED, tuple(dict.fromkeys(because)))
    return worst


def evaluate(identity: Sequence[Policy], action: str, resource: str | ResourceArn, *,
             boundary: Policy | None = None, scps: Sequence[ScpLevel] = (),
             candidates: Candidates = all_candidates, context: RequestContext = NO_CONTEXT,
             resource_test: ResourceTest = resource_applies, on: ResourceContext = UNKNOWN_RESOURCE,
             rejects: Callable[[Policy], bool] = iam_layer_rejected, named: Named = because_of) -> Evaluation:
    """The decision for one request: identity policies ∩ boundary ∩ each SCP level. ``candidates``,
    ``resource_test``, ``rejects`` and ``named`` may give the answers of all_candidates,
    resource_applies, iam_layer_rejected and because_of from memos; ``on`` says what the request's
    resource fixes (its tags and account: the trail's, for the access analysis; its Region, for an
    action performed only in its home Region)."""
    layers = [evaluate_layer(identity, action, resource, candidates, context, resource_test, rejects, on, named)]
    if boundary is not None:
        layers.append(evaluate_layer((boundary,), action, resource, candidates, context, resource_test, rejects, on,
                                     named))
    layers.extend(evaluate_level(level, action, resource, candidates, context, resource_test, on, named)
                  for level in scps)
    return combine(layers)


def mentions_service(statement: Statement, service: str) -> Tri:
    """Whether a statement can cover any action of the service (pre-filter before evaluation)."""
    if statement.not_actions is not None:
        return True if isinstance(statement.not_actions, tuple) else UNKNOWN
    if not isinstance(statement.actions, tuple):
        return UNKNOWN
    service = service.lower()
    for pattern in statement.actions:
        if not isinstance(pattern, str):
            return UNKNOWN
        # the service prefix, or a wildcard before the first colon
        head, colon, _ = pattern.partition(":")
        if colon and head.lower() == service or "*" in head or "?" in head:
            return True
    return False
