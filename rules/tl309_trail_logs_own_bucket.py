"""The trail records S3 data events for its own log bucket: an endless feedback loop.

## Why it matters
Every log file CloudTrail writes is an `s3:PutObject` on the log bucket. If the same trail
records write data events for that bucket (a basic `AWS::S3::Object` selector on
`arn:aws:s3`, `arn:aws:s3:::` or the bucket itself, or an advanced selector on
`resources.type = AWS::S3::Object` without an ARN filter that leaves the log prefix out), each
delivery is recorded in the next log file, which is delivered, and recorded again. The loop
never stops, fills the bucket, and every event is billed as a data event.
A selector that names the log bucket by reference (`!Sub "${LogBucket.Arn}/"`,
`"${aws_s3_bucket.logs.arn}/"`, `arn:${AWS::Partition}:s3:::${LogBucket}/`, or the parameter or
variable without a value that names the log bucket: `arn:aws:s3:::${var.logs}/` beside
`s3_bucket_name = var.logs`) names it whatever the name it is given at deployment: that is a finding too, and one that differs from the log files'
ARNs after the same names (`!Sub "${LogBucket.Arn}/data/"`) records none of them.
An advanced selector that leaves some ARNs out (`resources.ARN` `NotEquals` or `NotStartsWith`,
as in "every S3 object but those of two buckets") still records the log files unless an excluded
prefix begins them: an excluded object is one object, never every log file to come. Where an
excluded prefix is narrower than the log folder (an account's folder may hold every log file of
the trail), that is one TL002 naming TL309. Every log file's name ends with `.json.gz` after 16
random characters: a `NotEndsWith` of `.json.gz` (or `.gz`) leaves every log file out, and a
longer ending (`abc.json.gz`) or another one (`.csv`) leaves them in; a `resources.ARN` `EndsWith`
(its only filter beyond `StartsWith`) records the log files when an ending is `.json.gz`, part of
it or longer than it, and none of them otherwise.
An `eventName` filter of `Equals` values records the log files when `PutObject` is among them
(as in "PutObject and DeleteObject events of every bucket but one", the AWS CLI Command Reference's
put-event-selectors example, of a trail whose log bucket is another), and none of them otherwise.
Selectors with other filters (`eventName` `NotEquals`, `eventName` beside `EndsWith`, ...) are not judged. A trail that
records S3 write data events of some buckets (a selector's ARN prefix) while its log bucket's
name or log file prefix is not known offline (a bucket whose name CloudFormation generates:
it starts with the stack's name, which may match) is one TL002 naming TL309, unless a reader
already reports that name as unknown. So is a trail whose selectors may record S3 object writes
but whose data resources are not known offline and cannot be tied to its log bucket
(`values = ["arn:aws:s3:::${var.data}/"]` of a variable without a value, a `!Sub` of a
parameter, a whole `AdvancedEventSelectors` another stack exports): that is the one TL002 of the trail's selectors, at
the value, which also names TL502 and TL504 where they cannot decide either; where a reader reports
the value with its cause (a parameter or variable without a value), or says the whole list is not
known, its TL002 names TL309 instead. Where the selectors name the log bucket (`!Sub
"arn:aws:s3:::${LogBucket}/"`, `LogBucket` a bucket or a parameter without a value, or
`arn:aws-cn:s3:::acme-logs/` beside `S3BucketName: acme-logs`) but the trail's
home Region is not known, only that Region is open: the log files' ARNs begin with its partition
(`arn:aws-cn:s3:::` in China), so the TL002 saying the home Region is not known names TL309. An advanced selector whose known field selectors rule out
S3 object writes (`resources.type` of another type, an `eventCategory` other than `Data`,
`readOnly` of `true`) records none of them whatever its unknown values are: it is decided, not
named. A selector on `!Sub "${OtherBucket.Arn}/"` of a trail whose
`S3BucketName` is `!Ref LogBucket`, or on `"${aws_s3_bucket.data.arn}/"` of a trail whose
`s3_bucket_name` is `aws_s3_bucket.logs.id`, is decided all the same: two `AWS::S3::Bucket`
resources of one stack, or two `aws_s3_bucket` resources of one configuration, never share a name
(S3 bucket names are unique), so it does not record the log files. A selector that records the log
files whatever is beside it is decided: one written beside a Terraform `dynamic` block (selectors add
up, so the trail records at least what it records), or beside a selector holding a value not known.
A trail whose get-event-selectors output is not in the inputs is the
one TL002 of every rule that needs what it records (see TL002). So is a basic selector whose
`ReadWriteType` the API rejects (`Write`; TL210 reports it) where the check would turn on it: the
trail is not deployed as written, so the TL002 is at that value, whatever else is not known.
A trail that is not logging is still reported: the loop starts as soon as it logs. CloudTrail's
newer `RecursiveLogging` trail setting (false suppresses CloudTrail's own `PutObject` events) is
not read by trail-lint yet; a trail with it set to false does not loop.

## Fix
Exclude the log bucket from the data event selector: list the buckets to record instead of all
buckets, or add `resources.ARN` `NotStartsWith: arn:aws:s3:::LOG_BUCKET/` to the advanced selector.
CloudFormation: change `EventSelectors`/`AdvancedEventSelectors` of the `AWS::CloudTrail::Trail`.
Terraform: change the `event_selector`/`advanced_event_selector` blocks of the `aws_cloudtrail`.
CLI: `aws cloudtrail put-event-selectors --trail-name NAME --advanced-event-selectors file://selectors.json`.

## References
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-recursive-logging.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html#cloudtrail-log-filename-format
- https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html
- https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
"""
import re
from collections.abc import Iterator, Mapping
from typing import Any

from trail_lint.delivery_bucket_requests import DELIVERY_OPERATION
from trail_lint.delivery_links import bucket_name
from trail_lint.delivery_problems import reported
from trail_lint.model import (
    FIELD_OPERATORS,
    UNKNOWN,
    UNKNOWN_VALUE_SUBJECT,
    At,
    DataScope,
    Hole,
    Inventory,
    Problem,
    ReadWrite,
    Text,
    Trail,
    Tri,
    Unknown,
    all_of,
    any_of,
    hole_name,
    is_terraform_bucket_hole,
    selector_value_key,
)
from trail_lint.problems import home_region_unknown, trail_problem
from trail_lint.records import replace
from trail_lint.rule import Rule, Severity
from trail_lint.scope.home import region_unknown_places
from trail_lint.scope.names import PARTITIONS
from trail_lint.scope.trail_scope import trail_partition
from trail_lint.selectors.compare import UNSURE
from trail_lint.selectors.recording import data_events, recorded, refused, rules_out_writes
from trail_lint.selectors.undecided import (
    kind_unknown,
    records_unknown,
    rejected_read_write,
    selectors_not_given,
    selectors_open,
    selectors_refused,
    selectors_unknown,
    selectors_unread,
)
from trail_lint.selectors.unknown_values import recorded_at_least

# Log files (and digest files) alike: ACCOUNT_CloudTrail_REGION_TIMESTAMP_UNIQUE.json.gz, where UNIQUE is 16
# random characters (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html)
LOG_FILE_ENDING = ".json.gz"


def records_own_logs(scope: DataScope, logs: str | None) -> Tri:
    """Whether the scope records writes under ``logs`` (None: the bucket name or prefix is not known):
    UNKNOWN when it records writes to some buckets and the log bucket may be one of them."""
    if scope.type != "AWS::S3::Object" or scope.write is False:
        return False
    if scope.names and DELIVERY_OPERATION not in scope.names:
        return False                      # eventName Equals leaves out the PutObject of every log file
    if scope.ends and not any(_log_file_ending(end) for end in scope.ends):
        return False                      # resources.ARN EndsWith an ending no log file has
    if scope.filtered and not scope.names and not scope.partial and not scope.ends:
        return False                      # other filters (eventName NotEquals, ...): not judged
    if "" in scope.prefixes:
        found: Tri = True                 # every bucket, whatever the log bucket is called
    elif logs is None:
        found = UNKNOWN if scope.prefixes or scope.equals or scope.partial else False
    else:
        found = any(logs.startswith(p) or p.startswith(logs) for p in scope.prefixes) or \
            any(e.startswith(logs) for e in scope.equals) or _in_part(scope, logs)
    return all_of((found, scope.write))


def _in_part(scope: DataScope, logs: str) -> Tri:
    """Whether the prefixes a scope records in part (resources.ARN NotStartsWith or NotEquals leave
    some of their ARNs out) record log files under ``logs``. An excluded ARN (NotEquals) is one
    object, never every log file to come; an excluded prefix that begins the log files' leaves
    them all out; a narrower one (an account's folder), or an excluded ending, may leave out every
    log file of the trail, so that is not known."""
    starts, _exact, ends = scope.excluding      # an excluded ARN is one object: it settles nothing
    found: Tri = False
    for prefix in scope.partial:
        if not (logs.startswith(prefix) or prefix.startswith(logs)):
            continue
        covered = max(prefix, logs, key=len)      # the log files this prefix records
        if any(covered.startswith(start) for start in starts):
            continue
        if any(LOG_FILE_ENDING.endswith(end) for end in ends):
            continue                      # an ending every log file has leaves them all out
        if UNSURE in ends or UNSURE in starts or any(start.startswith(covered) for start in starts):
            found = UNKNOWN
            continue
        return True                       # a longer ending leaves out some log files, never all of them
    return found


def _log_file_ending(end: str) -> bool:
    """Whether some log file's ARN ends with ``end``: every one ends with LOG_FILE_ENDING."""
    return LOG_FILE_ENDING.endswith(end) or end.endswith(LOG_FILE_ENDING)


def check(inventory: Inventory) -> Iterator[Problem]:
    for trail in inventory.live_trails():
        if trail.s3_bucket is None:
            continue
        reading = recorded(inventory, trail)
        scopes = reading.data
        if refused(reading):
            yield selectors_refused(trail)        # said by TL205 where it is selected
            continue
        if not isinstance(scopes, tuple):
            if selectors_not_given(trail):
                yield selectors_unread(trail)     # one TL002 per trail, naming every rule it blocks
                continue
            if _own_logs_at_least(inventory, trail):
                yield _own_bucket(trail, bucket_name(inventory, trail))
                continue
            own, region_open = _settled({_by_reference(inventory, trail, each) for each in _partitions(trail)})
            if own is True:
                yield _own_bucket(trail, bucket_name(inventory, trail))
            elif own is False:
                continue
            elif region_open and (said := home_region_unknown(trail, region_unknown_places(inventory.trails))) is not None:
                yield said                        # named in the TL002 that says the home Region is not known
            elif _may_record_objects(trail) and not _other_buckets_only(inventory, trail):
                yield from _selectors_undecided(inventory, trail)
            continue
        bucket = bucket_name(inventory, trail)
        logs = f"{bucket}/{_prefix(trail)}AWSLogs/" if bucket is not None and trail.s3_key_prefix is not UNKNOWN \
            else None
        found, region_open = _settled({any_of(records_own_logs(scope, None if logs is None else f"arn:{each}:s3:::{logs}")
                                              for scope in scopes) for each in _partitions(trail)})
        if region_open and (said := home_region_unknown(trail, region_unknown_places(inventory.trails))) is not None:
            yield said                            # named in the TL002 that says the home Region is not known
            continue
        held = _logs_tokens(trail, trail.holes.get("s3_bucket")) if found is UNKNOWN and bucket is None else None
        if held is not None:
            # a log bucket known by a name with holes ("acme-logs-${account}"): a literal prefix of it
            # the selectors name holds whatever the holes turn out to be
            found = any_of(_records_tokens(scope, held) for scope in scopes)
        at = _selectors_at(trail)
        if found is True:
            yield _own_bucket(trail, bucket)
        elif found is UNKNOWN and rejected_read_write(trail) is not None:
            yield selectors_unknown(trail)        # the rejected value, whatever else is not known
        elif found is UNKNOWN:
            # said at the value that leaves it open: a reader that reports that value unknown with a
            # cause names this rule in its TL002 (engine), one without a cause says it alone
            what, place = ("whether its log bucket is among them", at) if logs is not None else \
                ("its log bucket's name", trail.origin.of("s3_bucket")) if bucket is None else \
                ("its log file prefix", trail.origin.of("s3_key_prefix"))
            if not reported(inventory, (place,)):
                yield replace(trail_problem(trail, f"trail {trail.label!r} records S3 write data events of some "
                                                   f"buckets, and {what} is not known", place, subject="own-bucket"),
                              undecided=True)


def _own_logs_at_least(inventory: Inventory, trail: Trail) -> bool:
    """Whether what the trail records at least (``recorded_at_least``: a selector written beside others
    not known offline, or beside one holding such a value) certainly holds its own log files' writes."""
    scopes = recorded_at_least(trail)
    bucket = bucket_name(inventory, trail)
    if not scopes or bucket is None or trail.s3_key_prefix is UNKNOWN:
        return False
    logs = f"{bucket}/{_prefix(trail)}AWSLogs/"
    found, _ = _settled({any_of(records_own_logs(scope, f"arn:{each}:s3:::{logs}") for scope in scopes)
                         for each in _partitions(trail)})
    return found is True


def _selectors_undecided(inventory: Inventory, trail: Trail) -> Iterator[Problem]:
    """Selectors that may record S3 object writes and whose data resources are not known. A value not
    known offline in them (a value known only after apply, a parameter) or a whole kind of them not
    known leaves open what the trail records, as it does for TL502 and TL504: the one TL002 of the
    trail they share (``selectors_open``), which the engine says in a reader's TL002 for that value
    where one names its cause, or says the whole kind is not known; where a reader says the value is
    not known without a cause, its TL002 stands alone."""
    if rejected_read_write(trail) is not None and not kind_unknown(trail):
        yield selectors_unknown(trail)            # the rejected value, whatever else is not known
        return
    if records_unknown(trail, recorded(inventory, trail).kind) or kind_unknown(trail):
        problem = selectors_open(trail)
        if problem.subject.startswith(UNKNOWN_VALUE_SUBJECT) or not reported(inventory, (problem.at,)):
            yield problem
        return
    # what else leaves them open (a value the API rejects): said here unless a reader reports it
    at = _selectors_at(trail)
    if not reported(inventory, _unknown_object_values(trail) or (at,)):
        yield replace(trail_problem(trail, f"trail {trail.label!r} may record S3 write data events, "
                                           f"and for which buckets is not known", at, subject="own-bucket"),
                      undecided=True)


def _unknown_object_values(trail: Trail) -> list[At]:
    """The basic data resources that may be S3 objects and hold values not known offline, each where
    a reader would say so: the open question is this rule's unless a reader reports every one (an
    unknown Lambda function in the same selector is no answer to it). Empty for advanced selectors."""
    if not isinstance(trail.event_selectors, tuple) or not isinstance(trail.advanced_selectors, tuple) \
            or trail.advanced_selectors:
        return []
    places = []
    for selector in trail.event_selectors:
        if selector.origin is None or not isinstance(selector.data_resources, tuple):
            return []
        base = selector.origin.of("data_resources")
        for index, resource in enumerate(selector.data_resources):
            values = resource.values
            if (resource.type is UNKNOWN or resource.type == "AWS::S3::Object") and \
                    (not isinstance(values, tuple) or any(not isinstance(value, str) for value in values)):
                places.append(At(base.file, base.path + (index,)))
    return places


def _selectors_at(trail: Trail) -> At:
    advanced = not isinstance(trail.advanced_selectors, tuple) or len(trail.advanced_selectors) > 0
    return trail.origin.of("advanced_selectors" if advanced else "event_selectors")


def _own_bucket(trail: Trail, bucket: str | None) -> Problem:
    """The finding, naming the log bucket: by name, else as the input refers to it."""
    named = bucket or trail.s3_bucket_ref
    shown = f" {named!r}" if named else ""
    return trail_problem(trail, f"trail {trail.label!r} records S3 write data events for its own log bucket{shown}",
                         _selectors_at(trail), subject="own-bucket")


def _by_reference(inventory: Inventory, trail: Trail, partition: str | None = None) -> Tri:
    """Whether a trail whose selectors hold values known only at deployment (its log bucket by
    reference: `!Sub "${Logs.Arn}/"`, `"${aws_s3_bucket.logs.arn}/"`) records writes of its own log
    files, whatever the names not known offline turn out to be. Each such name is written as one
    token for its named hole, on both sides: a prefix that holds for the tokens holds for whatever
    text they stand for, and two values that differ in a literal character after the same tokens
    differ whatever they stand for; UNKNOWN otherwise. ``partition``: the trail's, where its home
    Region does not say it (``_partitions``)."""
    partition = trail_partition(trail) or partition
    bucket = bucket_name(inventory, trail)
    logs = _logs_tokens(trail, (bucket,) if bucket is not None else trail.holes.get("s3_bucket"), partition)
    if logs is None:
        return UNKNOWN
    # the trail's partition, known from its Region (--region), is its deployment's: its hole's text
    known = {part.name: partition for part in trail.holes.get("partition", ())
             if isinstance(part, Hole) and part.name and partition is not None}
    filled = _filled(trail, known)
    scopes = data_events(filled) if logs is not None and filled is not None else UNKNOWN
    if not isinstance(scopes, tuple) or logs is None:
        return UNKNOWN
    created = _created_buckets(inventory, trail)
    return any_of(_records_tokens(scope, logs, created) for scope in scopes)


def _created_buckets(inventory: Inventory, trail: Trail) -> frozenset[str] | None:
    """The names of the holes that stand for the names of buckets the trail's own template or
    configuration creates, each a bucket of its own: two bucket resources never share a name (S3
    bucket names are unique). None for a trail whose log bucket is not one of them by a hole."""
    held = trail.holes.get("s3_bucket")
    own = held[0] if held is not None and len(held) == 1 else None
    if not isinstance(own, Hole) or not own.name:
        return None
    # the holes of the buckets a Terraform configuration creates (model.terraform_bucket_hole)
    if is_terraform_bucket_hole(own.name):
        return frozenset(name for name in _hole_names(trail) if is_terraform_bucket_hole(name))
    # the holes that stand for the names of the template's buckets (cloudformation.holes: "Ref LogBucket")
    buckets = frozenset(hole_name(own.name.partition("#")[0], f"Ref {bucket.origin.resource}")
                        for bucket in inventory.buckets if bucket.origin.file == trail.origin.file)
    return buckets if own.name in buckets else None


def _hole_names(trail: Trail) -> set[str]:
    return {part.name for text in trail.holes.values() for part in text if isinstance(part, Hole) and part.name}


def _partitions(trail: Trail) -> tuple[str, ...]:
    """The partitions the trail's log files' ARNs may begin with: its home Region's (``arn:aws-cn:s3:::``
    in China; trail_lint.scope.names.partition_of), or each one where that Region is not known."""
    partition = trail_partition(trail)
    return (partition,) if partition is not None else PARTITIONS


def _settled(answers: set[Tri]) -> tuple[Tri, bool]:
    """The answer every partition of ``_partitions`` gives, else UNKNOWN and whether only the trail's
    home Region leaves it open (each answer known, but not the same: ``arn:aws:s3:::${LogBucket}/``
    names the log files of a trail in the aws partition, none in aws-cn)."""
    if len(answers) == 1:
        return answers.pop(), False
    return UNKNOWN, UNKNOWN not in answers


def _logs_tokens(trail: Trail, names: Text | None, partition: str | None = None) -> str | None:
    """The ARN prefix of the trail's log files, with a token for each named hole of its bucket's name
    (``names``) and partition (``partition`` where its home Region does not say it); None when the
    name, its prefix or a hole's name is not known."""
    if names is None or not isinstance(trail.s3_key_prefix, (str, type(None))):
        return None
    partition = trail_partition(trail) or partition
    # a partition not known, nor held by its deployment's name, is like no other text
    where = (partition,) if partition is not None else \
        trail.holes.get("partition") or (Hole(name=f"the partition of trail {trail.label}"),)
    return _tokens(("arn:", *where, ":s3:::", *names, "/", _prefix(trail), "AWSLogs/"))


def _records_tokens(scope: DataScope, logs: str, created: frozenset[str] | None = None) -> Tri:
    """records_own_logs for values with tokens: UNKNOWN where a value neither holds nor differs
    (``created``: the names of the holes of distinct buckets, _created_buckets)."""
    found = records_own_logs(scope, logs)
    if found is not False or scope.type != "AWS::S3::Object" or scope.filtered:
        return found
    values = (*scope.prefixes, *scope.equals)
    return all_of((any_of(False if _differ(value, logs, created) else UNKNOWN for value in values), scope.write))


_TOKEN = re.compile("(\x00[^\x00]*\x00)")


def _differ(value: str, logs: str, created: frozenset[str] | None = None) -> bool:
    """Whether neither of two values with tokens begins the other whatever the tokens stand for:
    after the parts they share, each has a literal character, and those differ; or each has the
    name of another bucket (two tokens of ``created``) followed by '/'."""
    def parts(text: str) -> list[str]:
        return [piece for chunk in _TOKEN.split(text) if chunk
                for piece in ([chunk] if chunk.startswith("\x00") else list(chunk))]
    first, second = parts(value), parts(logs)
    shared = next((i for i, (a, b) in enumerate(zip(first, second)) if a != b), None)
    if shared is None:
        return False                        # one begins the other
    a, b = first[shared], second[shared]
    if a.startswith("\x00") and b.startswith("\x00"):
        return created is not None and a.strip("\x00") in created and b.strip("\x00") in created and \
            first[shared + 1:shared + 2] == second[shared + 1:shared + 2] == ["/"]
    return not a.startswith("\x00") and not b.startswith("\x00")


def _tokens(text: Text, known: Mapping[str, str] | None = None) -> str | None:
    """A value with named holes as a string with one token for each name (or the text ``known``
    gives it); None with a hole of no name."""
    if any(isinstance(part, Hole) and not part.name for part in text):
        return None
    known = known or {}
    return "".join(part if isinstance(part, str) else known.get(part.name, f"\x00{part.name}\x00") for part in text)


def _filled(trail: Trail, known: Mapping[str, str]) -> Trail | None:
    """The trail with each selector value not known offline written with tokens for its named holes
    (Trail.holes, selector_value_key); None when no value has them."""
    def value(place: tuple[str | int, ...], given: str | Unknown) -> str | Unknown:
        held = trail.holes.get(selector_value_key(*place)) if isinstance(given, Unknown) else None
        return given if held is None else _tokens(held, known) or given

    def values(place: tuple[str | int, ...], given: tuple[str | Unknown, ...] | Unknown) -> Any:
        return given if not isinstance(given, tuple) else tuple(value((*place, k), v) for k, v in enumerate(given))

    basic, advanced = trail.event_selectors, trail.advanced_selectors
    if isinstance(basic, tuple):
        basic = tuple(replace(selector, data_resources=tuple(
            replace(resource, values=values(("event_selectors", i, "data_resources", j, "values"), resource.values))
            for j, resource in enumerate(selector.data_resources)))
            if isinstance(selector.data_resources, tuple) else selector for i, selector in enumerate(basic))
    if isinstance(advanced, tuple):
        advanced = tuple(replace(selector, fields=tuple(
            replace(field, **{operator: values(("advanced_selectors", i, "fields", j, operator),
                                               getattr(field, operator)) for operator in FIELD_OPERATORS})
            for j, field in enumerate(selector.fields)))
            if isinstance(selector.fields, tuple) else selector for i, selector in enumerate(advanced))
    filled = replace(trail, event_selectors=basic, advanced_selectors=advanced)
    return None if filled == trail else filled


def _may_record_objects(trail: Trail) -> bool:
    """Whether selectors whose data events are not known may record S3 object writes: a basic
    selector that does not read only, with an S3 object (or not known) data resource, or an
    advanced selector whose known field selectors do not rule them out."""
    basic, advanced = trail.event_selectors, trail.advanced_selectors
    if not isinstance(basic, tuple) or not isinstance(advanced, tuple):
        return True
    if any(not rules_out_writes(selector, "AWS::S3::Object") for selector in advanced):
        return True
    return any(not (isinstance(selector.read_write, str) and selector.read_write == ReadWrite.READ_ONLY) and (
        not isinstance(selector.data_resources, tuple)
        or any(resource.type is UNKNOWN or resource.type == "AWS::S3::Object" for resource in selector.data_resources))
        for selector in basic)


def _other_buckets_only(inventory: Inventory, trail: Trail) -> bool:
    """Whether every S3 object data resource a basic selector may record writes of names, by a
    named hole, an object ARN of another bucket of the trail's own template than its log bucket
    (``!Sub "${OtherBucket.Arn}/"`` beside ``S3BucketName: !Ref LogBucket``): two buckets of one
    stack never share a name, so the trail does not record its own log files."""
    held_own = trail.holes.get("s3_bucket")
    own = held_own[0] if held_own is not None and len(held_own) == 1 else None
    if not isinstance(trail.advanced_selectors, tuple) or trail.advanced_selectors or \
            not isinstance(trail.event_selectors, tuple) or not isinstance(own, Hole):
        return False
    # the holes that stand for the names of the template's buckets (cloudformation.holes: "Ref LogBucket")
    buckets = {hole_name(own.name.partition("#")[0], f"Ref {bucket.origin.resource}")
               for bucket in inventory.buckets if bucket.origin.file == trail.origin.file}
    if own.name not in buckets:
        return False
    for i, selector in enumerate(trail.event_selectors):
        if isinstance(selector.read_write, str) and selector.read_write == ReadWrite.READ_ONLY:
            continue
        if not isinstance(selector.data_resources, tuple):
            return False
        for j, resource in enumerate(selector.data_resources):
            if isinstance(resource.type, str) and resource.type != "AWS::S3::Object":
                continue
            if resource.type is UNKNOWN or not isinstance(resource.values, tuple):
                return False
            for k, value in enumerate(resource.values):
                held = None if isinstance(value, str) else \
                    trail.holes.get(selector_value_key("event_selectors", i, "data_resources", j, "values", k))
                other = None if held is None else _bucket_of(held)
                if other is None or other.name not in buckets or other.name == own.name:
                    return False
    return True


def _bucket_of(arn: Text) -> Hole | None:
    """The named hole that is the bucket of an S3 object ARN arn:PARTITION:s3:::BUCKET/…, the
    partition perhaps a hole too; None for anything else."""
    for index, part in enumerate(arn):
        before = "".join(p if isinstance(p, str) else "<>" for p in arn[:index])
        if re.fullmatch(r"arn:(<>|[a-z-]+):s3:::", before):
            after = arn[index + 1] if index + 1 < len(arn) else ""
            if isinstance(part, Hole) and part.name and not part.anything and isinstance(after, str) \
                    and after.startswith("/"):
                return part
            return None
    return None


def _prefix(trail: Trail) -> str:
    return f"{trail.s3_key_prefix}/" if isinstance(trail.s3_key_prefix, str) else ""


RULE = Rule(id="TL309", name="trail-logs-own-bucket", severity=Severity.WARNING, applies_to=Inventory,
            check=check, doc=__doc__)
