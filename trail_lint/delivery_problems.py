"""How the delivery rules say what they find: each finding placed at the policy or resource to fix and
named after it, one finding or one TL002 for a resource that many trails share, and nothing where a
reader already says the unknown that blocks a check (``reported``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

from trail_lint.model import At, Bucket, Existence, Inventory, Path, Policy, Problem, ResourcePolicy, Trail, path_text
from trail_lint.problems import and_others, few, shared_cause, trail_problem
from trail_lint.records import replace


def problem(trail: Trail, message: str, at: At, resource: str, check: str) -> Problem:
    """A delivery Problem: placed at the policy or bucket to fix, and named after it. Its fingerprint
    rests on ``check`` (what is checked: "s3:PutObject", "server-access-logging") and the trail."""
    found = trail_problem(trail, message, at)
    return Problem(message, at, resource=resource or found.resource, account=found.account, region=found.region,
                   subject=about(check, trail, at))


def about(check: str, trail: Trail, at: At) -> str:
    """The subject of a delivery finding: the check, the trail it names first (its name) and the place
    within the resource (a policy's statement: ``Statement/2``; else the key), which the resource
    completes; never the message, whose wording may change."""
    return f"{check}:{trail.label}:{path_text(within_policy(at.path))}"


def within_policy(path: Path) -> Path:
    """The end of a path that names a place in a policy or resource whatever the input holds before it
    (a plan's list of resources shifts as resources are added): from its last ``Statement`` key, else
    its last name (a setting; not an index into the input's list of resources)."""
    ends = [index for index, key in enumerate(path) if isinstance(key, str) and key.lower() == "statement"]
    if ends:
        return path[ends[-1]:]
    return next(((key,) for key in reversed(path) if isinstance(key, str)), ())


def if_created(bucket: Bucket | None, message: str) -> str:
    """A finding on a log bucket the inputs may not create (a CloudFormation Condition, a Terraform
    count or for_each not known offline) holds only if it is created, and says so."""
    return f"if created, {message}" if bucket is not None and bucket.existence is Existence.CONDITIONAL else message


def bucket_problem(trail: Trail, bucket: Bucket, message: str, setting: str) -> Problem:
    """A log bucket rule's finding, at the resource that writes ``setting`` (Bucket.setting), said
    if_created."""
    at, resource = bucket.setting(setting)
    return problem(trail, if_created(bucket, message), at, resource, setting)


def shared_problem(trails: Sequence[Trail], subject: str, said: str, at: At, resource: str, check: str) -> Problem:
    """One finding for a resource that blocks every trail using it (a bucket, topic or key created
    without a policy), placed at the resource and naming its trails (the first few, then how many
    more). The fingerprint rests on the check, the resource and its first trail (``about``), not on
    how many share it."""
    first = trails[0]
    alone = f"{subject} of trail {first.label!r} {said}"
    # one name several definitions share (callers of one module, each a root of its own) is named once
    counted = Counter(t.label for t in trails)
    labels = [f"{label!r}" + (f" ({count} definitions)" if count > 1 else "") for label, count in counted.items()]
    message = alone if len(trails) == 1 else \
        f"{subject} of trail{'s' if len(labels) > 1 else ''} {few(labels)} {said}"
    return problem(first, message, at, resource, check)


def undecided(trails: Sequence[Trail], subject: str, said: str, at: At, resource: str, check: str,
              cause: str = "") -> Problem:
    """One TL002 for a policy check the inputs cannot settle (a statement with an unknown part, a
    condition trail-lint cannot decide for CloudTrail's request), however many trails it blocks: at
    the statement that leaves it open, naming the first trail and counting the others (SharedCause,
    so that runs holding some of the trails each merge into one finding). The cause is the subject
    and resource, unless ``cause`` names it (a statement several targets share, whichever a run
    names first). The fingerprint rests on ``check`` and the first trail (``about``)."""
    first = trails[0]
    head = f"{subject} of trail {first.label!r}"
    found = problem(first, f"{head}{and_others(len(trails) - 1)} {said}", at, resource, check)
    # whichever trail a run names first: the resource and the statement
    key = f"undecided:{cause or f'{subject}:{resource}'}:{at.file}#{'/'.join(map(str, at.path))}"
    return replace(found, undecided=True, shared_cause=shared_cause(key, trails, head))


def bucket_policy_not_known(trails: Sequence[Trail], shown: str, policy: Policy) -> Problem:
    """A log bucket's policy that is not known at all (known only after apply): one TL002 that every
    check of it says alike, so the engine names them all in one finding."""
    return undecided(trails, f"bucket policy of log bucket {shown!r}", "is not known, so not checked",
                     policy.origin.at, policy.origin.resource, "bucket-policy-not-known")


Written = TypeVar("Written", Policy, ResourcePolicy)


def written(policies: Iterable[Written]) -> list[Written]:
    """The distinct policies written for one resource, in input order (a policy that names it twice,
    attached twice, is one)."""
    return list({id(p.policy if isinstance(p, ResourcePolicy) else p): p for p in policies}.values())


def kept_decides(blocking: Sequence[Policy], policies: Sequence[Policy]) -> bool:
    """Whether which of its policies a resource keeps decides a check: some of the policies written for it
    (``policies``, as ``written`` gives them) block it and others do not. A bucket, topic or key keeps one
    policy, and each of several written for it replaces the others when applied (PutBucketPolicy,
    SetTopicAttributes, PutKeyPolicy), so what all of them do is certain, and what only some do is not."""
    return 0 < len({id(policy) for policy in blocking}) < len(policies)


def kept_one(kind: str, policies: Sequence[Policy], blocking: Policy, reason: str) -> str:
    """What the one TL002 of a check ``kept_decides`` says: the policies and what the blocking one does."""
    others = ", ".join(_label(policy) for policy in policies if policy is not blocking)
    return (f"{len(policies)} policies are written for the {kind} and it keeps one, {_label(blocking)} ({reason}) "
            f"or {others}, which the inputs do not say")


def _label(policy: Policy) -> str:
    return str(policy.origin.resource or policy.name)


def reported(inventory: Inventory, places: Sequence[At]) -> bool:
    """Whether the readers already report (TL002) an unknown value in each of ``places`` (statements
    or policies), or the whole resource holding it (a resource of a file that does not parse): then
    the unknown is said there, once, and a rule it blocks adds nothing. An unknown with a cause at
    the place itself is not: the rule says what it cannot decide, and the engine names the rule in
    the cause's TL002 (engine._blocked_by_causes). So is a value that refers to a logical ID,
    parameter or condition its template does not declare: TL213 says so there, CloudFormation
    rejects the template, and "the log bucket is not in the inputs" would say it again."""
    return bool(places) and all(any(u.at.file == place.file and _within(u.at.path, place.path)
                                    and (u.cause is None or u.at != place)
                                    for u in inventory.unknowns)
                                or any(r.origin.file == place.file and _within(r.origin.path, place.path)
                                       for r in inventory.missing_references) for place in places)


def _within(unknown: tuple[str | int, ...], place: tuple[str | int, ...]) -> bool:
    """An unknown inside the place, or at a resource (two keys deep at least: never a whole file or
    section) that holds it."""
    if unknown[:len(place)] == place:
        return True
    return len(unknown) >= 2 and place[:len(unknown)] == unknown


Check = TypeVar("Check")


def unsaid(inventory: Inventory, found: Sequence[tuple[Check, Sequence[At]]]) -> Check | None:
    """Of the undecided checks of one policy (each with the statements that leave it open), in order of
    preference, the first whose unknown no reader reports already; None if there is none."""
    return next((check for check, places in found if not reported(inventory, places)), None)


def not_in_inputs(trails: list[Trail], what: str, field: str, key: str | None) -> Problem:
    """A log bucket, topic or key (the trail's ``field``) that no input defines, said once at the first
    of the trails that name it (first_to_name order), with the others counted (SharedCause, under
    ``key``) when its name is known."""
    first, others = trails[0], len(trails) - 1
    name = getattr(first, field)
    said = f"{what}{f' {name!r}' if isinstance(name, str) else ''} of trail {first.label!r}"
    found = problem(first, f"{said}{and_others(others)} is not in the inputs", first.origin.of(field), "",
                    f"not-in-inputs:{field}:{name if isinstance(name, str) else ''}")
    shared = None if key is None else shared_cause(key, trails, said)
    # The fingerprint rests on the resource and its first trail, not on how many trails share it.
    return replace(found, undecided=True, shared_cause=shared)


def unknown_setting(inventory: Inventory, trail: Trail, bucket: Bucket, name: str, shown: str) -> Iterator[Problem]:
    """The TL002 of a log bucket rule that a setting not known offline blocks (a settings resource
    whose bucket is known only after apply may set it), where the setting would be fixed; none when a
    reader already reports it there."""
    at, resource = bucket.setting(name)
    if not reported(inventory, (at,)):
        yield replace(problem(trail, f"{shown} of log bucket {bucket.label!r} of trail {trail.label!r} is not known "
                                     f"offline", at, resource, f"not-known:{name}"), undecided=True)
