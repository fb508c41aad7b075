resource "aws_s3_bucket" "separate" {
  bucket = "audit-logs-123456789012"
}

resource "aws_s3_bucket_lifecycle_configuration" "separate" {
  bucket = aws_s3_bucket.separate.id
  rule {
    id     = "archive"
    status = "Enabled"
    filter {}
    transition {
      days          = 365
      storage_class = "GLACIER"
    }
  }
}

resource "aws_s3_bucket" "inline" {
  bucket = "audit-logs-inline-123456789012"
  lifecycle_rule {
    id      = "expire"
    enabled = true
    expiration {
      days = 2555
    }
  }
}

resource "aws_cloudtrail" "separate" {
  name                       = "separate"
  s3_bucket_name             = aws_s3_bucket.separate.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "inline" {
  name                       = "inline"
  s3_bucket_name             = aws_s3_bucket.inline.id
  enable_log_file_validation = true
}
