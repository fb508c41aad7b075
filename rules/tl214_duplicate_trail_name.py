"""Two trail definitions use one name in one account and Region, so CreateTrail rejects the second.

## Why it matters
A trail's name is unique in its account and Region: creating a second trail with a name
that is taken fails with `TrailAlreadyExistsException`, and whichever definition is applied
second stops the deployment. Two templates, two root modules under one provider account, or a
copy-pasted resource often collide like this.

trail-lint keeps both trails (each gets its own findings) and reports the collision when two
definitions (Terraform plans, `.tf` sources, CloudFormation templates) create trails of one
name in one account scope and Region: the same known account, or the same provider
configuration or stack when no input names the account. A trail in a plan and the same trail
in describe-trails output or in state are one trail, not a collision; so are one Terraform
resource read from its plan and its `.tf` source; two root modules that call one module are two
resources (each place then names its root module). A trail the plan deletes does not collide.
Two trails of one template that both have a CloudFormation `Condition` are taken to be
either/or variants and are not reported; a conditional trail and another one collide "if both
exist".
Definitions in scopes that no input ties to one account are not compared (see TL101 for how
to tie them with `--account` or `accounts:`).

## Fix
Terraform: give one of the `aws_cloudtrail` resources another `name`, or delete it.
CloudFormation: give one of the `AWS::CloudTrail::Trail` resources another `TrailName`
(or none: CloudFormation then generates a unique one).
CLI: `aws cloudtrail describe-trails --trail-name-list NAME` shows the trail that holds the name.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html
"""
from collections.abc import Iterator

from trail_lint.model import DEFINITIONS, Inventory, Problem, Trail
from trail_lint.problems import conditional, trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.scope.trail_scope import scope_of


def check(inventory: Inventory) -> Iterator[Problem]:
    named: dict[tuple[str, str, str], list[Trail]] = {}
    for trail in inventory.live_trails():
        scope = scope_of(trail)
        if trail.origin.kind in DEFINITIONS and isinstance(trail.name, str) and scope.region:
            named.setdefault((scope.account, scope.region, trail.name), []).append(trail)
    for trails in named.values():
        first = trails[0]
        for second in trails[1:]:
            if conditional(first) and conditional(second) and first.origin.file == second.origin.file:
                continue    # either/or variants of one template, whose conditions trail-lint cannot compare
            maybe = " if both exist (one has a CloudFormation condition)" \
                if conditional(first) or conditional(second) else ""
            where = scope_of(first).region_label
            places = _place(second), _place(first)
            if places[0] == places[1] and second.origin.root != first.origin.root:
                # two root modules calling one module: the same address in the same file
                places = _place(second, rooted=True), _place(first, rooted=True)
            yield trail_problem(
                second, f"trail {second.label!r} ({places[0]}) has the name of trail {first.label!r} "
                        f"({places[1]}) in {where}: CreateTrail fails with TrailAlreadyExistsException{maybe}",
                second.origin.of("name"), subject=f"name-taken:{first.origin.file}:{first.origin.resource}")


def _place(trail: Trail, rooted: bool = False) -> str:
    place = f"{trail.origin.resource} in {trail.origin.file}" if trail.origin.resource else trail.origin.file
    return f"{place} of root module {trail.origin.root}" if rooted else place


RULE = Rule(id="TL214", name="duplicate-trail-name", severity=Severity.ERROR, applies_to=Inventory,
            check=check, doc=__doc__)
