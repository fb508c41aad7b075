resource "aws_kms_key" "without_policy" {
  description = "trail logs"
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = aws_kms_key.without_policy.arn
}

# Only referred to: its policy is not in the inputs, so nothing is said about it.
data "aws_kms_key" "shared" {
  key_id = "alias/shared-trail-key"
}

resource "aws_cloudtrail" "shared" {
  name           = "shared"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = data.aws_kms_key.shared.arn
}
