"""What a reference to a resource or data source gives before apply: a resource as a whole and its
attributes (the arguments the configuration sets), and the values the configuration settles though
the provider computes them: bucket, topic, log group and trail names and ARNs, the organization's ID,
the Region, partition and account of a provider configuration, a template_file's rendered text.
The rest is known only after apply.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from trail_lint.model import ACCOUNT_CHARS, LOG_GROUP_CHARS, UNKNOWN, Cause, Hole, hole_name, terraform_bucket_hole
from trail_lint.normalise.terraform.common import IAM_ARN_OF, IAM_ID_PREFIX
from trail_lint.normalise.terraform.hcl_eval import after_apply, render
from trail_lint.normalise.terraform.hcl_expansion import expansions
from trail_lint.normalise.terraform.hcl_functions import Partial, Unresolved, unknown
from trail_lint.normalise.terraform.hcl_providers import provider_deployment, provider_key, provider_region, region_hole
from trail_lint.scope.names import dns_suffix, partition_of

TYPE_CHECKING = False   # typing costs start-up time; mypy reads this as true
if TYPE_CHECKING:
    from trail_lint.normalise.terraform.hcl_modules import ModuleInstance

# Resources whose attributes the configuration settles (named_value), by attribute
NAMED_HERE = {"aws_sns_topic": ("name", "arn", "id"), "aws_cloudwatch_log_group": ("name", "arn"),
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


def resource(module: ModuleInstance, kind: str, name: str) -> Any:
    """``KIND.NAME`` as a whole: its instance (an object), the list of its ``count`` instances or
    the map of its ``for_each`` instances, each a Partial; None when it is not declared here.
    https://developer.hashicorp.com/terraform/language/expressions/references#resources"""
    def instance(key: int | str | None) -> Partial:
        return Partial(after_apply(kind, [name]), lambda attribute: resource_attribute(module, kind, name, key,
                                                                                       attribute))
    return _whole(module, "resource", kind, name, instance)


def data_source(module: ModuleInstance, kind: str, name: str, settled: tuple[str, ...]) -> Any:
    """``data.KIND.NAME`` as a whole, as ``resource`` gives a resource, for a data source some of whose
    attributes (``settled``) the configuration settles (data_value), so that a splat over it
    (``data.template_file.t.*.rendered``) reads them."""
    def instance(key: int | str | None) -> Partial:
        where = [kind, name] if key is None else [kind, name, key]
        return Partial(after_apply("data", where), lambda attribute: module.held(
            data_value(module, kind, name, key, attribute), "data", [*where, attribute])
            if attribute in settled else Unresolved(after_apply("data", [*where, attribute])))
    return _whole(module, "data", kind, name, instance)


def _whole(module: ModuleInstance, mode: str, kind: str, name: str, instance: Callable[[int | str | None], Partial]) \
        -> Any:
    """The ``mode`` block KIND.NAME as a whole: ``instance(key)`` of its one instance, of each of its
    ``count`` instances (a list) or of each of its ``for_each`` instances (a map); why they are not known
    when they are not; None when it is not declared here."""
    block = next((b for _, b in module.dir.blocks(mode) if b.labels == (kind, name)), None)
    if block is None:
        return None
    address = f"{kind}.{name}" if mode == "resource" else f"data.{kind}.{name}"
    found = expansions(module, block, [], "", address, relevant=False)
    if found and found[0].unknown:
        return found[0].names["count.index"]     # why its instances are not known
    if "count" in block.body.attributes:
        return [instance(e.names["count.index"]) for e in found]
    if "for_each" in block.body.attributes:
        return {e.names["each.key"]: instance(e.names["each.key"]) for e in found}
    return instance(None)


def resource_attribute(module: ModuleInstance, kind: str, name: str, key: int | str | None, attribute: str) -> Any:
    """One attribute of a resource instance: a configured argument is what the plan holds; the
    rest is known only after apply (the provider computes it), but for names and ARNs made from them."""
    where = [name, attribute] if key is None else [name, key, attribute]
    if kind in IAM_ARN_OF and attribute == "arn":
        return module.held(iam_arn(module, "resource", kind, name, key), kind, where)
    if kind in IAM_ID_PREFIX and attribute == "unique_id" and module.instance("resource", kind, name, key):
        # its prefix and one hole, the same wherever this instance's unique ID is used
        suffix = "" if key is None else f"[{key}]"
        return module.held((IAM_ID_PREFIX[kind], module.hole(f"{kind}.{name}{suffix}.unique_id")), kind, where)
    if kind == "aws_s3_bucket" and attribute in ("id", "bucket", "arn"):
        return module.held(bucket_value(module, name, key, attribute), kind, where)
    if kind in NAMED_HERE and attribute in NAMED_HERE[kind]:
        return module.held(named_value(module, kind, name, key, attribute), kind, where)
    found = module.instance("resource", kind, name, key)
    if found is not None and attribute in found[0] and attribute not in _NOT_ARGUMENTS \
            and not attribute.endswith("policy"):
        # a policy argument is planned as the provider normalises its JSON, not as written
        attributes, names = found
        return module.cached(f"{kind}.{name}[{key!r}].{attribute}",
                             lambda: module.evaluate(attributes[attribute], names))
    if kind in _RANDOM and attribute in _RANDOM[kind] and found is not None:
        # a random value: known only after apply, but one value wherever this instance's attribute
        # is used (a bucket named "logs-${random_id.x.hex}" and the policy that names it)
        suffix = "" if key is None else f"[{key}]"
        return module.held((module.hole(f"{kind}.{name}{suffix}.{attribute}"),), kind, where)
    return Unresolved(after_apply(kind, where))


def bucket_value(module: ModuleInstance, name: str, key: int | str | None, attribute: str) -> Any:
    """``aws_s3_bucket.NAME[KEY].id``/``.bucket`` (its name) or ``.arn``: ``arn:PARTITION:s3:::NAME``,
    the partition that of the Region of the bucket's provider, as the AWS provider builds it.
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket#attribute-reference"""
    from trail_lint.normalise.policy_json import unnamed_holes

    bucket = bucket_name(module, name, key)
    if bucket is None or (bucket is UNKNOWN and module.instance("resource", "aws_s3_bucket", name, key)) or (
            isinstance(bucket, Unresolved) and not (bucket.reported or bucket.error)
            and (bucket.text is None or unnamed_holes(bucket.text))):
        # `bucket = null` or not set: the provider makes up a name at apply (bucket_prefix or
        # random); or a name made of values known only after apply (a random_id): one name,
        # the same wherever this bucket's id, bucket or ARN is used
        bucket = (module.hole(terraform_bucket_hole(name, key)),)
    if attribute != "arn":
        return bucket
    said: Unresolved | None = None
    if isinstance(bucket, Unresolved):
        # a name known only after apply: the ARN holds it as its text says (hcl_strings), else
        # it is as unknown as the name, for the same cause (the name's text is not the ARN's)
        from trail_lint.normalise.policy_json import named_holes, text_with_holes

        if bucket.text is None or not named_holes(bucket.text) or bucket.error:
            return Unresolved(bucket.cause, bucket.reported, bucket.error)
        # a name made of a variable given no value: as unknown as the name, for the same cause said
        # once, with the ARN's text holding the variable as the name's does
        said = bucket if bucket.reported else None
        bucket = text_with_holes(bucket.text)
    if not isinstance(bucket, (str, tuple)):
        return bucket
    block = next(b for _, b in module.dir.blocks("resource") if b.labels == ("aws_s3_bucket", name))
    given = block.body.attributes.get("region")    # AWS provider 6: a Region per resource
    key_name = provider_key(block)
    found = module.instance("resource", "aws_s3_bucket", name, key) if given is not None else None
    # evaluated in the instance, whose each.key or count.index it may be (`region = each.key`)
    region = module.evaluate(given, found[1] if found else None) if given is not None else \
        provider_region(module, key_name) if key_name else None
    if isinstance(bucket, str):
        if isinstance(region, str) or not key_name or given is not None:
            return _s3_arn(bucket, region)
        # the Region is not known, but it is that of the provider configuration: its partition
        # is the one of every other value that configuration's Region gives (named holes)
        bucket = (bucket,)
    region_key = provider_deployment(module, key_name).region_key if key_name and given is None else ""
    partition: Any = partition_of(region) if isinstance(region, str) else \
        Hole(name=hole_name(region_key, "partition")) if region_key else Hole(anything=True)
    if said is not None:
        from trail_lint.normalise.policy_json import hole_text

        return Unresolved(said.cause, reported=True, text="".join(
            part if isinstance(part, str) else hole_text(part) for part in ("arn:", partition, ":s3:::", *bucket)))
    return ("arn:", partition, ":s3:::", *bucket)


def bucket_name(module: ModuleInstance, name: str, key: int | str | None = None) -> Any:
    """``aws_s3_bucket.NAME[KEY].id``/``.bucket`` is the bucket's ``bucket`` argument, when known."""
    found = module.instance("resource", "aws_s3_bucket", name, key)
    if found is None or "bucket" not in found[0]:
        return UNKNOWN
    attributes, names = found
    return module.cached(f"bucket.{name}[{key!r}]", lambda: module.evaluate(attributes["bucket"], names))


def named_value(module: ModuleInstance, kind: str, name: str, key: int | str | None, attribute: str) -> Any:
    """``KIND.NAME[KEY].name`` of a resource named by its ``name`` argument (an SNS topic, a log
    group), and its ``arn`` (a topic's ``id`` too): ``arn:PARTITION:sns:REGION:ACCOUNT:NAME``,
    ``arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME``, in the Region and account of its provider
    configuration, named holes where they are not known.
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic#attribute-reference
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#attribute-reference"""
    from trail_lint.normalise.policy_json import named_holes, text_with_holes, unnamed_holes

    found = module.instance("resource", kind, name, key)
    if found is None:
        return UNKNOWN
    attributes, names = found
    given = module.cached(f"{kind}.{name}[{key!r}].name", lambda: module.evaluate(attributes["name"], names)) \
        if "name" in attributes else None
    if given is None or (isinstance(given, Unresolved) and not given.error
                         and (given.reported or given.text is None or unnamed_holes(given.text))):
        # no name, or one made of values known only after apply (the provider's: name_prefix or
        # random) or not known offline (a variable without a value, said where it is declared):
        # one name wherever this resource's name or ARN is used
        hole = module.hole(f"{kind}.{name}{'' if key is None else f'[{key}]'}.name")
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
    block = next(b for _, b in module.dir.blocks("resource") if b.labels == (kind, name))
    own = block.body.attributes.get("region")    # AWS provider 6: a Region per resource
    partition, region, account = _provider_place(module, provider_key(block), own)
    service, before_name = _ARN_OF[kind]
    arn = ("arn:", partition, service, region, ":", account, before_name,
           *((given,) if isinstance(given, str) else given))
    return "".join(arn) if all(isinstance(part, str) for part in arn) else arn


def iam_arn(module: ModuleInstance, mode: str, kind: str, name: str, key: int | str | None) -> Any:
    """``KIND.NAME[KEY].arn`` of an IAM role or user (``mode`` "resource" or "data"), known only after
    apply but by its shape: ``arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`` in the partition and account
    of its provider configuration (named holes where they are not known), its path and name one hole,
    the same wherever this instance's ARN is used. The path and name stay one hole even where the
    configuration sets them: the ARN stays a value known only after apply (a trail still finds its
    CloudWatch Logs role by its reference), whose shape a policy reader keeps (never ``*``, never a
    service principal, never an account's root).
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role#attribute-reference
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_role#attribute-reference"""
    block = next((b for _, b in module.dir.blocks(mode) if b.labels == (kind, name)), None)
    if block is None or module.instance(mode, kind, name, key) is None:
        return UNKNOWN
    suffix = "" if key is None else f"[{key}]"
    named = replace(module.hole(f"{'data.' if mode == 'data' else ''}{kind}.{name}{suffix}.arn"), anything=True)
    partition, _, account = _provider_place(module, provider_key(block), None)
    return ("arn:", partition, ":iam::", account, ":", IAM_ARN_OF[kind], named)


def _provider_place(module: ModuleInstance, key_name: str | None, own: Any) -> tuple[Any, Any, Any]:
    """The partition, Region and account of a resource's ARN: those of its provider configuration
    ``key_name`` (or of its own ``region`` argument, ``own``), named holes where they are not known
    but are that configuration's, unnamed holes where not even that."""
    region = module.evaluate(own) if own is not None else provider_region(module, key_name) if key_name else None
    deployment = provider_deployment(module, key_name) if key_name else None
    where: tuple[Any, Any]
    if isinstance(region, str):
        where = (partition_of(region), region)
    elif own is None and deployment is not None and key_name and _region_of_provider(region):
        where = (Hole(name=hole_name(deployment.region_key, "partition")), region_hole(module, key_name))
    else:
        where = (Hole(), Hole())
    account: Any = deployment.account if deployment is not None and isinstance(deployment.account, str) else \
        Hole(name=hole_name(deployment.key, "account"), chars=ACCOUNT_CHARS) if deployment is not None else Hole()
    return (*where, account)


def organization_id(module: ModuleInstance, name: str) -> Any:
    """``aws_organizations_organization.NAME.id``: the ID of the organization whose management
    account the resource's provider configuration is in, which is also the organization of that
    configuration's organization trails (``o-`` and one named hole, Trail.holes["organization"]); it
    is known only after apply. https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/organizations_organization"""
    block = next((b for _, b in module.dir.blocks("resource") if b.labels == ("aws_organizations_organization", name)),
                 None)
    key_name = provider_key(block) if block is not None else None
    if key_name is None:
        return UNKNOWN
    return ("o-", Hole(name=hole_name(provider_deployment(module, key_name).key, "organization")))


def data_value(module: ModuleInstance, kind: str, name: str, key: int | str | None, attribute: str) -> Any:
    """What a data source gives that the configuration settles: the Region, partition and account of
    its provider configuration (when it names them) and a template_file's rendered text; else
    UNKNOWN (read from AWS when Terraform runs)."""
    if kind == "template_file":
        return template_file(module, name, key)
    if kind in IAM_ARN_OF:
        return iam_arn(module, "data", kind, name, key)
    found = module.instance("data", kind, name, key)
    if found is None:
        return UNKNOWN
    attributes, names = found
    block = next(b for _, b in module.dir.blocks("data") if b.labels == (kind, name))
    provider = provider_key(block)
    if kind == "aws_organizations_organization":
        # the organization of the provider configuration's account, as the resource's
        # https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/organizations_organization
        return ("o-", Hole(name=hole_name(provider_deployment(module, provider).key, "organization"))) \
            if provider else UNKNOWN
    if kind == "aws_caller_identity":
        deployment = provider_deployment(module, provider) if provider else None
        if deployment is None or isinstance(deployment.account, str):
            return deployment.account if deployment is not None else UNKNOWN
        # the account of the provider configuration, the same as its trails' (named holes)
        return (Hole(name=hole_name(deployment.key, "account"), chars=ACCOUNT_CHARS),)
    if kind == "aws_iam_policy":
        # a policy looked up by its ARN has that ARN (one looked up by name: read from AWS)
        # https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy
        arn = module.evaluate(attributes["arn"], names) if "arn" in attributes else UNKNOWN
        return arn if isinstance(arn, str) or unknown(arn) else UNKNOWN
    if kind == "aws_s3_bucket":
        # an existing bucket looked up by name: its id is that name, its ARN made as a created one's
        bucket = module.evaluate(attributes["bucket"], names) if "bucket" in attributes else UNKNOWN
        if attribute != "arn" or not isinstance(bucket, str):
            return bucket if isinstance(bucket, str) or unknown(bucket) else UNKNOWN
        return _s3_arn(bucket, provider_region(module, provider) if provider else None)
    # aws_region with its own name/region argument reads that Region; else the provider's
    given = attributes.get("region") or attributes.get("name") if kind == "aws_region" else None
    region = module.evaluate(given, names) if given is not None else \
        provider_region(module, provider) if provider else None
    if kind == "aws_partition" and attribute == "dns_suffix":
        return (dns_suffix(region) or UNKNOWN) if isinstance(region, str) else UNKNOWN
    if not isinstance(region, str):
        if not provider or given is not None or not _region_of_provider(region):
            return UNKNOWN
        return (region_hole(module, provider),) if kind == "aws_region" else \
            (Hole(name=hole_name(provider_deployment(module, provider).region_key, "partition")),)
    return region if kind == "aws_region" else partition_of(region)


def template_file(module: ModuleInstance, name: str, key: int | str | None) -> Any:
    """``data.template_file.NAME[KEY].rendered``: its ``template`` over its ``vars``, as the template
    provider renders it (the syntax of ``templatefile``).
    https://registry.terraform.io/providers/hashicorp/template/latest/docs/data-sources/file"""
    found = module.instance("data", "template_file", name, key)
    if found is None or "template" not in found[0]:
        return UNKNOWN
    attributes, names = found

    def rendered() -> Any:
        text = module.evaluate(attributes["template"], names)
        given = module.evaluate(attributes["vars"], names) if "vars" in attributes else {}
        if unknown(text) or unknown(given):
            return text if unknown(text) else given
        if not isinstance(text, str) or not isinstance(given, dict):
            return Unresolved(Cause(f"data.template_file.{name} needs a template text and a map of vars",
                                    scope=module.described), error=True)
        return render(text, given, f"data.template_file.{name}", module.files)
    return module.cached(f"template_file.{name}[{key!r}]", rendered)


def _s3_arn(bucket: str, region: Any) -> Any:
    """``arn:PARTITION:s3:::BUCKET`` as the AWS provider makes it; unknown without the Region that gives the partition."""
    return f"arn:{partition_of(region)}:s3:::{bucket}" if isinstance(region, str) else UNKNOWN


def _region_of_provider(region: Any) -> bool:
    """Whether a provider configuration's Region that is not known here is still the one Region of
    every value of that configuration (a named hole, the trails' too): not set (the environment's),
    or set to a value not known offline (a variable without a value, said where it is declared); not
    a value Terraform would reject."""
    return region is None or unknown(region) and not getattr(region, "error", False)
