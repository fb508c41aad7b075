# AWS Config multi-region-cloudtrail-enabled (readWriteType ALL, the default): NON_COMPLIANT when
# the multi-Region trail records read management events only.
resource "aws_cloudtrail" "reads" {
  name                       = "reads-only"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "ReadOnly"
    include_management_events = true
  }
}
