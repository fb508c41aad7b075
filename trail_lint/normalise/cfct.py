"""Customizations for AWS Control Tower (CfCT): the ``manifest.yaml`` of its configuration package,
which says what each template and policy file of the package is.

A template (``resource_file``, or ``template_file`` in the 2020-01-01 version) is deployed as a stack
set with the parameters the manifest passes (``parameters``: ``parameter_key``/``parameter_value``
pairs, or the ``parameter_file`` of CloudFormation ``ParameterKey``/``ParameterValue`` pairs): it is
read with those values (``PassedParameters``, as a CDK nested stack's); a value CfCT resolves when it
deploys (``$[alfred_ssm_/path]``, ``$[output_Name]``, ``$[alfred_genkeypair]``...) is not known, with
that cause. A policy file deployed as a service or resource control policy (``deploy_method: scp`` or
``rcp``; ``organization_policies`` in 2020-01-01) is that policy, not an identity policy document
(an SCP grants nothing): where it applies, OUs and accounts named by name, is not known offline.
Files in S3 (``s3://``, ``https://``) are not read.
https://docs.aws.amazon.com/controltower/latest/userguide/cfcn-byo-customizations.html
https://docs.aws.amazon.com/controltower/latest/userguide/cfct-manifest-file-resources-section.html
"""
from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from typing import Any

from trail_lint.model import At, InputKind
from trail_lint.normalise import Contents, ControlPolicyFile, PassedParameters, Supplied

KIND = InputKind.CFCT_MANIFEST
_VERSIONS = ("2020-01-01", "2021-03-15")
_CONTROL = {"scp": "SERVICE_CONTROL_POLICY", "rcp": "RESOURCE_CONTROL_POLICY"}
# a parameter file is a few kilobytes; a larger file of that name is not read as one
_MAX_BYTES = 1024 * 1024


def detect(data: Any) -> bool:
    return isinstance(data, dict) and str(data.get("version")) in _VERSIONS and isinstance(data.get("region"), str) \
        and any(isinstance(data.get(key), list) for key in ("resources", "cloudformation_resources",
                                                             "organization_policies"))


def normalise(doc: Any, supplied: Supplied | None = None) -> Contents:
    data, file = doc.data, doc.file
    nested: list[PassedParameters] = []
    control: list[ControlPolicyFile] = []
    sections = (("resources", "resource_file"), ("cloudformation_resources", "template_file"),
                ("organization_policies", "policy_file"))
    for section, key in sections:
        items = data.get(section)
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if not isinstance(item, dict):
                continue
            path = _local(file, item.get(key))
            if path is None:
                continue
            at = At(file, (section, index, key))
            method = "scp" if section == "organization_policies" else item.get("deploy_method")
            if method in _CONTROL:
                control.append(ControlPolicyFile(path, _CONTROL[method], at))
            elif method in (None, "stack_set"):
                values, causes = _parameters(file, item)
                nested.append(PassedParameters(path, tuple(values.items()), tuple(causes.items())))
    return Contents(KIND, nested=tuple(nested), control_policies=tuple(control))


def _local(manifest: str, written: Any) -> str | None:
    """A file of the configuration package, as the run names the manifest (paths are relative to it)."""
    if not isinstance(written, str) or not written or "://" in written:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(manifest.replace(os.sep, "/")), written))


def _parameters(manifest: str, item: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Each value the manifest passes that is known, and why each other is not."""
    pairs: list[tuple[Any, Any]] = []
    written = item.get("parameters")
    if isinstance(written, list):
        pairs = [(p.get("parameter_key"), p.get("parameter_value")) for p in written if isinstance(p, dict)]
    else:
        path = _local(manifest, item.get("parameter_file"))
        listed = _json(path) if path is not None else None
        pairs = [(p.get("ParameterKey"), p.get("ParameterValue")) for p in listed or () if isinstance(p, dict)]
    values: dict[str, str] = {}
    causes: dict[str, str] = {}
    for key, value in pairs:
        if not isinstance(key, str):
            continue
        text = ",".join(map(_scalar, value)) if isinstance(value, list) else _scalar(value)
        if "$[" in text:
            causes[key] = (f"parameter {key} is {text!r} in the CfCT manifest {manifest}, which CfCT resolves when it "
                           "deploys")
        else:
            values[key] = text
    return values, causes


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _json(path: str) -> Any:
    """The values of a parameter file, or None."""
    from trail_lint.load import LoadError, load_file

    try:
        if not os.path.isfile(path) or os.path.getsize(path) > _MAX_BYTES:
            return None
        found = load_file(path, fmt="json").data
    except (OSError, LoadError):
        return None
    return found if isinstance(found, list) else None


MANIFEST = "manifest.yaml"
# how far above a template or policy file its package's manifest is looked for (templates/, policies/)
_LEVELS = 3


def manifests_above(files: Iterable[str]) -> list[str]:
    """The CfCT manifests of the packages the files lie in that the files do not include: a package's
    template or policy file is read with what its manifest says of it, also when only the file is
    named (pre-commit)."""
    named = {os.path.normpath(file) for file in files}
    checked: dict[str, bool] = {}
    found: list[str] = []
    for file in files:
        directory = os.path.dirname(file)
        for _ in range(_LEVELS):
            candidate = os.path.join(directory, MANIFEST)
            key = os.path.normpath(candidate)
            if key not in checked:
                checked[key] = key not in named and _is_manifest(candidate)
                if checked[key]:
                    found.append(candidate)
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
    return found


def _is_manifest(path: str) -> bool:
    from trail_lint.load import LoadError, load_file

    try:
        if not os.path.isfile(path) or os.path.getsize(path) > _MAX_BYTES:
            return False
        return detect(load_file(path).data)
    except (OSError, LoadError):
        return False
