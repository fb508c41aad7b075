# AWS Config cloudtrail-all-write-s3-data-event-check: NON_COMPLIANT when no multi-Region trail logs
# all write S3 data events; this event selector records read events (ReadOnly) of every bucket.
resource "aws_cloudtrail" "object_reads" {
  name                       = "object-reads"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }

  event_selector {
    read_write_type           = "ReadOnly"
    include_management_events = false

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
