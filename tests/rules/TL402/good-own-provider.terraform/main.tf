# Scoped to the trail the module defines, whose ARN is known only when applied.
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

variable "trail_name" {
  type = string
}

data "aws_iam_policy_document" "manage" {
  statement {
    actions   = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"]
    resources = ["arn:aws:cloudtrail:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:trail/${var.trail_name}"]
  }
}

resource "aws_iam_policy" "manage" {
  name   = "manage-trail"
  policy = data.aws_iam_policy_document.manage.json
}
