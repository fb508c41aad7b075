"""A statement names a CloudTrail action that does not exist, so it allows or denies nothing by it.

## Why it matters
IAM accepts a policy whose `Action` names an action CloudTrail does not have (it checks the
policy's grammar, not its names: the console lists such a name under "Uncategorized actions"),
and matches it against no request: a misspelt Deny such as `cloudtrail:StopLoging` in an SCP protects no trail,
and an Allow of `cloudtrail:ListInsightsMetricData` (an API operation, authorised by
`cloudtrail:ListInsightsData` and `cloudtrail:LookupEvents`, not an action) grants nothing. A
wildcard that matches no CloudTrail action (`cloudtrail:Descibe*`) is the same mistake. In a
`NotAction` the name excludes nothing, so the statement covers what it was meant to leave out.
IAM Access Analyzer reports such a name as an error ("Invalid action"); trail-lint reports it
offline, with the action meant where it can tell.

The actions are those of the Service Authorization Reference's page for CloudTrail (its Actions
and Permission-only actions tables), shipped with trail-lint; names are compared without regard
to case, as IAM does. Only names under the `cloudtrail:` prefix are checked (`cloudtrail-data:` is
another service).

## Fix
Terraform: correct the name in the `aws_iam_policy_document` / `jsonencode` statement (or
`aws_organizations_policy` content), e.g. `"cloudtrail:StopLogging"`.
CloudFormation: correct it in the `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`, role policy or
`AWS::Organizations::Policy` document.
CLI: `aws iam create-policy-version --set-as-default` (or `aws organizations update-policy
--content`) with the corrected document; `aws accessanalyzer validate-policy` confirms it.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-service-summary.html
"""
from collections.abc import Iterator
from difflib import get_close_matches
from functools import lru_cache

from trail_lint.iam.access import guardrail_statements
from trail_lint.iam.actions import SERVICE, action_table, lookup, operations
from trail_lint.iam.evaluator import action_matches, rejected
from trail_lint.model import INPUT_VALUE_SUBJECT, Inventory, Problem, statement_of
from trail_lint.rule import Rule, Severity


def check(inventory: Inventory) -> Iterator[Problem]:
    for policy, index, statement in guardrail_statements(inventory):
        if rejected(statement) is not None:
            continue
        element, patterns = ("not_actions", statement.not_actions) if statement.not_actions is not None \
            else ("actions", statement.actions)
        if not isinstance(patterns, tuple):
            # a name not known offline (a parameter or variable without a value): said in the reader's
            # TL002 for it, which names this rule; nothing where no reader says the value is the user's
            yield Problem(f"the actions of {statement_of(policy, index, statement)} are not known",
                          at=statement.origin.of(element), resource=policy.arn or policy.name,
                          subject=f"{INPUT_VALUE_SUBJECT}actions:{policy.name}:{index}", undecided=True)
            continue
        for pattern, hint in _unknown_in(patterns):
            effect = "excludes" if element == "not_actions" else "allows" if statement.effect == "Allow" else "denies"
            what = "matches" if "*" in pattern or "?" in pattern else "is"
            shown = repr(pattern) if any(char.isspace() for char in pattern) else pattern    # a space is seen
            yield Problem(f"{statement_of(policy, index, statement)} names {shown}, which {what} no "
                          f"CloudTrail action: it {effect} nothing by it{hint}", at=statement.origin.of(element),
                          resource=policy.arn or policy.name,
                          subject=f"unknown-action:{policy.name}:{index}:{pattern}")


@lru_cache(maxsize=4096)
def _unknown_in(patterns: tuple[object, ...]) -> tuple[tuple[str, str], ...]:
    """The patterns of one Action or NotAction list that name no CloudTrail action, once each, with
    their hints; kept per list, as many statements repeat one list."""
    found: dict[str, str] = {}
    for pattern in patterns:
        if isinstance(pattern, str) and (hint := _unknown(pattern)) is not None:
            found.setdefault(pattern, hint)
    return tuple(found.items())


@lru_cache(maxsize=4096)
def _unknown(pattern: str) -> str | None:
    """None for a pattern that is not a CloudTrail action name or matches one; else what the finding
    adds: "" or a hint (" (did you mean cloudtrail:StopLogging?)")."""
    service, colon, name = pattern.partition(":")
    if not colon or service.lower() != SERVICE or not name or ":" in name:
        return None         # another service, or outside the documented form (the evaluator's to say)
    if "*" in pattern or "?" in pattern:
        if any(action_matches(pattern, info.qualified) for info in action_table().values()):
            return None
        return ""
    if lookup(pattern) is not None:
        return None
    authorised_by = operations().get(name.lower())
    if authorised_by is not None:
        return f" (the API operation {name} is authorised by {' and '.join(authorised_by)})"
    meant = get_close_matches(name.lower(), action_table().keys(), n=1, cutoff=0.8)
    return f" (did you mean {action_table()[meant[0]].qualified}?)" if meant else ""


RULE = Rule(id="TL408", name="unknown-cloudtrail-action", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
