# AWS Config cloudtrail-s3-bucket-access-logging: COMPLIANT when the trail's bucket has server access
# logging; here written as the aws_s3_bucket's own logging block (AWS provider before v4).
resource "aws_s3_bucket" "access_logs" {
  bucket = "access-logs-123456789012"
}

resource "aws_s3_bucket" "logs" {
  bucket = "logged-trail-logs-123456789012"

  logging {
    target_bucket = aws_s3_bucket.access_logs.id
    target_prefix = "cloudtrail/"
  }
}

resource "aws_cloudtrail" "logged" {
  name                       = "logged"
  s3_bucket_name             = aws_s3_bucket.logs.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
