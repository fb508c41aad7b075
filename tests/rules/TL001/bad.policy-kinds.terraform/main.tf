data "aws_iam_policy_document" "trail_access" {
  statement {
    actions   = ["cloudtrail:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "pasted_permissions" {
  name               = "trail-admin"
  assume_role_policy = data.aws_iam_policy_document.trail_access.json
}

resource "aws_sns_topic_policy" "without_principal" {
  arn = "arn:aws:sns:us-east-1:111122223333:trail-notes"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "SNS:Publish"
      Resource = "arn:aws:sns:us-east-1:111122223333:trail-notes"
    }]
  })
}
