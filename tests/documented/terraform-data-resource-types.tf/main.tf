# The aws_cloudtrail page of the Terraform registry, data_resource: type "Resource type in which you want to log
# data events. You can specify only the following value: "AWS::S3::Object", "AWS::Lambda::Function" and
# "AWS::DynamoDB::Table""; values "List of ARN strings or partial ARN strings ... ARN list is specific to
# single-valued type", e.g. arn:aws:dynamodb for all tables of the account.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "tables" {
  name                       = "all-tables"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::DynamoDB::Table"
      values = ["arn:aws:dynamodb"]
    }
  }
}

resource "aws_cloudtrail" "outposts" {
  name                       = "outposts-objects"
  s3_bucket_name             = "other-trail-logs-123456789012"
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "All"
    include_management_events = false

    data_resource {
      type   = "AWS::S3Outposts::Object"
      values = ["arn:aws:s3-outposts"]
    }
  }
}

resource "aws_cloudtrail" "mixed" {
  name                       = "lambda-with-bucket-arn"
  s3_bucket_name             = "third-trail-logs-123456789012"
  enable_log_file_validation = true

  event_selector {
    read_write_type           = "All"
    include_management_events = false

    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:s3:::amzn-s3-demo-bucket1/"]
    }
  }
}
