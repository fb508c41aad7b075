# A log group ARN written out without ':*': CloudTrail refuses it whatever the provider version.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "audit-logs-111122223333"
  cloud_watch_logs_group_arn = "arn:aws:logs:us-east-1:111122223333:log-group:trail"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/trail-logs"
}
