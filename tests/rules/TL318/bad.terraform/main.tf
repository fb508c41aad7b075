# The shape of a published module's key policy: every KMS action to any AWS principal.
data "aws_caller_identity" "current" {}

resource "aws_kms_key" "cloudtrail" {
  description = "trail logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Enable IAM User Permissions"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "kms:*"
        Resource  = "*"
      },
    ]
  })
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = aws_kms_key.cloudtrail.arn
}
