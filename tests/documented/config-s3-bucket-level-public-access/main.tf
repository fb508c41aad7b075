# AWS Config s3-bucket-level-public-access-prohibited: NON_COMPLIANT when a bucket's own Block
# Public Access settings are public. One log bucket blocks all four, the other leaves
# BlockPublicPolicy off.
resource "aws_s3_bucket" "blocked" {
  bucket = "blocked-trail-logs-123456789012"
}

resource "aws_s3_bucket_public_access_block" "blocked" {
  bucket                  = aws_s3_bucket.blocked.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "open" {
  bucket = "open-trail-logs-123456789012"
}

resource "aws_s3_bucket_public_access_block" "open" {
  bucket                  = aws_s3_bucket.open.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_cloudtrail" "blocked" {
  name                       = "blocked"
  s3_bucket_name             = aws_s3_bucket.blocked.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "open" {
  name                       = "open"
  s3_bucket_name             = aws_s3_bucket.open.id
  enable_log_file_validation = true
}
