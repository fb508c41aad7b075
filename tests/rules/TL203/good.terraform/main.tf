variable "enabled" {
  type = bool
}

resource "aws_cloudwatch_log_group" "trail" {
  count = var.enabled ? 1 : 0
  name  = "trail"
}

resource "aws_iam_role" "trail_to_logs" {
  count = var.enabled ? 1 : 0
  name  = "trail-to-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

# both set where var.enabled is true, neither elsewhere
resource "aws_cloudtrail" "logs_when_enabled" {
  name                       = "logs-when-enabled"
  s3_bucket_name             = "audit-logs-123456789012"
  cloud_watch_logs_group_arn = var.enabled ? "${aws_cloudwatch_log_group.trail[0].arn}:*" : null
  cloud_watch_logs_role_arn  = !var.enabled ? null : aws_iam_role.trail_to_logs[0].arn
}
