data "aws_iam_policy_document" "trust_with_resource" {
  statement {
    actions   = ["sts:AssumeRole"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "from_document" {
  name               = "trail-logs"
  assume_role_policy = data.aws_iam_policy_document.trust_with_resource.json
}

resource "aws_iam_role" "from_jsonencode" {
  name = "trail-logs-2"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect      = "Allow"
      Principal   = { Service = "cloudtrail.amazonaws.com" }
      Action      = "sts:AssumeRole"
      NotResource = "arn:aws:iam::111122223333:role/admin"
    }]
  })
}

resource "aws_organizations_policy" "rcp_naming_an_account" {
  name = "deny-outside-writes"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = "s3:PutObject"
      Resource  = "*"
    }]
  })
}

resource "aws_organizations_policy" "rcp_with_condition_only" {
  name = "deny-plain-http"
  type = "RESOURCE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Action    = "s3:*"
      Resource  = "*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
