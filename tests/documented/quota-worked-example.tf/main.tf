# "Multiple trails per Region": two single-Region trails and two multi-Region trails created in
# us-west-1, and one multi-Region trail created in ap-southeast-2, make five trails in us-west-1.
provider "aws" {
  region = "us-west-1"
}

provider "aws" {
  alias  = "sydney"
  region = "ap-southeast-2"
}

resource "aws_cloudtrail" "single_one" {
  name           = "single-region-one"
  s3_bucket_name = "my-trail-logs-123456789012"
}

resource "aws_cloudtrail" "single_two" {
  name           = "single-region-two"
  s3_bucket_name = "my-trail-logs-123456789012"
}

resource "aws_cloudtrail" "multi_one" {
  name                  = "multi-region-one"
  s3_bucket_name        = "my-trail-logs-123456789012"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "multi_two" {
  name                  = "multi-region-two"
  s3_bucket_name        = "my-trail-logs-123456789012"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "multi_sydney" {
  provider              = aws.sydney
  name                  = "multi-region-sydney"
  s3_bucket_name        = "my-trail-logs-123456789012"
  is_multi_region_trail = true
}
