# AWS Config cloudtrail-all-read-s3-data-event-check and cloudtrail-all-write-s3-data-event-check
# ask for a multi-Region trail: a single-Region trail that records every S3 data event does not do.
resource "aws_cloudtrail" "ohio_objects" {
  name                       = "ohio-objects"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = false
  enable_log_file_validation = true

  advanced_event_selector {
    name = "S3 objects"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
  }
}
