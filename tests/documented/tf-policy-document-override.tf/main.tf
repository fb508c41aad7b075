# aws_iam_policy_document override_policy_documents: "In merging, statements with non-blank sids
# will override statements with the same sid from earlier documents", and source_policy_documents:
# statements "with non-blank sids must be unique".
provider "aws" {
  region = "us-east-2"
}

data "aws_iam_policy_document" "base" {
  statement {
    sid       = "TrailWrites"
    actions   = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "reads_only" {
  statement {
    sid       = "TrailWrites"
    actions   = ["cloudtrail:DescribeTrails"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "overridden" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.reads_only.json]
}

data "aws_iam_policy_document" "not_overridden" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid       = "MoreReads"
    actions   = ["cloudtrail:GetTrailStatus"]
    resources = ["*"]
  }
}

resource "aws_iam_user" "overridden" {
  name = "overridden"
}

resource "aws_iam_user_policy" "overridden" {
  name   = "overridden"
  user   = aws_iam_user.overridden.name
  policy = data.aws_iam_policy_document.overridden.json
}

resource "aws_iam_user" "merged" {
  name = "merged"
}

resource "aws_iam_user_policy" "merged" {
  name   = "merged"
  user   = aws_iam_user.merged.name
  policy = data.aws_iam_policy_document.not_overridden.json
}

resource "aws_cloudtrail" "first" {
  name                       = "My-First-Trail"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
