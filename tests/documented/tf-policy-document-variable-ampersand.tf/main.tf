# aws_iam_policy_document: policy variables are written &{aws:username}, since ${...} is Terraform's own
# interpolation; the data source renders them as ${aws:username}. $${aws:username} is the same variable.
provider "aws" {
  region = "us-east-2"
}

data "aws_iam_policy_document" "own_trails" {
  statement {
    sid       = "OwnTrails"
    actions   = ["cloudtrail:StopLogging"]
    resources = ["arn:aws:cloudtrail:us-east-2:123456789012:trail/&{aws:username}-*"]
  }
}

data "aws_iam_policy_document" "own_trails_escaped" {
  statement {
    sid       = "OwnTrailsEscaped"
    actions   = ["cloudtrail:StopLogging"]
    resources = ["arn:aws:cloudtrail:us-east-2:123456789012:trail/$${aws:username}-*"]
  }
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_policy" "alice" {
  name   = "own-trails"
  user   = aws_iam_user.alice.name
  policy = data.aws_iam_policy_document.own_trails.json
}

resource "aws_iam_user" "bob" {
  name = "bob"
}

resource "aws_iam_user_policy" "bob" {
  name   = "own-trails"
  user   = aws_iam_user.bob.name
  policy = data.aws_iam_policy_document.own_trails_escaped.json
}

resource "aws_cloudtrail" "alice" {
  name                       = "alice-audit"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "bob" {
  name                       = "bob-audit"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "bob"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
