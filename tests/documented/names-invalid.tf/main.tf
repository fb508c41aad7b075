# CreateTrail Name: ASCII letters, digits, . _ -; start and end with a letter or digit;
# 3-128 characters; no adjacent separators; not an IP address.
provider "aws" {
  region = "us-east-2"
}

resource "aws_s3_bucket" "logs" {
  bucket = "my-trail-logs-123456789012"
}

resource "aws_cloudtrail" "adjacent_dash_underscore" {
  name           = "my-_namespace"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "adjacent_dashes" {
  name           = "my--namespace"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "ip_address" {
  name           = "192.168.5.4"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "too_short" {
  name           = "ab"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "starts_with_dash" {
  name           = "-leading"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "ends_with_period" {
  name           = "trailing."
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "space" {
  name           = "My Trail"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "non_ascii" {
  name           = "trail-café"
  s3_bucket_name = aws_s3_bucket.logs.id
}
