"""The fields of an ARN (``arn:partition:service:region:account:resource``), the placeholders samples
write in them, and the ARNs of a trail, a log group and a principal."""
from __future__ import annotations

import re
from typing import Any

from trail_lint.scope.names import is_account_id, is_region_name, partition_of


def arn_fields(arn: object) -> list[str]:
    """The six fields of an ARN (partition, service, Region, account and resource after ``arn``);
    [] for anything that is not one."""
    if isinstance(arn, str) and arn.startswith("arn:"):
        fields = arn.split(":", 5)
        if len(fields) == 6:
            return fields
    return []


# What samples write where an ARN's Region or account belongs, for whoever copies them to fill in
# (`arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID`, `<account-id>`, `{{AccountId}}`, `xxxxxxxxxxxx`): a word in
# capitals, a name in angle or double curly brackets, a run of x, or the field's own name. A forgotten
# Fn::Sub (`${AWS::AccountId}` as text) is no placeholder: the template is deployed with that text.
_PLACEHOLDER = re.compile(r"<[^<>]+>|\{\{[^{}]+\}\}|[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)*|[xX]{4,}"
                          r"|(?i:(?:your[_-]?)?(?:aws[_-]?)?(?:account(?:[_-]?(?:id|number))?|region(?:[_-]?name)?))")


def placeholders(arn: object) -> dict[int, str]:
    """The Region and account fields of an ARN (by their index in arn_fields) that hold a placeholder
    rather than a value (ACCOUNT_ID); none for an ARN whose fields are values, or are empty, and for
    anything that is not an ARN."""
    fields = arn_fields(arn)
    if not fields:
        return {}
    region, account = fields[3], fields[4]
    return {index: value for index, (value, valid) in ((3, (region, is_region_name(region.lower()))),
                                                       (4, (account, is_account_id(account))))
            if value and not valid and _PLACEHOLDER.fullmatch(value)}


def placeholder_cause(tokens: dict[int, str]) -> str:
    """Why an ARN holding the placeholders ``tokens`` (``placeholders``) is not known: what to write."""
    listed = " and ".join(repr(token) for token in tokens.values())
    if len(tokens) == 1:
        return f"{listed} is a placeholder, not a Region or account ID: write the value it stands for"
    return f"{listed} are placeholders, not values: write the values they stand for"


def root_arn(partition: str, account: str) -> str:
    """The ARN of the root user of an account (the account principal's ARN, ``arn:aws:iam::111122223333:root``).
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"""
    return f"arn:{partition}:iam::{account}:root"


def principal_arn(partition: str, account: str, kind: str, path: str, name: str) -> str:
    """The ARN of an IAM user or role (``kind`` "user" or "role"): its path is part of it,
    ``arn:aws:iam::123456789012:role/service-role/MyRole`` for MyRole at the path /service-role/.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns"""
    return f"arn:{partition}:iam::{account}:{kind}{path}{name}"


def is_aws_managed(arn: str | None) -> bool:
    """AWS managed policies (arn:aws:iam::aws:policy/...): their authors are not the users of trail-lint,
    nor are they held to the quotas of the policies an account creates."""
    return isinstance(arn, str) and ":iam::aws:policy/" in arn


def account_from_arn(arn: Any) -> str | None:
    fields = arn_fields(arn)
    return fields[4] or None if fields else None


def region_from_arn(arn: Any, service: str | None = None) -> str | None:
    """The Region an ARN names (of that service, when one is given), or None when it names none."""
    fields = arn_fields(arn)
    return fields[3] or None if fields and (service is None or fields[2] == service) else None


def named_region(value: str) -> str | None:
    """The one Region an ARN, or the first characters of one, names: its fourth field, complete and not
    empty; None for a value that may name any Region's resource (``may_name_region``) or one of no Region.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"""
    fields = value.split(":", 4)
    return fields[3] if value.startswith("arn:") and len(fields) == 5 and fields[3] else None


def may_name_region(value: str, region: str) -> bool:
    """Whether an ARN, or the first characters of one (a resources.ARN prefix), may name a resource of
    ``region``. An ARN's fourth field is the Region of its resource, empty for resources of no Region (an
    S3 object); a value that is no ARN, or stops before that field is complete, may name any Region's.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"""
    if not value.startswith("arn:"):
        return True
    fields = value.split(":", 4)
    if len(fields) < 4:
        return True
    if len(fields) == 4:
        return region.startswith(fields[3])
    return fields[3] in ("", region)


def log_group_from_arn(arn: Any) -> str | None:
    """``arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]`` → NAME (a trail's log group ARN ends in ``:*``)."""
    fields = arn_fields(arn)
    if not fields or fields[2] != "logs" or not fields[5].startswith("log-group:"):
        return None
    name = fields[5][len("log-group:"):]
    return name.removesuffix(":*") or None


# "Log group names can be between 1 and 512 characters long" and "consist of the following
# characters: a-z, A-Z, 0-9, '_' (underscore), '-' (hyphen), '/' (forward slash), '.' (period), and
# '#' (number sign)".
# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html
LOG_GROUP_NAME = re.compile(r"[A-Za-z0-9_\-/.#]{1,512}")


def is_log_group_arn(arn: str) -> bool:
    """Whether the text is the ARN of a log group (with its Region and account), as CreateTrail takes
    it: not a bare name, nor the ARN of a log stream or of another service, nor one whose name no
    log group can have."""
    fields = arn_fields(arn)
    if not fields or not fields[3] or not fields[4] or ":log-stream:" in fields[5]:
        return False
    name = log_group_from_arn(arn)
    return name is not None and LOG_GROUP_NAME.fullmatch(name) is not None


# CreateTopic: "Topic names must be made up of only uppercase and lowercase ASCII letters,
# numbers, underscores, and hyphens, and must be between 1 and 256 characters long"; a FIFO
# topic's name ends in .fifo. CreateTrail's SnsTopicName takes the name or the topic's ARN.
# https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
_TOPIC_NAME = r"[A-Za-z0-9_-]+(?:\.fifo)?"
SNS_TOPIC = re.compile(rf"{_TOPIC_NAME}|arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{{12}}:{_TOPIC_NAME}")


def is_sns_topic(value: str) -> bool:
    """Whether the text is an SNS topic's name or ARN, as CreateTrail takes it (its length apart)."""
    return SNS_TOPIC.fullmatch(value) is not None


# CreateTrail's KmsKeyId: "an alias name prefixed by alias/, a fully specified ARN to an alias, a
# fully specified ARN to a key, or a globally unique identifier" (a multi-Region key's ID is mrk-
# and 32 hex digits). Inside an ARN the key ID is not checked: a malformed one names a key that does
# not exist, which only AWS can tell (KmsKeyNotFoundException), and examples often shorten it.
# https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
_KEY_ID = r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})"
_ALIAS = r"alias/[a-zA-Z0-9/_-]+"
KMS_KEY_ID = re.compile(rf"{_ALIAS}|{_KEY_ID}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{{12}}:(?:{_ALIAS}|key/[^/:\s]+)")


def is_kms_key_id(value: str) -> bool:
    """Whether the text is one of the forms CreateTrail takes a KMS key in."""
    return KMS_KEY_ID.fullmatch(value) is not None


def trail_arn(region: str, account: str, name: str) -> str:
    """The ARN of the trail ``name`` homed in ``region`` of ``account``."""
    return f"arn:{partition_of(region)}:cloudtrail:{region}:{account}:trail/{name}"


def name_from_trail_arn(arn: Any) -> str | None:
    """``arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME`` → NAME; None for anything else."""
    fields = arn_fields(arn)
    if not fields or fields[2] != "cloudtrail" or not fields[5].startswith("trail/"):
        return None
    return fields[5][len("trail/"):] or None
