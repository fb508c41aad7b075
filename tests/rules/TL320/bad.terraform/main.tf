resource "aws_s3_bucket" "logs" {
  bucket = "audit-logs-123456789012"
}

resource "aws_cloudtrail" "trail" {
  name                       = "kept-forever"
  s3_bucket_name             = aws_s3_bucket.logs.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
