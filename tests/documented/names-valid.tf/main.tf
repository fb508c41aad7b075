# Names the CloudTrail naming rules accept.
provider "aws" {
  region = "us-east-2"
}

resource "aws_s3_bucket" "logs" {
  bucket = "my-trail-logs-123456789012"
}

resource "aws_cloudtrail" "documented_example" {
  name           = "My-First-Trail"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "separators_apart" {
  name           = "my.trail_name-1"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "three_characters" {
  name           = "a1b"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "longest" {
  name           = "a${join("", [for i in range(126) : "b"])}c"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "digits_not_ip" {
  name           = "192.168.5"
  s3_bucket_name = aws_s3_bucket.logs.id
}
