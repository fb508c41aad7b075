resource "aws_kms_key" "asymmetric" {
  description              = "trail logs"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key_policy" "asymmetric" {
  key_id = aws_kms_key.asymmetric.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = ["kms:GenerateDataKey*", "kms:DescribeKey"]
      Resource  = "*"
    }]
  })
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-logs-111122223333"
  kms_key_id     = aws_kms_key.asymmetric.arn
}
