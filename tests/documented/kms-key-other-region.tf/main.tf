# "Encrypting CloudTrail log files with AWS KMS keys": the KMS key must be in the same Region as
# the S3 bucket that receives the log files (KmsKeyNotFoundException otherwise).
provider "aws" {
  region = "us-east-2"
}

resource "aws_s3_bucket" "logs" {
  bucket = "my-trail-logs-123456789012"
}

resource "aws_cloudtrail" "encrypted" {
  name                       = "encrypted"
  s3_bucket_name             = aws_s3_bucket.logs.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:us-west-2:123456789012:key/12345678-1234-1234-1234-123456789012"
}
