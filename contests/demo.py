"""Demo contests, on top of `products.demo`: CDD's national rubric templates for FY 2565 and 2566,
Ubon Ratchathani's FY 2565 selection played through to its one winner, and its FY 2566 selection
open for scoring, so that the demo login "member" can score on a phone.

Every step goes through the engine, as the demo officer "ubon" (or the member scoring): contests
are created and copied by `contests.services`, moved by `contests.workflow.advance`, scored by
`contests.scoring.save_scorecard`; no state is set by hand. The engine refuses a score outside the
scoring window, and the audit trail records the real time of each step, so the FY 2565 meeting
(held on 23 May 2022) is replayed now: its scoring window is the eight hours from the first run.

Contests are keyed on network, fiscal year and kind, and are played only when missing, so a second
run adds nothing. The one thing a later run refreshes is the open contest's closing time (30 days
ahead again), like `products.demo` keeps its expiry dates relative to today.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from contests import scoring, services
from contests.enums import ConflictGrounds, ContestKind, ContestState
from contests.models import Conflict, Contest, Criterion, Entry, Rubric
from contests.workflow import advance
from kbo.accounts.models import User
from networks.models import Committee, Network
from networks.services import copy_committee
from products.demo import MEMBER_LOGIN_SEAT, UBON
from products.models import Enrollment

OFFICER_USERNAME = "ubon"

# CDD's criteria for the provincial selection (the news report: outstanding, innovative, showing
# local identity, quality and standards, suitable packaging, added value), and a presentation
# score the committee gives for the record: (Thai name, English name, description, max, independent).
CRITERIA = (
    ("ความโดดเด่นของผลิตภัณฑ์", "Outstanding product",
     "ผลิตภัณฑ์มีจุดเด่นชัดเจน แตกต่างจากผลิตภัณฑ์ทั่วไปในตลาด", 20, False),
    ("ความเป็นนวัตกรรม", "Innovation",
     "มีการพัฒนาด้านวัตถุดิบ กระบวนการผลิต หรือรูปแบบผลิตภัณฑ์ด้วยความรู้ใหม่", 20, False),
    ("การแสดงอัตลักษณ์ของท้องถิ่น", "Local identity",
     "ผลิตภัณฑ์สะท้อนภูมิปัญญา วัฒนธรรม และเรื่องราวของชุมชนอย่างเด่นชัด", 20, False),
    ("คุณภาพและมาตรฐาน", "Quality and standards",
     "คุณภาพสม่ำเสมอ ได้รับหรือพร้อมยื่นขอมาตรฐาน เช่น มผช. หรือ อย.", 15, False),
    ("บรรจุภัณฑ์ที่เหมาะสม", "Suitable packaging",
     "บรรจุภัณฑ์ปกป้องสินค้า สวยงาม ให้ข้อมูลครบถ้วน และเหมาะกับตลาด", 15, False),
    ("การเพิ่มมูลค่า", "Added value",
     "สร้างรายได้และมูลค่าเพิ่มให้กลุ่มและชุมชน ต่อยอดสู่ตลาดใหม่ได้", 10, False),
    ("การนำเสนอผลงาน", "Presentation",
     "ความชัดเจนของการนำเสนอต่อคณะกรรมการ (บันทึกไว้ ไม่นำมารวมคะแนน)", 10, True),
)
INNOVATION = 2  # the criterion (by position) that breaks ties

# The advice a member writes, for the criterion the entry did worst on (by position).
ADVICE = {
    1: "ควรชูจุดเด่นของผลิตภัณฑ์ให้ชัดเจนขึ้นทั้งในการนำเสนอและบนฉลาก",
    2: "ควรร่วมกับสถาบันการศึกษาพัฒนานวัตกรรมด้านกระบวนการผลิต",
    3: "ควรเล่าเรื่องภูมิปัญญาและอัตลักษณ์ของชุมชนบนบรรจุภัณฑ์",
    4: "ควรยื่นขอมาตรฐาน มผช. หรือ อย. ให้ครบถ้วนก่อนออกสู่ตลาดใหม่",
    5: "ควรปรับบรรจุภัณฑ์ให้ทันสมัยและเหมาะกับการเป็นของฝาก",
    6: "ควรต่อยอดเป็นผลิตภัณฑ์ใหม่เพื่อเพิ่มมูลค่าและรายได้ของกลุ่ม",
    7: "ควรฝึกการนำเสนอให้กระชับและตรงประเด็นมากขึ้น",
}

# How good each FY 2565 entry is (share of the maximum), by OTOP registration no.; the rest draw
# theirs at random between 0.62 and 0.80.
STRENGTH = {"3401-00176": 0.90, "3401-00187": 0.85, "3402-00045": 0.83}

# Conflicts declared at the FY 2565 meeting: (seat, group's OTOP registration no., grounds, note).
CONFLICTS_2565 = (
    (22, "3401-00187", ConflictGrounds.MEMBER_OR_RELATIVE, "กำนันตำบลปะอาวเป็นที่ปรึกษาของกลุ่ม"),
    (17, "3401-00152", ConflictGrounds.BUSINESS, "สมาคมรับซื้อผ้าไหมจากกลุ่มเป็นประจำ"),
)

# FY 2566: groups carried on from the FY 2565 programme, and one conflict recorded before scoring.
ENTRIES_2566 = (
    "3404-00112", "3405-00078", "3424-00033", "3401-00205", "3414-00041", "3407-00083", "3411-00102", "3425-00011",
)
OUTSIDE_COHORT_REASON = "ต่อยอดผลิตภัณฑ์จากโครงการส่งเสริมกระบวนการเรียนรู้เครือข่าย KBO ปี 2565"
CONFLICTS_2566 = ((23, "3411-00102", ConflictGrounds.MEMBER_OR_RELATIVE, "เป็นครูฝึกทอผ้าให้กลุ่ม"),)
PRESENTED_2566 = 2  # entries already presented and scored by the other members
SCORING_DAYS_2566 = 30


def _template(fiscal_year):
    rubric, _created = Rubric.objects.update_or_create(
        is_template=True, fiscal_year=fiscal_year, kind=ContestKind.PRODUCT,
        defaults={
            "name": f"เกณฑ์การคัดเลือกผลิตภัณฑ์เพื่อการต่อยอดนวัตกรรม ปีงบประมาณ {fiscal_year}", "published": True,
        },
    )
    for position, (name_th, name_en, description, max_points, independent) in enumerate(CRITERIA, start=1):
        Criterion.objects.update_or_create(
            rubric=rubric, position=position,
            defaults={"name_th": name_th, "name_en": name_en, "description": description,
                      "max_points": max_points, "weight": 1, "required": not independent, "independent": independent},
        )
    return rubric


def _committee_accounts(committee):
    """A login for each member (the demo's "member" keeps theirs): the engine takes scores only from
    a member's own account. These accounts have no password; they score in the demo only."""
    for member in committee.members.exclude(seat=MEMBER_LOGIN_SEAT).filter(user=None):
        user, created = User.objects.get_or_create(
            username=f"ubon-committee-{member.seat:02d}",
            defaults={"first_name": member.first_name, "last_name": member.last_name,
                      "email": f"ubon-committee-{member.seat:02d}@example.org"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        member.user = user
        member.save(update_fields=["user"])


def _new_contest(network, fiscal_year, *, opens, hours, **fields):
    contest = services.create_contest(Contest(
        network=network, fiscal_year=fiscal_year, kind=ContestKind.PRODUCT,
        scoring_opens_at=opens, scoring_closes_at=opens + timedelta(hours=hours), **fields,
    ))
    contest.tie_break_criterion = contest.rounds.get(number=1).rubric.criteria.get(position=INNOVATION)
    contest.save(update_fields=["tie_break_criterion"])
    return contest


def _open_scoring(contest, products, conflicts, officer, seed, *, outside_cohort_reason=""):
    """Entries, the draw, the declared conflicts and scoring opened, in the order of a meeting day."""
    for product in products:
        Entry.objects.create(
            contest=contest, group=product.group, product=product, outside_cohort_reason=outside_cohort_reason
        )
    advance(contest, ContestState.ENTRIES_OPEN, by=officer)
    services.draw_order(contest, by=officer, rng=random.Random(seed))
    entries = {entry.group.otop_registration_number: entry for entry in contest.entries.select_related("group")}
    for seat, registration, grounds, note in conflicts:
        services.record_conflict(contest.jurors.get(seat=seat), entries[registration], grounds, note, by=officer)
    return advance(contest, ContestState.SCORING_OPEN, by=officer)


def _half_points(share, max_points):
    return str(Decimal(round(share * float(max_points) * 2)) / 2)


def _score(contest, entries, strength, rng, skip_seats=()):
    """Each of `entries` in turn is on stage, and every member without a conflict submits a
    scorecard for it: the entry's strength, the member's leniency and a little noise per criterion,
    in half points, with advice on the criterion it did worst on."""
    criteria = list(contest.rounds.get(number=1).rubric.criteria.all())
    jurors = list(contest.jurors.exclude(seat__in=skip_seats).order_by("seat"))
    leniency = {juror.pk: rng.uniform(-0.05, 0.05) for juror in jurors}
    conflicts = set(Conflict.objects.filter(entry__contest=contest).values_list("juror_id", "entry_id"))
    for entry in entries:
        services.set_now_presenting(contest, entry)
        for juror in jurors:
            if (juror.pk, entry.pk) in conflicts:
                continue
            shares = {
                c: min(1.0, max(0.3, strength[entry.pk] + leniency[juror.pk] + rng.uniform(-0.08, 0.08)))
                for c in criteria
            }
            points = {str(c.pk): _half_points(share, c.max_points) for c, share in shares.items()}
            weakest = min(criteria, key=lambda c: shares[c])
            scoring.save_scorecard(juror.user, entry.pk, points, ADVICE[weakest.position], submit=True)


def _finished_2565(network, officer):
    """Ubon Ratchathani FY 2565: 20 cohort groups, 27 members, two conflicts, one winner."""
    existing = Contest.objects.filter(network=network, fiscal_year=2565, kind=ContestKind.PRODUCT).first()
    if existing:
        return existing
    _committee_accounts(Committee.objects.get(network=network, fiscal_year=2565))
    contest = _new_contest(
        network, 2565, opens=timezone.now().replace(second=0, microsecond=0), hours=8,
        entry_deadline=date(2022, 5, 13), meeting_date=date(2022, 5, 23),
        venue="โรงแรมรีเจ้นท์ พาเลซ อำเภอเมืองอุบลราชธานี จังหวัดอุบลราชธานี",
    )
    enrollments = Enrollment.objects.filter(cohort__province_id=UBON, cohort__fiscal_year=2565).select_related(
        "product"
    )
    _open_scoring(contest, [e.product for e in enrollments], CONFLICTS_2565, officer, seed=2565)
    rng = random.Random(25650523)
    entries = list(contest.entries.select_related("group").order_by("presentation_order"))
    strength = {e.pk: STRENGTH.get(e.group.otop_registration_number) or rng.uniform(0.62, 0.80) for e in entries}
    _score(contest, entries, strength, rng)
    advance(contest, ContestState.SCORING_CLOSED, by=officer)
    ranking = scoring.ranking(contest.rounds.get(number=1))
    services.record_shortlist(contest, [r.entry for r in ranking.results[: contest.shortlist_size]], by=officer)
    return services.select_winners(contest, [ranking.results[0].entry], by=officer)


def _open_2566(network, officer):
    """Ubon Ratchathani FY 2566, scoring open for the next 30 days: eight groups carried on from
    FY 2565, the committee copied from FY 2565 (so "member" sits on it), the first two entries
    presented and scored by everyone but "member", the third one on stage."""
    existing = Contest.objects.filter(network=network, fiscal_year=2566, kind=ContestKind.PRODUCT).first()
    if existing:
        if existing.state == ContestState.SCORING_OPEN:
            existing.scoring_closes_at = timezone.now() + timedelta(days=SCORING_DAYS_2566)
            existing.save(update_fields=["scoring_closes_at"])
        return existing
    committee = Committee.objects.filter(network=network, fiscal_year=2566).first()
    if committee is None:
        committee = copy_committee(Committee.objects.get(network=network, fiscal_year=2565), 2566)
        committee.order_number, committee.order_date = "87/2566", date(2022, 11, 21)
        committee.term_start, committee.term_end = date(2022, 11, 21), date(2023, 9, 30)
        committee.save()
    _committee_accounts(committee)
    today = timezone.localdate()
    contest = _new_contest(
        network, 2566, opens=timezone.now().replace(second=0, microsecond=0), hours=24 * SCORING_DAYS_2566,
        entry_deadline=today - timedelta(days=7), meeting_date=today, venue="ห้องประชุมศาลากลางจังหวัดอุบลราชธานี",
    )
    carried = {e.group.otop_registration_number: e.product for e in Enrollment.objects.filter(
        cohort__province_id=UBON, cohort__fiscal_year=2565
    ).select_related("group", "product")}
    _open_scoring(
        contest, [carried[registration] for registration in ENTRIES_2566], CONFLICTS_2566, officer, seed=2566,
        outside_cohort_reason=OUTSIDE_COHORT_REASON,
    )
    entries = list(contest.entries.order_by("presentation_order"))
    rng = random.Random(25660526)
    presented = entries[:PRESENTED_2566]
    _score(contest, presented, {e.pk: rng.uniform(0.65, 0.85) for e in presented}, rng, skip_seats=[MEMBER_LOGIN_SEAT])
    services.set_now_presenting(contest, entries[PRESENTED_2566])
    return contest


@transaction.atomic
def seed_demo():
    """Creates what is missing of the demo contests (after `products.demo.seed_demo()`), and
    returns the finished FY 2565 contest and the open FY 2566 one."""
    network = Network.objects.get(province_id=UBON)
    officer = User.objects.get(username=OFFICER_USERNAME)
    for fiscal_year in (2565, 2566):
        _template(fiscal_year)
    return _finished_2565(network, officer), _open_2566(network, officer)
