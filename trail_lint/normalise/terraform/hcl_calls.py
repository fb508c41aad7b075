"""What a module call passes, against the variables the called module declares: an argument the
module does not declare ("Unsupported argument") and a variable without a default the call does not
pass ("Missing required argument") are errors of ``terraform validate``, which refuses the whole
configuration; the rules say so (TL223, TL211). Only a module read from disk is checked; a registry
or Git module is not read.
https://developer.hashicorp.com/terraform/language/modules/syntax
https://developer.hashicorp.com/terraform/language/values/variables
"""
from __future__ import annotations

from collections.abc import Iterator

from trail_lint.model import At, RefusedArgument
from trail_lint.normalise.terraform.hcl_dir import ModuleDir
from trail_lint.normalise.terraform.hcl_syntax import Block, TfFile

# The module block's own arguments, which are not input variables
# https://developer.hashicorp.com/terraform/language/modules/syntax#meta-arguments
_MODULE_ARGUMENTS = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


def refused_arguments(tf: TfFile, call: Block, address: str, source: str, module: ModuleDir
                      ) -> Iterator[RefusedArgument]:
    """The arguments of ``call`` (in ``tf``, at config address ``address``) that ``module`` (read from
    ``source``) does not declare, and its variables without a default that ``call`` does not pass.
    Nothing where a file of the module cannot be read (it may declare the variable) or the module has
    no file (Terraform says the directory cannot be read)."""
    if module.errors or not module.files:
        return
    declared: dict[str, Block] = {}
    for _, variable in module.blocks("variable"):
        if len(variable.labels) == 1:
            declared.setdefault(variable.labels[0], variable)
    block = ("module", *call.labels)
    for name in call.body.attributes:
        if name not in _MODULE_ARGUMENTS and name not in declared:
            yield RefusedArgument(address, name, source, missing=False, at=At(tf.path, (*block, name)))
    for name, variable in declared.items():
        if "default" not in variable.body.attributes and name not in call.body.attributes:
            yield RefusedArgument(address, name, source, missing=True, at=At(tf.path, block))
