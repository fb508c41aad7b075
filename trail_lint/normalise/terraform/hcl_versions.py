"""The AWS provider versions a configuration allows, from the version constraints its modules write
(``required_providers``, or a 0.12–0.14 ``provider "aws" { version = ... }``) and the version the root
module's dependency lock file selects: Terraform installs one version that meets every constraint of
the configuration, so a bound any module of the chain from the root writes holds for all of them.
https://developer.hashicorp.com/terraform/language/expressions/version-constraints
"""
from __future__ import annotations

import os
import re
from typing import Any

from trail_lint.normalise.terraform.hcl_ast import Template
from trail_lint.normalise.terraform.hcl_eval import object_items, reference_text

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.normalise.terraform.hcl_modules import ModuleInstance

Version = tuple[int, int, int]
_CONSTRAINT = re.compile(r"\s*(>=|<=|~>|!=|>|<|=)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[\w.]+)?\s*")


def aws_from(module: ModuleInstance, version: Version) -> bool | None:
    """Whether every AWS provider version the configuration allows is ``version`` or later (True),
    or every one is earlier (False); None where the constraints of ``module`` and the modules that
    call it do not settle it (none written, or some on both sides)."""
    lowest: Version = (0, 0, 0)
    below: Version | None = None      # every allowed version is lower than this one
    owner: ModuleInstance | None = module
    root = module
    while owner is not None:
        for constraint in _aws_constraints(owner):
            low, high = _bounds(constraint)
            lowest = max(lowest, low)
            below = high if below is None or (high is not None and high < below) else below
        root, owner = owner, owner.parent
    locked = _locked(root.dir.path)
    if locked is not None:
        low, high = _bounds(f"= {locked}")
        lowest, below = max(lowest, low), high if below is None or (high is not None and high < below) else below
    if lowest >= version:
        return True
    return False if below is not None and below <= version else None


# the AWS provider's address in a dependency lock file
_AWS_ADDRESSES = ("registry.terraform.io/hashicorp/aws", "registry.opentofu.org/hashicorp/aws")


def _locked(directory: str) -> str | None:
    """The AWS provider version the root module's dependency lock file (``.terraform.lock.hcl``, which
    ``terraform init`` writes and the module's repository usually keeps) selects: the one installed.
    https://developer.hashicorp.com/terraform/language/files/dependency-lock"""
    from trail_lint.normalise.terraform.hcl_syntax import TfSyntaxError, read_tf

    path = os.path.join(directory, ".terraform.lock.hcl")
    if not os.path.isfile(path):
        return None
    try:
        lock = read_tf(path)
    except (TfSyntaxError, OSError, UnicodeDecodeError):
        return None
    for block in lock.body.blocks:
        if block.type == "provider" and block.labels and block.labels[0] in _AWS_ADDRESSES \
                and "version" in block.body.attributes:
            return _literal(block.body.attributes["version"].expr)
    return None


def _aws_constraints(module: ModuleInstance) -> list[str]:
    found = []
    for _, block in module.dir.blocks("terraform"):
        for inner in block.body.blocks:
            if inner.type != "required_providers" or "aws" not in inner.body.attributes:
                continue
            expr = inner.body.attributes["aws"].expr
            written = _literal(expr) if isinstance(expr, Template) else next(
                (_literal(value) for key, value in object_items(expr)
                 if (reference_text(key) or _literal(key)) == "version"), None)
            found.append(written)
    for _, block in module.dir.blocks("provider"):
        if block.labels == ("aws",) and "version" in block.body.attributes:
            found.append(_literal(block.body.attributes["version"].expr))
    return [constraint for constraint in found if constraint]


def _literal(expr: Any) -> str | None:
    if isinstance(expr, Template) and len(expr.parts) == 1 and isinstance(expr.parts[0], str):
        return expr.parts[0]
    return None


def _bounds(constraints: str) -> tuple[Version, Version | None]:
    """The lowest version a constraint string allows, and the version every one it allows is below
    (None: no such bound); a part that does not parse bounds nothing."""
    lowest: Version = (0, 0, 0)
    below: Version | None = None
    for constraint in constraints.split(","):
        match = _CONSTRAINT.fullmatch(constraint)
        if match is None:
            continue
        operator, given = match.group(1) or "=", match.group(2, 3, 4)
        version = (int(given[0]), int(given[1] or 0), int(given[2] or 0))
        high: Version | None = None
        if operator in (">=", ">", "=", "~>"):
            lowest = max(lowest, version)
        if operator == "=":
            high = (version[0], version[1], version[2] + 1)
        elif operator in ("<", "<="):
            high = version if operator == "<" else (version[0], version[1], version[2] + 1)
        elif operator == "~>":
            # ~> 2.70 allows 2.x from 2.70; ~> 2.70.1 allows 2.70.x from 2.70.1
            # (~> 2, with one part, is read as no upper bound)
            high = None if given[1] is None else (version[0] + 1, 0, 0) if given[2] is None else \
                (version[0], version[1] + 1, 0)
        if high is not None and (below is None or high < below):
            below = high
    return lowest, below
