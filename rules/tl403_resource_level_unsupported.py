"""A statement scopes an action that supports no resource-level permission, so it grants nothing.

## Why it matters
`DescribeTrails`, `ListTrails`, `LookupEvents`, `ListPublicKeys` and a few other CloudTrail
actions cannot be limited to a trail: IAM authorises them against `"*"` only. A statement
that allows them on a trail ARN (or on `arn:aws:cloudtrail:*`) silently grants nothing for
them, and the console or the auditor's script fails with `AccessDenied`.

A wildcard is ordinary scoping (`cloudtrail:*` or `cloudtrail:Get*` on a trail ARN grants what
acts on trails), except where it grants nothing on the resources named: `cloudtrail:Describe*` on
a trail ARN matches `DescribeTrails`, which acts on no resource, and `DescribeQuery`, which acts on
event data stores, so a "may view this trail" policy written so cannot even describe it.

An action named outright on CloudTrail resources of another type than those it acts on grants
nothing either: `cloudtrail:StartQuery` and `GetQueryResults` act on event data stores (CloudTrail
Lake), not on trails, so allowing them on a trail ARN lets nobody query anything. The finding
names the resource types the actions act on (the Service Authorization Reference's table).

Nor can such an action be limited by the trail's tags: its request names no resource, so it
carries no `aws:ResourceTag/<key>` ("included in the request context when the requested resource
already has attached tags", the global condition keys page). An Allow of `DescribeTrails` on `"*"`
under `StringEquals` on `aws:ResourceTag/team` never holds, and grants nothing for it; a negated
operator, `...IfExists` or `Null` on the key holds without it and is not reported.

In a permissions boundary such a statement grants nothing either (no boundary does), but it
takes away: the boundary then lets no identity policy of the role or user grant these actions, and
the finding says so. SCPs are not read by this rule.

## Fix
Terraform: move the actions into their own statement with `resources = ["*"]`.
CloudFormation: a separate statement with `Resource: "*"` for these actions.
CLI: `aws iam create-policy-version --set-as-default` with the split statement.

## References
- https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourcetag
"""
from collections.abc import Iterator, Mapping
from functools import lru_cache

from trail_lint.iam.access import boundaries_only, input_statements
from trail_lint.iam.actions import ActionInfo, action_table, lookup, wildcard_only_by_name
from trail_lint.iam.conditions import RESOURCE_TAG, conditions_hold, documented_key, outside_grammar
from trail_lint.iam.evaluator import ANY_RESOURCE, action_matches, rejected, resource_applies
from trail_lint.model import UNKNOWN, Hole, Inventory, Problem, Statement, statement_of
from trail_lint.problems import few
from trail_lint.rule import Rule, Severity

RESOURCE_TYPES = ("trail", "eventdatastore", "channel", "dashboard")


def check(inventory: Inventory) -> Iterator[Problem]:
    by_name = wildcard_only_by_name()
    # Copies of a policy repeat their Action lists: what each names (_named) is read once
    actions_in: dict[tuple[object, ...], tuple[list[str], list[str], list[tuple[str, tuple[str, ...]]]]] = {}
    # and their Resource lists: the resource types they name, or None where they may name "*"
    scoped_in: dict[tuple[object, ...], frozenset[str] | None] = {}
    limits = boundaries_only(inventory)
    for policy, index, statement in input_statements(inventory):
        if statement.effect != "Allow" or statement.not_actions is not None \
                or not isinstance(statement.actions, tuple) or rejected(statement) is not None:
            continue
        if statement.resources == () and statement.not_resources is None:
            continue        # no resource named at all: no scoping (without Resource, IAM rejects it: TL001's)
        # Actions named outright (names are case-insensitive), and wildcards that grant nothing on
        # the resources named (see the docs): `cloudtrail:*` on a trail ARN is ordinary scoping.
        listed = actions_in.get(statement.actions)
        if listed is None:
            listed = actions_in[statement.actions] = _named(statement.actions, by_name)
        named, wildcards, typed = listed
        if not named and not wildcards and not typed:
            continue
        scope = (statement.resources, statement.not_resources, statement.holes)
        types = scoped_in.get(scope, False)
        if types is False:
            types = scoped_in[scope] = _resource_types(statement) \
                if resource_applies(statement, ANY_RESOURCE) is False else None
        # a boundary grants nothing of its own: what it leaves out, no identity policy can grant
        granted = "no identity policy can grant them within this permissions boundary" if id(policy) in limits \
            else "nothing is granted for them"
        if types is None:
            if named and (tags := _tag_conditions(statement)):
                yield Problem(f"{statement_of(policy, index, statement)} allows {', '.join(named)} only under a "
                              f"condition on {few(tags)}, which never holds: these actions act on no resource, so "
                              f"their requests carry no resource tag; {granted}",
                              at=statement.origin.of("conditions"), resource=policy.arn or policy.name,
                              subject=f"resource-tag:{policy.name}:{index}")
            continue
        meant = [*named, *(found for pattern in wildcards if (found := _granting_nothing(pattern, types)))]
        if meant:
            yield Problem(f"{statement_of(policy, index, statement)} allows {', '.join(meant)} only on "
                          f"specific resources, but these actions support no resource-level permission: {granted}",
                          at=statement.origin.of("resources"),
                          resource=policy.arn or policy.name, subject=f"resource-level:{policy.name}:{index}")
        named_types = types if isinstance(types, frozenset) else frozenset()
        other = [(name, kinds) for name, kinds in typed if named_types and not named_types.intersection(kinds)]
        if other:
            acting = sorted({kind for _, kinds in other for kind in kinds})
            yield Problem(f"{statement_of(policy, index, statement)} allows {', '.join(name for name, _ in other)} "
                          f"on {_listed(sorted(named_types))} ARNs and on none of the {_listed(acting, plural=True)} "
                          f"these actions act on: {granted}",
                          at=statement.origin.of("resources"), resource=policy.arn or policy.name,
                          subject=f"resource-type:{policy.name}:{index}")


def _tag_conditions(statement: Statement) -> list[str]:
    """The aws:ResourceTag keys of the statement's conditions when they cannot hold for a request that
    carries no resource tag (StringEquals, StringLike, ...: not the negated operators, IfExists or
    Null true), whatever the request's other keys are; else []."""
    conditions = statement.conditions
    if not isinstance(conditions, tuple) or outside_grammar(conditions):
        return []
    tags = [documented_key(c.key) for c in conditions if c.key.strip().lower().startswith(RESOURCE_TAG)]
    if not tags:
        return []
    absent = conditions_hold(conditions, lambda key: None if key.lower().startswith(RESOURCE_TAG) else UNKNOWN)
    return list(dict.fromkeys(tags)) if absent is False else []


def _named(patterns: tuple[object, ...], by_name: Mapping[str, str]
           ) -> tuple[list[str], list[str], list[tuple[str, tuple[str, ...]]]]:
    """Of an Action list: the actions without resource-level permissions it names outright (by_name:
    wildcard_only_by_name), its wildcards, and its actions that act on resources of some types only (_typed)."""
    named = sorted({by_name[p.lower()] for p in patterns if isinstance(p, str) and p.lower() in by_name})
    wildcards = [p for p in patterns if isinstance(p, str) and ("*" in p or "?" in p)]
    return named, wildcards, _typed(patterns)


def _typed(patterns: tuple[object, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """The CloudTrail actions named outright that act on resources of some types only, each with those
    types: `cloudtrail:StartQuery` acts on event data stores, so on a trail ARN it grants nothing."""
    found = []
    for pattern in patterns:
        info = lookup(pattern) if isinstance(pattern, str) and "*" not in pattern and "?" not in pattern else None
        if info is not None and not info.requires_wildcard_resource and info.resource_types:
            found.append((info.qualified, info.resource_types))
    return list(dict.fromkeys(found))


def _listed(kinds: list[str], plural: bool = False) -> str:
    """"trail or event data store" (``plural``: "trails or event data stores")."""
    words = [_WORDS.get(kind, kind) + ("s" if plural else "") for kind in kinds]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" or {words[-1]}"


_WORDS = {"eventdatastore": "event data store"}


@lru_cache(maxsize=4096)
def _granting_nothing(pattern: str, types: frozenset[str]) -> str | None:
    """The wildcard, with the actions it was likely meant for (`cloudtrail:Describe* (for
    cloudtrail:DescribeTrails)`), when it matches an action with no resource-level permission and
    grants nothing on resources of ``types``; else None."""
    if not types:
        return None     # no CloudTrail resource named: the statement is about another service's
    matched: list[ActionInfo] = [info for info in action_table().values() if action_matches(pattern, info.qualified)]
    only_any = [info.qualified for info in matched if info.requires_wildcard_resource]
    if only_any and all(info.requires_wildcard_resource or not types.intersection(info.resource_types)
                        for info in matched):
        return f"{pattern} (for {', '.join(sorted(only_any))})"
    return None


def _resource_types(statement: Statement) -> frozenset[str]:
    """The CloudTrail resource types the statement's Resource may name (every one where not known)."""
    patterns = statement.resources if isinstance(statement.resources, tuple) else \
        statement.holes.resources if statement.holes is not None and statement.holes.resources else None
    if patterns is None:
        return frozenset(RESOURCE_TYPES)
    found: set[str] = set()
    for pattern in patterns:
        text = pattern if isinstance(pattern, str) else "".join(
            part if isinstance(part, str) else "*" for part in pattern if isinstance(part, (str, Hole)))
        parts = text.split(":", 5)
        if "$" in text or len(parts) < 6 or any(char in parts[2] for char in "*?"):
            return frozenset(RESOURCE_TYPES)        # a variable, or not an ARN whose service is written out
        if parts[2].lower() != "cloudtrail":
            continue
        typed = [kind for kind in RESOURCE_TYPES if parts[5].startswith(f"{kind}/")]
        if not typed:
            return frozenset(RESOURCE_TYPES)
        found.update(typed)
    return frozenset(found)


RULE = Rule(id="TL403", name="resource-level-unsupported", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
