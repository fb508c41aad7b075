# The arn of an aws_cloudwatch_log_group, in a known account and Region: it ends in ':*' before AWS
# provider 3.0 and not from 3.0: not a finding, a TL002 (whether CloudTrail takes it depends on the version).
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_cloudwatch_log_group" "trail" {
  name = "trail"
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "audit-logs-111122223333"
  cloud_watch_logs_group_arn = aws_cloudwatch_log_group.trail.arn
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/trail-logs"
}
