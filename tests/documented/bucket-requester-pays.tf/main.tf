# "Amazon S3 bucket policy for CloudTrail": "To deliver log files to an S3 bucket, CloudTrail must
# have the required permissions, and it cannot be configured as a Requester Pays bucket." The
# page's bucket policy, on a bucket whose request payment configuration makes the requester pay.
provider "aws" {
  region = "us-east-2"
}

resource "aws_s3_bucket" "trail_logs" {
  bucket = "amzn-s3-demo-bucket"
}

resource "aws_s3_bucket_request_payment_configuration" "trail_logs" {
  bucket = aws_s3_bucket.trail_logs.id
  payer  = "Requester"
}

resource "aws_s3_bucket_policy" "trail_logs" {
  bucket = aws_s3_bucket.trail_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AWSCloudTrailAclCheck20150319"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = "arn:aws:s3:::amzn-s3-demo-bucket"
        Condition = { StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:us-east-2:123456789012:trail/trailName" } }
      },
      {
        Sid       = "AWSCloudTrailWrite20150319"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::amzn-s3-demo-bucket/AWSLogs/123456789012/*"
        Condition = {
          StringEquals = {
            "s3:x-amz-acl"  = "bucket-owner-full-control"
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-2:123456789012:trail/trailName"
          }
        }
      },
    ]
  })
}

resource "aws_cloudtrail" "trail" {
  name                       = "trailName"
  s3_bucket_name             = aws_s3_bucket.trail_logs.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  depends_on                 = [aws_s3_bucket_policy.trail_logs]
}
