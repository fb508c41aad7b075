# Terraform accepts an s3_key_prefix of up to 2,000 characters; CreateTrail at most 200.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "long_prefix" {
  name                       = "long-prefix"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
