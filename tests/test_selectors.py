"""Selector semantics: what a trail records, from no, basic and advanced selectors."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from trail_lint.model import (
    UNKNOWN,
    AdvancedSelector,
    Coverage,
    DataResource,
    DataScope,
    Deployment,
    EventSelector,
    Existence,
    FieldSelector,
    Inventory,
    Origin,
    ReadWrite,
    Snapshot,
    Trail,
    all_of,
    any_of,
)
from trail_lint.overlap_sweep import data_links, shared_data
from trail_lint.problems import delivers
from trail_lint.records import replace
from trail_lint.scope.placement import Placement, accounts, regions_of
from trail_lint.scope.regional import Reach, Regional
from trail_lint.scope.trail_scope import account_id, covers_account, covers_region, scope_of
from trail_lint.selectors.accepted import field_values
from trail_lint.selectors.compare import IN_PART, undecided_scope
from trail_lint.selectors.recording import (
    ALL_MANAGEMENT,
    NO_MANAGEMENT,
    _excluding,
    data_events,
    management_events,
    selector_kind,
)

TRI = st.sampled_from([True, False, UNKNOWN])


def advanced(*fields: FieldSelector) -> AdvancedSelector:
    return AdvancedSelector(name=None, fields=fields)


MANAGEMENT = FieldSelector("eventCategory", equals=("Management",))
DATA = FieldSelector("eventCategory", equals=("Data",))
S3 = FieldSelector("resources.type", equals=("AWS::S3::Object",))


# --- three-valued logic ------------------------------------------------------------------

@given(st.lists(TRI))
def test_any_of_matches_kleene_or(values: list) -> None:
    expected = True if True in values else False if all(v is False for v in values) else UNKNOWN
    assert any_of(values) is expected


@given(st.lists(TRI))
def test_all_of_is_the_dual_of_any_of(values: list) -> None:
    negate = {True: False, False: True}
    flipped = [negate.get(v, UNKNOWN) if v is not UNKNOWN else UNKNOWN for v in values]
    result = any_of(flipped)
    assert all_of(values) is (UNKNOWN if result is UNKNOWN else not result)


# --- which kind of selectors -------------------------------------------------------------

def test_selector_kind() -> None:
    basic, adv = (EventSelector(),), (advanced(MANAGEMENT),)
    assert selector_kind(Trail("t")) == "none"
    assert selector_kind(Trail("t", event_selectors=basic)) == "basic"
    assert selector_kind(Trail("t", advanced_selectors=adv)) == "advanced"
    assert selector_kind(Trail("t", event_selectors=basic, advanced_selectors=adv)) == "both"
    assert selector_kind(Trail("t", event_selectors=UNKNOWN, advanced_selectors=UNKNOWN)) is UNKNOWN
    assert selector_kind(Trail("t", event_selectors=UNKNOWN, advanced_selectors=())) is UNKNOWN
    assert selector_kind(Trail("t", event_selectors=basic, advanced_selectors=UNKNOWN)) is UNKNOWN


# --- management events -------------------------------------------------------------------

def test_no_selectors_record_every_management_event_and_no_data_events() -> None:
    trail = Trail("t")
    assert management_events(trail) == ALL_MANAGEMENT
    assert management_events(trail).full is True
    assert data_events(trail) == ()


def test_describe_trails_with_custom_selectors_is_unknown() -> None:
    trail = Trail("t", event_selectors=UNKNOWN, advanced_selectors=UNKNOWN)
    coverage = management_events(trail)
    assert (coverage.read, coverage.write, coverage.records, coverage.full) == (UNKNOWN,) * 4
    assert data_events(trail) is UNKNOWN


def test_basic_read_write_types() -> None:
    def cover(read_write: str) -> Coverage:
        return management_events(Trail("t", event_selectors=(EventSelector(read_write=read_write),)))
    assert cover("All") == Coverage(True, True)
    assert cover("ReadOnly") == Coverage(True, False)
    assert cover("WriteOnly") == Coverage(False, True)
    assert cover("WriteOnly").full is False
    assert cover("Everything") == Coverage(UNKNOWN, UNKNOWN)


def test_basic_without_management_events() -> None:
    trail = Trail("t", event_selectors=(EventSelector(management=False, data_resources=(
        DataResource("AWS::S3::Object", ("arn:aws:s3:::logs/",)),)),))
    assert management_events(trail) == NO_MANAGEMENT
    assert management_events(trail).records is False
    assert data_events(trail) == (DataScope("AWS::S3::Object", True, True, ("arn:aws:s3:::logs/",)),)


def test_basic_exclusions_and_union() -> None:
    no_kms = EventSelector(exclude_management_sources=("kms.amazonaws.com",))
    assert management_events(Trail("t", event_selectors=(no_kms,))) == \
        Coverage(True, True, frozenset({"kms.amazonaws.com"}))
    assert management_events(Trail("t", event_selectors=(no_kms,))).full is False
    # a second selector that records KMS events closes the gap
    both = (no_kms, EventSelector(read_write="ReadOnly"))
    assert management_events(Trail("t", event_selectors=both)) == Coverage(True, True, frozenset())
    # reads from one selector and writes from another add up to the full set
    split = (EventSelector(read_write="ReadOnly"), EventSelector(read_write="WriteOnly"))
    assert management_events(Trail("t", event_selectors=split)).full is True


def test_basic_unknown_parts() -> None:
    unknown_flag = EventSelector(read_write="WriteOnly", management=UNKNOWN)
    assert management_events(Trail("t", event_selectors=(unknown_flag,))) == Coverage(False, UNKNOWN)
    unknown_sources = EventSelector(exclude_management_sources=UNKNOWN)
    coverage = management_events(Trail("t", event_selectors=(unknown_sources,)))
    assert (coverage.read, coverage.write, coverage.excluded, coverage.full) == (True, True, UNKNOWN, UNKNOWN)


def test_advanced_management_selectors() -> None:
    def cover(*fields: FieldSelector) -> Coverage:
        return management_events(Trail("t", advanced_selectors=(advanced(MANAGEMENT, *fields),)))
    assert cover() == ALL_MANAGEMENT
    assert cover(FieldSelector("readOnly", equals=("true",))) == Coverage(True, False)
    assert cover(FieldSelector("readOnly", equals=("false",))) == Coverage(False, True)
    assert cover(FieldSelector("eventSource", not_equals=("kms.amazonaws.com", "rdsdata.amazonaws.com"))) == \
        Coverage(True, True, frozenset({"kms.amazonaws.com", "rdsdata.amazonaws.com"}))
    assert cover(FieldSelector("eventSource", equals=("iam.amazonaws.com",))) == \
        Coverage(True, True, only=frozenset({"iam.amazonaws.com"}))
    assert cover(FieldSelector("eventName", equals=("ConsoleLogin",))).full is False
    assert cover(FieldSelector("readOnly", equals=("maybe",))) == Coverage(UNKNOWN, UNKNOWN)


def test_advanced_data_only_selector_records_no_management_events() -> None:
    trail = Trail("t", advanced_selectors=(advanced(DATA, S3),))
    assert management_events(trail) == NO_MANAGEMENT
    assert data_events(trail) == (DataScope("AWS::S3::Object", True, True),)


def test_advanced_unknown_values_make_the_answer_unknown() -> None:
    trail = Trail("t", advanced_selectors=(advanced(FieldSelector("eventCategory", equals=(UNKNOWN,))),))
    assert management_events(trail).records is UNKNOWN
    assert data_events(trail) is UNKNOWN
    missing_category = Trail("t", advanced_selectors=(advanced(FieldSelector("readOnly", equals=("true",))),))
    assert management_events(missing_category).records is UNKNOWN


def test_corpus_shape_write_only_without_kms_and_rds() -> None:
    """The advanced selector of c7n-get-event-selectors-advanced-exclude-kms-writeonly.json."""
    trail = Trail("t", advanced_selectors=(advanced(
        MANAGEMENT, FieldSelector("eventSource", not_equals=("kms.amazonaws.com", "rdsdata.amazonaws.com")),
        FieldSelector("readOnly", equals=("false",))),))
    coverage = management_events(trail)
    assert coverage == Coverage(False, True, frozenset({"kms.amazonaws.com", "rdsdata.amazonaws.com"}))
    assert (coverage.records, coverage.full) == (True, False)


# --- data events -------------------------------------------------------------------------

def test_basic_data_resources() -> None:
    trail = Trail("t", event_selectors=(EventSelector(read_write="WriteOnly", data_resources=(
        DataResource("AWS::S3::Object", ("arn:aws:s3",)),
        DataResource("AWS::Lambda::Function", ("arn:aws:lambda:us-east-1:111122223333:function:pay",)),
        DataResource("AWS::DynamoDB::Table", ())),),))
    assert data_events(trail) == (
        DataScope("AWS::S3::Object", False, True),
        DataScope("AWS::Lambda::Function", False, True, (), ("arn:aws:lambda:us-east-1:111122223333:function:pay",)),
    )


def test_basic_data_resources_unknown() -> None:
    trail = Trail("t", event_selectors=(EventSelector(data_resources=(DataResource("AWS::S3::Object", UNKNOWN),)),))
    assert data_events(trail) is UNKNOWN


def test_advanced_data_with_arn_conditions() -> None:
    prefix = FieldSelector("resources.ARN", starts_with=("arn:aws:s3:::media/",))
    trail = Trail("t", advanced_selectors=(advanced(DATA, S3, prefix, FieldSelector("readOnly", equals=("false",))),))
    assert data_events(trail) == (DataScope("AWS::S3::Object", False, True, ("arn:aws:s3:::media/",)),)
    narrowed = Trail("t", advanced_selectors=(advanced(DATA, S3, FieldSelector("eventName", equals=("PutObject",))),))
    assert data_events(narrowed) == (DataScope("AWS::S3::Object", True, True, filtered=True, names=("PutObject",)),)
    no_type = Trail("t", advanced_selectors=(advanced(DATA),))
    assert data_events(no_type) is UNKNOWN



# StartsWith "includes events that match the first few characters" of the field (API_AdvancedFieldSelector):
# a beginning of arn:aws:s3::: is the beginning of every object's ARN (arn:aws:s3:::<bucket>/<key>), so
# the selector records every object, as without a resources.ARN condition; a bucket's ARN does not.
@given(st.integers(min_value=len("arn:"), max_value=len("arn:aws:s3:::")), st.sampled_from(["", "media/"]))
def test_a_start_of_every_object_arn_records_every_object(length: int, bucket: str) -> None:
    start = "arn:aws:s3:::"[:length] + bucket
    trail = Trail("t", advanced_selectors=(advanced(DATA, S3, FieldSelector("resources.ARN", starts_with=(start,))),))
    assert data_events(trail) == (DataScope("AWS::S3::Object", True, True, ("",) if not bucket else (start,)),)

# --- the pairwise definition of shared data events, the reference for selectors.shared_data ------

def overlap(first: DataScope, second: DataScope) -> bool:
    """Whether two scopes certainly log some of the same data events."""
    if first.type != second.type or undecided_scope(first) or undecided_scope(second):
        return False
    if not (all_of((first.read, second.read)) is True or all_of((first.write, second.write)) is True):
        return False
    return bool(shared_arns(first, second)) and bool(shared_names(first, second))


def shared_names(first: DataScope, second: DataScope) -> list[str]:
    """Event names both scopes log ("" is every one)."""
    if first.names and second.names:
        return sorted(set(first.names) & set(second.names))
    return sorted(first.names or second.names or ("",))


def shared_arns(first: DataScope, second: DataScope) -> list[str]:
    """ARN prefixes or ARNs both scopes log ("" is every resource)."""
    shared: set[str] = set()
    for a in first.prefixes:
        for b in second.prefixes:
            if a.startswith(b) or b.startswith(a):
                shared.add(max(a, b, key=len))
        shared.update(e for e in second.equals if e.startswith(a))
    for e in first.equals:
        if e in second.equals or any(e.startswith(b) for b in second.prefixes):
            shared.add(e)
    shared.update(_in_part(first, second))
    shared.update(_in_part(second, first))
    return sorted(shared)


def _kept(arn: str, excluding: tuple[tuple[str, ...], ...]) -> bool:
    starts, arns, ends = excluding
    return not arn.startswith(starts) and arn not in arns and not arn.endswith(ends)


def _in_part(first: DataScope, second: DataScope) -> set[str]:
    """What a prefix in part of the first scope shares with the second's patterns: the NotStartsWith,
    NotEquals and NotEndsWith values leave out of it the ARNs they match, and no more."""
    shared = set()
    starts, arns, ends = first.excluding
    for p in first.partial:
        for b in second.prefixes:
            if p.startswith(b):                             # all of p, which is in part
                shared.add(p + IN_PART)
            elif b.startswith(p) and not b.startswith(starts):
                some = ends or any(x.startswith(b) for x in (*starts, *arns))
                shared.add(b + IN_PART if some else b)
        shared.update(e for e in second.equals if e.startswith(p) and _kept(e, first.excluding))
        for q in second.partial:
            if q.startswith(p) and not q.startswith(starts) or p.startswith(q) and not p.startswith(second.excluding[0]):
                shared.add(max(p, q, key=len) + IN_PART)
    return shared



def test_overlap_and_shared_arns() -> None:
    everything = DataScope("AWS::S3::Object", True, True)
    media = DataScope("AWS::S3::Object", True, True, ("arn:aws:s3:::media/",))
    images = DataScope("AWS::S3::Object", False, True, ("arn:aws:s3:::media/images/",))
    invoices = DataScope("AWS::S3::Object", True, True, ("arn:aws:s3:::invoices/",))
    reads = DataScope("AWS::S3::Object", True, False, ("arn:aws:s3:::media/",))
    exact = DataScope("AWS::S3::Object", True, True, (), ("arn:aws:s3:::media/a.png",))
    assert shared_arns(everything, media) == ["arn:aws:s3:::media/"]
    assert shared_arns(media, images) == ["arn:aws:s3:::media/images/"]
    assert shared_arns(media, exact) == ["arn:aws:s3:::media/a.png"]
    assert shared_arns(exact, media) == ["arn:aws:s3:::media/a.png"]
    assert overlap(media, images) is True
    assert overlap(media, invoices) is False
    assert overlap(images, reads) is False          # writes only vs reads only
    assert overlap(media, DataScope("AWS::Lambda::Function", True, True)) is False
    assert overlap(media, DataScope("AWS::S3::Object", True, True, filtered=True)) is False


@given(st.text(alphabet="ab/", max_size=6), st.text(alphabet="ab/", max_size=6))
def test_overlap_is_symmetric(a: str, b: str) -> None:
    first = DataScope("AWS::S3::Object", True, True, ("arn:aws:s3:::" + a,))
    second = DataScope("AWS::S3::Object", True, True, ("arn:aws:s3:::" + b,))
    assert overlap(first, second) == overlap(second, first)
    assert overlap(first, second) == (a.startswith(b) or b.startswith(a))


@given(st.lists(st.tuples(st.sampled_from(["All", "ReadOnly", "WriteOnly"]), st.booleans(),
                          st.sets(st.sampled_from(["kms.amazonaws.com", "rdsdata.amazonaws.com"]))),
                min_size=1, max_size=5))
def test_basic_union_is_known_and_consistent(parts: list) -> None:
    selectors = tuple(EventSelector(read_write=rw, management=m, exclude_management_sources=tuple(sorted(ex)))
                      for rw, m, ex in parts)
    coverage = management_events(Trail("t", event_selectors=selectors))
    recording = [(rw, ex) for rw, m, ex in parts if m]
    assert coverage.read is any(rw in ("All", "ReadOnly") for rw, _ in recording)
    assert coverage.write is any(rw in ("All", "WriteOnly") for rw, _ in recording)
    if recording:
        assert coverage.excluded == frozenset.intersection(*(frozenset(ex) for _, ex in recording))


# --- accounts, Regions, logging ----------------------------------------------------------

def test_covers_region() -> None:
    assert covers_region(Trail("t", region="us-east-1"), "us-east-1") is True
    assert covers_region(Trail("t", region="us-east-1"), "eu-west-1") is False
    assert covers_region(Trail("t", region="us-east-1", multi_region=True), "eu-west-1") is True
    assert covers_region(Trail("t", region="us-east-1", multi_region=UNKNOWN), "eu-west-1") is UNKNOWN
    # a multi-Region trail is in every Region, wherever its home is
    assert covers_region(Trail("t", region=UNKNOWN, multi_region=True), "eu-west-1") is True
    assert covers_region(Trail("t", region=UNKNOWN), "eu-west-1") is UNKNOWN
    stack = Deployment("cloudformation:t.yaml", "the stack of t.yaml", region_key="cloudformation:t.yaml",
                       region_label="the stack's Region")
    # the one Region of a stack: certain for its own trails, maybe any named Region
    assert covers_region(Trail("t", deployment=stack), "cloudformation:t.yaml") is True
    assert covers_region(Trail("t", deployment=stack), "eu-west-1") is UNKNOWN
    assert covers_region(Trail("t", region="eu-west-1"), "cloudformation:t.yaml") is UNKNOWN


def test_covers_account_and_accounts_in_scope() -> None:
    org = Trail("org", account="999988887777", organization=True)
    own = Trail("own", account="111122223333")
    assert covers_account(org, "111122223333") is True
    assert covers_account(own, "444455556666") is False
    assert covers_account(Trail("plan"), "111122223333") is UNKNOWN
    # a trail no input ties to an account is in its own scope (its deployment's, else its file's)
    assert covers_account(Trail("plan"), scope_of(Trail("plan")).account) is True
    assert covers_account(Trail("plan"), None) is UNKNOWN
    assert covers_account(Trail("org", organization=True), "111122223333") is UNKNOWN
    assert covers_account(org, None) is UNKNOWN
    assert accounts(Inventory(trails=(org, own))) == ("111122223333",)
    assert accounts(Inventory(trails=(org,))) == ("999988887777",)
    assert accounts(Inventory(snapshots=(Snapshot("us-east-1", "444455556666"),))) == ("444455556666",)
    assert accounts(Inventory()) == (None,)


def test_delivers_and_regions_of() -> None:
    assert [delivers(Trail("t", logging=v)) for v in (True, False, None, UNKNOWN)] == [True, False, UNKNOWN, UNKNOWN]
    inventory = Inventory(trails=(Trail("a", region="eu-west-1"),
                                  Trail("b", region="ap-south-1", existence=Existence.DELETED)),
                          regions=("us-east-1",))
    assert regions_of(inventory, None) == ("eu-west-1", "us-east-1")


def test_union_with_selectors_that_may_record() -> None:
    maybe_no_kms = EventSelector(management=UNKNOWN, exclude_management_sources=("kms.amazonaws.com",))
    maybe_all = EventSelector(management=UNKNOWN)
    sure_all = EventSelector()
    # a selector that surely records everything settles the exclusions whatever the others do
    assert management_events(Trail("t", event_selectors=(sure_all, maybe_no_kms))).excluded == frozenset()
    # two selectors that may record, with different exclusions: the result depends on which does
    assert management_events(Trail("t", event_selectors=(maybe_no_kms, maybe_all))).excluded is UNKNOWN
    assert management_events(Trail("t", event_selectors=(maybe_all, maybe_no_kms))).excluded is UNKNOWN
    sure_no_kms = EventSelector(exclude_management_sources=("kms.amazonaws.com",))
    assert management_events(Trail("t", event_selectors=(sure_no_kms, maybe_all))).excluded is UNKNOWN


@given(st.lists(st.tuples(st.sampled_from(["All", "ReadOnly", "WriteOnly"]),
                          st.sets(st.sampled_from(["kms.amazonaws.com", "rdsdata.amazonaws.com"]))),
                min_size=1, max_size=4))
def test_basic_and_equivalent_advanced_selectors_agree(parts: list) -> None:
    """A basic management selector and its advanced translation record the same events."""
    basic = tuple(EventSelector(read_write=rw, exclude_management_sources=tuple(sorted(ex))) for rw, ex in parts)
    read_only = {"All": (), "ReadOnly": ("true",), "WriteOnly": ("false",)}
    translated = tuple(advanced(MANAGEMENT, *(
        ([FieldSelector("readOnly", equals=read_only[rw])] if read_only[rw] else [])
        + ([FieldSelector("eventSource", not_equals=tuple(sorted(ex)))] if ex else []))) for rw, ex in parts)
    assert management_events(Trail("t", event_selectors=basic)) == \
        management_events(Trail("t", advanced_selectors=translated))


def _excluded(scope: DataScope, starts: tuple[str, ...], arns: tuple[str, ...], ends: tuple[str, ...]) -> DataScope:
    """The scope with resources.ARN NotStartsWith, NotEquals and NotEndsWith values, read as the
    selectors read them."""
    if not (starts or arns or ends):
        return scope
    arn = FieldSelector("resources.ARN", not_starts_with=starts, not_equals=arns, not_ends_with=ends)
    prefixes, equals, partial = _excluding(scope.prefixes, scope.equals, arn)
    return replace(scope, prefixes=prefixes, equals=equals, partial=partial,
                   excluding=(starts, arns, ends) if partial else ((), (), ()))


PATTERNS = st.lists(st.text(alphabet="ab/", min_size=1, max_size=3), max_size=2).map(tuple)
SCOPES = st.builds(
    DataScope, st.sampled_from(["AWS::S3::Object", "AWS::Lambda::Function"]), TRI, TRI,
    st.lists(st.text(alphabet="ab/", max_size=4), max_size=3).map(tuple),
    st.lists(st.text(alphabet="ab/", max_size=4), max_size=2).map(tuple), st.booleans(),
    st.lists(st.sampled_from(["GetObject", "PutObject", "DeleteObject"]), max_size=2, unique=True).map(
        lambda names: tuple(sorted(names)))).flatmap(
    lambda scope: st.builds(_excluded, st.just(scope), PATTERNS, PATTERNS,
                            st.lists(st.sampled_from(["b", "/", "ab"]), max_size=1).map(tuple))).map(
        lambda scope: replace(scope, filtered=True) if scope.names or scope.partial else scope)


@given(st.lists(st.tuples(st.integers(0, 4), SCOPES), max_size=8))
def test_shared_data_finds_what_pairwise_overlap_finds(owned: list) -> None:
    """The sorted sweep gives exactly the pairs and shared ARNs of comparing every two scopes."""
    expected = set()
    for i, (a, first) in enumerate(owned):
        for b, second in owned[i + 1:]:
            if a != b and overlap(first, second):
                expected.update((frozenset((a, b)), first.type, arn, name)
                                for arn in shared_arns(first, second) for name in shared_names(first, second))
    found = {(frozenset((a, b)), kind, arn, name) for a, b, kind, arn, name in shared_data(owned)}
    assert found == expected


# --- documented advanced field values (TL210) ----------------------------------------------

def test_field_values_are_dated_and_sourced() -> None:
    from trail_lint.resources import data_path, load_json_resource

    source = load_json_resource(data_path("selector-values.json"))["source"]
    assert source["api_reference"].endswith("/API_AdvancedFieldSelector.html")
    assert source["retrieved"] == field_values().retrieved
    values = field_values()
    assert values.categories == {"Management", "Data", "NetworkActivity"}
    assert "Managment" not in values.categories and "Insight" in values.store_categories
    assert values.read_only == {"true", "false"}
    assert {"AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table"} <= values.resource_types


@given(st.text(min_size=1, max_size=20), st.sampled_from(["eventCategory", "readOnly", "resources.type"]))
def test_tl210_reports_exactly_the_undocumented_values(value: str, field: str) -> None:
    from trail_lint.rules import tl210_invalid_event_selector as tl210

    values = field_values()
    documented = {"eventCategory": values.categories | values.store_categories, "readOnly": values.read_only,
                  "resources.type": values.resource_types}[field]
    fields = (FieldSelector("eventCategory", equals=("Data",)), FieldSelector("resources.type", equals=("AWS::S3::Object",)))
    fields = tuple(f for f in fields if f.field != field) + (FieldSelector(field, equals=(value,)),)
    selector = AdvancedSelector("s", fields, origin=Origin("t.json", ("selectors", 0), {"fields": "FieldSelectors"}))
    messages = [p.message for p in tl210.check(Trail("t", advanced_selectors=(selector,)))
                if f"{field} {value!r}" in p.message]
    if value in documented:
        assert messages == [] or (field == "eventCategory" and "only event data stores" in messages[0])
    else:
        assert len(messages) == 1


# --- trails grouped by account scope (scope.placement.Placement) agree with the per-trail answers ----------

def _untied_reference(trails: list[Trail], account: str | None) -> list[Trail]:
    """The definition Placement.untied must agree with, trail by trail (its former implementation)."""
    found = [t for t in trails if covers_account(t, account) is UNKNOWN and t.organization is not True]
    known: dict[str, int] = {}
    for trail in found:
        if scope_of(trail).account_id is not None:
            known[scope_of(trail).account] = known.get(scope_of(trail).account, 0) + 1
    keep = {max(known, key=lambda key: (known[key], key))} if known and account_id(account) is None else set()
    return [t for t in found if scope_of(t).account_id is None or scope_of(t).account in keep]


PLACED_TRAILS = st.lists(st.builds(
    lambda n, account, deployment, organization, region, multi: Trail(
        f"t{n}", account=account, organization=organization, region=region, multi_region=multi,
        deployment=Deployment(f"terraform:{deployment}", deployment) if deployment else None,
        origin=Origin(f"{deployment or 'file'}.json", ())),
    st.integers(0, 3), st.sampled_from([None, "111122223333", "444455556666", "777788889999", "shared"]),
    st.sampled_from(["", "prod", "dev"]), st.sampled_from([False, True, UNKNOWN]),
    st.sampled_from([None, "us-east-1", "eu-west-1"]), st.sampled_from([False, True, UNKNOWN])), max_size=10)


@given(PLACED_TRAILS)
def test_placement_answers_as_covers_account_does_for_every_trail(trails: list[Trail]) -> None:
    placed = Placement.of(trails)
    inventory = Inventory(trails=tuple(trails), regions=("us-east-1",))
    asked = {scope_of(t).account for t in trails} | {None, "111122223333", "222233334444", "terraform:prod"}
    for account in asked:
        assert placed.certain(account) == [t for t in trails if covers_account(t, account) is True]
        assert placed.possible(account) == [t for t in trails if covers_account(t, account) is not False]
        assert placed.untied(account) == _untied_reference(trails, account)
        assert placed.untied_count(account) == len(placed.untied(account))
    keys: dict[tuple, set[int]] = {}
    for account in asked:      # accounts with one key have the same untied trails, their own added back
        pooled = {id(t) for t in placed.untied(account)} | \
            {id(t) for t in trails if placed.is_untied(t) and scope_of(t).account == account}
        assert keys.setdefault(placed.untied_key(account), pooled) == pooled
        homes = {scope_of(t).region for t in trails if covers_account(t, account) is not False} - {None}
        assert regions_of(inventory, account) == tuple(sorted(homes | {"us-east-1"}))


REGIONAL_TRAILS = st.lists(st.builds(
    lambda n, account, deployment, own_region, organization, region, multi: Trail(
        f"t{n}", account=account, organization=organization, region=region, multi_region=multi,
        deployment=Deployment(f"terraform:{deployment}", deployment, region_key=f"terraform:{deployment}"
                              if own_region else "") if deployment else None,
        origin=Origin(f"{deployment or 'file'}.json", ())),
    st.integers(0, 3), st.sampled_from([None, "111122223333", "444455556666", "777788889999"]),
    st.sampled_from(["", "prod", "dev", "test"]), st.booleans(), st.sampled_from([False, True, UNKNOWN]),
    st.sampled_from([None, "us-east-1", "eu-west-1"]), st.sampled_from([False, True, UNKNOWN])), max_size=12)


@given(REGIONAL_TRAILS)
def test_regional_answers_as_the_placement_of_each_region(trails: list[Trail]) -> None:
    regional = Regional.of(trails)
    regions = {scope_of(t).region for t in trails} - {None} | {"us-east-1", "ap-south-1"}
    asked = {scope_of(t).account for t in trails} | {None, "111122223333", "222233334444", "terraform:prod"}
    for region in regions:
        here = Placement.of(t for t in trails if covers_region(t, region) is True)
        assert regional.of_region(region) == list(here.trails)
        kept = here.largest[0] if here.largest else None
        assert regional.kept(region) == (kept, here.largest_sizes[0] if here.largest else 0)
        for account in asked:
            assert regional.untied_count(account, region) == here.untied_count(account)


def _components(pairs: list[tuple[int, int, str, str]]) -> set[tuple[frozenset[int], frozenset[tuple[str, str]]]]:
    """Owners linked (transitively), each group with the (type, ARN) its pairs name."""
    group: dict[int, frozenset[int]] = {}
    for a, b, *_ in pairs:
        joined = group.get(a, frozenset((a,))) | group.get(b, frozenset((b,)))
        for owner in joined:
            group[owner] = joined
    return {(members, frozenset((kind, arn, name) for a, _, kind, arn, name in pairs if a in members))
            for members in set(group.values())}


@given(st.lists(st.tuples(st.integers(0, 5), SCOPES), max_size=10))
def test_data_links_group_and_name_as_every_pair_does(owned: list) -> None:
    """data_links gives fewer pairs than shared_data, but the same groups of owners, naming the same ARNs."""
    assert _components(list(data_links(owned))) == _components(list(shared_data(owned)))


@settings(max_examples=500)
@given(st.lists(st.tuples(st.sampled_from(["111122223333", "444455556666", None]), st.lists(SCOPES, max_size=2),
                          st.booleans()), max_size=10))
def test_groups_joined_by_more_trails_are_the_groups_of_all_of_them(specs: list) -> None:
    """Groups.largest_spanning (a base grouped once, a few trails added) is what grouping all of them gives;
    groups() is what every pair of shared_data links."""
    from trail_lint.overlap import Groups, groups

    trails = [Trail(f"t{n}", account=account, origin=Origin(f"{n}.json", ())) for n, (account, _, _) in enumerate(specs)]
    scopes = {id(t): tuple(found) for t, (_, found, _) in zip(trails, specs)}
    base = [t for t, (_, _, in_base) in zip(trails, specs) if in_base]
    extra = [t for t, (_, _, in_base) in zip(trails, specs) if not in_base]
    every = groups(trails, scopes)
    spanning = [len(group) for group, _ in every if len({scope_of(t).account for t in group}) > 1]
    assert Groups.of(base, scopes).largest_spanning(extra, scopes) == max(spanning, default=0)
    owned = [(i, s) for i, t in enumerate(trails) for s in scopes[id(t)]]
    pairs = {frozenset((a, b)) for a, b, *_ in shared_data(owned)}
    assert {frozenset(id(t) for t in group) for group, _ in every} == {
        frozenset(id(trails[i]) for i in members) for members, _ in _components(list(shared_data(owned)))}
    assert all(len(group) > 1 for group, _ in every) and (not pairs or every)


@given(REGIONAL_TRAILS)
def test_reach_lists_the_trails_that_may_record_in_each_region(trails: list[Trail]) -> None:
    reach = Reach.of(trails)
    for region in {scope_of(t).region for t in trails} - {None} | {"us-east-1", "ap-south-1", "terraform:other"}:
        found = reach.may_record(region)
        assert len(found) == len({id(t) for t in found})
        assert {id(t) for t in found} == {id(t) for t in trails if covers_region(t, region) is not False}


FIELD_NAMES = ("eventCategory", "readOnly", "eventSource", "eventName", "resources.type", "resources.ARN")
FIELD_TEXTS = st.sampled_from(("Management", "Data", "true", "false", "AWS::S3::Object", "kms.amazonaws.com",
                               "arn:aws:s3:::b/", UNKNOWN))
FIELDS = st.builds(FieldSelector, st.sampled_from((*FIELD_NAMES, UNKNOWN)),
                   equals=st.lists(FIELD_TEXTS, max_size=2).map(tuple),
                   starts_with=st.lists(FIELD_TEXTS, max_size=1).map(tuple),
                   not_equals=st.lists(FIELD_TEXTS, max_size=1).map(tuple))


def test_a_field_written_twice_in_one_selector_is_read_as_neither_alone() -> None:
    """eventCategory NotEquals an unknown value and Equals Management: not read as the second alone."""
    from trail_lint.selectors.recording import recording

    trail = Trail("t", advanced_selectors=(advanced(
        FieldSelector("eventCategory", not_equals=(UNKNOWN,)), FieldSelector("eventCategory", equals=("Management",))),))
    found = recording(trail)
    assert found.data is UNKNOWN and data_events(trail) is UNKNOWN
    assert found.management == management_events(trail)


@given(st.lists(st.lists(FIELDS, max_size=4), max_size=3))
def test_recording_reads_advanced_selectors_as_management_events_and_data_events_do(selectors: list) -> None:
    """`recording` reads each advanced selector's field selectors once for both kinds of events:
    what it finds is what `management_events` and `data_events` find on their own."""
    from trail_lint.selectors.recording import recording

    trail = Trail("t", advanced_selectors=tuple(advanced(*fields) for fields in selectors))
    found = recording(trail)
    assert found.kind == selector_kind(trail)
    assert found.management == management_events(trail)
    assert found.data == data_events(trail)


_SELECTORS = st.sampled_from([
    (), (EventSelector(),), (EventSelector(read_write=ReadWrite.WRITE_ONLY, management=False),),
    (EventSelector(data_resources=(DataResource("AWS::S3::Object", ("arn:aws:s3:::b/",)),)),),
    (EventSelector(data_resources=(DataResource("AWS::S3::Object", UNKNOWN),)),), UNKNOWN])
_ADVANCED = st.sampled_from([
    (), (advanced(MANAGEMENT),), (advanced(DATA, S3),), UNKNOWN,
    (advanced(DATA, S3, FieldSelector("resources.ARN", starts_with=("arn:aws:s3:::b/", UNKNOWN))),),
    (advanced(DATA, S3, FieldSelector("eventName", equals=("PutObject",))),)])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_SELECTORS, _ADVANCED), min_size=1, max_size=6))
def test_what_trails_record_is_worked_out_once_per_selector_configuration(configurations: list) -> None:
    """The inventory's ``recorded``: each trail's recording, the same object for trails whose
    selectors are equal (an organization's trails share a few configurations)."""
    from trail_lint.inventory import Defaults, build
    from trail_lint.model import InputKind
    from trail_lint.normalise import Contents
    from trail_lint.selectors.recording import recording

    trails = tuple(Trail(f"t{n}", event_selectors=basic, advanced_selectors=advanced_,
                         origin=Origin(f"f{n}.json", ("trailList", 0)))
                   for n, (basic, advanced_) in enumerate(configurations))
    inventory = build([Contents(InputKind.AWS_CLI, trails=trails)], Defaults())
    for trail in inventory.trails:
        assert inventory.recorded[id(trail)] == recording(trail)
    for first in inventory.trails:
        for second in inventory.trails:
            if (first.event_selectors, first.advanced_selectors) == (second.event_selectors, second.advanced_selectors):
                assert inventory.recorded[id(first)] is inventory.recorded[id(second)]
