"""Terraform modules read from .tf files: one directory per module, local child modules followed,
and the evaluation context (variables, locals, ``count``/``each``) of each module instance.

Only ``./`` and ``../`` sources are followed; registry, Git and archive sources cannot be read
offline. https://developer.hashicorp.com/terraform/language/modules/sources#local-paths
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from trail_lint.model import ACCOUNT_CHARS, LOG_GROUP_CHARS, UNKNOWN, At, Cause, Deployment, Hole, Problem, hole_name
from trail_lint.normalise.terraform.config import ACCOUNT_SETTINGS, account_deployment
from trail_lint.normalise.terraform.hcl_eval import (
    Resolver,
    after_apply,
    apply_steps,
    evaluate,
    object_items,
    reference_text,
    render,
)
from trail_lint.normalise.terraform.hcl_functions import (
    Files,
    Partial,
    Unresolved,
    bounded,
    first_unknown,
    unknown,
)
from trail_lint.normalise.terraform.hcl_salvage import Declared, declared, declared_json
from trail_lint.normalise.terraform.hcl_syntax import (
    TF_SUFFIXES,
    Attribute,
    Block,
    TfFile,
    TfSyntaxError,
    is_override,
    read_tf,
)
from trail_lint.normalise.terraform.hcl_variables import Values, convert, from_text
from trail_lint.scope import dns_suffix, partition_of

_MAX_NESTING = 32

# Data sources whose attributes the configuration settles (see ModuleInstance.data_value), by attribute
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/caller_identity
_READ_HERE = {"aws_caller_identity": ("account_id",), "aws_region": ("name", "region", "id"),
              "aws_partition": ("partition", "id", "dns_suffix"), "template_file": ("rendered",),
              "aws_s3_bucket": ("id", "bucket", "arn"), "aws_iam_policy": ("arn",),
              "aws_organizations_organization": ("id",)}
# Roots of references that are not resources: https://developer.hashicorp.com/terraform/language/expressions/references
_OTHER_ROOTS = frozenset({"var", "local", "module", "data", "ephemeral", "count", "each", "path", "terraform", "self",
                          "action", "list"})
# Resources whose attributes the configuration settles (ModuleInstance.named_value), by attribute
_NAMED_HERE = {"aws_sns_topic": ("name", "arn", "id"), "aws_cloudwatch_log_group": ("name", "arn"),
               "aws_cloudtrail": ("name", "arn")}
# The values the random provider generates at apply that hold no ':' or '/' (hex, decimal, URL-safe
# base64, words joined by a separator, a UUID, an integer; not b64_std, nor random_string's special
# characters), read by their address: the same value wherever one instance's attribute is used.
# https://registry.terraform.io/providers/hashicorp/random/latest/docs
_RANDOM = {"random_id": ("hex", "dec", "b64_url", "id"), "random_pet": ("id",), "random_uuid": ("result", "id"),
           "random_integer": ("result", "id")}
# Meta-arguments of a resource block, which are no attributes of its instances
# https://developer.hashicorp.com/terraform/language/meta-arguments
_NOT_ARGUMENTS = frozenset({"count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"})
# the service of the ARN of a resource named by its name, and what comes before the name in it
# (a log group's ARN without the ":*" the Logs API adds)
_ARN_OF = {"aws_sns_topic": (":sns:", ":"), "aws_cloudwatch_log_group": (":logs:", ":log-group:"),
           "aws_cloudtrail": (":cloudtrail:", ":trail/")}


@dataclass
class ModuleDir:
    path: str
    files: list[TfFile]
    errors: list[TfSyntaxError] = field(default_factory=list)   # files that could not be read: TL001
    declared: list[Declared] = field(default_factory=list)      # what those files still declare

    def blocks(self, kind: str) -> Iterator[tuple[TfFile, Block]]:
        for tf in self.files:
            for block in tf.body.blocks_of(kind):
                yield tf, block

    @cached_property
    def resources(self) -> frozenset[tuple[str, str]]:
        """The (type, name) of every resource block, those of files that do not parse too."""
        return frozenset({(b.labels[0], b.labels[1]) for _, b in self.blocks("resource") if len(b.labels) == 2} |
                         {(d.type, d.name) for d in self.declared if d.kind == "resource"})

    @cached_property
    def locals(self) -> dict[str, Any]:
        """Each local value's expression, by name (the first declaration of a name), read once the
        directory's files are all read."""
        found: dict[str, Any] = {}
        for _, block in self.blocks("locals"):
            for name, attribute in block.body.attributes.items():
                found.setdefault(name, attribute.expr)
        return found


@dataclass
class Expansion:
    """One instance of a resource or module: its address key and its ``count``/``each`` values."""

    key: str                       # "", "[0]", '["a"]', or "" with unknown=True
    names: dict[str, Any]          # "count.index" / "each.key" / "each.value"
    unknown: bool = False


@dataclass
class ModuleInstance:
    address: str                   # "" (root), "module.a", 'module.a["x"].module.b'
    config_path: str               # the address without instance keys
    dir: ModuleDir
    parent: ModuleInstance | None = None
    call: Block | None = None
    call_names: dict[str, Any] = field(default_factory=dict)
    assigned: Values = field(default_factory=Values)     # root module: tfvars, --var-file, --var
    files: Files | None = None
    root_dir: str = "."
    load: Callable[[str], ModuleDir] | None = None      # a local module's directory, read once per run
    depth: int = 0
    _values: dict[str, Any] = field(default_factory=dict)
    _busy: set[str] = field(default_factory=set)
    _children: dict[str, ModuleInstance] = field(default_factory=dict)

    @property
    def described(self) -> str:
        """How messages name this module instance: its address, or the root module's directory."""
        if self.address:
            return self.address
        return "the root module" if self.dir.path == "." else f"the root module {self.dir.path}"

    def resolver(self, names: dict[str, Any] | None = None) -> Resolver:
        """Evaluation of ``var.``, ``local.``, ``count.``, ``each.``, ``path.`` and bucket names here."""
        names = names or {}

        def resolve(root: str, steps: list[Any]) -> tuple[Any, int]:
            first = steps[0] if steps else None
            if root == "var" and isinstance(first, str):
                return self.variable(first), 1
            if root == "local" and isinstance(first, str):
                return self.local(first), 1
            if root in ("count", "each") and isinstance(first, str):
                return names.get(f"{root}.{first}", UNKNOWN), 1
            if root == "path" and first in ("module", "root", "cwd"):
                # relative to the root module, as Terraform gives them
                here = self.dir.path if first == "module" else self.root_dir
                return os.path.relpath(here, self.root_dir).replace(os.sep, "/") if first != "cwd" else ".", 1
            if root == "terraform" and first == "workspace":
                return self.workspace, 1
            if root == "module" and isinstance(first, str):
                return self.module_output(first, steps[1:])
            if root == "data" and len(steps) >= 3 and steps[0] in _READ_HERE and isinstance(steps[1], str):
                # data.KIND.NAME.ATTRIBUTE or data.KIND.NAME[KEY].ATTRIBUTE
                keyed = len(steps) >= 4 and isinstance(steps[2], (int, str)) and isinstance(steps[3], str) \
                    and steps[2] not in _READ_HERE[steps[0]]
                key, attribute = (steps[2], steps[3]) if keyed else (None, steps[2])
                if attribute in _READ_HERE[steps[0]]:
                    used = 4 if keyed else 3
                    return self.held(self.data_value(steps[0], steps[1], key, str(attribute)), root, steps[:used]), used
            if root == "aws_s3_bucket" and len(steps) >= 2 and steps[1] in ("id", "bucket", "arn"):
                return self.held(self.bucket_value(str(first), None, steps[1]), root, steps[:2]), 2
            if root == "aws_s3_bucket" and len(steps) >= 3 and steps[2] in ("id", "bucket", "arn") and \
                    isinstance(steps[1], (int, str)):
                return self.held(self.bucket_value(str(first), steps[1], steps[2]), root, steps[:3]), 3
            if root == "aws_organizations_organization" and isinstance(first, str) and len(steps) >= 2 \
                    and steps[1] == "id":
                return self.held(self.organization_id(first), root, steps[:2]), 2
            if root in _NAMED_HERE and isinstance(first, str):
                keyed = len(steps) >= 3 and isinstance(steps[1], (int, str)) and isinstance(steps[2], str)
                key, attribute = (steps[1], steps[2]) if keyed else (None, steps[1] if len(steps) >= 2 else None)
                if attribute in _NAMED_HERE[root]:
                    used = 3 if keyed else 2
                    return self.held(self.named_value(root, first, key, str(attribute)), root, steps[:used]), used
            if root not in _OTHER_ROOTS and isinstance(first, str):
                whole = self.resource(root, first)
                if isinstance(whole, (list, dict)) and len(steps) >= 2:
                    one = apply_steps(whole, steps[1:2])
                    if isinstance(one, Unresolved) and one.error:
                        # no such instance: Terraform rejects it only where it evaluates the reference,
                        # and the resource that refers to it may have no instance (`count = 0`) either
                        return Unresolved(after_apply(root, steps[:3])), 2
                    return one, 2
                if whole is not None:
                    return whole, 1
            return self.undeclared(root, first), 0
        return resolve

    def resource(self, kind: str, name: str) -> Any:
        """``KIND.NAME`` as a whole: its instance (an object), the list of its ``count`` instances or
        the map of its ``for_each`` instances, each a Partial; None when it is not declared here.
        https://developer.hashicorp.com/terraform/language/expressions/references#resources"""
        block = next((b for _, b in self.dir.blocks("resource") if b.labels == (kind, name)), None)
        if block is None:
            return None
        found = expansions(self, block, [], "", f"{kind}.{name}", relevant=False)
        if found and found[0].unknown:
            return found[0].names["count.index"]     # why its instances are not known

        def instance(key: int | str | None) -> Partial:
            return Partial(after_apply(kind, [name]), lambda attribute: self.resource_attribute(kind, name, key,
                                                                                                attribute))
        if "count" in block.body.attributes:
            return [instance(e.names["count.index"]) for e in found]
        if "for_each" in block.body.attributes:
            return {e.names["each.key"]: instance(e.names["each.key"]) for e in found}
        return instance(None)

    def resource_attribute(self, kind: str, name: str, key: int | str | None, attribute: str) -> Any:
        """One attribute of a resource instance: a configured argument is what the plan holds; the
        rest is known only after apply (the provider computes it), but for names and ARNs made from them."""
        where = [name, attribute] if key is None else [name, key, attribute]
        if kind == "aws_s3_bucket" and attribute in ("id", "bucket", "arn"):
            return self.held(self.bucket_value(name, key, attribute), kind, where)
        if kind in _NAMED_HERE and attribute in _NAMED_HERE[kind]:
            return self.held(self.named_value(kind, name, key, attribute), kind, where)
        found = self._instance("resource", kind, name, key)
        if found is not None and attribute in found[0] and attribute not in _NOT_ARGUMENTS \
                and not attribute.endswith("policy"):
            # a policy argument is planned as the provider normalises its JSON, not as written
            attributes, names = found
            return self._cached(f"{kind}.{name}[{key!r}].{attribute}",
                                lambda: self.evaluate(attributes[attribute], names))
        if kind in _RANDOM and attribute in _RANDOM[kind] and found is not None:
            # a random value: known only after apply, but one value wherever this instance's attribute
            # is used (a bucket named "logs-${random_id.x.hex}" and the policy that names it)
            suffix = "" if key is None else f"[{key}]"
            return self.held((self.hole(f"{kind}.{name}{suffix}.{attribute}"),), kind, where)
        return Unresolved(after_apply(kind, where))

    def undeclared(self, root: str, first: Any) -> Any:
        """A reference to a resource this module does not declare, or a bare name that is no reference:
        Terraform rejects it ("Reference to undeclared resource", "Invalid reference"). UNKNOWN for
        any other reference, and where a file of the module does not parse (its blocks are not all known).
        https://developer.hashicorp.com/terraform/language/expressions/references"""
        if root in _OTHER_ROOTS or self.dir.errors:
            return UNKNOWN
        if not isinstance(first, str):
            return Unresolved(Cause(f"{root} is not a valid reference", scope=self.described), error=True)
        if (root, first) not in self.dir.resources:
            return Unresolved(Cause(f"{root}.{first} is not declared", scope=self.described), error=True)
        return UNKNOWN

    def held(self, value: Any, root: str, steps: list[Any]) -> Any:
        """A value known only after apply that the configuration knows by what it is (Text, from
        data_value or bucket_value): unknown, with the text of its named holes (Unresolved.text)."""
        if not isinstance(value, tuple):
            return value
        from trail_lint.normalise.policy_json import hole_text

        return Unresolved(after_apply(root, steps), text="".join(
            part if isinstance(part, str) else hole_text(part) for part in value))

    def hole(self, what: str) -> Hole:
        """A value of this module instance known only after apply, by its address (one segment of an ARN)."""
        return Hole(name=hole_name(f"terraform:{self.root_dir}:{self.address}", what))

    def _cached(self, key: str, compute: Any) -> Any:
        if key in self._values:
            return self._values[key]
        if key in self._busy:
            # a cycle: Terraform rejects it, trail-lint reads it as unknown
            return Unresolved(Cause(f"{key} refers to itself", scope=self.described), error=True)
        self._busy.add(key)
        try:
            value = bounded(compute())
        finally:
            self._busy.discard(key)
        self._values[key] = value
        return value

    def variable(self, name: str) -> Any:
        return self._cached(f"var.{name}", lambda: self._variable(name))

    def _variable(self, name: str) -> Any:
        found = next(((tf, block) for tf, block in self.dir.blocks("variable") if block.labels == (name,)), None)
        if found is None:
            return Unresolved(Cause(f"var.{name} is not declared", scope=self.described), error=True)
        tf, declared = found
        type_attribute = declared.body.attributes.get("type")
        type_expr = type_attribute.expr if type_attribute is not None else None
        value: Any = None
        if self.call is not None and self.parent is not None:
            if name in self.call.body.attributes:
                value = convert(evaluate(self.call.body.attributes[name].expr, self.parent.resolver(self.call_names),
                                         files=self.parent.files), type_expr)
        elif name in self.assigned.values:
            value = convert(self.assigned.values[name], type_expr)
        elif name in self.assigned.raw:
            value = convert(from_text(self.assigned.raw[name], type_expr), type_expr)
        if value is not None or (self._assigned(name) and not _not_nullable(declared)):
            return value
        # `nullable = false`: a null given is the default
        # https://developer.hashicorp.com/terraform/language/values/variables#disallowing-null-input-values
        default = declared.body.attributes.get("default")
        if default is not None:
            return convert(evaluate(default.expr, _nothing), type_expr)
        # a variable without a default is set on the command line or by the environment
        where = "its module block" if self.call is not None else "a tfvars file or --var"
        return Unresolved(Cause(f"var.{name} has no value: no default, and none given in {where}",
                                At(tf.path, ("variable", name)), self.described), reported=True)

    def _assigned(self, name: str) -> bool:
        if self.call is not None and self.parent is not None:
            return name in self.call.body.attributes
        return name in self.assigned.values or name in self.assigned.raw

    def local(self, name: str) -> Any:
        return self._cached(f"local.{name}", lambda: self._local(name))

    def _local(self, name: str) -> Any:
        expr = self.dir.locals.get(name)
        if expr is not None:
            return evaluate(expr, self.resolver(), files=self.files)
        return Unresolved(Cause(f"local.{name} is not declared", scope=self.described), error=True)

    def bucket_value(self, name: str, key: int | str | None, attribute: str) -> Any:
        """``aws_s3_bucket.NAME[KEY].id``/``.bucket`` (its name) or ``.arn``: ``arn:PARTITION:s3:::NAME``,
        the partition that of the Region of the bucket's provider, as the AWS provider builds it.
        https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket#attribute-reference"""
        from trail_lint.normalise.policy_json import unnamed_holes

        bucket = self.bucket_name(name, key)
        if bucket is None or (bucket is UNKNOWN and self._instance("resource", "aws_s3_bucket", name, key)) or (
                isinstance(bucket, Unresolved) and not (bucket.reported or bucket.error)
                and (bucket.text is None or unnamed_holes(bucket.text))):
            # `bucket = null` or not set: the provider makes up a name at apply (bucket_prefix or
            # random); or a name made of values known only after apply (a random_id): one name,
            # the same wherever this bucket's id, bucket or ARN is used
            bucket = (self.hole(f"aws_s3_bucket.{name}{'' if key is None else f'[{key}]'}.bucket"),)
        if attribute != "arn":
            return bucket
        if isinstance(bucket, Unresolved):
            # a name known only after apply: the ARN holds it as its text says (hcl_strings), else
            # it is as unknown as the name, for the same cause (the name's text is not the ARN's)
            from trail_lint.normalise.policy_json import named_holes, text_with_holes

            if bucket.text is None or not named_holes(bucket.text) or bucket.reported or bucket.error:
                return Unresolved(bucket.cause, bucket.reported, bucket.error)
            bucket = text_with_holes(bucket.text)
        if not isinstance(bucket, (str, tuple)):
            return bucket
        block = next(b for _, b in self.dir.blocks("resource") if b.labels == ("aws_s3_bucket", name))
        given = block.body.attributes.get("region")    # AWS provider 6: a Region per resource
        key_name = provider_key(block)
        region = self.evaluate(given) if given is not None else provider_region(self, key_name) if key_name else None
        if isinstance(bucket, str):
            if isinstance(region, str) or not key_name or given is not None:
                return _s3_arn(bucket, region)
            # the Region is not known, but it is that of the provider configuration: its partition
            # is the one of every other value that configuration's Region gives (named holes)
            bucket = (bucket,)
        region_key = provider_deployment(self, key_name).region_key if key_name and given is None else ""
        partition: Any = partition_of(region) if isinstance(region, str) else \
            Hole(name=hole_name(region_key, "partition")) if region_key else Hole(anything=True)
        return ("arn:", partition, ":s3:::", *bucket)

    def bucket_name(self, name: str, key: int | str | None = None) -> Any:
        """``aws_s3_bucket.NAME[KEY].id``/``.bucket`` is the bucket's ``bucket`` argument, when known."""
        found = self._instance("resource", "aws_s3_bucket", name, key)
        if found is None or "bucket" not in found[0]:
            return UNKNOWN
        attributes, names = found
        return self._cached(f"bucket.{name}[{key!r}]", lambda: self.evaluate(attributes["bucket"], names))

    def named_value(self, kind: str, name: str, key: int | str | None, attribute: str) -> Any:
        """``KIND.NAME[KEY].name`` of a resource named by its ``name`` argument (an SNS topic, a log
        group), and its ``arn`` (a topic's ``id`` too): ``arn:PARTITION:sns:REGION:ACCOUNT:NAME``,
        ``arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME``, in the Region and account of its provider
        configuration, named holes where they are not known.
        https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic#attribute-reference
        https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#attribute-reference"""
        from trail_lint.normalise.policy_json import named_holes, text_with_holes, unnamed_holes

        found = self._instance("resource", kind, name, key)
        if found is None:
            return UNKNOWN
        attributes, names = found
        given = self._cached(f"{kind}.{name}[{key!r}].name", lambda: self.evaluate(attributes["name"], names)) \
            if "name" in attributes else None
        if given is None or (isinstance(given, Unresolved) and not given.error
                             and (given.reported or given.text is None or unnamed_holes(given.text))):
            # no name, or one made of values known only after apply (the provider's: name_prefix or
            # random) or not known offline (a variable without a value, said where it is declared):
            # one name wherever this resource's name or ARN is used
            hole = self.hole(f"{kind}.{name}{'' if key is None else f'[{key}]'}.name")
            given = (replace(hole, chars=LOG_GROUP_CHARS) if kind == "aws_cloudwatch_log_group" else hole,)
        elif isinstance(given, Unresolved):
            if given.text is None or not named_holes(given.text) or given.error:
                # a name Terraform would reject: it stays what it was, known only after apply, so a
                # policy that uses it keeps its other statements (hcl_strings)
                return UNKNOWN
            given = text_with_holes(given.text)
        elif not isinstance(given, str):
            return UNKNOWN
        if attribute == "name":
            return given
        block = next(b for _, b in self.dir.blocks("resource") if b.labels == (kind, name))
        own = block.body.attributes.get("region")    # AWS provider 6: a Region per resource
        key_name = provider_key(block)
        region = self.evaluate(own) if own is not None else provider_region(self, key_name) if key_name else None
        deployment = provider_deployment(self, key_name) if key_name else None
        where: tuple[Any, Any]
        if isinstance(region, str):
            where = (partition_of(region), region)
        elif own is None and deployment is not None and _region_of_provider(region):
            where = (Hole(name=hole_name(deployment.region_key, "partition")),
                     Hole(name=hole_name(deployment.region_key, "region")))
        else:
            where = (Hole(), Hole())
        account: Any = deployment.account if deployment is not None and isinstance(deployment.account, str) else \
            Hole(name=hole_name(deployment.key, "account"), chars=ACCOUNT_CHARS) if deployment is not None else Hole()
        service, before_name = _ARN_OF[kind]
        arn = ("arn:", where[0], service, where[1], ":", account, before_name,
               *((given,) if isinstance(given, str) else given))
        return "".join(arn) if all(isinstance(part, str) for part in arn) else arn

    def organization_id(self, name: str) -> Any:
        """``aws_organizations_organization.NAME.id``: the ID of the organization whose management
        account the resource's provider configuration is in, which is also the organization of that
        configuration's organization trails (``o-`` and one named hole, Trail.holes["organization"]); it
        is known only after apply. https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_organization"""
        block = next((b for _, b in self.dir.blocks("resource") if b.labels == ("aws_organizations_organization", name)),
                     None)
        key_name = provider_key(block) if block is not None else None
        if key_name is None:
            return UNKNOWN
        return ("o-", Hole(name=hole_name(provider_deployment(self, key_name).key, "organization")))

    def data_value(self, kind: str, name: str, key: int | str | None, attribute: str) -> Any:
        """What a data source gives that the configuration settles: the Region, partition and account of
        its provider configuration (when it names them) and a template_file's rendered text; else
        UNKNOWN (read from AWS when Terraform runs)."""
        if kind == "template_file":
            return self.template_file(name, key)
        found = self._instance("data", kind, name, key)
        if found is None:
            return UNKNOWN
        attributes, names = found
        block = next(b for _, b in self.dir.blocks("data") if b.labels == (kind, name))
        provider = provider_key(block)
        if kind == "aws_organizations_organization":
            # the organization of the provider configuration's account, as the resource's
            # https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/organizations_organization
            return ("o-", Hole(name=hole_name(provider_deployment(self, provider).key, "organization"))) \
                if provider else UNKNOWN
        if kind == "aws_caller_identity":
            deployment = provider_deployment(self, provider) if provider else None
            if deployment is None or isinstance(deployment.account, str):
                return deployment.account if deployment is not None else UNKNOWN
            # the account of the provider configuration, the same as its trails' (named holes)
            return (Hole(name=hole_name(deployment.key, "account"), chars=ACCOUNT_CHARS),)
        if kind == "aws_iam_policy":
            # a policy looked up by its ARN has that ARN (one looked up by name: read from AWS)
            # https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy
            arn = self.evaluate(attributes["arn"], names) if "arn" in attributes else UNKNOWN
            return arn if isinstance(arn, str) or unknown(arn) else UNKNOWN
        if kind == "aws_s3_bucket":
            # an existing bucket looked up by name: its id is that name, its ARN made as a created one's
            bucket = self.evaluate(attributes["bucket"], names) if "bucket" in attributes else UNKNOWN
            if attribute != "arn" or not isinstance(bucket, str):
                return bucket if isinstance(bucket, str) or unknown(bucket) else UNKNOWN
            return _s3_arn(bucket, provider_region(self, provider) if provider else None)
        # aws_region with its own name/region argument reads that Region; else the provider's
        given = attributes.get("region") or attributes.get("name") if kind == "aws_region" else None
        region = self.evaluate(given, names) if given is not None else \
            provider_region(self, provider) if provider else None
        if kind == "aws_partition" and attribute == "dns_suffix":
            return (dns_suffix(region) or UNKNOWN) if isinstance(region, str) else UNKNOWN
        if not isinstance(region, str):
            region_key = provider_deployment(self, provider).region_key if provider and given is None else ""
            return (Hole(name=hole_name(region_key, "region" if kind == "aws_region" else "partition")),) \
                if region_key and _region_of_provider(region) else UNKNOWN
        return region if kind == "aws_region" else partition_of(region)

    def template_file(self, name: str, key: int | str | None) -> Any:
        """``data.template_file.NAME[KEY].rendered``: its ``template`` over its ``vars``, as the template
        provider renders it (the syntax of ``templatefile``).
        https://registry.terraform.io/providers/hashicorp/template/latest/docs/data-sources/file"""
        found = self._instance("data", "template_file", name, key)
        if found is None or "template" not in found[0]:
            return UNKNOWN
        attributes, names = found

        def rendered() -> Any:
            text = self.evaluate(attributes["template"], names)
            given = self.evaluate(attributes["vars"], names) if "vars" in attributes else {}
            if unknown(text) or unknown(given):
                return text if unknown(text) else given
            if not isinstance(text, str) or not isinstance(given, dict):
                return Unresolved(Cause(f"data.template_file.{name} needs a template text and a map of vars",
                                        scope=self.described), error=True)
            return render(text, given, f"data.template_file.{name}", self.files)
        return self._cached(f"template_file.{name}[{key!r}]", rendered)

    def _instance(self, mode: str, kind: str, name: str, key: int | str | None) -> \
            tuple[dict[str, Attribute], dict[str, Any]] | None:
        """The arguments of ``mode "kind" "name"`` and the ``count``/``each`` names of its instance
        ``key``; None when the block is not here or that instance is not known."""
        found = next((block for _, block in self.dir.blocks(mode) if block.labels == (kind, name)), None)
        if found is None:
            return None
        attributes = found.body.attributes
        expanded = "count" in attributes or "for_each" in attributes
        if expanded != (key is not None):
            return None
        if isinstance(key, int) and "count" in attributes:
            return attributes, {"count.index": key}
        if isinstance(key, str) and "for_each" in attributes:
            items = self.evaluate(attributes["for_each"])
            if isinstance(items, list):
                items = {item: item for item in items if isinstance(item, str)}
            if not isinstance(items, dict) or key not in items:
                return None
            return attributes, {"each.key": key, "each.value": items[key]}
        return None if expanded else (attributes, {})

    def module_output(self, name: str, steps: list[Any]) -> tuple[Any, int]:
        """``module.NAME[KEY].OUTPUT``: the output of a local module, evaluated in that module
        instance; (value, steps used). Registry and Git modules are not read: unknown."""
        call = next((block for _, block in self.dir.blocks("module") if block.labels == (name,)), None)
        if call is None and not self.dir.errors:
            # Terraform rejects it ("Reference to undeclared module"); where a file does not parse, the
            # call may be in it
            return Unresolved(Cause(f"module.{name} is not declared", scope=self.described), error=True), 1
        source = local_source(self, call) if call is not None else None
        if call is not None and source is None:
            # said once by the call's TL002, which also names the checks this value blocks
            return Unresolved(unread_module(self), reported=True), 1
        if call is None or source is None or self.load is None or self.depth >= _MAX_NESTING:
            return Unresolved(Cause(f"module.{name} is not a local module: its outputs are not read")), 1
        expanded = "count" in call.body.attributes or "for_each" in call.body.attributes
        key = steps[0] if expanded and steps else None
        if expanded and not isinstance(key, (int, str)):
            return Unresolved(Cause(f"module.{name} has count or for_each: all its instances together are not "
                                    "read")), 1
        found = expansions(self, call, [], "", f"module.{name}")
        if found and found[0].unknown:
            return found[0].names["count.index"], 1     # why the instances are not known
        instance = next((e for e in found if e.key == ("" if key is None else f"[{json.dumps(key)}]")), None)
        output = steps[1 if expanded else 0] if len(steps) > (1 if expanded else 0) else None
        if instance is None or not isinstance(output, str):
            return Unresolved(Cause(f"module.{name} has no such instance or output"), error=True), 1
        child = self._children.get(name + instance.key)
        if child is None:
            child = self._children[name + instance.key] = ModuleInstance(
                f"module.{name}{instance.key}", f"module.{name}", self.load(source), self, call, instance.names,
                files=self.files, root_dir=self.root_dir, load=self.load, depth=self.depth + 1)
        used = 2 + expanded
        return child.output(output), used

    @property
    def workspace(self) -> Any:
        """``terraform.workspace``: the same in every module of a root module's configuration."""
        root = self
        while root.parent is not None:
            root = root.parent
        if root.assigned.workspace is not None:
            return root.assigned.workspace
        return Unresolved(Cause("terraform.workspace is chosen when Terraform runs: pass --workspace NAME",
                                scope=root.described), reported=True)

    @property
    def unread(self) -> Cause:
        key = "module calls not read"
        cause = self._values.get(key)
        if cause is None:
            at = None
            if key not in self._busy:       # counts that read such a module's outputs
                self._busy.add(key)
                try:
                    at = next((At(tf.path, ("module", block.labels[0])) for tf, block in self.dir.blocks("module")
                               if len(block.labels) == 1 and local_source(self, block) is None
                               and expansions(self, block, [], tf.path, f"module.{block.labels[0]}")), None)
                finally:
                    self._busy.discard(key)
            cause = Cause("modules from a registry or Git are not read offline", at, self.described)
            if at is not None:
                self._values[key] = cause
        return cause

    def output(self, name: str) -> Any:
        return self._cached(f"output.{name}", lambda: self._output(name))

    def _output(self, name: str) -> Any:
        for _, block in self.dir.blocks("output"):
            if block.labels == (name,) and "value" in block.body.attributes:
                return self.evaluate(block.body.attributes["value"])
        return Unresolved(Cause(f"output {name!r} is not declared in {self.dir.path}"), error=True)

    def evaluate(self, attribute: Attribute, names: dict[str, Any] | None = None,
                 scope: dict[str, Any] | None = None) -> Any:
        return evaluate(attribute.expr, self.resolver(names), scope, files=self.files)


def _nothing(root: str, _steps: list[Any]) -> tuple[Any, int]:
    return Unresolved(Cause(f"a variable default refers to {root}"), error=True), 0


def expansions(module: ModuleInstance, block: Block, problems: list[Problem], file: str, address: str,
               relevant: bool | None = None) -> list[Expansion]:
    """The instances ``count`` or ``for_each`` make of a block; one with an unknown key when unknown
    (a TL002 when the block matters to a rule: ``relevant``, or else by its resource type)."""
    attributes = block.body.attributes
    if "count" in attributes:
        count = module.evaluate(attributes["count"])
        if isinstance(count, str) and count.isdigit():
            count = int(count)
        if isinstance(count, float) and count.is_integer():
            count = int(count)
        if isinstance(count, int) and not isinstance(count, bool) and 0 <= count <= 10_000:
            return [Expansion(f"[{index}]", {"count.index": index}) for index in range(count)]
        what, value = "count", count
    elif "for_each" in attributes:
        items = module.evaluate(attributes["for_each"])
        if isinstance(items, dict):
            # Terraform orders instances by key
            return [Expansion(f"[{json.dumps(key)}]", {"each.key": key, "each.value": items[key]})
                    for key in sorted(items)]
        if isinstance(items, list) and all(isinstance(item, str) for item in items):
            return [Expansion(f"[{json.dumps(key)}]", {"each.key": key, "each.value": key})
                    for key in sorted(set(items))]
        what, value = "for_each", items
    else:
        return [Expansion("", {})]
    if matters(block) if relevant is None else relevant:
        path = (block.type, *block.labels, what)
        problems.append(Problem(f"{what} of {address} is not known before apply: its instances cannot be listed",
                                At(file, path), resource=address, cause=cause_of(value, module)))
    # the one instance read stands for all of them: its count.index and each.* are unknown for the same reason
    cause = cause_of(value, module) or Cause(f"the {what} of {address} is not known", scope=module.address)
    why = Unresolved(cause)
    return [Expansion("", {"count.index": why, "each.key": why, "each.value": why}, unknown=True)]


# Resources some rule reads: trails, their buckets, keys, topics and log groups, and IAM. Of S3, the
# bucket and the settings the log bucket rules read: a bucket's notification, lifecycle or CORS
# settles nothing, and a value unknown there is not worth a TL002.
_MATTERS = ("aws_cloudtrail", "aws_kms_", "aws_sns_topic", "aws_cloudwatch_log_", "aws_iam_",
            "aws_organizations_policy")
_S3_READ = frozenset({"aws_s3_bucket", "aws_s3_bucket_policy", "aws_s3_bucket_acl", "aws_s3_bucket_logging",
                      "aws_s3_bucket_versioning", "aws_s3_bucket_object_lock_configuration",
                      "aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block",
                      "aws_s3_bucket_request_payment_configuration"})


def matters(block: Block) -> bool:
    """Whether a resource or data source is of a type some rule reads."""
    return block.type in ("resource", "data") and bool(block.labels) and matters_type(block.labels[0])


def matters_type(kind: str) -> bool:
    return kind in _S3_READ or kind.startswith(_MATTERS)


def unread_module(module: ModuleInstance) -> Cause:
    """Why what the registry and Git modules called from ``module`` make, and their outputs, are
    unknown: one cause, placed at the first such call that makes something (count = 0 makes nothing)."""
    return module.unread


def cause_of(value: Any, module: ModuleInstance) -> Cause | None:
    """Why a value is unknown, placed in the module that reads it when the cause has no place of its own."""
    cause = getattr(first_unknown(value), "cause", None)
    if cause is None:
        return None
    return cause if cause.scope else replace(cause, scope=module.described)


def _s3_arn(bucket: str, region: Any) -> Any:
    """``arn:PARTITION:s3:::BUCKET`` as the AWS provider makes it; unknown without the Region that gives the partition."""
    return f"arn:{partition_of(region)}:s3:::{bucket}" if isinstance(region, str) else UNKNOWN


def _region_of_provider(region: Any) -> bool:
    """Whether a provider configuration's Region that is not known here is still the one Region of
    every value of that configuration (a named hole, the trails' too): not set (the environment's),
    or set to a value not known offline (a variable without a value, said where it is declared); not
    a value Terraform would reject."""
    return region is None or unknown(region) and not getattr(region, "error", False)


def provider_key(block: Block) -> str | None:
    """The provider configuration a resource uses: its ``provider`` argument, else the default one."""
    chosen = block.body.attributes.get("provider")
    return reference_text(chosen.expr) if chosen is not None else block.labels[0].split("_", 1)[0]


def provider_region(module: ModuleInstance, key: str) -> Any:
    """The Region of provider configuration ``key`` ("aws", "aws.east") as seen from ``module``:
    its own provider block, else what the caller passes in ``providers``, else (for the default
    configuration) the caller's. None: nothing says, the environment decides."""
    found = provider_block(module, key)
    if found is None:
        return None
    owner, block = found
    region = block.body.attributes.get("region")
    return owner.evaluate(region) if region is not None else None


def provider_block(module: ModuleInstance, key: str) -> tuple[ModuleInstance, Block] | None:
    """The provider block that configures ``key`` for ``module``, and the module it is written in."""
    current: ModuleInstance | None = module
    for _ in range(_MAX_NESTING + 1):
        if current is None:
            return None
        for _, block in current.dir.blocks("provider"):
            alias = block.body.attributes.get("alias")
            alias_value = current.evaluate(alias) if alias else None
            own = block.labels[0] + (f".{alias_value}" if isinstance(alias_value, str) else "") if block.labels else ""
            if own == key:
                return current, block
        passed = _passed_providers(current)
        if key in passed:
            key = passed[key]
        elif "." in key:
            return None      # an alias the caller does not pass: Terraform refuses the configuration
        current = current.parent
    return None


def provider_deployment(module: ModuleInstance, key: str) -> Deployment:
    """The deployment of a resource that uses provider configuration ``key`` in ``module``: its
    root module and the provider's account settings (a root module is its own account scope)."""
    root = module
    while root.parent is not None:
        root = root.parent
    found = provider_block(module, key)
    settings: dict[str, Any] = {}
    if found is not None:
        owner, block = found
        for name in ACCOUNT_SETTINGS:
            attribute = block.body.attributes.get(name)
            if attribute is not None:
                settings[name] = _setting(owner, attribute)
            for inner in block.body.blocks_of(name):
                arn = inner.body.attributes.get("role_arn")
                settings.setdefault(name, []).append(_setting(owner, arn) if arn is not None else "")
    block_id = f"{found[0].address}:{found[1].position.line}" if found is not None else "environment"
    return account_deployment(root.dir.path, key, settings, where=f"root module {root.dir.path}",
                              region_key=f"terraform:{root.dir.path}:{key}:{block_id}")


def _setting(owner: ModuleInstance, attribute: Attribute) -> Any:
    """A setting's value; an unknown one is named by its place, so two unknowns never compare equal."""
    value = owner.evaluate(attribute)
    if first_unknown(value) is not None:
        return f"<not known: {owner.dir.path}:{attribute.position.line}:{attribute.position.column}>"
    return value


def _passed_providers(module: ModuleInstance) -> dict[str, str]:
    if module.call is None or "providers" not in module.call.body.attributes:
        return {}
    mapping: dict[str, str] = {}
    for key_expr, value_expr in object_items(module.call.body.attributes["providers"].expr):
        key, value = reference_text(key_expr), reference_text(value_expr)
        if key and value:
            mapping[key] = value
    return mapping


def load_dir(directory: str, files: Sequence[str] | None = None) -> ModuleDir:
    """A module's .tf and .tf.json files, override files merged in; one that cannot be read is left out
    and kept as an error (TL001)."""
    names = files if files is not None else [in_dir(directory, name) for name in tf_names(directory)]
    found = ModuleDir(directory, [])
    for name in sorted(names):
        try:
            found.files.append(read_tf(name))
        except TfSyntaxError as error:
            found.errors.append(error)
            found.declared.extend(_declared_in(name))
    if any(is_override(tf.path) for tf in found.files):
        from trail_lint.normalise.terraform.hcl_override import merge_overrides

        found.files = merge_overrides(found.files)
    return found


def _declared_in(path: str) -> list[Declared]:
    try:
        with open(path, encoding="utf-8") as handle:
            return declared_json(path, handle.read()) if path.endswith(".tf.json") else declared(path, handle.read())
    except (OSError, UnicodeDecodeError):
        return []


def in_dir(directory: str, name: str) -> str:
    return name if directory == "." else os.path.join(directory, name)


def tf_names(directory: str) -> list[str]:
    """The names of a module directory's .tf and .tf.json files, in order."""
    try:
        return sorted(name for name in os.listdir(directory)
                      if name.endswith(TF_SUFFIXES) and os.path.isfile(os.path.join(directory, name)))
    except OSError:
        return []


def local_source(module: ModuleInstance, call: Block) -> str | None:
    source = call.body.attributes.get("source")
    value = module.evaluate(source) if source is not None else None
    if isinstance(value, str) and (value.startswith(("./", "../"))):
        return os.path.normpath(os.path.join(module.dir.path, value))
    return None



def _not_nullable(declared: Block) -> bool:
    """Whether the variable says ``nullable = false``."""
    nullable = declared.body.attributes.get("nullable")
    return nullable is not None and evaluate(nullable.expr, _nothing) is False
