"""The names AWS gives accounts and Regions: how account, organization, root and OU IDs and Region
names are spelt, trail-lint's dated list of Regions, and the partition of a Region."""
from __future__ import annotations

import re
from functools import cache

# https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html
_ACCOUNT_ID = re.compile(r"\d{12}")
# us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-4, il-central-1, eusc-de-east-1 (the
# AWS European Sovereign Cloud), ...: the SDKs' partition patterns (trail_lint/data/regions.json's source)
_REGION_NAME = re.compile(r"[a-z]{2,4}(-[a-z]+)+-\d+")
# Since 2021-11-22 global service events are recorded only in us-east-1 (cloudtrail-facts.md §6).
GLOBAL_EVENTS_REGION = "us-east-1"
# The IDs AWS Organizations gives an organization, a root and an OU (the Id patterns of the API's
# Organization, Root and OrganizationalUnit): what aws:PrincipalOrgID and aws:PrincipalOrgPaths hold.
# https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html
# https://docs.aws.amazon.com/organizations/latest/APIReference/API_Root.html
# https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html
_ORGANIZATION_ID = re.compile(r"o-[a-z0-9]{10,32}")
_ROOT_ID = re.compile(r"r-[0-9a-z]{4,32}")
_UNIT_ID = re.compile(r"ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}")


def always_enabled(partition: str | None) -> tuple[str, ...]:
    """Regions every account of the partition has enabled, which a multi-Region trail therefore always
    records: us-east-1, a default Region ("Regions launched before March 20, 2019 are enabled by
    default ... Default Regions cannot be enabled or disabled").
    https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html"""
    return (GLOBAL_EVENTS_REGION,) if partition == "aws" else ()


def is_account_id(text: object) -> bool:
    """Whether ``text`` is spelt as an AWS account ID: twelve digits."""
    return isinstance(text, str) and _ACCOUNT_ID.fullmatch(text) is not None


def organization_id(text: object) -> str | None:
    """``text`` when it is spelt as an organization's ID (o-…), else None."""
    return text if isinstance(text, str) and _ORGANIZATION_ID.fullmatch(text) else None


def is_root_id(text: object) -> bool:
    return isinstance(text, str) and _ROOT_ID.fullmatch(text) is not None


def is_unit_id(text: object) -> bool:
    return isinstance(text, str) and _UNIT_ID.fullmatch(text) is not None


def is_region_name(text: object) -> bool:
    """Whether ``text`` is spelt as a Region name such as us-east-1."""
    return isinstance(text, str) and _REGION_NAME.fullmatch(text) is not None


def region_listed(region: str) -> bool:
    """Whether ``region`` is one of the Regions of trail-lint's dated list (trail_lint/data/regions.json).
    A name spelt as a Region but not listed may be a typo, or a Region newer than the list."""
    return region in _listed_regions()


def regions_retrieved() -> str:
    """The date of trail-lint's list of Regions."""
    from trail_lint.resources import data_path, load_json_resource

    return str(load_json_resource(data_path("regions.json"))["source"]["retrieved"])


@cache
def _listed_regions() -> frozenset[str]:
    from trail_lint.resources import data_path, load_json_resource

    partitions = load_json_resource(data_path("regions.json"))["partitions"]
    return frozenset(region for regions in partitions.values() for region in regions)


# --- Partitions -------------------------------------------------------------------------

# The partitions other than aws, by the prefix of their Regions' names (the SDKs' partitions file,
# regionRegex; trail_lint/data/regions.json's source). Longer prefixes first: us-isob- before us-iso-.
_PARTITION_PREFIXES = (("us-gov-", "aws-us-gov"), ("us-isob-", "aws-iso-b"), ("us-isof-", "aws-iso-f"),
                       ("us-iso-", "aws-iso"), ("eu-isoe-", "aws-iso-e"), ("cn-", "aws-cn"),
                       ("eusc-", "aws-eusc"))
_OTHER_PARTITIONS = tuple(prefix for prefix, _ in _PARTITION_PREFIXES)
PARTITIONS = ("aws", *(partition for _, partition in _PARTITION_PREFIXES))   # every partition partition_of gives


def partition_of(region: str) -> str:
    """The partition of a Region: aws-cn for cn-*, aws-us-gov for us-gov-*, aws-iso for us-iso-*,
    aws-iso-b for us-isob-*, aws-iso-e for eu-isoe-*, aws-iso-f for us-isof-*, aws-eusc for eusc-*
    (the AWS European Sovereign Cloud), else aws.

    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
    """
    if not region.startswith(_OTHER_PARTITIONS):    # most Regions: one test
        return "aws"
    for prefix, partition in _PARTITION_PREFIXES:
        if region.startswith(prefix):
            return partition
    return "aws"


# The base DNS domain of each partition, which its service principals and endpoints end in (the AWS
# provider's aws_partition.dns_suffix, CloudFormation's AWS::URLSuffix). Only where trail-lint is sure
# of it: the isolated partitions and the AWS European Sovereign Cloud have suffixes of their own.
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/partition
# https://docs.aws.amazon.com/general/latest/gr/rande.html
_DNS_SUFFIXES = {"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com"}


def dns_suffix(region: str) -> str | None:
    """The DNS suffix of a Region's partition (amazonaws.com; amazonaws.com.cn in aws-cn); None in the
    other partitions (us-iso-*, us-isob-*, eu-isoe-*, eusc-*, …), which have suffixes of their own."""
    return _DNS_SUFFIXES.get(partition_of(region))
