# Security Hub CSPM control CloudTrail.1: the account's only trail is multi-Region but its event
# selector leaves management events out (include_management_events = false) and records S3 data
# events only.
resource "aws_cloudtrail" "data_only" {
  name                       = "data-only"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "All"
    include_management_events = false

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
