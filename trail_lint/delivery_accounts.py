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

from trail_lint.delivery_match import SEGMENT, matches
from trail_lint.model import ACCOUNT_CHARS, Hole, Principals, Text, Unknown

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


def may_name_accounts(identifiers: tuple[Text, ...] | None, region: str | Unknown) -> bool:
    """Whether ``AWS`` identifiers known only by their shape (None: not even that) may name CloudTrail's
    own account of ``region`` (any Region when it is not known), as an account ID or its root: not
    when each is the ARN of a role or user (``arn:aws:iam::${account}:role/ops``), or names the
    account that deploys the input (a named hole of an account ID, model.ACCOUNT_CHARS: a
    customer's account, never CloudTrail's own)."""
    if identifiers is None:
        return True
    accounts = tuple(REGION_ACCOUNTS.values()) if isinstance(region, Unknown) else \
        tuple(account for name, account in REGION_ACCOUNTS.items() if name == region)
    # a deployment's account: text that is no account ID, so that it matches none
    shapes = [tuple("deployment-account" if isinstance(part, Hole) and part.name and part.chars == ACCOUNT_CHARS
                    else part for part in identifier) for identifier in identifiers]
    return any(matches(written, shape, str.__eq__, wildcards=False) is not False
               for account in accounts for written in ((account,), ("arn:", SEGMENT, f":iam::{account}:root"))
               for shape in shapes)
