# AWS Config multi-region-cloudtrail-enabled: NON_COMPLIANT when ExcludeManagementEventSources is
# not empty; here an advanced selector leaves out the RDS Data API events.
resource "aws_cloudtrail" "without_rds_data" {
  name                       = "without-rds-data"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  advanced_event_selector {
    name = "Management events but RDS Data API"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
    field_selector {
      field       = "eventSource"
      not_equals  = ["rdsdata.amazonaws.com"]
    }
  }
}
