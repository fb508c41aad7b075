"""Normalisers: one per input format, each turning a loaded Document into model objects.

Each normaliser module offers ``detect(data) -> bool`` (by content, never by file name)
and ``normalise(doc, supplied) -> Contents``, where ``Supplied`` is what the user supplied
about where inputs are deployed (only the CloudFormation reader needs it). A module whose
``detect`` looks only at which keys the root object has says so (``DETECTED_BY_KEYS = True``):
the engine then asks it with the keys alone (``Document.outline``), before any value of a large
JSON file is built, and its ``normalise`` builds only the root members it reads (``Document.take``). A document of a
recognised kind that is malformed raises ``MalformedInput``; the engine reports it as TL001
and goes on with the other files.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import TYPE_CHECKING

from trail_lint.model import (
    Alarm,
    Assumption,
    At,
    Bucket,
    DelegatedAdministrator,
    InputKind,
    LogGroup,
    Manifest,
    MetricFilter,
    MissingReference,
    OrgNode,
    Policy,
    Principal,
    Problem,
    PublicAccessBlock,
    RefusedArgument,
    ResourceControlPolicy,
    ResourcePolicy,
    SelectorSet,
    ServiceControlPolicy,
    Snapshot,
    Suppression,
    Topic,
    Trail,
    TrailStatus,
    TrailTags,
)
from trail_lint.records import record

if TYPE_CHECKING:
    from trail_lint.snapshot import Place


@record
class Supplied:
    """What the user supplied about where inputs are deployed: ``--region``, ``--account`` and the
    CloudFormation parameter values of ``--parameter NAME=VALUE`` and config ``parameters``; and
    ``place``, what the file's place in a snapshot directory says of the output it holds (the
    account and Region it was taken in, the trail, parent or policy it is about); ``stated``, the
    account and Region another file of the input states for a template (a CDK cloud assembly's
    manifest, ``cdk_assembly``), which ``region`` and ``account`` then hold too."""

    region: str | None = None
    account: str | None = None
    parameters: Mapping[str, str] = field(default_factory=dict)
    place: Place | None = None
    # The policy documents the run has read, by their text (policy_json.parse_policy_once): one
    # dictionary shared by every file's Supplied of a run.
    documents: dict[tuple[str, bool], Policy] = field(default_factory=dict, compare=False, repr=False)
    stated: tuple[str | None, str | None] = (None, None)
    # a nested stack's template (PassedParameters): each parameter its parent passes a value that is
    # not known offline, and why
    passed: Mapping[str, str] = field(default_factory=dict)
    # ... and each of ``parameters`` the parent takes from its own parameters' Defaults, with those
    # Defaults (parameter -> Default): what rests on it says so, as on a Default of its own
    resting: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # a policy file that another input deploys as a service or resource control policy (cfct)
    control: ControlPolicyFile | None = None
    # a stack set's template (cloudformation.stack_sets): how messages name the stack instances its
    # trails are in, which are not the stack of the file that holds it
    instances: str = ""


@record
class ControlPolicyFile:
    """A policy document that another input deploys as a service or resource control policy (a CfCT
    manifest's ``deploy_method: scp``): it is that policy, attached where that input says."""

    file: str                                   # the policy file, as the run names the input that deploys it
    kind: str                                   # SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY
    at: At                                      # where that input deploys it


@record
class PassedParameters:
    """What a template's nested stack passes the nested template beside it (a CDK cloud assembly's
    ``*.nested.template.json``, or a local ``TemplateURL`` as ``aws cloudformation package`` takes
    it), which is read with these values: the values known offline, and why each other is not."""

    file: str                                   # the nested template, as the run names the parent
    values: tuple[tuple[str, str], ...]
    causes: tuple[tuple[str, str], ...]
    # the values the parent takes from its parameters' Defaults, with those Defaults (Supplied.resting)
    resting: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # where the parent nests it, and what it is there ("nested stack 'Audit'"): a second parent that
    # passes other values is told so there (the template is read with one set of values)
    at: At | None = None
    what: str = ""


class MalformedInput(Exception):
    """A recognised input whose shape is wrong, e.g. ``"Statement": 5``."""

    def __init__(self, message: str, at: At) -> None:
        super().__init__(message)
        self.message = message
        self.at = at


@record
class Contents:
    """What one input file holds, in model terms."""

    kind: InputKind
    trails: tuple[Trail, ...] = ()
    statuses: tuple[TrailStatus, ...] = ()
    selector_sets: tuple[SelectorSet, ...] = ()
    trail_tags: tuple[TrailTags, ...] = ()          # list-tags output, by trail ARN
    snapshots: tuple[Snapshot, ...] = ()
    principals: tuple[Principal, ...] = ()
    policies: tuple[Policy, ...] = ()               # managed policies defined in this input
    scps: tuple[ServiceControlPolicy, ...] = ()
    rcps: tuple[ResourceControlPolicy, ...] = ()     # resource control policies, never mixed with scps
    organization: tuple[OrgNode, ...] = ()
    buckets: tuple[Bucket, ...] = ()
    resource_policies: tuple[ResourcePolicy, ...] = ()
    topics: tuple[Topic, ...] = ()
    log_groups: tuple[LogGroup, ...] = ()
    metric_filters: tuple[MetricFilter, ...] = ()
    alarms: tuple[Alarm, ...] = ()
    account_blocks: tuple[PublicAccessBlock, ...] = ()
    unknowns: tuple[Problem, ...] = ()              # TL002: values that could not be resolved
    suppressions: tuple[Suppression, ...] = ()
    assumptions: tuple[Assumption, ...] = ()        # values settled by a parameter's Default
    missing_references: tuple[MissingReference, ...] = ()
    refused_arguments: tuple[RefusedArgument, ...] = ()   # of .tf module calls
    manifest: Manifest | None = None                # a snapshot's manifest.json
    delegated_administrators: tuple[DelegatedAdministrator, ...] = ()   # CloudTrail's, the input registers
    nested: tuple[PassedParameters, ...] = ()       # nested templates read with what this one passes them
    control_policies: tuple[ControlPolicyFile, ...] = ()   # policy files this input deploys as SCPs or RCPs
