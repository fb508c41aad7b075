# A module call passing an argument its module declares no variable for: terraform validate
# rejects the configuration ("Unsupported argument"), and nothing of it is applied.
module "audit_trail" {
  source          = "./modules/trail"
  name            = "audit"
  bucket          = "audit-logs-111122223333"
  is_multi_region = true
}
