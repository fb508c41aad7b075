# "AWS JSON policy elements: Principal": "You cannot use the Principal element in an identity-based
# policy." A role's inline policy that names a principal, as a bucket policy would.
provider "aws" {
  region = "us-east-2"
}

resource "aws_iam_role" "viewer" {
  name = "trail-viewer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "view_trail" {
  name = "view-trail"
  role = aws_iam_role.viewer.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "ViewTrail"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/trail-viewer" }
      Action    = ["cloudtrail:GetTrail", "cloudtrail:GetTrailStatus"]
      Resource  = "arn:aws:cloudtrail:us-east-2:123456789012:trail/My-First-Trail"
    }]
  })
}
