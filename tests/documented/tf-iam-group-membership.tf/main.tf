# aws_iam_group_membership: the users of a group ("users - (Required) A list of IAM User names to
# associate with the Group"); aws_iam_user_policy_attachment attaches a managed policy to one user.
provider "aws" {
  region = "us-east-2"
}

resource "aws_iam_group" "trail_admins" {
  name = "trail-admins"
}

resource "aws_iam_group_policy" "trail_admins" {
  name  = "delete-trails"
  group = aws_iam_group.trail_admins.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "DeleteTrails", Effect = "Allow", Action = "cloudtrail:DeleteTrail", Resource = "*" }]
  })
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user" "bob" {
  name = "bob"
}

resource "aws_iam_group_membership" "trail_admins" {
  name  = "trail-admins-membership"
  group = aws_iam_group.trail_admins.name
  users = [aws_iam_user.alice.name]
}

resource "aws_iam_user_policy_attachment" "bob" {
  user       = aws_iam_user.bob.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"
}

resource "aws_cloudtrail" "first" {
  name                       = "My-First-Trail"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
