# "Controlling ownership of objects and disabling ACLs for your bucket": a new bucket has Object
# Ownership BucketOwnerEnforced, and an aws_s3_bucket_acl granting anyone but the owner fails
# (AccessControlListNotSupported). The second bucket sets BucketOwnerPreferred with
# aws_s3_bucket_ownership_controls, as the Terraform Registry's aws_s3_bucket_acl example does.
resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = aws_s3_bucket.logs.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "audit-logs-123456789012"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  acl    = "public-read"
}

resource "aws_cloudtrail" "preferred" {
  name                       = "preferred"
  s3_bucket_name             = aws_s3_bucket.preferred.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_s3_bucket" "preferred" {
  bucket = "preferred-logs-123456789012"
}

resource "aws_s3_bucket_ownership_controls" "preferred" {
  bucket = aws_s3_bucket.preferred.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "preferred" {
  depends_on = [aws_s3_bucket_ownership_controls.preferred]
  bucket     = aws_s3_bucket.preferred.id
  acl        = "log-delivery-write"
}
