# aws_iam_role: an inline_policy block is an inline policy of the role, managed_policy_arns the managed
# policies attached to it, and permissions_boundary "ARN of the policy that is used to set the
# permissions boundary for the role".
provider "aws" {
  region = "us-east-2"
}

resource "aws_iam_role" "inline_block" {
  name = "inline-block"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })
  inline_policy {
    name = "stop"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Sid = "Stop", Effect = "Allow", Action = "cloudtrail:StopLogging", Resource = "*" }]
    })
  }
}

resource "aws_iam_role" "managed_arns" {
  name = "managed-arns"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"]
}

resource "aws_iam_role" "bounded" {
  name = "bounded"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })
  permissions_boundary = "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"
  managed_policy_arns  = ["arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"]
}

resource "aws_cloudtrail" "first" {
  name                       = "My-First-Trail"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
