"""The data `test_access.py` requests every URL on: the personas and, for Ubon Ratchathani and
Chachoengsao alike, one row of everything a URL can name, built once for the module.

Each province has its network, partner, committee, producer groups, products, photo, cohort,
enrolment, trainee, training session, product standard, reminder and an officer's waiting import;
and one contest per *stage* the URLs are requested in (a fiscal year each, so that the contests,
committees and national rounds of different stages never meet): three entries, two criteria and a
panel of three (chair, member, and a member with a conflict on the first entry, the one every entry
URL names). Ubon's panel is the personas chair, member and conflicted_member; Chachoengsao's is three
other people. From scoring open on, every member has submitted the same points on each of their
entries. A stage past the selection has the national round of its year, with both provinces'
winners submitted and awarded; the national judge sits on the round that is open for judging.
"""

import datetime
from io import BytesIO
from types import SimpleNamespace

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_celery_beat.models import (
    ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule,
)
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from contests import scoring
from contests.enums import ContestKind, ContestLevel, EventAction, SubmissionState
from contests.enums import ContestState as S
from contests.models import (
    Award, Contest, ContestEvent, Entry, JudgingTeam, Juror, Round, Rubric, Scorecard, Submission,
)
from contests.reminders.enums import Kind as ReminderKind
from contests.reminders.models import Reminder
from contests.tests.factories import ConflictFactory, ContestFactory, CriterionFactory, EntryFactory, RubricFactory
from kbo.accounts.tests.factories import UserFactory
from kbo.core.tests.access_table import CHACHOENGSAO, NATIONAL_ROUND, UBON
from kbo.geography.models import District, Province, Subdistrict
from networks.enums import CommitteeRole
from networks.models import KnowledgePartner
from networks.tests.factories import CommitteeFactory, CommitteeMemberFactory, NetworkFactory
from products import importing
from products.models import ProductPhoto, ProductStandard
from products.tests.factories import (
    CohortFactory, EnrollmentFactory, ProducerGroupFactory, ProductFactory, TraineeFactory, TrainingSessionFactory,
)
from products.tests.test_importing import group_row, workbook_bytes

# (state of the provincial contests, state of the national round of their year): the fiscal year
# each stage is built in.
STAGES = {
    (S.DRAFT, None): 2560,
    (S.ENTRIES_OPEN, None): 2561,
    (S.SCORING_OPEN, None): 2562,
    (S.SCORING_CLOSED, None): 2563,
    (S.SHORTLISTED, None): 2564,
    (S.WINNER_SELECTED, S.ENTRIES_OPEN): 2565,
    (S.SUBMITTED, S.ENTRIES_OPEN): 2566,
    (S.SUBMITTED, S.SCORING_OPEN): 2567,
    (S.SUBMITTED, S.SCORING_CLOSED): 2568,
    (S.SUBMITTED, S.PUBLISHED): 2569,
}
UNSCORED = {S.DRAFT, S.ENTRIES_OPEN}
# Stages there for their national round alone: no URL names their provincial contests, left unscored.
NATIONAL_ONLY = {(S.SUBMITTED, S.SCORING_OPEN), (S.SUBMITTED, S.SCORING_CLOSED)}
PLACES = {UBON: ("340101", "34000"), CHACHOENGSAO: ("240101", "24000")}  # a subdistrict and its postal code
PANELS = {  # each province's panel: (username, committee role), by seat; Ubon's are personas
    UBON: [("chair", CommitteeRole.CHAIR), ("member", CommitteeRole.MEMBER), ("conflicted", CommitteeRole.MEMBER)],
    CHACHOENGSAO: [("cha-chair", CommitteeRole.CHAIR), ("cha-member", CommitteeRole.MEMBER),
                   ("cha-conflicted", CommitteeRole.MEMBER)],
}
MEMBER_SEAT = 2  # the member whose own score sheet is the URL's
CONFLICTED_SEAT = 3


def stage_of(state, national=None):
    """The stage a URL is requested in: a contest that has chosen its winner waits for the national
    round of its year, accepting submissions unless the URL needs it further on."""
    if national is None and state in {S.WINNER_SELECTED, S.SUBMITTED}:
        national = S.ENTRIES_OPEN
    return state, national


def build():
    users = personas()
    world = SimpleNamespace(users=users, provinces={}, contests={})
    for code, officer in ((UBON, users["ubon_officer"]), (CHACHOENGSAO, users["chachoengsao_officer"])):
        world.provinces[code] = register_rows(code, officer)
    for stage, fiscal_year in STAGES.items():
        for code, rows in world.provinces.items():
            world.contests[stage, code] = contest(rows, code, fiscal_year, stage[0], scored=stage not in NATIONAL_ONLY)
        if stage[1] is not None:
            world.contests[stage, NATIONAL_ROUND] = national_round(
                fiscal_year, stage, [world.contests[stage, code] for code in world.provinces], users["national_judge"]
            )
    world.admin_objects = admin_objects(world)
    return world


def personas():
    return {
        "national_admin": UserFactory(username="national", is_national_admin=True),
        "ubon_officer": UserFactory(username="ubon", officer_provinces=[UBON]),
        "chachoengsao_officer": UserFactory(username="chachoengsao", officer_provinces=[CHACHOENGSAO]),
        "chair": UserFactory(username="chair"),
        "member": UserFactory(username="member"),
        "conflicted_member": UserFactory(username="conflicted"),
        "national_judge": UserFactory(username="judge", is_national_judge=True),
        "outsider": UserFactory(username="outsider"),  # signed in, no role anywhere
    }


def register_rows(code, officer):
    """One row of every kind a register URL names, in the province."""
    subdistrict, postal_code = PLACES[code]
    network = NetworkFactory(province_id=code)
    products = [
        ProductFactory(group=ProducerGroupFactory(subdistrict_id=subdistrict, postal_code=postal_code))
        for _number in range(3)
    ]
    committee = CommitteeFactory(network=network, fiscal_year=STAGES[S.DRAFT, None])
    enrollment = EnrollmentFactory(cohort=CohortFactory(province_id=code), group=products[0].group)
    trainee = TraineeFactory(enrollment=enrollment)
    workbook = SimpleUploadedFile("groups.xlsx", workbook_bytes([group_row()]))
    return SimpleNamespace(
        network=network,
        partner=KnowledgePartner.objects.create(network=network, name="มหาวิทยาลัยในจังหวัด", kind="education"),
        committee=committee,
        member=CommitteeMemberFactory(committee=committee),  # without a login
        products=products,
        photo=ProductPhoto.objects.create(product=products[0], image=ContentFile(jpeg(), "photo.jpg")),
        standard=ProductStandard.objects.create(product=products[0], kind="tcps", number="มผช. 1/2565"),
        trainee=trainee,
        session=TrainingSessionFactory(cohort=trainee.enrollment.cohort),
        upload=importing.store_upload(workbook, officer),
        reminder=Reminder.objects.create(
            kind=ReminderKind.STANDARDS, user=officer, recipient_key=f"u{officer.pk}", name=officer.get_username(),
            object_key=f"province:{code}", province_id=code, due_at=timezone.now(),
        ),
    )


def jpeg():
    image = BytesIO()
    Image.new("RGB", (8, 8), "green").save(image, "JPEG")
    return image.getvalue()


def contest(rows, code, fiscal_year, state, *, scored=True):
    """The province's contest of `fiscal_year` in `state` (see the module's docstring)."""
    contest = ContestFactory(network=rows.network, fiscal_year=fiscal_year, state=S.SCORING_OPEN)
    rubric = contest.rounds.get(number=1).rubric
    for position, (max_points, weight) in enumerate(((20, 1), (10, 2)), start=1):
        CriterionFactory(rubric=rubric, position=position, max_points=max_points, weight=weight)
    committee = rows.committee if fiscal_year == rows.committee.fiscal_year else CommitteeFactory(
        network=rows.network, fiscal_year=fiscal_year
    )
    for seat, (username, role) in enumerate(PANELS[code], start=1):
        member = CommitteeMemberFactory(committee=committee, seat=seat, user=UserFactory(username=username), role=role)
        Juror.objects.create(
            contest=contest, member=member, user=member.user, name=member.full_name, role=role, seat=seat
        )
    entries = [
        EntryFactory(contest=contest, product=product, group=product.group, presentation_order=order)
        for order, product in enumerate(rows.products, start=1)
    ]
    ConflictFactory(juror=contest.jurors.get(seat=CONFLICTED_SEAT), entry=entries[0])
    if scored and state not in UNSCORED:
        points = {str(criterion.pk): "8" for criterion in rubric.criteria.all()}
        for juror in contest.jurors.all():
            for entry in Entry.objects.for_juror(juror):
                scoring.save_scorecard(juror.user, entry.pk, points, submit=True)
    if state == S.SHORTLISTED:
        Entry.objects.filter(pk__in=[entry.pk for entry in entries[:2]]).update(shortlisted=True)
    if state in {S.WINNER_SELECTED, S.SUBMITTED}:
        Entry.objects.filter(pk=entries[1].pk).update(winner_position=1)
    Contest.objects.filter(pk=contest.pk).update(state=state)  # set-up only: the application uses workflow.advance
    contest.refresh_from_db()
    return contest


def national_round(fiscal_year, stage, provincial, judge):
    """The national round of the stage's year; once the provinces have submitted, their winners are
    in it, awarded; the national judge judges the round that is open for judging."""
    state, national_state = stage
    national = Contest.objects.create(
        level=ContestLevel.NATIONAL, fiscal_year=fiscal_year, kind=ContestKind.PRODUCT, state=national_state,
        submission_deadline=timezone.now() + datetime.timedelta(days=1),
        scoring_opens_at=timezone.now() - datetime.timedelta(hours=1),
        scoring_closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    rubric = RubricFactory(fiscal_year=fiscal_year)
    CriterionFactory(rubric=rubric, max_points=100)
    Round.objects.create(contest=national, number=1, rubric=rubric)
    if state == S.SUBMITTED:
        award = Award.objects.create(contest=national, position=1, name_th="เหรียญทอง", count=len(provincial))
        for order, contest in enumerate(provincial, start=1):
            winner = contest.entries.get(winner_position=1)
            Submission.objects.create(
                national=national, provincial=contest, province_id=contest.network.province_id, entry=winner,
                national_entry=Entry.objects.create(
                    contest=national, group=winner.group, product=winner.product, award=award, presentation_order=order,
                ),
                innovation="ย้อมสีธรรมชาติ", identity="ลายผ้าของชุมชน", state=SubmissionState.SUBMITTED,
                submitted_at=timezone.now(), submitted_by=contest.network.province.officers.get(),
            )
    if national_state == S.SCORING_OPEN:
        team = JudgingTeam.objects.create(contest=national, name="ทุกภาค")  # judges every region
        Juror.objects.create(contest=national, user=judge, name=judge.get_full_name(), seat=1, team=team)
    return national


def admin_objects(world):
    """A row for each model admin's object URLs: each province's where the admin is scoped to
    provinces, otherwise one (keyed None)."""
    users = world.users
    objects = {}
    for code, rows in world.provinces.items():
        running = world.contests[(S.SCORING_OPEN, None), code]
        scorecard = Scorecard.objects.filter(entry__contest=world.contests[(S.SCORING_CLOSED, None), code]).first()
        for label, row in {
            "geography.province": Province.objects.get(code=code),
            "geography.district": District.objects.filter(province_id=code).first(),
            "geography.subdistrict": Subdistrict.objects.get(code=PLACES[code][0]),
            "networks.network": rows.network,
            "networks.knowledgepartner": rows.partner,
            "networks.committee": rows.committee,
            "networks.committeemember": rows.member,
            "products.producergroup": rows.products[0].group,
            "products.product": rows.products[0],
            "products.productstandard": rows.standard,
            "products.cohort": rows.trainee.enrollment.cohort,
            "products.enrollment": rows.trainee.enrollment,
            "products.trainingsession": rows.session,
            "contests.contest": running,
            "contests.scorecard": scorecard,
            "contests.scorecardrevision": scorecard.revisions.first(),
            "contests.contestevent": ContestEvent.objects.create(
                contest=running, action=EventAction.ORDER_DRAWN, by=running.network.province.officers.get()
            ),
            "reminders.reminder": rows.reminder,
            "auditlog.logentry": LogEntry.objects.get_for_object(rows.network).first(),  # the network added
        }.items():
            objects.setdefault(label, {})[code] = row
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    attempt = {"user_agent": "pytest", "ip_address": "127.0.0.1", "username": "somebody", "http_accept": "*/*",
               "path_info": "/accounts/login/"}
    for label, row in {
        "accounts.user": users["outsider"],
        "auth.group": Group.objects.create(name="ผู้ช่วยดูแลระบบ"),
        "contests.rubric": Rubric.objects.create(name="เกณฑ์กลาง ปี 2559", fiscal_year=2559, is_template=True),
        "django_celery_beat.periodictask": PeriodicTask.objects.create(
            name="access-test", task="kbo.ping", interval=interval
        ),
        "django_celery_beat.clockedschedule": ClockedSchedule.objects.create(clocked_time=timezone.now()),
        "django_celery_beat.crontabschedule": CrontabSchedule.objects.create(minute="0", hour="6"),
        "django_celery_beat.solarschedule": SolarSchedule.objects.create(
            event="sunrise", latitude="15.244", longitude="104.847"
        ),
        "django_celery_beat.intervalschedule": interval,
        "axes.accessattempt": apps.get_model("axes", "AccessAttempt").objects.create(
            **attempt, get_data="", post_data="", failures_since_start=1
        ),
        "axes.accesslog": apps.get_model("axes", "AccessLog").objects.create(**attempt),
        "axes.accessfailurelog": apps.get_model("axes", "AccessFailureLog").objects.create(**attempt),
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=users["outsider"], name="โทรศัพท์", confirmed=False),
    }.items():
        objects[label] = {None: row}
    return objects


def url_arguments(world, row, owner, stage):
    """The URL arguments naming `row` of `owner` (a province, the national round, or None) in `stage`:
    a dict of them, or the one value of a URL's only argument."""
    if row is None:
        return {}
    if owner in world.provinces:
        rows = world.provinces[owner]
        register = {
            "network": rows.network, "partner": rows.partner, "committee": rows.committee,
            "committee member": rows.member, "group": rows.products[0].group, "product": rows.products[0],
            "photo": rows.photo, "cohort": rows.trainee.enrollment.cohort, "enrollment": rows.trainee.enrollment,
            "trainee": rows.trainee, "training session": rows.session,
        }
        if row in register:
            return register[row].pk
        if row == "upload":  # waiting for the province's officer, who uploaded it
            return rows.upload
        if row == "photo file":
            return {"path": rows.photo.image.name}
        if row == "network on site":
            return {"content_type_id": ContentType.objects.get_for_model(rows.network).pk, "object_id": rows.network.pk}
    if row == "password reset link":  # the Ubon officer's, expired
        return {"uidb64": urlsafe_base64_encode(force_bytes(world.users["ubon_officer"].pk)), "token": "c0ffee-expired"}
    if row == "results":
        national = world.contests[stage, NATIONAL_ROUND]
        return {"fiscal_year": national.fiscal_year, "kind": national.kind}
    if row == "national round":
        return world.contests[stage, NATIONAL_ROUND].pk
    if row in {"submission", "national entry"}:
        submission = Submission.objects.get(provincial=world.contests[stage, owner])
        return submission.pk if row == "submission" else submission.national_entry_id
    if owner == NATIONAL_ROUND:  # the national round in the state the URL asks of a contest
        contest = world.contests[(S.SUBMITTED, stage[0]), owner]
    else:
        contest = world.contests[stage, owner]
    entry = contest.entries.order_by("presentation_order").first()  # the one the conflicted member may not score
    match row:
        case "contest":
            return contest.pk
        case "round":  # the main round
            return contest.rounds.get(number=1).pk
        case "entry":
            return entry.pk
        case "scorecard":  # the member's, submitted
            return Scorecard.objects.get(juror__contest=contest, juror__seat=MEMBER_SEAT, entry=entry).pk
        case "score sheet":  # the member's
            return {"contest_pk": contest.pk, "juror_pk": contest.jurors.get(seat=MEMBER_SEAT).pk}
        case "closing":  # the step that closes scoring
            return {"contest_pk": contest.pk, "state": S.SCORING_CLOSED}
    raise KeyError(f"no object for the URL row {row!r} of {owner!r}")


REASON = "บันทึกโดยผู้ไม่มีสิทธิ์"


def posted(world, name, owner, stage):
    """What a refused persona posts: a body that would do something if the view let it through."""
    if name.startswith("admin:") and name.endswith("_delete"):
        return {"post": "yes"}  # the delete page's confirmation
    bodies = {
        "contests:final_round": {"criteria": "same"},
        "contests:advance": {"note": REASON},
        "contests:unlock": {"reason": REASON},
        "contests:no_entry": {"reason": REASON},
        "contests:entry_withdraw": {"reason": REASON},
        "contests:submission_withdraw": {"reason": REASON},
        "contests:declare_conflict": {"grounds": "other", "note": REASON},
        "contests:score_entry": {"action": "submit", "advice": REASON},
        "contests:scoring_end": {"scoring_closes_at_0": "31/12/2570", "scoring_closes_at_1": "17:00"},
        "contests:contest_reminders": {"note": REASON},
    }
    if name in {"contests:present", "contests:attendance", "contests:conflict_create"}:
        contest = world.contests[stage, owner]
        second = contest.entries.get(presentation_order=2)
        member = contest.jurors.get(seat=MEMBER_SEAT)
        bodies |= {
            "contests:present": {"entry": second.pk},
            "contests:attendance": {"juror": member.pk, "present": ""},
            "contests:conflict_create": {"juror": member.pk, "entry": second.pk, "grounds": "other", "note": REASON},
        }
    return bodies.get(name, {})
