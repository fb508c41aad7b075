"""Who can do what to which trail differs from the access intents in the config.

## Why it matters
Access intents write down the answer to "who may stop our trails?" once, in the config:

```yaml
access:
  - principals: ["arn:aws:iam::*:role/trail-admin"]
    trails: ["*"]
    may: [view, start, stop, update, selectors]
  - principals: ["*"]
    trails: ["org-*"]
    must_not: [stop, update, selectors, delete]
```

Every run then checks the policies against them, in both directions: a principal that
*may* do something but cannot (a broken deployment role), and one that *must not* but can,
or might (a condition or an unknown policy decides). Verbs: `view` (GetTrail,
GetTrailStatus, GetEventSelectors), `start`, `stop`, `update`, `selectors`
(PutEventSelectors, basic and advanced event selectors alike: what the trail records),
`insights` (PutInsightSelectors: only turns Insights on or off) and `delete`; a verb is granted
when any of its actions is. Patterns are globs over principal ARNs or names and trail ARNs or names.
Where the condition is on the principal's own request and a request of it meets it (MFA, a source
address, a time from the run on: as TL401 reads them), the message names it: "must not stop 'main'
but can when aws:MultiFactorAuthPresent is true".

An intent is checked on the trails each principal can act on: those of its own account (and
those of no known account). Trails have no resource-based policies, so no policy can grant a
principal another account's trail: `may` over `"*"` holds for every account's own trails, and
is not failed by every other account's. "all N trails of account A" are all the trails of the
principal's account.

The root user of each account the inputs model is checked only against an intent whose principal
pattern spells `root` (`arn:aws:iam::*:root`, `root (111122223333)`): `*` stands for the principals
the team granted, and every account's root user may stop its trails unless an SCP denies it, so
`must_not` over `*` would fail once per account for what no policy of it can change. "the root
user of account 111122223333 … must not stop … but can" says that no SCP (or none in force there:
the management account) denies it:

```yaml
access:
  - principals: ["arn:aws:iam::*:root"]
    trails: ["*"]
    must_not: [stop, update, selectors, delete]
```

## Fix
Terraform: change the `aws_iam_*policy*` documents (or the SCP) until the principal's access
matches the intent, or change the intent if it is out of date.
CloudFormation: the same in the `AWS::IAM::*` / `AWS::Organizations::Policy` resources.
CLI: `trail-lint access PATH -v` shows each decision and the statements behind it.
A root user that must not stop trails: an SCP Deny of the actions on the OUs or accounts (Terraform
`aws_organizations_policy` with `aws_organizations_policy_attachment`; CloudFormation
`AWS::Organizations::Policy` `TargetIds`; CLI `aws organizations create-policy` and
`attach-policy`), which cannot reach the management account's root user: keep its credentials
locked away instead.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_id-based-policy-examples.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutInsightSelectors.html
"""
from collections.abc import Iterator, Mapping, Sequence
from fnmatch import fnmatchcase
from typing import Any

from trail_lint.iam.access import (
    VERBS,
    AccessReport,
    Row,
    principal_label,
    view_trail_list,
)
from trail_lint.iam.evaluator import Decision
from trail_lint.iam.masks import positions
from trail_lint.model import PrincipalKind, Problem
from trail_lint.records import record
from trail_lint.rule import Rule, Severity


@record
class Intent:
    principals: tuple[str, ...]
    trails: tuple[str, ...] = ("*",)
    may: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()


@record
class Options:
    intents: tuple[Intent, ...] = ()

    def __bool__(self) -> bool:
        """Without intents the rule checks nothing (and so is not named as undecided: engine)."""
        return bool(self.intents)


DEFAULTS = Options()


def options_from_config(raw: Sequence[Mapping[str, Any]]) -> Options:
    """The config's `access:` list → Options (the config schema has checked the shape and verbs)."""
    return Options(tuple(Intent(principals=tuple(item.get("principals", ())),
                                trails=tuple(item.get("trails", ("*",))),
                                may=tuple(item.get("may", ())), must_not=tuple(item.get("must_not", ())))
                         for item in raw))


def check(report: AccessReport, options: Options = DEFAULTS) -> Iterator[Problem]:
    if not options.intents:
        return
    for number, intent in enumerate(options.intents, 1):
        # The trails the intent names, once per intent, as a mask over the report's trails.
        named = sum(1 << bit for bit, (trail, key) in enumerate(zip(report.trails, report.trail_keys))
                    if any(fnmatchcase(name, p) for name in (key, trail.label) for p in intent.trails))
        described: dict[tuple[object, ...], list[str]] = {}   # principals with the same policies share masks
        # the root users only where the intent spells "root" (`arn:aws:iam::*:root`): "*" is the principals granted
        naming_root = tuple(p for p in intent.principals if "root" in p.lower())
        for row in report.rows:
            names = (row.principal.id, row.principal.name)
            patterns = naming_root if row.principal.kind is PrincipalKind.ROOT else intent.principals
            if not any(isinstance(n, str) and fnmatchcase(n, p) for n in names for p in patterns):
                continue
            key = (id(row.view), row.requested, *(id(masks) for masks in row.trail_masks.values()))
            if key not in described:
                described[key] = list(_gaps(report, row, intent, named))
            gaps = described[key]
            if gaps:
                principal = row.principal
                yield Problem(f"{principal_label(principal)} breaks access intent {number}: {'; '.join(gaps)}",
                              at=principal.origin.at, resource=principal.id, account=principal.account,
                              subject=f"intent:{number}:{principal.id}")


def _gaps(report: AccessReport, row: Row, intent: Intent, named: int) -> Iterator[str]:
    # (first trail, place of the verb in the intent) orders the gaps as a walk over the trails would.
    gaps: list[tuple[int, int, str, str, int]] = []
    # Only the trails the principal can act on (its view): no policy grants another account's trail.
    named &= row.view.report_mask((1 << len(row.view.bits)) - 1)
    checks = [(f"may {verb}", verb, Decision.ALLOWED, _cannot) for verb in intent.may]
    checks += [(f"must not {verb}", verb, Decision.DENIED, _can) for verb in intent.must_not]
    for order, (what, verb, wanted, outcome) in enumerate(checks):
        for decision, mask in _verb(row, verb).items():
            mask &= named
            if decision is Decision.CONDITIONAL and decision is not wanted:
                # where a request of the principal meets the conditions, they are named (as TL401 does)
                for said, on in _requested(row, verb).items():
                    if mask & on:
                        when = "can" if outcome is _can else "only"
                        gaps.append(((mask & on & -(mask & on)).bit_length(), order, what, f"{when} when {said}",
                                     mask & on))
                        mask &= ~on
            if decision is not wanted and mask:
                gaps.append(((mask & -mask).bit_length(), order, what, outcome(decision), mask))
    for _, _, what, but, mask in sorted(gaps, key=lambda gap: gap[:2]):
        labels = [report.trails[bit].label for bit in positions(mask)]
        yield f"{what} {view_trail_list(labels, report, row.view, row.principal.account)} but {but}"


def _verb(row: Row, verb: str) -> dict[Decision, int]:
    """The trails on which the verb ends in each decision: its best action's (verb_decision, as masks over
    the report's trails: those outside the row's view are denied)."""
    allowed = conditional = unknown = 0
    for action in VERBS.get(verb, ()):
        masks = row.trail_masks[action]
        allowed |= masks.allowed
        conditional |= masks.conditional
        unknown |= masks.unknown
    allowed, conditional, unknown = map(row.view.report_mask, (allowed, conditional, unknown))
    conditional &= ~allowed
    unknown &= ~(allowed | conditional)
    denied = ~(allowed | conditional | unknown)        # infinite ones: trimmed by the caller's mask
    return {Decision.ALLOWED: allowed, Decision.CONDITIONAL: conditional, Decision.UNKNOWN: unknown,
            Decision.DENIED: denied}


def _requested(row: Row, verb: str) -> dict[str, int]:
    """The trails (a mask over the report's) on which a request of the principal meeting the conditions said
    is allowed one of the verb's actions (Row.requested), by those conditions."""
    found: dict[str, int] = {}
    actions = VERBS.get(verb, ())
    for action, mask, said in row.requested:
        if action in actions:
            found[said] = found.get(said, 0) | row.view.report_mask(mask)
    return found


def _cannot(decision: Decision) -> str:
    return {Decision.DENIED: "cannot", Decision.CONDITIONAL: "only under conditions",
            Decision.UNKNOWN: "this cannot be confirmed offline"}[decision]


def _can(decision: Decision) -> str:
    return {Decision.ALLOWED: "can", Decision.CONDITIONAL: "can under conditions",
            Decision.UNKNOWN: "this cannot be ruled out offline"}[decision]


def configure(config: Any) -> Options:
    return options_from_config(getattr(config, "access", ()))


RULE = Rule(id="TL405", name="access-intent-violated", severity=Severity.ERROR, applies_to=AccessReport,
            check=check, doc=__doc__, configure=configure)
