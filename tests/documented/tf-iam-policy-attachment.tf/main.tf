# aws_iam_policy_attachment attaches a managed policy to the users, roles and groups it lists.
provider "aws" {
  region = "us-east-2"
}

resource "aws_iam_user" "listed" {
  name = "listed"
}

resource "aws_iam_user" "unlisted" {
  name = "unlisted"
}

resource "aws_iam_role" "listed" {
  name = "listed-role"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_policy" "stop" {
  name = "stop-trails"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "StopTrails", Effect = "Allow", Action = "cloudtrail:StopLogging", Resource = "*" }]
  })
}

resource "aws_iam_policy_attachment" "stop" {
  name       = "stop-trails"
  users      = [aws_iam_user.listed.name]
  roles      = [aws_iam_role.listed.name]
  policy_arn = aws_iam_policy.stop.arn
}

resource "aws_cloudtrail" "first" {
  name                       = "My-First-Trail"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
