# CloudTrail User Guide, "AWS managed policies for AWS CloudTrail": AWSCloudTrail_FullAccess gives full access
# to CloudTrail actions (its document allows cloudtrail:* on "*"); "A user identity that has the
# AWSCloudTrail_ReadOnlyAccess policy attached to its role can perform read-only actions in CloudTrail" (Get*,
# Describe*, List*, LookupEvents). Both attached with aws_iam_role_policy_attachment.
provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "first" {
  name                       = "My-First-Trail"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}

resource "aws_iam_role" "trail_admin" {
  name               = "trail-admin"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role" "auditor" {
  name               = "auditor"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy_attachment" "full" {
  role       = aws_iam_role.trail_admin.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"
}

resource "aws_iam_role_policy_attachment" "read_only" {
  role       = aws_iam_role.auditor.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"
}
