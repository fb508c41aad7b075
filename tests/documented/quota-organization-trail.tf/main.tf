# The management account already has five trails in us-east-2; creating an organization trail
# there fails: the trail limit of the Region where it is created applies to the management account.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "regional" {
  count                      = 5
  name                       = "regional-${count.index}"
  s3_bucket_name             = "my-trail-logs-123456789012"
  include_global_service_events = false
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "organization" {
  name                       = "org-trail"
  s3_bucket_name             = "org-trail-logs-123456789012"
  is_multi_region_trail      = true
  is_organization_trail      = true
  enable_log_file_validation = true
}
