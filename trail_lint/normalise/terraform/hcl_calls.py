"""What a module call passes, against the variables the called module declares: an argument the
module does not declare ("Unsupported argument") and a variable without a default the call does not
pass ("Missing required argument") are errors of ``terraform validate``, which refuses the whole
configuration. Only a module read from disk is checked; a registry or Git module is not read.
https://developer.hashicorp.com/terraform/language/modules/syntax
https://developer.hashicorp.com/terraform/language/values/variables
"""
from __future__ import annotations

from collections.abc import Iterator

from trail_lint.normalise.terraform.hcl_dir import ModuleDir
from trail_lint.normalise.terraform.hcl_syntax import Block, TfFile, TfSyntaxError

# The module block's own arguments, which are not input variables
# https://developer.hashicorp.com/terraform/language/modules/syntax#meta-arguments
_MODULE_ARGUMENTS = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})


def call_errors(tf: TfFile, call: Block, address: str, source: str, module: ModuleDir) -> Iterator[TfSyntaxError]:
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
    for name, attribute in call.body.attributes.items():
        if name not in _MODULE_ARGUMENTS and name not in declared:
            yield TfSyntaxError(f"{address} passes {name!r}, which its module {source} does not declare as a "
                                "variable: Terraform rejects the configuration (Unsupported argument)",
                                attribute.position.line, attribute.position.column, tf.path)
    for name, variable in declared.items():
        if "default" not in variable.body.attributes and name not in call.body.attributes:
            yield TfSyntaxError(f"{address} does not pass {name!r}, a variable of its module {source} without a "
                                "default: Terraform rejects the configuration (Missing required argument)",
                                call.position.line, call.position.column, tf.path)
