provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "alias_name" {
  name           = "alias-name"
  s3_bucket_name = "audit-logs-123456789012"
  kms_key_id     = "alias/cloudtrail"
}
