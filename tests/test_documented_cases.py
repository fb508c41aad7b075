"""Cases written from the AWS documentation, one per documented behaviour, each citing its page.

Each case is a file (or a folder of files linted together) in `tests/documented/`, written the
way a reader of the page would write it: Terraform, CloudFormation, or AWS CLI output, with the
page's example policies verbatim where it gives one. The case says which rules must fire
(`fires`) and which must stay silent (`silent`) on it, with every rule selected (TL315 too):

- `"TL201"` fires: some TL201 finding; silent: no TL201 finding at all;
- `"TL201 'my--namespace'"`: a TL201 finding whose message contains `'my--namespace'` (fires), or
  none whose message contains it (silent).

No case may crash a rule (TL000) or be unreadable (TL001). Inputs that do not name their account
or Region are in account 123456789012, us-east-2, the values the pages use; a folder's
`config.yaml` can say otherwise. Where a page is ambiguous the case says so and pins the
current behaviour.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from trail_lint.rules import tl210_invalid_event_selector as tl210

from trail_lint.config import from_mapping
from trail_lint.engine import run
from trail_lint.finding import Finding
from trail_lint.model import AdvancedSelector, Aggregation, FieldSelector, Origin, Trail
from trail_lint.registry import all_rules

CASES_DIR = Path(__file__).parent / "documented"
DEFAULTS = {"region": "us-east-2", "account": "123456789012"}

UG = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
API = "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/"
SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html"
IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
ORG = "https://docs.aws.amazon.com/organizations/latest/userguide/"
ORG_GENERAL = ORG + "orgs_manage_policies_scps_examples_general.html"
ORG_EVALUATION = ORG + "orgs_manage_policies_scps_evaluation.html"
IAM_REGION_DENY = IAM + "reference_policies_examples_aws_deny-requested-region.html"
CT_MANDATORY = "https://docs.aws.amazon.com/controltower/latest/controlreference/mandatory-controls.html"
ALL_FOUR = "TL401 role {} can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on '{}'"
SH_CT = "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html"
SH_CW = "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html"
CFN_TRAIL = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html"
CONFIG = "https://docs.aws.amazon.com/config/latest/developerguide/"
S3_BPA = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"
S3_OWNERSHIP = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html"
CONDITION_OPERATORS = IAM + "reference_policies_elements_condition_operators.html"
CFN_PROPERTY = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-"
TF_TRAIL = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail"
TF_DOCS = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/"
CFN = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
S3_NAMING = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html"
TF_DEFAULT_TAGS = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block"
# The AWS CLI Command Reference pages for `aws cloudtrail` (their Examples and Output sections)
CLI = "https://docs.aws.amazon.com/cli/latest/reference/cloudtrail/"
MANAGING_CLI = UG + "cloudtrail-additional-cli-commands.html"
TL314_ALL = ("TL314 no metric filter with an alarm on log group 'CloudTrail/CISLogGroup' of trail 'cis-trail' selects "
             "every CreateTrail, UpdateTrail, DeleteTrail, StartLogging, StopLogging event")


@dataclass(frozen=True)
class Case:
    path: str                       # under tests/documented/
    page: str                       # the page the case is written from
    fires: tuple[str, ...] = ()
    silent: tuple[str, ...] = ()
    note: str = ""                  # what the page says, where the case alone does not show it


CASES: tuple[Case, ...] = (
    # --- trail names -------------------------------------------------------------------------------
    Case("names-invalid.tf", UG + "cloudtrail-trail-naming-requirements.html",
         fires=("TL201 'my-_namespace'", "TL201 'my--namespace'", "TL201 '192.168.5.4'", "TL201 'ab'",
                "TL201 '-leading'", "TL201 'trailing.'", "TL201 'My Trail'", "TL201 'trail-café'")),
    Case("names-valid.tf", UG + "cloudtrail-trail-naming-requirements.html", silent=("TL201",),
         note="128 characters, a documented example name, separators apart, a dotted name that is no IP address"),
    Case("names-too-long.yaml", API + "API_CreateTrail.html", fires=("TL201 it has 129 characters",)),
    # --- quotas ------------------------------------------------------------------------------------
    Case("quota-worked-example.tf", UG + "cloudtrail-concepts.html",
         fires=("TL102 us-west-1 would hold 5 trails",), silent=("TL101",),
         note="two single-Region and two multi-Region trails of us-west-1 plus a multi-Region trail of "
              "ap-southeast-2 are five trails in us-west-1: full, not over"),
    Case("quota-sixth-trail.tf", UG + "WhatIsCloudTrail-Limits.html", fires=("TL101 6 trails would exist in us-west-1",)),
    Case("quota-member-account.describe-trails.json", UG + "creating-trail-organization.html",
         fires=("TL102 us-east-2 would hold 5 trails",
                ("TL002 TL101 (trail-quota-exceeded) cannot decide: 6 trails would exist in us-east-2 with the "
                "organization trail of another account")),
         silent=("TL101",),
         note="ambiguous: the pages say an organization trail is created in a member account at the limit, not "
              "whether it then counts towards that account's 5: the member's own five fill the Region, and the "
              "sixth with the organization trail is the open question, a TL002 that says so"),
    Case("quota-member-account-four.describe-trails.json", UG + "creating-trail-organization.html",
         fires=(("TL002 TL102 (trail-quota-full) cannot decide: us-east-2 would hold 5 trails with the organization "
                "trail of another account"),),
         silent=("TL101", "TL102", "TL002 TL101"),
         note="four trails of the member and the organization trail: full only if the organization trail counts"),
    Case("data-resources-250-allowed.json", UG + "WhatIsCloudTrail-Limits.html", silent=("TL103",),
         note="the page's two allowed examples: 5 selectors of 50 data resources; 3 of 50, one of 99, one of 1"),
    Case("data-resources-251.json", UG + "WhatIsCloudTrail-Limits.html",
         fires=("TL103 lists 251 data resources; the limit is 250",)),
    Case("data-resources-whole-type.json", UG + "WhatIsCloudTrail-Limits.html", silent=("TL103", "TL210"),
         note="the 250 quota does not apply to all S3 buckets or all Lambda functions (arn:aws:s3, arn:aws:lambda)"),
    Case("event-selectors-six.tf", UG + "WhatIsCloudTrail-Limits.html",
         fires=("TL103 trail 'six-selectors' has 6 event selectors; the limit is 5",)),
    Case("event-selectors-six.json", UG + "WhatIsCloudTrail-Limits.html", fires=("TL103 has 6 event selectors",)),
    Case("advanced-values-496.json", UG + "WhatIsCloudTrail-Limits.html", silent=("TL103",)),
    Case("advanced-values-501.json", UG + "WhatIsCloudTrail-Limits.html", fires=("TL103 uses 501 values",)),
    # --- advanced event selectors ---------------------------------------------------------------------
    Case("advanced-management-exclude-kms.yaml", UG + "logging-management-events-with-cloudtrail.html",
         silent=("TL210", "TL205")),
    Case("advanced-management-event-name.yaml", API + "API_AdvancedEventSelector.html",
         fires=("TL210 uses field eventName on management events, which only event data stores accept",)),
    Case("advanced-management-event-name.tf",
         "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail",
         fires=("TL210 uses field eventName on management events",), silent=("TL210 resources.ARN", "TL210 readOnly")),
    Case("advanced-management-user-arn.yaml", API + "API_AdvancedEventSelector.html",
         fires=("TL210 uses field userIdentity.arn on management events",)),
    Case("advanced-management-event-source-equals.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 uses Equals on field eventSource of management events",)),
    Case("advanced-read-only-not-equals.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 uses NotEquals on field readOnly; only Equals is allowed",)),
    Case("advanced-data-s3-two-buckets.yaml", UG + "logging-data-events-with-cloudtrail.html",
         silent=("TL210", "TL103", "TL309")),
    Case("advanced-data-all-fields.yaml", API + "API_AdvancedFieldSelector.html", silent=("TL210", "TL205", "TL103"),
         note="every field the page lists for a trail's data events, with an allowed operator on each"),
    Case("advanced-data-dynamodb.yaml", UG + "logging-data-events-with-cloudtrail.html", silent=("TL210",)),
    Case("advanced-data-without-type.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 selects data events but has no resources.type field",)),
    Case("advanced-data-wildcard.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 uses wildcard value 'arn:aws:s3:::*' on field resources.ARN",)),
    Case("advanced-data-exact-arns.yaml", API + "API_AdvancedFieldSelector.html",
         fires=(("TL210 uses Equals value 'arn:aws:s3:::amzn-s3-demo-bucket' on field resources.ARN, which is no "
                 "AWS::S3::Object ARN"),
                "TL210 uses NotEquals value 'my-other-function' on field resources.ARN"),
         silent=("TL210 'arn:aws:s3:::amzn-s3-demo-bucket2/", "TL210 'arn:aws:s3:::amzn-s3-demo-bucket3'",
                 "TL210 'arn:aws:lambda:us-east-2:123456789012:function:my-function'",
                 "TL210 'arn:aws:dynamodb:us-east-2:123456789012:table/orders'"),
         note="Equals and NotEquals take whole ARNs of the selector's resources.type; StartsWith takes a prefix"),
    Case("advanced-two-resource-types.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 has 2 resources.type fields; a selector takes one",)),
    Case("advanced-unknown-type.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 has resources.type 'AWS::S3::Bucket'",)),
    Case("advanced-network-activity.yaml", UG + "logging-network-events-with-cloudtrail.html", silent=("TL210",)),
    Case("advanced-network-activity-no-source.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 selects network activity events but has no eventSource field",)),
    Case("advanced-network-activity-read-only.yaml", API + "API_AdvancedEventSelector.html",
         fires=("TL210 uses field readOnly, which network activity events do not support",)),
    Case("advanced-value-lengths.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 has a name of 1001 characters; the limit is 1000",
                "TL210 has a value of 2054 characters on field resources.ARN")),
    Case("advanced-network-activity-operators.yaml", UG + "logging-network-events-with-cloudtrail.html",
         fires=("TL210 uses NotEquals on field eventSource of network activity events; only Equals is allowed",
                "TL210 uses NotEquals on field errorCode of network activity events; only Equals is allowed")),
    Case("advanced-network-activity-examples.aws", UG + "logging-network-events-with-cloudtrail.html",
         silent=("TL210", "TL205", "TL103"),
         note="the page's CLI examples for trails: management events and five event sources, VpceAccessDenied "
              "events of KMS, and of EC2 over one VPC endpoint, as get-event-selectors returns them"),
    Case("basic-selector-value-forms.yaml", API + "API_DataResource.html", silent=("TL210", "TL103"),
         note="every resource of a type (arn:aws:s3, arn:aws:s3:::, arn:aws:lambda, arn:aws:dynamodb), a bucket's "
              "objects, a prefix, one function and one table: ARNs or partial ARNs of the type"),
    Case("advanced-newer-data-types.yaml", UG + "logging-data-events-with-cloudtrail.html", silent=("TL210",),
         note="types only advanced selectors log; the list ships dated (selector-values.json)"),
    Case("advanced-network-activity-user-arn.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 has errorCode 'AccessDenied'; the only valid value is 'VpceAccessDenied'",),
         silent=("TL210 advanced event selector of trail 'network-by-caller'",),
         note="userIdentity.arn is the one field network activity events take on trails beyond the five of "
              "event data stores"),
    Case("advanced-empty-operator.json", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 gives operator StartsWith no value on field resources.ARN",),
         note="each operator is an array of minimum 1 item"),
    # --- Insights -----------------------------------------------------------------------------------
    Case("insights-write-only-api-call-rate.yaml", UG + "logging-insights-events-with-cloudtrail.html",
         fires=("TL317 ApiCallRateInsight on trail 'read-only-insights' analyses write management events",)),
    Case("insights-error-rate-read-only.yaml", UG + "logging-insights-events-with-cloudtrail.html", silent=("TL317",),
         note="ApiErrorRate Insights need read or write management events"),
    Case("insights-no-management-events.yaml", UG + "logging-insights-events-with-cloudtrail.html",
         fires=("TL317 ApiCallRateInsight", "TL317 ApiErrorRateInsight")),
    Case("insights-advanced-read-only.yaml", UG + "logging-insights-events-with-cloudtrail.html",
         fires=("TL317 ApiCallRateInsight on trail 'advanced-reads'",), silent=("TL317 ApiErrorRateInsight",)),
    Case("insights-read-only-trail.tf", UG + "logging-insights-events-with-cloudtrail.html",
         fires=("TL317 ApiCallRateInsight on trail 'read-only-insights' analyses write management events",),
         silent=("TL317 ApiErrorRateInsight",)),
    Case("insights-unknown-type.yaml", API + "API_InsightSelector.html",
         fires=("TL210 has InsightType 'ApiCallVolumeInsight'", "TL210 has event category 'NetworkActivity'")),
    Case("insights-both-types.tf", UG + "logging-insights-events-with-cloudtrail.html", silent=("TL317", "TL210")),
    Case("insights-data-and-excluded-sources.yaml", UG + "logging-insights-events-with-cloudtrail.html",
         silent=("TL317", "TL210"),
         note="Insights on data events need data events, read ones will do; leaving out the KMS events keeps the "
              "write management events the API call rate analyses"),
    # --- CreateTrail / UpdateTrail parameters ----------------------------------------------------------
    Case("multi-region-without-global-events.yaml", API + "API_CreateTrail.html",
         fires=("TL202 multi-Region trail 'all-regions' turns off global service events",)),
    Case("multi-region-without-global-events.tf", API + "API_CreateTrail.html",
         fires=("TL202 multi-Region trail 'all-regions' turns off global service events",)),
    Case("single-region-without-global-events.yaml", UG + "cloudtrail-create-and-update-a-trail-by-using-the-aws-cli.html",
         fires=("TL316",), silent=("TL202",)),
    Case("cloudwatch-log-group-without-role.yaml", API + "API_UpdateTrail.html",
         fires=("TL203 sends events to a CloudWatch Logs log group but names no role",)),
    Case("cloudwatch-role-without-log-group.yaml", API + "API_CreateTrail.html",
         fires=("TL203 names a CloudWatch Logs role but no log group",)),
    Case("s3-key-prefix-200.yaml", API + "API_CreateTrail.html", silent=("TL206",)),
    Case("s3-key-prefix-201.tf", API + "API_CreateTrail.html",
         fires=("TL206 the S3 key prefix of trail 'long-prefix' has 201 characters; the limit is 200",),
         note="Terraform accepts up to 2,000 characters; CreateTrail at most 200"),
    Case("s3-key-prefix-201.yaml", API + "API_CreateTrail.html", fires=("TL206 has 201 characters; the limit is 200",)),
    Case("sns-topic-arn.tf", API + "API_CreateTrail.html",
         fires=("TL218 SNS topic 'my.trail.notifications' of trail 'topic-dotted' is no topic name or topic ARN",),
         silent=("TL218 'arn:aws:sns:us-west-2:123456789012:my-trail-notifications'",
                 ("TL002 TL208 (sns-policy-blocks-delivery) and TL220 (sns-key-blocks-notifications) cannot decide: "
                  "SNS topic 'my.trail.notifications'")),
         note="SnsTopicName takes the name or the ARN of the topic; a topic of another Region by its ARN"),
    Case("cloudwatch-logs-arn-forms.yaml", UG + "cloudtrail-create-and-update-a-trail-by-using-the-aws-cli-update-trail.html",
         fires=("TL219 CloudWatch Logs log group 'CloudTrail/DefaultLogGroupTest' of trail 'names-only' is no log group ARN",
                "TL219 CloudWatch Logs role 'CloudTrail_CloudWatchLogs_Role' of trail 'names-only' is no IAM role ARN"),
         silent=("TL219 'documented-arns'", "TL203",
                 "TL002 TL314 (no-trail-change-alarm) cannot decide: log group '<log group>'"),
         note="a value that names no log group is TL219 only: there is no log group whose alarms TL314 could look at"),
    Case("cloudwatch-logs-arn-forms.tf", API + "API_CreateTrail.html",
         fires=("TL219 CloudWatch Logs log group 'arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail/logs:log-stream:",
                ("TL219 CloudWatch Logs role 'arn:aws:iam::123456789012:user/CloudTrail_CloudWatchLogs_Role' of trail "
                "'stream-arn' is no IAM role ARN"),
                ("TL219 CloudWatch Logs log group 'arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail/logs' of "
                 "trail 'without-suffix' does not end in ':*'")),
         silent=(("TL002 TL314 (no-trail-change-alarm) cannot decide: log group 'CloudTrail/logs:log-stream:"),),
         note="a log group ARN without the trailing :* is rejected (InvalidCloudWatchLogsLogGroupArnException): the "
              "User Guide's examples end in :*, and Terraform's aws_cloudtrail page says CloudTrail requires it"),
    Case("cloudwatch-log-group-names.yaml", UG + "cloudwatch-log-group-log-stream-naming-for-cloudtrail.html",
         fires=(("TL219 'arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail logs:*' of trail 'spaces' is no "
                "log group ARN: its name contains ' '"),
                "TL219 of trail 'too-long' is no log group ARN: its name has 513 characters; 1 to 512 are allowed"),
         silent=("TL219 'allowed'", "TL219 'longest'",
                 "TL002 TL314 (no-trail-change-alarm) cannot decide: log group 'CloudTrail logs'"),
         note="a name no log group can have names no log group: TL219 only, as for a bare name"),
    Case("sns-topic-name-257.yaml", API + "API_CreateTrail.html",
         fires=("TL218 the SNS topic of trail 'notified' has 257 characters; the limit is 256",)),
    Case("sns-topic-name-256.tf", API + "API_CreateTrail.html", silent=("TL218",)),
    Case("kms-multi-region-key.yaml", API + "API_CreateTrail.html", silent=("TL217", "TL303"),
         note="multi-Region keys (mrk-…) are accepted, by key ARN or key ID"),
    Case("quota-organization-trail.tf", UG + "creating-trail-organization.html",
         fires=("TL101 6 trails would exist in us-east-2, over the quota of 5 per Region: org-trail",),
         note="an organization trail cannot be created when the management account is at the limit in its Region"),
    Case("cfn-without-is-logging.yaml",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html",
         fires=("TL211 has no IsLogging, which is required",)),
    Case("both-selector-kinds.yaml", API + "API_AdvancedEventSelector.html",
         fires=("TL205 trail 'both-kinds' has both basic and advanced event selectors",)),
    Case("basic-selector-exclude-kms-rds.yaml", API + "API_EventSelector.html",
         fires=("TL210 excludes 's3.amazonaws.com'",), silent=("TL210 'without-kms-and-rds-data'",)),
    Case("basic-selector-read-write-type.yaml", API + "API_EventSelector.html",
         fires=("TL210 has ReadWriteType 'Read'; use All, ReadOnly or WriteOnly",)),
    Case("basic-selector-s3-bucket-arn.yaml", API + "API_DataResource.html",
         fires=("TL210 logs data resource type 'AWS::EC2::Snapshot', which basic selectors do not support",),
         silent=("TL210 wildcard",)),
    Case("basic-selector-bucket-arn.yaml", API + "API_DataResource.html",
         fires=("TL210 has data resource value 'arn:aws:s3:::amzn-s3-demo-bucket1', a bucket's ARN",
                "TL210 has data resource value 'amzn-s3-demo-bucket2/', which is no AWS::S3::Object ARN"),
         silent=("TL210 'arn:aws:lambda:us-west-2:111111111111:function:helloworld'",)),
    Case("basic-selector-no-events.yaml",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
         "aws-properties-cloudtrail-trail-eventselector.html",
         fires=("TL210 event selector of trail 'selects-nothing' selects neither management events nor data resources",),
         note="the first selector, with management events and no data resources, is fine"),
    # --- S3 bucket policy ------------------------------------------------------------------------------
    Case("bucket-policy-documented.json", UG + "create-s3-bucket-policy-for-cloudtrail.html", silent=("TL207", "TL319")),
    Case("bucket-policy-documented-prefix.json", UG + "create-s3-bucket-policy-for-cloudtrail.html", silent=("TL207",)),
    Case("bucket-policy-prefix-mismatch.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=(("TL207 no statement allows cloudtrail.amazonaws.com s3:PutObject on "
                "arn:aws:s3:::my-trail-logs-123456789012/audit/AWSLogs/123456789012/*"),)),
    Case("bucket-policy-deny-insecure-transport.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         silent=("TL207", "TL002 TL207", "TL307")),
    Case("bucket-policy-without-source-arn.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=("TL319 statement 'AWSCloudTrailWrite20150319' of the bucket policy",
                "TL319 statement 'AWSCloudTrailAclCheck20150319' of the bucket policy"),
         silent=("TL207",), note="aws:SourceArn is a best practice, not needed for delivery: TL319, not TL207"),
    Case("bucket-policy-source-account.json", UG + "create-s3-bucket-policy-for-cloudtrail.html", silent=("TL207",)),
    Case("bucket-policy-source-arn-like.json", UG + "create-s3-bucket-policy-for-cloudtrail.html", silent=("TL207", "TL002 TL207")),
    Case("bucket-policy-source-account-other.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName': the "
                "aws:SourceAccount condition of statement 'AWSCloudTrailAclCheck20150319' excludes it"),)),
    Case("bucket-policy-source-arn-if-exists-other.json", IAM + "reference_policies_elements_condition_operators.html",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName': the "
                 "aws:SourceArn condition of statement 'AWSCloudTrailAclCheck20150319' excludes it"),)),
    Case("bucket-policy-source-arn-two-trails.json", IAM + "reference_policies_multi-value-conditions.html",
         silent=("TL207", "TL002 TL207")),
    Case("bucket-policy-deny-null-source-arn.json", IAM + "reference_policies_elements_condition_operators.html",
         silent=("TL207", "TL002 TL207")),
    Case("bucket-policy-deny-other-source-account.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         silent=("TL207", "TL002 TL207")),
    Case("bucket-policy-deny-source-account-mismatch.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName'",
                "TL207 statement 'DenyOtherSourceAccounts' denies s3:PutObject")),
    Case("bucket-policy-acl-private.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName': the "
                "s3:x-amz-acl condition of statement 'AWSCloudTrailWrite20150319' excludes it"),),
         note="CloudTrail writes its log files with the bucket-owner-full-control ACL"),
    Case("bucket-policy-other-trail.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=("TL207 the aws:SourceArn condition of statement 'AWSCloudTrailAclCheck20150319' excludes it",)),
    Case("bucket-policy-other-region.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=("TL207 the aws:SourceArn condition",)),
    Case("bucket-requester-pays.tf", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=("TL207 log bucket 'amzn-s3-demo-bucket' of trail 'trailName' is a Requester Pays bucket",),
         silent=("TL207 blocks delivery",), note="the page's policy lets CloudTrail write; the payer setting does not"),
    Case("bucket-policy-no-acl-check.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=("TL207 no statement allows cloudtrail.amazonaws.com s3:GetBucketAcl",)),
    Case("bucket-policy-organization-documented.json",
         UG + "cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html", silent=("TL207",)),
    Case("bucket-policy-organization-path-only.json",
         UG + "cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html", silent=("TL207",),
         note="the management account's own path is for the trail turned back into an account trail"),
    Case("bucket-policy-organization-member-source-arn.json", UG + "cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html",
         fires=(("TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: bucket policy of "
                 "'my-trail-logs-123456789012' of trail 'trailName'"),
                ("TL002 excludes it, unless the account that deploys the organization trail is a CloudTrail "
                 "delegated administrator")),
         silent=("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery",),
         note="aws:SourceArn must be the organization trail's ARN, in the management account; whether the stack's "
              "account is the management account or a delegated administrator (whose organization trails the "
              "management account owns, cloudtrail-delegated-administrator.html) the inputs do not say"),
    Case("bucket-policy-organization-management-source-arn", UG + "cloudtrail-delegated-administrator.html",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName': the "
                 "aws:SourceArn condition of statement 'AWSCloudTrailAclCheck20150319' excludes it"),),
         note="the same stack, in an account the configuration names the management account: the trail is its own"),
    Case("organization-trail-delegated-admin.tf", UG + "cloudtrail-delegated-administrator.html",
         fires=(("TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: bucket policy of 'org-logs-123456789012' "
                 "of trail 'org-trail'"),
                "TL002 unless the account that deploys the organization trail is a CloudTrail delegated administrator"),
         silent=("TL207 bucket policy of 'org-logs-123456789012' blocks delivery",),
         note="\"The management account remains the owner of any CloudTrail organization resources the delegated "
              "administrator creates\": a policy naming the management account's trail ARN is right there"),
    Case("bucket-policy-organization-account-path-only.json",
         UG + "cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html",
         fires=(("TL207 no statement allows cloudtrail.amazonaws.com s3:PutObject on "
                "arn:aws:s3:::my-trail-logs-123456789012/AWSLogs/<org-id>/*"),)),
    Case("terraform-registry-example.tf", "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail",
         fires=("TL302", "TL316"), silent=("TL207", "TL202", "TL201")),
    Case("terraform-registry-selectors.tf",
         "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail",
         silent=("TL210", "TL103", "TL205", "TL101"), fires=("TL102 us-east-2 would hold 5 trails",),
         note="the page's selector examples as five trails of one Region: the quota is full, not exceeded"),
    Case("organization-trail.tf", UG + "creating-trail-organization.html",
         silent=("TL207", "TL209", "TL101", "TL002 TL207"),
         note="the organization statement's Resource uses the organization ID a data source returns (and the bucket "
              "ARN, known after apply): the data source reads the organization of the account the trail's own "
              "provider configuration signs in to, the organization the trail belongs to, so the policy covers "
              "AWSLogs/<org-id>/ whatever the ID is"),
    # --- the same value not known offline on both sides ------------------------------------------------
    Case("cloudformation-trail-sample-stack.yaml",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html",
         silent=("TL207", "TL208", "TL002 TL207", "TL002 TL208"),
         note="the page's example, verbatim, in an account not given: the bucket policy names the generated bucket "
              "(${S3Bucket}) and the stack's account, the very bucket and account the trail writes to"),
    Case("cloudformation-trail-sample-stack.json",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html",
         silent=("TL207", "TL208", "TL002 TL207", "TL002 TL208"), note="the same example in JSON, long-form functions"),
    Case("kms-policy-stack-account.yaml", UG + "create-kms-key-policy-for-cloudtrail.html",
         silent=("TL207", "TL209", "TL002 TL207", "TL002 TL209"),
         note="the page's key policy with ${AWS::AccountId} for the account: the trail's own, in the same stack"),
    Case("bucket-policy-generated-name.tf", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         silent=("TL207", "TL002 TL207"),
         note="the page's bucket policy in Terraform, for a bucket named at apply, in the provider's account"),
    # --- KMS key policy --------------------------------------------------------------------------------
    Case("rcp-kms-examples.yaml", "https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html",
         fires=("TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: RCP 'confused-deputy'",),
         silent=("TL209 RCP", "TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: RCP 'identity-perimeter'",
                 "TL207", "TL002 TL207"),
         note="the identity perimeter exempts service principals; the confused deputy RCP requires aws:SourceOrgID, "
              "which no CloudTrail page says CloudTrail's request carries, and the organization ID is not in the "
              "inputs either: undecided"),
    Case("rcp-s3-confused-deputy.yaml", ORG + "orgs_manage_policies_rcps_examples.html",
         fires=("TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: RCP 'confused-deputy'",),
         silent=("TL207 RCP", "TL207 bucket policy of 'LogBucket' blocks delivery"),
         note="CloudTrail's request carries aws:SourceAccount (the trail's account, not one of the listed third "
              "parties), so the Deny holds unless aws:SourceOrgID is the organization's: which no CloudTrail page "
              "says the request carries, and the organization ID is not in the inputs either: undecided"),
    Case("rcp-s3-confused-deputy-listed-account.yaml", IAM + "reference_policies_multi-value-conditions.html",
         silent=("TL207", "TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: RCP"),
         note="the keys of one operator are ANDed: with the trail's account among the aws:SourceAccount values, "
              "that key's StringNotEqualsIfExists is false and the Deny cannot hold, whatever aws:SourceOrgID is"),
    Case("rcp-s3-management-account.yaml", ORG + "orgs_manage_policies_rcps.html",
         silent=("TL207", "TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: RCP")),
    Case("rcp-s3-secure-transport.yaml", ORG + "orgs_manage_policies_rcps_examples.html",
         silent=("TL207", "TL002 TL207 (bucket-policy-blocks-delivery) cannot decide: RCP"),
         note="the same reading as the bucket policy's Deny of insecure transport: CloudTrail writes over HTTPS"),
    Case("kms-policy-documented.json", UG + "create-kms-key-policy-for-cloudtrail.html", silent=("TL209", "TL319"),
         note="its DescribeKey statement has no condition, as documented: not a TL319"),
    Case("kms-policy-two-accounts.json", UG + "create-kms-key-policy-for-cloudtrail.html", silent=("TL209",)),
    Case("kms-policy-console-default.json", UG + "default-kms-key-policy.html", silent=("TL209", "TL318", "TL002 TL209"),
         note="the decrypt statements name Principal AWS * but confine it to the account with kms:CallerAccount"),
    Case("kms-policy-organization-trail.json", UG + "create-kms-key-policy-for-cloudtrail.html",
         silent=("TL209", "TL002 TL209")),
    Case("kms-policy-organization-source-account.json", UG + "create-kms-key-policy-for-cloudtrail.html", silent=("TL209", "TL002 TL209"),
         note="for an organization trail, aws:SourceAccount is the management account's ID"),
    Case("kms-policy-organization-member-account.json", UG + "create-kms-key-policy-for-cloudtrail.html",
         fires=(("TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: key policy of 'LogKey' of trail 'trailName' "
                 "may not let CloudTrail call kms:GenerateDataKey on the key: the aws:SourceAccount condition of "
                 "statement 'Allow CloudTrail to encrypt logs' excludes it, unless the account that deploys the "
                 "organization trail is a CloudTrail delegated administrator"),),
         silent=("TL209 key policy of 'LogKey' does not let CloudTrail",),
         note="an account's ID in aws:SourceAccount other than the management account's does not match an "
              "organization trail's requests; whether the stack's account is the management account or a delegated "
              "administrator (cloudtrail-delegated-administrator.html) the inputs do not say"),
    Case("kms-policy-context-other-account.json", UG + "create-kms-key-policy-for-cloudtrail.html",
         fires=("TL209 the kms:EncryptionContext:aws:cloudtrail:arn condition",)),
    Case("kms-policy-other-trail.json", UG + "create-kms-key-policy-for-cloudtrail.html",
         fires=("TL209 the aws:SourceArn condition of statement 'Allow CloudTrail to encrypt logs' excludes it",)),
    Case("kms-policy-root-only.json", UG + "create-kms-key-policy-for-cloudtrail.html",
         fires=("TL209 no statement allows cloudtrail.amazonaws.com kms:GenerateDataKey",)),
    Case("kms-policy-without-describe.json", UG + "create-kms-key-policy-for-cloudtrail.html",
         fires=("TL209 does not let CloudTrail describe the key of trail 'trailName'",)),
    Case("kms-asymmetric-key.yaml", UG + "how-kms-works-with-cloudtrail.html",
         fires=("TL222 KMS key 'AsymmetricKey' of trail 'rsa-key' has key spec RSA_2048",),
         silent=("TL222 'symmetric-key'", "TL209", "TL002 TL209", "TL002 TL222"),
         note="CloudTrail and S3 support only symmetric KMS keys, whatever the key policy allows"),
    Case("kms-asymmetric-key.tf", UG + "how-kms-works-with-cloudtrail.html",
         fires=("TL222 KMS key 'aws_kms_key.hmac' of trail 'hmac-key' has key spec HMAC_256",),
         note="an HMAC key is no symmetric encryption key; its default key policy is TL209 besides"),
    Case("kms-aws-managed-key.yaml", UG + "encrypting-cloudtrail-log-files-with-aws-kms.html",
         fires=(("TL209 KMS key 'alias/aws/s3' of trail 's3-managed-key' is an AWS managed key, whose key policy "
                "cannot be changed"),
                "TL209 KMS key 'arn:aws:kms:us-east-2:123456789012:alias/aws/s3' of trail 'managed-alias-arn'"),
         silent=("TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: KMS key 'alias/aws/s3'", "TL303",
                 "TL209 'customer-alias'"),
         note="CloudTrail must be granted GenerateDataKey and DescribeKey in the key policy, and only a customer "
              "managed key's policy can be changed (key-policy-modifying.html): the AWS managed key for S3 never "
              "lets CloudTrail encrypt; alias/aws-trail-logs is a customer managed key's alias"),
    # --- SNS topic policy ----------------------------------------------------------------------------
    Case("sns-policy-documented.json", UG + "cloudtrail-permissions-for-sns-notifications.html",
         silent=("TL208", "TL319 statement 'AWSCloudTrailSNSPolicy20150319'")),
    Case("sns-policy-default-without-condition.yaml", UG + "cloudtrail-permissions-for-sns-notifications.html",
         fires=(("TL319 statement 'AWSCloudTrailSNSPolicy20131101' of the topic policy of 'Topic' of trail 'trailName' "
                "lets CloudTrail call SNS:Publish for any trail"),),
         silent=("TL208", "TL319 of the bucket policy", "TL320"),
         note="the statement CloudTrail adds delivers, and the page asks to add aws:SourceArn or aws:SourceAccount"),
    Case("sns-policy-source-account.json", UG + "cloudtrail-permissions-for-sns-notifications.html",
         silent=("TL208",), note="aws:SourceAccount is supported, though not recommended"),
    Case("sns-policy-other-trail.json", UG + "cloudtrail-permissions-for-sns-notifications.html",
         fires=("TL208 the aws:SourceArn condition of statement 'AWSCloudTrailSNSPolicy20150319' excludes it",)),
    Case("sns-policy-account-principal-only.json", UG + "cloudtrail-permissions-for-sns-notifications.html",
         fires=("TL208 no statement allows cloudtrail.amazonaws.com SNS:Publish",)),
    Case("sns-topic-without-policy.json", UG + "cloudtrail-permissions-for-sns-notifications.html",
         fires=("TL208 has the default topic policy",)),
    # --- the KMS key of an encrypted SNS topic -----------------------------------------------------------
    Case("sns-topic-encrypted-documented.yaml", UG + "cloudtrail-permissions-for-sns-notifications.html",
         silent=("TL220", "TL002 TL220"), note="the page's KMS key policy statement, verbatim, on the topic's key"),
    Case("sns-topic-encrypted-other-service.yaml",
         "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
         fires=("TL220 no statement allows cloudtrail.amazonaws.com kms:GenerateDataKey",),
         note="the SNS guide's statement for an AWS service that publishes to an encrypted topic, for EventBridge"),
    Case("sns-topic-encrypted-without-decrypt.yaml", UG + "cloudtrail-permissions-for-sns-notifications.html",
         fires=("TL220 no statement allows cloudtrail.amazonaws.com kms:Decrypt",),
         note="the page's statement without kms:Decrypt"),
    Case("sns-topic-aws-managed-key.tf", "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying.html",
         fires=("TL220 is encrypted with the AWS managed key 'alias/aws/sns'",),
         note="only a customer managed key's policy can be changed: the AWS managed key for Amazon SNS can never be "
              "given the statement for CloudTrail"),
    # --- CloudWatch Logs role ---------------------------------------------------------------------------
    Case("cloudwatch-logs-role-documented.yaml", UG + "cloudtrail-required-policy-for-cloudwatch-logs.html",
         silent=("TL215", "TL203", "TL306")),
    Case("cloudwatch-logs-role-without-put-log-events.yaml", UG + "cloudtrail-required-policy-for-cloudwatch-logs.html",
         fires=(("TL215 does not allow logs:PutLogEvents on arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail/logs"
                ":log-stream:123456789012_CloudTrail_us-east-2"),), silent=("TL215 logs:CreateLogStream",)),
    Case("cloudwatch-logs-role-other-log-group.yaml", UG + "cloudwatch-log-group-log-stream-naming-for-cloudtrail.html",
         fires=("TL215 does not allow logs:CreateLogStream or logs:PutLogEvents",)),
    Case("cloudwatch-logs-role-trust-other-service.yaml", UG + "send-cloudtrail-events-to-cloudwatch-logs.html",
         fires=("TL215 does not let CloudTrail assume it: no statement allows cloudtrail.amazonaws.com sts:AssumeRole",),
         note="the page's permissions policy on a role that trusts EC2, not CloudTrail"),
    Case("cloudwatch-logs-role-trust.aws", UG + "send-cloudtrail-events-to-cloudwatch-logs.html",
         fires=(("TL215 CloudWatch Logs role 'arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role_lambda' of "
                "trail 'lambda-trail' does not let CloudTrail assume it"),),
         silent=("TL215 'documented-trail'", "TL002 TL215"),
         note="get-account-authorization-details: the documented role trusts cloudtrail.amazonaws.com, the other Lambda"),
    Case("cloudwatch-logs-role-organization.yaml", UG + "cloudtrail-required-policy-for-cloudwatch-logs.html",
         fires=(("TL215 CloudWatch Logs role 'LogsRole' of trail 'org-trail' does not allow logs:CreateLogStream or "
                "logs:PutLogEvents on arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail/org:log-stream:o-<org-id>_*"),),
         note="an organization trail's role must also allow the o-<orgid>_* streams of member accounts"),
    Case("cloudwatch-logs-role-organization-id.yaml", UG + "cloudtrail-required-policy-for-cloudwatch-logs.html",
         fires=(("TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: CloudWatch Logs role 'LogsRole' of "
                "trail 'org-trail' may not allow logs:CreateLogStream on "
                "arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail/org:log-stream:o-<org-id>_*"),),
         silent=("TL215",), note="the page's policy for organization trails, with an organization ID the inputs do not tie"),
    Case("cloudwatch-logs-role-organization-any-stream.yaml", UG + "cloudtrail-required-policy-for-cloudwatch-logs.html",
         silent=("TL215", "TL002 TL215"), note="every stream of the log group covers the member accounts' streams"),
    Case("cloudwatch-logs-other-account.yaml", API + "API_CreateTrail.html",
         fires=("TL216 CloudWatch Logs log group", "TL216 CloudWatch Logs role"), silent=("TL203",)),
    # --- IAM access to trails (TL4xx) -----------------------------------------------------------------
    Case("iam-one-trail-policy.aws", UG + "security_iam_id-based-policy-examples.html",
         fires=("TL401 user trail-operator can StopLogging on 'My-First-Trail'",
                "TL406 user pauser can stop logging on 'My-First-Trail' but cannot start it again"),
         silent=("TL401 'Other-Trail'", "TL403", "TL404", "TL406 trail-operator"),
         note="the page's policy for one trail: its actions all take the trail's ARN, and grant nothing on another trail"),
    Case("iam-deny-all-but-one-trail.aws", UG + "security_iam_id-based-policy-examples.html",
         fires=(("TL401 user first-trail-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on "
                "'My-First-Trail'"),),
         silent=("TL401 'Other-Trail'",),
         note="the page's Deny cloudtrail:* with NotResource the one trail, beside AWSCloudTrail_FullAccess: "
              "every other trail is out of reach"),
    Case("iam-full-access.aws", UG + "security_iam_id-based-policy-examples.html",
         fires=(("TL401 role trail-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on "
                "'My-First-Trail', 'Other-Trail'"),),
         silent=("TL401 role auditor",),
         note="AWSCloudTrail_FullAccess allows cloudtrail:* on *; AWSCloudTrail_ReadOnlyAccess only Get, Describe, "
              "List and LookupEvents"),
    Case("iam-stop-every-trail.json", "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html",
         fires=("TL402 statement 'ManageLogging' of policy iam-stop-every-trail.json allows StopLogging on every trail",),
         note="StopLogging takes a trail ARN: a statement can name the trails instead of *"),
    Case("iam-member-organization-trail.aws", UG + "creating-trail-organization.html",
         fires=(("TL401 role member-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on "
                "'member-trail'"),),
         silent=("TL401 'org-trail'",),
         note="users and roles of member accounts can see the organization trail but not stop, delete or change it, "
              "whatever their policies allow"),
    Case("iam-developer-group.aws", UG + "security_iam_id-based-policy-examples.html", silent=("TL401", "TL403", "TL406"),
         note="the developer group: Deny StartLogging/StopLogging on Example-Trail, Allow DescribeTrails, GetTrail "
              "and GetTrailStatus on *: its member can view the trail but not stop it"),
    Case("iam-no-resource-level.json", "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html",
         fires=(("TL403 statement 'ViewMyFirstTrail' of policy iam-no-resource-level.json allows cloudtrail:DescribeTrails, "
                "cloudtrail:ListPublicKeys, cloudtrail:ListTrails, cloudtrail:LookupEvents only on specific resources"),),
         silent=("TL403 GetTrail",), note="DescribeTrails, ListTrails, LookupEvents and ListPublicKeys take no resource"),
    Case("iam-shadow-region-arn.aws", API + "API_StartLogging.html",
         fires=(("TL404 trail ARN 'arn:aws:cloudtrail:us-west-2:123456789012:trail/My-First-Trail' in statement "
                "'OregonCopy' of policy oregon-trail matches no known trail"),),
         note="StopLogging and StartLogging act on the trail in its home Region, not on its shadow copies: the "
              "trail ARN in us-west-2 names no trail"),
    Case("iam-read-only-policy.aws", UG + "security_iam_id-based-policy-examples.html",
         silent=("TL401", "TL402", "TL403", "TL406", "TL408"),
         note="the page's read-only policy (Get*, Describe*, List*, LookupEvents on *), equal to "
              "AWSCloudTrail_ReadOnlyAccess: it cannot create, update, start or stop trails"),
    Case("iam-star-logging.aws", UG + "security_iam_id-based-policy-examples.html",
         fires=("TL401 role logger can StopLogging on 'My-First-Trail'",), silent=("TL406", "TL401 DeleteTrail"),
         note="the page's wildcard example: cloudtrail:*Logging allows StartLogging and StopLogging"),
    Case("iam-recent-actions.aws", SAR, silent=("TL401", "TL402", "TL403", "TL408"),
         note="query generator, sample query search, dashboards, federation, event configuration, results summaries "
              "and service-linked channels, allowed on *: all real actions, none of them changes a trail"),
    Case("iam-recent-actions-without-resource.aws", SAR,
         fires=(("TL403 statement 'OnTrail' of policy lake-inline allows cloudtrail:GetImport, cloudtrail:ListDashboards, "
                 "cloudtrail:ListImportFailures, cloudtrail:SearchSampleQueries only on specific resources"),),
         note="SearchSampleQueries, ListDashboards, GetImport and ListImportFailures list no resource type"),
    Case("iam-lake-actions-on-trail.aws", SAR,
         fires=(("TL403 statement 'OnTrail' of policy lake-inline allows cloudtrail:GenerateQuery, "
                 "cloudtrail:StartDashboardRefresh, cloudtrail:EnableFederation on trail ARNs and on none of the "
                 "dashboards or event data stores"),),
         note="GenerateQuery and EnableFederation act on event data stores, StartDashboardRefresh on dashboards"),
    Case("iam-resource-policy-on-trail.aws", SAR,
         fires=(("TL403 statement 'OnTrail' of policy rp-inline allows cloudtrail:PutResourcePolicy, "
                 "cloudtrail:DeleteResourcePolicy, cloudtrail:GetResourcePolicy on trail ARNs and on none of the "
                 "channels, dashboards or event data stores"),),
         note="the resource policy actions act on channels, dashboards and event data stores: a trail takes none"),
    Case("iam-writes-that-keep-the-record.aws", SAR, silent=("TL401", "TL402", "TL406", "TL408"),
         note="PutInsightSelectors, PutEventConfiguration, AddTags, RemoveTags, the resource policy actions, "
              "DisableFederation and the event data store writes: none stops, deletes or changes what a trail "
              "records (API_PutInsightSelectors, aggregating-data-events: summaries beside the events)"),
    Case("iam-api-operation-not-an-action.aws", SAR,
         fires=(("TL408 statement 'Insights' of policy insights-inline names cloudtrail:ListInsightsMetricData, which "
                 "is no CloudTrail action: it allows nothing by it (the API operation ListInsightsMetricData is "
                 "authorised by cloudtrail:ListInsightsData and cloudtrail:LookupEvents)"),),
         note="the page's API operations table: ListInsightsMetricData is authorised by ListInsightsData and "
              "LookupEvents, and no action has its name"),
    Case("iam-lake-roles.tf", UG + "security_iam_id-based-policy-examples.html",
         fires=("TL401 role trail-operator can StopLogging on 'My-First-Trail'",
                ("TL403 statement 'QueryGenerator' of policy aws_iam_role_policy.lake allows cloudtrail:GenerateQuery on "
                "trail ARNs"),
                ("TL403 statement 'QueryGenerator' of policy aws_iam_role_policy.lake allows "
                "cloudtrail:SearchSampleQueries only on specific resources")),
         silent=("TL401 auditor", "TL403 GetEventConfiguration", "TL406"),
         note="the page's one-trail policy in Terraform, beside AWSCloudTrail_ReadOnlyAccess and a query-generator "
              "role scoped to the trail (GetEventConfiguration takes a trail, GenerateQuery an event data store, "
              "SearchSampleQueries nothing: Service Authorization Reference)"),
    Case("iam-dashboards-and-developers.yaml", UG + "security_iam_id-based-policy-examples.html",
         fires=(("TL401 role trail-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on "
                "'My-First-Trail'"),
                "TL403 statement 'Dashboards' of policy dashboards allows cloudtrail:StartQuery on dashboard ARNs"),
         silent=("TL401 dev", "TL401 dashboards", "TL403 StartDashboardRefresh", "TL403 EventConfig"),
         note="the developer group's two policies (Deny StartLogging/StopLogging on the trail, Allow DescribeTrails, "
              "GetTrail, GetTrailStatus on *) in CloudFormation; AWSCloudTrail_FullAccess; a dashboards role: "
              "the dashboard operations are also authorised by StartQuery, which acts on event data stores "
              "(the page's API operations table), so StartQuery on dashboard ARNs grants nothing"),
    # --- audit-trail integrity (TL3xx) --------------------------------------------------------------------
    Case("logging-stopped.yaml",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html",
         fires=("TL301 trail 'stopped' is not logging",)),
    Case("logging-disabled.tf", UG + "cloudtrail-turning-off-logging.html", fires=("TL301 trail 'stopped' is not logging",)),
    Case("validation-default.yaml", API + "API_CreateTrail.html",
         fires=("TL302 log file validation is disabled for trail 'no-digest-files'",)),
    Case("kms-alias-forms.yaml", API + "API_CreateTrail.html", silent=("TL303", "TL204", "TL209", "TL211", "TL217"),
         note="an alias name, an alias ARN, a key ARN and a key ID are all accepted"),
    Case("kms-key-id-invalid.yaml", API + "API_CreateTrail.html",
         fires=("TL217 KMS key ID 'MyAliasName' of trail 'named-key' is no alias name",), silent=("TL303",)),
    Case("kms-key-other-region.tf", UG + "encrypting-cloudtrail-log-files-with-aws-kms.html",
         fires=("TL204 the KMS key of trail 'encrypted' is in us-west-2 but its log bucket",)),
    Case("kms-key-bucket-region.tf", UG + "encrypting-cloudtrail-log-files-with-aws-kms.html",
         fires=(("TL204 the KMS key of trail 'trail-region-key' is in us-east-2 but its log bucket "
                "'my-trail-logs-123456789012' is in eu-west-1"),),
         silent=("TL204 'bucket-region-key'",),
         note="the key goes with the bucket's Region, not the trail's"),
    Case("describe-trails-sample.json", API + "API_DescribeTrails.html",
         fires=("TL302", "TL002 whether trail 'my-trail' is logging is not known"), silent=("TL301", "TL208"),
         note="describe-trails does not say whether a trail logs (get-trail-status does): TL002, not a guess"),
    Case("custom-selectors-unknown.aws", API + "API_DescribeTrails.html",
         fires=("TL002 what trail 'my-trail' records is not known",), silent=("TL304", "TL305", "TL301")),
    Case("shadow-trails.aws", API + "API_DescribeTrails.html",
         fires=("TL102 us-east-2 would hold 5 trails", "TL102 us-west-2 would hold 5 trails"),
         silent=("TL101", "TL214", "TL501", "TL502"),
         note="describe-trails of two Regions both list the multi-Region trail (a shadow trail in one): one trail"),
    Case("no-management-events.aws", API + "API_AdvancedEventSelector.html",
         fires=("TL304 no trail records management events in us-east-1", "TL304 in us-east-2",
                "TL308 no trail records global service events"),
         note="a trail whose only advanced selector selects data events records no management events"),
    Case("insights-data-events.aws", UG + "logging-insights-events-with-cloudtrail.html",
         fires=("TL317 ApiCallRateInsight on data events on trail 'management-only' analyses data events",),
         silent=("TL317 ApiErrorRateInsight",)),
    Case("global-events-outside-us-east-1.aws", UG + "cloudtrail-concepts.html",
         fires=("TL308 no trail records global service events",), silent=("TL503",),
         note="since 2021-11-22 global service events are recorded in us-east-1 only"),
    Case("global-events-us-east-1.aws", UG + "cloudtrail-concepts.html", silent=("TL308", "TL503", "TL304"),
         note="a single-Region trail in us-east-1 with IncludeGlobalServiceEvents receives them"),
    Case("global-events-two-trails.describe-trails.json", UG + "cloudtrail-concepts.html",
         fires=("TL503 up to 2 trails record global service events in us-east-1: all-regions (if logging), virginia (if logging)",)),
    Case("region-without-trail.aws", UG + "cloudtrail-multi-region-trails.html",
         fires=("TL304 no trail records management events in us-east-1",)),
    Case("own-bucket-data-events.yaml", UG + "logging-data-events-with-cloudtrail.html",
         fires=("TL309 trail 'all-buckets' records S3 write data events for its own log bucket",)),
    Case("bucket-names.tf", UG + "cloudtrail-trail-naming-requirements.html",
         fires=("TL212 'My-CloudTrail-Logs'", "TL212 'cloudtrail_logs'", "TL212 'cloudtrail..logs'", "TL212 '192.168.5.4'",
                "TL212 'xn--cloudtrail-logs'")),
    Case("same-name-two-regions.tf", API + "API_DeleteTrail.html",
         fires=("TL214 trail 'regional' (aws_cloudtrail.ohio_again",), silent=("TL214 aws_cloudtrail.oregon",)),
    Case("cfn-ref-to-missing-bucket.yaml",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-ref.html",
         fires=("TL213 Ref 'LogBucket' names no parameter or resource of the template",)),
    Case("cfn-without-bucket.yaml",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html",
         fires=("TL211 has no S3BucketName, which is required",)),
    Case("cross-account-bucket.aws", UG + "cloudtrail-set-bucket-policy-for-multiple-accounts.html", silent=("TL207",)),
    Case("cross-account-bucket-missing.aws", UG + "cloudtrail-set-bucket-policy-for-multiple-accounts.html",
         fires=("TL207 blocks delivery for trail 'member-trail'",)),
    Case("delivery-error.aws", API + "API_GetTrailStatus.html",
         fires=("TL313 log file delivery to S3 of trail 'my-trail' fails with 'AccessDenied'",
                "TL313 SNS notification of trail 'my-trail' fails with 'AuthorizationError'",
                "TL313 delivery to CloudWatch Logs of trail 'my-trail'"), silent=("TL301",)),
    Case("own-bucket-advanced.yaml", UG + "logging-data-events-with-cloudtrail.html",
         fires=("TL309 trail 'every-bucket' records S3 write data events for its own log bucket",)),
    Case("own-bucket-excluded.yaml", UG + "logging-data-events-with-cloudtrail.html", silent=("TL309", "TL210")),
    Case("trail-change-alarm.yaml", UG + "cloudwatch-alarms-for-cloudtrail.html", silent=("TL314", "TL306")),
    Case("trail-change-alarm-without-stop-logging.yaml", UG + "cloudwatch-alarms-for-cloudtrail.html",
         fires=("TL314 selects every StartLogging, StopLogging event",)),
    Case("read-only-management.aws", UG + "logging-management-events-with-cloudtrail.html",
         fires=("TL305 trail 'reads-only' leaves out write management events",), silent=("TL304",)),
    Case("public-log-bucket.yaml", UG + "best-practices-security.html",
         fires=("TL307 statement 'PublicRead' of the bucket policy of log bucket", "TL320"), silent=("TL207",),
         note="the best practices also ask for S3 Lifecycle management on the log bucket, which it lacks (TL320)"),
    Case("tags-over-the-limit.tf", API + "API_AddTags.html",
         fires=("TL224 trail 'many-tags' has 51 tags; the limit is 50",
                "TL224 tag key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...' of trail 'long-key' has 129 characters"),
         silent=("TL224 the value of tag",)),
    Case("tags-duplicate-key.yaml", API + "API_Tag.html",
         fires=("TL224 tag key 'Owner' is written twice on trail 'duplicate-tags'",), silent=("TL224 'owner'",),
         note="keys that differ in case are not said to be one key: the page does not say"),
    # --- cost (TL5xx) ---------------------------------------------------------------------------------
    Case("cost-multi-plus-single.describe-trails.json", UG + "cloudtrail-trail-manage-costs.html",
         fires=("TL501 1 paid copy of management events in us-east-2",)),
    Case("cost-two-regions.describe-trails.json", UG + "cloudtrail-trail-manage-costs.html", silent=("TL501",),
         note="two single-Region trails in different Regions: one free copy in each"),
    Case("cost-organization-and-member.describe-trails.json", UG + "cloudtrail-trail-manage-costs.html",
         fires=(("TL501 up to 1 paid copy of management events in every enabled Region: multi-Region trails "
                "member-trail (if logging), org-trail (if logging)"),),
         note="describe-trails does not say whether the trails log (get-trail-status does): a stopped trail makes no "
              "copy"),
    Case("cost-two-multi-region.tf", UG + "cloudtrail-trail-manage-costs.html",
         fires=(("TL501 1 paid copy of management events in every enabled Region: multi-Region trails security-audit, "
                "team-audit; about $20.00 in each Region at 1,000,000 events per month"),),
         silent=("TL501 in us-east-2",),
         note="the first copy in each Region is free; a multi-Region trail records every enabled Region, so the "
              "second one pays in each of them, whichever Regions the run looks at"),
    Case("cost-data-only-second.yaml", UG + "cloudtrail-trail-manage-costs.html", silent=("TL501", "TL502", "TL504")),
    Case("cost-read-write-split.aws", UG + "cloudtrail-trail-manage-costs.html", silent=("TL501", "TL503"),
         fires=("TL305 trail 'reads' leaves out write management events; 'writes' records some of them",),
         note="a read-only and a write-only trail deliver each management event once: \"no duplicate events "
              "occur\" (https://aws.amazon.com/premiumsupport/knowledge-center/remove-duplicate-cloudtrail-events/); "
              "no one trail records every management event, which TL305 says, naming the other trail"),
    Case("cost-read-and-all.aws", UG + "cloudtrail-trail-manage-costs.html",
         fires=(("TL501 up to 1 paid copy of management events in every enabled Region: multi-Region trails all-events "
                 "(if logging), reads (if logging)"),),
         note="the read events are delivered twice (the Knowledge Center's ExampleTrail1 and ExampleTrail2)"),
    Case("overlapping-lambda-all-and-one.aws", UG + "cloudtrail-trail-manage-costs.html",
         fires=(("TL504 trails 'all-functions' (if logging) and 'one-function' (if logging) both log data events for "
                 "AWS::Lambda::Function arn:aws:lambda:us-east-2:123456789012:function:helloworld"),),
         note="for data events every delivery is charged, the first included"),
    Case("same-bucket-same-prefix.describe-trails.json", UG + "cloudtrail-trail-manage-costs.html",
         fires=("TL502 trail 'second' (if logging) delivers the same events as trail 'first' (if logging)",)),
    Case("overlapping-data-events.yaml", UG + "cloudtrail-trail-manage-costs.html",
         fires=("TL504 trails 'one' and 'two' both log data events for AWS::S3::Object arn:aws:s3:::example-bucket1/",)),
    Case("overlapping-data-events-but-log-bucket.yaml", UG + "filtering-data-events.html",
         fires=("TL504 trails 'all-but-logs' and 'media' both log data events for AWS::S3::Object arn:aws:s3:::media/",),
         silent=("TL504 'log-reads'", "TL002 TL504"),
         note="the page's example of excluding the trail's own S3 bucket: resources.ARN NotStartsWith leaves out the "
              "ARNs it matches and no more, so every event of another bucket is logged by both trails, and none of "
              "the log bucket's"),
    Case("overlapping-data-events-filtered.yaml", UG + "filtering-data-events.html",
         fires=(("TL504 trails 'all-media' and 'media-puts' both log data events for PutObject events of "
                "AWS::S3::Object arn:aws:s3:::media/"),
                ("TL504 trails 'report-deletes' and 'report-writes' both log data events for DeleteObject events of "
                "AWS::S3::Object arn:aws:s3:::reports/2026/"),
                ("TL002 TL504 (overlapping-data-events) cannot decide: whether trails 'archive-all' and "
                "'archive-by-role' log the same data events")),
         silent=("TL504 'report-reads'", "TL002 'report-reads'"),
         note="conditions of a selector are ANDed, the values of one condition ORed: eventName Equals records "
              "those events only, so an unfiltered selector of the same resources records them too, and two "
              "Equals lists share the names both hold; userIdentity.arn depends on who calls"),
    # --- policy elements each kind of policy takes (TL221) ------------------------------------------
    Case("identity-policy-with-principal.tf", IAM + "reference_policies_elements_principal.html",
         fires=(("TL221 statement 'ViewTrail' of policy aws_iam_role_policy.view_trail has a Principal element, which an "
                 "identity-based policy cannot have"),),
         silent=("TL221 aws_iam_role.viewer",),
         note="\"You cannot use the Principal element in an identity-based policy\"; a trust policy names one"),
    Case("trust-policy-deny-not-principal.yaml", IAM + "reference_policies_elements_notprincipal.html",
         fires=(("TL221 statement 'OnlyTheBreakGlassRole' of policy TrailAdminRole.AssumeRolePolicyDocument has a "
                "NotPrincipal element, which a role's trust policy cannot have"),),
         silent=("TL221 statement 'AccountCanAssume'",)),
    Case("scp-not-principal.yaml", IAM + "reference_policies_elements_notprincipal.html",
         fires=(("TL221 statement 'DenyStopLogging' of policy keep-trails-logging has a NotPrincipal element, which a "
                "service control policy cannot have"),)),
    Case("rcp-not-principal.yaml", IAM + "reference_policies_elements_notprincipal.html",
         fires=(("TL221 statement 'OnlyCloudTrailWrites' of policy log-buckets-perimeter has a NotPrincipal element, "
                "which a resource control policy cannot have"),)),
    Case("bucket-policy-deny-not-principal-all-actions.yaml", IAM + "reference_policies_elements_notprincipal.html",
         fires=("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName'",
                "TL207 statement 'DenyAllButBob' denies s3:PutObject"),
         silent=("TL221",)),
    Case("bucket-policy-deny-not-principal.yaml", IAM + "reference_policies_elements_notprincipal.html",
         silent=("TL221", "TL207", "TL002 TL207", "TL307"),
         note="a bucket policy is a resource-based policy, where Deny with NotPrincipal is supported; denying "
              "deletes does not touch delivery"),
    # --- properties and arguments the resource does not have (TL223) -------------------------------------
    Case("cfn-misspelt-multi-region.yaml",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html",
         fires=("TL223 IsMultiRegion", "TL316 trail 'all-regions'"),
         note="the stack fails, and the setting meant is not applied: the trail as written is single-Region"),
    Case("terraform-misspelt-argument.tf", "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail",
         fires=("TL223 is_multiregion_trail",)),
    # --- the log bucket (TL310, TL311, TL312) ----------------------------------------------------------
    Case("log-bucket-public-access-off.yaml", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
         fires=("TL312 BlockPublicPolicy", "TL312 RestrictPublicBuckets"),
         silent=("TL312 BlockPublicAcls", "TL312 IgnorePublicAcls", "TL002 TL312")),
    Case("log-bucket-default-public-access.yaml",
         "https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-bucket.html",
         silent=("TL312", "TL002 TL312", "TL307"),
         note="a bucket created today without the setting has all four Block Public Access settings on"),
    Case("log-bucket-access-logging.yaml", "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html",
         fires=("TL310 'unlogged-trail-logs-123456789012'",),
         silent=("TL310 'logged-trail-logs-123456789012'", "TL002 TL310"),
         note="CloudTrail.7: server access logging on the trail's S3 bucket"),
    # --- Security Hub CSPM controls for CloudTrail and CloudWatch (CIS AWS Foundations) -------------------
    Case("securityhub-ct1-write-only", SH_CT + "#cloudtrail-1",
         fires=("TL305 trail 'writes-only' leaves out read management events; no other trail records them in us-east-2",),
         note="CloudTrail.1 asks for a multi-Region trail with read and write management events (ReadWriteType "
              "All); with `regions` set the inputs show every trail"),
    Case("securityhub-ct1-read-write-all", SH_CT + "#cloudtrail-1", silent=("TL304", "TL305", "TL316")),
    Case("securityhub-ct1-no-management-events", SH_CT + "#cloudtrail-1",
         fires=("TL304 no trail records management events in us-east-2 for account 123456789012",),
         note="IncludeManagementEvents false: the only trail records no management events at all"),
    Case("securityhub-ct1-advanced-management", SH_CT + "#cloudtrail-1", silent=("TL304", "TL305", "TL210"),
         note="advanced event selectors count: eventCategory Management without readOnly is read and write"),
    Case("securityhub-ct1-advanced-read-only", SH_CT + "#cloudtrail-1",
         fires=("TL305 trail 'advanced-reads-only' leaves out write management events",)),
    Case("securityhub-ct1-advanced-exclude-kms", "https://docs.aws.amazon.com/config/latest/developerguide/multi-region-cloudtrail-enabled.html",
         fires=("TL305 trail 'advanced-without-kms' leaves out events from kms.amazonaws.com",), silent=("TL210",),
         note="the Config rule CloudTrail.1 uses is NON_COMPLIANT when KMS events are excluded, advanced selectors too"),
    Case("securityhub-ct1-single-region.yaml", SH_CT + "#cloudtrail-1",
         fires=("TL316 trail 'ohio-only' records events in its home Region (us-east-2) only",)),
    Case("securityhub-ct2-encryption", SH_CT + "#cloudtrail-2",
         fires=("TL303 log files of trail 'sse-s3-only' are not encrypted with a KMS key",),
         silent=("TL303 'encrypted'",), note="SSE-S3, the default, is not what CloudTrail.2 asks for: a KMS key"),
    Case("securityhub-ct3-not-logging.yaml", SH_CT + "#cloudtrail-3", fires=("TL301 trail 'stopped' is not logging",)),
    Case("securityhub-ct4-validation-omitted", SH_CT + "#cloudtrail-4",
         fires=("TL302 log file validation is disabled for trail 'no-validation'",), silent=("TL302 'validated'",)),
    Case("securityhub-ct5-no-cloudwatch-logs.yaml", SH_CT + "#cloudtrail-5",
         fires=("TL306 trail 's3-only' does not send events to CloudWatch Logs",)),
    Case("securityhub-ct6-bucket-acl-PublicRead.yaml", SH_CT + "#cloudtrail-6",
         fires=("TL307 log bucket 'acl-trail-logs-123456789012' has the canned ACL 'public-read'",)),
    Case("securityhub-ct6-bucket-acl-AuthenticatedRead.yaml", SH_CT + "#cloudtrail-6",
         fires=("TL307 log bucket 'acl-trail-logs-123456789012' has the canned ACL 'authenticated-read'",),
         note="CIS 1.4 3.3, which CloudTrail.6 checks, names the AllUsers and AuthenticatedUsers grantees alike"),
    Case("securityhub-ct7-access-logging", SH_CT + "#cloudtrail-7",
         fires=("TL310 log bucket 'unlogged-trail-logs-123456789012' of trail 'unlogged' has no server access logging",),
         silent=("TL310 'logged-trail-logs-123456789012'", "TL002 TL310")),
    Case("cis-cloudwatch5-exact-pattern.yaml", SH_CW + "#cloudwatch-5", silent=("TL314", "TL002 TL314")),
    Case("cis-cloudwatch5-terraform-notified", SH_CW + "#cloudwatch-5", silent=("TL314", "TL002 TL314")),
    Case("cis-cloudwatch5-terraform-without-actions", SH_CW + "#cloudwatch-5", fires=(TL314_ALL,),
         note="the CIS audit the control runs follows the alarm's actions to an SNS topic with a subscriber: an "
              "alarm without actions notifies nobody"),
    Case("cis-cloudwatch5-alarm-without-actions.yaml", SH_CW + "#cloudwatch-5", fires=(TL314_ALL,)),
    Case("cis-cloudwatch5-alarm-without-actions.aws", SH_CW + "#cloudwatch-5",
         fires=(("TL314 no metric filter with an alarm on log group 'cloudtrail/audit' of trail 'audit' selects every "
                 "CreateTrail, UpdateTrail, DeleteTrail, StartLogging, StopLogging event"),),
         note="describe-alarms output: the alarm watches the filter's metric but its AlarmActions list is empty"),
    Case("cis-cloudwatch5-filter-without-alarm.yaml", SH_CW + "#cloudwatch-5", fires=(TL314_ALL,)),
    Case("cis-cloudwatch5-filter-on-other-log-group.yaml", SH_CW + "#cloudwatch-5", fires=(TL314_ALL,)),
    Case("cis-cloudwatch5-alarm-other-namespace.yaml", SH_CW + "#cloudwatch-5", fires=(TL314_ALL,)),
    Case("cis-cloudwatch5-iam-users-only.yaml", SH_CW + "#cloudwatch-5", fires=(TL314_ALL,),
         note="an added term leaves out the calls of roles: the page gives the pattern without it"),
    Case("cis-cloudwatch5-split-in-two-filters.yaml", SH_CW + "#cloudwatch-5", silent=("TL314", "TL002 TL314"),
         note="ambiguous: the page gives one pattern and the CIS audit looks for it; two filters with alarms "
              "catch every one of the calls, which is what the pattern is for: pinned as passing (docs/controls.md "
              "says trail-lint reads patterns for what they select)"),
    Case("cis-cloudwatch1-root-only.yaml", SH_CW + "#cloudwatch-1", fires=(TL314_ALL,),
         note="CloudWatch.1's filter is for root user usage: it says nothing of CloudWatch.5"),
    Case("cis-cloudwatch2-unauthorized-only.yaml", SH_CW + "#cloudwatch-2", fires=(TL314_ALL,),
         note="failed calls only: a StopLogging that succeeds has no errorCode"),
    Case("cis-cloudwatch3-no-mfa-only.yaml", SH_CW + "#cloudwatch-3", fires=(TL314_ALL,), silent=("TL002 TL314",)),
    Case("cis-cloudwatch4-iam-policy-only.yaml", SH_CW + "#cloudwatch-4", fires=(TL314_ALL,)),
    Case("cis-cloudwatch9-config-changes-only.yaml", SH_CW + "#cloudwatch-9", fires=(TL314_ALL,)),
    Case("cis-cloudwatch-thirteen-without-trail-changes.yaml", SH_CW, fires=(TL314_ALL,), silent=("TL002 TL314",),
         note="every pattern of CloudWatch.1-14 but CloudWatch.5's is read, and none selects a trail change"),
    Case("cis-cloudwatch-all-fourteen.yaml", SH_CW, silent=("TL314", "TL002 TL314")),
    Case("log-bucket-versioning-only.yaml", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html",
         fires=("TL311 'versioned-trail-logs-123456789012'",),
         silent=("TL311 'locked-trail-logs-123456789012'", "TL002 TL311"),
         note="versioning keeps earlier versions, but whoever may delete versions erases them: MFA delete or "
              "Object Lock keeps them"),
    # --- the KMS key of the trail (TL318, TL209) ---------------------------------------------------------
    Case("kms-key-public-decrypt.yaml", "https://docs.aws.amazon.com/kms/latest/developerguide/determining-access-key-policy.html",
         fires=("TL318 statement 'Enable CloudTrail log decrypt permissions for everyone'",),
         silent=("TL318 statement 'Enable CloudTrail log decrypt permissions' ", "TL209", "TL002 TL209"),
         note="the Null condition on the encryption context narrows what is decrypted, not who decrypts"),
    Case("kms-key-other-account.yaml", UG + "create-kms-key-policy-for-cloudtrail.html",
         fires=(("TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: KMS key "
                "'arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'"),),
         silent=("TL217", "TL204", "TL303", "TL209 KMS key"),
         note="a key of another account is allowed; whether its policy lets CloudTrail use it the inputs do not say"),
    # --- CloudWatch Logs delivery (TL215) ---------------------------------------------------------------
    Case("cloudwatch-logs-role-exact-stream.yaml", UG + "cloudwatch-log-group-log-stream-naming-for-cloudtrail.html",
         silent=("TL215 logs:CreateLogStream", "TL203"),
         note="ambiguous: the first stream is allowed; the page says further streams (_number) \"may\" be created "
              "when the volume is large, not when, so whether delivery later fails is left open: pinned as "
              "current behaviour, no finding"),
    # --- IAM evaluation applied to CloudTrail actions (TL4xx) --------------------------------------------
    Case("iam-action-case-insensitive.aws", IAM + "reference_policies_elements_action.html",
         fires=("TL401 user mixed-case can StopLogging on 'My-First-Trail'",),
         silent=("TL408", "TL406", "TL401 'Other-Trail'"),
         note="\"The prefix and the action name are case insensitive\": CloudTrail:stoplogging is StopLogging"),
    Case("iam-not-action.aws", IAM + "reference_policies_elements_notaction.html",
         fires=(("TL401 user not-iam can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on "
                "'My-First-Trail', 'Other-Trail'"), "TL402 statement 'EverythingButIam'"),
         silent=("TL401 user not-cloudtrail", "TL402 statement 'EverythingButCloudTrail'"),
         note="Allow with NotAction allows every action it does not list: everything but IAM includes CloudTrail"),
    Case("iam-not-resource.aws", IAM + "reference_policies_elements_notresource.html",
         fires=(("TL401 user all-but-other can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on "
                "'My-First-Trail'"),),
         silent=(("TL401 user all-but-other can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on "
                 "'My-First-Trail', 'Other-Trail'"),),
         note="Allow with NotResource applies to every resource but those listed"),
    Case("iam-permissions-boundary.aws", IAM + "access_policies_boundaries.html",
         fires=("TL401 role unbounded-admin can StopLogging",),
         silent=("TL401 role bounded-admin",),
         note="\"An entity's permissions boundary allows it to perform only the actions that are allowed by both its "
              "identity-based policies and its permissions boundaries\": AWSCloudTrail_FullAccess within a "
              "AWSCloudTrail_ReadOnlyAccess boundary cannot stop, change or delete a trail"),
    Case("iam-trail-arn-without-type.aws", API + "API_StopLogging.html",
         fires=("TL404 trail ARN 'arn:aws:cloudtrail:us-east-2:123456789012:My-First-Trail'",),
         silent=("TL401", "TL406"),
         note="a trail ARN is arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail; without trail/ it names no trail"),
    Case("scp-deny-stop-logging", "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html",
         fires=("TL401 role trail-admin can UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 role trail-admin can StopLogging", "TL407"),
         note="the account is a member (the configuration names another management account): the SCP's Deny wins "
              "over AWSCloudTrail_FullAccess for StopLogging and DeleteTrail, and for nothing else"),
    Case("scp-deny-other-region-arn", API + "API_StopLogging.html",
         fires=(("TL407 deny statement 'ProtectTrail' of policy keep-trail-logging on StopLogging, DeleteTrail, "
                "UpdateTrail, PutEventSelectors does not cover 'My-First-Trail' of account 123456789012"),
                "TL401 role trail-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",
                "TL404 'arn:aws:cloudtrail:us-east-1:123456789012:trail/My-First-Trail'")),
    # --- organization trails and Regions (TL226, TL225) --------------------------------------------------
    Case("organization-trail-member-account", API + "API_CreateTrail.html",
         fires=("TL002 TL226",), silent=("TL226",),
         note="a member account may create an organization trail only as a CloudTrail delegated administrator, "
              "which the inputs do not say"),
    Case("unlisted-region.tf", "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html",
         fires=("TL225 'us-east-3'",)),
    # --- Deny statements that depend on keys a service principal's request lacks ------------------------
    Case("bucket-policy-principal-org-deny.json", IAM + "reference_policies_condition-keys.html#condition-keys-principalorgid",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName': statement "
                 "'DenyOutsideOrganization' denies s3:GetBucketAcl"),),
         note="aws:PrincipalOrgID is in the request context only when the principal is a member of an organization; "
              "with the key absent a negated operator (StringNotEquals) matches (condition operators page), so the "
              "Deny applies to cloudtrail.amazonaws.com"),
    Case("bucket-policy-principal-org-deny-exempt.json",
         IAM + "reference_policies_condition-keys.html#condition-keys-principalisawsservice",
         silent=("TL207", "TL002 TL207"),
         note="the same Deny with aws:PrincipalIsAWSService false (BoolIfExists): a service principal's request is "
              "not denied"),
    Case("kms-policy-principal-org-deny.json", IAM + "reference_policies_condition-keys.html#condition-keys-principalorgid",
         fires=(("TL209 key policy of 'LogKey' does not let CloudTrail encrypt the logs of trail 'trailName': statement "
                 "'DenyOutsideOrganization' denies kms:GenerateDataKey"),)),
    # --- more values the API refuses ------------------------------------------------------------------
    Case("tags-value-length.yaml", API + "API_Tag.html",
         fires=("TL224 the value of tag 'Description' of trail 'long-value' has 257 characters; the limit is 256",),
         silent=("TL224 'longest-value'",)),
    Case("advanced-operators-equals-only.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 advanced event selector of trail 'not-equals-category' uses NotEquals on field eventCategory",
                "TL210 advanced event selector of trail 'not-equals-type' uses NotEquals on field resources.type",
                "TL210 advanced event selector of trail 'read-only-yes' has readOnly 'yes'")),
    Case("cloudwatch-logs-role-with-path.yaml", IAM + "reference_identifiers.html",
         silent=("TL219", "TL203", "TL216"),
         note="a role ARN with a path, and a log group name with '.', '#', '_' and '-', are well formed"),
    Case("organization-trail-management-account", API + "API_CreateTrail.html", silent=("TL226", "TL002 TL226"),
         note="the management account may create an organization trail"),
    # --- the log bucket's ownership and lifecycle ----------------------------------------------------------
    Case("bucket-owner-enforced.json", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
         silent=("TL207", "TL002 TL207"),
         note="with ACLs disabled, PUT requests that set the bucket-owner-full-control canned ACL still succeed"),
    Case("log-bucket-lifecycle.json", UG + "best-practices-security.html", silent=("TL320", "TL002 TL320"),
         note="the best practices ask for S3 Lifecycle management on the log bucket: this one has a rule"),
    # --- more IAM evaluation ------------------------------------------------------------------------------
    Case("iam-group-membership.aws", IAM + "id_groups.html",
         fires=("TL401 user alice can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",
                "TL401 user bob can UpdateTrail, PutEventSelectors on 'My-First-Trail'"),
         silent=("TL401 user bob can StopLogging", "TL401 group"),
         note="a user has the permissions of its groups; an explicit Deny in one group's policy overrides the Allow "
              "of another (reference_policies_evaluation-logic.html)"),
    Case("iam-wildcard-resource.aws", IAM + "reference_policies_elements_resource.html",
         fires=("TL401 user single-char can StopLogging on 'My-First-Trail'",
                "TL401 user any-region can StopLogging on 'Other-Trail'"),
         silent=("TL404", "TL401 user any-region can StopLogging on 'My-First-Trail'"),
         note="? matches one character and * any run of characters, within any segment of the ARN"),
    Case("scp-deny-every-trail-of-account", IAM + "reference_policies_elements_resource.html",
         silent=("TL407", "TL404", "TL401 role trail-admin"),
         note="the Deny names every trail of the account in every Region: AWSCloudTrail_FullAccess in a member "
              "account can stop, delete or change none"),
    Case("bucket-policy-log-files-folder-only.json", UG + "cloudtrail-log-file-validation-digest-file-structure.html",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'validated': no statement "
                 "allows cloudtrail.amazonaws.com s3:PutObject on "
                 "arn:aws:s3:::my-trail-logs-123456789012/AWSLogs/123456789012/CloudTrail-Digest/*"),),
         silent=("TL207 'unvalidated'", "TL002 TL207"),
         note="log files go to AWSLogs/<account>/CloudTrail/<region>/ (get-and-view-cloudtrail-log-files.html), digest "
              "files to AWSLogs/<account>/CloudTrail-Digest/<region>/: a write statement for CloudTrail/* alone lets a "
              "trail without validation deliver, and one with validation deliver no digest files"),
    Case("management-events-exclude-kms", "https://docs.aws.amazon.com/config/latest/developerguide/multi-region-cloudtrail-enabled.html",
         fires=("TL305 trail 'without-kms' leaves out events from kms.amazonaws.com; no other trail records them in us-east-2",),
         silent=("TL304",),
         note="the Config rule is NON_COMPLIANT when ExcludeManagementEventSources is not empty"),
    Case("iam-other-account-trail.aws", UG + "security_iam_service-with-iam.html",
         fires=("TL401 role everywhere can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=(("TL401 role everywhere can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail', "
                 "'Partner-Trail'"),),
         note="trails have no resource-based policy (CloudTrail supports them on channels, dashboards and event data "
              "stores): an identity policy of one account reaches no trail of another, whatever its Resource"),
    # --- condition operators and action names in the bucket policy ------------------------------------------
    Case("bucket-policy-arn-equals-wildcard.json", IAM + "reference_policies_elements_condition_operators.html",
         silent=("TL207", "TL002 TL207"),
         note="ArnEquals, like ArnLike, matches each ARN component with * and ? wildcards"),
    Case("bucket-policy-string-equals-wildcard.json", IAM + "reference_policies_elements_condition_operators.html",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName': the "
                 "aws:SourceArn condition of statement 'AWSCloudTrailAclCheck20150319' excludes it"),),
         note="StringEquals takes no wildcards: arn:aws:cloudtrail:*:123456789012:trail/* is a literal no ARN equals"),
    Case("bucket-policy-source-arn-ignore-case.json", IAM + "reference_policies_elements_condition_operators.html",
         silent=("TL207", "TL002 TL207")),
    Case("bucket-policy-action-case.json", IAM + "reference_policies_elements_action.html", silent=("TL207", "TL002 TL207")),
    Case("bucket-policy-action-wildcards.json", IAM + "reference_policies_elements_action.html",
         silent=("TL207", "TL002 TL207")),
    Case("cloudwatch-logs-role-trust-source-account.yaml", UG + "cloudtrail-required-policy-for-cloudwatch-logs.html",
         fires=(("TL002 TL215 (cloudwatch-logs-role-blocks-delivery) cannot decide: CloudWatch Logs role "
                 "'arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role' of trail 'trailName' may not let "
                 "CloudTrail assume it"),),
         silent=("TL215",),
         note="ambiguous: the page says aws:SourceArn and aws:SourceAccount are not supported for this role, not "
              "whether CloudTrail's request then lacks them (the Allow would never apply) or carries them: pinned as "
              "current behaviour, a TL002"),
    Case("bucket-name-dash-period.tf", UG + "cloudtrail-trail-naming-requirements.html",
         fires=("TL212 'cloudtrail-.logs' of trail 'dash-period' is invalid: it has a dash next to a period",
                "TL212 'cloudtrail.-logs' of trail 'period-dash' is invalid: it has a dash next to a period"),
         silent=("TL212 'cloudtrail.logs-2026.example'",)),
    Case("sns-policy-principal-org-deny.json", IAM + "reference_policies_condition-keys.html#condition-keys-principalorgid",
         fires=(("TL208 topic policy of 'Topic' blocks notifications of trail 'trailName': statement "
                 "'DenyOutsideOrganization' denies SNS:Publish"),)),
    Case("sns-policy-other-topic-resource.json", IAM + "reference_policies_elements_resource.html",
         fires=(("TL208 topic policy of 'Topic' blocks notifications of trail 'trailName': no statement allows "
                 "cloudtrail.amazonaws.com SNS:Publish on the topic"),)),
    Case("iam-deny-not-action.aws", IAM + "reference_policies_elements_notaction.html",
         fires=("TL401 user deny-stop-star can DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 user deny-notaction", "TL401 user deny-stop-star can StopLogging"),
         note="Deny with NotAction denies every action it does not list: beside AWSCloudTrail_FullAccess only the "
              "listed reads stay allowed; a Deny of cloudtrail:Stop* leaves DeleteTrail and UpdateTrail allowed"),
    Case("tags-empty-value.yaml", API + "API_Tag.html", silent=("TL224",),
         note="ambiguous: the API's Tag shape gives a value a minimum length of 1, the CloudFormation Tag page a "
              "minimum of 0 (and requires it); which CreateTrail applies to a stack's empty value no page says: "
              "pinned as current behaviour, no finding"),
    # --- advanced event selectors: fields, operators and limits per event category ----------------------
    Case("advanced-network-activity-two-sources.yaml", UG + "logging-network-events-with-cloudtrail.html",
         fires=(("TL210 advanced event selector of trail 'network-two-sources' lists 2 event sources in one eventSource "
                 "condition"),),
         silent=("TL210 'secretsmanager.amazonaws.com'", "TL210 'cloudtrail.amazonaws.com'"),
         note="\"If you want to log network activity events for multiple event sources, you must create a separate "
              "field selector for each event source\"; the page's examples give each source its own selector"),
    Case("advanced-network-activity-resources-type.yaml", API + "API_AdvancedEventSelector.html",
         fires=("TL210 uses field resources.type, which network activity events do not support",)),
    Case("advanced-network-activity-vpc-endpoint.yaml", UG + "logging-network-events-with-cloudtrail.html",
         silent=("TL210", "TL103"),
         note="only eventCategory, eventSource and errorCode are held to Equals; vpcEndpointId and eventName take "
              "NotEquals and StartsWith"),
    Case("advanced-data-error-code.yaml", API + "API_AdvancedEventSelector.html",
         fires=("TL210 uses field errorCode, which data events do not support",)),
    Case("advanced-data-prefixes.yaml", API + "API_AdvancedFieldSelector.html",
         fires=(("TL210 uses Equals value 'arn:aws:dynamodb:us-east-2:123456789012:table/' on field resources.ARN, "
                 "which is no AWS::DynamoDB::Table ARN"),),
         silent=("TL210 'arn:aws:lambda:us-east-2:123456789012:function:prod-'", "TL210 '.jpg'", "TL210 '.jpeg'"),
         note="StartsWith and EndsWith take parts of ARNs; Equals a whole ARN, a table's with its name"),
    Case("advanced-management-write-only-excludes", UG + "logging-management-events-with-cloudtrail.html",
         fires=("TL305 trail 'writes-without-kms' leaves out read management events",),
         silent=("TL210", "TL304")),
    Case("advanced-empty-field-selectors.json", API + "API_AdvancedEventSelector.html",
         fires=("TL210 advanced event selector of trail 'named-selector-only' has no eventCategory field",),
         note="FieldSelectors is required, an array of minimum 1 item, with eventCategory required"),
    Case("advanced-values-500.json", UG + "WhatIsCloudTrail-Limits.html", silent=("TL103", "TL210"),
         note="500 values across all conditions of all advanced event selectors is the quota, not over it"),
    Case("event-selectors-five.tf", UG + "WhatIsCloudTrail-Limits.html", silent=("TL103", "TL210"),
         note="5 event selectors per trail is the quota, not over it"),
    # --- Insights on data events only ------------------------------------------------------------------
    Case("insights-data-category-only.yaml", API + "API_InsightSelector.html", silent=("TL317", "TL210"),
         note="EventCategories [Data] enables Insights on data events only: the trail's lack of management events "
              "does not matter to them"),
    # --- Regions and partitions of the trail's resources -------------------------------------------------
    Case("kms-multi-region-key-other-region.yaml", UG + "encrypting-cloudtrail-log-files-with-aws-kms.html",
         fires=("TL204 the KMS key of trail 'oregon-copy' is in us-west-2 but its log bucket",),
         silent=("TL204 'ohio-copy'", "TL217"),
         note="a multi-Region key's ARN names the copy of one Region: the key must be the copy in the bucket's Region"),
    Case("bucket-policy-other-region-bucket.tf", UG + "receive-cloudtrail-log-files-from-multiple-regions.html",
         silent=("TL207", "TL002 TL207", "TL204"),
         note="the trail ARN in aws:SourceArn is in the trail's home Region, whichever Region the bucket is in"),
    Case("partition-china", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
         silent=("TL217", "TL218", "TL219", "TL210", "TL204", "TL216", "TL203", "TL225"),
         note="aws-cn is the partition of the China Regions: ARNs of that partition name a trail's resources there"),
    Case("cloudwatch-logs-role-multi-region-trail.yaml", UG + "cloudwatch-log-group-log-stream-naming-for-cloudtrail.html",
         silent=("TL215", "TL002 TL215", "TL203"),
         note="log streams are named account_ID_CloudTrail_trail_region[_number], with the trail's home Region"),
    # --- SCPs and permissions boundaries on CloudTrail actions --------------------------------------------
    Case("scp-management-account", "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html",
         fires=("TL401 role trail-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         note="\"SCPs don't affect users or roles in the management account\": the Deny of scp-deny-stop-logging does "
              "not reach the role there"),
    Case("scp-allow-list", "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html",
         fires=(("TL002 SCP cloudtrail-reads-only is an allow list attached to r-examplerootid111, where the inputs "
                 "do not show whether FullAWSAccess is still attached"),),
         silent=("TL401", "TL402"),
         note="an allow list restricts only where FullAWSAccess is detached, which Organizations attaches by default "
              "and a template cannot show removed: the SCP that allows CloudTrail's reads only is said once (TL002), "
              "and no TL401 claims the role can stop the trail"),
    Case("iam-boundary-deny.aws", IAM + "access_policies_boundaries.html",
         fires=("TL401 role bounded-admin can UpdateTrail, PutEventSelectors on",),
         silent=("TL401 role bounded-admin can StopLogging", "TL401 role bounded-admin can DeleteTrail", "TL402"),
         note="a permissions boundary that allows everything but denies StopLogging and DeleteTrail: the explicit "
              "Deny wins over AWSCloudTrail_FullAccess for those two and no others; the boundary's Allow * "
              "grants nothing of its own (\"Policies used as permissions boundaries don't provide permissions\"), "
              "so no TL402"),
    Case("scp-full-aws-access-and-boundary.aws", IAM + "access_policies_boundaries.html",
         fires=(("TL403 statement 'ListOnTheTrail' of policy auditor-boundary allows cloudtrail:DescribeTrails only on "
                 "specific resources, but these actions support no resource-level permission: no identity policy "
                 "can grant them within this permissions boundary"),
                ("TL404 trail ARN 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events' in statement "
                "'DenyDeleteAudit' of policy keep-trails-logging matches no known trail")),
         silent=("TL402", "TL403 statement 'AllowEverything'", "TL401 role auditor"),
         note="neither a boundary's Allow * (with a Deny) nor the FullAWSAccess SCP grants anything "
              "(orgs_manage_policies_scps_evaluation.html: an SCP sets the most the identity policies may grant): "
              "no TL402; a boundary's DescribeTrails on a trail ARN leaves it out for every identity policy"),
    Case("iam-resource-trail-name.aws", IAM + "reference_policies_elements_resource.html",
         fires=("TL401 user by-arn can StopLogging on 'Other-Trail'",),
         silent=("TL401 user by-name",),
         note="Resource takes ARNs: a trail's bare name matches no trail's ARN, so the statement grants nothing"),
    Case("iam-every-trail-arn-wildcard.json", API + "API_StopLogging.html",
         fires=(("TL402 statement 'StopAnyTrailOfTheAccount' of policy iam-every-trail-arn-wildcard.json allows "
                 "StopLogging on every trail"),),
         silent=("TL402 statement 'StopOneTrail'",),
         note="a trail ARN is arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail: trail/* in every Region is "
              "every trail of the account"),
    Case("bucket-object-writer.json", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
         silent=("TL207", "TL002 TL207"),
         note="with ACLs enabled (ObjectWriter) the bucket-owner-full-control ACL CloudTrail sets gives the bucket "
              "owner full control; the policy's s3:x-amz-acl condition matches it"),
    Case("advanced-data-s3-access-point.yaml", API + "API_AdvancedFieldSelector.html", silent=("TL210",),
         note="an access point's ARN, arn:<partition>:s3:<region>:<account_ID>:accesspoint/<access_point_name>, "
              "for resources.type AWS::S3::AccessPoint"),
    Case("organization-trail-consolidated-billing", API + "API_CreateTrail.html",
         fires=(("TL226 organization trail 'org-trail' needs an organization with all features enabled, and its "
                 "organization has consolidated billing features only (FeatureSet CONSOLIDATED_BILLING): CreateTrail "
                 "refuses it"),),
         silent=("TL226 'account-trail'",),
         note="OrganizationNotInAllFeaturesModeException: all features must be enabled for an organization trail, "
              "even in the management account"),
    Case("organization-trail-billing-stack",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-organizations-organization.html",
         fires=("TL226 organization trail 'org-trail' needs an organization with all features enabled",),
         note="FeatureSet CONSOLIDATED_BILLING in the same stack (the default, ALL, would allow it)"),
    Case("own-bucket-name-prefix.yaml", UG + "logging-data-events-with-cloudtrail.html",
         fires=("TL309 trail 'name-prefix' records S3 write data events for its own log bucket",),
         silent=("TL309 'one-bucket'", "TL210"),
         note="StartsWith takes the first characters of the ARN: a prefix of a bucket's name covers the objects of "
              "the log bucket whose name starts with it; a bucket's ARN with '/' covers that bucket's alone"),
    Case("management-read-and-write-selectors", UG + "logging-management-events-with-cloudtrail.html",
         silent=("TL305", "TL317", "TL210"),
         note="a read selector and a write selector on one trail log every management event between them"),
    # --- organization trails, delegated administrators and member accounts ---------------------------
    Case("delegated-admin-organization-trail.aws", UG + "cloudtrail-delegated-administrator.html",
         fires=(("TL401 role member-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'org-trail', "
                 "'member-trail'"),),
         note="\"If you choose a delegated administrator, this member account has administrative permissions on all "
              "trails and event data stores in the organization\": the snapshot lists 123456789012 as a CloudTrail "
              "delegated administrator, so its role can stop and delete the organization trail the management "
              "account owns, unlike a member account's (iam-member-organization-trail.aws)"),
    Case("delegated-admin-not-listed.aws", UG + "creating-trail-organization.html",
         fires=("TL401 role member-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'member-trail'",),
         silent=("TL401 'org-trail'",),
         note="\"Only the management account or delegated administrator account can change or delete the trail for "
              "the organization\": the snapshot lists every delegated administrator, and 123456789012 is none"),
    Case("delegated-admin-under-scp", ORG + "orgs_manage_policies_scps.html",
         fires=("TL401 role member-admin can UpdateTrail, PutEventSelectors on 'org-trail', 'member-trail'",),
         silent=("TL401 role member-admin can StopLogging",),
         note="a delegated administrator is a member account, and SCPs affect member accounts: the root's Deny of "
              "StopLogging and DeleteTrail holds for its role on the organization trail too"),
    Case("organization-trail-registered-delegate.tf", UG + "cloudtrail-delegated-administrator.html",
         silent=("TL226", "TL002 TL226"),
         note="the management account's provider registers 123456789012, whose provider creates the organization trail"),
    Case("organization-trail-other-delegate.tf", UG + "cloudtrail-delegated-administrator.html",
         fires=(("TL002 TL226 (organization-trail-not-allowed) cannot decide: whether account 123456789012 may create "
                 "organization trail 'org-trail' is not known"),),
         silent=("TL226",),
         note="\"You can have a maximum of three CloudTrail delegated administrators per organization\": registering "
              "222222222222 does not say that 123456789012 is none"),
    Case("delegated-admin-fourth.tf", UG + "cloudtrail-delegated-administrator.html",
         fires=(("TL227 aws_cloudtrail_organization_delegated_admin_account.operations registers account 444444444444 "
                 "as the CloudTrail delegated administrator number 4"),),
         silent=("TL227 aws_cloudtrail_organization_delegated_admin_account.audit",),
         note="\"You can have a maximum of three CloudTrail delegated administrators per organization\""),
    Case("delegated-admin-fourth-with-snapshot", UG + "cloudtrail-delegated-administrator.html",
         fires=("TL227 aws_organizations_delegated_administrator.operations registers account 444444444444",),
         silent=("TL227 aws_cloudtrail_organization_delegated_admin_account.logging",),
         note="the snapshot lists three; registering one of them again adds none, a fourth account is refused"),
    Case("delegated-admin-management-account.tf", API + "API_RegisterOrganizationDelegatedAdmin.html",
         fires=(("TL227 aws_cloudtrail_organization_delegated_admin_account.self registers the management account "
                 "(111111111111) as a CloudTrail delegated administrator"),),
         silent=("TL227 aws_cloudtrail_organization_delegated_admin_account.logging",),
         note="CannotDelegateManagementAccountException; only the management account can register a delegated "
              "administrator (cloudtrail-delegated-administrator.html), so the provider's account is it"),
    Case("organization-trail-converted-by-delegate", API + "API_UpdateTrail.html",
         fires=(("TL226 trail 'my-trail' is turned to an organization trail in account 123456789012, which is not the "
                 "management account (111111111111): UpdateTrail refuses it"),),
         note="ambiguous: the API's UpdateTrail says \"Only the management account for the organization can convert "
              "... a non-organization trail to an organization trail\", the User Guide's creating-trail-organization "
              "page that an existing trail \"in the management account or delegated administrator account\" can be "
              "applied to the organization: pinned as current behaviour, the API's word, a finding for the "
              "delegated administrator 123456789012 the snapshot lists"),
    Case("organization-trail-converted-by-management",
         UG + "cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html",
         silent=("TL226", "TL002 TL226"),
         note="\"Applying an existing trail to an organization\": update-trail --is-organization-trail, from the "
              "management account describe-organization names"),
    Case("organization-trail-member-data-events", UG + "creating-trail-organization.html",
         silent=("TL210", "TL103", "TL216", "TL002 TL210"),
         note="an organization trail logs data events of member accounts' resources named by their ARNs"),
    Case("cloudwatch-logs-role-organization-documented", UG + "creating-an-organizational-trail-prepare.html",
         silent=("TL215", "TL002 TL215", "TL203", "TL216", "TL219"),
         note="the page's role policy, verbatim, for the organization o-exampleorgid that describe-organization gives: "
              "it allows the management account's stream and the member accounts' o-exampleorgid_* streams"),
    Case("cloudwatch-logs-role-organization-other-org", UG + "creating-an-organizational-trail-prepare.html",
         fires=(("TL215 CloudWatch Logs role 'CloudTrail_CloudWatchLogs_Role' of trail 'org-trail' does not allow "
                 "logs:CreateLogStream or logs:PutLogEvents on arn:aws:logs:us-east-2:111111111111:log-group:"
                 "CloudTrail/DefaultLogGroupTest:log-stream:o-exampleorgid_*"),),
         silent=("TL002 TL215",),
         note="the role allows the streams of o-otherorgid1, not those of the trail's own organization"),
    Case("bucket-policy-organization-id-known",
         UG + "cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html",
         silent=("TL207", "TL002 TL207"),
         note="the page's policy allows AWSLogs/o-exampleorgid/, the folder of the organization describe-organization "
              "names: no longer a question of which organization"),
    Case("bucket-policy-organization-other-id",
         UG + "cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html",
         fires=(("TL207 bucket policy of 'my-organization-bucket' blocks delivery for trail 'trailName': no statement "
                 "allows cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::my-organization-bucket/AWSLogs/"
                 "o-exampleorgid/*"),),
         silent=("TL002 TL207",),
         note="\"The high-level bucket structure for log files contains a folder named with the organization ID\" "
              "(creating-trail-organization.html): the policy allows the folder of another organization"),
    Case("sns-policy-organization-source-arn-list", UG + "creating-an-organizational-trail-prepare.html",
         silent=("TL208", "TL002 TL208", "TL207", "TL002 TL207"),
         note="aws:SourceArn may list every trail ARN that uses the resource, with the management account's ID"),
    Case("sns-policy-organization-member-source-arn", UG + "creating-an-organizational-trail-prepare.html",
         fires=(("TL208 topic policy of 'Topic' blocks notifications of trail 'trailName': the aws:SourceArn condition "
                 "of statement 'AWSCloudTrailSNSPolicy20150319' excludes it"),),
         note="\"The trail ARN must use the account ID of the management account\": a member account's ID in it "
              "matches no request of the organization trail the management account deploys"),
    Case("bucket-policy-principal-org-paths-for-any-value.json", IAM + "reference_policies_multi-value-conditions.html",
         silent=("TL207", "TL002 TL207"),
         note="ForAnyValue on a key missing from the request context is false: the Deny does not reach CloudTrail"),
    Case("bucket-policy-principal-org-paths-for-all-values.json", IAM + "reference_policies_multi-value-conditions.html",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName': statement "
                 "'DenyOutsideOrganizationalUnit' denies s3:GetBucketAcl"),),
         note="ForAllValues on a key missing from the request context is true: the Deny applies to CloudTrail"),
    Case("bucket-policy-principal-org-paths-allow.json",
         IAM + "reference_policies_condition-keys.html#condition-keys-principalorgpaths",
         fires=("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName'",),
         note="aws:PrincipalOrgPaths is in the request only when the principal is a member of an organization; "
              "a service principal's request lacks it, so the Allow conditioned on it never applies"),
    Case("kms-policy-principal-org-paths-deny.json",
         IAM + "reference_policies_condition-keys.html#condition-keys-principalorgpaths",
         fires=(("TL209 key policy of 'LogKey' does not let CloudTrail encrypt the logs of trail 'trailName': statement "
                 "'DenyOutsideOrganizationalUnit' denies kms:GenerateDataKey"),)),
    Case("rcp-s3-identity-perimeter", ORG + "orgs_manage_policies_rcps_examples.html",
         silent=("TL207", "TL002 TL207"),
         note="the identity perimeter RCP exempts AWS service principals (aws:PrincipalIsAWSService false)"),
    Case("rcp-s3-perimeter-without-service-exemption", IAM + "reference_policies_elements_condition_operators.html",
         fires=(("TL207 RCP 'identity-perimeter' over log bucket 'LogBucket' of trail 'trailName' blocks CloudTrail's "
                 "s3:PutObject: statement 'EnforceOrgIdentities' denies s3:PutObject"),),
         note="without the exemption, StringNotEqualsIfExists on the missing aws:PrincipalOrgID is true for CloudTrail"),
    Case("sns-policy-shadow-region-arn.json", UG + "cloudtrail-permissions-for-sns-notifications.html",
         fires=("TL208 the aws:SourceArn condition of statement 'AWSCloudTrailSNSPolicy20150319' excludes it",),
         note="the page's aws:SourceArn is arn:aws:cloudtrail:region:SourceAccountID:trail/trailName, the trail's "
              "ARN, which names its home Region (API_Trail, TrailARN), not a Region it has a shadow copy in"),
    # --- defaults, operators and values the trail pages and API Reference give -------------------------
    Case("cfn-event-selector-defaults.yaml", API + "API_EventSelector.html", silent=("TL304", "TL305", "TL210", "TL317"),
         note="IncludeManagementEvents \"By default, the value is true\", ReadWriteType \"By default, the value is "
              "All\": a selector that names only data resources logs every management event besides"),
    Case("terraform-defaults.tf", "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail",
         silent=("TL301", "TL202", "TL304", "TL305", "TL308", "TL210"),
         note="enable_logging and include_global_service_events default to true, and an event_selector's "
              "include_management_events to true and read_write_type to All"),
    Case("terraform-exclude-without-management.tf", "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail", silent=("TL210",),
         note="ambiguous: the Registry says include_management_events \"must be set to true to allow\" "
              "exclude_management_event_sources, not whether CloudTrail rejects the pair or ignores the exclusion, "
              "and the API's EventSelector page does not tie the two: pinned as current behaviour, no finding"),
    Case("terraform-without-bucket.tf", "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail",
         fires=("TL211 trail 'no-bucket' has no s3_bucket_name, which is required",)),
    Case("cfn-without-trail-name.yaml", "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html", silent=("TL211", "TL201"),
         note="TrailName is not required: CloudFormation generates the name"),
    Case("cfn-global-events-default.yaml", API + "API_CreateTrail.html", silent=("TL202", "TL308"),
         note="IncludeGlobalServiceEvents is true unless set"),
    Case("advanced-management-exclude-s3.yaml", API + "API_AdvancedFieldSelector.html",
         fires=(("TL210 advanced event selector of trail 'without-s3-management' excludes eventSource "
                 "'s3.amazonaws.com' from management events"),),
         note="eventSource on management events \"can be set to NotEquals kms.amazonaws.com or NotEquals "
              "rdsdata.amazonaws.com\" and to nothing else"),
    Case("advanced-management-exclude-kms-and-rds", API + "API_AdvancedFieldSelector.html",
         fires=(("TL305 trail 'without-kms-and-rds-data' leaves out events from kms.amazonaws.com, "
                 "rdsdata.amazonaws.com; no other trail records them in us-east-2"),),
         silent=("TL210", "TL304")),
    Case("basic-selector-read-only-lower-case.yaml", API + "API_PutEventSelectors.html",
         fires=("TL210 event selector of trail 'lower-case-read-only' has ReadWriteType 'read-only'",),
         note="InvalidEventSelectorsException: \"specifying the ReadWriteType parameter with a value of read-only is "
              "not valid\""),
    Case("advanced-equals-only-fields.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 advanced event selector of trail 'type-by-prefix' uses StartsWith on field resources.type",
                "TL210 advanced event selector of trail 'category-by-prefix' uses StartsWith on field eventCategory",
                "TL210 advanced event selector of trail 'read-only-ends-with' uses EndsWith on field readOnly"),
         note="Equals \"is the only valid operator that you can use with the readOnly, eventCategory, and "
              "resources.type fields\""),
    Case("advanced-data-event-name-operators.yaml", API + "API_AdvancedFieldSelector.html", silent=("TL210", "TL205"),
         note="eventName \"can use any operator\"; readOnly false logs write events only; resources.ARN takes "
              "NotEndsWith"),
    Case("advanced-event-category-case.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 advanced event selector of trail 'lower-case-category' has eventCategory 'management'",),
         note="\"For CloudTrail management events, the value must be Management\""),
    Case("insights-write-only-selector.yaml", UG + "logging-insights-events-with-cloudtrail.html", silent=("TL317",),
         note="API call rate Insights analyse write management events, error rate Insights read or write ones: a "
              "write-only trail gives both what they need"),
    Case("insights-data-only-basic.yaml", UG + "logging-insights-events-with-cloudtrail.html",
         fires=("TL317 ApiCallRateInsight on trail 'data-only-insights'",
                "TL317 ApiErrorRateInsight on trail 'data-only-insights'"),
         note="IncludeManagementEvents false: Insights on management events have nothing to analyse"),
    # --- the bucket policy and key policy, statement by statement ---------------------------------------
    Case("bucket-policy-account-principal.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName': no "
                 "statement allows cloudtrail.amazonaws.com"),),
         note="the page grants the service principal cloudtrail.amazonaws.com; the account's root is not who writes"),
    Case("bucket-policy-service-principal-list.json", IAM + "reference_policies_elements_principal.html",
         silent=("TL207", "TL002 TL207")),
    Case("bucket-policy-every-object.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         silent=("TL207", "TL002 TL207")),
    Case("bucket-policy-put-object-on-bucket-arn.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName': no "
                 "statement allows cloudtrail.amazonaws.com s3:PutObject on "
                 "arn:aws:s3:::my-trail-logs-123456789012/AWSLogs/123456789012/*"),),
         note="PutObject acts on objects: the bucket's own ARN names none of them"),
    Case("bucket-policy-acl-check-on-objects.json", UG + "create-s3-bucket-policy-for-cloudtrail.html",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'trailName': no "
                 "statement allows cloudtrail.amazonaws.com s3:GetBucketAcl on arn:aws:s3:::my-trail-logs-123456789012"),),
         note="GetBucketAcl acts on the bucket, whose ARN the page's statement names"),
    Case("kms-policy-encrypt-only.json", UG + "create-kms-key-policy-for-cloudtrail.html",
         fires=("TL209 no statement allows cloudtrail.amazonaws.com kms:GenerateDataKey on the key",)),
    Case("kms-policy-context-string-equals.json", IAM + "reference_policies_elements_condition_operators.html",
         fires=(("TL209 key policy of 'LogKey' does not let CloudTrail encrypt the logs of trail 'trailName': the "
                 "kms:EncryptionContext:aws:cloudtrail:arn condition of statement 'Allow CloudTrail to encrypt logs' "
                 "excludes it"),),
         note="the key policy page writes the encryption context condition with StringLike; StringEquals takes "
              "the * literally"),
    Case("bucket-policy-one-region-folder.json", UG + "receive-cloudtrail-log-files-from-multiple-regions.html",
         fires=(("TL207 bucket policy of 'my-trail-logs-123456789012' blocks delivery for trail 'all-regions': no "
                 "statement allows cloudtrail.amazonaws.com s3:PutObject on "
                 "arn:aws:s3:::my-trail-logs-123456789012/AWSLogs/123456789012/CloudTrail/us-east-1/*"),),
         silent=("TL207 'ohio-only'", "TL002 TL207"),
         note="log files go to AWSLogs/<account>/CloudTrail/<region>/ (get-and-view-cloudtrail-log-files.html); a "
              "multi-Region trail writes those of every enabled Region, us-east-1 always among them "
              "(accounts/latest/reference/manage-acct-regions.html: default Regions cannot be disabled), a "
              "single-Region trail those of its home Region alone"),
    Case("bucket-policy-digest-region-folders.json", UG + "cloudtrail-log-file-validation-digest-file-structure.html",
         silent=("TL207", "TL002 TL207"),
         note="digest files go to AWSLogs/<account>/CloudTrail-Digest/<region>/: a single-Region trail with "
              "validation needs its home Region's log and digest folders, and no others"),
    Case("sns-policy-action-lower-case.json", IAM + "reference_policies_elements_action.html",
         silent=("TL208", "TL002 TL208"), note="\"The prefix and the action name are case insensitive\""),
    Case("cfn-insights-default-selectors.yaml", UG + "logging-insights-events-with-cloudtrail.html", silent=("TL317",),
         note="no event selectors: the trail logs all read and write management events (API_EventSelector), "
              "which both Insights types analyse"),
    Case("advanced-data-every-object-prefix", API + "API_AdvancedFieldSelector.html",
         fires=("TL309 trail 'all-objects-by-prefix' records S3 write data events for its own log bucket",),
         silent=("TL315", "TL002 TL315", "TL210"),
         note="StartsWith matches the first characters of the ARN: arn:aws:s3::: begins every object's ARN, so the "
              "trail records every bucket's object-level read and write events (and its own log bucket's)"),
    # --- quotas: trails per Region, shadow trails, selectors and values -----------------------------------
    Case("quota-shadow-trail-counts.describe-trails.json", UG + "create-multiple-trails.html",
         fires=("TL102 us-east-2 would hold 5 trails",), silent=("TL101",),
         note="\"A multi-Region trail counts as one trail per Region\": the shadow trail describe-trails of us-east-2 "
              "lists (HomeRegion us-west-2) and four trails of us-east-2 fill the Region"),
    Case("quota-shadow-of-managed-trail", UG + "create-multiple-trails.html",
         fires=("TL102 us-west-2 would hold 5 trails",), silent=("TL101", "TL214", "TL502"),
         note="the multi-Region trail a Terraform configuration of us-east-2 manages is the shadow trail "
              "describe-trails of us-west-2 lists: one trail, counted once"),
    Case("quota-six-multi-region.tf", UG + "create-multiple-trails.html",
         fires=("TL101 6 trails would exist in us-east-1", "TL101 6 trails would exist in ap-southeast-2"),
         note="six multi-Region trails created from six Regions are six trails in every Region"),
    Case("quota-multi-region-fills-other-region.tf", UG + "create-multiple-trails.html",
         fires=(("TL101 6 trails would exist in us-west-1, over the quota of 5 per Region: everywhere (multi-Region, "
                "home us-east-2)"),),
         silent=("TL101 6 trails would exist in us-east-2", "TL102 us-east-2"),
         note="a multi-Region trail created in us-east-2 is the sixth trail in us-west-1"),
    Case("quota-five-regions.tf", UG + "WhatIsCloudTrail-Limits.html", silent=("TL101", "TL102"),
         note="the quota is per Region: five single-Region trails in five Regions are one in each"),
    Case("quota-six-trails.yaml", UG + "WhatIsCloudTrail-Limits.html",
         fires=("TL101 6 trails would exist in us-east-2, over the quota of 5 per Region",)),
    Case("quota-stopped-trail-counts.yaml", API + "API_StopLogging.html",
         fires=("TL101 6 trails would exist in us-east-2", "TL301 trail 'team-6' is not logging"),
         note="StopLogging suspends recording and delivery; the stopped trail still exists and takes its place"),
    Case("event-selectors-six.yaml", UG + "WhatIsCloudTrail-Limits.html",
         fires=("TL103 trail 'six-selectors' has 6 event selectors; the limit is 5",)),
    Case("data-resources-one-selector-250.yaml", UG + "WhatIsCloudTrail-Limits.html", silent=("TL103", "TL210"),
         note="\"The limit of number of resources on an individual event selector is configurable up to 250\""),
    Case("data-resources-251.tf", API + "API_DataResource.html",
         fires=("TL103 trail 'many-buckets' lists 251 data resources; the limit is 250",),
         note="\"This number can be distributed between 1 and 5 event selectors, but the total cannot exceed 250 "
              "across all selectors for the trail\": 200 and 51"),
    Case("advanced-values-501.tf", UG + "WhatIsCloudTrail-Limits.html",
         fires=("TL103 trail 'advanced-501' uses 501 values in its advanced event selectors; the limit is 500",),
         silent=("TL210",),
         note="the values of every condition count, eventCategory and resources.type among them: 2 x 2 + 497"),
    Case("data-resources-all-objects-and-250.yaml", API + "API_EventSelector.html", silent=("TL103", "TL210"),
         note="\"This limit does not apply if you configure resource logging for all data events\": arn:aws:s3 "
              "beside 250 named functions"),
    Case("data-resources-all-objects-and-251.yaml", API + "API_EventSelector.html",
         fires=("TL103 trail 'all-objects-and-251-functions' lists 251 data resources; the limit is 250",),
         note="the named functions alone are counted: 251, the all-objects entry not among them"),
    Case("quota-two-accounts.aws", "https://docs.aws.amazon.com/general/latest/gr/ct.html",
         fires=(("TL501 up to 2 paid copies of management events in us-east-2: trails all-regions (if logging), "
                "ohio-app (if logging), ohio-audit (if logging)"),),
         silent=("TL101", "TL102", "TL214", "TL502"),
         note="\"Service quotas ... are the maximum number of service resources or operations for your AWS "
              "account\": three trails in each of two accounts, same names, same Region, and one free copy each"),
    Case("quota-count-six.tf", UG + "WhatIsCloudTrail-Limits.html",
         fires=("TL101 6 trails would exist in us-east-2, over the quota of 5 per Region: team-0,",)),
    Case("quota-convert-to-multi-region", API + "API_UpdateTrail.html",
         fires=(("TL101 6 trails would exist in us-west-1, over the quota of 5 per Region: ohio-trail (multi-Region, "
                "home us-east-2)"),),
         note="IsMultiRegionTrail true on an existing trail creates shadow trails in the other Regions: the plan's "
              "update makes the trail of us-east-2 the sixth in us-west-1, which describe-trails shows full"),
    # --- trail names -----------------------------------------------------------------------------------
    Case("names-invalid.yaml", UG + "cloudtrail-trail-naming-requirements.html",
         fires=("TL201 trail name 'a' is invalid: it has 1 character", "TL201 'audit._trail'",
                "TL201 trail name '10.0.0.1' is invalid: it looks like an IP address",
                "TL201 trail name 'audit_trail_' is invalid: it must start and end with a letter or digit",
                "TL201 trail name 'audit/trail' is invalid: it contains '/'"),
         note="the CloudFormation schema's pattern takes a one-character name; CreateTrail asks for 3 to 128"),
    Case("names-valid.yaml", UG + "cloudtrail-trail-naming-requirements.html", silent=("TL201",),
         note="upper case, digits only, each separator once, three characters with a separator in the middle"),
    Case("duplicate-name.yaml", API + "API_CreateTrail.html",
         fires=("TL214 trail 'audit' (AuditForDevelopers in duplicate-name.yaml) has the name of trail 'audit'",),
         note="TrailAlreadyExistsException: one stack is one account and Region"),
    # --- multi-Region and single-Region trails ---------------------------------------------------------
    Case("single-region-default.tf", API + "API_CreateTrail.html",
         fires=("TL316 trail 'ireland-only' records events in its home Region (eu-west-1) only",),
         note="IsMultiRegionTrail: \"The default is false, which creates a trail only in the Region where you are "
              "signed in\""),
    Case("single-region-other-regions", UG + "cloudtrail-trails.html",
         fires=("TL304 no trail records management events in us-east-1", ("TL304 no trail records management events "
                "in us-west-2"), "TL308 no trail records global service events"),
         silent=("TL304 no trail records management events in us-east-2",)),
    Case("multi-region-new-region", UG + "cloudtrail-multi-region-trails.html", silent=("TL304", "TL308", "TL225"),
         note="\"After you enable an opt-in Region, CloudTrail creates an identical copy of each multi-Region trail "
              "in the opt-in Region that you enabled\": mx-central-1 and ap-southeast-7 included"),
    # --- cost: copies of management events and data events -------------------------------------------
    Case("global-events-single-region-oregon.tf", UG + "cloudtrail-concepts.html", silent=("TL503", "TL308"),
         fires=("TL501 1 paid copy of management events in us-west-2: trails all-regions, oregon-only",),
         note="a single-Region trail outside us-east-1 receives no global service events, whatever its "
              "IncludeGlobalServiceEvents says: the multi-Region trail's copy is the only one"),
    Case("cost-two-single-region.tf", UG + "cloudtrail-trail-manage-costs.html", silent=("TL501", "TL502", "TL504"),
         note="the page's example: a single-Region trail in us-east-1 and one in us-west-2, no charges"),
    Case("cost-multi-plus-single.tf", UG + "cloudtrail-trail-manage-costs.html",
         fires=("TL501 1 paid copy of management events in us-west-2: trails all-regions, team-oregon",),
         silent=("TL502",),
         note="the page's example: the single-Region trail beside a multi-Region trail is charged, whatever "
              "destination it delivers to"),
    Case("cost-multi-plus-single.yaml", UG + "cloudtrail-trail-manage-costs.html",
         fires=("TL501 1 paid copy of management events in us-east-2: trails all-regions, one-region",)),
    Case("cost-three-copies.describe-trails.json", UG + "create-multiple-trails.html",
         fires=(("TL501 up to 2 paid copies of management events in us-east-2: trails all-regions (if logging), "
                "ohio-0 (if logging), ohio-1 (if logging)"),),
         note="\"The first copy of management events in each AWS Region for an account is free\": three trails, "
              "two paid copies"),
    Case("cost-stopped-multi-region.yaml", UG + "cloudtrail-trail-manage-costs.html",
         fires=("TL301 trail 'all-regions' is not logging",), silent=("TL501",),
         note="a stopped trail delivers no copy: the single-Region trail's copy is the first, free one"),
    Case("cost-logging-parameter.yaml", UG + "cloudtrail-trail-manage-costs.html",
         fires=("TL501 up to 1 paid copy of management events in us-east-2: trails all-regions (if logging), one-region",),
         note="whether the multi-Region trail logs is a parameter without a value: a copy only if it logs"),
    Case("overlapping-lambda-one-region-multi-region.yaml", UG + "logging-data-events-with-cloudtrail.html",
         fires=(("TL504 trails 'developer-trail' and 'security-trail' both log data events for AWS::Lambda::Function "
                 "arn:aws:lambda:us-east-2:123456789012:function:helloworld in us-east-2"),),
         silent=("TL504 every enabled Region",),
         note="the function's ARN names its Region (IAM \"Amazon Resource Names (ARNs)\"): its events are there only"),
    Case("cost-data-events-two-trails.tf", UG + "cloudtrail-trail-manage-costs.html",
         fires=(("TL504 trails 'developer-trail' and 'security-trail' both log data events for AWS::S3::Object "
                "arn:aws:s3:::amzn-s3-demo-bucket/ in us-east-2"),),
         silent=("TL501",),
         note="\"For data events, all deliveries incur CloudTrail costs, including the first\"; the developers' trail "
              "records no management events, so it makes no management-event copy"),
    Case("data-events-two-regions.tf", UG + "cloudtrail-trails.html", silent=("TL504", "TL501"),
         note="each single-Region trail records the events of its own Region: the bucket's object events reach one"),
    Case("data-events-function-other-region.tf", UG + "cloudtrail-trails.html",
         fires=(("TL504 trails 'all-regions' and 'oregon-functions' both log data events for AWS::Lambda::Function "
                 "arn:aws:lambda:us-west-2:123456789012:function:helloworld in us-west-2"),),
         silent=("TL504 trails 'all-regions' and 'ohio-functions'",),
         note="a single-Region trail records its own Region's events: the function of us-west-2 is invoked there, "
              "so the trail of us-east-2 that names it records none of its events"),
    # --- log file validation ---------------------------------------------------------------------------
    Case("validation-enabled.tf", API + "API_CreateTrail.html",
         fires=("TL302 log file validation is disabled for trail 'unvalidated'",),
         silent=("TL302 'validated'",), note="EnableLogFileValidation: \"The default is false\""),
    Case("validation-disabled.describe-trails.json", API + "API_Trail.html",
         fires=("TL302 log file validation is disabled for trail 'no-digest'",), silent=("TL302 'with-digest'",),
         note="LogFileValidationEnabled: \"Specifies whether log file validation is enabled\""),
    Case("validation-turned-off.tfplan.json", API + "API_UpdateTrail.html",
         fires=("TL302 log file validation is disabled for trail 'all-regions'",),
         note="\"When you disable log file integrity validation, the chain of digest files is broken after one "
              "hour\": the plan's update turns it off"),
    Case("validation-string-true.yaml",
         "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html",
         silent=("TL302", "TL301", "TL316", "TL001")),
    # --- the CloudFormation resource reference of AWS::CloudTrail::Trail and its property types ---------------
    Case("cfn-aggregation-configurations.yaml", CFN_TRAIL, silent=("TL223", "TL210", "TL309", "TL002 TL210"),
         note="AggregationConfigurations is a property of the resource: EventCategory Data, the three templates"),
    Case("cfn-aggregation-invalid.yaml", CFN_PROPERTY + "aggregationconfiguration.html",
         fires=(("TL210 aggregation configuration of trail 'management-aggregated' has EventCategory 'Management'; only "
                 "Data is allowed"),
                "TL210 aggregation configuration of trail 'no-templates' has 0 templates; 1 to 50 are allowed",
                "TL210 aggregation configuration of trail 'unknown-template' has template 'ERROR_RATES'"),
         silent=("TL210 aggregation configuration of trail 'unknown-template' has template 'USER_ACTIONS'", "TL223")),
    Case("cfn-is-logging-string.yaml", CFN_TRAIL,
         fires=("TL301 trail 'string-stopped' is not logging", "TL302 log file validation is disabled for trail 'string-running'"),
         silent=("TL301 trail 'string-running'", "TL302 log file validation is disabled for trail 'string-stopped'", "TL316"),
         note="IsLogging, IsMultiRegionTrail and EnableLogFileValidation are Booleans, written here as the strings "
              "\"false\" and \"true\""),
    Case("cfn-getatt-arn-policy.yaml", CFN_TRAIL,
         fires=("TL401 role trail-operator can StopLogging on 'myCloudTrail'",),
         silent=("TL401 role trail-operator can StopLogging on 'myCloudTrail', 'team-trail'",
                 "TL401 role trail-operator can StopLogging on 'team-trail'", "TL404", "TL402"),
         note="Fn::GetAtt Arn is the trail's ARN, arn:aws:cloudtrail:us-east-2:123456789012:trail/myCloudTrail"),
    Case("cfn-getatt-arn-source-arn.yaml", CFN_TRAIL, silent=("TL207", "TL002 TL207", "TL319"),
         note="the bucket policy's aws:SourceArn is the trail's Fn::GetAtt Arn: the very ARN CloudTrail's requests carry"),
    Case("cfn-sns-topic-name.yaml", CFN_TRAIL, silent=("TL208", "TL002 TL208", "TL218"),
         note="SnsTopicName takes the topic's name or ARN: the name of a topic of the stack names that topic"),
    Case("basic-selector-exclude-s3.yaml", CFN_PROPERTY + "eventselector.html",
         fires=(("TL210 event selector of trail 'basic-without-s3-management' excludes 's3.amazonaws.com'; only "
                 "kms.amazonaws.com and rdsdata.amazonaws.com can be excluded"),),
         silent=("TL210 event selector of trail 'basic-empty-exclusions'", "TL305 trail 'basic-empty-exclusions'"),
         note="an empty list \"disables the filter\""),
    Case("basic-selector-other-data-type.yaml", CFN_PROPERTY + "dataresource.html",
         fires=(("TL210 event selector of trail 'basic-directory-buckets' logs data resource type "
                 "'AWS::S3Express::Object', which basic selectors do not support"),),
         silent=("TL210 event selector of trail 'basic-tables'",)),
    Case("basic-selector-lambda-exact-arns.yaml", CFN_PROPERTY + "dataresource.html",
         fires=(("TL504 trails 'helloworld-again' and 'helloworld-invocations' both log data events for "
                 "AWS::Lambda::Function arn:aws:lambda:us-west-2:111111111111:function:helloworld"),),
         silent=("TL504 'helloworld2-invocations'", "TL210"),
         note="the page's own example: helloworld does not cover helloworld2; two trails on helloworld log it twice"),
    Case("basic-selector-s3-prefix-overlap.yaml", CFN_PROPERTY + "dataresource.html",
         fires=(("TL504 trails 'images-only' and 'whole-bucket' both log data events for AWS::S3::Object "
                 "arn:aws:s3:::amzn-s3-demo-bucket1/example-images"),),
         silent=("TL504 'other-bucket'", "TL210"),
         note="the bucket with an empty prefix logs every object of the bucket, the prefix example-images among them; "
              "the same prefix in another bucket is other objects"),
    Case("basic-selector-dynamodb-all-and-one.yaml", CFN_PROPERTY + "dataresource.html",
         fires=(("TL504 trails 'all-tables' and 'orders-table' both log data events for AWS::DynamoDB::Table "
                 "arn:aws:dynamodb:us-east-2:123456789012:table/Orders"),),
         silent=("TL210",), note="arn:aws:dynamodb logs every table of the account, the Orders table among them"),
    Case("advanced-selector-name-length.yaml", CFN_PROPERTY + "advancedeventselector.html",
         fires=(("TL210 advanced event selector of trail 'too-long-selector-name' has a name of 1001 characters; the "
                 "limit is 1000"),),
         silent=("TL210 advanced event selector of trail 'longest-selector-name'",)),
    # --- the Terraform registry's aws_cloudtrail arguments ------------------------------------------------
    Case("terraform-exclude-other-source.tf", TF_TRAIL,
         fires=("TL210 event selector of trail 'without-iam' excludes 'iam.amazonaws.com'",),
         silent=("TL210 event selector of trail 'without-kms'",)),
    Case("terraform-read-write-type-values.tf", TF_TRAIL,
         fires=("TL210 event selector of trail 'write-misspelt' has ReadWriteType 'Write'",),
         silent=("TL210 event selector of trail 'writes-only'",)),
    Case("terraform-data-resource-types.tf", TF_TRAIL,
         fires=(("TL210 event selector of trail 'outposts-objects' logs data resource type 'AWS::S3Outposts::Object', "
                 "which basic selectors do not support"),
                ("TL210 event selector of trail 'lambda-with-bucket-arn' has data resource value "
                 "'arn:aws:s3:::amzn-s3-demo-bucket1/', which is no AWS::Lambda::Function ARN or ARN prefix")),
         silent=("TL210 event selector of trail 'all-tables'",),
         note="\"ARN list is specific to single-valued type\": a bucket's ARN is no value of a Lambda function's list"),
    Case("terraform-sns-topic-other-region.tf", TF_TRAIL,
         fires=(("TL208 trail 'topic-by-name' gives its SNS topic by name ('trail-deliveries'), which names the topic "
                 "of that name in the trail's Region us-east-2, not the one in us-west-2 the inputs hold"),),
         silent=("TL208 topic policy of 'trail-deliveries' blocks notifications of trail 'topic-by-arn'", "TL218"),
         note="\"Specify the SNS topic ARN if it resides in another region\": the topic's name alone names a topic of "
              "the trail's Region (us-east-2), which the topic policy of us-west-2 does not cover"),
    Case("terraform-all-s3-objects.tf", TF_TRAIL, silent=("TL315", "TL002 TL315", "TL210", "TL103"),
         note="\"Logging All S3 Object Events By Using Basic Event Selectors\": the trail is multi-Region and logging, so "
              "the trails a plan does not show cannot make S3 object-level events unrecorded"),
    Case("terraform-field-selector-newer-fields.tf", TF_TRAIL, silent=("TL210", "TL002 TL210"),
         note="ambiguous: the Registry lists six fields, the API's AdvancedFieldSelector page more for data events "
              "(sessionCredentialFromConsole, userIdentity.arn); the provider passes the field to the API: pinned as "
              "current behaviour, the API's word, no finding"),
    # --- CloudTrail's IAM pages and the Service Authorization Reference ------------------------------------
    Case("terraform-managed-policies.tf", UG + "security-iam-awsmanpol.html",
         fires=("TL401 role trail-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 role auditor",)),
    Case("cfn-one-trail-group-policy.yaml", UG + "security_iam_id-based-policy-examples.html",
         fires=("TL401 user operator can StopLogging on 'My-First-Trail'",),
         silent=("TL401 user operator can StopLogging on 'My-First-Trail', 'Other-Trail'",
                 "TL401 user operator can StopLogging on 'Other-Trail'",
                 "TL401 user operator can StopLogging, DeleteTrail", "TL404", "TL403"),
         note="the page's policy as a managed policy of the user's group: StopLogging on My-First-Trail, no delete"),
    Case("iam-view-own-permissions.aws", UG + "security_iam_id-based-policy-examples.html",
         silent=("TL401", "TL402", "TL403", "TL404", "TL408"),
         note="\"Allow users to view their own permissions\": IAM actions only, nothing on any trail"),
    Case("iam-delegated-admin-permissions.aws", UG + "cloudtrail-delegated-administrator-permissions.html",
         silent=("TL401", "TL402", "TL403", "TL408"),
         note="the page's statement, verbatim: registering a delegated administrator changes no trail"),
    Case("iam-tag-actions-on-trail.aws", SAR, silent=("TL401", "TL402", "TL403", "TL404", "TL408"),
         note="AddTags, RemoveTags, ListTags, GetInsightSelectors and PutInsightSelectors take the trail resource type; "
              "CreateTrail takes trail* and aws:RequestTag, aws:TagKeys"),
    Case("iam-trail-arn-partition.aws", SAR,
         fires=("TL401 user partitions can StopLogging on 'Other-Trail'",
                ("TL404 trail ARN 'arn:aws-us-gov:cloudtrail:us-east-2:123456789012:trail/My-First-Trail' in statement "
                 "'StopInGovCloud' of policy partitions matches no known trail")),
         silent=("TL401 user partitions can StopLogging on 'My-First-Trail'",),
         note="the trail ARN is arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}: a trail of the aws "
              "partition is named by arn:aws (or a wildcard), not by another partition's ARN"),
    Case("cfn-resource-tag-deny.yaml", SAR,
         fires=("TL401 role operator can UpdateTrail, PutEventSelectors on 'protected-trail', 'scratch-trail'",
                ("TL407 deny statement 'DenyProtectedTrails' of policy everything-but-protected-trails on StopLogging, "
                 "DeleteTrail is conditional: it applies only to trails tagged protected=true"),
                ("TL002 TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) "
                 "and TL407 (deny-guardrail-gap) cannot decide: the tags of trails 'protected-trail' and 'scratch-trail' "
                 "are known only in part")),
         silent=("TL401 role operator can StopLogging",),
         note="ambiguous: the trail resource type takes aws:ResourceTag, but CloudFormation propagates stack-level tags "
              "not in the template to its resources (TemplateReference/aws-properties-resource-tags.html), and that page does not say which value a key written "
              "in both keeps: whether StopLogging is denied is conditional on either trail, said once as TL002 "
              "(terraform-plan-resource-tag-deny: a plan's tags_all settles it)"),
    Case("cfn-resource-tag-null.yaml", IAM + "reference_policies_elements_condition_operators.html",
         fires=("TL401 role operator can StopLogging on 'owned-trail'",
                ("TL407 deny statement 'DenyUnowned' of policy stop-owned-trails on StopLogging does not cover "
                "'owned-trail'")),
         silent=("TL002 TL401",),
         note="Null checks whether the key is present: the template's tag is on the trail whatever value a stack-level "
              "tag gives it, so the Deny on a trail without owner does not apply"),
    Case("tf-source-resource-tag-deny", TF_DEFAULT_TAGS,
         fires=("TL401 role operator can UpdateTrail, PutEventSelectors on 'protected-trail', 'scratch-trail'",
                ("TL002 TL401 (can-tamper-with-trail), TL404 (trail-arn-matches-no-trail), TL406 (stop-without-start) "
                "and TL407 (deny-guardrail-gap) cannot decide: the tags of trail 'scratch-trail' are known only in "
                "part: TF_AWS_DEFAULT_TAGS_<key> environment variables may add default tags to it")),
         silent=("TL401 role operator can StopLogging", "TL407", "TL002 the tags of trail 'protected-trail'"),
         note="a .tf source: the resource's own tags win over default tags (\"resource tags take precedence\", "
              "https://www.hashicorp.com/blog/default-tags-in-the-terraform-aws-provider), so protected-trail's "
              "protected = true decides the Deny; scratch-trail may get protected from TF_AWS_DEFAULT_TAGS_protected, "
              "which the source does not hold"),
    Case("cli-list-tags-resource-tag-deny.aws", API + "API_ListTags.html",
         fires=(("TL401 role operator can UpdateTrail, PutEventSelectors on 'protected-trail'; StopLogging, DeleteTrail, "
                 "UpdateTrail, PutEventSelectors on 'scratch-trail'"),
                ("TL407 deny statement 'DenyProtectedTrails' of policy everything-but-protected-trails on StopLogging, "
                 "DeleteTrail does not cover 'scratch-trail'")),
         silent=("TL401 role operator can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'protected-trail'",
                 "TL002 the tags of"),
         note="list-tags output (ResourceTagList) gives every tag of the trails describe-trails lists: the Deny on "
              "aws:ResourceTag/protected = true holds for protected-trail and not for scratch-trail, as with a plan's "
              "tags_all"),
    Case("terraform-plan-resource-tag-deny", SAR,
         fires=(("TL401 role operator can UpdateTrail, PutEventSelectors on 'protected-trail'; StopLogging, DeleteTrail, "
                 "UpdateTrail, PutEventSelectors on 'scratch-trail'"),
                ("TL407 deny statement 'DenyProtectedTrails' of policy everything-but-protected-trails on StopLogging, "
                 "DeleteTrail does not cover 'scratch-trail'")),
         silent=("TL401 role operator can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'protected-trail'",),
         note="a plan's tags_all holds every tag of the trail: the Deny on aws:ResourceTag/protected = true holds for "
              "protected-trail and not for scratch-trail"),
    # --- SCP and RCP examples, SCP evaluation through the OU tree, Control Tower's CloudTrail control -----------
    Case("scp-region-deny-trail-outside", ORG_GENERAL, silent=("TL401 role trail-admin",),
         note="the Region deny SCP lists no cloudtrail action in NotAction: StopLogging, DeleteTrail, UpdateTrail and "
              "PutEventSelectors on a trail homed in us-east-2 are requested there and denied"),
    Case("scp-region-deny-trail-inside", ORG_GENERAL, fires=(ALL_FOUR.format("trail-admin", "My-First-Trail"),),
         note="a trail homed in eu-west-1, a Region the SCP leaves open, is outside the Deny"),
    Case("scp-region-deny-exempt-role", ORG_GENERAL,
         fires=(ALL_FOUR.format("Role1AllowedToBypassThisSCP", "My-First-Trail"),),
         silent=("TL401 role trail-admin",),
         note="\"exempt requests made by either of two specified administrator roles\": the ArnNotLike condition on "
              "aws:PrincipalARN leaves Role1AllowedToBypassThisSCP out of the Deny, and only it"),
    Case("scp-region-deny-management-account", ORG + "orgs_manage_policies_scps.html",
         fires=(ALL_FOUR.format("trail-admin", "My-First-Trail"),),
         note="\"SCPs don't affect users or roles in the management account\": the Region deny SCP does not reach it"),
    Case("scp-region-deny-us-east-1", ORG_GENERAL, silent=("TL401 role trail-admin",),
         note="\"Any other requests to services in the us-east-1 Region are denied by this example policy\": a trail "
              "homed in us-east-1 is no exception, CloudTrail being absent from NotAction"),
    Case("iam-region-deny-trail-outside", IAM_REGION_DENY, silent=("TL401 role trail-admin",),
         note="the identity-based Region deny, beside AWSCloudTrail_FullAccess, on a trail homed in us-east-2"),
    Case("iam-region-deny-trail-inside", IAM_REGION_DENY, fires=(ALL_FOUR.format("trail-admin", "My-First-Trail"),),
         note="a trail homed in eu-west-3, one of the policy's four Regions"),
    Case("iam-region-deny-cloudtrail-in-not-action", IAM_REGION_DENY,
         fires=(ALL_FOUR.format("trail-admin", "My-First-Trail"),),
         note="\"Edit this element to include actions for other AWS global services\": with cloudtrail:* in NotAction "
              "the Deny covers no CloudTrail action"),
    Case("control-tower-cloudtrail-change-prohibited", CT_MANDATORY,
         fires=(ALL_FOUR.format("trail-admin", "team-trail"),),
         silent=("TL401 'aws-controltower-BaselineCloudTrail'",),
         note="the control's SCP denies the four actions on trails named aws-controltower-*, and on no other trail"),
    Case("control-tower-execution-role", CT_MANDATORY,
         fires=(ALL_FOUR.format("AWSControlTowerExecution", "aws-controltower-BaselineCloudTrail"),),
         silent=("TL401 role trail-admin",),
         note="the ArnNotLike condition exempts the AWSControlTowerExecution role, in any account"),
    Case("control-tower-management-account", ORG + "orgs_manage_policies_scps.html",
         fires=(ALL_FOUR.format("trail-admin", "aws-controltower-BaselineCloudTrail"),),
         note="the control is an SCP, and SCPs do not reach the management account"),
    Case("control-tower-execution-role-path", IAM + "reference_identifiers.html",
         silent=("TL401 role AWSControlTowerExecution",),
         note="a role's ARN holds its path: arn:aws:iam::123456789012:role/service-role/AWSControlTowerExecution does "
              "not match arn:aws:iam::*:role/AWSControlTowerExecution, so the control's Deny holds for it"),
    Case("rcp-cloudtrail-not-supported", ORG + "orgs_manage_policies_rcps.html#rcp-supported-services",
         fires=(ALL_FOUR.format("trail-admin", "My-First-Trail"),),
         note="CloudTrail is not among the services RCPs apply to: an RCP that denies StopLogging and DeleteTrail "
              "restricts nothing"),
    Case("scp-evaluation-deny-on-ou", ORG_EVALUATION,
         fires=("TL401 role trail-admin can UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 role trail-admin can StopLogging",),
         note="a Deny attached to the OU above the account holds for the account"),
    Case("scp-evaluation-deny-on-other-ou", ORG_EVALUATION, fires=(ALL_FOUR.format("trail-admin", "My-First-Trail"),),
         note="a Deny attached to a sibling OU is not on the account's path"),
    Case("scp-evaluation-deny-on-account", ORG_EVALUATION,
         fires=("TL401 role trail-admin can UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 role trail-admin can StopLogging",),
         note="a Deny attached to the account itself"),
    Case("scp-evaluation-deny-at-root-allow-below", ORG_EVALUATION,
         fires=("TL401 role trail-admin can UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 role trail-admin can StopLogging",),
         note="the root's Deny is not undone by FullAWSAccess on the OU and the account below it"),
    Case("scp-evaluation-allow-list-account", ORG_EVALUATION, silent=("TL401", "TL402"),
         note="an allow list on the account itself (FullAWSAccess detached from it) that allows only CloudTrail's reads"),
    Case("scp-evaluation-allow-list-every-level", ORG_EVALUATION,
         fires=(ALL_FOUR.format("trail-admin", "My-First-Trail"),),
         note="every level on the path allows CloudTrail: FullAWSAccess on the root and the account, cloudtrail:* on "
              "the OU"),
    Case("scp-evaluation-allow-list-ou-without", ORG_EVALUATION, silent=("TL401",),
         note="the OU's only SCP allows ec2:*, so no CloudTrail action is allowed below it"),
    Case("scp-evaluation-allow-list-root", ORG_EVALUATION, silent=("TL401",),
         note="the root's only SCP allows CloudTrail's reads: no account below it can be granted a trail change"),
    Case("scp-evaluation-root-deny-management-account", ORG + "orgs_manage_policies_scps.html",
         fires=(ALL_FOUR.format("mgmt-admin", "management-trail"),
                "TL401 role trail-admin can UpdateTrail, PutEventSelectors on 'My-First-Trail'"),
         silent=("TL401 role trail-admin can StopLogging",),
         note="the root's Deny reaches the member account and not the management account"),
    Case("evaluation-boundary-one-trail", IAM + "access_policies_boundaries.html",
         fires=(ALL_FOUR.format("trail-admin", "My-First-Trail"),), silent=("TL401 'Other-Trail'",),
         note="the boundary allows CloudTrail on My-First-Trail only: the intersection with AWSCloudTrail_FullAccess"),
    Case("evaluation-identity-deny", IAM + "reference_policies_evaluation-logic.html",
         fires=("TL401 role trail-admin can StopLogging, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 role trail-admin can StopLogging, DeleteTrail",),
         note="an explicit Deny of DeleteTrail in the role's own inline policy"),
    Case("evaluation-scp-boundary-identity", IAM + "reference_policies_evaluation-logic.html",
         fires=("TL401 role trail-admin can DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 'Other-Trail'", "TL401 role trail-admin can StopLogging"),
         note="SCP Deny of StopLogging, a boundary on My-First-Trail and AWSCloudTrail_FullAccess: what all three allow"),
    Case("scp-full-access-grants-nothing", ORG + "orgs_manage_policies_scps.html", silent=("TL401", "TL402"),
         note="\"No permissions are granted by an SCP\": an SCP allowing everything beside a role without CloudTrail "
              "permissions"),
    Case("scp-region-deny-exempt-role-template", IAM + "reference_identifiers.html#identifiers-arns",
         fires=(ALL_FOUR.format("Role1AllowedToBypassThisSCP", "My-First-Trail"),),
         silent=("TL401 role trail-admin",),
         note="a template's role has no ARN in the input, but it follows from the stack's partition and account, the "
              "role's path and name: the Region deny SCP's exemption by aws:PrincipalARN decides for it as for the "
              "get-account-authorization-details role of scp-region-deny-exempt-role"),
    Case("control-tower-execution-role-template", IAM + "reference_identifiers.html#identifiers-arns",
         silent=("TL401 role AWSControlTowerExecution",),
         note="a template's role at the path /service-role/: its ARN holds the path, so the control's exemption of "
              "arn:aws:iam::*:role/AWSControlTowerExecution does not reach it"),
    Case("scp-region-deny-exempt-role-terraform", IAM + "reference_identifiers.html#identifiers-arns",
         fires=(ALL_FOUR.format("Role1AllowedToBypassThisSCP", "My-First-Trail"),),
         silent=("TL401 role trail-admin", "TL401 role Role2AllowedToBypassThisSCP"),
         note="a Terraform role has no ARN in the configuration, but it follows from its provider configuration's "
              "partition and account, the role's path and name: the exemption by aws:PrincipalARN decides for the "
              "role at \"/\", and not for the one at the path /admins/"),
    # --- the AWS CLI examples: what `aws cloudtrail` prints, fed back as it is --------------------
    # Outputs of create and put commands are written as the describe-trails, get-event-selectors and
    # get-insight-selectors output AWS returns for the trail they configure; where a page's JSON is
    # not valid JSON (a trailing comma, a missing one) the case corrects it and says so.
    Case("cli-describe-trails-example.aws", CLI + "describe-trails.html",
         fires=("TL302 for trail 'Trail1'", "TL302 for trail 'Trail2'", "TL303 of trail 'Trail1'",
                "TL306 trail 'Trail2'", "TL316 trail 'Trail1'", "TL316 trail 'Trail2'",
                "TL503 2 trails record global service events in us-east-1",
                "TL501 up to 1 paid copy of management events in us-east-1",
                "TL002 whether trails 'Trail1' and 'Trail2' are logging is not known"),
         silent=("TL303 of trail 'Trail2'", "TL306 trail 'Trail1'", "TL304", "TL308", "TL201", "TL212", "TL219"),
         note="the page's output verbatim: it leaves out IsOrganizationTrail, HasCustomEventSelectors and "
              "HasInsightSelectors (output recorded before they existed), so neither trail has them"),
    Case("cli-get-trail-status-example.aws", CLI + "get-trail-status.html",
         silent=("TL301", "TL313", "TL002 whether trail 'Trail1' is logging"),
         note="the page's output verbatim: times as epoch numbers beside ISO strings, and the 2016 fields "
              "(TimeLoggingStarted, LatestDeliveryAttemptSucceeded, ...): IsLogging true, no delivery error"),
    Case("cli-stop-logging.aws", CLI + "stop-logging.html",
         fires=("TL301 trail 'Trail1' is not logging", "TL304 no trail records management events in us-east-1",
                "TL308 no trail records global service events"),
         note="stop-logging turns off logging for Trail1: get-trail-status then says IsLogging false, and a "
              "trail that does not log records nothing"),
    Case("cli-start-logging.aws", CLI + "start-logging.html", silent=("TL301", "TL304", "TL308")),
    Case("cli-get-event-selectors-example.aws", CLI + "get-event-selectors.html",
         fires=("TL315 no multi-Region trail records S3 object-level read events",),
         silent=("TL305", "TL304", "TL205", "TL210", "TL309", "TL002 what trail 'Trail1' records"),
         note="the page's output verbatim: the default selector, every management event and no data event"),
    Case("cli-put-event-selectors-advanced.aws", CLI + "put-event-selectors.html",
         fires=("TL309 trail 'myTrail' records S3 write data events for its own log bucket 'amzn-s3-demo-bucket'",
                "TL315 no multi-Region trail records S3 object-level read events"),
         silent=("TL205", "TL210", "TL305", "TL103", "TL304"),
         note="Example 1: PutObject and DeleteObject of every bucket but sample_bucket_name; the trail's log "
              "bucket is another, and CloudTrail delivers each log file with PutObject"),
    Case("cli-put-event-selectors-basic.aws", CLI + "put-event-selectors.html",
         fires=("TL315 no multi-Region trail records S3 object-level write events",),
         silent=("TL309", "TL210", "TL205", "TL103", "TL305"),
         note="Example 2's output with its trailing comma taken out (as printed it is not JSON: TL001, "
              "test_put_event_selectors_output_as_printed); two bucket prefixes are not every bucket"),
    Case("cli-put-event-selectors-all-s3-lambda.aws", CLI + "put-event-selectors.html",
         fires=("TL309 trail 'TrailName2' records S3 write data events for its own log bucket",),
         silent=("TL315", "TL210", "TL305"),
         note="Example 3: arn:aws:s3 and arn:aws:lambda are every bucket and every function of the account, "
              "the trail's own log bucket among them"),
    Case("cli-create-trail.aws", CLI + "create-trail.html",
         fires=("TL302 for trail 'Trail1'", "TL303 of trail 'Trail1'", "TL306 trail 'Trail1'",
                "TL002 whether trail 'Trail1' is logging is not known"),
         silent=("TL316", "TL202", "TL304", "TL308", "TL201", "TL212"),
         note="create-trail --is-multi-region-trail in us-west-2, as describe-trails returns it; create-trail "
              "does not start logging (start-logging does), so whether it logs is not known"),
    Case("cli-update-subscription.aws", CLI + "update-subscription.html",
         fires=("TL316 trail 'Trail1'", "TL302 for trail 'Trail1'", "TL303 of trail 'Trail1'",
                "TL002 SNS topic 'my-topic-new' of trail 'Trail1' is not in the inputs"),
         note="the JSON the command prints, its ResponseMetadata included, verbatim"),
    Case("cli-create-subscription.aws", CLI + "create-subscription.html",
         fires=("TL316 trail 'Trail1'",), silent=("TL301", "TL002 whether trail 'Trail1' is logging"),
         note="the JSON the command prints, verbatim; the page says it starts the trail (\"Starting CloudTrail "
              "service...\"), so get-trail-status says IsLogging true"),
    Case("cli-update-trail-multi-region.aws", UG + "aggregating_logs_top_level.html",
         fires=("TL302 for trail 'my-trail'",), silent=("TL316", "TL304", "TL308", "TL202"),
         note="update-trail --is-multi-region-trail: IsMultiRegionTrail true, every Region recorded"),
    Case("cli-managing-trails-describe.aws", MANAGING_CLI,
         fires=("TL316 trail 'my-special-trail'", "TL002 what trail 'my-special-trail' records is not known"),
         silent=("TL316 trail 'my-trail'", "TL202", "TL308", "TL304"),
         note="the page's describe-trails output (an earlier version of the page) with its missing commas "
              "put back; a single-Region trail without global service events is allowed"),
    Case("cli-managing-trails-get-trail.aws", MANAGING_CLI,
         fires=("TL302 for trail 'my-trail'",), silent=("TL301", "TL313", "TL316"),
         note="get-trail output ({\"Trail\": ...}, a trailing comma taken out) with the page's get-trail-status "
              "output verbatim, TimeLoggingStopped an empty string"),
    Case("cli-managing-trails-default-selectors.aws", MANAGING_CLI,
         silent=("TL305", "TL304", "TL309", "TL002 what trail 'TrailName' records"),
         note="the default selector as the page prints it, ExcludeManagementEventSources empty"),
    Case("cli-managing-trails-exclude-kms.aws", MANAGING_CLI,
         fires=("TL305 trail 'TrailName' leaves out events from kms.amazonaws.com",), silent=("TL304",),
         note="excluding kms.amazonaws.com leaves KMS management events out, and no other trail records them"),
    Case("cli-managing-trails-all-data-single-region.aws", MANAGING_CLI,
         fires=("TL309 trail 'TrailName2' records S3 write data events for its own log bucket",
                "TL316 trail 'TrailName2'", "TL304 no trail records management events in us-west-2",
                "TL315 no multi-Region trail records S3 object-level read events"),
         note="the page: a single-Region trail logs the data events of its Region only, whatever its "
              "selectors say (arn:aws:s3::: is every bucket)"),
    Case("cli-managing-trails-insights-on.aws", MANAGING_CLI,
         fires=(("TL207 no statement allows cloudtrail.amazonaws.com s3:PutObject on "
                 "arn:aws:s3:::amzn-s3-demo-bucket/AWSLogs/123456789012/CloudTrail-Insight/*"),),
         silent=("TL317", "TL210"),
         note="put-insight-selectors output verbatim; the bucket policy (written for the case) grants "
              "CloudTrail/ alone, so Insights events cannot be delivered"),
    Case("cli-managing-trails-insights-off.aws", MANAGING_CLI, silent=("TL207", "TL317", "TL210"),
         note="put-insight-selectors '[]' returned one selector whose InsightType is \"\": Insights are off, "
              "nothing goes to CloudTrail-Insight/, and the same bucket policy blocks nothing"),
    Case("cli-managing-trails-org-trail-region.aws", MANAGING_CLI,
         fires=("TL002 home Region of trail 'my-org-trail' is not known",),
         note="the page's organization trail has HomeRegion us-east-1 but a TrailARN of us-east-2, which AWS "
              "never returns: its home Region is not known, said once, not guessed"),
    Case("cli-put-insight-selectors-read-only.aws", CLI + "put-insight-selectors.html",
         fires=("TL317 ApiCallRateInsight on trail 'TrailName' analyses write management events",),
         silent=("TL317 ApiErrorRateInsight",),
         note="API call rate Insights need write management events, error rate ones read or write"),
    Case("cli-put-insight-selectors-data-events.aws", CLI + "put-insight-selectors.html", silent=("TL317", "TL210"),
         note="Insights on data events need read or write data events: the trail logs every Lambda function's"),
    Case("cli-update-trail-validation-and-key.aws", API + "API_UpdateTrail.html",
         silent=("TL302", "TL303", "TL204", "TL217"),
         note="update-trail --enable-log-file-validation --kms-key-id: describe-trails gives the key's ARN"),
    Case("cli-create-trail-output.aws", CLI + "create-trail.html",
         fires=("TL302 for trail 'Trail1'", "TL303 of trail 'Trail1'",
                ("TL002 what trail 'Trail1' records is not known: its create-trail or update-trail output does not say "
                 "whether it has event selectors"),
                "TL002 which Insights trail 'Trail1' has is not known"),
         silent=("TL316", "TL202", "TL304", "TL308", "TL001"),
         note="the page's create-trail output (API CreateTrail response): a multi-Region trail of us-west-2 (its "
              "TrailARN), whose event selectors and Insights the response does not give: not the listing's defaults"),
    Case("cli-update-trail-output-disagrees.aws", CLI + "update-trail.html",
         fires=("TL302 for trail 'Trail1'",
                ("TL002 the AWS CLI outputs of trail 'Trail1' (describe-trails.json and update-trail.json) do not give "
                 "the same settings, so not known: S3BucketName of trail 'Trail1'")),
         silent=("TL316", "TL304", "TL308", "TL002 what trail 'Trail1' records", "TL002 which Insights",
                 "TL002 log bucket 'amzn-s3-demo-bucket"),
         note="the page's update-trail output (a new bucket) beside describe-trails output taken before the update: one "
              "trail, whose bucket is not known; what both say (validation off, multi-Region, no custom selectors) is"),
    Case("cli-update-trail-cloudwatch-logs.aws", UG + "send-cloudtrail-events-to-cloudwatch-logs.html",
         silent=("TL306", "TL203", "TL216", "TL219"),
         fires=("TL002 log group 'CloudTrail/DefaultLogGroupTest' of trail 'Trail1' is not in the inputs",),
         note="update-trail --cloud-watch-logs-log-group-arn ... --cloud-watch-logs-role-arn ...: the role and "
              "the log group are the account's own"),
    Case("cli-filtering-data-events-event-name.aws", UG + "filtering-data-events.html",
         fires=("TL309 trail 'trailName' records S3 write data events for its own log bucket 'amzn-s3-demo-bucket'",
                "TL304 no trail records management events in us-east-2"),
         silent=("TL210", "TL205"),
         note="Example 1: GetObject, PutObject and DeleteObject of every general purpose bucket, the trail's own "
              "log bucket's PutObject of each log file among them; no selector for management events"),
    Case("cli-describe-trails-other-region.aws", CLI + "describe-trails.html",
         fires=("TL304 no trail records management events in us-west-2",), silent=("TL304 in us-east-1", "TL308"),
         note="the page's two trails are single-Region trails of us-east-1: another Region of the account is "
              "not recorded"),
    Case("cli-create-organization-trail.aws", UG + "cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html",
         silent=("TL226", "TL227", "TL316", "TL302"),
         note="create-trail --is-organization-trail --is-multi-region-trail --enable-log-file-validation, as "
              "describe-trails returns it: AWS returned it, so the account was allowed to create it"),
    # --- AWS Config managed rules about CloudTrail and its bucket (--select Config:NAME) -------------------
    Case("config-cloudtrail-enabled-stopped.aws", CONFIG + "cloudtrail-enabled.html",
         fires=("TL301 trail 'account-trail' is not logging",
                "TL304 no trail records management events in us-east-2 for account 123456789012")),
    Case("config-cloudtrail-enabled-logging.aws", CONFIG + "cloudtrail-enabled.html",
         silent=("TL301", "TL304", "TL002 TL301", "TL002 TL304"),
         note="the optional s3BucketName, snsTopicArn and cloudWatchLogsLogGroupArn parameters are not checked"),
    Case("config-multi-region-terraform", CONFIG + "multi-region-cloudtrail-enabled.html",
         silent=("TL301", "TL304", "TL305", "TL316", "TL002 TL304")),
    Case("config-multi-region-read-only", CONFIG + "multi-region-cloudtrail-enabled.html",
         fires=("TL305 trail 'reads-only' leaves out write management events",)),
    Case("config-multi-region-exclude-rdsdata", CONFIG + "multi-region-cloudtrail-enabled.html",
         fires=("TL305 trail 'without-rds-data' leaves out events from rdsdata.amazonaws.com",), silent=("TL210",)),
    Case("config-security-trail-compliant.yaml", CONFIG + "cloudtrail-security-trail-enabled.html",
         silent=("TL302", "TL303", "TL305", "TL308", "TL316", "TL202", "TL210")),
    Case("config-security-trail-without-kms.yaml", CONFIG + "cloudtrail-security-trail-enabled.html",
         fires=("TL303 log files of trail 'almost-secure' are not encrypted with a KMS key",),
         silent=("TL302", "TL305", "TL316"),
         note="the Config rule asks for one trail with every practice; trail-lint reports each trail's gap"),
    Case("config-security-trail-single-region", CONFIG + "cloudtrail-security-trail-enabled.html",
         fires=("TL316 trail 'ohio-only' records events in its home Region (us-east-2) only",
                "TL308 no trail records global service events (IAM, STS, CloudFront) for account 123456789012"),
         silent=("TL202", "TL302", "TL303")),
    Case("config-cloud-watch-logs-terraform", CONFIG + "cloud-trail-cloud-watch-logs-enabled.html",
         fires=("TL306 trail 's3-only' does not send events to CloudWatch Logs",),
         silent=("TL306 'with-logs'", "TL203", "TL215", "TL219"),
         note="the optional expectedDeliveryWindowAge (a delivery within so many hours) needs live data"),
    Case("config-encryption-enabled.describe-trails.json", CONFIG + "cloud-trail-encryption-enabled.html",
         fires=("TL303 log files of trail 'sse-s3' are not encrypted with a KMS key",), silent=("TL303 'encrypted'",),
         note="COMPLIANT if the KmsKeyId is defined"),
    Case("config-empty-properties.describe-trails.json", CONFIG + "cloud-trail-cloud-watch-logs-enabled.html",
         fires=("TL306 trail 'empty-properties' does not send events to CloudWatch Logs",),
         silent=("TL203", "TL219"), note="NON_COMPLIANT if the CloudWatchLogsLogGroupArn property of the trail is empty"),
    Case("config-empty-properties.describe-trails.json", CONFIG + "cloud-trail-encryption-enabled.html",
         fires=("TL303 log files of trail 'empty-properties' are not encrypted with a KMS key",),
         silent=("TL217",), note="COMPLIANT only if the KmsKeyId is defined: an empty one is not"),
    Case("config-encryption-enabled.describe-trails.json", CONFIG + "cloud-trail-log-file-validation-enabled.html",
         fires=("TL302 log file validation is disabled for trail 'sse-s3'",), silent=("TL302 'encrypted'",)),
    Case("config-s3-dataevents-all-buckets", CONFIG + "cloudtrail-s3-dataevents-enabled.html",
         fires=("TL309 trail 'every-object' records S3 write data events for its own log bucket",),
         silent=("TL315", "TL002 TL315", "TL210"),
         note="COMPLIANT for the three Config rules on S3 data events; a trail recording every bucket records "
              "its own log bucket too, which the Config rules do not look at (TL309)"),
    Case("config-s3-dataevents-one-bucket", CONFIG + "cloudtrail-s3-dataevents-enabled.html",
         fires=("TL315 no multi-Region trail records S3 object-level read events for every bucket",
                "TL315 no multi-Region trail records S3 object-level write events for every bucket"),
         silent=("TL309",), note="the optional S3BucketNames parameter (a list of buckets to check) is not read"),
    Case("config-s3-all-read-write-only", CONFIG + "cloudtrail-all-read-s3-data-event-check.html",
         fires=("TL315 no multi-Region trail records S3 object-level read events for every bucket",),
         silent=("TL315 object-level write events", "TL210")),
    Case("config-s3-all-write-read-only", CONFIG + "cloudtrail-all-write-s3-data-event-check.html",
         fires=("TL315 no multi-Region trail records S3 object-level write events for every bucket",),
         silent=("TL315 object-level read events", "TL309")),
    Case("config-s3-all-data-events-single-region", CONFIG + "cloudtrail-all-write-s3-data-event-check.html",
         fires=("TL315 no multi-Region trail records S3 object-level write events for every bucket",
                "TL315 no multi-Region trail records S3 object-level read events for every bucket",
                "TL316 trail 'ohio-objects'")),
    Case("config-s3-bucket-access-logging-inline", CONFIG + "cloudtrail-s3-bucket-access-logging.html",
         silent=("TL310", "TL002 TL310")),
    Case("config-cloudtrail-bucket-public-terraform", CONFIG + "cloudtrail-s3-bucket-public-access-prohibited.html",
         fires=(("TL307 statement 'PublicRead' of the bucket policy of log bucket 'public-trail-logs-123456789012' "
                 "lets anyone access it"),
                "TL312 has Block Public Access BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off"),
         silent=("TL207", "TL002 TL307")),
    Case("config-account-level-block-terraform", S3_BPA,
         silent=("TL307", "TL312", "TL002 TL307", "TL002 TL312", "TL207"),
         note="S3 applies the account's and the bucket's Block Public Access settings together"),
    Case("config-s3-bucket-level-public-access", CONFIG + "s3-bucket-level-public-access-prohibited.html",
         fires=(("TL312 log bucket 'open-trail-logs-123456789012' of trail 'open' has Block Public Access "
                "BlockPublicPolicy off"),),
         silent=("TL312 'blocked-trail-logs-123456789012'", "TL002 TL312")),
    Case("config-s3-public-read-acl-ignored.yaml", CONFIG + "s3-bucket-public-read-prohibited.html",
         fires=("TL312 has Block Public Access BlockPublicAcls off",), silent=("TL307", "TL002 TL307")),
    Case("config-s3-public-read-policy-restricted.yaml", CONFIG + "s3-bucket-public-read-prohibited.html",
         fires=("TL312 has Block Public Access BlockPublicPolicy off",), silent=("TL307", "TL002 TL307", "TL207")),
    Case("config-s3-public-read-source-ip.yaml", CONFIG + "s3-bucket-public-read-prohibited.html",
         fires=("TL307 statement 'EveryAddress' of the bucket policy of log bucket 'ip-trail-logs-123456789012'",),
         silent=("TL307 statement 'OfficeNetwork'", "TL002 TL307", "TL207")),
    Case("config-s3-public-write-policy.yaml", CONFIG + "s3-bucket-public-write-prohibited.html",
         fires=(("TL307 statement 'AnyoneMayWrite' of the bucket policy of log bucket "
                 "'writable-trail-logs-123456789012' lets anyone access it"),), silent=("TL207",)),
    Case("config-s3-public-write-acl.yaml", CONFIG + "s3-bucket-public-write-prohibited.html",
         fires=("TL307 log bucket 'rw-trail-logs-123456789012' has the canned ACL 'public-read-write'",)),
    Case("config-s3-public-policy-bucket-not-in-inputs.yaml", CONFIG + "s3-bucket-public-read-prohibited.html",
         fires=(("TL002 TL307 (log-bucket-public) cannot decide: bucket policy of log bucket "
                 "'existing-trail-logs-123456789012' of trail 'existing-bucket' lets anyone access it by statement "
                 "'PublicRead' unless Block Public Access RestrictPublicBuckets is on"),),
         silent=("TL307",), note="the bucket's settings decide, and the inputs do not show them: TL002, not a guess"),
    Case("config-s3-bucket-versioning-enabled.yaml", CONFIG + "s3-bucket-versioning-enabled.html",
         fires=(("TL311 log bucket 'versioned-trail-logs-123456789012' of trail 'versioned' is versioned without MFA "
                "delete or Object Lock"),),
         silent=("TL311 'locked-trail-logs-123456789012'", "TL002 TL311"),
         note="COMPLIANT for the Config rule with its default parameters: TL311 asks for more (CIS)"),
    Case("config-s3-bucket-ssl-requests-only.yaml", CONFIG + "s3-bucket-ssl-requests-only.html",
         silent=("TL207", "TL307", "TL319", "TL002 TL207"),
         note="not covered: no rule asks for a Deny of requests without TLS (docs/controls.md)"),
    # --- TL309 and the log file name format --------------------------------------------------------------
    Case("own-bucket-not-ends-with-log-files.yaml", UG + "cloudtrail-log-file-examples.html",
         fires=("TL309 trail 'with-log-files' records S3 write data events for its own log bucket",),
         silent=("TL309 'without-log-files'", "TL002 TL309", "TL210")),
    Case("own-bucket-ends-with.yaml", UG + "cloudtrail-log-file-examples.html",
         fires=("TL309 trail 'gzip-objects' records S3 write data events for its own log bucket",),
         silent=("TL309 'csv-objects'", "TL002 TL309", "TL210")),
    # --- CloudFormation reference: AWS::CloudTrail::Trail property constraints ---------------------------
    Case("cfn-advanced-empty-value.yaml", CFN_PROPERTY + "advancedfieldselector.html",
         fires=(("TL210 advanced event selector of trail 'empty-prefix' has a value of 0 characters on field "
                "resources.ARN; values take 1 to 2048"),)),
    # --- IAM evaluation: policy variables, NotAction/NotResource, conditions on keys a request lacks -------
    Case("iam-policy-variable-username.aws", IAM + "reference_policies_variables.html",
         fires=("TL401 user alice can StopLogging on 'alice-audit'", "TL401 user bob can StopLogging on 'bob-audit'"),
         silent=("TL401 user alice can StopLogging on 'alice-audit', 'bob-audit'", "TL401 user alice can StopLogging on 'bob-audit'",
                 "TL401 user bob can StopLogging on 'alice-audit'", "TL404"),
         note="trail/${aws:username}-* in Resource is each user's own name: alice's trails for alice, bob's for bob"),
    Case("iam-deny-not-action-reads.aws", IAM + "reference_policies_elements_notaction.html",
         silent=("TL401", "TL402", "TL406"),
         note="\"deny everything except\": a Deny with NotAction listing CloudTrail's reads, beside "
              "AWSCloudTrail_FullAccess, leaves the role the reads alone"),
    Case("iam-allow-not-action-reads.aws", IAM + "reference_policies_elements_notaction.html",
         fires=(ALL_FOUR.format("everything-but-reads", "My-First-Trail', 'Other-Trail"),
                "TL402 statement 'AllButReads' of policy broad allows StopLogging"),
         note="Allow with NotAction allows every action it does not list: everything but the reads is every write"),
    Case("iam-deny-not-resource-one-trail.aws", IAM + "reference_policies_elements_notresource.html",
         fires=(ALL_FOUR.format("first-only", "My-First-Trail"),
                ("TL407 deny statement 'DenyAllButFirst' of policy first-only on StopLogging, DeleteTrail, UpdateTrail, "
                "PutEventSelectors does not cover 'My-First-Trail'")),
         silent=(("TL401 role first-only can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail', "
                 "'Other-Trail'"),),
         note="a Deny with NotResource denies every resource but those listed: Other-Trail is out of reach"),
    Case("iam-deny-without-mfa.aws", IAM + "reference_policies_examples_iam_mfa-selfmanage.html",
         fires=(("TL401 user mfa-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on "
                 "'My-First-Trail', 'Other-Trail' when aws:MultiFactorAuthPresent is true"),),
         silent=("TL406", "TL002 TL401"),
         note="the page's DenyAllExceptListedIfNoMFA (BoolIfExists aws:MultiFactorAuthPresent false) beside "
              "AWSCloudTrail_FullAccess: the Deny holds without MFA and not with it; the user signs in with "
              "MFA and can stop logging, so the grant is reported with the condition its request meets "
              "(it was pinned silent while TL401 reported unconditional grants only)"),
    Case("iam-allow-request-tag-unsupported.aws", SAR, silent=("TL401", "TL402", "TL406"),
         note="StopLogging and DeleteTrail list no aws:RequestTag: the request lacks the key, StringEquals fails, "
              "and the Allow grants nothing"),
    Case("iam-deny-request-tag-unsupported.aws", SAR,
         fires=(ALL_FOUR.format("trail-admin", "My-First-Trail', 'Other-Trail"),
                ("TL407 deny statement 'DenyTaggedStop' of policy guard on StopLogging, DeleteTrail never applies: its "
                 "condition on aws:RequestTag/protected cannot hold")),
         note="a Deny on a key the actions' requests never carry denies nothing"),
    Case("iam-resource-tag-on-actions-without-trail.aws", SAR,
         fires=(("TL403 statement 'ViewTagged' of policy viewer allows cloudtrail:DescribeTrails, cloudtrail:ListTrails, "
                 "cloudtrail:LookupEvents only under a condition on aws:ResourceTag/team, which never holds"),),
         silent=("TL401", "TL402"),
         note="DescribeTrails, ListTrails and LookupEvents take no resource, so their requests carry no "
              "aws:ResourceTag (the global condition keys page): StringEquals fails, and the Allow grants nothing"),
    Case("iam-resource-tag-if-exists-without-trail.aws", CONDITION_OPERATORS + "#Conditions_IfExists",
         silent=("TL401", "TL402", "TL403"),
         note="StringEqualsIfExists and StringNotEquals hold when the key is absent: the reads are granted"),
    Case("iam-null-resource-tag.aws", CONDITION_OPERATORS + "#Conditions_Null",
         fires=(("TL401 role operator can UpdateTrail, PutEventSelectors on 'protected-trail'; StopLogging, DeleteTrail, "
                 "UpdateTrail, PutEventSelectors on 'scratch-trail'"),
                "TL407 deny statement 'DenyOnTagged' of policy guard on StopLogging, DeleteTrail does not cover 'scratch-trail'"),
         silent=("TL401 role operator can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'protected-trail'",),
         note="Null false: the key is present; list-tags gives protected-trail the tag and scratch-trail not"),
    Case("iam-if-exists-resource-tag.aws", CONDITION_OPERATORS + "#Conditions_IfExists",
         fires=("TL401 role dev-operator can StopLogging on 'dev-trail', 'untagged-trail'",),
         silent=("TL401 role dev-operator can StopLogging on 'dev-trail', 'prod-trail'", "TL401 'prod-trail'"),
         note="StringEqualsIfExists holds where the key is absent (untagged-trail) or equal (dev-trail)"),
    Case("iam-for-all-values-tag-keys.aws", IAM + "reference_policies_condition-single-vs-multi-valued-context-keys.html",
         fires=("TL401 role tag-keys can StopLogging on 'My-First-Trail', 'Other-Trail'",),
         note="ForAllValues with a key the request lacks (StopLogging carries no aws:TagKeys) evaluates to true: the "
              "Allow is a grant"),
    Case("iam-deny-principal-tag-absent.aws", IAM + "reference_policies_condition-keys.html#condition-keys-principaltag",
         fires=(("TL407 deny statement 'OnlyAuditTeam' of policy guard on StopLogging, DeleteTrail, UpdateTrail, "
                 "PutEventSelectors is conditional"),),
         silent=("TL401 role untagged-admin",),
         note="the role has no team tag, so StringNotEquals matches and the Deny holds; session tags can set "
              "aws:PrincipalTag when it is assumed, so the Deny is not relied on (TL407), and no grant is certain"),
    Case("iam-boundary-reads-inline-stop.aws", IAM + "access_policies_boundaries.html",
         silent=("TL401", "TL402", "TL406"),
         note="AWSCloudTrail_ReadOnlyAccess as boundary: the inline Allow of StopLogging is outside it and grants "
              "nothing, so TL402 (which judged the statement alone before) no longer says it allows StopLogging "
              "on every trail: it reads the boundary of the policy's one holder, as the access analysis does"),
    Case("iam-read-only-plus-stop-one.aws", UG + "security-iam-awsmanpol.html",
         fires=("TL401 user night-operator can StopLogging on 'My-First-Trail'",
                "TL406 user night-operator can stop logging on 'My-First-Trail' but cannot start it again"),
         silent=("TL401 user night-operator can StopLogging on 'My-First-Trail', 'Other-Trail'",),
         note="AWSCloudTrail_ReadOnlyAccess (Get*, Describe*, List*, LookupEvents) stops, starts and changes nothing"),
    Case("iam-service-linked-role.aws", UG + "using-service-linked-roles.html", silent=("TL401", "TL402", "TL406"),
         note="AWSServiceRoleForCloudTrail with CloudTrailServiceRolePolicy (cloudtrail:*): only CloudTrail assumes "
              "it, and no one can edit it, so no user or role of the account can use it to stop a trail"),
    Case("iam-stop-logging-on-event-data-store.aws", SAR,
         fires=(("TL403 statement 'OnStore' of policy lake allows cloudtrail:StopLogging, cloudtrail:StartLogging on "
                 "event data store ARNs and on none of the trails"),),
         silent=("TL401", "TL406"),
         note="StopLogging and StartLogging list the trail resource type only: an event data store ARN grants nothing"),
    # --- S3 rejects the log bucket's access settings at deployment (TL228) ----------------------------------
    Case("s3-bpa-public-policy-rejected.yaml", S3_BPA,
         fires=(("TL228 statement 'PublicRead' of the bucket policy of log bucket 'audit-logs-123456789012' makes it "
                 "public, which S3 rejects while Block Public Access BlockPublicPolicy is on"),),
         silent=("TL228 'AWSCloudTrailAclCheck'", "TL228 'AWSCloudTrailWrite'", "TL307", "TL002 TL307")),
    Case("terraform-s3-bpa-public-policy-rejected", S3_BPA,
         fires=("TL228 statement 'PublicRead' of the bucket policy of log bucket 'audit-logs-123456789012'",),
         silent=("TL307", "TL002 TL307", "TL312"),
         note="no aws_s3_bucket_public_access_block: a new bucket has all four settings on"),
    Case("s3-block-public-acls-rejected.yaml", S3_BPA,
         fires=(("TL228 log bucket 'audit-logs-123456789012' is given the canned ACL 'public-read', which S3 rejects "
                 "while Block Public Access BlockPublicAcls is on"),),
         silent=("TL228 Object Ownership",),
         note="ACLs enabled (ObjectWriter): Block Public Access refuses the public ACL, Object Ownership does not"),
    Case("s3-default-ownership-acl-rejected.yaml", S3_OWNERSHIP,
         fires=(("TL228 log bucket 'audit-logs-123456789012' is given the canned ACL 'log-delivery-write', which S3 "
                 "rejects while Object Ownership is BucketOwnerEnforced (S3's default): ACLs are disabled"),),
         silent=("TL228 'preferred-logs-123456789012'",),
         note="log-delivery-write is not public (Block Public Access allows it) but grants the log delivery group"),
    Case("terraform-s3-default-ownership-acl-rejected", S3_OWNERSHIP,
         fires=(("TL228 log bucket 'audit-logs-123456789012' is given the canned ACL 'public-read', which S3 rejects "
                 "while Object Ownership is BucketOwnerEnforced (S3's default)"),),
         silent=("TL228 'preferred-logs-123456789012'", "TL307 'audit-logs-123456789012'"),
         note="aws_s3_bucket_ownership_controls with BucketOwnerPreferred enables ACLs for the second bucket"),
    Case("s3-owner-enforced-owner-acl.yaml", S3_OWNERSHIP, silent=("TL228", "TL307", "TL002 TL307"),
         note="bucket-owner-full-control grants the owner alone: accepted with ACLs disabled"),
    Case("terraform-s3-account-block-public-policy", S3_BPA,
         fires=("TL228 statement 'PublicRead' of the bucket policy of log bucket 'audit-logs-123456789012'",),
         silent=("TL307", "TL312", "TL002 TL307"),
         note="the account-level block applies to every bucket of the account: the bucket's own settings off "
              "do not let the public policy in"),
    Case("terraform-s3-public-acl-ignored-not-blocked", S3_BPA,
         fires=("TL312 has Block Public Access BlockPublicAcls off",),
         silent=("TL228", "TL307", "TL002 TL307"),
         note="BlockPublicAcls off lets the public ACL be set, IgnorePublicAcls on makes S3 ignore it"),
    # --- request conditions, boundaries and set operators (a further batch) --------------------------
    Case("iam-deny-source-ip-ranges.aws", IAM + "reference_policies_examples_aws_deny-ip.html",
         fires=(("TL401 user office-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on "
                 "'My-First-Trail' when aws:SourceIp is in one of 192.0.2.0/24, 203.0.113.0/24"),),
         note="the page's policy verbatim beside AWSCloudTrail_FullAccess: \"the request will be denied unless it "
              "originates from the CIDR range 192.0.2.0/24 or 203.0.113.0/24\": from there the user stops logging"),
    Case("iam-deny-source-ip-unless-via-service.aws", IAM + "reference_policies_examples_aws_deny-ip.html",
         fires=("TL401 user office-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on",),
         note="NotIpAddress with Bool aws:ViaAWSService false: a request from the range fails the Deny"),
    Case("iam-deny-source-ip-present.aws", IAM + "reference_policies_condition-keys.html#condition-keys-sourceip",
         silent=("TL401", "TL402"),
         note="aws:SourceIp \"is included in the request context, except when the requester uses a VPC endpoint\": "
              "NotIpAddress holds on a request without the key (\"If the key ... is not present, the condition is "
              "true\" for a negated operator), so the first Deny takes the endpoint's requests and the second "
              "(StringNotEqualsIfExists aws:SourceVpce) the others: no request is left"),
    Case("iam-allow-null-source-ip-true.aws", CONDITION_OPERATORS + "#Conditions_Null",
         fires=("TL401 user nullip can StopLogging on 'My-First-Trail' when aws:SourceIp is absent",),
         note="Null true holds where the key is absent, as on a request through a VPC endpoint, which lacks "
              "aws:SourceIp (was left conditional and silent: aws:SourceIp was read as always present)"),
    Case("iam-allow-not-ip-all.aws", CONDITION_OPERATORS + "#Conditions_IPAddress",
         fires=(("TL401 user nowhere can StopLogging on 'My-First-Trail' when aws:SourceIp is not in one of 0.0.0.0/0, "
                "::/0 or absent"),),
         note="ambiguous: how NotIpAddress reads 0.0.0.0/0 against an address is not documented (left undecided), "
              "but a negated operator holds where the key is absent, as through a VPC endpoint: a grant there"),
    Case("iam-allow-source-ip-and-vpce.aws", IAM + "reference_policies_condition-keys.html#condition-keys-sourcevpce",
         silent=("TL401", "TL402"),
         note="aws:SourceVpce is present only through a VPC endpoint and aws:SourceIp only otherwise: no request "
              "meets both (was reported as a grant when both were)"),
    Case("iam-deny-for-any-value-tag-keys.aws", IAM + "reference_policies_condition-single-vs-multi-valued-context-keys.html",
         fires=("TL401 user tagger can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",
                ("TL407 deny statement 'DenyCloudTrailWithTagKeys' of policy deny-tag-keys on StopLogging, DeleteTrail, "
                "UpdateTrail, PutEventSelectors never applies")),
         silent=("TL401 user tagger can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail' when",),
         note="ForAnyValue on a key the request lacks is false: StopLogging carries no aws:TagKeys, so the Deny never "
              "applies and the grant is unconditional"),
    Case("iam-deny-for-all-values-absent-key.aws", IAM + "reference_policies_condition-single-vs-multi-valued-context-keys.html",
         silent=("TL401", "TL402"),
         note="ForAllValues \"also returns true if there are no context keys in the request\": the Deny takes every "
              "cloudtrail request without tags, all four actions among them"),
    Case("iam-allow-for-any-value-not-equals-tag-keys.aws",
         IAM + "reference_policies_condition-single-vs-multi-valued-context-keys.html", silent=("TL401", "TL402"),
         note="ForAnyValue with a key the request lacks evaluates to false, even with a negated operator"),
    Case("iam-allow-for-any-value-single-valued.aws",
         IAM + "reference_policies_condition-single-vs-multi-valued-context-keys.html",
         fires=("TL401 user regional can StopLogging on 'My-First-Trail'",),
         note="ambiguous: the page warns against set operators on a single-valued key but does not say how one is "
              "evaluated; read as a set of one value, us-east-2 (the trail's home Region) meets it"),
    Case("iam-allow-bool-if-exists-mfa.aws", CONDITION_OPERATORS + "#Conditions_IfExists",
         fires=("TL401 user ops can StopLogging on 'My-First-Trail' when aws:MultiFactorAuthPresent is true or absent",),
         note="BoolIfExists true holds with MFA and with long-term keys (the key absent)"),
    Case("iam-deny-bool-mfa-without-if-exists.aws", IAM + "reference_policies_condition-keys.html#condition-keys-multifactorauthpresent",
         fires=(("TL401 user keys-user can UpdateTrail, PutEventSelectors on 'My-First-Trail'; StopLogging, DeleteTrail "
                 "on 'My-First-Trail' when aws:MultiFactorAuthPresent is true or absent"),),
         note="a Deny with Bool false (no IfExists) does not take a request signed with long-term keys, which lacks "
              "the key: the page warns of this very pattern"),
    Case("iam-deny-null-mfa-key.aws", CONDITION_OPERATORS + "#Conditions_Null",
         fires=(("TL401 user keys-user can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail' "
                 "when aws:MultiFactorAuthPresent is present"),),
         note="Null true denies long-term keys only: temporary credentials carry the key"),
    Case("iam-allow-mfa-age.aws", IAM + "reference_policies_condition-keys.html#condition-keys-multifactorauthage",
         fires=("TL401 user mfa-ops can StopLogging on 'My-First-Trail' when aws:MultiFactorAuthAge is less than 3600",)),
    Case("iam-deny-mfa-age-if-exists.aws", CONDITION_OPERATORS + "#Conditions_IfExists",
         fires=(("TL401 user mfa-ops can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail' when "
                "aws:MultiFactorAuthAge is at most 3600"),)),
    Case("iam-allow-and-deny-mfa-disagree.aws", IAM + "reference_policies_evaluation-logic.html",
         silent=("TL401", "TL406"),
         note="Allow when MFA is false, Deny when it is false or absent: no request is allowed and not denied"),
    Case("iam-allow-closed-time-window.aws", CONDITION_OPERATORS + "#Conditions_Date",
         silent=("TL401", "TL402", "TL406"), note="a window of 2020 has closed: it grants nothing from now on"),
    Case("iam-condition-key-case.aws", IAM + "reference_policies_elements_condition.html",
         fires=("TL401 user office-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail' when",),
         note="\"Condition key names are not case-sensitive\": AWS:SOURCEIP is aws:SourceIp"),
    Case("iam-allow-requested-region-other.aws", IAM + "reference_policies_condition-keys.html#condition-keys-requestedregion",
         silent=("TL401", "TL402", "TL002 TL401"),
         note="StringLike eu-* on aws:RequestedRegion: StopLogging on a trail homed in us-east-2 is made there only"),
    Case("iam-deny-requested-region-if-exists.aws", IAM_REGION_DENY, silent=("TL401", "TL402"),
         note="StringNotEqualsIfExists us-west-2 denies every request made in us-east-2, the trail's home Region"),
    Case("iam-boundary-allows-reads-only.aws", IAM + "access_policies_boundaries.html", silent=("TL401", "TL402"),
         note="\"An entity's permissions boundary allows it to perform only the actions that are allowed by both its "
              "identity-based policies and its permissions boundaries\": a boundary of reads keeps the user's "
              "AWSCloudTrail_FullAccess from stopping a trail"),
    Case("advanced-operators-rejected.yaml", API + "API_AdvancedFieldSelector.html",
         fires=("TL210 uses NotEquals on field eventCategory; only Equals is allowed",
                "TL210 uses StartsWith on field readOnly; only Equals is allowed",
                "TL210 has readOnly 'maybe'; use 'true' or 'false'",
                "TL210 uses StartsWith on field resources.type; only Equals is allowed"),
         note="short-form tags (!Sub, !Ref): eventCategory, readOnly and resources.type take Equals only, readOnly "
              "true or false; the trail's name depends on the stack's (one TL002 for TL201)"),
    Case("quota-delete-and-create.tfplan.json", API + "API_DeleteTrail.html",
         fires=("TL102 us-east-2 would hold 5 trails, the quota of 5",), silent=("TL101",),
         note="the plan deletes team-5 and creates team-6: five trails after apply, not six"),
    Case("quota-replace.tfplan.json", API + "API_DeleteTrail.html",
         fires=("TL102 us-east-2 would hold 5 trails",), silent=("TL101",),
         note="a replacement (delete, then create) takes the deleted trail's place"),
    Case("quota-create-before-destroy.tfplan.json", UG + "WhatIsCloudTrail-Limits.html",
         fires=("TL101 6 trails would exist in us-east-2 during apply",),
         note="create_before_destroy (actions create, delete) creates the sixth trail while the fifth still exists: "
              "CreateTrail fails with MaximumNumberOfTrailsExceededException"),
    Case("duplicate-management-plan.tfplan.json", UG + "cloudtrail-trail-manage-costs.html",
         fires=(("TL501 1 paid copy of management events in every enabled Region: multi-Region trails security-audit, "
                "team-audit"),)),
    Case("iam-user-variable-default-value.aws", IAM + "reference_policies_variables.html",
         fires=("TL401 user untagged can StopLogging on 'ops-audit'",), silent=("TL401 user untagged can StopLogging on 'My-First-Trail'",),
         note="${aws:PrincipalTag/team, 'ops'}: the page's default value replaces a variable whose key the request "
              "lacks; the user has no team tag, so the Resource is trail/ops-*"),
    Case("iam-role-variable-default-value.aws", IAM + "id_session-tags.html",
         fires=("TL401 role untagged can StopLogging on 'ops-audit'",), silent=("TL401 role untagged can StopLogging on 'My-First-Trail'",),
         note="the same for a role without tags whose trust policy allows no sts:TagSession: \"For roles without "
              "this permission in the trust policy, the AssumeRole operation fails\" when tags are passed, so no "
              "session carries a team tag and the default is used (was left conditional and silent)"),
    Case("iam-role-principal-tag-without-tag-session.aws", IAM + "id_session-tags.html",
         fires=(ALL_FOUR.format("security-ops", "My-First-Trail"),),
         silent=("TL401 role developer", "TL401 role tag-session-ops"),
         note="a Deny unless aws:PrincipalTag/team is security: security-ops (tagged security, no sts:TagSession in "
              "its trust policy) is not denied and has AWSCloudTrail_FullAccess; developer (tagged dev) is denied; "
              "tag-session-ops, tagged dev but whose trust policy allows sts:TagSession, may pass team=security "
              "as a session tag, which \"overrides the role tag\": conditional, not reported"),
    Case("iam-deny-called-via-any-value.aws", IAM + "reference_policies_condition-keys.html#condition-keys-calledvia",
         fires=(("TL401 user cfn-only can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail' "
                 "when not (aws:CalledVia meets ForAnyValue:StringEquals cloudformation.amazonaws.com)"),),
         note="aws:CalledVia is multivalued and absent from a request the user makes directly, where ForAnyValue "
              "is false: the Deny takes only calls through CloudFormation"),
    Case("iam-allow-own-account-variable.aws", IAM + "reference_policies_variables.html",
         fires=("TL401 user own can StopLogging on 'My-First-Trail'",),
         note="aws:ResourceAccount equal to ${aws:PrincipalAccount}: the trail is of the user's own account"),
    Case("iam-allow-region-ignore-case.aws", CONDITION_OPERATORS + "#Conditions_String",
         fires=("TL401 user ci can StopLogging on 'My-First-Trail'",),
         note="StringEqualsIgnoreCase US-EAST-2 matches us-east-2, the trail's home Region"),
    Case("iam-deny-secure-transport-false.aws", IAM + "reference_policies_condition-keys.html#condition-keys-securetransport",
         fires=(("TL401 user tls can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail' when "
                 "aws:SecureTransport is true"),),
         note="a Deny of plain-HTTP requests leaves every request over TLS"),
    Case("scp-allow-list-region-condition", ORG + "orgs_manage_policies_scps_syntax.html",
         silent=("TL401", "TL002 TL401"),
         note="an allow-list SCP that allows everything where aws:RequestedRegion is us-west-2: StopLogging on a "
              "trail homed in us-east-2 is made there, so the account's level allows none of the four"),
    Case("scp-allow-list-not-action", ORG + "orgs_manage_policies_scps_syntax.html",
         fires=("TL401 role trail-admin can UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 role trail-admin can StopLogging", "TL401 role trail-admin can UpdateTrail, PutEventSelectors, "),
         note="an allow list written with NotAction (everything but StopLogging and DeleteTrail)"),
    Case("scp-allow-list-other-trail-arn", ORG_EVALUATION, silent=("TL401",),
         note="the account's only SCP allows cloudtrail:* on another trail's ARN: nothing on My-First-Trail"),
    Case("scp-allow-list-mfa-condition", ORG + "orgs_manage_policies_scps_syntax.html",
         fires=(ALL_FOUR.format("trail-admin", "My-First-Trail") + " when aws:MultiFactorAuthPresent is true",),
         note="an allow list under BoolIfExists aws:MultiFactorAuthPresent true: a request with MFA passes it"),
    Case("iam-boundary-deny-not-action.aws", IAM + "access_policies_boundaries.html", silent=("TL401", "TL402"),
         note="a boundary's Deny with NotAction listing CloudTrail's reads denies the four trail writes"),
    # --- pages no case cited before: S3 bucket naming, IAM policy language and evaluation, the IAM
    # resources of CloudFormation and Terraform, CloudTrail Lake, log file validation, SNS topic names ---
    Case("s3-bucket-names-reserved.yaml", S3_NAMING,
         fires=("TL212 'sthree-trail-logs' of trail 'sthree-prefix' is invalid: the prefix 'sthree-' is reserved",
                "TL212 'amzn-s3-demo-bucket' of trail 'demo-prefix' is invalid: the prefix 'amzn-s3-demo-' is reserved",
                "TL212 'trail-logs-s3alias' of trail 'access-point-alias' is invalid: the suffix '-s3alias' is reserved",
                "TL212 'trail-logs--ol-s3' of trail 'object-lambda-alias' is invalid: the suffix '--ol-s3' is reserved",
                "TL212 'trail-logs.mrap' of trail 'multi-region-access-point' is invalid: the suffix '.mrap' is reserved",
                "TL212 of trail 'directory-bucket' is invalid: the suffix '--x-s3' is reserved",
                "TL212 'trail-logs--table-s3' of trail 'table-bucket' is invalid: the suffix '--table-s3' is reserved",
                "TL212 of trail 'sixty-four' is invalid: it has 64 characters; 3 to 63 are allowed",
                "TL212 'doc-example-bucket-' of trail 'ends-with-hyphen' is invalid: it must begin and end with a letter"),
         note="the page's reserved prefixes and suffixes (access point, Object Lambda, Multi-Region Access Point, "
              "directory and table bucket names), its length bounds and its invalid example doc-example-bucket-"),
    Case("s3-bucket-names-valid.yaml", S3_NAMING, silent=("TL212",),
         note="the page's valid examples (docexamplebucket1, log-delivery-march-2020, my-hosted-content), 3 and 63 "
              "characters, periods, and the reserved words where they are not reserved (inside the name)"),
    Case("iam-version-omitted-variable.aws", IAM + "reference_policies_elements_version.html",
         fires=("TL401 user alice can StopLogging on 'alice-audit'",
                ("TL404 trail ARN 'arn:aws:cloudtrail:*:*:trail/${aws:username}-*' in statement 'OwnTrails' of policy "
                 "omitted matches no known trail")),
         silent=("TL401 user bob",),
         note="\"If you do not include a Version element, the value defaults to 2008-10-17\" and \"variables such as "
              "${aws:username} aren't recognized as variables and are instead treated as literal strings\": bob's "
              "Resource names the trail literally called ${aws:username}-..., none of his"),
    Case("iam-version-2008-variable.aws", IAM + "reference_policies_elements_version.html",
         fires=("TL401 user alice can StopLogging on 'alice-audit'",
                "TL404 trail ARN 'arn:aws:cloudtrail:*:*:trail/${aws:username}-*' in statement 'OwnTrails' of policy older"),
         silent=("TL401 user carol",),
         note="Version 2008-10-17 written out: the same literal string; alice's 2012-10-17 policy is the control"),
    Case("iam-dates-window-closed.aws", IAM + "reference_policies_examples_aws-dates.html",
         silent=("TL401", "TL402", "TL406"),
         note="the page's policy verbatim (DateGreaterThan 2020-04-01, DateLessThan 2020-06-30 on aws:CurrentTime) "
              "with cloudtrail:StopLogging as its action: the window has closed, the Allow grants nothing from now on"),
    Case("iam-dates-window-open.aws", IAM + "reference_policies_examples_aws-dates.html",
         fires=("TL401 user since-2020 can StopLogging on 'My-First-Trail' when aws:CurrentTime is after 2020-04-01",
                ("TL401 user from-2040 can StopLogging on 'My-First-Trail' when aws:CurrentTime is after "
                 "2040-04-01T00:00:00Z and aws:CurrentTime is before 2040-06-30T23:59:59Z")),
         note="a window without an end, and one still to come: each a grant under its condition on the time"),
    Case("iam-mfa-protected-api.aws", IAM + "id_credentials_mfa_configure-api-require.html",
         fires=("TL401 user mfa-stopper can StopLogging on 'My-First-Trail' when aws:MultiFactorAuthPresent is true",),
         silent=("TL401 user mfa-stopper can StopLogging on 'My-First-Trail' when aws:MultiFactorAuthPresent is true or",),
         note="MFA-protected API access: an Allow under Bool aws:MultiFactorAuthPresent true grants only the requests "
              "made with credentials an MFA sign-in gave (long-term keys lack the key, and Bool fails)"),
    Case("iam-mfa-protected-api-age.aws", IAM + "id_credentials_mfa_configure-api-require.html",
         fires=("TL401 user recent-mfa can StopLogging on 'My-First-Trail' when aws:MultiFactorAuthAge is less than 300",),
         note="the page's NumericLessThan on aws:MultiFactorAuthAge: only within 300 seconds of the MFA sign-in"),
    Case("iam-condition-values-or.aws", IAM + "reference_policies_multi-value-conditions.html",
         fires=("TL401 user either-region can StopLogging on 'My-First-Trail'",),
         silent=("TL401 user either-region can StopLogging on 'My-First-Trail' when",),
         note="\"multiple values for a context key ... evaluated using a logical OR\": us-west-2 or us-east-2, and "
              "StopLogging on a trail homed in us-east-2 is made there"),
    Case("iam-condition-keys-and.aws", IAM + "reference_policies_multi-value-conditions.html",
         fires=("TL401 user both-keys can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 user both-hold",),
         note="\"multiple context keys attached to a single condition operator ... evaluated using a logical AND\": "
              "the Deny on aws:RequestedRegion us-east-2 and aws:PrincipalAccount 111122223333 never takes both-keys "
              "(of 123456789012); the one naming the principal's own account takes every request for the trail"),
    Case("iam-negated-values-nor.aws", IAM + "reference_policies_multi-value-conditions.html",
         fires=("TL401 user nor-listed can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 user nor-unlisted",),
         note="\"a single negated matching condition operator ... evaluated using a logical NOR\": StringNotEquals "
              "[us-west-2, us-east-2] does not hold in us-east-2, so that Deny spares the trail; [us-west-2, eu-west-1] "
              "holds there and denies it"),
    Case("iam-explicit-deny-overrides.aws", IAM + "reference_policies_evaluation-logic_policy-eval-denyallow.html",
         fires=("TL401 user operator can UpdateTrail, PutEventSelectors on 'My-First-Trail'",
                "TL401 user allow-twice can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'"),
         silent=("TL401 user operator can StopLogging",),
         note="\"An explicit deny overrides an explicit allow\": AWSCloudTrail_FullAccess beside a Deny of StopLogging "
              "and DeleteTrail leaves the other two; a second Allow adds nothing to the first"),
    Case("iam-explicit-deny-wildcard-suffix.aws", IAM + "reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html",
         fires=("TL401 role trail-admin can DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 role trail-admin can StopLogging",),
         note="the page's pattern (a Deny of every action with a suffix, *Report) as cloudtrail:*Logging: StopLogging "
              "stays denied whatever another policy allows"),
    Case("iam-managed-policy-default-version.aws", IAM + "access_policies_managed-versioning.html",
         fires=("TL401 user rolled-forward can StopLogging on 'My-First-Trail'",),
         silent=("TL401 user rolled-back", "TL402 statement 'StopAny' of policy trail-ops-rolled-back"),
         note="only a managed policy's default version is in effect: v2 allows StopLogging, and is the default of "
              "trail-ops-rolled-forward only; trail-ops-rolled-back was rolled back to its v1 of reads"),
    Case("iam-cross-account-role.aws", IAM + "reference_policies_evaluation-logic-cross-account.html",
         fires=("TL401 role shared-trail-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 role partner-admin",),
         note="cross-account access needs a resource-based policy on the resource, and a trail has none: the partner "
              "account's role that names the trail's ARN reaches nothing, while the role of the trail's account that "
              "the partner may assume acts with that account's permissions"),
    Case("iam-resource-tag-owner-username.aws", IAM + "access_tags.html",
         fires=("TL401 user alice can StopLogging on 'alice-trail'",),
         silent=("TL401 user alice can StopLogging on 'alice-trail', 'bob-trail'", "TL401 user alice can StopLogging on 'bob-trail'"),
         note="aws:ResourceTag/Owner equal to ${aws:username}: list-tags gives alice-trail Owner=alice, bob-trail Owner=bob"),
    Case("iam-variable-special-characters.aws", IAM + "reference_policies_variables.html",
         fires=("TL401 user real-star can StopLogging on 'My-First-Trail'",
                "TL404 trail ARN 'arn:aws:cloudtrail:us-east-2:123456789012:trail/${*}' in statement 'LiteralStar'"),
         silent=("TL401 user literal-star",),
         note="${*} is the special character * itself, not a wildcard: trail/${*} names a trail called *, which no "
              "trail name can be"),
    Case("cfn-iam-role-policy.yaml", CFN + "aws-resource-iam-rolepolicy.html",
         fires=("TL401 role stopper can StopLogging on 'My-First-Trail'",),
         note="an AWS::IAM::RolePolicy is an inline policy of the role it names (RoleName: !Ref), here on !GetAtt Trail.Arn"),
    Case("cfn-iam-managed-policy-groups.yaml", CFN + "aws-resource-iam-managedpolicy.html",
         fires=("TL401 user auditor can DeleteTrail on 'My-First-Trail'",),
         silent=("TL401 user reader",),
         note="a managed policy attached to a group by its Groups property, and a user added to the group by "
              "AWS::IAM::UserToGroupAddition: the policy is the user's"),
    Case("cfn-iam-user-group-policy.yaml", CFN + "aws-resource-iam-userpolicy.html",
         fires=("TL401 user operator can StopLogging on 'My-First-Trail'",
                "TL401 user admin can DeleteTrail on 'My-First-Trail'",
                "TL401 user legacy can UpdateTrail on 'My-First-Trail'"),
         silent=("TL401 user operator can StopLogging, DeleteTrail", "TL401 user admin can StopLogging"),
         note="an AWS::IAM::UserPolicy is an inline policy of its user, an AWS::IAM::GroupPolicy of its group's "
              "members (AWS::IAM::User Groups), an AWS::IAM::Policy of the Users it lists"),
    Case("tf-iam-group-membership.tf", TF_DOCS + "resources/iam_group_membership",
         fires=("TL401 user alice can DeleteTrail on 'My-First-Trail'",),
         silent=("TL401 user bob",),
         note="aws_iam_group_membership makes alice a member of the group whose aws_iam_group_policy allows "
              "DeleteTrail; bob has AWSCloudTrail_ReadOnlyAccess (aws_iam_user_policy_attachment) alone"),
    Case("cfn-iam-group-policies.yaml", CFN + "aws-resource-iam-group.html",
         fires=("TL401 user operator can UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 user outsider", "TL401 user operator can StopLogging"),
         note="a group's inline Policies are its members' (AWS::IAM::User Groups)"),
    Case("cfn-iam-role-permissions-boundary.yaml", CFN + "aws-resource-iam-role.html",
         fires=("TL401 role unbounded-admin can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 role bounded-admin",),
         note="PermissionsBoundary AWSCloudTrail_ReadOnlyAccess: the role's AWSCloudTrail_FullAccess is left its reads"),
    Case("tf-policy-document-effect-default.tf", TF_DOCS + "data-sources/iam_policy_document",
         fires=("TL401 role default-effect can StopLogging on 'My-First-Trail'",),
         silent=("TL401 role denied",),
         note="a statement block without effect \"Defaults to Allow\"; a Deny in the same document overrides it"),
    Case("tf-policy-document-override.tf", TF_DOCS + "data-sources/iam_policy_document",
         fires=("TL401 user merged can StopLogging, DeleteTrail on 'My-First-Trail'",),
         silent=("TL401 user overridden", "TL402 statement 'TrailWrites' of policy aws_iam_user_policy.overridden"),
         note="override_policy_documents: a statement with the sid of an earlier one replaces it (TrailWrites becomes "
              "a read); source_policy_documents with a statement of another sid keeps both"),
    Case("tf-iam-role-inline-and-managed.tf", TF_DOCS + "resources/iam_role",
         fires=("TL401 role inline-block can StopLogging on 'My-First-Trail'",),
         silent=("TL401 role managed-arns", "TL401 role bounded"),
         note="an inline_policy block, managed_policy_arns of AWSCloudTrail_ReadOnlyAccess, and permissions_boundary "
              "AWSCloudTrail_ReadOnlyAccess over AWSCloudTrail_FullAccess"),
    Case("tf-iam-service-role-lambda.tf", IAM + "id_roles_create_for-service.html",
         fires=("TL401 role lambda-service-role can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         note="a service role is assumed by the service to act on the account's behalf: whatever code runs as the "
              "function can stop the trail (unlike a service-linked role, which only its service uses)"),
    Case("tf-iam-attachments.tf", TF_DOCS + "resources/iam_user_group_membership",
         fires=("TL401 user member can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 user not-member", "TL401 role reader"),
         note="aws_iam_user_group_membership adds member to the group aws_iam_group_policy_attachment gives "
              "AWSCloudTrail_FullAccess; aws_iam_role_policy_attachment gives the reader AWSCloudTrail_ReadOnlyAccess"),
    Case("lake-event-data-store-not-a-trail.yaml", CFN + "aws-resource-cloudtrail-eventdatastore.html",
         fires=("TL102 us-east-2 would hold 5 trails, the quota of 5",),
         silent=("TL101", "TL210", "TL205"),
         note="a CloudTrail Lake event data store is no trail (its quota is its own): five trails and two event data "
              "stores fill the Region's five trails, and do not go over"),
    Case("cfn-resource-policy-on-event-data-store.yaml", CFN + "aws-resource-cloudtrail-resourcepolicy.html",
         silent=("TL401", "TL402", "TL403", "TL221"),
         note="a resource-based policy of an event data store (channels, dashboards and event data stores take "
              "one; trails do not): neither the other account nor the role query-reader it names (which has no "
              "permissions policy) gains anything on the trail, whatever actions it lists"),
    Case("api-put-insight-selectors-write-only.aws", API + "API_PutInsightSelectors.html",
         silent=("TL317", "TL002 TL317"),
         note="\"To log CloudTrail Insights events on API call volume, the trail ... must log write management events. "
              "To log CloudTrail Insights events on API error rate, the trail ... must log read or write management "
              "events\": a trail of write-only management events takes both types (the read-only one is "
              "cli-put-insight-selectors-read-only.aws)"),
    Case("log-file-validation.yaml", UG + "cloudtrail-log-file-validation-intro.html",
         fires=("TL302 log file validation is disabled for trail 'not-validated'",
                "TL302 log file validation is disabled for trail 'validation-omitted'"),
         silent=("TL302 log file validation is disabled for trail 'validated'",),
         note="validation is set per trail and is off unless turned on (EnableLogFileValidation defaults to false)"),
    Case("sns-topic-names.yaml", "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
         fires=("TL218 SNS topic 'trail notifications' of trail 'with-space' is no topic name or topic ARN",
                "TL218 SNS topic 'trail+notifications' of trail 'with-plus' is no topic name or topic ARN"),
         silent=("TL218 'Trail_Notifications-2026'",
                 ("TL002 TL208 (sns-policy-blocks-delivery) and TL220 (sns-key-blocks-notifications) cannot decide: "
                  "SNS topic 'trail")),
         note="\"Topic names must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and "
              "hyphens\": a value no topic can have is TL218 only, with no TL002 that its topic is not in the inputs "
              "(there is no topic policy or key to ask about), as a value that names no log group is TL219 only"),
    Case("kms-alias-names.yaml", UG + "cloudtrail-trail-naming-requirements.html#KMS-key-naming-requirements",
         fires=("TL217 KMS key ID 'alias/trail key' of trail 'alias-with-space' is no alias name",
                "TL217 KMS key ID 'alias/trail.key' of trail 'alias-with-period' is no alias name",
                "TL209 KMS key 'alias/aws/s3' of trail 'aws-managed-alias' is an AWS managed key"),
         silent=("TL217 'alias/cloud_trail/logs-2026'", "TL217 'alias/aws/s3'",
                 "TL002 TL209 (kms-policy-blocks-cloudtrail) cannot decide: KMS key 'alias/trail"),
         note="an alias name is alias/ and letters, digits, /, _ and -; the aws/ prefix is reserved for AWS managed "
              "keys, whose key policy CloudTrail cannot be added to. A value in none of the forms names no key: TL217 "
              "only, with no TL002 that its key is not in the inputs (there is no key policy to ask about)"),
    Case("cfn-insight-selectors-read-only.yaml", CFN_PROPERTY + "insightselector.html",
         fires=(("TL317 ApiCallRateInsight on trail 'read-only-call-rate' analyses write management events, which the "
                 "trail does not record"),),
         silent=("TL317 'read-only-error-rate'", "TL317 'all-call-rate'"),
         note="ApiCallRateInsight analyses write management API calls, ApiErrorRateInsight read or write ones: a "
              "trail of read-only management events gives the first nothing to analyse"),
    Case("tf-policy-document-variable-ampersand.tf", TF_DOCS + "data-sources/iam_policy_document",
         fires=("TL401 user alice can StopLogging on 'alice-audit'", "TL401 user bob can StopLogging on 'bob-audit'"),
         silent=("TL404", "TL401 user alice can StopLogging on 'bob-audit'", "TL401 user bob can StopLogging on 'alice-audit'"),
         note="the data source writes an IAM policy variable as &{aws:username} and renders it as ${aws:username} (was "
              "read as the literal text &{aws:username}: alice's grant was missed, and TL404 said it named no trail)"),
    Case("tf-policy-document-version-2008.tf", TF_DOCS + "data-sources/iam_policy_document",
         fires=("TL401 user alice can StopLogging on 'alice-audit'",
                ("TL404 trail ARN 'arn:aws:cloudtrail:us-east-2:123456789012:trail/${aws:username}-*' in statement "
                 "'OwnTrailsEscaped'")),
         silent=("TL401 user bob",),
         note="the data source's version argument is the Version of the document it renders: in 2008-10-17 "
              "${aws:username} is literal text, so bob's statement names no trail of his (was read as the variable)"),
    Case("iam-principal-type.aws", IAM + "reference_policies_condition-keys.html#condition-keys-principaltype",
         fires=("TL401 user human can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",
                "TL401 role admin-ops can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'"),
         silent=("TL401 role automation", "TL401 role dev-ops"),
         note="aws:PrincipalType is AssumedRole for a role's session and User for a user: the Deny takes the role "
              "only; ArnNotEquals takes wildcards as ArnLike does (CONDITION_OPERATORS#Conditions_ARN), so "
              "role/admin-* exempts admin-ops and not dev-ops"),
    Case("iam-principal-arn-path.aws", IAM + "reference_identifiers.html",
         fires=("TL401 role admin-ops can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'My-First-Trail'",),
         silent=("TL401 role admin-team",),
         note="a role's ARN holds its path (arn:aws:iam::123456789012:role/team/admin-team): an exemption by "
              "ArnNotLike role/admin-* does not take the role of that name at /team/, which the Deny keeps out"),
    Case("iam-group-deny-user-allow.aws", IAM + "reference_policies_evaluation-logic_policy-eval-basics.html",
         fires=("TL401 user in-group can UpdateTrail on 'My-First-Trail'",
                "TL401 user not-in-group can StopLogging, UpdateTrail on 'My-First-Trail'"),
         silent=("TL401 user in-group can StopLogging",),
         note="\"An explicit deny in any of the policies overrides the allow\": the group's Deny of StopLogging takes "
              "what the member's own policy allows"),
    Case("tf-iam-policy-attachment.tf", TF_DOCS + "resources/iam_policy_attachment",
         fires=("TL401 user listed can StopLogging on 'My-First-Trail'", "TL401 role listed-role can StopLogging on 'My-First-Trail'"),
         silent=("TL401 user unlisted",),
         note="aws_iam_policy_attachment attaches the policy to the users and roles it lists, and to no one else"),
    Case("tf-event-data-store-not-a-trail.tf", TF_DOCS + "resources/cloudtrail_event_data_store",
         fires=("TL102 us-east-2 would hold 5 trails, the quota of 5",),
         silent=("TL101", "TL210", "TL205"),
         note="an aws_cloudtrail_event_data_store is a CloudTrail Lake event data store, no trail: five trails and "
              "two event data stores fill the Region's five trails, and do not go over"),
    Case("iam-abac-team-tag.aws", IAM + "tutorial_attribute-based-access-control.html",
         fires=("TL401 user ops-engineer can StopLogging on 'ops-trail'",),
         silent=("TL401 user ops-engineer can StopLogging on 'ops-trail', 'dev-trail'",
                 "TL401 user ops-engineer can StopLogging on 'dev-trail'", "TL401 user ops-engineer can StopLogging on 'dev-trail', 'ops-trail'"),
         note="attribute-based access control: aws:ResourceTag/team equal to ${aws:PrincipalTag/team}; the user is "
              "tagged team=ops, list-tags gives ops-trail team=ops and dev-trail team=dev"),
    Case("iam-deny-not-resource-variable.aws", IAM + "reference_policies_elements_notresource.html",
         fires=("TL401 user alice can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'alice-audit'",),
         silent=("TL401 user alice can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'alice-audit', 'bob-audit'",
                 "TL401 user alice can StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors on 'bob-audit'"),
         note="a Deny of cloudtrail:* with NotResource trail/${aws:username}-* beside AWSCloudTrail_FullAccess: "
              "every trail but the user's own is denied"),
)


def test_put_event_selectors_output_as_printed(tmp_path: Path) -> None:
    """The put-event-selectors page prints Example 2's output with a trailing comma: fed back as it
    is, that file is TL001 at the comma's place, and the trail is still linted (its selectors are
    then not known: one TL002)."""
    case = CASES_DIR / "cli-put-event-selectors-basic.aws"
    (tmp_path / "describe-trails.json").write_text((case / "describe-trails.json").read_text())
    (tmp_path / "get-trail-status.json").write_text((case / "get-trail-status.json").read_text())
    printed = (case / "get-event-selectors.json").read_text().replace(
        '"Type": "AWS::Lambda::Function"\n                }\n', '"Type": "AWS::Lambda::Function"\n                },\n')
    assert printed.count("},\n            ]") == 1
    (tmp_path / "get-event-selectors.json").write_text(printed)
    config = from_mapping({**DEFAULTS, "regions": ["us-east-2"], "select": ["TL"]})
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        findings = run(["."], config, all_rules(), raise_errors=True).findings
    finally:
        os.chdir(cwd)
    unreadable = [f for f in findings if f.rule == "TL001"]
    assert [(f.file, f.line) for f in unreadable] == [("get-event-selectors.json", 19)], unreadable
    assert any(f.rule == "TL002" and "what trail 'TrailName' records is not known" in f.message for f in findings)
    assert any(f.rule == "TL303" for f in findings)      # the rest is still linted


def lint(case: Case) -> list[Finding]:
    path = CASES_DIR / case.path
    folder = path if path.is_dir() else path.parent
    settings = dict(DEFAULTS)
    if path.is_dir() and (path / "config.yaml").exists():
        settings.update(yaml.safe_load((path / "config.yaml").read_text()) or {})
    config = from_mapping({**settings, "select": ["TL", "TL315"]})
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = run([path.name if path.is_file() else "."], config, all_rules(), raise_errors=True)
    finally:
        os.chdir(cwd)
    return [f for f in result.findings if f.suppressed is None]


def _matches(finding: Finding, expectation: str) -> bool:
    rule, _, text = expectation.partition(" ")
    return finding.rule == rule and text in finding.message


@pytest.mark.parametrize("case", CASES, ids=[c.path for c in CASES])
def test_documented_case(case: Case) -> None:
    findings = lint(case)
    shown = "\n".join(f"{f.file}:{f.line}: {f.rule} {f.message}" for f in findings)
    assert not [f for f in findings if f.rule in ("TL000", "TL001")], shown
    for expectation in case.fires:
        assert any(_matches(f, expectation) for f in findings), f"{case.page}: expected {expectation}\n{shown}"
    for expectation in case.silent:
        assert not any(_matches(f, expectation) for f in findings), f"{case.page}: unexpected {expectation}\n{shown}"


def test_every_case_file_is_indexed() -> None:
    indexed = {c.path.split("/")[0] for c in CASES}
    on_disk = {p.name for p in CASES_DIR.iterdir() if not p.name.startswith(".")}
    assert on_disk == indexed


def test_every_case_cites_its_page() -> None:
    assert all(c.page.startswith(("https://docs.aws.amazon.com/", "https://registry.terraform.io/")) for c in CASES)
    assert all(c.fires or c.silent for c in CASES)


# The AdvancedEventSelector page's table of the fields a trail's selector takes per eventCategory
# (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedEventSelector.html),
# written out here from the page, apart from the rule's own table.
DOCUMENTED_FIELDS = {
    "Management": {"eventCategory", "eventSource", "readOnly"},
    "Data": {"eventCategory", "eventName", "eventSource", "eventType", "resources.ARN", "resources.type", "readOnly",
             "sessionCredentialFromConsole", "userIdentity.arn"},
    "NetworkActivity": {"eventCategory", "eventSource", "eventName", "errorCode", "vpcEndpointId", "userIdentity.arn"},
}
ALL_FIELDS = sorted(set().union(*DOCUMENTED_FIELDS.values()))


@pytest.mark.parametrize("category", sorted(DOCUMENTED_FIELDS))
@pytest.mark.parametrize("field", ALL_FIELDS)
def test_advanced_selector_fields_per_category(category: str, field: str) -> None:
    required = {"Data": ("resources.type", "AWS::S3::Object"), "NetworkActivity": ("eventSource", "kms.amazonaws.com")}
    fields = [FieldSelector("eventCategory", equals=(category,))]
    if category in required and field != required[category][0]:
        fields.append(FieldSelector(required[category][0], equals=(required[category][1],)))
    if field != "eventCategory":
        fields.append(FieldSelector(field, not_equals=("x",)) if field == "eventSource" and category == "Management"
                      else FieldSelector(field, equals=("true",) if field == "readOnly" else
                                         ("VpceAccessDenied",) if field == "errorCode" else
                                         ("AWS::S3::Object",) if field == "resources.type" else ("x",)))
    origin = Origin("t.yaml", ("Resources", "T"))
    trail = Trail(name="t", advanced_selectors=(AdvancedSelector("s", tuple(fields), origin),), origin=origin)
    messages = [p.message for p in tl210.check(trail)]
    unsupported = [m for m in messages if f"field {field}" in m and ("do not support" in m or "only event data" in m)]
    assert bool(unsupported) == (field not in DOCUMENTED_FIELDS[category]), messages


# "Logging network activity events": "If you want to log network activity events for multiple event
# sources, you must create a separate field selector for each event source."
NETWORK_SOURCES = ("cloudtrail.amazonaws.com", "ec2.amazonaws.com", "kms.amazonaws.com", "s3.amazonaws.com",
                   "secretsmanager.amazonaws.com")


@given(st.lists(st.sampled_from(NETWORK_SOURCES), min_size=1, max_size=6))
def test_network_activity_selector_takes_one_event_source(sources: list[str]) -> None:
    fields = (FieldSelector("eventCategory", equals=("NetworkActivity",)),
              FieldSelector("eventSource", equals=tuple(sources)))
    origin = Origin("t.yaml", ("Resources", "T"))
    trail = Trail(name="t", advanced_selectors=(AdvancedSelector("s", fields, origin),), origin=origin)
    said = [p.message for p in tl210.check(trail) if "event sources in one eventSource condition" in p.message]
    assert bool(said) == (len(set(sources)) > 1), said


# The AggregationConfiguration page of the CloudFormation reference (and the API's): EventCategory takes
# Data alone; Templates 1 to 50 of API_ACTIVITY, RESOURCE_ACCESS, USER_ACTIONS.
AGGREGATION_TEMPLATES = ["API_ACTIVITY", "RESOURCE_ACCESS", "USER_ACTIONS"]


@given(st.text(min_size=1, max_size=20), st.lists(st.sampled_from(AGGREGATION_TEMPLATES), min_size=1, max_size=50))
def test_aggregation_takes_data_events_only(category: str, templates: list[str]) -> None:
    trail = Trail(name="t", aggregations=(Aggregation(category, tuple(templates)),), origin=Origin("t.yaml", ()))
    messages = [p.message for p in tl210.check(trail)]
    assert bool(messages) is (category != "Data")


@given(st.lists(st.text(min_size=1, max_size=20), max_size=60))
def test_aggregation_templates_are_one_to_fifty_of_three(templates: list[str]) -> None:
    trail = Trail(name="t", aggregations=(Aggregation("Data", tuple(templates)),), origin=Origin("t.yaml", ()))
    valid = 1 <= len(templates) <= 50 and all(t in AGGREGATION_TEMPLATES for t in templates)
    assert (not list(tl210.check(trail))) is valid
