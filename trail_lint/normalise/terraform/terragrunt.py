"""Terragrunt units: a ``terragrunt.hcl`` that deploys a Terraform module, read as that module run as
a root module whose variables are the unit's ``inputs``.

Terragrunt runs Terraform in a copy of the module named by ``terraform { source = ... }`` and passes
each entry of ``inputs`` as a ``TF_VAR_name`` environment variable: below every variable file in
Terraform's precedence (a ``terraform.tfvars`` of the module still wins). A unit's ``include`` blocks
merge their files' settings into it, shallowly by default (a key the unit sets replaces the included
one), deeply with ``merge_strategy = "deep"``, not at all with ``"no_merge"``.
https://terragrunt.gruntwork.io/docs/features/inputs/
https://terragrunt.gruntwork.io/docs/reference/hcl/blocks/#include
https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence

Read statically, as the rest of the .tf reader: literals, the unit's ``locals``, and the functions
whose answer the repository settles (``find_in_parent_folders``, ``get_terragrunt_dir``,
``path_relative_to_include``, …). A value Terragrunt learns when it runs (``get_env``, a
``dependency`` block's outputs, ``run_cmd``) is unknown, with its cause, never guessed. A unit whose
module is not in the repository (a Git or registry source) is read from the copy a Terragrunt run
downloaded into its ``.terragrunt-cache`` when that copy is of the version it names
(``terragrunt_cache``); otherwise it is not read, and TL002 says so.
The ``provider`` blocks a ``generate`` block writes are read with the module (its text evaluated
in the file that holds it: a Region from ``read_terragrunt_config("region.hcl")`` is known), so
that its trails have their Region.

A ``terragrunt.hcl`` without a source of its own or from its includes is a file other units
include (the repository's root configuration), not a unit.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from trail_lint.model import At, Cause
from trail_lint.normalise.terraform import UNIT_FILE
from trail_lint.normalise.terraform.hcl_eval import evaluate
from trail_lint.normalise.terraform.hcl_functions import Unresolved, file_reader, unknown
from trail_lint.normalise.terraform.hcl_syntax import Block, TfFile, TfSyntaxError, parse_tf, read_tf
from trail_lint.records import record, replace

_MAX_INCLUDES = 8
# what a source that is no local path starts with: Terraform's module source address kinds
# https://developer.hashicorp.com/terraform/language/modules/sources
_REMOTE = ("git::", "git@", "hg::", "s3::", "gcs::", "http://", "https://", "tfr:", "github.com/", "bitbucket.org/")


@dataclass
class Unit:
    """One terragrunt.hcl that deploys a module."""

    path: str                                   # the unit's terragrunt.hcl
    source: str | None = None                   # the local module directory it deploys
    cached: bool = False                        # source is the copy Terragrunt downloaded (terragrunt_cache)
    # the same module in this checkout, where the unit deploys it from this repository by a Git URL
    # (terragrunt_cache.checked_out): not read on its own beside the unit
    checked_out: str | None = None
    unread: Cause | None = None                 # why its module is not read (a remote or missing source)
    # the folder a Terragrunt run downloads its module into, where it is not its .terragrunt-cache
    # (discovery skips that name only): what lies there is Terragrunt's copies, no root module of its own
    download_dir: str | None = None
    inputs: dict[str, Any] = field(default_factory=dict)   # evaluated; an Unresolved where not known
    generated: list[TfFile] = field(default_factory=list)  # provider blocks a generate block writes
    file: TfFile | None = None                  # the unit's terragrunt.hcl, parsed
    include_error: TfSyntaxError | None = None  # a file it includes that does not parse (TL001)
    # variable files and values besides its module's own, as --var-file/--var give them (_assignments)
    assignments: tuple[tuple[str, str], ...] = ()

    @property
    def directory(self) -> str:
        """As hcl_build.dir_of names a module's directory (the run's own key for it)."""
        return os.path.normpath(os.path.dirname(self.path) or ".")


@dataclass
class _Settings:
    """What one file and its includes set, merged."""

    source: Any = None
    source_at: At | None = None
    download_dir: Any = None                    # the download_dir attribute, evaluated
    download_dir_at: At | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    # each generate block by label: the file that holds it, the block, and its contents evaluated there
    generate: dict[str, tuple[TfFile, Block, Any]] = field(default_factory=dict)
    # each extra_arguments block of the terraform block by label: its required_var_files,
    # optional_var_files and arguments, evaluated, and where the block is
    extra_arguments: dict[str, tuple[Any, Any, Any, At]] = field(default_factory=dict)
    own: TfFile | None = None                                # the file itself


def read_unit(path: str, readable: Sequence[str] = ()) -> Unit | None:
    """The unit a terragrunt.hcl defines; None for a file that only other units include. Raises
    TfSyntaxError when the file (or a file it includes) does not parse. ``readable``: the
    directories being linted, where ``file()`` may read besides the unit's own directory."""
    directory = os.path.dirname(path) or "."
    try:
        settings = _settings(path, _Run(directory, (directory, *readable)), 0)
    except _Unreadable as unreadable:
        # a unit or a file only included: which, its include does not say; a unit file is said unread
        return Unit(path, unread=unreadable.cause, file=read_tf(path), include_error=unreadable.error)
    if settings.source is None:
        return None
    unit = Unit(path, inputs=settings.inputs, file=settings.own)
    source = settings.source
    if isinstance(source, Unresolved):
        unit.unread = Cause(f"the module source of terragrunt unit {unit.directory} is not known: "
                            f"{source.cause.text}", settings.source_at)
    elif not isinstance(source, str):
        unit.unread = Cause(f"terragrunt unit {unit.directory} deploys a module from {source!r}, which is not "
                            "read offline", settings.source_at)
    elif source.startswith(_REMOTE) or "::" in source:
        _downloaded(unit, source, settings)
    else:
        local = _named_as(os.path.normpath(os.path.join(unit.directory, source.replace("//", "/"))), path)
        if os.path.isdir(local):
            unit.source = local
        else:
            unit.unread = Cause(f"the module directory {source!r} of terragrunt unit {unit.directory} does not "
                                "exist", settings.source_at)
    for tf, block, text in settings.generate.values():
        unit.generated.extend(_generated(tf, block, text))
    if unit.unread is None:
        unit.assignments, unit.unread = _assignments(unit, settings)
        if unit.unread is not None:
            unit.source = None      # what it deploys is not known: not read with values that may be others
    return unit


def _downloaded(unit: Unit, source: str, settings: _Settings) -> None:
    """A remote module is read from the copy Terragrunt downloaded into the unit's cache (its
    ``.terragrunt-cache``, or the ``download_dir`` it or the environment names), when it holds the
    version the unit names (terragrunt_cache); otherwise the unit is not read."""
    from trail_lint.normalise.terraform.terragrunt_cache import (
        CACHE_DIR,
        DOWNLOAD_ENV,
        cached_module,
        checked_out,
        download_dir,
        unread_copies,
    )

    at = settings.source_at
    local = checked_out(unit.directory, source)
    unit.checked_out = _named_as(local, unit.path) if local is not None else None
    written = settings.download_dir
    if isinstance(written, Unresolved) and not any(os.environ.get(name) for name in DOWNLOAD_ENV):
        unit.unread = Cause(f"terragrunt unit {unit.directory} deploys a module from {source!r}, which is not read "
                            f"offline, and the download_dir it would be downloaded to is not known: "
                            f"{written.cause.text}",
                            # where the unit's file says it (an included file's places are not marked)
                            settings.download_dir_at if settings.download_dir_at and
                            settings.download_dir_at.file == unit.path else at)
        return
    cache = download_dir(unit.directory, written if isinstance(written, str) else None)
    if os.path.basename(cache) != CACHE_DIR:
        unit.download_dir = _named_as(cache, unit.path)
    copy = cached_module(unit.directory, source, cache)
    if isinstance(copy, str):
        unit.source, unit.cached = _named_as(copy, unit.path), True
        return
    named = CACHE_DIR if os.path.basename(cache) == CACHE_DIR else cache
    why = f": {unread_copies(copy, source, named)}" if copy is not None else \
        f" (nor downloaded into {'its ' + CACHE_DIR if named == CACHE_DIR else named} by a Terragrunt run)"
    unit.unread = Cause(f"terragrunt unit {unit.directory} deploys a module from {source!r}, which is not "
                        f"read offline{why}", at)


def _assignments(unit: Unit, settings: _Settings) -> tuple[tuple[tuple[str, str], ...], Cause | None]:
    """The variable files and values Terraform reads for the unit besides its module's own, in the
    order they take precedence (the last wins), as hcl_variables.Assignments: the variable files of
    the unit's directory that Terraform loads by itself (Terragrunt copies them beside the module),
    then for each ``extra_arguments`` block its ``required_var_files``, the ``optional_var_files``
    that exist, and the ``-var``/``-var-file`` options of its ``arguments``. A file or option not
    known offline, or a required file that does not exist (Terragrunt stops), leaves the unit not
    known. https://terragrunt.gruntwork.io/docs/reference/hcl/blocks/#terraform"""
    from trail_lint.normalise.terraform.hcl_variables import tfvars_names

    found = [("file", os.path.join(unit.directory, name)) for name in tfvars_names(unit.directory)]
    for required, optional, arguments, at in settings.extra_arguments.values():
        for files, needed in ((required, True), (optional, False)):
            if files is None:
                continue
            listed = files if isinstance(files, list) else [files]
            for item in listed:
                if isinstance(item, Unresolved):
                    return (), Cause(f"a variable file of terragrunt unit {unit.directory} is not known: "
                                     f"{item.cause.text}", at)
                if not isinstance(item, str):
                    return (), Cause(f"a variable file of terragrunt unit {unit.directory} is not a path", at)
                full = _named_as(os.path.normpath(os.path.join(unit.directory, item)), unit.path)
                if os.path.isfile(full):
                    found.append(("file", full))
                elif needed:
                    return (), Cause(f"the required variable file {item!r} of terragrunt unit {unit.directory} "
                                     "does not exist", at)
        options = _options(arguments)
        if isinstance(options, Unresolved):
            return (), Cause(f"the arguments of terragrunt unit {unit.directory} are not known: "
                             f"{options.cause.text}", at)
        found += [(kind, _named_as(os.path.normpath(os.path.join(unit.directory, text)), unit.path)
                   if kind == "file" else text) for kind, text in options]
    return tuple(found), None


def _options(arguments: Any) -> list[tuple[str, str]] | Unresolved:
    """The ``-var NAME=VALUE`` and ``-var-file PATH`` options among Terraform arguments (each also
    written with ``=``); the others set no variable."""
    if arguments is None:
        return []
    if isinstance(arguments, Unresolved):
        return arguments
    listed = arguments if isinstance(arguments, list) else [arguments]
    found: list[tuple[str, str]] = []
    waiting: str | None = None
    for item in listed:
        if isinstance(item, Unresolved):
            return item
        text = str(item)
        if waiting is not None:
            found.append((waiting, text))
            waiting = None
        elif text in ("-var", "--var", "-var-file", "--var-file"):
            waiting = "file" if text.endswith("file") else "var"
        elif text.startswith(("-var-file=", "--var-file=")):
            found.append(("file", text.split("=", 1)[1]))
        elif text.startswith(("-var=", "--var=")):
            found.append(("var", text.split("=", 1)[1]))
    return found


def _named_as(found: str, given: str) -> str:
    """A path named as the run names the unit (``get_terragrunt_dir()`` and ``find_in_parent_folders()``
    give absolute paths)."""
    return os.path.relpath(found) if os.path.isabs(found) and not os.path.isabs(given) else found


@record
class _Run:
    """What every file read for one unit shares: the unit's directory (Terragrunt's functions answer
    for it, also in an included file) and the directories ``file()`` may read."""

    unit_dir: str
    readable: tuple[str, ...]


class _File:
    """One terragrunt file read for a unit: its ``locals`` (each evaluated once) and the values of
    its expressions."""

    def __init__(self, path: str, run: _Run, depth: int) -> None:
        self.path, self.run, self.depth = path, run, depth
        self.tf = read_tf(path)
        self.locals = {name: attribute for block in self.tf.body.blocks_of("locals")
                       for name, attribute in block.body.attributes.items()}
        self._values: dict[str, Any] = {}

    def value(self, attribute: Any, where: tuple[str, ...] = ()) -> Any:
        """An attribute's value (None when it is not written); ``where``: the place causes name."""
        if attribute is None:
            return None
        # file(): relative to this file, inside the unit's directory or the directories being linted
        return evaluate(attribute.expr, self.resolve, functions=_functions(self, At(self.path, where)),
                        files=file_reader(os.path.dirname(self.path) or ".", lambda: self.run.readable))

    def resolve(self, root: str, steps: list[Any]) -> tuple[Any, int]:
        """``local.x`` from the file's locals block; what a unit learns only when it runs, unknown."""
        first = steps[0] if steps else None
        if root == "local" and isinstance(first, str) and first in self.locals:
            if first not in self._values:
                self._values[first] = Unresolved(Cause(f"local.{first} refers to itself", At(self.path, ("locals",))),
                                                 error=True)
                self._values[first] = self.value(self.locals[first], ("locals",))
            return self._values[first], 1
        if root == "include" and isinstance(first, str):
            block = next((b for b in self.tf.body.blocks_of("include") if b.labels == (first,)), None)
            if block is not None:
                # an exposed include: the included file's locals and inputs, as read_terragrunt_config gives them
                return self.included(block), 1
        if root == "dependency" and isinstance(first, str):
            return Unresolved(Cause(f"the outputs of terragrunt dependency {first!r} are known once it is applied",
                                    At(self.path, ("dependency", first)))), len(steps)
        return Unresolved(Cause(f"{root}.{first} in {self.path} is not read by trail-lint", At(self.path, ())),
                          reported=True), len(steps)


    def included(self, block: Block) -> Any:
        key = f"include.{block.labels[0]}"
        if key not in self._values:
            self._values[key] = Unresolved(Cause(f"{key} refers to itself", At(self.path, ())), error=True)
            target = self.value(block.body.attributes.get("path"), ("include",))
            if not isinstance(target, str):
                self._values[key] = target if unknown(target) else \
                    Unresolved(Cause(f"the path of {key} is not a string", At(self.path, ())), error=True)
            elif self.depth >= _MAX_INCLUDES:
                self._values[key] = Unresolved(Cause(f"{key} is nested too deeply", At(self.path, ())), reported=True)
            else:
                self._values[key] = _config(_named_as(os.path.normpath(
                    os.path.join(os.path.dirname(self.path) or ".", target)), self.path), self.run, self.depth + 1)
        return self._values[key]


def _settings(path: str, run: _Run, depth: int) -> _Settings:
    file = _File(path, run, depth)
    tf = file.tf
    merged = _Settings()
    deep = False
    for block in tf.body.blocks_of("include"):
        included = _included(block, file)
        if included is not None:
            strategy = file.value(block.body.attributes.get("merge_strategy"))
            if strategy != "no_merge":
                deep = deep or strategy == "deep"
                _merge(merged, included, deep=strategy == "deep")
    own = _Settings()
    for block in tf.body.blocks_of("terraform"):
        given = block.body.attributes.get("source")
        if given is not None:
            own.source = file.value(given, ("terraform", "source"))
            own.source_at = At(path, ("terraform", "source"))
        for extra in block.body.blocks_of("extra_arguments"):
            where = ("terraform", "extra_arguments")
            own.extra_arguments[extra.labels[0] if extra.labels else ""] = (
                file.value(extra.body.attributes.get("required_var_files"), where),
                file.value(extra.body.attributes.get("optional_var_files"), where),
                file.value(extra.body.attributes.get("arguments"), where), At(path, where))
    given = tf.body.attributes.get("download_dir")
    if given is not None:
        own.download_dir, own.download_dir_at = file.value(given, ("download_dir",)), At(path, ("download_dir",))
    given = tf.body.attributes.get("inputs")
    if given is not None:
        value = file.value(given, ("inputs",))
        if isinstance(value, dict):
            own.inputs = value
        else:
            # the names are not known either: every variable the unit sets stays as the module has it
            cause = value.cause if isinstance(value, Unresolved) else Cause("inputs is not an object")
            own.inputs = {}
            merged.inputs = {name: Unresolved(cause, reported=True) for name in merged.inputs}
    for block in tf.body.blocks_of("generate"):
        if block.labels:
            own.generate[block.labels[0]] = (tf, block, file.value(block.body.attributes.get("contents"),
                                                                   ("generate", block.labels[0])))
    _merge(merged, own, deep=deep)
    merged.own = tf
    return merged


def _merge(into: _Settings, other: _Settings, *, deep: bool) -> None:
    if other.source is not None:
        into.source, into.source_at = other.source, other.source_at
    if other.download_dir is not None:
        into.download_dir, into.download_dir_at = other.download_dir, other.download_dir_at
    for name, value in other.inputs.items():
        into.inputs[name] = _deep(into.inputs[name], value) if deep and name in into.inputs else value
    into.generate.update(other.generate)
    into.extra_arguments.update(other.extra_arguments)


def _deep(parent: Any, child: Any) -> Any:
    """Terragrunt's deep merge: maps merged key by key, lists joined, anything else the child's."""
    if isinstance(parent, dict) and isinstance(child, dict):
        return {**parent, **{k: _deep(parent[k], v) if k in parent else v for k, v in child.items()}}
    if isinstance(parent, list) and isinstance(child, list):
        return parent + child
    return child


class _Unreadable(Exception):
    """A file the unit includes cannot be read (its path not known offline, or the file does not
    parse): what the unit deploys is not known. ``error``: the file's own TL001, if any."""

    def __init__(self, cause: Cause, error: TfSyntaxError | None = None) -> None:
        super().__init__(cause.text)
        self.cause, self.error = cause, error


def _included(block: Block, file: _File) -> _Settings | None:
    at = At(file.path, ("include", *block.labels))
    target = file.value(block.body.attributes.get("path"), ("include",))
    if isinstance(target, Unresolved):
        raise _Unreadable(Cause(f"the path of an include of {file.path} is not known: {target.cause.text}", at))
    if not isinstance(target, str):
        raise _Unreadable(Cause(f"the path of an include of {file.path} is not a string", at))
    if file.depth >= _MAX_INCLUDES:
        raise _Unreadable(Cause(f"the includes of {file.path} are nested more than {_MAX_INCLUDES} deep", at))
    full = _named_as(os.path.normpath(os.path.join(os.path.dirname(file.path) or ".", target)), file.path)
    if not os.path.isfile(full):
        raise TfSyntaxError(f"cannot read terragrunt include {target!r}: no such file", block.position.line,
                            block.position.column, file.path)
    # an included file's functions answer for the unit that includes it (find_in_parent_folders, get_terragrunt_dir)
    try:
        return _settings(full, file.run, file.depth + 1)
    except TfSyntaxError as error:
        raise _Unreadable(Cause(f"{full}, which {file.path} includes, cannot be read (TL001)", at), error) from None
    except _Unreadable as inner:
        # said at the unit's own include block
        raise _Unreadable(replace(inner.cause, at=at), inner.error) from None


def _config(path: str, run: _Run, depth: int) -> Any:
    """What ``read_terragrunt_config`` gives: the file's ``locals`` and ``inputs``, evaluated."""
    try:
        file = _File(path, run, depth)
    except TfSyntaxError as error:
        return Unresolved(Cause(f"{path} cannot be read: {error.message}", At(path, ())), reported=True, error=True)
    found: dict[str, Any] = {"locals": {name: file.resolve("local", [name])[0] for name in file.locals}}
    given = file.tf.body.attributes.get("inputs")
    if given is not None:
        found["inputs"] = file.value(given, ("inputs",))
    return found


def _functions(file: _File, at: At) -> dict[str, Callable[[list[Any]], Any]]:
    """The Terragrunt built-in functions whose answer the repository settles, evaluated for the unit
    (``at``: where the expression is, for the causes of what they leave unknown)."""
    here = os.path.dirname(file.path) or "."
    unit_dir = file.run.unit_dir

    def find_in_parent_folders(arguments: list[Any]) -> Any:
        name = arguments[0] if arguments else UNIT_FILE
        if unknown(name):
            return name
        directory = os.path.abspath(unit_dir)
        while True:
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
            candidate = os.path.join(directory, str(name))
            if os.path.exists(candidate):
                return candidate
        if len(arguments) > 1:
            return arguments[1]
        return Unresolved(Cause(f"find_in_parent_folders({name!r}) finds no such file above {unit_dir}", at),
                          reported=True, error=True)

    def read_terragrunt_config(arguments: list[Any]) -> Any:
        """Another terragrunt file's ``locals`` and ``inputs``, evaluated for this unit; the default
        given when the file does not exist."""
        name = arguments[0] if arguments else None
        if not isinstance(name, str):
            return name if unknown(name) else Unresolved(Cause("read_terragrunt_config() without a path", at))
        full = _named_as(os.path.normpath(os.path.join(here, name)), file.path)
        if not os.path.isfile(full):
            return arguments[1] if len(arguments) > 1 else \
                Unresolved(Cause(f"read_terragrunt_config({name!r}): no such file", at), reported=True, error=True)
        if file.depth >= _MAX_INCLUDES:
            return Unresolved(Cause(f"read_terragrunt_config({name!r}) nested too deeply", at), reported=True)
        return _config(full, file.run, file.depth + 1)

    def at_run(name: str) -> Callable[[list[Any]], Any]:
        return lambda arguments: Unresolved(Cause(f"{name}() is known when Terragrunt runs", at), reported=True)

    return {
        "find_in_parent_folders": find_in_parent_folders,
        "read_terragrunt_config": read_terragrunt_config,
        "get_terragrunt_dir": lambda arguments: os.path.abspath(unit_dir),
        "get_parent_terragrunt_dir": lambda arguments: os.path.abspath(here),
        "get_original_terragrunt_dir": lambda arguments: os.path.abspath(unit_dir),
        "path_relative_to_include": lambda arguments: os.path.relpath(unit_dir, here).replace(os.sep, "/"),
        "path_relative_from_include": lambda arguments: os.path.relpath(here, unit_dir).replace(os.sep, "/"),
        **{name: at_run(name) for name in (
            "get_env", "get_aws_account_id", "get_aws_account_alias", "get_aws_caller_identity_arn",
            "get_aws_caller_identity_user_id", "run_cmd", "sops_decrypt_file",
            "get_terraform_command", "get_terraform_cli_args", "get_repo_root", "get_path_from_repo_root",
            "get_path_to_repo_root", "get_working_dir", "get_platform", "read_tfvars_file")},
    }


def _generated(tf: TfFile, block: Block, text: Any) -> Iterator[TfFile]:
    """The provider blocks a ``generate`` block writes, read with their lines in the terragrunt file
    (a heredoc's text starts on the line after its attribute). Text not known whole is not read: its
    trails' Region is then as unknown as without the block."""
    contents = block.body.attributes.get("contents")
    if contents is None or not isinstance(text, str) or "provider" not in text:
        return
    written = tf.lines[contents.position.line - 1] if 0 < contents.position.line <= len(tf.lines) else ""
    start = contents.position.line + (1 if "<<" in written else 0)
    try:
        parsed = parse_tf(tf.path, "\n" * (start - 1) + text)
    except TfSyntaxError:
        return      # Terraform would say so when Terragrunt writes the file; the module is read without it
    providers = tuple(b for b in parsed.body.blocks if b.type == "provider")
    if providers:
        from dataclasses import replace

        yield replace(parsed, body=replace(parsed.body, attributes={}, blocks=providers))
