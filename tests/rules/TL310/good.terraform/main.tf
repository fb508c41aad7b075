provider "aws" {
  region = "us-east-1"
}

resource "aws_cloudtrail" "audit" {
  name                  = "audit"
  s3_bucket_name        = aws_s3_bucket.logs.id
  is_multi_region_trail = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "audit-logs-111122223333"
}

resource "aws_s3_bucket_logging" "logs" {
  bucket        = aws_s3_bucket.logs.id
  target_bucket = "access-logs-111122223333"
  target_prefix = "cloudtrail/"
}
