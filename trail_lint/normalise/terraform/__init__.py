"""terraform: see docs/ARCHITECTURE.md."""
import os

# the file of a terragrunt unit (terragrunt.py): read with the Terraform module it deploys
UNIT_FILE = "terragrunt.hcl"


def is_unit_file(path: str) -> bool:
    return os.path.basename(path) == UNIT_FILE
