# "Working with CloudTrail trails": "When you create a single-Region trail, CloudTrail records the
# events in that Region only." Two single-Region trails in two Regions that name the same bucket:
# the bucket is in one Region, and only the trail of that Region records its object events, so no
# data event is delivered twice.
provider "aws" {
  region = "us-east-2"
}

provider "aws" {
  alias  = "oregon"
  region = "us-west-2"
}

resource "aws_cloudtrail" "ohio" {
  name                          = "ohio-objects"
  s3_bucket_name                = "my-trail-logs-123456789012"
  include_global_service_events = false

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::amzn-s3-demo-bucket/"]
    }
  }
}

resource "aws_cloudtrail" "oregon" {
  provider                      = aws.oregon
  name                          = "oregon-objects"
  s3_bucket_name                = "my-trail-logs-123456789012"
  include_global_service_events = false

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::amzn-s3-demo-bucket/"]
    }
  }
}
