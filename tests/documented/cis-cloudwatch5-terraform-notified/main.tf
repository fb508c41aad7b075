# Security Hub CSPM controls for Amazon CloudWatch, CloudWatch.5: the page's filter pattern on the
# trail's log group, with an alarm that sends to an SNS topic.
resource "aws_cloudwatch_log_group" "trail" {
  name = "CloudTrail/CISLogGroup"
}

resource "aws_sns_topic" "alarms" {
  name = "cis-alarms"
}

resource "aws_cloudwatch_log_metric_filter" "trail_changes" {
  name           = "CloudTrailChanges"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}"

  metric_transformation {
    name      = "CloudTrailChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "trail_changes" {
  alarm_name          = "CloudTrailChanges"
  metric_name         = aws_cloudwatch_log_metric_filter.trail_changes.metric_transformation[0].name
  namespace           = "CISBenchmark"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudtrail" "cis" {
  name                       = "cis-trail"
  s3_bucket_name             = "my-trail-logs-123456789012"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role"
}
