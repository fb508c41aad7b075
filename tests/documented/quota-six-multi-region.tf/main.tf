# "Creating multiple trails": "You can create up to five trails per AWS Region. A multi-Region trail
# counts as one trail per Region." Six multi-Region trails, each created from another Region, are six
# trails in every Region: the sixth CreateTrail fails with MaximumNumberOfTrailsExceededException.

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

provider "aws" {
  alias  = "ap_southeast_2"
  region = "ap-southeast-2"
}

resource "aws_cloudtrail" "us_east_1" {
  provider                   = aws.us_east_1
  name                       = "all-regions-from-us-east-1"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "us-east-1"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "us_east_2" {
  provider                   = aws.us_east_2
  name                       = "all-regions-from-us-east-2"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "us-east-2"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "us_west_1" {
  provider                   = aws.us_west_1
  name                       = "all-regions-from-us-west-1"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "us-west-1"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "us_west_2" {
  provider                   = aws.us_west_2
  name                       = "all-regions-from-us-west-2"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "us-west-2"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "eu_west_1" {
  provider                   = aws.eu_west_1
  name                       = "all-regions-from-eu-west-1"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "eu-west-1"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "ap_southeast_2" {
  provider                   = aws.ap_southeast_2
  name                       = "all-regions-from-ap-southeast-2"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "ap-southeast-2"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
