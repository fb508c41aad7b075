# AWS Config multi-region-cloudtrail-enabled: COMPLIANT with one multi-Region trail that is logging
# and records read and write management events (the default event selector).
resource "aws_cloudtrail" "all_regions" {
  name                       = "all-regions"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
