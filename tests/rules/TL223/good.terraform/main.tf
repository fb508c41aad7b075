resource "aws_cloudtrail" "audit" {
  count                         = 1
  name                          = "audit"
  s3_bucket_name                = "audit-logs-111122223333"
  s3_key_prefix                 = "trail"
  is_multi_region_trail         = true
  is_organization_trail         = false
  include_global_service_events = true
  enable_logging                = true
  enable_log_file_validation    = true
  kms_key_id                    = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  sns_topic_name                = "audit-notifications"
  cloud_watch_logs_group_arn    = "arn:aws:logs:us-east-1:111122223333:log-group:audit:*"
  cloud_watch_logs_role_arn     = "arn:aws:iam::111122223333:role/audit-cwl"
  region                        = "us-east-1"
  tags                          = { team = "security" }

  dynamic "event_selector" {
    for_each = ["All"]
    content {
      read_write_type           = event_selector.value
      include_management_events = true
    }
  }

  insight_selector {
    insight_type = "ApiCallRateInsight"
  }

  lifecycle {
    ignore_changes = [tags]
  }
  depends_on = []
}
