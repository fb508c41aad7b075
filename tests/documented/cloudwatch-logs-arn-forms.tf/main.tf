# The same in Terraform: a log group ARN of a log stream is no log group ARN, and a role ARN of
# an IAM user is no role ARN.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "stream" {
  name                       = "stream-arn"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  cloud_watch_logs_group_arn = "arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail/logs:log-stream:123456789012_CloudTrail_us-east-2"
  cloud_watch_logs_role_arn  = "arn:aws:iam::123456789012:user/CloudTrail_CloudWatchLogs_Role"
}

resource "aws_cloudtrail" "without_suffix" {
  name                       = "without-suffix"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  cloud_watch_logs_group_arn = "arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail/logs"
  cloud_watch_logs_role_arn  = "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role"
}
