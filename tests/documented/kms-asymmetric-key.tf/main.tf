# https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html:
# CloudTrail supports only symmetric KMS keys; an HMAC key is no symmetric encryption key either
# (https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html).
provider "aws" {
  region = "us-east-2"
}

resource "aws_kms_key" "hmac" {
  description              = "trail logs"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}

resource "aws_cloudtrail" "hmac" {
  name                       = "hmac-key"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.hmac.arn
}
