"""CloudTrail's own AWS account in each Region, which bucket and topic policies named before the
service principal ``cloudtrail.amazonaws.com`` replaced them.

A policy that grants these accounts lets CloudTrail deliver only from the Regions whose accounts it
names ("Common S3 policy configuration errors",
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html).
The accounts are the "AWS Account ID" column of the user guide's "CloudTrail supported Regions"
table (awsdocs/aws-cloudtrail-user-guide, doc_source/cloudtrail-supported-regions.md); Regions
opened since have none.
"""
from __future__ import annotations

from collections.abc import Mapping

from trail_lint.model import Principals

REGION_ACCOUNTS: Mapping[str, str] = {
    "us-east-1": "086441151436", "us-east-2": "475085895292", "us-west-1": "388731089494",
    "us-west-2": "113285607260", "ca-central-1": "819402241893", "ap-south-1": "977081816279",
    "ap-northeast-1": "216624486486", "ap-northeast-2": "492519147666", "ap-northeast-3": "765225791966",
    "ap-southeast-1": "903692715234", "ap-southeast-2": "284668455005", "cn-northwest-1": "681348832753",
    "eu-central-1": "035351147821", "eu-west-1": "859597730677", "eu-west-2": "282025262664",
    "eu-west-3": "262312530599", "sa-east-1": "814480443879",
}


def named_regions(principals: Principals) -> tuple[str, ...]:
    """The Regions whose CloudTrail account the ``AWS`` principals name, as an account ID or its
    ``arn:<partition>:iam::<account>:root``, in table order (none when they are not known offline)."""
    accounts = set()
    named = principals.get("AWS", ())
    for principal in named if isinstance(named, tuple) else ():
        fields = principal.split(":")
        if len(fields) == 6 and fields[0] == "arn" and fields[2] == "iam" and fields[5] == "root":
            accounts.add(fields[4])
        elif principal.isdigit():
            accounts.add(principal)
    return tuple(region for region, account in REGION_ACCOUNTS.items() if account in accounts)
