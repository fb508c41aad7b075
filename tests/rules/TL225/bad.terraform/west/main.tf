resource "aws_cloudtrail" "west" {
  name           = "typo-passed-provider"
  s3_bucket_name = "audit-logs-123456789012"
}
