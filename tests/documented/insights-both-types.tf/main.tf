# Terraform aws_cloudtrail: both insight types on a trail that logs every management event.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "insights" {
  name                          = "insights-trail"
  s3_bucket_name                = "my-trail-logs-123456789012"
  is_multi_region_trail         = true
  include_global_service_events = true

  insight_selector {
    insight_type = "ApiCallRateInsight"
  }

  insight_selector {
    insight_type = "ApiErrorRateInsight"
  }
}
