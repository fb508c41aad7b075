# The aws_cloudtrail page of the Terraform registry, event_selector: read_write_type "Type of events to log.
# Valid values are ReadOnly, WriteOnly, All. Default value is All."
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "writes" {
  name                       = "writes-only"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "WriteOnly"
    include_management_events = true
  }
}

resource "aws_cloudtrail" "write" {
  name                       = "write-misspelt"
  s3_bucket_name             = "other-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "Write"
    include_management_events = true
  }
}
