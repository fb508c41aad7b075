# "General examples" (AWS Organizations), "Deny access to AWS based on the requested AWS Region":
# "This SCP denies access to any operations outside of the specified Regions", with exemptions for
# "approved global services" (the NotAction list, which has no cloudtrail entry) "and requests made by
# either of two specified administrator roles". The page's SCP, attached to the root; the account
# 123456789012 is a member (the management account is 111111111111).
# The case of scp-region-deny-exempt-role-template written as Terraform: the configuration gives no
# ARN for its roles, but a role's ARN is arn:<partition>:iam::<account>:role<path><name>
# (reference_identifiers.html), the partition that of the provider configuration's Region, the path
# the role's `path` ("/" when unset). Role1AllowedToBypassThisSCP, at "/", is
# arn:aws:iam::123456789012:role/Role1AllowedToBypassThisSCP: the exemption holds for it. It does not
# hold for trail-admin, nor for Role2AllowedToBypassThisSCP, whose path /admins/ is part of its ARN
# (arn:aws:iam::123456789012:role/admins/Role2AllowedToBypassThisSCP), which the pattern does not match.
provider "aws" {
  region = "us-east-2"
}

resource "aws_organizations_policy" "region_deny" {
  name = "deny-outside-eu"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "DenyAllOutsideEU"
      Effect = "Deny"
      NotAction = [
        "a4b:*", "acm:*", "aws-marketplace-management:*", "aws-marketplace:*",
        "aws-portal:*", "budgets:*", "ce:*", "chime:*",
        "cloudfront:*", "config:*", "cur:*", "directconnect:*",
        "ec2:DescribeRegions", "ec2:DescribeTransitGateways", "ec2:DescribeVpnGateways", "fms:*",
        "globalaccelerator:*", "health:*", "iam:*", "importexport:*",
        "kms:*", "mobileanalytics:*", "networkmanager:*", "organizations:*",
        "pricing:*", "route53:*", "route53domains:*", "route53-recovery-cluster:*",
        "route53-recovery-control-config:*", "route53-recovery-readiness:*", "s3:GetAccountPublic*", "s3:ListAllMyBuckets",
        "s3:ListMultiRegionAccessPoints", "s3:PutAccountPublic*", "shield:*", "sts:*",
        "support:*", "trustedadvisor:*", "waf-regional:*", "waf:*",
        "wafv2:*", "wellarchitected:*",
      ]
      Resource = "*"
      Condition = {
        StringNotEquals = { "aws:RequestedRegion" = ["eu-central-1", "eu-west-1"] }
        ArnNotLike = {
          "aws:PrincipalARN" = [
            "arn:aws:iam::*:role/Role1AllowedToBypassThisSCP",
            "arn:aws:iam::*:role/Role2AllowedToBypassThisSCP",
          ]
        }
      }
    }]
  })
}

resource "aws_organizations_policy_attachment" "root" {
  policy_id = aws_organizations_policy.region_deny.id
  target_id = "r-examplerootid111"
}

resource "aws_iam_role" "trail_admin" {
  name = "trail-admin"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "trail_admin" {
  role       = aws_iam_role.trail_admin.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"
}

resource "aws_iam_role" "bypass" {
  name = "Role1AllowedToBypassThisSCP"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "bypass" {
  role       = aws_iam_role.bypass.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"
}

resource "aws_iam_role" "bypass_by_path" {
  name = "Role2AllowedToBypassThisSCP"
  path = "/admins/"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:root" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "bypass_by_path" {
  role       = aws_iam_role.bypass_by_path.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"
}

resource "aws_cloudtrail" "trail" {
  name                          = "My-First-Trail"
  s3_bucket_name                = "my-first-trail-logs-123456789012"
  is_multi_region_trail         = true
  enable_log_file_validation    = true
}
