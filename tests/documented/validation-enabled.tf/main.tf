# "Enabling log file integrity validation for CloudTrail": with validation on, CloudTrail delivers a
# digest file every hour; the registry's aws_cloudtrail takes enable_log_file_validation (default false).
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "validated" {
  name                       = "validated"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "unvalidated" {
  name                          = "unvalidated"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "unvalidated"
  include_global_service_events = false
}
