"""AWS CDK cloud assemblies (the ``cdk.out`` directory ``cdk synth`` writes): the account and Region
the assembly's manifest gives each stack whose template it lists.

A stack defined with an environment is synthesised for that account and Region, and its template
is deployed there; a stack without one says ``unknown-account`` / ``unknown-region``
(https://docs.aws.amazon.com/cdk/v2/guide/environments.html). The manifest (``manifest.json``,
cloud assembly schema: ``artifacts.<stack>.environment`` ``aws://ACCOUNT/REGION`` and
``properties.templateFile``) is read beside each template, whether or not it is named itself; a
stack's nested stacks, whose templates are file assets of the stack (its asset manifest,
``<stack>.assets.json``), are deployed by it, in its account and Region."""
from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from trail_lint.load import LoadError, load_file
from trail_lint.scope.names import is_account_id, is_region_name

MANIFEST = "manifest.json"
STACK = "aws:cloudformation:stack"
ASSETS = "cdk:asset-manifest"
TEMPLATE_SUFFIX = ".template.json"
NESTED_SUFFIX = ".nested.template.json"   # a nested stack's template, an asset of its parent stack
_SCHEME = "aws://"
# a cloud assembly's manifest is small; a larger file of that name is something else
_MAX_BYTES = 4 * 1024 * 1024


def environments(files: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """{template file (as named in ``files``): (account, Region)} for each file that a cloud
    assembly manifest in its directory lists as a stack's template with an account or Region."""
    by_directory: dict[str, dict[str, tuple[str | None, str | None]]] = {}
    found = {}
    for file in files:
        # `cdk synth` names a stack's template <artifact id>.template.json: no other file is looked
        # beside (a snapshot has tens of thousands of directories)
        if not file.endswith(TEMPLATE_SUFFIX):
            continue
        directory = os.path.dirname(file)
        if directory not in by_directory:
            by_directory[directory] = _stacks(os.path.join(directory, MANIFEST))
        environment = by_directory[directory].get(os.path.basename(file))
        if environment is not None:
            found[file] = environment
    return found


def _stacks(manifest: str) -> dict[str, tuple[str | None, str | None]]:
    """{template file name: (account, Region)} of the stacks a manifest lists; {} for no manifest."""
    data = _json(manifest)
    artifacts = data.get("artifacts") if isinstance(data, dict) and isinstance(data.get("version"), str) else None
    if not isinstance(artifacts, dict):
        return {}
    stacks = {}
    directory = os.path.dirname(manifest)
    for artifact in artifacts.values():
        template = _template(artifact)
        environment = _environment(artifact.get("environment")) if template else None
        if template and environment is not None:
            stacks[template] = environment
            # its nested stacks: deployed by it, in its account and Region
            for nested in _nested(directory, artifacts, artifact):
                stacks.setdefault(nested, environment)
    return stacks


def _nested(directory: str, artifacts: dict[str, Any], stack: dict[str, Any]) -> list[str]:
    """The nested stack templates (``*.nested.template.json``) among the file assets of a stack's asset
    manifest (the ``cdk:asset-manifest`` artifact it depends on: ``files.<hash>.source.path``)."""
    found = []
    for name in stack.get("dependencies") or ():
        dependency = artifacts.get(name) if isinstance(name, str) else None
        if not isinstance(dependency, dict) or dependency.get("type") != ASSETS:
            continue
        properties = dependency.get("properties")
        file = properties.get("file") if isinstance(properties, dict) else None
        if not isinstance(file, str) or os.path.basename(file) != file:
            continue
        assets = _json(os.path.join(directory, file))
        files = assets.get("files") if isinstance(assets, dict) else None
        for asset in files.values() if isinstance(files, dict) else ():
            source = asset.get("source") if isinstance(asset, dict) else None
            path = source.get("path") if isinstance(source, dict) else None
            if isinstance(path, str) and os.path.basename(path) == path and path.endswith(NESTED_SUFFIX):
                found.append(path)
    return found


def _json(file: str) -> Any:
    """The values of a small JSON file of the assembly, or None."""
    try:
        if not os.path.isfile(file) or os.path.getsize(file) > _MAX_BYTES:
            return None
        return load_file(file, fmt="json").data
    except (OSError, LoadError):
        return None


def _template(artifact: Any) -> str | None:
    """The file name of a stack artifact's template in the assembly's directory."""
    if not isinstance(artifact, dict) or artifact.get("type") != STACK:
        return None
    properties = artifact.get("properties")
    template = properties.get("templateFile") if isinstance(properties, dict) else None
    if not isinstance(template, str) or os.path.basename(template) != template \
            or not template.endswith(TEMPLATE_SUFFIX):
        return None
    return template


def _environment(value: Any) -> tuple[str | None, str | None] | None:
    """(account, Region) of ``aws://ACCOUNT/REGION``, each None where unknown; None when neither is known."""
    if not isinstance(value, str) or not value.startswith(_SCHEME):
        return None
    account, _, region = value[len(_SCHEME):].partition("/")
    known = (account if is_account_id(account) else None, region if is_region_name(region) else None)
    return known if known != (None, None) else None
