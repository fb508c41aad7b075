resource "aws_cloudtrail" "without_bucket" {
  name                          = "audit"
  is_multi_region_trail         = true
  include_global_service_events = true
}
