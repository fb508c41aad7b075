"""The engine: files → Documents → model → rules → Findings, with positions, severities and suppressions."""
from __future__ import annotations

import datetime
import functools
import importlib
import os
import time
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from trail_lint.config import Config
from trail_lint.finding import Finding, sorted_findings
from trail_lint.fingerprint import fingerprint
from trail_lint.iam.access import AccessReport, analyse, resolved_by
from trail_lint.iam.conditions import grammar_spelling, spelt_otherwise, unknown_operator
from trail_lint.iam.evaluator import (
    lacks_resource,
    names_principal,
    operator_in_another_case,
    rejected,
    repeated_sid,
    sid_outside_alphabet,
    version_rejected,
    without_principal,
    without_resource,
)
from trail_lint.iam.resolve import Resolved
from trail_lint.iam.scp_levels import rcp_refused
from trail_lint.iam.sizes import (
    INLINE_POLICIES_QUOTA,
    MANAGED_POLICY_QUOTA,
    ORGANIZATIONS_POLICY_QUOTA,
    TRUST_POLICY_QUOTA,
    TRUST_POLICY_QUOTA_MOST,
    oversized,
    trust_size_undecided,
)
from trail_lint.inventory import Defaults, build
from trail_lint.model import (
    INPUT_VALUE_SUBJECT,
    SAID_BY_SUBJECT,
    UNKNOWN_VALUE_SUBJECT,
    UNSET_VALUE_SUBJECT,
    Assumption,
    At,
    InputKind,
    Inventory,
    Path,
    Policy,
    Position,
    PrincipalKind,
    Problem,
    Statement,
    Trail,
    statement_of,
    subject_of,
    trust_policy,
)
from trail_lint.normalise import Contents, ControlPolicyFile, MalformedInput, PassedParameters, Supplied
from trail_lint.normalise.cdk_assembly import NESTED_SUFFIX, environments
from trail_lint.normalise.terraform import is_unit_file
from trail_lint.normalise.unread import why_unread
from trail_lint.records import record, replace
from trail_lint.registry import all_rules, rule_by_id
from trail_lint.rule import Internal, Rule
from trail_lint.scope.home import shadow_placed
from trail_lint.severity import Severity
from trail_lint.snapshot import Place
from trail_lint.snapshot import places as snapshot_places
from trail_lint.suppress import Suppressor, strip_instance_keys

# Tried in this order on every JSON/YAML document; the first whose detect() accepts it wins.
NORMALISERS = ("terraform.plan", "terraform.state", "cloudformation.template", "aws_json", "aws_iam", "aws_organizations",
               "snapshot_manifest", "terraform.tf_json", "cfct")
Locator = Callable[[tuple], Position]


class UsageError(Exception):
    """Bad command-line input (a path that does not exist): exit 2."""


@record(slots=False)
class RunResult:
    findings: tuple[Finding, ...]
    files: tuple[str, ...]                 # every file read
    skipped: tuple[str, ...]               # read, but of no kind trail-lint knows
    inventory: Inventory
    locate: Callable[[At], tuple[str, int, int]] = field(repr=False)
    # places many at once, so that ``locate`` then only looks them up (one pass over each JSON text)
    locate_together: Callable[[Iterable[At]], None] = field(default=lambda ats: None, repr=False)
    access: AccessReport | None = field(default=None, repr=False)   # when a rule of the run needed it
    variable_files: tuple[str, ...] = ()   # Terraform variable files read (tfvars, --var-file)
    empty: tuple[str, ...] = ()            # directories named under which no input of a known kind was found
    unread: tuple[tuple[str, str], ...] = ()   # skipped files that are AWS outputs trail-lint does not read, and why
    # files of a snapshot that every part of it split per account reads: no one account's (the manifest,
    # organization/), and the organization trail's own (trails/<name>/), which every member records with
    shared: tuple[str, ...] = ()
    now: float | None = None               # the time of the run: the one clock read (Analyses)

    @property
    def inputs(self) -> int:
        """Inputs linted: the files read that are of a kind trail-lint knows (or could not be read)."""
        return len(self.files) - len(self.skipped)


@dataclass
class _Reading:
    """What reading the files produced, before any rule ran."""

    contents: list[tuple[str, Contents]] = field(default_factory=list)
    locators: dict[str, Locator] = field(default_factory=dict)
    # many paths of one file at once (loaded documents: one ordered pass over a JSON text)
    batches: dict[str, Callable[[Iterable[Path]], Mapping[Path, Position]]] = field(default_factory=dict)
    failures: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unread: list[tuple[str, str]] = field(default_factory=list)   # skipped files an AWS output we do not read, why
    source_index: Mapping[str, At] = field(default_factory=dict)
    variable_files: list[str] = field(default_factory=list)
    places: Mapping[str, Place] = field(default_factory=dict)     # of the files inside a snapshot
    # files read that the run did not name (nested templates, the Terraform that reads a policy file)
    added: list[str] = field(default_factory=list)


def run(paths: Sequence[str], config: Config, rules: Sequence[Rule], *, source_dirs: Sequence[str] = (),
        baseline: frozenset[str] = frozenset(), today: datetime.date | None = None,
        raise_errors: bool = False, given: Mapping[str, bytes] | None = None, now: float | None = None) -> RunResult:
    """Lint ``paths``; a path in ``given`` is not read from disk but has that content (standard input).
    ``now`` (seconds since the epoch) and ``today``: the time of the run, read from the clock once where not given."""
    now = time.time() if now is None else now
    today = today or datetime.date.fromtimestamp(now)
    given = given or {}
    per_argument = _discover_each(paths, config.exclude, given)
    files = sorted({f for found in per_argument.values() for f in found})
    enabled = {r.id: r for r in rules if config.enabled(r)}
    listed = set(files).difference(os.path.normpath(argument) for argument in per_argument)
    linted = tuple(argument for argument in per_argument if argument not in given and os.path.isdir(argument))
    reading = _read(files, config, source_dirs, enabled, raise_errors, given, listed, linted)
    files = [*files, *reading.added]
    inventory = build([c for _, c in reading.contents],
                      Defaults(region=config.region, account=config.account, regions=config.regions,
                               accounts=config.accounts,
                               management_account=config.management_account))
    locate, places = _locator(reading)
    analyses = Analyses(inventory, now)
    found = _said_by_findings(list(_check(enabled.values(), analyses, config, reading, raise_errors)))
    if "TL002" in enabled:
        from trail_lint.unknowns import by_cause

        unknowns = list(inventory.unknowns)
        if analyses.access is not None:
            # Policies the access analysis could not resolve (unknown managed policy ARNs, groups
            # not in the inputs): its decisions are `unknown`, and the reason is said here.
            said, blocked, found = _access_undecided(analyses.access.unknown, enabled.values(), config, found)
            unknowns.extend(said)
            found.extend(blocked)
        found, unknowns, blocks = _blocked_by_causes(found, unknowns)
        problems = _unique(found)
        problems.extend((enabled["TL002"], p) for p in by_cause(unknowns, blocks))
        problems.extend((enabled["TL002"], p) for p in _trust_size_undecided(inventory))
    else:
        problems = _unique(found)
    if "TL001" in enabled:
        problems.extend((enabled["TL001"], p) for p in _invalid_statements(inventory))
    notes = _assumption_notes(inventory)
    _locate_together(reading, places, [_source_at(p, reading.source_index) or p.at for _, p in problems])
    findings = _findings(problems, config, locate, reading.source_index, notes, shadow_placed(inventory))
    findings.extend(replace(f, severity=config.severity_of(rule_by_id(f.rule))) for f in reading.failures)
    suppressions = [s for _, c in reading.contents for s in c.suppressions]
    # Every rule there is (built-in, and the user rules of this run) to tell a misspelt ignore (TL003);
    # without TL003 no rule module need be imported that the run does not use.
    suppressor = Suppressor(suppressions, config, baseline, today, enabled, locate,
                            files, (*all_rules(), *rules) if "TL003" in enabled else ())
    findings = suppressor.apply(findings)
    findings = [f for f in findings if f.rule in enabled]
    skipped = set(reading.skipped)
    empty = tuple(argument for argument, found in per_argument.items()
                  if os.path.isdir(argument) and all(f in skipped for f in found))
    # Two root modules that call one module make a trail each, read at one place: where nothing tells
    # their findings apart (message, place, resource, account, Region), the fix is one, and so is the line.
    return RunResult(tuple(sorted_findings(findings, distinct=True)), tuple(files), tuple(reading.skipped),
                     inventory, locate, functools.partial(_locate_together, reading, places), analyses.access,
                     tuple(reading.variable_files), empty, tuple(reading.unread),
                     _shared(reading.places, inventory), now)


def _read(files: Sequence[str], config: Config, source_dirs: Sequence[str], enabled: Mapping[str, Rule],
          raise_errors: bool, given: Mapping[str, bytes], listed: Container[str] = frozenset(),
          linted: Sequence[str] = ()) -> _Reading:
    """``listed``: the files found as regular files in a directory's listing (not named on the command line);
    ``linted``: the directories named on the command line."""
    from trail_lint.load import Limits, LoadError, load_bytes, load_file, without_text

    reading = _Reading()
    supplied = Supplied(region=config.region, account=config.account, parameters=config.parameters)
    limits = Limits(max_bytes=config.max_file_size, max_depth=config.max_depth,
                    max_yaml_nodes=config.max_yaml_nodes)
    tf_files = [f for f in files if _terraform_source(f)]
    places = reading.places = snapshot_places(files)
    # What a file's place in a snapshot says: one per directory, by the identity of its Place (the
    # files of a directory share one; hashing a Place hashes its six fields, three times a file).
    in_place: dict[int, Supplied] = {}
    # config `accounts` names the account of one template or file that does not say it (as --account
    # would for it alone): its ${AWS::AccountId} is that account also where the template defines no trail
    mapped = {os.path.normpath(name): account for name, account in config.accounts.items()}
    # a CDK stack's template: the account and Region its cloud assembly's manifest gives the stack
    synthesised = environments(files)
    # a CDK nested stack's template is read after its parent, and a CfCT package's templates and
    # policies after its manifest, with what the parent or manifest says of them (Contents.nested,
    # Contents.control_policies); one the run does not name is read where they say it is
    queue = deque(sorted(files, key=_reading_order))
    named = {os.path.normpath(file): file for file in files}
    if not places:      # (a snapshot holds AWS outputs, no configuration package)
        from trail_lint.normalise.cfct import manifests_above

        for manifest in manifests_above([f for f in files if not _terraform_source(f)]):
            _read_also(manifest, named, reading, queue)
            queue.rotate(1)     # read first
    passed: dict[str, PassedParameters] = {}
    deployed: dict[str, ControlPolicyFile] = {}
    while queue:
        file = queue.popleft()
        if _terraform_source(file):
            continue
        try:
            doc = load_bytes(given[file], file, limits) if file in given \
                else load_file(file, limits, listed=file in listed)
        except LoadError as error:
            if _another_tools_file(file, given.get(file), limits):
                reading.skipped.append(file)
                continue
            position = error.position or Position(1, 1)
            reading.failures.append(_internal("TL001", error.message, file, position, enabled))
            continue
        # Positions need only the text (read again for JSON, whose text the reader does not get) or the
        # YAML marks: the values are freed once normalised.
        doc, located = (doc, doc.without_data()) if file in given else without_text(doc, limits)
        reading.locators[file], reading.batches[file] = located.position, located.positions
        place = places.get(file)
        placed = supplied
        if mapped and os.path.normpath(file) in mapped:     # (a snapshot's thousands of files: no config names them)
            placed = replace(supplied, account=mapped[os.path.normpath(file)])
        elif file in synthesised:
            account, region = synthesised[file]
            placed = replace(supplied, account=account or supplied.account, region=region or supplied.region,
                             stated=(account, region))
        elif place is not None:
            placed = in_place.get(id(place)) or in_place.setdefault(
                id(place), Supplied(supplied.region, supplied.account, supplied.parameters, place,
                                         supplied.documents))
        given_by_parent = passed.get(os.path.normpath(file))
        if given_by_parent is not None:
            placed = replace(placed, parameters={**placed.parameters, **dict(given_by_parent.values)},
                             passed=dict(given_by_parent.causes), resting=dict(given_by_parent.resting))
        if os.path.normpath(file) in deployed:
            placed = replace(placed, control=deployed[os.path.normpath(file)])
        try:
            contents = _normalise(doc, placed)
        except MalformedInput as error:
            reading.failures.append(_internal("TL001", error.message, file, doc.position(error.at.path), enabled))
            continue
        except Exception as error:  # a reader bug must not hide the other files
            if raise_errors:
                raise
            reading.failures.append(_internal(
                "TL000", f"internal error while reading this file: {type(error).__name__}: {error}",
                file, Position(1, 1), enabled))
            continue
        if contents is None:
            reading.skipped.append(file)
            reason = why_unread(doc)
            if reason is not None:
                reading.unread.append((file, reason))
        else:
            reading.contents.append((file, contents))
            for nested in contents.nested:
                key = os.path.normpath(nested.file)
                first = passed.setdefault(key, nested)
                if first is not nested:
                    if (first.values, first.causes) != (nested.values, nested.causes):
                        reading.failures.append(_other_values(first, nested, doc, enabled))
                    continue
                if key in named and _read_before(reading, key):
                    queue.append(named[key])        # read again, with what its parent passes
                _read_also(nested.file, named, reading, queue)
                # a nested stack is deployed by its parent, in its account and Region
                if file in synthesised:
                    synthesised.setdefault(named[key], synthesised[file])
            for control in contents.control_policies:
                deployed.setdefault(os.path.normpath(control.file), control)
                _read_also(control.file, named, reading, queue)
        del doc
    sources = [f for f in _discover(source_dirs) if f.endswith((".tf", ".tf.json"))] if source_dirs else []
    if tf_files or sources:
        _read_tf(tf_files, sources, reading, config, enabled, raise_errors, linted)
    if not places:
        _read_terraform_above(reading, tf_files, listed, config, enabled, raise_errors, linted)
    # The memo's keys are the texts of every document read (tens of MB in an organization's snapshot);
    # what is read later is a role's trust policy, which brings its own text as its key.
    supplied.documents.clear()
    return reading


# CfCT's manifest is read first, CDK nested templates last (after the templates that pass them values)
_MANIFESTS = ("manifest.yaml", "manifest.yml")


def _reading_order(file: str) -> int:
    return 0 if os.path.basename(file) in _MANIFESTS else 2 if file.endswith(NESTED_SUFFIX) else 1


def _read_before(reading: _Reading, key: str) -> bool:
    """Whether a template a parent nests was read before the parent, on its own (its parameters
    without the values the parent passes): that reading is dropped, for one with them."""
    kept = [(file, contents) for file, contents in reading.contents if os.path.normpath(file) != key]
    dropped = len(kept) != len(reading.contents)
    reading.contents = kept
    return dropped


def _other_values(first: PassedParameters, nested: PassedParameters, doc: Any, enabled: Mapping[str, Rule]) -> Finding:
    """TL002 where a second parent nests a template with other values than the one it is read with."""
    flags = " ".join(f"--parameter {name}={value}" for name, value in nested.values)
    unknown = "; ".join(cause for _, cause in nested.causes)
    at = nested.at or At(doc.file, ())
    return _internal("TL002", f"{nested.what} is not read with the values it passes its template {nested.file}, "
                     f"which is read with those of {first.what} of {first.at.file if first.at else first.file}: "
                     f"lint {nested.file} on its own{' with ' + flags if flags else ''}"
                     f"{' (' + unknown + ')' if unknown else ''}", at.file, doc.position(at.path), enabled)


def _read_also(file: str, named: dict[str, str], reading: _Reading, queue: deque[str]) -> None:
    """A file another input says what it is, read also when the run does not name it (if it exists)."""
    key = os.path.normpath(file)
    if key not in named and os.path.isfile(file):
        named[key] = file
        reading.added.append(file)
        queue.append(file)


def _shared(places: Mapping[str, Place], inventory: Inventory) -> tuple[str, ...]:
    """The files every part of a snapshot split per account or OU reads (`trail-lint merge` counts
    them once): those of no one account, and those of an organization trail (its selectors and status,
    which the parts of its member accounts read to know what it records)."""
    if not places:
        return ()
    organization = {t.arn for t in inventory.trails if t.organization is True and isinstance(t.arn, str)}
    return tuple(file for file, place in places.items()
                 if place.account is None or (place.trail is not None and place.trail_arn in organization))


# .tf and .tf.json sources, and variable files, which are read with the module of their directory;
# terragrunt units (terragrunt.hcl), read with the module they deploy
_TERRAFORM_SOURCES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")


def _terraform_source(path: str) -> bool:
    return path.endswith(_TERRAFORM_SOURCES) or is_unit_file(path)


def _normalise(doc: Any, supplied: Supplied | None = None) -> Contents | None:
    reader = _reader(doc)
    return None if reader is None else reader.normalise(doc, supplied or Supplied())


def _reader(doc: Any) -> ModuleType | None:
    """The normaliser whose input ``doc`` is, if any."""
    for name in NORMALISERS:
        found = _normaliser(name)
        if found is None:
            continue
        module, by_keys = found
        # a reader that tells its input by the root's keys alone is asked before any value is built
        if module.detect(doc.outline() if by_keys else doc.data):
            return module
    return None


def _another_tools_file(file: str, raw: bytes | None, limits: Any) -> bool:
    """Whether a file that does not parse is another tool's, holding no input of any reader: a Helm
    chart's template, JSON with comments (VS Code, dev container and tsconfig files) that no
    reader takes once the comments are left out, or several JSON values one after another (JSON
    Lines: CloudTrail events, log exports) none of which a reader takes. Such a file is skipped as
    any other file of no known kind is. An input written with comments, or several inputs written
    into one file (two describe-trails outputs appended), is not (AWS and its tools read one JSON
    value a file): its error is reported."""
    from trail_lint.discover import helm_template
    from trail_lint.load import load_commented, load_values

    if helm_template(file):
        return True
    doc = load_commented(file, raw, limits)
    if doc is not None:
        return _reader(doc) is None
    values = load_values(file, raw, limits)
    return values is not None and all(_reader(value) is None for value in values)


@functools.cache
def _normaliser(name: str) -> tuple[ModuleType, bool] | None:
    """The normaliser module ``name``, with whether it tells its input by the root's keys alone
    (``DETECTED_BY_KEYS``); None where it is not installed. Imported when a document first reaches
    it in NORMALISERS' order: a run of Terraform plans imports no CloudFormation reader."""
    try:
        module = importlib.import_module(f"trail_lint.normalise.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"trail_lint.normalise.{name}":
            raise
        return None
    return module, getattr(module, "DETECTED_BY_KEYS", False) is True


def _read_tf(tf_files: Sequence[str], sources: Sequence[str], reading: _Reading, config: Config,
             enabled: Mapping[str, Rule], raise_errors: bool, linted: Sequence[str] = ()) -> None:
    from trail_lint.normalise.terraform import hcl as terraform_hcl
    try:
        for files, of_plan in ((tf_files, False), (sources, True)):
            if not files:
                continue
            found = terraform_hcl.read_tree(files, config.terraform_assignments, config.region, readable=linted)
            # With --source-dir only the .tf suppressions matter: the plan itself is the model of these sources.
            reading.contents.append(("", Contents(InputKind.TERRAFORM_HCL_SOURCE, suppressions=found.contents.suppressions)
                                     if of_plan else found.contents))
            reading.locators.update(found.locators)
            reading.variable_files.extend(found.variable_files)
            if not of_plan:
                _read_by_terraform(reading, found.read_files)
                _downloaded_by_terragrunt(reading, found.download_dirs)
            for error in found.errors:
                reading.failures.append(_internal("TL001", error.message, error.file,
                                                  Position(error.line or 1, error.column or 1), enabled))
        if sources:
            reading.source_index = terraform_hcl.source_index(sources)
    except terraform_hcl.TfSyntaxError as error:
        reading.failures.append(_internal("TL001", error.message, error.file,
                                          Position(error.line or 1, error.column or 1), enabled))
    except Exception as error:
        if raise_errors:
            raise
        reading.failures.append(_internal(
            "TL000", f"internal error while reading Terraform files: {type(error).__name__}: {error}",
            tf_files[0] if tf_files else sources[0], Position(1, 1), enabled))


def _read_by_terraform(reading: _Reading, read_files: frozenset[str]) -> None:
    """A policy document that the Terraform sources read with ``file()`` is the policy they make of
    it (an ``aws_iam_policy``, or an ``aws_organizations_policy``'s SCP, which grants nothing): it is
    not also a bare document of its own, which would report it twice, or an SCP as a grant."""
    if not read_files:
        return
    reading.contents = [(file, contents) for file, contents in reading.contents
                        if not (_bare_document(contents) and os.path.realpath(file) in read_files)]


def _read_terraform_above(reading: _Reading, tf_files: Sequence[str], listed: Container[str], config: Config,
                          enabled: Mapping[str, Rule], raise_errors: bool, linted: Sequence[str]) -> None:
    """A policy document named on its own (pre-commit passes the files changed) that the Terraform of its
    folder or of one above it, up to the repository's root, reads with ``file()`` or ``templatefile()``
    is the policy that Terraform makes (an SCP's allow list grants nothing): that Terraform is read as
    if its folder were linted. One no Terraform there reads stays a document of its own."""
    alone = [file for file, contents in reading.contents if file not in listed and _bare_document(contents)]
    if not alone:       # (most runs: no Terraform reader is imported)
        return
    from trail_lint.normalise.terraform.hcl_dir import terraform_dirs_above, tf_names

    taken = {os.path.normpath(os.path.dirname(file) or ".") for file in tf_files}
    reads: dict[str, frozenset[str]] = {}      # the files each folder's Terraform reads
    for file in alone:
        for directory in terraform_dirs_above(file):
            if directory in taken:
                break       # read with the run's Terraform: _read_by_terraform has decided
            sources = [os.path.join(directory, name) if directory != "." else name for name in tf_names(directory)]
            if directory not in reads:
                from trail_lint.normalise.terraform import hcl as terraform_hcl

                try:
                    reads[directory] = terraform_hcl.read_tree(sources, config.terraform_assignments, config.region,
                                                               readable=linted).read_files
                except terraform_hcl.TfSyntaxError:
                    reads[directory] = frozenset()
                except Exception:   # a reader bug: the file stays a document of its own
                    if raise_errors:
                        raise
                    reads[directory] = frozenset()
            if os.path.realpath(file) in reads[directory]:
                # read again as the run's own (its findings, places and TL001s): once per folder
                _read_tf(sources, [], reading, config, enabled, raise_errors, linted)
                reading.added.extend(sources)
                taken.add(directory)
                break


def _downloaded_by_terragrunt(reading: _Reading, caches: Sequence[str]) -> None:
    """A file in a folder Terragrunt downloads modules into (a unit's ``download_dir``; discovery skips
    ``.terragrunt-cache`` by name) is a copy of another repository's, no input of the run."""
    if not caches:
        return
    folders = tuple(os.path.normpath(os.path.abspath(cache)) + os.sep for cache in caches)
    reading.contents = [(file, contents) for file, contents in reading.contents
                        if not os.path.abspath(file).startswith(folders)]


def _bare_document(contents: Contents) -> bool:
    """Whether an input is only a bare policy document (``aws_iam``: one anonymous principal)."""
    return contents.kind is InputKind.AWS_IAM and len(contents.principals) == 1 \
        and contents.principals[0].kind is PrincipalKind.DOCUMENT and not contents.policies


def _discover_each(paths: Sequence[str], exclude: Sequence[str],
                   given: Mapping[str, bytes]) -> dict[str, list[str]]:
    """{path argument: the files it adds}, named as findings name them."""
    from trail_lint.discover import discover_each, named_excluded

    per_argument, missing = discover_each([p for p in paths if p not in given], exclude=exclude)
    if missing:
        raise UsageError("; ".join(f"{path}: {problem}" for path, problem in missing))
    per_argument.update({name: [] if named_excluded(name, exclude) else [name] for name in given})
    # `trail-lint .` reports a.json, not ./a.json; `a/../b` is `b`, so a module reached both ways
    # (named in the arguments, and as the local source of a module call) is read once.
    return {argument: [os.path.normpath(f) for f in found] for argument, found in per_argument.items()}


def _discover(paths: Sequence[str]) -> list[str]:
    """The files under paths in one order whatever the argument order, so results never depend on it."""
    return sorted({f for found in _discover_each(paths, (), {}).values() for f in found})

class Analyses:
    """What rules share beyond the inventory, computed once per run when a rule first needs it."""

    def __init__(self, inventory: Inventory, now: float | None = None) -> None:
        self.inventory = inventory
        self.now = now      # the time of the run (analyse); None: no request at a time is tried
        self.access: AccessReport | None = None   # who can do what to which trail (the TL4xx rules)
        self.resolved: Resolved | None = None     # each principal's policies, resolved (TL402)

    def access_report(self) -> AccessReport:
        if self.access is None:
            self.access = analyse(self.inventory, self.now)
        return self.access

    def principals_resolved(self) -> Resolved:
        """The access analysis's, where it ran already (TL401 runs before TL402), else resolved here: a run of
        a rule that reads a policy with its holders' pays for the analysis only where another rule needs it."""
        if self.resolved is None:
            self.resolved = resolved_by(self.access) if self.access is not None else Resolved.of(self.inventory)
        return self.resolved


def check_inventory(rule: Rule, inventory: Inventory, options: Any = None, now: float | None = None) -> list[Problem]:
    """One rule's problems on an inventory built in code (tests, user-rule examples), without positions;
    ``now``: the time the access analysis makes requests at (analyse)."""
    return [problem for subject in _subjects(rule, Analyses(inventory, now)) for problem in rule.run(subject, options)]


def _check(rules: Iterable[Rule], analyses: Analyses, config: Config, reading: _Reading,
           raise_errors: bool) -> Iterable[tuple[Rule, Problem]]:
    for rule in rules:
        if rule.applies_to is Internal:
            continue
        options = rule.configure(config) if rule.configure else None
        for subject in _subjects(rule, analyses):
            try:
                for problem in rule.run(subject, options):
                    yield rule, problem
            except Exception as error:
                if raise_errors:
                    raise
                at = getattr(getattr(subject, "origin", None), "at", None) or At(_first_file(reading))
                yield rule_by_id("TL000"), Problem(
                    f"rule {rule.id} ({rule.name}) failed: {type(error).__name__}: {error}", at=at,
                    subject=f"crash:{rule.id}")


def _said_by_findings(found: list[tuple[Rule, Problem]]) -> list[tuple[Rule, Problem]]:
    """A check a rule cannot settle because of what another rule's finding at the same place
    reports (SAID_BY_SUBJECT: both kinds of event selectors, which the API refuses, TL205) is said
    by that finding alone: the rule's undecided problem is dropped where that finding is made."""
    if not any(problem.undecided and problem.subject.startswith(SAID_BY_SUBJECT) for _, problem in found):
        return found        # nothing to drop: the places of the others are not gathered
    said = {(rule.id, problem.at) for rule, problem in found if not problem.undecided}
    return [(rule, problem) for rule, problem in found
            if not (problem.undecided and problem.subject.startswith(SAID_BY_SUBJECT)
                    and (problem.subject[len(SAID_BY_SUBJECT):].partition(":")[0], problem.at) in said)]


def _unique(found: Iterable[tuple[Rule, Problem]]) -> list[tuple[Rule, Problem]]:
    """Checks the inputs cannot settle, as TL002: one finding per reason and place, naming every
    rule it blocked (a log bucket missing from the inputs blocks TL310, TL311 and TL312 alike), and
    once however many subjects share it (trails sharing a log group whose pattern cannot be read)."""
    kept: list[tuple[Rule, Problem]] = []
    blocked: dict[tuple[str, At], list[tuple[Rule, Problem]]] = {}
    for rule, problem in found:
        if not problem.undecided:
            kept.append((rule, problem))
            continue
        same = blocked.setdefault((problem.message, problem.at), [])
        if not same:
            kept.append((rule, problem))      # its place in the order; rewritten below
        if all(other.id != rule.id for other, _ in same):
            same.append((rule, problem))
    return [_undecided(blocked[(problem.message, problem.at)]) if problem.undecided else (rule, problem)
            for rule, problem in kept]


def _undecided(blocked: list[tuple[Rule, Problem]]) -> tuple[Rule, Problem]:
    """A check the inputs cannot settle is reported as TL002, naming the rules it blocked (a
    message that already starts with the rule's ID, as user rules write them, is kept)."""
    rule, problem = blocked[0]
    if len(blocked) == 1 and problem.message.startswith(f"{rule.id} "):
        return rule_by_id("TL002"), problem
    said = f"{_rule_names([rule for rule, _ in blocked])} cannot decide: "
    shared = problem.shared_cause and problem.shared_cause.shifted(len(said))
    # the subject is the open question, not the rules it blocks: a rule added, selected or ignored
    # keeps the finding's fingerprint (a baseline still holds it)
    return rule_by_id("TL002"), replace(problem, message=said + problem.message, shared_cause=shared,
                                        subject=f"undecided:{subject_of(problem)}")


def _blocked_by_causes(found: list[tuple[Rule, Problem]], unknowns: list[Problem]
                       ) -> tuple[list[tuple[Rule, Problem]], list[Problem], dict[At, str]]:
    """A check a rule cannot settle at a value a reader reports unknown with a cause (the trail's
    bucket named by a variable without a value) is said once, in the cause's TL002, which names the
    rules it blocked: the problems and unknowns left, and what the value blocked by its place
    (unknowns.by_cause). So is a check that needs only a value a reader reports unknown without a
    cause (``_said_without_cause``): in that reader's TL002. A check open only if a reader says its
    value may be unset (UNSET_VALUE_SUBJECT) is dropped where none does; one of what a user writes
    (INPUT_VALUE_SUBJECT) also where the reader's cause is a value computed at apply (Cause.computed)."""
    caused = {problem.at for problem in unknowns if problem.cause is not None}
    # a value of the user's own (a variable without a value), beside which a value computed at apply may be
    users = {problem.at for problem in unknowns if problem.cause is not None and not problem.cause.computed}
    plain = {problem.at for problem in unknowns if problem.cause is None}
    kept: list[tuple[Rule, Problem]] = []
    blocked: dict[At, list[Rule]] = {}
    for rule, problem in found:
        # (a user rule that words its own TL002, starting with its ID, keeps its words: _undecided)
        place = None if not problem.undecided or problem.message.startswith(f"{rule.id} ") \
            else problem.at if problem.at in caused else _said_without_cause(problem, plain) \
            or _within_caused(problem, caused)
        if place is not None and problem.subject.startswith(INPUT_VALUE_SUBJECT) and place in caused \
                and place not in users:
            continue
        if place is not None:
            rules = blocked.setdefault(place, [])
            if rule not in rules:
                rules.append(rule)
        elif not (problem.undecided and problem.subject.startswith((UNSET_VALUE_SUBJECT, INPUT_VALUE_SUBJECT))):
            kept.append((rule, problem))
    blocks = {at: f"{_rule_names(rules)} cannot decide" for at, rules in blocked.items()}
    # An unknown said without a cause at a value a reader reports with one (the access analysis on
    # an SCP whose target is a variable without a value) is what that cause leaves open: said there.
    consequences: dict[At, list[str]] = {}
    for problem in unknowns:
        if problem.cause is None and problem.at in caused:
            consequences.setdefault(problem.at, []).append(problem.message)
    for at, said in consequences.items():
        blocks[at] = "; ".join(dict.fromkeys([*([blocks[at]] if at in blocks else []), *said]))
    return kept, [p for p in unknowns if p.cause is not None or p.at not in consequences], blocks


def _said_without_cause(problem: Problem, plain: Container[At]) -> At | None:
    """Where a reader says without a cause (another stack's export, Properties included whole) that
    the value a rule's check needs (UNKNOWN_VALUE_SUBJECT) is not known: at the value or around it.
    The place alone of any other undecided problem may be a whole resource's, about another value."""
    if not problem.subject.startswith((UNKNOWN_VALUE_SUBJECT, UNSET_VALUE_SUBJECT, INPUT_VALUE_SUBJECT)):
        return None
    at = problem.at
    return next((around for end in range(len(at.path), -1, -1) if (around := At(at.file, at.path[:end])) in plain),
                None)


def _within_caused(problem: Problem, caused: Container[At]) -> At | None:
    """The resource (two keys deep at least) a reader reports unknown as a whole, with a cause, that
    holds the value a rule's check needs: a resource of a .tf file that does not parse, whose every
    value that cause leaves open, is said once in its TL002, which names the rules it blocks."""
    if not problem.subject.startswith((UNKNOWN_VALUE_SUBJECT, UNSET_VALUE_SUBJECT, INPUT_VALUE_SUBJECT)):
        return None
    at = problem.at
    return next((around for end in range(len(at.path) - 1, 1, -1) if (around := At(at.file, at.path[:end])) in caused),
                None)


def _access_undecided(unknowns: Iterable[Problem], rules: Iterable[Rule], config: Config,
                      found: list[tuple[Rule, Problem]]
                      ) -> tuple[list[Problem], list[tuple[Rule, Problem]], list[tuple[Rule, Problem]]]:
    """A policy or group the access analysis cannot resolve (``undecided``: a managed policy or group
    not in the inputs) leaves every rule that reads the analysis undecided for the principals holding
    it: its TL002 names them. One with a cause (an attachment whose ARN a variable without a value
    writes) is said in that cause's TL002, which names the attachment and, as the rules' own checks
    blocked there, those rules (_blocked_by_causes). What else the analysis says (an SCP whose reach
    is unknown) is kept as it is. A rule whose options ask nothing of this run (TL405 without access
    intents) is not named. A rule of another kind that cannot decide for the same reason, said in the
    same words at the same place (TL402 beside a statement that may not be there), is named with them
    (``found``, less those). The problems to say, the rules' blocked checks, and the rest of ``found``."""
    readers = [rule for rule in rules if rule.applies_to is AccessReport
               and (rule.configure is None or bool(rule.configure(config)))]
    if not readers:
        return list(unknowns), [], found
    open_ = {problem.at for problem in unknowns if problem.undecided and problem.cause is None}
    joining: dict[At, list[Rule]] = {}
    kept: list[tuple[Rule, Problem]] = []
    for rule, problem in found:
        if problem.undecided and problem.at in open_ and problem.cause is None and (
                problem.subject.startswith(UNKNOWN_VALUE_SUBJECT) or any(
                    problem.message == other.message and problem.at == other.at for other in unknowns)):
            joining.setdefault(problem.at, []).append(rule)
        else:
            kept.append((rule, problem))

    def said(problem: Problem) -> str:
        named = {rule.id: rule for rule in (*readers, *joining.get(problem.at, ())) if open_to(rule, problem)}
        return f"{_rule_names([named[key] for key in sorted(named)])} cannot decide: "
    return ([replace(problem, message=said(problem) + problem.message) if problem.undecided and problem.cause is None
             else problem for problem in unknowns],
            [(rule, problem) for problem in unknowns if problem.undecided and problem.cause is not None
             for rule in readers if open_to(rule, problem)], kept)


def open_to(rule: Rule, problem: Problem) -> bool:
    """Whether what the access analysis leaves open (``problem``) leaves the rule undecided: not a rule
    that reads only Resource and NotResource (TL404) of a statement whose are known, which decides it
    though the statement may not be there (one answer per statement)."""
    return not (rule.reads_resources and problem.resources_known)


def _rule_names(rules: Sequence[Rule]) -> str:
    """"TL310 (name) and TL311 (name)": the rules a check the inputs cannot settle blocks."""
    names = [f"{rule.id} ({rule.name})" for rule in rules]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"


# The statement's field that _identity_rejections names, where a finding points.
_FIELDS = {"sid": "sid", "Condition": "conditions"}


def _identity_rejections(policy: Policy) -> Iterator[tuple[int, Statement, str, str]]:
    """Why IAM rejects an identity-based policy or boundary beyond its grammar: the statement's
    index, the statement, what says so (``sid``: its Sid; ``Resource``: the statement, which lacks
    one) and the reason."""
    if not isinstance(policy.statements, tuple):
        return
    index = repeated_sid(policy)
    if index is not None:
        yield (index, policy.statements[index], "sid",
               "has the Sid of an earlier statement: IAM wants each Sid unique within a policy and rejects the policy")
    index = sid_outside_alphabet(policy)
    if index is not None:
        yield (index, policy.statements[index], "sid",
               "has a Sid with a character other than A-Z, a-z and 0-9: IAM allows no other in a Sid and rejects the policy")
    index = without_resource(policy)
    if index is not None:
        yield (index, policy.statements[index], "Resource",
               ("has neither Resource nor NotResource: IAM requires one of them in an identity-based policy "
                "and rejects the policy"))
    index = operator_in_another_case(policy)
    if index is not None:
        found = spelt_otherwise(policy.statements[index].conditions)
        assert found is not None
        yield (index, policy.statements[index], "Condition",
               (f"names condition operator {found.operator!r}, which the policy grammar spells "
                f"{grammar_spelling(found.operator)!r}: IAM reads operator names only as spelt and rejects the policy"))


def _unknown_operator(statement: Statement) -> tuple[str, str] | None:
    """A Condition operator the policy grammar does not have, whatever its case (``StringMatches``):
    the statement's field that says so and why, or None (iam.document_rejected reads such a policy
    as one IAM rejects)."""
    found = unknown_operator(statement.conditions)
    return None if found is None else ("conditions", f"names condition operator {found!r}: IAM has no such operator")


def _invalid_statements(inventory: Inventory) -> Iterable[Problem]:
    """IAM rejects a policy with a Version it does not accept (iam.version_rejected) or a statement
    outside its grammar (iam.rejected: an Effect not exactly Allow or Deny, no Action or NotAction,
    Action and NotAction, Resource and NotResource), and an identity-based policy or boundary with
    one Sid twice (iam.repeated_sid), a Sid of other characters than A-Z, a-z and 0-9
    (iam.sid_outside_alphabet), a statement without Resource (iam.without_resource) or a condition
    operator in another case (iam.operator_in_another_case); and any policy with a condition
    operator the grammar does not have (iam.document_rejected). The rest of the file is still linted."""
    iam_policies = [*inventory.policies, *(p for principal in inventory.principals for p in principal.inline_policies),
                    *(principal.boundary for principal in inventory.principals if isinstance(principal.boundary, Policy))]
    # a role's trust policy is a resource's own policy, as a bucket's is
    trusts = [trust for principal in inventory.principals if (trust := trust_policy(principal)) is not None]
    owned = [*(r.policy for r in inventory.resource_policies), *trusts]
    policies = [*iam_policies, *owned, *(s.policy for s in inventory.scps), *(r.policy for r in inventory.rcps)]
    yield from _owned_rejections(owned, inventory)
    yield from _trust_rejections(trusts)
    yield from _oversized(inventory, trusts)
    seen: set[tuple[str, Path]] = set()
    repeats: set[tuple[str, Path, str]] = set()     # a policy both a principal's and in the inputs: said once
    for policy in iam_policies:
        if names_principal(policy):
            # a trust or resource policy read as a document of its own (or an identity policy IAM
            # rejects for its Principal, TL221): the identity-based policies' rules do not apply
            continue
        for index, statement, element, reason in _identity_rejections(policy):
            where = (statement.origin.file, statement.origin.path, element)
            if where not in repeats:
                repeats.add(where)
                yield Problem(f"{statement_of(policy, index, statement)} {reason}",
                              at=statement.origin.at if element == "Resource" else statement.origin.of(_FIELDS[element]),
                              resource=policy.name, subject=f"{element}:{policy.name}:{index}")
    for policy in policies:
        why = version_rejected(policy)
        key = (policy.origin.file, policy.origin.path)
        if why is not None and key not in seen:
            seen.add(key)
            yield Problem(f"policy {policy.name} {why} and rejects the policy", at=policy.origin.of("Version"),
                          resource=policy.name, subject=f"Version:{policy.name}")
        if not isinstance(policy.statements, tuple):
            continue
        for index, statement in enumerate(policy.statements):
            found = rejected(statement) or _unknown_operator(statement)
            if found is not None and (key := (statement.origin.file, statement.origin.path)) not in seen:
                seen.add(key)
                element, why = found
                yield Problem(f"{statement_of(policy, index, statement)} {why} and rejects "
                              f"the policy", at=statement.origin.of(element), resource=policy.name,
                              subject=f"{element}:{policy.name}:{index}")


def _oversized(inventory: Inventory, trusts: Iterable[Policy]) -> Iterator[Problem]:
    """Policies holding more characters than IAM or AWS Organizations allows (iam.sizes): a managed
    policy, the inline policies of a user, group or role together, a role's trust policy (above the
    most its quota may be raised to), an SCP (an RCP is rcp_refused's). Each once."""
    said: set[tuple[str, Path]] = set()

    def once(policy: Policy, what: str, quota: int, service: str = "IAM") -> Iterator[Problem]:
        key = (policy.origin.file, policy.origin.path)
        if key not in said:
            said.add(key)
            yield Problem(f"{what} {policy.name} holds at least {policy.size or 0:,} characters other than white "
                          f"space: {service} allows {quota:,} and rejects the policy", at=policy.origin.at,
                          resource=policy.name, subject=f"size:{policy.name}")
    for policy in inventory.policies:
        if oversized(policy, MANAGED_POLICY_QUOTA):
            yield from once(policy, "managed policy", MANAGED_POLICY_QUOTA)
    for policy in trusts:
        if oversized(policy, TRUST_POLICY_QUOTA_MOST):
            yield from once(policy, "trust policy", TRUST_POLICY_QUOTA_MOST)
    for scp in inventory.scps:
        if oversized(scp.policy, ORGANIZATIONS_POLICY_QUOTA):
            yield from once(scp.policy, "SCP", ORGANIZATIONS_POLICY_QUOTA, "AWS Organizations")
    for principal in inventory.principals:
        quota = INLINE_POLICIES_QUOTA.get(principal.kind)
        # an inline policy is named once per principal: one read twice (a plan and its state) counts once
        inline = {policy.name: policy.size or 0 for policy in principal.inline_policies}
        total = sum(inline.values())
        if quota is not None and total > quota and len(inline) > 0:
            yield Problem(f"the inline policies of {principal.kind.value} {principal.id} hold at least {total:,} "
                          f"characters other than white space together: IAM allows {quota:,} and rejects the "
                          "policy that passes it", at=principal.origin.of("inline_policies"), resource=principal.id,
                          subject=f"inline-size:{principal.id}")


def _trust_size_undecided(inventory: Inventory) -> Iterator[Problem]:
    """A role's trust policy longer than the default quota, but no longer than it may be raised to:
    whether IAM accepts it is the account's quota, which no input holds (TL002)."""
    said: set[tuple[str, Path]] = set()
    for principal in inventory.principals:
        trust = trust_policy(principal)
        if trust is None or (trust.origin.file, trust.origin.path) in said:
            continue
        said.add((trust.origin.file, trust.origin.path))
        if trust_size_undecided(trust):
            yield Problem(f"trust policy {trust.name} holds at least {trust.size or 0:,} characters other than white "
                          f"space: IAM accepts it only if the account's role trust policy length quota was raised "
                          f"from {TRUST_POLICY_QUOTA:,} (up to {TRUST_POLICY_QUOTA_MOST:,}), which the inputs do not say",
                          at=trust.origin.at, resource=trust.name, subject=f"trust-size:{trust.name}", undecided=True)


def _trust_rejections(trusts: Iterable[Policy]) -> Iterator[Problem]:
    """A role's trust policy with a statement naming a resource (as iam.names_resource finds one), which
    IAM refuses: once per statement however many roles share the document. A statement that names no
    principal either is a permissions policy pasted as the trust policy, said once, by
    _owned_rejections."""
    said: set[tuple[str, Path]] = set()
    for policy in trusts:
        if not isinstance(policy.statements, tuple):
            continue
        index, statement = next(((index, statement) for index, statement in enumerate(policy.statements)
                                 if not lacks_resource(statement) and (statement.principals is not None
                                                                      or statement.not_principals is not None)),
                                (None, None))
        if index is None or statement is None:
            continue
        where = (statement.origin.file, statement.origin.path)
        if where not in said:
            said.add(where)
            element = "not_resources" if statement.not_resources is not None else "resources"
            yield Problem(f"{statement_of(policy, index, statement)} has "
                          f"{'NotResource' if element == 'not_resources' else 'Resource'}: a role's trust policy "
                          "applies to its own role and may name no resource, and IAM rejects the policy",
                          at=statement.origin.of(element), resource=policy.name,
                          subject=f"trust-Resource:{policy.name}:{index}")


def _owned_rejections(owned: Iterable[Policy], inventory: Inventory) -> Iterator[Problem]:
    """A resource's own policy (a bucket's, topic's or key's, a role's trust policy) with a statement
    that names no principal (iam.without_principal: a permissions policy pasted where a trust policy
    belongs), and an RCP AWS Organizations refuses (scp_levels.rcp_refused: an Allow, a Version other
    than 2012-10-17, a Principal other than "*" or none, NotPrincipal, NotAction, Action "*"); once per
    statement however many resources share the document."""
    said: set[tuple[str, Path]] = set()
    for policy in owned:
        index = without_principal(policy)
        if index is None or not isinstance(policy.statements, tuple):
            continue
        statement = policy.statements[index]
        where = (statement.origin.file, statement.origin.path)
        if where not in said:
            said.add(where)
            yield Problem(f"{statement_of(policy, index, statement)} has neither Principal nor "
                          "NotPrincipal: a resource's own policy (a bucket, topic or key policy, a role's trust "
                          "policy) requires one and the policy is rejected", at=statement.origin.at,
                          resource=policy.name, subject=f"Principal:{policy.name}:{index}")
    for rcp in inventory.rcps:
        policy, refused = rcp.policy, rcp_refused(rcp.policy)
        if refused is None or not isinstance(policy.statements, tuple):
            continue
        index, element, why = refused
        if element == "not_principals":
            continue                     # TL221 (principal-element-not-allowed) says it
        if index is None:
            yield Problem(f"RCP {policy.name} {why} and AWS Organizations rejects the policy",
                          at=policy.origin.of("Version") if element == "version" else policy.origin.at,
                          resource=policy.name, subject=f"rcp-{element or 'size'}:{policy.name}")
        else:
            statement = policy.statements[index]
            yield Problem(f"{statement_of(policy, index, statement, 'RCP')} {why} and AWS Organizations "
                          "rejects the policy", at=statement.origin.of(element) if element else statement.origin.at,
                          resource=policy.name, subject=f"rcp-{element or 'statement'}:{policy.name}:{index}")


def _subjects(rule: Rule, analyses: Analyses) -> Iterable[Any]:
    inventory = analyses.inventory
    if rule.applies_to is Inventory:
        return (inventory,)
    if rule.applies_to is AccessReport:
        return (analyses.access_report(),)
    if rule.applies_to is Resolved:
        return (analyses.principals_resolved(),)
    if rule.applies_to is Trail:
        return inventory.live_trails()
    by_type = {"Principal": inventory.principals, "Policy": inventory.policies, "Bucket": inventory.buckets,
               "MissingReference": inventory.missing_references}
    return by_type.get(rule.applies_to.__name__, ())


def _first_file(reading: _Reading) -> str:
    return reading.contents[0][0] if reading.contents else ""


# The places found so far, by an At's file and path: a tuple hashes and compares in C, an At (a
# record) in Python, and a run looks up each finding's place two or three times.
_Places = dict[tuple[str, Path], tuple[str, int, int]]


def _locator(reading: _Reading) -> tuple[Callable[[At], tuple[str, int, int]], _Places]:
    """Where a place is (file, line, column), and the places found so far."""
    # Many findings share a place (every rule about one principal points at it): look each up once.
    places: _Places = {}

    def locate(at: At) -> tuple[str, int, int]:
        key = (at.file, at.path)
        found = places.get(key)
        if found is None:
            locator = reading.locators.get(at.file)
            position = locator(at.path) if locator else Position(1, 1)
            found = places[key] = (at.file, position.line, position.column)
        return found
    return locate, places


def _locate_together(reading: _Reading, places: _Places, ats: Iterable[At]) -> None:
    """Find the places of a run's findings file by file, each file's in one ordered pass (a JSON
    text is then decoded at most once more, however many findings it holds)."""
    by_file: dict[str, set[Path]] = {}
    for at in ats:
        file, path = at.file, at.path
        if (file, path) not in places and file in reading.batches:
            by_file.setdefault(file, set()).add(path)
    for file, paths in by_file.items():
        for path, position in reading.batches[file](paths).items():
            places[(file, path)] = (file, position.line, position.column)


def _assumption_notes(inventory: Inventory) -> Mapping[At, Assumption]:
    return {assumption.at: assumption for assumption in inventory.assumptions}


def _note(problem: Problem, notes: Mapping[At, Assumption]) -> str:
    """A finding about a value settled by a parameter's Default says so (the value's path or an
    ancestor); a TL002 there also names the parameters without a value it rests on (Assumption.causes)."""
    path = problem.at.path
    for end in range(len(path), 0, -1):
        assumption = notes.get(At(problem.at.file, path[:end]))
        if assumption is not None:
            said = [*(assumption.causes if problem.undecided else ()), assumption.note]
            said = [part for part in said if part]
            return f" ({'; '.join(said)})" if said else ""
    return ""


def _findings(problems: Iterable[tuple[Rule, Problem]], config: Config, locate: Callable[[At], tuple[str, int, int]],
              source_index: Mapping[str, At], notes: Mapping[At, Assumption], shadows: frozenset[At] = frozenset()
              ) -> list[Finding]:
    """Each problem stamped with its rule, severity, place and fingerprint (a run can have tens of
    thousands: the severity of each rule is looked up once), and whether it is placed at a trail's
    shadow copy (``shadows``, inventory.shadow_placed)."""
    severities: dict[str, Severity] = {}
    shadow_paths: dict[str, list[Path]] = {}
    for place in shadows:
        shadow_paths.setdefault(place.file, []).append(place.path)
    findings = []
    for rule, problem in problems:
        severity = severities.get(rule.id)
        if severity is None:
            severity = severities[rule.id] = config.severity_of(rule)
        at = _source_at(problem, source_index) if source_index else None
        file, line, column = locate(at or problem.at)
        message = problem.message + _note(problem, notes) if notes else problem.message
        resource = problem.resource
        paths = shadow_paths.get(problem.at.file) if shadow_paths else None
        shadow = paths is not None and any(problem.at.path[:len(path)] == path for path in paths)
        # (the fields in order, suppressed None: keywords cost a record's __init__ a third more)
        findings.append(Finding(rule.id, rule.name, severity, message, file, line, column, resource, problem.account,
                                problem.region, fingerprint(rule.id, file, resource, subject_of(problem)),
                                None, shadow, problem.shared_cause))
    return findings


def _source_at(problem: Problem, source_index: Mapping[str, At]) -> At | None:
    """With --source-dir, a plan finding is reported at its resource's line in the .tf source."""
    if not source_index or not problem.resource:
        return None
    block = source_index.get(strip_instance_keys(problem.resource))
    if block is None:
        return None
    last = problem.at.path[-1] if problem.at.path else None
    return At(block.file, block.path + (last,)) if isinstance(last, str) else block


def _internal(rule_id: str, message: str, file: str, position: Position, enabled: Mapping[str, Rule]) -> Finding:
    rule = enabled.get(rule_id) or rule_by_id(rule_id)
    return Finding(rule=rule.id, name=rule.name, severity=rule.severity,
                   message=message, file=file, line=position.line, column=position.column,
                   fingerprint=fingerprint(rule.id, file, "", message))

