"""The invariants the database keeps whatever writes to it: `QuerySet.update()`, `bulk_update()`,
bulk inserts and raw SQL skip forms and model validation, so each constraint is tried through them.

- Every constraint added for issue 8 refuses a violating write with an IntegrityError naming it
  (SQLite and PostgreSQL both name the constraint), leaves the row as it was, and gives model
  validation (and so forms) its own message.
- Scorecard revisions and contest events are append-only, and a submitted scorecard's content and
  scores stay as submitted until it is unlocked: triggers refuse the UPDATE, through the ORM or in
  raw SQL (migration contests 0004, which says why DELETE is left to the ORM).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from contests import scoring
from contests.enums import ContestLevel, ContestState, EventAction, RevisionAction, ScorecardStatus
from contests.models import ContestEvent, Score, Scorecard, ScorecardRevision, Submission
from contests.reminders.enums import Kind
from contests.reminders.models import Reminder
from contests.tests.factories import (
    ConflictFactory, ContestFactory, EntryFactory, JurorFactory, RubricFactory, contest_with_panel,
)
from kbo.accounts.tests.factories import UserFactory
from networks.models import KnowledgePartner
from networks.tests.factories import CommitteeMemberFactory, NetworkFactory
from products.models import Product, ProductStandard
from products.tests.factories import CohortFactory, ProducerGroupFactory, ProductFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def partner():
    return KnowledgePartner.objects.create(network=NetworkFactory(), name="มหาวิทยาลัยอุบลราชธานี", kind="education")


def standard():
    return ProductStandard.objects.create(product=ProductFactory(), kind="tcps", number="มผช. 1/2565")


def conflict():
    contest = ContestFactory()
    return ConflictFactory(juror=JurorFactory(contest=contest), entry=EntryFactory(contest=contest))


def scorecard():
    contest = contest_with_panel(members=1, entries=1)
    return Scorecard.objects.create(round=contest.rounds.get(), entry=contest.entries.get(), juror=contest.jurors.get())


def submission():
    provincial = ContestFactory(state=ContestState.WINNER_SELECTED)
    national = ContestFactory(level=ContestLevel.NATIONAL, network=None)
    return Submission.objects.create(
        national=national, provincial=provincial, province_id="34", entry=EntryFactory(contest=provincial),
        innovation="ย้อมสีธรรมชาติ", identity="ลายผ้าท้องถิ่น",
    )


def reminder():
    user = UserFactory()
    return Reminder.objects.create(
        kind=Kind.MANUAL, user=user, recipient_key=f"user:{user.pk}", name=user.username, object_key="contest:1",
        due_at=NOW,
    )


def revision():
    """A new revision of a scorecard (unsaved: revisions are only ever inserted)."""
    return ScorecardRevision(
        scorecard=scorecard(), number=1, action=RevisionAction.SUBMITTED, by=UserFactory(), total=10,
    )


def event():
    """A new event of a contest (unsaved: events are only ever inserted)."""
    return ContestEvent(contest=ContestFactory(), action=EventAction.ORDER_SET, by=UserFactory())


@dataclass(frozen=True)
class Case:
    constraint: str
    make: object  # () -> a valid row: saved, or unsaved when `insert` (append-only rows are never updated)
    bad: dict = field(default_factory=dict)  # values that break this constraint and no other
    insert: bool = False

    def __str__(self):
        return self.constraint


CASES = [
    # networks
    Case("network_registered_since_fy_2549", NetworkFactory, {"registered_on": datetime.date(2005, 9, 30)}),
    Case("network_status_choices", NetworkFactory, {"status": "closed"}),
    Case("partner_kind_choices", partner, {"kind": "university"}),
    Case("committee_member_sector_choices", CommitteeMemberFactory, {"sector": "military"}),
    Case("committee_member_role_choices", CommitteeMemberFactory, {"role": "president"}),
    # products
    Case("group_kind_choices", ProducerGroupFactory, {"kind": "cooperative"}),
    Case("product_category_choices", ProductFactory, {"category": "spices"}),  # five official categories
    Case("product_star_year_range", ProductFactory, {"star_level": 3, "star_year": 2544}),
    Case("standard_kind_choices", standard, {"kind": "iso"}),
    Case("cohort_trainees_per_group_range", CohortFactory, {"trainees_per_group": 0}),
    Case("cohort_trainees_per_group_range", CohortFactory, {"trainees_per_group": 21}),
    Case("cohort_procurement_method_choices", CohortFactory, {"procurement_method": "auction"}),
    # contests
    Case("rubric_template_has_fiscal_year", RubricFactory, {"is_template": True, "fiscal_year": None}),
    Case("rubric_fiscal_year_range", RubricFactory, {"fiscal_year": 2548}),
    Case("rubric_kind_choices", RubricFactory, {"kind": "service"}),
    Case("contest_entry_deadline_before_meeting", ContestFactory, {"entry_deadline": datetime.date(2022, 6, 16)}),
    Case("contest_shortlist_holds_the_winners", ContestFactory, {"winners_quota": 2, "shortlist_size": 1}),
    Case("contest_disagreement_percent_range", ContestFactory, {"disagreement_percent": 101}),
    Case("contest_kind_choices", ContestFactory, {"kind": "service"}),
    Case("contest_state_choices", ContestFactory, {"state": "judged"}),
    Case("contest_aggregate_choices", ContestFactory, {"aggregate": "mode"}),
    Case("contest_tie_break_choices", ContestFactory, {"tie_break": "coin"}),
    Case("juror_role_choices", JurorFactory, {"role": "judge"}),
    Case("conflict_grounds_choices", conflict, {"grounds": "friend"}),
    Case("submission_late_is_flagged", submission, {"state": "late", "submitted_at": NOW}),
    Case("submission_late_is_flagged", submission, {"state": "submitted", "submitted_at": NOW, "accepted_at": NOW}),
    Case("submission_state_choices", submission, {"state": "lost", "submitted_at": NOW}),
    Case("scorecard_draft_not_submitted", scorecard, {"submitted_at": NOW}),
    Case("scorecard_total_not_negative", scorecard, {"total": Decimal("-0.01")}),
    Case("scorecard_status_choices", scorecard, {"status": "final", "submitted_at": NOW}),
    Case("revision_number_from_one", revision, {"number": 0}, insert=True),
    Case("revision_unlock_has_reason", revision, {"action": RevisionAction.UNLOCKED, "note": ""}, insert=True),
    Case("revision_action_choices", revision, {"action": "edited"}, insert=True),
    Case("event_action_choices", event, {"action": "erased"}, insert=True),
    Case("event_from_state_choices", event, {"from_state": "judged"}, insert=True),
    Case("event_to_state_choices", event, {"to_state": "judged"}, insert=True),
    # reminders
    Case("reminder_kind_choices", reminder, {"kind": "birthday"}),
    Case("reminder_state_choices", reminder, {"state": "lost"}),
]


def constraint_named(model, name):
    return next(c for c in model._meta.constraints if c.name == name)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_database_refuses_a_write_that_breaks_the_constraint(geography, case):
    row = case.make()
    model = type(row)
    count = model.objects.count()
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        if case.insert:
            model.objects.bulk_create([_with(row, case.bad)])
        else:
            model.objects.filter(pk=row.pk).update(**case.bad)
    assert case.constraint in str(refused.value)
    assert model.objects.count() == count
    if not case.insert:
        stored = model.objects.get(pk=row.pk)
        assert {name: getattr(stored, name) for name in case.bad} == {name: getattr(row, name) for name in case.bad}


def _with(row, values):
    for name, value in values.items():
        setattr(row, name, value)
    return row


@pytest.mark.parametrize("case", CASES, ids=str)
def test_model_validation_gives_the_constraints_message(geography, case):
    row = _with(case.make(), case.bad)
    constraint = constraint_named(type(row), case.constraint)
    with pytest.raises(ValidationError) as refused:
        row.validate_constraints()
    assert str(constraint.violation_error_message) in refused.value.messages


def test_bulk_update_changes_every_row_or_none(geography):
    first, second = ProductFactory(), ProductFactory()
    first.category, second.category = "food", "spices"
    with pytest.raises(IntegrityError, match="product_category_choices"), transaction.atomic():
        Product.objects.bulk_update([first, second], ["category"])
    assert list(Product.objects.order_by("pk").values_list("category", flat=True)) == ["textile", "textile"]


def test_a_refused_row_takes_the_rest_of_its_transaction_with_it(geography):
    group = ProducerGroupFactory()
    with pytest.raises(IntegrityError, match="product_star_year_range"), transaction.atomic():
        Product.objects.create(group=group, name="ข้าวหอมมะลิ", category="food")
        Product.objects.create(group=group, name="ผ้าไหม", category="textile", star_level=4, star_year=2800)
    assert not Product.objects.exists()


# Append-only records and locked scorecards: triggers refuse the UPDATE

@pytest.fixture
def scored(geography):
    """A member's scorecard submitted, unlocked by the chair with a reason, changed and submitted
    again (3 revisions, 1 event): the unlock flow goes through the triggers untouched."""
    contest = contest_with_panel(members=2, entries=1, criteria=((20, 1), (10, 2)))
    chair, member = (contest.jurors.get(seat=seat).user for seat in (1, 2))
    entry = contest.entries.get()
    first, second = contest.rounds.get().rubric.criteria.order_by("position")
    scoring.save_scorecard(member, entry.pk, {str(first.pk): "15", str(second.pk): "5"}, "ควรพัฒนาบรรจุภัณฑ์", submit=True)
    card = scoring.unlock(Scorecard.objects.get().pk, by=chair, reason="กรรมการกรอกคะแนนผิดช่อง")
    scoring.save_scorecard(member, entry.pk, {str(second.pk): "8"}, submit=True)
    return Scorecard.objects.get(pk=card.pk)


def test_the_unlock_flow_changes_a_submitted_scorecard_through_the_triggers(scored):
    assert (scored.status, scored.total) == (ScorecardStatus.SUBMITTED, Decimal("31.00"))
    assert sorted(scored.scores.values_list("points", flat=True)) == [Decimal("8.00"), Decimal("15.00")]
    assert list(scored.revisions.values_list("action", "total")) == [
        ("submitted", Decimal("25.00")), ("unlocked", Decimal("25.00")), ("submitted", Decimal("31.00")),
    ]
    assert ContestEvent.objects.get().action == EventAction.UNLOCKED


def raw_update(table, assignment):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {assignment}")


TAMPERING = {
    "revision through the ORM": lambda card: ScorecardRevision.objects.update(note="แก้ไขภายหลัง"),
    "revision in SQL": lambda card: raw_update("contests_scorecardrevision", "total = 100"),
    "event through the ORM": lambda card: ContestEvent.objects.update(note="แก้ไขภายหลัง"),
    "event in SQL": lambda card: raw_update("contests_contestevent", "by_id = by_id"),
    "total of a submitted scorecard": lambda card: Scorecard.objects.filter(pk=card.pk).update(total=40),
    "advice of a submitted scorecard": lambda card: Scorecard.objects.filter(pk=card.pk).update(advice=""),
    "scorecard moved to another member": lambda card: raw_update(
        "contests_scorecard", f"juror_id = (SELECT MAX(id) FROM contests_juror WHERE id <> {card.juror_id})"
    ),
    "unlock and change at once": lambda card: Scorecard.objects.filter(pk=card.pk).update(
        status=ScorecardStatus.DRAFT, submitted_at=None, total=40
    ),
    "score of a submitted scorecard": lambda card: Score.objects.filter(scorecard=card).update(points=10),
    "scores in bulk": lambda card: Score.objects.bulk_update(
        [Score(pk=score.pk, points=1) for score in card.scores.all()], ["points"]
    ),
    "score in SQL": lambda card: raw_update("contests_score", "points = max_points"),
}


def snapshot(card):
    return (
        list(ScorecardRevision.objects.order_by("pk").values_list("number", "action", "total", "note", "by_id")),
        list(ContestEvent.objects.values_list("action", "note", "by_id")),
        list(Scorecard.objects.values_list("status", "total", "advice", "juror_id", "submitted_at")),
        sorted(Score.objects.values_list("criterion_id", "points")),
    )


@pytest.mark.parametrize("tamper", TAMPERING.values(), ids=TAMPERING.keys())
def test_the_database_refuses_to_change_the_record(scored, tamper):
    before = snapshot(scored)
    with pytest.raises(IntegrityError, match="append-only|unlock it first"), transaction.atomic():
        tamper(scored)
    assert snapshot(scored) == before


def test_a_draft_scorecard_and_its_scores_stay_writable(scored):
    """The unlock itself (status and time only) passes, and then the scores are a draft again."""
    Scorecard.objects.filter(pk=scored.pk).update(status=ScorecardStatus.DRAFT, submitted_at=None)
    Score.objects.filter(scorecard=scored).update(points=0)
    Scorecard.objects.filter(pk=scored.pk).update(total=0, advice="")
    assert list(Score.objects.values_list("points", flat=True)) == [Decimal("0.00")] * 2
    assert Scorecard.objects.filter(total=0, advice="", status=ScorecardStatus.DRAFT).exists()
