# "AWS Regions" (AWS General Reference / Regions and Zones): us-east-1, us-east-2, us-west-1 and
# us-west-2 are the US Regions of the aws partition; there is no us-east-3.
provider "aws" {
  region = "us-east-3"
}

resource "aws_cloudtrail" "example" {
  name                       = "typo-region"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
