# Two multi-Region trails of one account: each records the management events of every enabled
# Region, so the second is a paid copy in every one of them, not only in the provider's Region.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "security" {
  name                       = "security-audit"
  s3_bucket_name             = "security-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "team" {
  name                       = "team-audit"
  s3_bucket_name             = "team-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
