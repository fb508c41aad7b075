# A service role: "a role that a service assumes to perform actions on your behalf". Whatever runs as
# the Lambda function can use AWSCloudTrail_FullAccess.
provider "aws" {
  region = "us-east-2"
}

resource "aws_iam_role" "lambda" {
  name = "lambda-service-role"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AWSCloudTrail_FullAccess"]
}

resource "aws_cloudtrail" "first" {
  name                       = "My-First-Trail"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

