# Security Hub CSPM control CloudTrail.7: S3 bucket access logging should be enabled on the
# CloudTrail S3 bucket. One log bucket has an aws_s3_bucket_logging, the other none.
resource "aws_s3_bucket" "access_logs" {
  bucket = "access-logs-123456789012"
}

resource "aws_s3_bucket" "logged" {
  bucket = "logged-trail-logs-123456789012"
}

resource "aws_s3_bucket_logging" "logged" {
  bucket        = aws_s3_bucket.logged.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "cloudtrail/"
}

resource "aws_s3_bucket" "unlogged" {
  bucket = "unlogged-trail-logs-123456789012"
}

resource "aws_cloudtrail" "logged" {
  name                       = "logged"
  s3_bucket_name             = aws_s3_bucket.logged.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "unlogged" {
  name                       = "unlogged"
  s3_bucket_name             = aws_s3_bucket.unlogged.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
