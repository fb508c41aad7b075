# "Quotas in AWS CloudTrail": 5 trails per Region, "The maximum number of trails per AWS Region".
# Five single-Region trails, each in a Region of its own, are one trail in each of five Regions:
# far from the quota anywhere.

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

provider "aws" {
  alias  = "us_east_2"
  region = "us-east-2"
}

provider "aws" {
  alias  = "us_west_1"
  region = "us-west-1"
}

provider "aws" {
  alias  = "us_west_2"
  region = "us-west-2"
}

provider "aws" {
  alias  = "eu_west_1"
  region = "eu-west-1"
}

resource "aws_cloudtrail" "us_east_1" {
  provider                      = aws.us_east_1
  name                          = "only-us-east-1"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "us-east-1"
  include_global_service_events = true
}

resource "aws_cloudtrail" "us_east_2" {
  provider                      = aws.us_east_2
  name                          = "only-us-east-2"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "us-east-2"
  include_global_service_events = false
}

resource "aws_cloudtrail" "us_west_1" {
  provider                      = aws.us_west_1
  name                          = "only-us-west-1"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "us-west-1"
  include_global_service_events = false
}

resource "aws_cloudtrail" "us_west_2" {
  provider                      = aws.us_west_2
  name                          = "only-us-west-2"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "us-west-2"
  include_global_service_events = false
}

resource "aws_cloudtrail" "eu_west_1" {
  provider                      = aws.eu_west_1
  name                          = "only-eu-west-1"
  s3_bucket_name                = "my-trail-logs-123456789012"
  s3_key_prefix                 = "eu-west-1"
  include_global_service_events = false
}
