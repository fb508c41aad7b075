# Terraform AWS provider, default_tags: default tags apply to every resource of the provider, and a
# tag of the resource itself takes precedence over a default tag of the same key; they can also be set
# by TF_AWS_DEFAULT_TAGS_<key> environment variables, which a .tf source does not hold. A role that may
# do anything, denied stopping or deleting the trails tagged protected=true (Service Authorization
# Reference: the trail resource type takes aws:ResourceTag/${TagKey}).
provider "aws" {
  region = "us-east-2"
  default_tags {
    tags = {
      team = "platform"
    }
  }
}

resource "aws_cloudtrail" "protected" {
  name                       = "protected-trail"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  tags = {
    protected = "true"
  }
}

resource "aws_cloudtrail" "scratch" {
  name                       = "scratch-trail"
  s3_bucket_name             = "other-trail-logs-123456789012"
  enable_log_file_validation = true
}

resource "aws_iam_role" "operator" {
  name = "operator"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::123456789012:root" } }]
  })
  inline_policy {
    name = "everything-but-protected-trails"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        { Sid = "AllowCloudTrail", Effect = "Allow", Action = "cloudtrail:*", Resource = "*" },
        {
          Sid       = "DenyProtectedTrails"
          Effect    = "Deny"
          Action    = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"]
          Resource  = "*"
          Condition = { StringEquals = { "aws:ResourceTag/protected" = "true" } }
        },
      ]
    })
  }
}
