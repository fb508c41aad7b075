# "Receiving CloudTrail log files from multiple Regions": "As long as CloudTrail has permissions to
# write to an S3 bucket, the bucket for a multi-Region trail does not have to be in the trail's
# home Region." A multi-Region trail of us-east-2 delivers to a bucket of eu-west-1 whose policy
# is the page's policy (create-s3-bucket-policy-for-cloudtrail.html), aws:SourceArn the trail's ARN
# in its home Region.
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

resource "aws_s3_bucket_policy" "logs" {
  provider = aws.ireland
  bucket   = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AWSCloudTrailAclCheck20150319"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:GetBucketAcl"
        Resource  = "arn:aws:s3:::my-trail-logs-123456789012"
        Condition = { StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:us-east-2:123456789012:trail/all-regions" } }
      },
      {
        Sid       = "AWSCloudTrailWrite20150319"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "arn:aws:s3:::my-trail-logs-123456789012/AWSLogs/123456789012/*"
        Condition = {
          StringEquals = {
            "s3:x-amz-acl"  = "bucket-owner-full-control"
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-2:123456789012:trail/all-regions"
          }
        }
      }
    ]
  })
}

resource "aws_cloudtrail" "all_regions" {
  name                       = "all-regions"
  s3_bucket_name             = aws_s3_bucket.logs.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  depends_on                 = [aws_s3_bucket_policy.logs]
}
