# Written in a CloudTrail delegated administrator account (123456789012): "The management account remains
# the owner of any CloudTrail organization resources the delegated administrator creates"
# (cloudtrail-delegated-administrator.html), so the bucket policy names the trail ARN in the management account.
provider "aws" {
  region              = "us-east-2"
  allowed_account_ids = ["123456789012"]
}

resource "aws_cloudtrail" "org" {
  name                          = "org-trail"
  s3_bucket_name                = aws_s3_bucket.logs.id
  is_multi_region_trail         = true
  is_organization_trail         = true
  enable_log_file_validation    = true
  include_global_service_events = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "org-logs-123456789012"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AWSCloudTrailAclCheck"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = "arn:aws:s3:::org-logs-123456789012"
        Condition = { StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:us-east-2:111111111111:trail/org-trail" } }
      },
      {
        Sid       = "AWSCloudTrailWrite"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = ["arn:aws:s3:::org-logs-123456789012/AWSLogs/111111111111/*", "arn:aws:s3:::org-logs-123456789012/AWSLogs/o-exampleorgid/*"]
        Condition = { StringEquals = { "s3:x-amz-acl" = "bucket-owner-full-control", "aws:SourceArn" = "arn:aws:cloudtrail:us-east-2:111111111111:trail/org-trail" } }
      }
    ]
  })
}
