resource "aws_s3_bucket" "trail_logs" {
  bucket = "audit-logs-111122223333"
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.trail_logs.id
}
