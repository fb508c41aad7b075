provider "aws" {
  region = "us-east-1"
}

resource "aws_cloudtrail" "reads" {
  name                  = "reads"
  s3_bucket_name        = "audit-logs-111122223333"
  is_multi_region_trail = true

  event_selector {
    read_write_type           = "ReadOnly"
    include_management_events = true
  }

  insight_selector {
    insight_type = "ApiCallRateInsight"
  }
}
