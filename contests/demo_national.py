"""Demo national round, FY 2565 (product innovation), on top of `contests.demo`: Ubon Ratchathani's
winner and those of two more provinces (Chiang Mai in the north, Songkhla in the south), each
selected by a small committee through the same engine, submitted with their dossiers, judged by two
regional teams of national judges, given awards and published.

As in `contests.demo`, every step goes through the domain functions (services, workflow, scoring,
national, awards) as the people who take it, and the round is played only when missing.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from contests import awards, national, national_setup, scoring, services
from contests.demo import ADVICE, INNOVATION, _score
from contests.enums import ContestKind, ContestState
from contests.models import Award, Contest, Entry, JudgingTeam
from contests.workflow import advance
from kbo.accounts.models import User
from kbo.geography.models import Region
from networks.enums import CommitteeRole, NetworkStatus, Sector
from networks.models import Committee, CommitteeMember, Network
from products.enums import Category
from products.models import ProducerGroup, Product

FISCAL_YEAR = 2565
ADMIN_USERNAME = "admin"

# Two more provinces' selections: network, officer login, committee (prefix, first, last, role),
# groups (registration, group, leader, subdistrict, postal code, product, category, strength).
PROVINCES = {
    "50": {
        "network": "เครือข่ายองค์ความรู้ KBO จังหวัดเชียงใหม่",
        "officer": ("chiangmai", "ศิริพร", "คำแสน"),
        "committee": [
            ("นาย", "ประเสริฐ", "ดวงแก้ว", CommitteeRole.CHAIR),
            ("นาง", "อรุณี", "ใจมา", CommitteeRole.MEMBER),
            ("ดร.", "วิชัย", "สุริยวงศ์", CommitteeRole.MEMBER),
            ("นางสาว", "กาญจนา", "ปัญญาดี", CommitteeRole.MEMBER),
            ("นาย", "สมบัติ", "อินทร์แก้ว", CommitteeRole.SECRETARY),
        ],
        "groups": [
            ("5001-00311", "กลุ่มผ้าฝ้ายทอมือบ้านศรีภูมิ", "นางบัวคำ แสนใจ", "500101", "50200",
             "ผ้าฝ้ายทอมือย้อมครามธรรมชาติ", Category.TEXTILE, 0.86),
            ("5001-00342", "กลุ่มกระดาษสาบ้านช้างม่อย", "นายจันทร์ ทองดี", "500104", "50300",
             "โคมกระดาษสาลายดอกไม้ล้านนา", Category.UTILITY, 0.78),
            ("5001-00367", "กลุ่มแปรรูปกาแฟอาราบิก้าศรีภูมิ", "นางสาวพิมพ์ใจ ดอยคำ", "500101", "50200",
             "กาแฟอาราบิก้าคั่วบดดอยสุเทพ", Category.BEVERAGE, 0.74),
        ],
    },
    "90": {
        "network": "เครือข่ายองค์ความรู้ KBO จังหวัดสงขลา",
        "officer": ("songkhla", "อับดุลเลาะ", "หมัดหลี"),
        "committee": [
            ("นาย", "สุรชัย", "ทองคำ", CommitteeRole.CHAIR),
            ("นาง", "ฟาตีมะห์", "สาและ", CommitteeRole.MEMBER),
            ("นาย", "ธีระ", "ชูแก้ว", CommitteeRole.MEMBER),
            ("นางสาว", "รัชนี", "แก้วมณี", CommitteeRole.MEMBER),
            ("นาง", "วันเพ็ญ", "ศรีสุข", CommitteeRole.SECRETARY),
        ],
        "groups": [
            ("9001-00128", "กลุ่มแปรรูปอาหารทะเลบ่อยาง", "นางสุภาพ หลีเส็น", "900101", "90000",
             "น้ำพริกกุ้งเสียบสูตรโบราณ", Category.FOOD, 0.84),
            ("9001-00140", "กลุ่มจักสานกระจูดเขารูปช้าง", "นางมณี ขาวผ่อง", "900102", "90000",
             "กระเป๋าสานกระจูดย้อมสีธรรมชาติ", Category.UTILITY, 0.80),
            ("9001-00157", "กลุ่มสมุนไพรบ่อยาง", "นายหมาน เจะหลง", "900101", "90000",
             "ยาหม่องสมุนไพรไพล", Category.HERBAL, 0.72),
        ],
    },
}

# National judges (username, first, last) in two regional teams.
TEAMS = {
    "ทีมภาคเหนือและภาคกลาง": (
        [Region.NORTH, Region.CENTRAL],
        [("judge-north-1", "สุนทร", "วงศ์ไทย"), ("judge-north-2", "ปราณี", "มั่นคง")],
    ),
    "ทีมภาคตะวันออกเฉียงเหนือและภาคใต้": (
        [Region.NORTHEAST, Region.SOUTH],
        [("judge-south-1", "ชาญวิทย์", "ศรีประเสริฐ"), ("judge-south-2", "ลำดวน", "บุญมา")],
    ),
}
AWARDS = [("เหรียญทอง", "Gold", 1), ("เหรียญเงิน", "Silver", 1), ("เหรียญทองแดง", "Bronze", 1)]


def _account(username, first_name, last_name, **roles):
    """A demo account without a usable password: these people act in the demo only."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@example.org", **roles},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _province_winner(code, facts, opens):
    """A small selection in the province, played to its winner; returns (contest, officer)."""
    officer = _account(*facts["officer"])
    officer.officer_provinces.add(code)
    network, _created = Network.objects.get_or_create(
        province_id=code,
        defaults={"name": facts["network"], "registered_on": date(2006, 10, 1), "status": NetworkStatus.ACTIVE},
    )
    committee, _created = Committee.objects.get_or_create(network=network, fiscal_year=FISCAL_YEAR)
    for seat, (prefix, first, last, role) in enumerate(facts["committee"], start=1):
        CommitteeMember.objects.get_or_create(committee=committee, seat=seat, defaults={
            "prefix": prefix, "first_name": first, "last_name": last, "role": role, "sector": Sector.GOVERNMENT,
            "user": _account(f"committee-{code}-{seat:02d}", first, last),
        })
    products = []
    for registration, name, leader, subdistrict, postal, product, category, _strength in facts["groups"]:
        group, _created = ProducerGroup.objects.get_or_create(otop_registration_number=registration, defaults={
            "name": name, "leader_name": leader, "subdistrict_id": subdistrict, "postal_code": postal,
            "village_no": 1, "member_count": 20,
        })
        products.append(Product.objects.get_or_create(group=group, name=product, defaults={"category": category})[0])
    contest = services.create_contest(Contest(
        network=network, fiscal_year=FISCAL_YEAR, kind=ContestKind.PRODUCT,
        scoring_opens_at=opens, scoring_closes_at=opens + timedelta(hours=8), meeting_date=date(2022, 5, 27),
        venue=f"ศาลากลางจังหวัด{network.province.name_th}",
    ))
    contest.tie_break_criterion = contest.rounds.get(number=1).rubric.criteria.get(position=INNOVATION)
    contest.save(update_fields=["tie_break_criterion"])
    for product in products:
        Entry.objects.create(
            contest=contest, group=product.group, product=product,
            outside_cohort_reason="กลุ่มเป้าหมายของเครือข่าย KBO จังหวัด",
        )
    advance(contest, ContestState.ENTRIES_OPEN, by=officer)
    services.draw_order(contest, by=officer, rng=random.Random(int(code)))
    advance(contest, ContestState.SCORING_OPEN, by=officer)
    strengths = {g[0]: g[7] for g in facts["groups"]}
    entries = list(contest.entries.select_related("group").order_by("presentation_order"))
    _score(contest, entries, {e.pk: strengths[e.group.otop_registration_number] for e in entries}, random.Random(code))
    advance(contest, ContestState.SCORING_CLOSED, by=officer)
    ranking = scoring.ranking(contest.rounds.get(number=1))
    services.record_shortlist(contest, [r.entry for r in ranking.results[: contest.shortlist_size]], by=officer)
    return services.select_winners(contest, [ranking.results[0].entry], by=officer), officer


def _submit(provincial, officer):
    submission = national.prepare_dossier(provincial, by=officer)
    product = submission.entry.product
    national.update_dossier(submission, {
        "innovation": product.innovation or f"พัฒนา{product.name}ด้วยองค์ความรู้จากภาคีเครือข่าย KBO",
        "identity": product.identity_story or f"สะท้อนภูมิปัญญาและอัตลักษณ์ของจังหวัด{provincial.network.province.name_th}",
        "summary": product.description,
    }, by=officer)
    return national.submit(submission, by=officer)


def _national_round(provincials, admin):
    """The round, its awards and teams, the provinces' submissions, judging, awards, publication."""
    now = timezone.now().replace(second=0, microsecond=0)
    contest = national_setup.create_national_round(Contest(
        fiscal_year=FISCAL_YEAR, kind=ContestKind.PRODUCT, submission_deadline=now + timedelta(days=1),
        scoring_opens_at=now, scoring_closes_at=now + timedelta(hours=8),
        venue="อิมแพ็ค เมืองทองธานี จังหวัดนนทบุรี", meeting_date=date(2022, 8, 24),
    ))
    contest.tie_break_criterion = contest.rounds.get(number=1).rubric.criteria.get(position=INNOVATION)
    contest.save(update_fields=["tie_break_criterion"])
    for position, (name_th, name_en, count) in enumerate(AWARDS, start=1):
        Award.objects.create(contest=contest, position=position, name_th=name_th, name_en=name_en, count=count)
    for name, (regions, judges) in TEAMS.items():
        team = JudgingTeam.objects.create(contest=contest, name=name, regions=regions)
        for username, first, last in judges:
            national_setup.add_judge(contest, _account(username, first, last, is_national_judge=True), team)
    advance(contest, ContestState.ENTRIES_OPEN, by=admin)
    for provincial, officer in provincials:
        _submit(provincial, officer)
    advance(contest, ContestState.SCORING_OPEN, by=admin)
    rng = random.Random(25650824)
    criteria = list(contest.rounds.get(number=1).rubric.criteria.all())
    entries = list(contest.entries.select_related("group__subdistrict__province").order_by("presentation_order"))
    for juror in contest.jurors.select_related("team"):
        for entry in entries:
            if entry.group.subdistrict.province.region in juror.team.regions:
                points = {str(c.pk): str(round(float(c.max_points) * rng.uniform(0.7, 0.95))) for c in criteria}
                scoring.save_scorecard(juror.user, entry.pk, points, ADVICE[INNOVATION], submit=True)
    advance(contest, ContestState.SCORING_CLOSED, by=admin)
    awards.assign_awards(contest, awards.suggested_awards(contest.rounds.get(number=1)), {}, by=admin)
    return advance(contest, ContestState.PUBLISHED, by=admin)


def seed_demo(ubon_contest):
    """Plays the FY 2565 national round when it is missing; returns it."""
    existing = Contest.objects.filter(fiscal_year=FISCAL_YEAR, kind=ContestKind.PRODUCT, network=None).first()
    if existing:
        return existing
    opens = timezone.now().replace(second=0, microsecond=0)
    provincials = [(ubon_contest, User.objects.get(username="ubon"))]
    provincials += [_province_winner(code, facts, opens) for code, facts in PROVINCES.items()]
    return _national_round(provincials, User.objects.get(username=ADMIN_USERNAME))


CALENDAR_DEADLINE_DAYS = 14  # after the FY 2566 provincial scoring window closes


def seed_calendar(open_contest):
    """The FY 2566 national round, open for dossiers until two weeks after Ubon's FY 2566 scoring
    window closes: the calendar the demo's reminders are planned from."""
    deadline = (open_contest.scoring_closes_at + timedelta(days=CALENDAR_DEADLINE_DAYS)).replace(second=0, microsecond=0)
    existing = Contest.objects.national().filter(fiscal_year=open_contest.fiscal_year, kind=open_contest.kind).first()
    if existing:
        if existing.submission_deadline != deadline:  # the calendar follows the scoring window
            existing.submission_deadline = deadline
            existing.save(update_fields=["submission_deadline"])
        return existing
    contest = national_setup.create_national_round(Contest(
        fiscal_year=open_contest.fiscal_year, kind=open_contest.kind, submission_deadline=deadline,
        venue="อิมแพ็ค เมืองทองธานี จังหวัดนนทบุรี",
    ))
    return advance(contest, ContestState.ENTRIES_OPEN, by=User.objects.get(username=ADMIN_USERNAME))
