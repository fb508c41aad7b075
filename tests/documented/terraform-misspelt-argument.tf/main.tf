# The aws_cloudtrail page names the argument is_multi_region_trail; is_multiregion_trail is no
# argument of the resource.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "example" {
  name                       = "all-regions"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multiregion_trail       = true
  enable_log_file_validation = true
}
