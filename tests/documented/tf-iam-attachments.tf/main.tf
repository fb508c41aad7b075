# aws_iam_user_group_membership adds a user to groups; aws_iam_group_policy_attachment and
# aws_iam_role_policy_attachment attach a managed policy to a group or a role.
provider "aws" {
  region = "us-east-2"
}

resource "aws_iam_group" "trail_admins" {
  name = "trail-admins"
}

resource "aws_iam_group_policy_attachment" "trail_admins" {
  group      = aws_iam_group.trail_admins.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"
}

resource "aws_iam_user" "member" {
  name = "member"
}

resource "aws_iam_user_group_membership" "member" {
  user   = aws_iam_user.member.name
  groups = [aws_iam_group.trail_admins.name]
}

resource "aws_iam_user" "not_member" {
  name = "not-member"
}

resource "aws_iam_role" "reader" {
  name = "reader"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "reader" {
  role       = aws_iam_role.reader.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"
}

resource "aws_cloudtrail" "first" {
  name                       = "My-First-Trail"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
