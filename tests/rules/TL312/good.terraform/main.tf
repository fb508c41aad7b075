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

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
