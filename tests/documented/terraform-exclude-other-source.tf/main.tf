# The aws_cloudtrail page of the Terraform registry, event_selector: exclude_management_event_sources "A set of
# event sources to exclude. Valid values include: kms.amazonaws.com and rdsdata.amazonaws.com.
# include_management_events must be set to true to allow this."
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "without_kms" {
  name                       = "without-kms"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type                  = "All"
    include_management_events        = true
    exclude_management_event_sources = ["kms.amazonaws.com"]
  }
}

resource "aws_cloudtrail" "without_iam" {
  name                       = "without-iam"
  s3_bucket_name             = "other-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type                  = "All"
    include_management_events        = true
    exclude_management_event_sources = ["iam.amazonaws.com"]
  }
}
