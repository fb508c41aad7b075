"""`get-trail-status` reports that the trail's latest delivery failed.

## Why it matters
A trail can be logging and still lose its record: while the bucket, key, log group or topic
refuses, log files, digest files, CloudWatch Logs events or notifications are missing.
`GetTrailStatus` reports the latest error CloudTrail met on each channel; the values are the
error codes of the service concerned (S3, CloudWatch Logs, SNS, KMS). trail-lint reports every
error the output carries and never compares the times in it with the clock, so the same input
gives the same answer on any day: after a fix, take the output again.

| key | channel | for example |
| --- | --- | --- |
| `LatestDeliveryError` | log files to S3 | `AccessDenied`: the bucket policy (or, for SSE-KMS, the key policy) does not let CloudTrail write; `NoSuchBucket`: the bucket was deleted |
| `LatestDigestDeliveryError` | digest files to S3 | the same S3 errors: without digests, log file validation has nothing to validate |
| `LatestCloudWatchLogsDeliveryError` | events to CloudWatch Logs | `AccessDeniedException`: the role cannot be assumed or may not call `logs:CreateLogStream`/`logs:PutLogEvents`; `ResourceNotFoundException`: the log group was deleted |
| `LatestNotificationError` | notifications to SNS | `AuthorizationError`: the topic policy does not let CloudTrail publish; `NotFound`: the topic was deleted |

An error that names KMS means the trail's key is disabled, pending deletion or its policy does
not let CloudTrail use it. The message repeats the error as reported; a value not listed
above is reported as it is, with the channel it concerns.

## Fix
Fix the resource the channel names, then check that the error clears on the next delivery
(`aws cloudtrail get-trail-status --name NAME`).
Terraform: give the bucket policy the `AWSCloudTrailAclCheck`/`AWSCloudTrailWrite` statements
(`aws_s3_bucket_policy`), the key policy the CloudTrail statements (`aws_kms_key.policy`), the
topic policy `SNS:Publish` for `cloudtrail.amazonaws.com` (`aws_sns_topic_policy`), the
CloudWatch Logs role `logs:CreateLogStream` and `logs:PutLogEvents` on the log group; or point
`s3_bucket_name`, `kms_key_id`, `cloud_watch_logs_group_arn` or `sns_topic_name` at an existing resource.
CloudFormation: the same statements in `AWS::S3::BucketPolicy`, `AWS::KMS::Key` `KeyPolicy`,
`AWS::SNS::TopicPolicy` and the role's policy; or change `S3BucketName`, `KMSKeyId`,
`CloudWatchLogsLogGroupArn` or `SnsTopicName`.
CLI: `aws s3api put-bucket-policy`, `aws kms put-key-policy`, `aws sns set-topic-attributes
--attribute-name Policy`, or `aws cloudtrail update-trail --name NAME --s3-bucket-name BUCKET`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html
- https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
"""
from collections.abc import Iterator

from trail_lint.model import DeliveryError, Problem, Trail
from trail_lint.problems import trail_problem
from trail_lint.rule import Rule, Severity

CHANNELS = {
    "LatestDeliveryError": "log file delivery to S3",
    "LatestDigestDeliveryError": "digest file delivery to S3",
    "LatestCloudWatchLogsDeliveryError": "delivery to CloudWatch Logs",
    "LatestNotificationError": "SNS notification",
}
# (channel key or "" for any, error value) -> what it means for this trail
MEANINGS = {
    ("", "AccessDenied"): "the bucket policy, or the KMS key policy, does not let CloudTrail write",
    ("", "NoSuchBucket"): "the bucket does not exist",
    ("LatestCloudWatchLogsDeliveryError", "AccessDeniedException"):
        "the CloudWatch Logs role cannot be assumed or may not write to the log group",
    ("LatestCloudWatchLogsDeliveryError", "ResourceNotFoundException"): "the log group does not exist",
    ("LatestNotificationError", "AuthorizationError"): "the topic policy does not let CloudTrail publish",
    ("LatestNotificationError", "NotFound"): "the topic does not exist",
}


def meaning(error: DeliveryError) -> str:
    found = MEANINGS.get((error.key, error.message)) or MEANINGS.get(("", error.message))
    if found is None and "kms" in error.message.lower():
        found = "the KMS key is disabled, pending deletion, or its policy does not let CloudTrail use it"
    return f": {found}" if found else ""


def check(trail: Trail) -> Iterator[Problem]:
    for error in trail.delivery_errors:
        channel = CHANNELS.get(error.key, error.key)
        yield trail_problem(trail, f"{channel} of trail {trail.label!r} fails with {error.message!r}{meaning(error)}",
                            error.at, subject=f"{error.key}:{error.message}")


RULE = Rule(id="TL313", name="delivery-failing", severity=Severity.ERROR, applies_to=Trail, check=check,
            doc=__doc__)
