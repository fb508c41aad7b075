# "Working with CloudTrail trails": "When you create a single-Region trail, CloudTrail records the
# events in that Region only." A Lambda function's ARN names its Region
# (arn:aws:lambda:us-west-2:123456789012:function:helloworld), where it is invoked. The single-Region
# trail of us-east-2 never records that function's Invoke events: only the multi-Region trail and
# the single-Region trail of us-west-2 do, and those two pay for each of them twice ("For data events,
# all deliveries incur CloudTrail costs, including the first").
provider "aws" {
  region = "us-east-2"
}

provider "aws" {
  alias  = "oregon"
  region = "us-west-2"
}

resource "aws_cloudtrail" "all" {
  name                       = "all-regions"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:lambda:us-west-2:123456789012:function:helloworld"]
    }
  }
}

resource "aws_cloudtrail" "ohio" {
  name                          = "ohio-functions"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "ohio"
  include_global_service_events = false
  enable_log_file_validation    = true

  event_selector {
    read_write_type           = "All"
    include_management_events = false

    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:lambda:us-west-2:123456789012:function:helloworld"]
    }
  }
}

resource "aws_cloudtrail" "oregon" {
  provider                      = aws.oregon
  name                          = "oregon-functions"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "oregon"
  include_global_service_events = false
  enable_log_file_validation    = true

  event_selector {
    read_write_type           = "All"
    include_management_events = false

    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:lambda:us-west-2:123456789012:function:helloworld"]
    }
  }
}
