"""A trail names a Region that is not in trail-lint's list of AWS Regions.

## Why it matters
A Region code that is spelt as one but names no Region (`us-east-9`, `eu-westt-1`) is most
often a typo: the provider or stack is pointed at an
endpoint that does not exist, or a KMS key, log group or topic ARN names a Region the trail can
never use, and the deployment fails. trail-lint reads the trail's home Region and the Regions of
its KMS key, CloudWatch Logs group and SNS topic ARNs, and looks each up in a dated list of the
Regions of every partition (`trail_lint/data/regions.json`: the AWS SDKs' partitions file, with
its source and date).

This is a warning, not an error, and not TL002. AWS adds Regions, so a name missing from a list
of a given date may be a Region newer than the list: calling it an error would fail a correct
deployment. TL002 says what the inputs cannot settle offline; here the inputs settle the value,
and what is uncertain is only how recent trail-lint's list is, which the message dates. The
rest of the checks go on with the Region as written (its partition from its prefix).

In Terraform sources (`.tf`), a trail without its own `region` takes the Region of its provider
configuration: its module's `provider "aws"` block, the alias its `provider` argument names, or the
configuration a module call passes in `providers`. The finding is then placed at that provider
block's `region` line, where the fix is made, and names the trail (by its address) that takes it;
each trail of that configuration has its own finding there.

## Fix
Terraform: correct the provider's `region` (or the resource's `region`, provider v6) and the
Region in the ARNs of `kms_key_id`, `cloud_watch_logs_group_arn` and `sns_topic_name`.
CloudFormation: deploy the stack to an existing Region (`aws cloudformation deploy --region
us-east-1 …`) and correct the Region in the `KMSKeyId`, `CloudWatchLogsLogGroupArn` and
`SnsTopicName` ARNs.
CLI: `aws cloudtrail create-trail --region us-east-1 …` with an existing Region; a Region newer
than the list needs no fix (suppress the finding, or update trail-lint).

## References
- https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
- https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html
- https://github.com/boto/botocore/blob/1.44.8/botocore/data/partitions.json
"""
from collections.abc import Iterator

from trail_lint.model import Problem, Trail
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity
from trail_lint.scope.arns import region_from_arn
from trail_lint.scope.names import is_region_name, region_listed, regions_retrieved

# the trail's settings that name a Region in their ARN, and how messages name them
_ARN_SETTINGS = (("kms_key_id", "KMS key"), ("cloudwatch_logs_group_arn", "CloudWatch Logs group"),
                 ("sns_topic", "SNS topic"))


def check(trail: Trail) -> Iterator[Problem]:
    # a Region a provider configuration gives is reported where the provider writes it
    taken = f" ({trail.origin.resource or 'it'} takes it from this provider configuration)"
    home = "home Region {} of trail {}" + (taken if trail.region_at is not None else "")
    named = [("region", trail.region, home)]
    named.extend((field, region_from_arn(getattr(trail, field)), f"Region {{}} of the {what} ARN of trail {{}}")
                 for field, what in _ARN_SETTINGS)
    for field, region, what in named:
        if isinstance(region, str) and is_region_name(region) and not region_listed(region):
            at = trail.region_at if field == "region" and trail.region_at is not None else trail.origin.of(field)
            yield trail_problem(trail, f"{what.format(repr(region), repr(trail.label))} is not in trail-lint's list "
                                       f"of Regions of {regions_retrieved()}", at)


RULE = Rule(id="TL225", name="unlisted-region", severity=Severity.WARNING, applies_to=Trail, check=check,
            doc=__doc__)
