# aws_iam_policy_document: "effect - (Optional) Whether this statement allows or denies the given
# actions. Valid values are Allow and Deny. Defaults to Allow."
provider "aws" {
  region = "us-east-2"
}

data "aws_iam_policy_document" "stop_without_effect" {
  statement {
    sid       = "NoEffectGiven"
    actions   = ["cloudtrail:StopLogging"]
    resources = ["arn:aws:cloudtrail:us-east-2:123456789012:trail/My-First-Trail"]
  }
}

data "aws_iam_policy_document" "deny_stop" {
  statement {
    sid       = "DenyStop"
    effect    = "Deny"
    actions   = ["cloudtrail:StopLogging"]
    resources = ["*"]
  }
  statement {
    sid       = "AllowStop"
    actions   = ["cloudtrail:StopLogging"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "default_effect" {
  name = "default-effect"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "default_effect" {
  name   = "stop"
  role   = aws_iam_role.default_effect.id
  policy = data.aws_iam_policy_document.stop_without_effect.json
}

resource "aws_iam_role" "denied" {
  name = "denied"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "denied" {
  name   = "deny-then-allow"
  role   = aws_iam_role.denied.id
  policy = data.aws_iam_policy_document.deny_stop.json
}

resource "aws_cloudtrail" "first" {
  name                       = "My-First-Trail"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
