# ApiCallRateInsight analyses write management events: a trail that logs only read management
# events cannot have it (ApiErrorRateInsight works with read events).
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "reads" {
  name                       = "read-only-insights"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "ReadOnly"
    include_management_events = true
  }

  insight_selector {
    insight_type = "ApiCallRateInsight"
  }

  insight_selector {
    insight_type = "ApiErrorRateInsight"
  }
}
