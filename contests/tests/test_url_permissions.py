"""Every URL of the contests, requested as every persona, in the contest state the URL is for.

The URLs are discovered from the `contests` namespace, not listed by hand: a new URL that is missing
from `URLS` below fails `test_every_contest_url_is_declared`. Each URL is declared with its kind (who
it is for), the state of Ubon's contest it is requested in, and the object its arguments name. What
each persona should get follows from the kind (`expected_status`):

- everyone signed out is sent to the login page (302);
- another province's officer, and anyone signed in who neither keeps Ubon's register nor sits on the
  contest's panel, meets a contest that is not there (404); the officers' workspace pages refuse a
  user without a register role before looking anything up (403), as the rest of the workspace does;
- inside, without the role: 403 (a panel member on an officer's page, a member on the meeting's);
- the scoring pages are the panel's only (404 for everyone else, officers included), and an entry
  the member has a conflict with is not there for them (404);
- POST-only URLs answer 405 to a GET from anyone allowed in; a POST from anyone refused changes no
  row of the contests' tables.

The panel: juror1 chairs, juror2 is a plain member, juror3 has a conflict with the first entry, the
entry every entry URL names. From scoring open on, every member has submitted the same points for
each of their entries (so the entries are level and the chair's casting vote has work to do).
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import get_resolver, reverse
from django.utils import timezone

from contests import scoring
from contests.enums import ContestLevel, SubmissionState
from contests.enums import ContestState as S
from contests.models import Award, Contest, Entry, Juror, Round, Scorecard, Submission
from contests.tests.factories import ConflictFactory, RubricFactory, contest_with_panel
from kbo.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.permissions

REGISTER = "register"  # an officers' workspace page about no contest in particular
MANAGED = "managed"  # a page about Ubon's contest for its officers and national admins
MANAGED_POST = "managed, post-only"
MEETING = "meeting"  # the officers and the committee's chair, who runs the meeting
MEETING_POST = "meeting, post-only"
SIGNED_IN = "signed-in"  # anyone signed in (the list of their own contests)
PANEL = "panel"  # the members of the contest's panel only
SCORED = "scored"  # the panel members who score the entry (not the one with a conflict)
RESULTS = "results"  # the officers and the whole panel, once a round's scores are out
OWN_SHEET = "own sheet"  # the officers and the member whose score sheet it is (juror2's)
SCORES = "scores"  # every member's scores and a group's feedback: the officers only
NATIONAL = "national"  # the national round's pages: national admins only (403 for anyone else signed in)
NATIONAL_POST = "national, post-only"
SUBMISSION = "submission"  # Ubon's national submission: its officers and national admins
SUBMISSION_POST = "submission, post-only"
ACCEPT_POST = "accept, post-only"  # accepting Ubon's late submission: national admins only
CERTIFICATE = "certificate"  # Ubon's national certificate: its officers and national admins
PUBLIC = "public"  # the published results: everyone, signed in or not

POST_ONLY = {MANAGED_POST, MEETING_POST, NATIONAL_POST, SUBMISSION_POST, ACCEPT_POST}

# url name: (kind, the contest's state when it is requested, the object its URL arguments name)
URLS = {
    "contests:contest_list": (REGISTER, S.DRAFT, None),
    "contests:contest_create": (REGISTER, S.DRAFT, None),
    "contests:contest_detail": (MANAGED, S.DRAFT, "contest"),
    "contests:contest_update": (MANAGED, S.DRAFT, "contest"),
    "contests:contest_copy": (MANAGED_POST, S.DRAFT, "contest"),
    "contests:contest_reminders": (MANAGED, S.SCORING_OPEN, "contest"),
    "contests:round_criteria": (MANAGED, S.DRAFT, "round"),
    "contests:entry_create": (MANAGED, S.ENTRIES_OPEN, "contest"),
    "contests:entry_detail": (MANAGED, S.ENTRIES_OPEN, "entry"),
    "contests:entry_update": (MANAGED, S.ENTRIES_OPEN, "entry"),
    "contests:entry_withdraw": (MANAGED, S.ENTRIES_OPEN, "entry"),
    "contests:draw_order": (MANAGED_POST, S.ENTRIES_OPEN, "contest"),
    "contests:set_order": (MANAGED, S.ENTRIES_OPEN, "contest"),
    "contests:panel_sync": (MANAGED_POST, S.ENTRIES_OPEN, "contest"),
    "contests:conflict_create": (MANAGED, S.ENTRIES_OPEN, "contest"),
    "contests:scoring_end": (MANAGED, S.SCORING_OPEN, "contest"),
    "contests:advance": (MEETING, S.SCORING_OPEN, "closing"),
    "contests:meeting": (MEETING, S.SCORING_OPEN, "contest"),
    "contests:meeting_board": (MEETING, S.SCORING_OPEN, "contest"),
    "contests:present": (MEETING_POST, S.SCORING_OPEN, "contest"),
    "contests:attendance": (MEETING_POST, S.SCORING_OPEN, "contest"),
    "contests:unlock": (MEETING, S.SCORING_OPEN, "scorecard"),
    "contests:my_contests": (SIGNED_IN, S.SCORING_OPEN, None),
    "contests:score_home": (PANEL, S.SCORING_OPEN, "contest"),
    "contests:score_now": (PANEL, S.SCORING_OPEN, "contest"),
    "contests:score_entry": (SCORED, S.SCORING_OPEN, "entry"),
    "contests:declare_conflict": (SCORED, S.SCORING_OPEN, "entry"),
    "contests:ranking": (RESULTS, S.SCORING_CLOSED, "round"),
    "contests:shortlist": (MANAGED, S.SCORING_CLOSED, "contest"),
    "contests:casting_vote": (MEETING, S.SCORING_CLOSED, "contest"),
    "contests:final_round": (MANAGED_POST, S.SHORTLISTED, "contest"),
    "contests:select_winner": (MANAGED, S.SHORTLISTED, "contest"),
    "contests:no_entry": (MANAGED, S.SHORTLISTED, "contest"),
    "contests:score_sheet_pdf": (OWN_SHEET, S.SCORING_CLOSED, "sheet"),
    "contests:score_sheets_pdf": (SCORES, S.SCORING_CLOSED, "contest"),
    "contests:ranking_pdf": (RESULTS, S.SCORING_CLOSED, "round"),
    "contests:record_pdf": (RESULTS, S.SCORING_CLOSED, "contest"),
    "contests:scores_xlsx": (SCORES, S.SCORING_CLOSED, "contest"),
    "contests:feedback": (SCORES, S.SCORING_CLOSED, "entry"),
    "contests:feedback_xlsx": (SCORES, S.SCORING_CLOSED, "entry"),
    "contests:dossier": (MANAGED, S.WINNER_SELECTED, "contest"),
    "contests:national_result": (MANAGED, S.SUBMITTED, "contest"),
    "contests:submission_detail": (SUBMISSION, S.SUBMITTED, "submission"),
    "contests:submission_submit": (SUBMISSION_POST, S.SUBMITTED, "submission"),
    "contests:submission_withdraw": (SUBMISSION, S.SUBMITTED, "submission"),
    "contests:submission_accept": (ACCEPT_POST, S.SUBMITTED, "submission"),
    "contests:national_list": (NATIONAL, S.SUBMITTED, None),
    "contests:national_create": (NATIONAL, S.SUBMITTED, None),
    "contests:national_detail": (NATIONAL, S.SUBMITTED, "national"),
    "contests:national_update": (NATIONAL, S.SUBMITTED, "national"),
    "contests:national_awards": (NATIONAL, S.SUBMITTED, "national"),
    "contests:national_teams": (NATIONAL, S.SUBMITTED, "national"),
    "contests:national_dashboard": (NATIONAL, S.SUBMITTED, "national"),
    "contests:award_assign": (NATIONAL, S.SUBMITTED, "national"),
    "contests:certificates_pdf": (NATIONAL, S.SUBMITTED, "national"),
    "contests:certificate_pdf": (CERTIFICATE, S.SUBMITTED, "national entry"),
    "contests:public_results": (PUBLIC, S.SUBMITTED, "results"),
}

PERSONAS = [
    "anonymous", "national_admin", "ubon_officer", "chachoengsao_officer",
    "chair", "member", "conflicted_member", "outsider",
]
OFFICERS = {"national_admin", "ubon_officer"}  # Ubon's contest is theirs
REGISTER_KEEPERS = {*OFFICERS, "chachoengsao_officer"}
JURORS = {"chair": 1, "member": 2, "conflicted_member": 3}  # persona: seat on Ubon's panel

ALLOWED = {  # kind: who is let in
    REGISTER: REGISTER_KEEPERS,
    MANAGED: OFFICERS,
    MANAGED_POST: OFFICERS,
    MEETING: {*OFFICERS, "chair"},
    MEETING_POST: {*OFFICERS, "chair"},
    SIGNED_IN: {persona for persona in PERSONAS if persona != "anonymous"},
    PANEL: set(JURORS),
    SCORED: {"chair", "member"},
    RESULTS: {*OFFICERS, *JURORS},
    OWN_SHEET: {*OFFICERS, "member"},
    SCORES: OFFICERS,
    NATIONAL: {"national_admin"},
    NATIONAL_POST: {"national_admin"},
    SUBMISSION: OFFICERS,
    SUBMISSION_POST: OFFICERS,
    ACCEPT_POST: {"national_admin"},
    CERTIFICATE: OFFICERS,
    PUBLIC: set(PERSONAS),
}
WORKSPACE = {REGISTER, MANAGED, MANAGED_POST, SUBMISSION, SUBMISSION_POST, ACCEPT_POST, CERTIFICATE}
# The national round's state when a URL is requested (accepting submissions unless named here).
NATIONAL_STATES = {
    "contests:award_assign": S.SCORING_CLOSED,
    "contests:certificates_pdf": S.PUBLISHED,
    "contests:certificate_pdf": S.PUBLISHED,
    "contests:public_results": S.PUBLISHED,
    "contests:national_result": S.PUBLISHED,
}

# (url name, persona): why the view's answer is wrong. Such a case is expected to fail (a strict
# xfail) until the view is fixed; then it passes, fails the run, and comes off this list.
KNOWN_WRONG = {}


def expected_status(kind, persona):
    if persona in ALLOWED[kind]:
        return 405 if kind in POST_ONLY else 200
    if persona == "anonymous":
        return 302  # to the login page
    if kind in {NATIONAL, NATIONAL_POST}:
        return 403  # national admins' pages: anyone else signed in is refused, whatever the province
    if kind == ACCEPT_POST and persona == "ubon_officer":
        return 403  # their own submission, but accepting it is CDD's
    if kind in WORKSPACE and persona not in REGISTER_KEEPERS:
        return 403  # the workspace refuses a user without a register role before looking anything up
    if persona in JURORS and kind not in {PANEL, SCORED}:
        return 403  # on the contest's panel, without this page's role
    return 404  # another province's contest, or one (or an entry) the user has no part in


def discovered_urls():
    """(name, argument names, HTTP methods the view answers) of every URL in the namespace."""
    return [
        (f"contests:{pattern.name}", sorted(pattern.pattern.converters), methods_of(pattern.callback.view_class))
        for pattern in get_resolver().namespace_dict["contests"][1].url_patterns
    ]


def methods_of(view_class):
    allowed = view_class.http_method_names
    return [method for method in ("get", "post") if method in allowed and hasattr(view_class, method)]


def contest_in(state):
    """Ubon's FY 2565 contest in `state`: two criteria, three entries, the panel (chair, member,
    conflicted member); from scoring open on, every scorecard submitted with the same points."""
    contest = contest_with_panel(members=3, entries=3, criteria=((20, 1), (10, 2)), state=S.SCORING_OPEN)
    entries = list(contest.entries.order_by("presentation_order"))
    ConflictFactory(juror=Juror.objects.get(contest=contest, seat=JURORS["conflicted_member"]), entry=entries[0])
    if state not in {S.DRAFT, S.ENTRIES_OPEN}:
        points = {str(criterion.pk): "8" for criterion in contest.rounds.get(number=1).rubric.criteria.all()}
        for juror in contest.jurors.all():
            for entry in entries:
                if not juror.conflicts.filter(entry=entry).exists():
                    scoring.save_scorecard(juror.user, entry.pk, points, submit=True)
    if state == S.SHORTLISTED:
        contest.entries.filter(pk__in=[entry.pk for entry in entries[:2]]).update(shortlisted=True)
    if state in {S.WINNER_SELECTED, S.SUBMITTED}:
        Entry.objects.filter(pk=entries[1].pk).update(winner_position=1)
        national_round_with(contest, entries[1], submitted=state == S.SUBMITTED)
    Contest.objects.filter(pk=contest.pk).update(state=state)  # set-up only: the application uses workflow.advance
    return contest


def national_round_with(contest, winner, *, submitted):
    """The FY 2565 national round: accepting submissions; or, with Ubon's winner submitted and
    awarded, published."""
    national = Contest.objects.create(
        level=ContestLevel.NATIONAL, fiscal_year=contest.fiscal_year, kind=contest.kind,
        state=S.ENTRIES_OPEN, submission_deadline=timezone.now() + timedelta(days=1),
    )
    Round.objects.create(contest=national, number=1, rubric=RubricFactory())
    if submitted:
        award = Award.objects.create(contest=national, position=1, name_th="เหรียญทอง")
        entry = Entry.objects.create(contest=national, group=winner.group, product=winner.product, award=award)
        Submission.objects.create(
            national=national, provincial=contest, province_id="34", entry=winner, national_entry=entry,
            innovation="ย้อมสีธรรมชาติ", identity="ลายผ้าของชุมชน", state=SubmissionState.SUBMITTED,
            submitted_at=timezone.now(), submitted_by=UserFactory(username="submitter"),
        )
    return national


def url_arguments(contest, row):
    """The URL arguments naming `row` of `contest`."""
    entry = contest.entries.order_by("presentation_order").first()  # the one the conflicted member may not score
    member = contest.jurors.get(seat=JURORS["member"])
    match row:
        case None:
            return {}
        case "contest":
            return {"contest_pk": contest.pk}
        case "round":  # the main round
            return {"round_pk": contest.rounds.get(number=1).pk}
        case "entry":
            return {"entry_pk": entry.pk}
        case "scorecard":  # the member's, submitted
            return {"scorecard_pk": Scorecard.objects.get(juror=member, entry=entry).pk}
        case "sheet":  # the member's score sheet
            return {"contest_pk": contest.pk, "juror_pk": member.pk}
        case "closing":  # the step that closes scoring
            return {"contest_pk": contest.pk, "state": S.SCORING_CLOSED}
        case "submission":  # Ubon's submission to the national round
            return {"submission_pk": Submission.objects.get(provincial=contest).pk}
        case "national":
            return {"contest_pk": Contest.objects.get(level=ContestLevel.NATIONAL).pk}
        case "national entry":  # Ubon's winner in the national round, awarded
            return {"entry_pk": Submission.objects.get(provincial=contest).national_entry_id}
        case "results":
            return {"fiscal_year": contest.fiscal_year, "kind": contest.kind}


def posted(name, contest):
    """What a refused persona posts: a body that would do something if the view let it through."""
    entries = list(contest.entries.order_by("presentation_order"))
    member = contest.jurors.get(seat=JURORS["member"])
    reason = "บันทึกโดยผู้ไม่มีสิทธิ์"
    return {
        "contests:present": {"entry": entries[1].pk},
        "contests:attendance": {"juror": member.pk, "present": ""},
        "contests:final_round": {"criteria": "same"},
        "contests:advance": {"note": reason},
        "contests:unlock": {"reason": reason},
        "contests:no_entry": {"reason": reason},
        "contests:entry_withdraw": {"reason": reason},
        "contests:conflict_create": {"juror": member.pk, "entry": entries[1].pk, "grounds": "other", "note": reason},
        "contests:declare_conflict": {"grounds": "other", "note": reason},
        "contests:score_entry": {"action": "submit", "advice": reason},
        "contests:scoring_end": {"scoring_closes_at_0": "31/12/2570", "scoring_closes_at_1": "17:00"},
        "contests:contest_reminders": {"note": reason},
    }.get(name, {})


def contest_rows():
    """Every row of the contests' (and their reminders') tables, to show that a refused POST changed
    nothing."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for label in ("contests", "reminders")
        for model in apps.get_app_config(label).get_models()
    }


def cases():
    """(url name, persona) for every declared URL and persona, the known wrong answers marked."""
    return [
        pytest.param(name, persona, id=f"{name.removeprefix('contests:')}-{persona}", marks=[
            pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[name, persona])
        ] if (name, persona) in KNOWN_WRONG else [])
        for name in URLS
        for persona in PERSONAS
    ]


def test_every_contest_url_is_declared(geography):
    discovered = {name: arguments for name, arguments, _methods in discovered_urls()}
    assert sorted(discovered) == sorted(URLS)
    contest = contest_in(S.SUBMITTED)
    assert {name: sorted(url_arguments(contest, row)) for name, (_kind, _state, row) in URLS.items()} == discovered


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), cases())
def test_contest_url_answers_each_persona_as_declared(client, request, geography, name, persona):
    kind, state, row = URLS[name]
    contest = contest_in(state)
    Contest.objects.filter(level=ContestLevel.NATIONAL).update(state=NATIONAL_STATES.get(name, S.ENTRIES_OPEN))
    if persona in JURORS:
        client.force_login(contest.jurors.get(seat=JURORS[persona]).user)
    elif persona == "outsider":
        client.force_login(UserFactory(username="outsider"))  # signed in, no role anywhere
    elif persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = reverse(name, kwargs=url_arguments(contest, row))
    methods = {url_name: accepted for url_name, _arguments, accepted in discovered_urls()}[name]
    expected = expected_status(kind, persona)

    if expected == 405:  # allowed in, but the URL only takes a POST
        assert client.get(url).status_code == 405
        return
    responses = {}
    if "get" in methods:
        responses["GET"] = client.get(url)
    if expected != 200 and "post" in methods:
        before = contest_rows()
        responses["POST"] = client.post(url, posted(name, contest))
        assert contest_rows() == before, "a refused POST changed rows"
    answers = {method: response.status_code for method, response in responses.items()}
    assert answers == dict.fromkeys(responses, expected)
    if persona == "anonymous" and expected == 302:
        login = reverse("login")
        assert all(response.url.startswith(f"{login}?next=") for response in responses.values())

