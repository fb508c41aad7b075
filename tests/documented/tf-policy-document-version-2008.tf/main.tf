# aws_iam_policy_document version = "2008-10-17": the document it renders is of that Version, in which
# ${aws:username} is literal text (the IAM Version element page); the default, 2012-10-17, has variables.
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
  version = "2008-10-17"
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
