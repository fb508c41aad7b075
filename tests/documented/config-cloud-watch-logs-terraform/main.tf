# AWS Config cloud-trail-cloud-watch-logs-enabled: a trail is NON_COMPLIANT if its
# CloudWatchLogsLogGroupArn is empty. One trail sends its events to a log group, the other does not.
resource "aws_cloudwatch_log_group" "trail" {
  name = "CloudTrail/logs"
}

resource "aws_iam_role" "trail_to_logs" {
  name = "CloudTrail_CloudWatchLogs_Role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "trail_to_logs" {
  name = "cloudtrail-to-logs"
  role = aws_iam_role.trail_to_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.trail.arn}:*"
    }]
  })
}

resource "aws_cloudtrail" "with_logs" {
  name                       = "with-logs"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn
}

resource "aws_cloudtrail" "s3_only" {
  name                       = "s3-only"
  s3_bucket_name             = "my-trail-logs-123456789012"
  s3_key_prefix              = "s3-only"
  enable_log_file_validation = true
}
