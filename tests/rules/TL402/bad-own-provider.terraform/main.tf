# The provider's own account and Region, known only when applied: trail/* there is every trail there.
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

data "aws_iam_policy_document" "manage" {
  statement {
    actions   = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"]
    resources = ["arn:aws:cloudtrail:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:trail/*"]
  }
}

resource "aws_iam_policy" "manage" {
  name   = "manage-trails"
  policy = data.aws_iam_policy_document.manage.json
}
