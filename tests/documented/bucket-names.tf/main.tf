# "Naming requirements for CloudTrail resources, S3 buckets, and KMS keys": the log bucket's name
# must follow the S3 general purpose bucket naming rules (3-63 characters, lower case letters,
# digits, periods and hyphens, start and end with a letter or digit, no adjacent periods, not an
# IP address, no xn-- prefix, no -s3alias suffix).
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "upper_case" {
  name           = "upper-case"
  s3_bucket_name = "My-CloudTrail-Logs"
}

resource "aws_cloudtrail" "underscore" {
  name           = "underscore"
  s3_bucket_name = "cloudtrail_logs"
}

resource "aws_cloudtrail" "adjacent_periods" {
  name           = "adjacent-periods"
  s3_bucket_name = "cloudtrail..logs"
}

resource "aws_cloudtrail" "ip_address" {
  name           = "ip-address"
  s3_bucket_name = "192.168.5.4"
}

resource "aws_cloudtrail" "xn_prefix" {
  name           = "xn-prefix"
  s3_bucket_name = "xn--cloudtrail-logs"
}
