resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "s3://audit-logs"
}
