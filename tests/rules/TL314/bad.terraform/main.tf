provider "aws" {
  region = "us-east-1"
}

resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = "audit-logs-111122223333"
  is_multi_region_trail      = true
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::111122223333:role/cloudtrail-to-cloudwatch"
}

resource "aws_cloudwatch_log_group" "trail" {
  name = "cloudtrail/audit"
}

resource "aws_cloudwatch_log_metric_filter" "trail_changes" {
  name           = "trail-changes"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.eventName = StopLogging }"

  metric_transformation {
    name      = "TrailChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "trail_changes" {
  alarm_name          = "trail-changes"
  alarm_actions       = ["arn:aws:sns:us-east-1:111122223333:security"]
  metric_name         = aws_cloudwatch_log_metric_filter.trail_changes.metric_transformation[0].name
  namespace           = "CISBenchmark"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}
