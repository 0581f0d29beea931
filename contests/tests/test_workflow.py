"""The workflow graph: every allowed transition succeeds and is logged once, every other pair of
states is refused and changes nothing; who may trigger what; guards; compare-and-set; mail after
commit."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.utils import timezone, translation

from contests import scoring, workflow
from contests.enums import ContestState as S
from contests.enums import ContestLevel, EventAction, SubmissionState
from contests.models import Contest, ContestEvent, Entry, Juror, Round, Submission
from contests.tests.factories import ContestFactory, contest_with_panel
from contests.workflow import TABLE, TRANSITIONS, TransitionError, advance
from kbo.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOTE = "ที่ประชุมมีมติ"
ALLOWED = {
    (S.DRAFT, S.ENTRIES_OPEN), (S.ENTRIES_OPEN, S.DRAFT), (S.ENTRIES_OPEN, S.SCORING_OPEN),
    (S.SCORING_OPEN, S.SCORING_CLOSED), (S.SCORING_CLOSED, S.SCORING_OPEN), (S.SCORING_CLOSED, S.SHORTLISTED),
    (S.SHORTLISTED, S.FINAL_SCORING_OPEN), (S.FINAL_SCORING_OPEN, S.FINAL_SCORING_CLOSED),
    (S.FINAL_SCORING_CLOSED, S.FINAL_SCORING_OPEN), (S.SHORTLISTED, S.WINNER_SELECTED),
    (S.FINAL_SCORING_CLOSED, S.WINNER_SELECTED), (S.SHORTLISTED, S.NO_ENTRY), (S.FINAL_SCORING_CLOSED, S.NO_ENTRY),
    (S.WINNER_SELECTED, S.SUBMITTED), (S.SUBMITTED, S.WINNER_SELECTED),
}
MEETING_STEPS = {
    (S.SCORING_OPEN, S.SCORING_CLOSED), (S.SCORING_CLOSED, S.SCORING_OPEN),
    (S.FINAL_SCORING_OPEN, S.FINAL_SCORING_CLOSED), (S.FINAL_SCORING_CLOSED, S.FINAL_SCORING_OPEN),
}
NOTE_REQUIRED = {
    (S.SCORING_CLOSED, S.SCORING_OPEN), (S.FINAL_SCORING_CLOSED, S.FINAL_SCORING_OPEN),
    (S.SHORTLISTED, S.NO_ENTRY), (S.FINAL_SCORING_CLOSED, S.NO_ENTRY), (S.SUBMITTED, S.WINNER_SELECTED),
}
WITHDRAWAL = (S.SUBMITTED, S.WINNER_SELECTED)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def submit_all(contest, number):
    round = contest.rounds.get(number=number)
    for juror in contest.jurors.all():
        for entry in Entry.objects.in_round(round):
            raw = {str(c.pk): "15" for c in round.rubric.criteria.all()}
            scoring.save_scorecard(juror.user, entry.pk, raw, submit=True)


@pytest.fixture
def ready(geography):
    """A contest whose data satisfies every guard: entries, criteria, a panel (seat 1 chairs), the
    tie-break criterion, the window, every scorecard of both rounds submitted, a shortlist, a
    winner and its national submission. Each test puts it in the state it starts from (`for_step`
    withdraws the submission for the step that follows a withdrawal)."""
    contest = contest_with_panel(members=2, entries=2, criteria=((20, 1),))
    main = contest.rounds.get(number=1)
    contest.tie_break_criterion = main.rubric.criteria.get()
    contest.save()
    submit_all(contest, 1)
    first = contest.entries.order_by("presentation_order").first()
    Entry.objects.filter(pk=first.pk).update(shortlisted=True)
    Round.objects.create(contest=contest, number=2, rubric=main.rubric)
    Contest.objects.filter(pk=contest.pk).update(state=S.FINAL_SCORING_OPEN)
    submit_all(contest, 2)
    Entry.objects.filter(pk=first.pk).update(winner_position=1)
    national = ContestFactory(level=ContestLevel.NATIONAL, network=None)
    Submission.objects.create(
        national=national, provincial=contest, province_id=contest.network.province_id, entry=first,
        innovation="สีย้อมธรรมชาติ", identity="ลายผ้าพื้นถิ่น", state=SubmissionState.SUBMITTED,
        submitted_at=timezone.now(), submitted_by=chair(contest),
    )
    return contest


def in_state(contest, state):
    Contest.objects.filter(pk=contest.pk).update(state=state, now_presenting=None)
    contest.refresh_from_db()
    return contest


def for_step(contest, source, target):
    """The contest in `source`, its submission withdrawn when the step is the one that follows a
    withdrawal (as `national.withdraw` does before it moves the contest back)."""
    if (source, target) == WITHDRAWAL:
        Submission.objects.filter(provincial=contest).update(
            state=SubmissionState.WITHDRAWN, withdrawn_at=timezone.now(), withdrawal_reason=NOTE
        )
    return in_state(contest, source)


def snapshot(contest):
    row = Contest.objects.get(pk=contest.pk)
    return {**model_to_dict(row), "state": row.state, "events": ContestEvent.objects.filter(contest=contest).count()}


def chair(contest):
    return Juror.objects.get(contest=contest, seat=1).user


def plain_member(contest):
    return Juror.objects.get(contest=contest, seat=2).user


def test_the_table_is_the_documented_graph():
    assert set(TABLE) == ALLOWED
    assert {key for key, t in TABLE.items() if t.who == workflow.MEETING} == MEETING_STEPS
    assert {key for key, t in TABLE.items() if t.note_required} == NOTE_REQUIRED
    assert len(TRANSITIONS) == len(TABLE)


@pytest.mark.parametrize(("source", "target"), list(itertools.product(S, S)), ids=lambda s: s.value)
def test_every_pair_of_states(ready, ubon_officer, source, target):
    contest = for_step(ready, source, target)
    before = snapshot(contest)
    if (source, target) in ALLOWED:
        moved = advance(contest, target, by=ubon_officer, note=f"  {NOTE}  ")
        assert moved.state == target
        assert Contest.objects.get(pk=contest.pk).state == target
        event = ContestEvent.objects.get(contest=contest)
        assert (event.action, event.from_state, event.to_state, event.by, event.note, event.data) == (
            EventAction.TRANSITION, source, target, ubon_officer, NOTE, {},
        )
    else:
        with pytest.raises(TransitionError) as refused:
            advance(contest, target, by=ubon_officer, note=NOTE)
        assert refused.value.messages == [f"A contest cannot go from “{source.label}” to “{target.label}”."]
        assert snapshot(contest) == before


def test_opening_scoring_puts_the_first_entry_in_presentation_order_on_stage(ready, ubon_officer):
    contest = in_state(ready, S.ENTRIES_OPEN)
    Entry.objects.filter(contest=contest).update(presentation_order=None)
    last, first = contest.entries.order_by("id")
    Entry.objects.filter(pk=last.pk).update(presentation_order=2)
    Entry.objects.filter(pk=first.pk).update(presentation_order=1)
    advance(contest, S.SCORING_OPEN, by=ubon_officer)
    assert contest.now_presenting == first
    assert Contest.objects.get(pk=contest.pk).now_presenting_id == first.pk


# Who may trigger a transition

PERSONAS = ["ubon_officer", "national_admin", "chair", "plain_member", "chachoengsao_officer", "outsider_member"]


def persona(name, contest, request):
    if name == "chair":
        return chair(contest)
    if name == "plain_member":
        return plain_member(contest)
    if name == "outsider_member":
        return UserFactory(username="no-seat")
    return request.getfixturevalue(name)


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: f"{t.source}-{t.target}")
def test_who_may_trigger_each_transition(ready, request, transition, who):
    contest = for_step(ready, transition.source, transition.target)
    user = persona(who, contest, request)
    allowed = who in ("ubon_officer", "national_admin") or (who == "chair" and transition.who == workflow.MEETING)
    before = snapshot(contest)
    assert (transition in workflow.available(user, contest)) is allowed
    if allowed:
        advance(contest, transition.target, by=user, note=NOTE)
        assert ContestEvent.objects.get(contest=contest).by == user
    else:
        with pytest.raises(PermissionDenied):
            advance(contest, transition.target, by=user, note=NOTE)
        assert snapshot(contest) == before


def test_the_chair_closes_and_reopens_scoring_but_does_not_open_entries(ready):
    contest = in_state(ready, S.DRAFT)
    assert workflow.available(chair(contest), contest) == []
    with pytest.raises(PermissionDenied):
        advance(contest, S.ENTRIES_OPEN, by=chair(contest))
    contest = in_state(ready, S.SCORING_OPEN)
    assert [t.target for t in workflow.available(chair(contest), contest)] == [S.SCORING_CLOSED]
    advance(contest, S.SCORING_CLOSED, by=chair(contest))
    advance(contest, S.SCORING_OPEN, by=chair(contest), note="กรรมการท่านหนึ่งยังไม่ได้ส่งคะแนน")
    assert list(ContestEvent.objects.values_list("from_state", "to_state")) == [
        (S.SCORING_OPEN, S.SCORING_CLOSED), (S.SCORING_CLOSED, S.SCORING_OPEN),
    ]


# Notes and guards

@pytest.mark.parametrize("key", sorted(NOTE_REQUIRED))
@pytest.mark.parametrize("note", ["", "   \n"])
def test_a_step_that_needs_a_reason_refuses_an_empty_note(ready, ubon_officer, key, note):
    contest = in_state(ready, key[0])
    before = snapshot(contest)
    with pytest.raises(TransitionError) as refused:
        advance(contest, key[1], by=ubon_officer, note=note)
    assert refused.value.messages == ["Write the reason for this step."]
    assert snapshot(contest) == before


def refused_message(contest, target, user, note=""):
    before = snapshot(contest)
    with pytest.raises(TransitionError) as refused:
        advance(contest, target, by=user, note=note)
    assert snapshot(contest) == before
    return refused.value.messages


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda c: c.entries.update(withdrawn_at="2022-05-01T10:00+07:00", withdrawal_reason="ถอนตัว"),
         "Add at least one entry first."),
        (lambda c: c.rounds.get(number=1).rubric.criteria.all().delete(), "The contest has no criteria yet."),
        (lambda c: c.jurors.all().delete(),
         "The scoring panel is empty: the fiscal year's committee has no members."),
        (lambda c: Contest.objects.filter(pk=c.pk).update(tie_break_criterion=None),
         "Name the criterion that breaks ties before scoring opens."),
        (lambda c: Contest.objects.filter(pk=c.pk).update(scoring_closes_at=None),
         "Set the scoring window before scoring opens."),
    ],
    ids=["no entries", "no criteria", "no panel", "no tie-break criterion", "no window"],
)
def test_scoring_opens_only_when_everything_is_ready(geography, ubon_officer, spoil, message):
    contest = contest_with_panel(members=2, entries=2, criteria=((20, 1),), state=S.ENTRIES_OPEN)
    contest.tie_break_criterion = contest.rounds.get().rubric.criteria.get()
    contest.save()
    spoil(contest)
    contest.refresh_from_db()
    assert refused_message(contest, S.SCORING_OPEN, ubon_officer) == [message]


def test_the_chairs_casting_vote_rule_needs_no_tie_break_criterion(geography, ubon_officer):
    contest = contest_with_panel(members=1, entries=1, state=S.ENTRIES_OPEN, tie_break="chair")
    assert advance(contest, S.SCORING_OPEN, by=ubon_officer).state == S.SCORING_OPEN


def test_closing_with_missing_scorecards_needs_the_chairs_reason(geography, ubon_officer):
    contest = contest_with_panel(members=3, entries=2, criteria=((20, 1),))
    Juror.objects.filter(contest=contest, seat=3).update(present=False)  # absent: not waited for
    entry = contest.entries.first()
    criterion = contest.rounds.get().rubric.criteria.get()
    scoring.save_scorecard(chair(contest), entry.pk, {str(criterion.pk): "9"}, submit=True)
    assert refused_message(contest, S.SCORING_CLOSED, chair(contest)) == [
        "3 scorecards of members present are not submitted yet. Wait for them, or record why scoring "
        "closes without them."
    ]
    advance(contest, S.SCORING_CLOSED, by=chair(contest), note="กรรมการลำดับที่ 2 ต้องออกจากที่ประชุมก่อน")
    event = ContestEvent.objects.get(contest=contest)
    assert (event.to_state, event.note) == (S.SCORING_CLOSED, "กรรมการลำดับที่ 2 ต้องออกจากที่ประชุมก่อน")


@pytest.mark.parametrize(
    ("source", "target", "spoil", "message"),
    [
        (S.SCORING_CLOSED, S.SHORTLISTED, lambda c: c.entries.update(shortlisted=False), "Record the shortlist first."),
        (S.FINAL_SCORING_OPEN, S.FINAL_SCORING_CLOSED, lambda c: c.entries.update(shortlisted=True),
         "2 scorecards of members present are not submitted yet. Wait for them, or record why scoring closes "
         "without them."),
        (S.SHORTLISTED, S.WINNER_SELECTED, lambda c: c.entries.update(winner_position=None),
         "Select exactly 1 winning entries."),
        (S.FINAL_SCORING_CLOSED, S.WINNER_SELECTED, lambda c: c.entries.update(winner_position=None),
         "Select exactly 1 winning entries."),
        (S.WINNER_SELECTED, S.SUBMITTED, lambda c: c.entries.update(winner_position=None),
         "There is no selected winner to submit."),
    ],
    ids=["shortlist", "final scorecards", "winner", "winner after final", "submission"],
)
def test_each_later_guard(ready, ubon_officer, source, target, spoil, message):
    spoil(ready)
    contest = in_state(ready, source)
    assert refused_message(contest, target, ubon_officer) == [message]


@pytest.mark.parametrize(
    ("source", "target", "state", "message"),
    [
        (S.WINNER_SELECTED, S.SUBMITTED, SubmissionState.DRAFT, "Submit the national dossier: the contest follows it."),
        (S.WINNER_SELECTED, S.SUBMITTED, SubmissionState.WITHDRAWN,
         "Submit the national dossier: the contest follows it."),
        (S.SUBMITTED, S.WINNER_SELECTED, SubmissionState.SUBMITTED,
         "Withdraw the national submission: the contest follows it."),
        (S.SUBMITTED, S.WINNER_SELECTED, SubmissionState.LATE,
         "Withdraw the national submission: the contest follows it."),
    ],
    ids=["draft", "withdrawn", "standing", "late"],
)
def test_the_contest_follows_its_national_submission(ready, ubon_officer, source, target, state, message):
    Submission.objects.filter(provincial=ready).update(
        state=state, late=state == SubmissionState.LATE, withdrawal_reason=NOTE
    )
    contest = in_state(ready, source)
    assert refused_message(contest, target, ubon_officer, note=NOTE) == [message]


def test_the_final_round_opens_only_with_its_criteria_chosen(geography, ubon_officer):
    contest = contest_with_panel(members=1, entries=1, state=S.SHORTLISTED)
    assert refused_message(contest, S.FINAL_SCORING_OPEN, ubon_officer) == [
        "Choose the criteria of the final round first."
    ]


# Compare-and-set

def test_a_stale_contest_is_told_someone_else_moved_it(ready, ubon_officer, national_admin):
    contest = in_state(ready, S.SCORING_OPEN)
    other_tab = Contest.objects.get(pk=contest.pk)
    advance(other_tab, S.SCORING_CLOSED, by=national_admin)
    with pytest.raises(TransitionError) as refused:
        advance(contest, S.SCORING_CLOSED, by=ubon_officer)
    assert refused.value.messages == ["Someone else has already moved this contest on. Reload the page."]
    assert list(ContestEvent.objects.values_list("to_state", "by__username")) == [(S.SCORING_CLOSED, "national")]
    assert Contest.objects.get(pk=contest.pk).state == S.SCORING_CLOSED


def test_a_repeated_click_on_the_moved_object_is_refused_without_a_second_event(ready, ubon_officer):
    contest = in_state(ready, S.DRAFT)
    advance(contest, S.ENTRIES_OPEN, by=ubon_officer)
    with pytest.raises(TransitionError):
        advance(contest, S.ENTRIES_OPEN, by=ubon_officer)
    assert ContestEvent.objects.count() == 1


# Side effects after commit

@pytest.mark.parametrize(
    ("source", "target"), [(S.ENTRIES_OPEN, S.SCORING_OPEN), (S.SHORTLISTED, S.FINAL_SCORING_OPEN)]
)
def test_panel_members_are_mailed_after_commit_in_their_own_language(
    ready, ubon_officer, settings, mailoutbox, django_capture_on_commit_callbacks, source, target,
):
    settings.SITE_URL = "https://kbo.example.org"
    contest = in_state(ready, source)
    chair_user, member_user = chair(contest), plain_member(contest)
    member_user.language = "th"
    member_user.save()
    chair_user.language = "en"
    chair_user.save()
    Juror.objects.create(contest=contest, name="นายไม่มีบัญชี ผู้ใช้", seat=3)  # no login: no mail
    no_address = UserFactory(username="no-address", email="")
    Juror.objects.create(contest=contest, user=no_address, name="นางไม่มี อีเมล", seat=4)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        advance(contest, target, by=ubon_officer)
        assert mailoutbox == []  # nothing leaves before the commit
    assert len(callbacks) == 2  # the e-mail, and re-planning the contest's reminders
    link = f"https://kbo.example.org/contests/score/{contest.pk}/"
    by_address = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_address) == ["juror1@example.org", "juror2@example.org"]
    english = by_address["juror1@example.org"]
    assert english.subject == "KBO: scoring is open"
    assert english.body == (
        f"Scoring is open for Product innovation selection, Ubon Ratchathani, FY 2565. Open {link} on your phone "
        "to score."
    )
    thai = by_address["juror2@example.org"]
    with translation.override("th"):
        assert thai.subject == translation.gettext("KBO: scoring is open")
        assert thai.body == translation.gettext(
            "Scoring is open for %(contest)s. Open %(link)s on your phone to score."
        ) % {"contest": Contest.objects.get(pk=contest.pk), "link": link}
    assert "อุบลราชธานี" in thai.body and "Ubon" not in thai.body


def test_no_mail_when_the_transition_is_refused(ready, ubon_officer, mailoutbox, django_capture_on_commit_callbacks):
    contest = in_state(ready, S.ENTRIES_OPEN)
    Contest.objects.filter(pk=contest.pk).update(scoring_opens_at=None)
    contest.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(TransitionError):
        advance(contest, S.SCORING_OPEN, by=ubon_officer)
    assert callbacks == [] and mailoutbox == []
