# Terraform aws_cloudtrail enable_logging = false: the trail exists but does not log.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "stopped" {
  name                       = "stopped"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  enable_logging             = false
}
