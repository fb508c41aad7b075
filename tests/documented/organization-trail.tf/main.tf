# "Creating a trail for an organization": an organization trail of the management account
# (111111111111) with the bucket policy the page gives, written with the organization ID that
# the aws_organizations_organization data source returns.
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

data "aws_organizations_organization" "current" {}

resource "aws_s3_bucket" "org" {
  bucket = "org-trail-logs-111111111111"
}

resource "aws_s3_bucket_policy" "org" {
  bucket = aws_s3_bucket.org.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AWSCloudTrailAclCheck20150319"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = aws_s3_bucket.org.arn
        Condition = { StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail" } }
      },
      {
        Sid       = "AWSCloudTrailWrite20150319"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.org.arn}/AWSLogs/111111111111/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control", "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail" } }
      },
      {
        Sid       = "AWSCloudTrailOrganizationWrite20150319"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.org.arn}/AWSLogs/${data.aws_organizations_organization.current.id}/*"
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control", "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail" } }
      },
    ]
  })
}

resource "aws_cloudtrail" "org" {
  name                       = "org-trail"
  s3_bucket_name             = aws_s3_bucket.org.id
  is_multi_region_trail      = true
  is_organization_trail      = true
  enable_log_file_validation = true
}
