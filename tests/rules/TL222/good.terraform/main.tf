resource "aws_kms_key" "symmetric" {
  description              = "trail logs"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
}

resource "aws_kms_key" "default_spec" {
  description = "trail logs"
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = aws_kms_key.symmetric.arn
}

resource "aws_cloudtrail" "other" {
  name           = "other"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = aws_kms_key.default_spec.arn
}
