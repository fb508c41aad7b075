"""Terraform ``.tf`` and ``.tf.json`` sources → model: a static view of what the configuration will create.

Each directory is a Terraform module (its .tf and .tf.json files, override files merged in);
local child modules (``source = "./x"``) are followed.
Values are evaluated only as far as the text allows (literals, variables with defaults or
tfvars, locals, ``count``/``for_each`` over known collections, a few functions); anything else is
UNKNOWN. Resources are then read by the same code as plans, so a trail written in .tf and the
same trail in a plan give equal model objects. Positions point at the .tf lines.

Inline suppressions: ``# trail-lint: ignore=TL302 reason`` (or ``ignore=TL302,TL303 reason``)
on a resource's (or a module call's) first line, on any line inside it, or on comment lines directly
above it; in a .tf.json file, a ``"//"`` comment property of the resource's object.
"""
from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trail_lint.model import UNREAD_SOURCE, At, Cause, InputKind, Origin, Path, Position, Problem, Suppression
from trail_lint.normalise import Contents, MalformedInput
from trail_lint.normalise.terraform import is_unit_file
from trail_lint.normalise.terraform.hcl_build import Root, Tree, build, child_dirs, dir_of
from trail_lint.normalise.terraform.hcl_dir import (
    ModuleDir,
    in_dir,
    load_dir,
    misspelt_blocks,
    repeated_blocks,
    tf_names,
)
from trail_lint.normalise.terraform.hcl_syntax import TF_SUFFIXES, TfFile, TfSyntaxError, parse_tf
from trail_lint.normalise.terraform.hcl_variables import Assignments
from trail_lint.records import record
from trail_lint.suppress import strip_instance_keys

if TYPE_CHECKING:
    from trail_lint.normalise.terraform.terragrunt import Unit

__all__ = ["KIND", "TfModule", "TfReading", "TfSyntaxError", "load_tf", "normalise_dir", "read_tree", "source_index"]

KIND = InputKind.TERRAFORM_HCL
TfModule = TfFile
_COMMENT = re.compile(r"^trail-lint:\s*ignore(?:\s*=\s*|\s+)(?P<rules>[\w-]+(?:\s*,\s*[\w-]+)*)(?P<reason>.*)$",
                      re.DOTALL)


def load_tf(path: str, text: str) -> TfModule:
    """One .tf file's blocks, attributes, comments and positions; TfSyntaxError when it does not parse."""
    return parse_tf(path, text)


@record(slots=False)
class TfReading:
    """What one run's .tf files give: the model, a locator per file read, the files that could not be
    read (TL001, each costing only itself), the variable files used and the files ``file()`` read
    (their real paths)."""

    contents: Contents
    locators: Mapping[str, Callable[[Path], Position]]
    errors: tuple[TfSyntaxError, ...] = ()
    variable_files: tuple[str, ...] = ()
    read_files: frozenset[str] = frozenset()
    # the download_dir folders units name (Terragrunt's copies): no file there is an input of its own
    download_dirs: tuple[str, ...] = ()


def normalise_dir(paths: Sequence[str]) -> tuple[Contents, Mapping[str, Callable[[Path], Position]]]:
    """The .tf files of one run → Contents, and a locator (model path → line) for every .tf file read."""
    reading = read_tree(paths)
    return reading.contents, reading.locators


def read_tree(paths: Sequence[str], assignments: Assignments = (), region: str | None = None,
              readable: Sequence[str] = ()) -> TfReading:
    """The .tf files of one run (with ``--var-file``/``--var`` assignments for the root modules, and
    the run's Region, --region): each root module read on its own (hcl_build.Tree), their contents
    joined. ``readable``: the directories being linted, whose files ``file()`` may read."""
    units, unit_errors = _units(paths, readable)
    trees = _trees(paths, assignments, with_instances=True, region=region, readable=readable, units=units)
    dirs = trees[0].dirs if trees else {}
    errors = tuple(error for directory in dirs.values()
                   for error in (*directory.errors, *misspelt_blocks(directory), *repeated_blocks(directory))) + \
        tuple(error for tree in trees if tree.variables for error in tree.variables.errors) + unit_errors
    variable_files = tuple(dict.fromkeys(f for tree in trees if tree.variables for f in tree.variables.files))
    unit_locators = {unit.path: _locator(_unit_marks(unit)) for unit in units}
    unread = tuple(_unread(unit, unit.unread) for unit in units if unit.unread is not None)
    read_files = frozenset(found for tree in trees for found in tree.read_files)
    caches = tuple(dict.fromkeys(unit.download_dir for unit in units if unit.download_dir is not None))
    if not any(tree.modules for tree in trees):
        return TfReading(Contents(KIND, unknowns=unread), unit_locators, errors, variable_files, read_files, caches)
    contents = _joined(_distinct_principals([_contents(tree) for tree in trees], [tree.root for tree in trees]))
    if unread:
        contents = dataclasses.replace(contents, unknowns=contents.unknowns + unread)
    locators = {tf.path: _locator(tf.marks) for directory in dirs.values() for tf in directory.files}
    locators.update(unit_locators)
    for directory in dirs.values():
        marks: dict[Path, Position] = {(item.kind, item.type, item.name): Position(item.line, 1)
                                       for item in directory.declared}
        for file in {item.file for item in directory.declared}:
            locators[file] = _locator(marks)
    return TfReading(contents, locators, errors, variable_files, read_files, caches)


def _contents(tree: Tree) -> Contents:
    """One root module's model: its references reach only its own resources (Origin.root)."""
    from trail_lint.normalise.terraform.resources import contents_of

    instances = list(tree.instances)
    problems = list(tree.problems)
    file = next((tf.path for module in tree.modules for tf in module.dir.files), "")
    contents = Contents(KIND)
    for _ in range(len(instances) + 1):
        try:
            contents = contents_of(instances, file=file, kind=KIND, config=tree.configuration(), root=tree.root)
            break
        except MalformedInput as error:
            # a wrong type (``enable_logging = [1]``): Terraform rejects that resource; read the others
            bad = [i for i in instances if error.at.path[:len(i.node.path)] == i.node.path]
            if not bad:
                raise TfSyntaxError(error.message, None, None, error.at.file) from None
            problems.append(Problem(f"{error.message} in {bad[0].address}", error.at, resource=bad[0].address))
            instances = [i for i in instances if i not in bad]
    files = {address: at.file for address, at in tree.places.items()}
    contents = _refile(contents, files, file)
    unknowns = tuple(found for p in _refile(tuple(problems), files, file) + contents.unknowns
                     for found in _with_cause(p, tree))
    return dataclasses.replace(contents, unknowns=unknowns, suppressions=tuple(dict.fromkeys(_suppressions(tree))),
                               refused_arguments=tuple(tree.refused))


def _distinct_principals(parts: list[Contents], roots: Sequence[str]) -> list[Contents]:
    """A user, group or role that another root module declares at the same address, whose ARN is not
    known, is named with its root module (``module.team.aws_iam_user.alice (envs/a)``), as are its
    groups there: they are other principals, and the access analysis tells principals by id."""
    seen: dict[str, set[int]] = {}
    for index, part in enumerate(parts):
        for principal in part.principals:
            if not principal.id.startswith("arn:"):
                seen.setdefault(principal.id, set()).add(index)
    shared = {found for found, indexes in seen.items() if len(indexes) > 1}
    if not shared:
        return parts

    def named(found: str, root: str) -> str:
        return f"{found} ({root})" if found in shared else found

    return [dataclasses.replace(part, principals=tuple(
        dataclasses.replace(principal, id=named(principal.id, root),
                            groups=tuple(named(group, root) for group in principal.groups))
        for principal in part.principals)) for part, root in zip(parts, roots)]


def _joined(parts: Sequence[Contents]) -> Contents:
    """The contents of the run's root modules as one input's (each holds only tuples of model objects)."""
    if len(parts) == 1:
        return parts[0]
    joined: dict[str, Any] = {item.name: tuple(dict.fromkeys(found for part in parts for found in getattr(part, item.name)))
              if item.name in ("suppressions", "refused_arguments") else tuple(found for part in parts for found in getattr(part, item.name))
              for item in dataclasses.fields(Contents) if isinstance(getattr(parts[0], item.name), tuple)}
    return dataclasses.replace(parts[0], **joined)


def _with_cause(problem: Problem, tree: Tree) -> tuple[Problem, ...]:
    """A reader's "X is not known" gets the cause the evaluation found for that argument, once per cause
    where it found several (two dynamic blocks of one name over unknown for_each); what a reader says
    an unknown argument leaves undecided is said in each cause's finding (engine)."""
    if problem.cause is not None or problem.undecided or len(problem.at.path) < 3:
        return (problem,)
    causes = tree.causes.get((problem.resource, str(problem.at.path[3]))) if len(problem.at.path) > 3 else None
    causes = causes or tree.causes.get((problem.resource, "*"))
    return tuple(dataclasses.replace(problem, cause=cause) for cause in causes) if causes else (problem,)


def source_index(paths: Sequence[str]) -> Mapping[str, At]:
    """Terraform address without instance keys (``module.logs.aws_cloudtrail.main``) → its block (in the
    first root module that has it)."""
    found: dict[str, At] = {}
    for tree in _trees(paths, with_instances=False):
        for address, at in tree.places.items():
            found.setdefault(address, at)
    return found


def _trees(paths: Sequence[str], assignments: Assignments = (), *, with_instances: bool,
           region: str | None = None, readable: Sequence[str] = (), units: Sequence[Unit] = ()) -> list[Tree]:
    by_dir: dict[str, list[str]] = {}
    for path in dict.fromkeys(paths):
        if path.endswith(TF_SUFFIXES):
            by_dir.setdefault(dir_of(path), []).append(path)
        elif path.endswith((".tfvars", ".tfvars.json")):
            by_dir.setdefault(dir_of(path), [])      # a variable file is read with its module
    loaded: dict[str, ModuleDir] = {}
    for directory, files in sorted(by_dir.items()):
        # a module is every .tf file of its directory, also when only some were passed (pre-commit)
        names = {in_dir(directory, name) for name in tf_names(directory)}
        loaded[directory] = load_dir(directory, sorted(names | set(files)))
    deployed = [unit for unit in units if unit.source is not None]
    for unit in deployed:
        if unit.source is not None and unit.source not in loaded:
            loaded[unit.source] = load_dir(unit.source)
    reached = _reached(loaded)
    # a module a terragrunt unit deploys is read as the unit's, with its inputs, not on its own; so
    # are the .tf files of the unit's own directory, which Terragrunt copies beside the module
    reached.update(unit.source for unit in deployed if unit.source is not None)
    reached.update(unit.directory for unit in deployed if unit.directory in by_dir)
    # a module of this repository that a unit deploys by its Git URL, from the copy Terragrunt downloaded
    reached.update(os.path.normpath(unit.checked_out) for unit in deployed if unit.checked_out is not None)
    # what lies in a download_dir a unit names is Terragrunt's copies (discovery skips only .terragrunt-cache)
    caches = tuple(os.path.normpath(unit.download_dir) + os.sep for unit in units if unit.download_dir is not None)
    if caches:
        reached.update(d for d in by_dir if (os.path.normpath(d) + os.sep).startswith(caches))
    roots: list[ModuleDir | Root] = [loaded[d] for d in sorted(by_dir) if d not in reached]
    if not roots and by_dir and not deployed:
        roots = [loaded[min(by_dir)]]
    for unit in deployed:
        module = loaded[unit.source] if unit.source is not None else None
        if module is not None:
            roots.append(Root(_unit_module(unit, module, loaded), unit.directory, unit.inputs, unit.assignments))
    return build(roots, loaded, assignments, with_instances, region, readable)


def _unit_module(unit: Unit, module: ModuleDir, loaded: dict[str, ModuleDir]) -> ModuleDir:
    """The module as Terragrunt runs it for the unit: its files, the unit directory's own .tf files
    (copied beside them, one of the same name taking its place) and the provider blocks the unit
    generates (Terragrunt downloads the source into a scratch folder and copies the unit directory into
    it: the terraform block's include_in_copy, https://terragrunt.gruntwork.io/docs/reference/hcl/blocks/#terraform)."""
    own = loaded.get(unit.directory)
    if own is None and tf_names(unit.directory):
        own = loaded[unit.directory] = load_dir(unit.directory)
    if own is not None and own.path == module.path:
        own = None
    if own is None and not unit.generated and not unit.cached:
        return module
    copied = own.files if own is not None else []
    names = {os.path.basename(tf.path) for tf in copied}
    if unit.cached:
        # a copy Terragrunt downloaded holds the unit's files and those it generated: read from the unit
        from trail_lint.normalise.terraform.terragrunt_cache import generated_by_terragrunt

        names.update(os.path.basename(tf.path) for tf in module.files if generated_by_terragrunt(tf))
    return ModuleDir(module.path, [*(tf for tf in module.files if os.path.basename(tf.path) not in names), *copied,
                                   *unit.generated],
                     [*module.errors, *(own.errors if own is not None else ())],
                     [*module.declared, *(own.declared if own is not None else ())])


def _units(paths: Sequence[str], readable: Sequence[str]) -> tuple[list[Unit], tuple[TfSyntaxError, ...]]:
    """The terragrunt units among the run's files, and the unit files that could not be read (TL001).
    ``readable``: the directories being linted (``file()`` reads there)."""
    found = sorted(dict.fromkeys(p for p in paths if is_unit_file(p)))
    if not found:
        return [], ()
    from trail_lint.normalise.terraform.terragrunt import read_unit  # only for a run that has units

    units: list[Unit] = []
    errors: list[TfSyntaxError] = []
    for path in found:
        try:
            unit = read_unit(path, readable)
        except TfSyntaxError as error:
            errors.append(error)
            continue
        if unit is not None:
            units.append(unit)
            if unit.include_error is not None:
                errors.append(unit.include_error)
    # a unit file in a download_dir is Terragrunt's copy of a unit's own (discovery skips only .terragrunt-cache)
    caches = tuple(os.path.normpath(unit.download_dir) + os.sep for unit in units if unit.download_dir is not None)
    if caches:
        units = [unit for unit in units if not os.path.normpath(unit.path).startswith(caches)]
    return units, tuple(errors)


def _unit_marks(unit: Unit) -> dict[Path, Position]:
    """Where a unit file's top-level attributes and blocks are, and those of the provider blocks it generates."""
    marks: dict[Path, Position] = {}
    for tf in (*((unit.file,) if unit.file is not None else ()), *unit.generated):
        marks.update({(name,): attribute.position for name, attribute in tf.body.attributes.items()})
        marks.update(tf.marks)
    return marks


def _unread(unit: Unit, cause: Cause) -> Problem:
    """A unit whose module is not read: what it deploys is not checked, and TL002 says so once."""
    return Problem(f"what terragrunt unit {unit.directory} deploys is not known", cause.at or At(unit.path, ()),
                   resource=unit.directory, subject=UNREAD_SOURCE, cause=cause)


def _reached(loaded: dict[str, ModuleDir]) -> set[str]:
    """Directories that another passed directory calls as a module: they are read as that module."""
    reached: set[str] = set()
    for start in list(loaded):
        pending, seen = [start], {start}
        while pending:
            directory = pending.pop()
            if directory not in loaded:
                loaded[directory] = load_dir(directory)
            for child in child_dirs(loaded[directory]):
                if child not in seen:
                    seen.add(child)
                    reached.add(child)
                    pending.append(child)
    return reached


def _locator(marks: Mapping[Path, Position]) -> Callable[[Path], Position]:
    def locate(path: Path) -> Position:
        path = tuple(path)
        while path and path not in marks:
            path = path[:-1]
        return marks.get(path, Position(1, 1))
    return locate


def _refile(value: Any, files: Mapping[str, str], placeholder: str) -> Any:
    """Point origins that carry the shared readers' placeholder file at the .tf file that declares
    their resource; an origin that already names its own .tf file keeps it (root modules of one
    run may declare the same address)."""
    if isinstance(value, Origin):
        file = files.get(strip_instance_keys(value.resource))
        return dataclasses.replace(value, file=file) if file and value.file == placeholder != file else value
    if isinstance(value, Problem):
        file = files.get(strip_instance_keys(value.resource))
        return dataclasses.replace(value, at=At(file, value.at.path)) \
            if file and value.at.file == placeholder != file else value
    if isinstance(value, tuple):
        items = tuple(_refile(item, files, placeholder) for item in value)
        return items if any(a is not b for a, b in zip(items, value)) else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for item in dataclasses.fields(value):
            old = getattr(value, item.name)
            new = _refile(old, files, placeholder)
            if new is not old:
                changes[item.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _suppressions(tree: Tree) -> Iterator[Suppression]:
    for module in tree.modules:
        for tf in module.dir.files:
            yield from _file_suppressions(tf, module.config_path)


def _file_suppressions(tf: TfFile, module: str) -> Iterator[Suppression]:
    # a module call owns its own, for what the call passes (TL223, TL211: RefusedArgument, at the call's address)
    blocks = [b for b in tf.body.blocks if b.type in ("resource", "data") and len(b.labels) == 2
              or b.type == "module" and len(b.labels) == 1]
    for line, comment in tf.comments:
        match = _COMMENT.match(comment)
        if match is None:
            continue
        owner = next((b for b in blocks if b.position.line <= line <= b.end_line), None)
        if owner is None and tf.comment_only(line):
            below = line + 1
            while below <= len(tf.lines) and tf.comment_only(below):
                below += 1
            owner = next((b for b in blocks if b.position.line == below), None)
        if owner is None:
            at, resource = At(tf.path, ()), ""
        else:
            local = ".".join(owner.labels) if owner.type == "resource" else f"{owner.type}." + ".".join(owner.labels)
            at, resource = At(tf.path, (owner.type, *owner.labels)), f"{module}.{local}" if module else local
        reason = match.group("reason").strip()
        for rule in match.group("rules").split(","):
            yield Suppression(rule=rule.strip(), reason=reason, at=at, resource=resource, line=line)
