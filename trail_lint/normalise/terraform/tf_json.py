"""A Terraform configuration in JSON syntax in a file that is not named ``*.tf.json``.

Terraform reads JSON syntax only from files named ``*.tf.json`` (which trail-lint reads with the
other files of their module, hcl_json): one named otherwise is no part of any module, whatever it
holds. So that what it declares does not pass unchecked, each resource and data source of a type
some rule reads is a TL002, one finding per file.
https://developer.hashicorp.com/terraform/language/files
"""
from __future__ import annotations

from typing import Any

from trail_lint.model import At, Cause, InputKind, Problem
from trail_lint.normalise import Contents, Supplied

# The top-level keys of a Terraform JSON configuration; one that declares something has one of _DECLARING.
_KEYS = frozenset({"resource", "data", "module", "provider", "variable", "locals", "output", "terraform",
                   "moved", "import", "check", "removed", "//"})
_DECLARING = ("resource", "data", "module")


def detect(data: Any) -> bool:
    return isinstance(data, dict) and bool(data) and set(data) <= _KEYS and any(key in data for key in _DECLARING)


def normalise(doc: Any, supplied: Supplied | None = None) -> Contents:
    from trail_lint.normalise.terraform.hcl_expansion import matters_type

    cause = Cause("Terraform reads JSON syntax only from files named *.tf.json: this file is no part of a module",
                  At(doc.file, ()), doc.file)
    problems: list[Problem] = []
    for mode in ("resource", "data"):
        for kind, named in _items(doc.data.get(mode)):
            if not matters_type(kind):
                continue
            for name, _ in _items(named):
                address = f"{kind}.{name}" if mode == "resource" else f"data.{kind}.{name}"
                problems.append(Problem(f"{address} is not known", At(doc.file, (mode, kind, name)),
                                        resource=address, cause=cause))
    for name, _ in _items(doc.data.get("module")):
        problems.append(Problem(f"module.{name} is not known", At(doc.file, ("module", name)),
                                resource=f"module.{name}", cause=cause))
    return Contents(InputKind.TERRAFORM_HCL, unknowns=tuple(problems))


def _items(value: Any) -> list[tuple[str, Any]]:
    # JSON syntax allows a list of objects wherever an object of blocks may go
    objects = value if isinstance(value, list) else [value]
    return [(str(key), item) for found in objects if isinstance(found, dict) for key, item in found.items()
            if key != "//"]
