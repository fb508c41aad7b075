# "Quotas in AWS CloudTrail": 5 event selectors per trail. Five is the quota, not over it.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "five" {
  name                       = "five-selectors"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }

  event_selector {
    read_write_type           = "ReadOnly"
    include_management_events = false
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::amzn-s3-demo-bucket1/"]
    }
  }

  event_selector {
    read_write_type           = "WriteOnly"
    include_management_events = false
    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::amzn-s3-demo-bucket2/"]
    }
  }

  event_selector {
    read_write_type           = "All"
    include_management_events = false
    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:lambda:us-east-2:123456789012:function:helloworld"]
    }
  }

  event_selector {
    read_write_type           = "All"
    include_management_events = false
    data_resource {
      type   = "AWS::DynamoDB::Table"
      values = ["arn:aws:dynamodb:us-east-2:123456789012:table/orders"]
    }
  }
}
