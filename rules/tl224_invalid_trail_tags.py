"""A trail's tags break CloudTrail's limits on tags, so the request that sets them fails.

## Why it matters
CloudTrail takes at most 50 tags per trail: CreateTrail (its `TagsList`) and AddTags reject
more with `TagsLimitExceededException` ("Currently, the limit is 50"). A tag key must be 1 to
128 characters long and unique for the trail, and a tag value at most 256 characters long
(API shape `Tag`); a key or value out of these bounds, or a key written twice, is rejected with
`InvalidTagParameterException` ("thrown when the specified tag key or values are not valid. It
can also occur if there are duplicate tags or too many tags on the resource"). The stack or
the apply fails, and the trail is not created or keeps its old settings.

trail-lint counts the tags a template or configuration writes: CloudFormation's `Tags`;
Terraform's `tags_all` (the trail's `tags` with the provider's `default_tags`) where a plan
knows it, else `tags` with the `default_tags` of the trail's provider configuration: in `.tf`
sources, its own `provider "aws"` block, the alias its `provider` argument names, or the
configuration a module call passes in `providers`; in a plan whose `tags_all` is known only after
apply (a tag value is), the provider configuration the plan's `configuration` holds. A key written in both counts once: the
trail's own value wins, as in `tags_all`, and it is not a duplicate. Default tags set only through
`TF_AWS_DEFAULT_TAGS_<key>` environment variables are not in the inputs and are not counted.
A `dynamic "default_tags"` block is read as the block it generates (its `for_each` known
offline: one element gives one block, none gives no default tags; the provider takes one block, so
more are rejected). Default tags that are a `merge()` (also through a local value) of maps some of
which are not known offline count the keys of the maps that are known, and any number more; a
known value that a later unknown map may replace is not measured.
A list of tags not known offline (a `!If` around `Tags`, a variable without a value, also as a
provider's `default_tags` or the `for_each` of its `dynamic` block) is said as TL002, once per
cause, when the tags known so far are within the limit (more than 50 known ones are an error
whatever the rest holds); a key or value not known offline is not measured. Terraform state and describe-trails output are AWS's own account of a
trail, not a request, and are not checked.

## Fix
Terraform: at most 50 entries in `tags` and the provider's `default_tags` together; keys of
1 to 128 characters, values of at most 256.
CloudFormation: at most 50 items in `Tags`, each `Key` written once.
CLI: `aws cloudtrail remove-tags --resource-id TRAIL_ARN --tags-list Key=OLD` before
`aws cloudtrail add-tags --resource-id TRAIL_ARN --tags-list Key=NAME,Value=VALUE`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AddTags.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Tag.html
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-tag.html
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block
- https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks
"""
from collections.abc import Iterator

from trail_lint.model import UNKNOWN, Problem, Trail
from trail_lint.problems import read_back, trail_problem, undecided_setting
from trail_lint.rule import Rule, Severity

MAX_TAGS = 50       # TagsLimitExceededException
MAX_KEY = 128       # API shape TagKey: 1 to 128
MAX_VALUE = 256     # API shape TagValue: at most 256


def check(trail: Trail) -> Iterator[Problem]:
    if read_back(trail):
        return
    if trail.tags is UNKNOWN:
        yield undecided_setting(trail, "tags", "the list of tags")
        return
    tags = tuple(tag for tag in trail.tags if not tag.any_number) if isinstance(trail.tags, tuple) else ()
    more = isinstance(trail.tags, tuple) and len(tags) < len(trail.tags)   # and tags not known offline
    if len(tags) > MAX_TAGS:
        yield trail_problem(trail, f"trail {trail.label!r} has {'at least ' if more else ''}{len(tags)} tags; "
                                   f"the limit is {MAX_TAGS}", trail.origin.of("tags"))
    elif more:
        yield undecided_setting(trail, "tags", "the number of tags")
    seen: set[str] = set()
    for tag in tags:
        at = tag.at or trail.origin.of("tags")
        if isinstance(tag.key, str):
            if not 1 <= len(tag.key) <= MAX_KEY:
                yield trail_problem(trail, f"tag key {_shown(tag.key)} of trail {trail.label!r} has {len(tag.key)} "
                                           f"characters; 1 to {MAX_KEY} are allowed", at)
            elif tag.key in seen:
                yield trail_problem(trail, f"tag key {tag.key!r} is written twice on trail {trail.label!r}", at)
            seen.add(tag.key)
        if isinstance(tag.value, str) and len(tag.value) > MAX_VALUE:
            yield trail_problem(trail, f"the value of tag {_shown(tag.key)} of trail {trail.label!r} has "
                                       f"{len(tag.value)} characters; the limit is {MAX_VALUE}", at)


def _shown(key: object) -> str:
    if not isinstance(key, str):
        return "<not known>"
    return repr(key) if len(key) <= 40 else repr(key[:37] + "...")


RULE = Rule(id="TL224", name="invalid-trail-tags", severity=Severity.ERROR, applies_to=Trail, check=check,
            doc=__doc__)
