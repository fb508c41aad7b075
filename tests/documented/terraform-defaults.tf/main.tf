# The Terraform Registry's aws_cloudtrail arguments: enable_logging "Defaults to true",
# include_global_service_events "Defaults to true"; in event_selector, include_management_events
# "Defaults to true" and read_write_type "Default value is All".
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "defaults" {
  name                       = "defaults"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:lambda"]
    }
  }
}
