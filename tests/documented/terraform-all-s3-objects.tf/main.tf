# The aws_cloudtrail page of the Terraform registry, "Logging All S3 Object Events By Using Basic Event
# Selectors": a data_resource of type AWS::S3::Object with the value "arn:aws:s3".
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "example" {
  name                       = "all-s3-objects"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}
