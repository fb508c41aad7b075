# The Terraform Registry's aws_cloudtrail event_selector: exclude_management_event_sources
# "Valid values include: kms.amazonaws.com and rdsdata.amazonaws.com. include_management_events
# must be set to true to allow this."
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "data_only" {
  name                       = "data-only-excludes"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    include_management_events        = false
    exclude_management_event_sources = ["kms.amazonaws.com"]

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::amzn-s3-demo-bucket/"]
    }
  }
}
