# The KMS key must be in the Region of the S3 bucket, which need not be the trail's: a trail of
# us-east-2 that delivers to a bucket of eu-west-1 uses a key of eu-west-1; a key of the trail's
# own Region does not work with that bucket.
provider "aws" {
  region = "us-east-2"
}

provider "aws" {
  alias  = "ireland"
  region = "eu-west-1"
}

resource "aws_s3_bucket" "logs" {
  provider = aws.ireland
  bucket   = "my-trail-logs-123456789012"
}

resource "aws_cloudtrail" "bucket_region_key" {
  name                       = "bucket-region-key"
  s3_bucket_name             = aws_s3_bucket.logs.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:eu-west-1:123456789012:key/12345678-1234-1234-1234-123456789012"
}

resource "aws_cloudtrail" "trail_region_key" {
  name                       = "trail-region-key"
  s3_bucket_name             = aws_s3_bucket.logs.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = "arn:aws:kms:us-east-2:123456789012:key/12345678-1234-1234-1234-123456789012"
}
