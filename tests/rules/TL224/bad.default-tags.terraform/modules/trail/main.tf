resource "aws_cloudtrail" "in_module" {
  name           = "in-module"
  s3_bucket_name = "audit-logs-123456789012"
}
