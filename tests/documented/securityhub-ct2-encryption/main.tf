# Security Hub CSPM control CloudTrail.2: CloudTrail should have encryption at rest enabled, that is
# the trail names a KMS key (SSE-KMS). One trail names a key, the other relies on SSE-S3 only.
resource "aws_kms_key" "trail" {
  description = "CloudTrail log files"
}

resource "aws_cloudtrail" "encrypted" {
  name                       = "encrypted"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "sse_s3_only" {
  name                       = "sse-s3-only"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
