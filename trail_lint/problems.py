"""What the rules comparing trails share beyond scope (trail_lint.scope) and selectors
(trail_lint.selectors): whether a trail exists and delivers, and how a Problem names trails."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from trail_lint.finding import SharedCause
from trail_lint.model import (
    DEFINITIONS,
    INPUT_VALUE_SUBJECT,
    UNKNOWN,
    UNKNOWN_VALUE_SUBJECT,
    UNSET_VALUE_SUBJECT,
    At,
    Existence,
    Hole,
    InputKind,
    Problem,
    Trail,
    Tri,
    path_text,
    within_resource,
)
from trail_lint.records import replace
from trail_lint.scope.arns import trail_arn
from trail_lint.scope.trail_scope import account_id, region_name, scope_of
from trail_lint.switches import OFF, ON, Switch, either, said


def delivers(trail: Trail) -> Tri:
    """Whether the trail is logging: only False is known not to deliver (None: the input does not say)."""
    return False if trail.logging is False else True if trail.logging is True else UNKNOWN


IF_LOGGING = "if logging"    # how a finding that counts copies marks a trail whose logging is not known


def if_logging(trail: Trail) -> bool:
    """Whether a trail counted as one more copy of some events (TL501, TL503, TL504) delivers them only
    if it is logging, which the inputs do not say (describe-trails output without its get-trail-status
    output, a value not known offline; TL301 says so once): a stopped trail delivers nothing and
    CloudTrail charges for no copy it would make. The counts then say "up to" and ``names`` marks it."""
    return delivers(trail) is UNKNOWN


def copy_label(trail: Trail, quoted: bool = False) -> str:
    """A trail's label (``quoted``: as a repr) in a count of copies: marked when it delivers only if
    logging (``if_logging``)."""
    label = repr(trail.label) if quoted else trail.label
    return f"{label} ({IF_LOGGING})" if if_logging(trail) else label


def count_of(certain: int, most: int, one: str, many: str) -> str:
    """A count of copies (TL501's paid copies, TL503's trails) where some are only possible (a trail
    behind a CloudFormation condition, or whose logging is not known: ``if_logging``): what is certain
    and how many there may be ("1 to 2 paid copies"), only "up to" where none is certain, the plain
    count where all are; ``one`` or ``many`` as ``most`` is one or more."""
    count = f"{certain} to {most}" if 0 < certain < most else f"up to {most}" if certain < most else f"{most}"
    return f"{count} {one if most == 1 else many}"


MULTI_REGION = "the multi-Region setting"    # one wording, so that the rules it blocks are named in one TL002


def undecided_setting(trail: Trail, field: str, what: str) -> Problem:
    """A rule's check of one setting of a trail whose value is not known offline (UNKNOWN: a
    parameter or variable without a value, another stack's export, a value known only after
    apply): said as TL002 naming the rule, in the reader's own TL002 for that value where it gave
    one (the engine folds them), never a silent pass."""
    at = trail.origin.of(field)
    # where the input does not write the value (a plan's value known after apply), the place is the whole
    # trail's, which a reader's TL002 about another value may share: then this one is said on its own
    subject = UNKNOWN_VALUE_SUBJECT + field if at != trail.origin.at else f"unknown:{field}"
    return replace(trail_problem(trail, f"{what} of trail {trail.label!r} is not known", at, subject=subject),
                   undecided=True)


def home_region_unknown(trail: Trail, places: Mapping[At, At]) -> Problem | None:
    """A rule's check that the trail's home Region leaves open, said in the TL002 that says the home
    Region is not known (one for the trails sharing a stack's or provider's Region, placed where
    scope.home.region_unknown_places says), which the engine makes name the rule; None for a trail that
    TL002 does not name."""
    at = places.get(trail.origin.at)
    return None if at is None else replace(undecided_setting(trail, "region", "the home Region"), at=at)


def maybe_unset(trail: Trail, field: str, what: str) -> Problem:
    """A rule's check of an optional setting whose value is not known offline: open only if the value
    may be unset at deployment, which the reader says in its TL002 for the value (the engine names
    the rule there); where no reader says so, the value is set to something and nothing is said."""
    return replace(trail_problem(trail, f"{what} of trail {trail.label!r} may be unset", trail.origin.of(field),
                                 subject=UNSET_VALUE_SUBJECT + field), undecided=True)


# the field that names the resource of the inputs a value refers to (`!GetAtt Role.Arn`, even inside an
# Fn::If or a Terraform conditional): its name or ARN is AWS's own, whatever else the value may be (unset)
_REFERS = {"s3_bucket": "s3_bucket_ref", "sns_topic": "sns_topic_ref", "kms_key_id": "kms_key_ref",
           "cloudwatch_logs_group_arn": "cloudwatch_logs_group_ref", "cloudwatch_logs_role_arn": "cloudwatch_logs_role_ref"}


def refers(trail: Trail, field: str) -> bool:
    """Whether the trail's value of ``field`` (its bucket, topic, key, log group or role) refers to a
    resource of the inputs (``!GetAtt Role.Arn``, ``aws_iam_role.trail.arn``, also inside an Fn::If or a
    Terraform conditional): set to AWS's own name or ARN wherever it is set, even if not known offline."""
    return field in _REFERS and getattr(trail, _REFERS[field]) is not None


def unchecked_input(trail: Trail, field: str, what: str) -> Problem | None:
    """A rule's check of what a user writes (a trail name, a key prefix, an ARN's form) on a value not
    known offline: open where the reader says the value is the user's and not known (a parameter or
    variable without a value: the engine names the rule in its TL002), not where it is known only after
    apply (AWS's or the provider's own, valid: a plan's unknowns are all such, its variables have
    values), nor in what AWS says it holds (describe-trails, state), nor where the value refers to a
    resource of the inputs, nor where no reader speaks. A plan's value written with a placeholder for
    its Region or account (normalise.placeholders) is the user's: open there too."""
    if trail.origin.kind is InputKind.TERRAFORM_PLAN and not _placeholder_held(trail, field) or read_back(trail) \
            or refers(trail, field):
        return None
    chosen = trail.branches.get(field)
    if chosen and all(branch.value is not UNKNOWN or branch.own for branch in chosen):
        return None     # each value a condition may choose is checked on its own (each_branch) or AWS's own
    return replace(trail_problem(trail, f"{what} of trail {trail.label!r} is not known", trail.origin.of(field),
                                 subject=INPUT_VALUE_SUBJECT + field), undecided=True)


def _placeholder_held(trail: Trail, field: str) -> bool:
    """Whether the trail holds its ``field`` as written with holes none of which is a value the reader
    knows by what it is (a named hole): a placeholder the user left in (normalise.placeholders)."""
    held = trail.holes.get(field) or ()
    return bool(held) and all(not part.name for part in held if isinstance(part, Hole)) \
        and any(isinstance(part, Hole) for part in held)


def on(trail: Trail, field: str) -> Switch | None:
    """Where the trail's ``field`` is on (set, or true): ON or OFF where its value is known, the
    switch of the values conditions settled only at deployment choose (Trail.branches) where each
    is known to be set or not, else None (a value not known offline that may be empty). A value
    not known offline that refers to a resource of the inputs, or holds known characters beside its
    unknown parts, is set."""
    chosen = trail.branches.get(field)
    if chosen:
        if any(branch.value is UNKNOWN and not branch.own for branch in chosen):
            return None
        found: Switch | None = OFF
        for branch in chosen:
            if branch.value is not None and branch.value is not False and branch.value != "":
                found = either(found, branch.when)
        return found
    value = getattr(trail, field)
    if value is UNKNOWN:
        # one that refers to a resource of the inputs, or has known characters, is set to something
        held = any(isinstance(part, str) and part for part in trail.holes.get(field, ()))
        return ON if refers(trail, field) or held else None
    return ON if value is not None and value is not False and value != "" else OFF


def each_branch(check: Callable[[Trail], Iterator[Problem]], trail: Trail, *fields: str) -> Iterator[Problem]:
    """``check`` on the trail, then on the trail as each literal value that conditions settled only at
    deployment may choose for one of ``fields`` makes it (Trail.branches): what that value is refused
    for is said where the value is, naming where it is taken ("when condition UseKey is false, ...")."""
    yield from check(trail)
    branches = trail.branches
    if not branches:        # most trails: no place worked out for each field (six rules ask of every trail)
        return
    for field in fields:
        chosen = branches.get(field, ())
        at = trail.origin.of(field) if chosen else None
        for branch in chosen:
            if not isinstance(branch.value, (str, bool)):
                continue
            for problem in check(replace(trail, **{field: branch.value})):
                if not problem.undecided and problem.at == at:
                    yield replace(problem, message=f"when {said(branch.when)}, {problem.message}")


def read_back(trail: Trail) -> bool:
    """Whether the trail's settings are AWS's own account of them (describe-trails output,
    Terraform state): values AWS accepted, not ones a deployment is about to send. The API's
    Trail gives the KMS key and the SNS topic as full ARNs:
    https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html"""
    return trail.origin.kind in (InputKind.AWS_CLI, InputKind.TERRAFORM_STATE)


def conditional(trail: Trail) -> bool:
    return trail.existence is Existence.CONDITIONAL


def one_per_name(trails: Iterable[Trail]) -> list[Trail]:
    """The trails without those whose name an earlier one takes in the same account scope and home
    Region, both definitions certain to be created (TL214): CreateTrail fails for one of them, so they
    are never two copies of anything, and the rules that count copies count one.
    https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html"""
    kept: list[Trail] = []
    taken: set[tuple[object, ...]] = set()
    for trail in trails:
        scope = scope_of(trail)
        key = (scope.account, scope.region, trail.name)
        if trail.origin.kind in DEFINITIONS and isinstance(trail.name, str) and scope.region \
                and not conditional(trail):
            if key in taken:
                continue
            taken.add(key)
        kept.append(trail)
    return kept


def variants(trails: Iterable[Trail]) -> bool:
    """Whether two conditional trails come from one template: often either/or variants whose conditions
    are complementary (one exists whichever way the condition goes), which trail-lint cannot see."""
    files = [t.origin.file for t in trails if conditional(t)]
    return len(files) != len(set(files))


def few(items: Iterable[str], shown: int = 3) -> str:
    """'a, b and c', or 'a, b, c and 4 more': a list a message can carry."""
    listed = list(items)
    if len(listed) > shown + 1:
        return f"{', '.join(listed[:shown])} and {len(listed) - shown} more"
    return " and ".join([", ".join(listed[:-1]), listed[-1]]) if len(listed) > 1 else "".join(listed)


def and_others(count: int) -> str:
    """' (and 3 other trails)' after the first trail of several that share one cause; '' for none."""
    return f" (and {count} other trail{'s' if count > 1 else ''})" if count else ""


def trail_identity(trail: Trail) -> str:
    """How a finding about a cause several trails share names each of them (SharedCause.trails), the
    same in every run that holds the trail, home or shadow copy: its ARN, when it can be known; else
    where the run read it (a trail of no known account is one run's own)."""
    if isinstance(trail.arn, str) and trail.arn.startswith("arn:"):
        return trail.arn
    if isinstance(trail.region, str) and isinstance(trail.account, str) and account_id(trail.account) \
            and isinstance(trail.name, str):
        return trail_arn(trail.region, trail.account, trail.name)
    where = f"{trail.origin.file}#{'/'.join(map(str, trail.origin.path))}"
    # the trails of a Terraform module's instances are read at one place, its file: their addresses differ
    return f"{where}#{trail.origin.resource}" if trail.origin.resource.startswith("module.") else where


def first_to_name(trails: Iterable[Trail], shadows: frozenset[At]) -> list[Trail]:
    """Trails that share a cause (a log bucket missing from the inputs), in the order a finding about
    them all picks the first to name and be placed at: those read at their home copy before those read
    only at a shadow copy (at ``shadows``: scope.home.shadow_placed), then by file, then in input order.
    Whichever of the trails a run holds, the first of them all is then the first of a run that holds
    it (a snapshot linted per account and merged: `trail-lint merge`)."""
    return sorted(trails, key=lambda trail: (trail.origin.at in shadows, trail.origin.file))


def shared_cause(key: str, trails: Iterable[Trail], said: str) -> SharedCause:
    """The SharedCause of a finding whose message says ``said`` of the first of ``trails``, then counts
    the others (and_others)."""
    return SharedCause(key, tuple(sorted({trail_identity(trail) for trail in trails})), len(said))


# how many trails a message names before it counts the rest: a plan may declare thousands
NAMED = 10


def names(trails: Iterable[Trail], copies: bool = False) -> str:
    """Trail names, with those behind a CloudFormation condition marked, and with ``copies`` (trails
    counted as copies of some events) those that deliver only if logging (``if_logging``); past NAMED,
    counted. Trails of one name from different files (one logical ID in two stacks' templates) each
    say their file."""
    listing = list(trails)
    files: dict[str, set[str]] = {}
    for trail in listing:
        files.setdefault(trail.label, set()).add(trail.origin.file)

    def shown(trail: Trail) -> str:
        label = f"{trail.label} in {trail.origin.file}" if len(files[trail.label]) > 1 else trail.label
        marks = [*(["conditional"] if conditional(trail) else []), *([IF_LOGGING] if copies and if_logging(trail) else [])]
        return f"{label} ({', '.join(marks)})" if marks else label
    return listed(sorted(shown(t) for t in listing))


def listed(items: Sequence[str]) -> str:
    """'a, b, c', or the first NAMED of them and how many more."""
    if len(items) > NAMED + 1:
        return f"{', '.join(items[:NAMED])} and {len(items) - NAMED} more"
    return ", ".join(items)


def own_first(trails: Sequence[Trail], account: str | None) -> Trail:
    """Of trails in order of preference, the first the account owns: a finding about one account's
    trails is placed at one of its own, not at another account's organization trail, which every
    member account lists (one run of the account holds only its shadow copy; a run of the whole
    organization holds it in the management account's files)."""
    owner = account_id(account)
    return next((t for t in trails if owner is None or not isinstance(t.account, str) or t.account == owner),
                trails[0])


def no_multi_region(trails: Iterable[Trail]) -> bool:
    """Whether no trail in the inputs is (or may be) multi-Region (Security Hub CloudTrail.1, CIS 3.1)."""
    return all(t.multi_region is False for t in trails)


def trail_problem(trail: Trail, message: str, at: At, region: str | None = None, subject: str = "",
                  account: str | None = None) -> Problem:
    """A Problem about one trail, with its resource, account and Region filled in (keys of
    deployments whose account or Region is not known are left out)."""
    own_region = trail.region if isinstance(trail.region, str) else None
    own_account = trail.account if isinstance(trail.account, str) else None
    return Problem(message, at=at, resource=trail.origin.resource or trail.label,
                   account=account_id(account) or own_account,
                   region=(region_name(region) if region else None) or own_region,
                   subject=subject or setting_subject(trail, at))


def setting_subject(trail: Trail, at: At) -> str:
    """What a finding about one trail is about when its rule names nothing more: the trail (its name:
    a module's definitions share one resource) and the setting at ``at``, as a path within the trail
    (``EventSelectors/0/DataResources/1/Values/2``), else within its file. Never the message, whose
    wording may change: a saved baseline keeps the finding."""
    own = trail.origin.path
    path = at.path[len(own):] if at.file == trail.origin.file and at.path[:len(own)] == own \
        else within_resource(at.path)
    return f"setting:{trail.label}:{path_text(path)}"
