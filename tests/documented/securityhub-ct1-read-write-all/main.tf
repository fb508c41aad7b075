# Security Hub CSPM control CloudTrail.1: a multi-Region trail whose event selector includes
# management events with read_write_type All passes.
resource "aws_cloudtrail" "all_management" {
  name                       = "all-management"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }
}
