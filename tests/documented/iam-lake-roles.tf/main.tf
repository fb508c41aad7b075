provider "aws" {
  region = "us-east-2"
}

resource "aws_cloudtrail" "first" {
  name                          = "My-First-Trail"
  s3_bucket_name                = "my-trail-logs-123456789012"
  is_multi_region_trail         = true
  enable_log_file_validation    = true
}

resource "aws_iam_role" "operator" {
  name               = "trail-operator"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })
}

# The user guide's "Allowing and denying actions for a specified trail" policy
resource "aws_iam_role_policy" "operator" {
  name = "first-trail"
  role = aws_iam_role.operator.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["cloudtrail:StartLogging", "cloudtrail:StopLogging", "cloudtrail:GetTrail",
                  "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"]
      Resource = [aws_cloudtrail.first.arn]
    }]
  })
}

resource "aws_iam_role" "lake" {
  name               = "lake-analyst"
  assume_role_policy = aws_iam_role.operator.assume_role_policy
}

data "aws_iam_policy_document" "lake" {
  statement {
    sid       = "QueryGenerator"
    actions   = ["cloudtrail:GenerateQuery", "cloudtrail:SearchSampleQueries", "cloudtrail:GetEventConfiguration"]
    resources = [aws_cloudtrail.first.arn]
  }
}

resource "aws_iam_role_policy" "lake" {
  name   = "lake"
  role   = aws_iam_role.lake.id
  policy = data.aws_iam_policy_document.lake.json
}

resource "aws_iam_role" "readonly" {
  name               = "auditor"
  assume_role_policy = aws_iam_role.operator.assume_role_policy
}

resource "aws_iam_role_policy_attachment" "readonly" {
  role       = aws_iam_role.readonly.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"
}
