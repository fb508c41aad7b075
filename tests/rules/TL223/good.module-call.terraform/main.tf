# Only the module's variables, besides the module block's own arguments (source, count, ...).
module "audit_trail" {
  source       = "./modules/trail"
  count        = 1
  name         = "audit"
  bucket       = "audit-logs-111122223333"
  multi_region = true
}
