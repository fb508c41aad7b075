# "Managing CloudTrail trail costs": "For data events, all deliveries incur CloudTrail costs, including
# the first." Two trails log the S3 object events of one bucket: every such event is paid twice.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "security" {
  name                  = "security-trail"
  s3_bucket_name        = "my-trail-logs-123456789012"
  is_multi_region_trail = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::amzn-s3-demo-bucket/"]
    }
  }
}

resource "aws_cloudtrail" "developers" {
  name                          = "developer-trail"
  s3_bucket_name                = "developer-trail-logs-123456789012"
  include_global_service_events = false

  event_selector {
    read_write_type           = "All"
    include_management_events = false

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::amzn-s3-demo-bucket/"]
    }
  }
}
