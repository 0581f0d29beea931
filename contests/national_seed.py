"""National-scale data for the benchmark: every province running its contest, for five fiscal years.

`NationalSeed(scale)` builds, with bulk inserts, on whichever database Django uses:
- for each of the 77 provinces: a KBO network, an officer, `20 × scale` producer groups with a
  product each, and for each of the five fiscal years up to the current one a committee of
  `27 × scale` members, a cohort enrolling the groups, and the provincial contest on 8 criteria with
  every group entered and every member's scorecard submitted (scale 1: 41,580 scorecards and
  332,640 criterion scores a year) and its winner submitted to the national round;
- for each year, the national round with four regional judging teams; past rounds judged, the
  current one open for dossiers with a deadline ahead (so reminders are pending);
- the benchmark's personas (`BENCH_USERS`): a national admin, Ubon Ratchathani's officer and a
  member of Ubon's panel, whose current-year contest stays open for scoring.

Building is idempotent: a year whose contests exist is skipped, so a second run adds nothing.
`bench_pages()` names the pages `make bench` loads, as the persona each is for.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from contests.enums import ContestKind, ContestLevel, ContestState, ScorecardStatus, SubmissionState
from contests.models import Contest, Criterion, Entry, JudgingTeam, Juror, Round, Rubric, Score, Scorecard, Submission
from contests.reminders import rules
from kbo.accounts.models import User
from kbo.core.thaidates import current_fiscal_year
from kbo.geography.models import Province, Region, Subdistrict
from networks.enums import CommitteeRole, Sector
from networks.models import Committee, CommitteeMember, Network
from products.enums import Category
from products.models import Cohort, Enrollment, ProducerGroup, Product

YEARS = 5
GROUPS, MEMBERS = 20, 27
# The eight criteria (name, maximum points): 100 in all, as CDD's rubric.
CRITERIA = [
    ("ความแปลกใหม่ของนวัตกรรม", 15), ("การใช้องค์ความรู้จากภาคีเครือข่าย", 15), ("อัตลักษณ์ท้องถิ่น", 15),
    ("คุณภาพและมาตรฐาน", 15), ("บรรจุภัณฑ์และตราสินค้า", 10), ("ศักยภาพทางการตลาด", 10),
    ("ความยั่งยืนและสิ่งแวดล้อม", 10), ("การมีส่วนร่วมของสมาชิกกลุ่ม", 10),
]
BENCH_PROVINCE = "34"  # Ubon Ratchathani
BENCH_PASSWORD = "kbo-bench-2570"
BENCH_ADMIN, BENCH_OFFICER, BENCH_MEMBER = "bench-admin", "bench-officer", "bench-member"
BENCH_USERS = [BENCH_ADMIN, BENCH_OFFICER, BENCH_MEMBER]
JUDGES_PER_TEAM = 3
CATEGORIES = list(Category)
BATCH = 5000


def _aware(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def years():
    latest = current_fiscal_year()
    return list(range(latest - YEARS + 1, latest + 1))


@dataclass
class NationalSeed:
    scale: float = 1
    provinces: list = None  # province codes; all 77 by default
    groups: int = None  # groups (entries) per province and members per committee; by default
    members: int = None  # 20 and 27 times the scale
    progress: object = None  # progress(done, total, label)
    rng: random.Random = field(default_factory=lambda: random.Random(2570))

    def __post_init__(self):
        self.groups = self.groups or max(2, round(GROUPS * self.scale))
        self.members = self.members or max(2, round(MEMBERS * self.scale))
        self.codes = self.provinces or list(Province.objects.order_by("code").values_list("code", flat=True))
        if BENCH_PROVINCE not in self.codes:
            self.codes = [BENCH_PROVINCE, *self.codes]
        self.now = timezone.now().replace(second=0, microsecond=0)

    # The register

    def run(self):
        personas = self.personas()
        networks = self.networks()
        groups = self.groups_and_products(networks)
        todo = [year for year in years() if not Contest.objects.filter(fiscal_year=year, level=ContestLevel.NATIONAL).exists()]
        steps, done = len(todo) * len(self.codes), 0
        for year in todo:
            with transaction.atomic():
                national = self.national_round(year)
                for code in self.codes:
                    self.province_year(networks[code], groups[code], year, national, personas)
                    done += 1
                    self.report(done, steps, f"FY {year}, {code}")
                self.judge(national, year)
        rules.sync_all()
        if connection.vendor == "postgresql":  # fresh statistics, or the planner guesses after a bulk load
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return done

    def report(self, done, total, label):
        if self.progress:
            self.progress(done, total, label)

    def personas(self):
        users = {}
        for username, first, roles in (
            (BENCH_ADMIN, "ผู้ดูแลระดับประเทศ", {"is_national_admin": True, "is_staff": True}),
            (BENCH_OFFICER, "เจ้าหน้าที่จังหวัดอุบลราชธานี", {}),
            (BENCH_MEMBER, "กรรมการจังหวัดอุบลราชธานี", {}),
        ):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, first_name=first, last_name="ทดสอบสมรรถนะ",
                            email=f"{username}@example.org", is_demo=True, **roles)
                user.set_password(BENCH_PASSWORD)
                user.save()
            users[username] = user
        users[BENCH_OFFICER].officer_provinces.add(BENCH_PROVINCE)
        existing = set(User.objects.filter(username__startswith="officer-").values_list("username", flat=True))
        officers = [
            User(username=f"officer-{code}", first_name="เจ้าหน้าที่", last_name=f"จังหวัด {code}",
                 email=f"officer-{code}@example.org", password="!")
            for code in self.codes if f"officer-{code}" not in existing
        ]
        for officer in User.objects.bulk_create(officers):
            officer.officer_provinces.add(officer.username.removeprefix("officer-"))
        return users

    def networks(self):
        existing = {network.province_id: network for network in Network.objects.filter(province__in=self.codes)}
        names = dict(Province.objects.filter(code__in=self.codes).values_list("code", "name_th"))
        Network.objects.bulk_create([
            Network(province_id=code, name=f"เครือข่ายองค์ความรู้ KBO จังหวัด{names[code]}",
                    registered_on=datetime.date(2006, 6, 1), email=f"kbo.{code}@example.org")
            for code in self.codes if code not in existing
        ])
        return {network.province_id: network for network in Network.objects.filter(province__in=self.codes)}

    def groups_and_products(self, networks):
        """`self.groups` groups with a product each per province (created once), in a stable order."""
        subdistricts = {}
        for subdistrict in Subdistrict.objects.filter(province__in=self.codes).order_by("code"):
            subdistricts.setdefault(subdistrict.province_id, subdistrict)
        have = dict.fromkeys(self.codes, 0)
        for code in ProducerGroup.objects.filter(name__startswith="กลุ่มเครือข่าย ").values_list(
            "subdistrict__province", flat=True
        ):
            have[code] += 1
        new_groups = [
            ProducerGroup(
                name=f"กลุ่มเครือข่าย {code}-{number:03d}", subdistrict=subdistricts[code],
                postal_code=subdistricts[code].postal_codes[0], village_no=number % 20 + 1,
                member_count=20 + number % 30, leader_name=f"ผู้นำกลุ่ม {code}-{number:03d}",
            )
            for code in self.codes for number in range(have[code] + 1, self.groups + 1)
        ]
        ProducerGroup.objects.bulk_create(new_groups, batch_size=BATCH)
        Product.objects.bulk_create([
            Product(group=group, name=f"ผลิตภัณฑ์ของ{group.name}", category=CATEGORIES[index % len(CATEGORIES)],
                    price=Decimal(100 + index % 900), innovation="พัฒนาด้วยองค์ความรู้จากภาคีเครือข่าย",
                    identity_story="ภูมิปัญญาท้องถิ่น")
            for index, group in enumerate(new_groups)
        ], batch_size=BATCH)
        groups = {}
        for group in ProducerGroup.objects.filter(name__startswith="กลุ่มเครือข่าย ").select_related(
            "subdistrict"
        ).prefetch_related("products").order_by("name"):
            bucket = groups.setdefault(group.subdistrict.province_id, [])
            if len(bucket) < self.groups:
                bucket.append((group, group.products.all()[0]))
        return groups

    # One province's year

    def province_year(self, network, groups, year, national, personas):
        code = network.province_id
        committee = Committee.objects.create(network=network, fiscal_year=year, order_number=f"{code}/{year}")
        members = CommitteeMember.objects.bulk_create([
            CommitteeMember(
                committee=committee, seat=seat, first_name="กรรมการ", last_name=f"{code}-{seat:03d}",
                sector=Sector.GOVERNMENT if seat % 2 else Sector.PRIVATE,
                role=CommitteeRole.CHAIR if seat == 1 else CommitteeRole.MEMBER,
                email=f"member-{code}-{seat:03d}@example.org",
            )
            for seat in range(1, self.members + 1)
        ])
        cohort = Cohort.objects.create(province_id=code, fiscal_year=year, budget=Decimal(250000))
        Enrollment.objects.bulk_create([Enrollment(cohort=cohort, group=group, product=product) for group, product in groups])
        current = year == years()[-1]
        open_for_scoring = current and code == BENCH_PROVINCE
        day = datetime.date(year - 543, 5, 15)
        opens = self.now - datetime.timedelta(hours=1) if open_for_scoring else _aware(day)
        contest = Contest.objects.create(
            network=network, fiscal_year=year, kind=ContestKind.PRODUCT, meeting_date=day,
            venue=f"ห้องประชุมศาลากลางจังหวัด {code}", scoring_opens_at=opens,
            scoring_closes_at=self.now + datetime.timedelta(days=7) if open_for_scoring else _aware(day, 17),
            state=ContestState.SCORING_OPEN if open_for_scoring else (
                ContestState.WINNER_SELECTED if current else ContestState.SUBMITTED
            ),
        )
        round, criteria = self.rubric_round(contest, f"เกณฑ์การคัดเลือก จังหวัด {code} ปี {year}")
        entries = Entry.objects.bulk_create([
            Entry(contest=contest, group=group, product=product, presentation_order=order)
            for order, (group, product) in enumerate(groups, start=1)
        ])
        jurors = Juror.objects.bulk_create([
            Juror(contest=contest, member=member, name=f"{member.first_name} {member.last_name}", role=member.role,
                  seat=member.seat)
            for member in members
        ])
        if open_for_scoring:  # the benchmark's member sits on the panel and has scored nothing yet
            member = personas[BENCH_MEMBER]
            CommitteeMember.objects.filter(pk=members[1].pk).update(user=member)
            Juror.objects.filter(pk=jurors[1].pk).update(user=member)
            jurors = [juror for juror in jurors if juror.pk != jurors[1].pk]
        totals = self.score(round, criteria, entries, jurors, submitted_at=opens + datetime.timedelta(minutes=30))
        if open_for_scoring:
            return
        winner = max(entries, key=lambda entry: (totals[entry.pk], -entry.presentation_order))
        Entry.objects.filter(pk=winner.pk).update(winner_position=1)
        if current and int(code) % 2:  # this year, half the provinces have yet to send their dossier
            return
        national_entry = Entry.objects.create(
            contest=national, group=winner.group, product=winner.product,
            presentation_order=self.codes.index(code) + 1,  # the provinces present in code order
        )
        submitted = self.now - datetime.timedelta(days=1) if current else _aware(day, 18)
        Submission.objects.create(
            national=national, provincial=contest, province_id=code, entry=winner, national_entry=national_entry,
            innovation="นวัตกรรมจากองค์ความรู้ของภาคีเครือข่าย", identity="อัตลักษณ์ของท้องถิ่น",
            state=SubmissionState.SUBMITTED, submitted_at=submitted, record_hash="0" * 12,
        )
        if current:
            Contest.objects.filter(pk=contest.pk).update(state=ContestState.SUBMITTED)

    def rubric_round(self, contest, name):
        rubric = Rubric.objects.create(name=name, fiscal_year=contest.fiscal_year)
        criteria = Criterion.objects.bulk_create([
            Criterion(rubric=rubric, position=position, name_th=name_th, max_points=max_points, weight=1)
            for position, (name_th, max_points) in enumerate(CRITERIA, start=1)
        ])
        return Round.objects.create(contest=contest, number=1, rubric=rubric), criteria

    def score(self, scoring_round, criteria, entries, jurors, *, submitted_at):
        """Every juror's submitted scorecard for every entry; returns each entry's total of totals."""
        cards, points = [], []
        totals = dict.fromkeys((entry.pk for entry in entries), Decimal(0))
        for entry in entries:
            quality = self.rng.uniform(0.55, 0.9)
            for juror in jurors:
                marks = [
                    Decimal(round(float(criterion.max_points) * min(1, quality + self.rng.uniform(-0.1, 0.1)) * 2)) / 2
                    for criterion in criteria
                ]
                total = sum(marks)
                totals[entry.pk] += total
                cards.append(Scorecard(round=scoring_round, entry=entry, juror=juror, status=ScorecardStatus.SUBMITTED,
                                       total=total, submitted_at=submitted_at, advice="ควรพัฒนาบรรจุภัณฑ์ต่อ"))
                points.append(marks)
        cards = Scorecard.objects.bulk_create(cards, batch_size=BATCH)
        Score.objects.bulk_create([
            Score(scorecard=card, criterion=criterion, points=mark, max_points=criterion.max_points)
            for card, marks in zip(cards, points) for criterion, mark in zip(criteria, marks)
        ], batch_size=BATCH)
        return totals

    # The national round

    def national_round(self, year):
        current = year == years()[-1]
        day = datetime.date(year - 543, 8, 20)
        national = Contest.objects.create(
            level=ContestLevel.NATIONAL, fiscal_year=year, kind=ContestKind.PRODUCT,
            state=ContestState.ENTRIES_OPEN if current else ContestState.SCORING_CLOSED,
            submission_deadline=self.now + datetime.timedelta(days=10) if current else _aware(day - datetime.timedelta(days=30), 17),
            scoring_opens_at=_aware(day), scoring_closes_at=_aware(day, 17),
            meeting_date=day, venue="อิมแพ็ค เมืองทองธานี จังหวัดนนทบุรี",
        )
        round, _criteria = self.rubric_round(national, f"เกณฑ์การคัดเลือกระดับประเทศ ปี {year}")
        for region in Region:
            team = JudgingTeam.objects.create(contest=national, name=str(region.label), regions=[region.value])
            for seat in range(1, JUDGES_PER_TEAM + 1):
                user, _created = User.objects.get_or_create(
                    username=f"judge-{region.value}-{seat}",
                    defaults={"first_name": "กรรมการระดับประเทศ", "last_name": f"{region.value} {seat}",
                              "is_national_judge": True, "password": "!"},
                )
                Juror.objects.create(contest=national, user=user, team=team, name=user.get_full_name(),
                                     seat=len(Region) * 10 + seat)
        return national

    def judge(self, national, year):
        """Past rounds: each judge scores the entries of the team's region."""
        if national.state == ContestState.ENTRIES_OPEN:
            return
        round = national.rounds.get(number=1)
        criteria = list(round.rubric.criteria.order_by("position"))
        entries = list(national.entries.select_related("group__subdistrict__province"))
        for juror in national.jurors.select_related("team"):
            region_entries = [entry for entry in entries if entry.group.subdistrict.province.region in juror.team.regions]
            self.score(round, criteria, region_entries, [juror], submitted_at=_aware(datetime.date(year - 543, 8, 20), 15))


@dataclass(frozen=True)
class BenchPage:
    name: str
    username: str
    path: str
    method: str = "GET"
    data: dict = field(default_factory=dict)
    kind: str = "page"  # "page": compared with the floor; "document": PDF or Excel, against a time


def bench_pages():
    """The pages `make bench` loads, each as the persona it is for, on the seeded data."""
    latest, previous = years()[-1], years()[-2]
    ubon = Contest.objects.provincial().filter(network__province=BENCH_PROVINCE)
    open_contest = ubon.get(fiscal_year=latest)
    finished = ubon.get(fiscal_year=previous)
    national_now = Contest.objects.national().get(fiscal_year=latest)
    national_before = Contest.objects.national().get(fiscal_year=previous)
    entry = open_contest.entries.order_by("presentation_order").first()
    criteria = open_contest.rounds.get(number=1).rubric.criteria.order_by("position")
    juror = finished.jurors.order_by("seat").first()
    return [
        BenchPage("scoring_form", BENCH_MEMBER, reverse("contests:score_entry", args=[entry.pk])),
        BenchPage("scorecard_post", BENCH_MEMBER, reverse("contests:score_entry", args=[entry.pk]), "POST",
                  {**{f"criterion_{criterion.pk}": str(criterion.max_points - 2) for criterion in criteria},
                   "advice": "ควรพัฒนาบรรจุภัณฑ์", "action": "save"}),
        BenchPage("progress_board", BENCH_OFFICER, reverse("contests:meeting_board", args=[open_contest.pk])),
        BenchPage("province_ranking", BENCH_OFFICER, reverse("contests:ranking", args=[finished.rounds.get(number=1).pk])),
        BenchPage("national_dashboard", BENCH_ADMIN, reverse("contests:national_dashboard", args=[national_now.pk])),
        BenchPage("national_ranking", BENCH_ADMIN,
                  reverse("contests:ranking", args=[national_before.rounds.get(number=1).pk])),
        BenchPage("group_list", BENCH_OFFICER, reverse("products:group_list")),
        BenchPage("score_sheet_pdf", BENCH_OFFICER, reverse("contests:score_sheet_pdf", args=[finished.pk, juror.pk]),
                  kind="document"),
        BenchPage("province_excel", BENCH_OFFICER, reverse("contests:scores_xlsx", args=[finished.pk]), kind="document"),
        BenchPage("national_excel", BENCH_ADMIN,
                  reverse("contests:national_dashboard", args=[national_now.pk]) + "?format=xlsx", kind="document"),
    ]
