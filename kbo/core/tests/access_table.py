"""Who may open which URL: the declared table that `test_access.py` holds every URL of KBO to.

A persona stands in a *relation* to the object a URL names (`relation`): the national admin is a
national admin everywhere; an officer is the officer of their own province's objects and another
province's officer on the rest; the members of Ubon's panel (chair, member, and a member with a
conflict on the entry the URL names) sit on Ubon's contests and have no part in Chachoengsao's; the
national judge sits on the national round; the outsider is signed in and has no role anywhere.

A URL's *kind* says what each relation gets (`Kind`, `expected_status`). The kinds follow the two
halves of KBO's permissions, visibility first (another province's object is not there: 404), then
the action (inside, without the role: 403):

- PUBLIC pages answer everyone; every other page sends a signed-out user to the login page (302);
- the officers' workspace (REGISTER: the registers, the contests' set-up, the submissions) refuses
  anyone without a register role before looking anything up (403), finds nothing of another
  province (404), and refuses an officer what is CDD's (403): accepting a late submission;
- a contest's pages for its officers and panel (MEETING, RESULTS, OWN_SHEET, SCORES) find nothing
  for anyone who neither runs the contest nor sits on its panel (404), and refuse a panel member
  without the page's role (403);
- the scoring pages (PANEL, SCORED) are the panel's only: nothing for anyone else, officers
  included, and an entry a member has a conflict with is not there for them;
- the national round's pages (NATIONAL) refuse everyone signed in but national admins (403);
- a POST-only URL answers 405 to a GET from anyone let in; some (REGISTER_ACTION) check the method
  before looking anything up, so that every register role's GET is a 405.

The Django admin is declared by rule: every registered model admin has a profile (`ADMINS`) saying
what national admins and officers may do there (view, add, change, delete) and whether it is scoped
to provinces; `admin_kind` derives each of its URLs' answers the way Django's admin decides: anyone
but staff (national admins and officers) is sent to the admin's login page, a missing permission is
a 403, an object outside the officer's provinces is "not there" (a 302 to the admin's index). The
admin site's own pages are in `URLS` like any other URL.

A new URL needs one line in `URLS`; a new model admin, one line in `ADMINS`.
"""

from dataclasses import dataclass

from contests.enums import ContestState as S

# Relations of a persona to the object a URL names
ANONYMOUS = "anonymous"
ADMIN = "national admin"
OFFICER = "officer"  # of the object's province
OTHER_OFFICER = "another province's officer"
CHAIR = "chair"  # of the contest's panel
MEMBER = "member"  # of the contest's panel (a national judge on the national round)
CONFLICTED = "conflicted member"  # of the contest's panel, with a conflict on the entry the URL names
NOBODY = "no part"  # signed in, no role here

EVERYONE = frozenset({ANONYMOUS, ADMIN, OFFICER, OTHER_OFFICER, CHAIR, MEMBER, CONFLICTED, NOBODY})
SIGNED_IN = EVERYONE - {ANONYMOUS}
KEEPERS = frozenset({ADMIN, OFFICER})  # keep the register of the object's province
REGISTER_ROLES = KEEPERS | {OTHER_OFFICER}  # keep a register, this object's or not
SEATED = frozenset({CHAIR, MEMBER, CONFLICTED})  # on the panel of the contest the URL names
STAFF = REGISTER_ROLES  # the Django admin's users
NON_STAFF = EVERYONE - STAFF

# Who the personas are, and where the objects the URLs name belong
UBON, CHACHOENGSAO = "34", "24"
PROVINCES = (UBON, CHACHOENGSAO)
NATIONAL_ROUND = "national round"  # an object of CDD's: the national round and what is in it
PERSONAS = (
    "anonymous", "national_admin", "ubon_officer", "chachoengsao_officer",
    "chair", "member", "conflicted_member", "national_judge", "outsider",
)
OFFICERS = {"ubon_officer": UBON, "chachoengsao_officer": CHACHOENGSAO}
SEATS = {"chair": CHAIR, "member": MEMBER, "conflicted_member": CONFLICTED}  # on Ubon's panels


def relation(persona, owner):
    """The persona's relation to an object of `owner` (a province, the national round, or None for
    a URL that names no object)."""
    if persona == "anonymous":
        return ANONYMOUS
    if persona == "national_admin":
        return ADMIN
    if persona in OFFICERS:
        return OFFICER if owner in (None, OFFICERS[persona]) else OTHER_OFFICER
    if persona in SEATS:
        return SEATS[persona] if owner in (None, UBON) else NOBODY
    if persona == "national_judge":
        return MEMBER if owner in (None, NATIONAL_ROUND) else NOBODY
    return NOBODY


# Kinds

@dataclass(frozen=True)
class Access:
    """Who is let in (200), who is refused with 403, who is redirected (302: to the login page, or
    on to where they belong); anyone else finds nothing (404)."""

    allowed: frozenset
    forbidden: frozenset = frozenset()
    redirected: frozenset = frozenset({ANONYMOUS})


@dataclass(frozen=True)
class Kind:
    """A GET answers as `read` says (405 to those let in when the URL is POST-only); a write (POST,
    PUT, PATCH, DELETE) is sent by everyone `write` does not let in, and answers as it says. An
    anonymous user it refuses is sent to a login page, unless `to_login` is off."""

    read: Access
    write: Access = None
    post_only: bool = False
    to_login: bool = True

    def __post_init__(self):
        if self.write is None:
            object.__setattr__(self, "write", self.read)


def answer(access, relation):
    if relation in access.redirected:
        return 302
    if relation in access.allowed:
        return 200
    return 403 if relation in access.forbidden else 404


def expected_status(kind, relation, method):
    """The status `relation` gets for `method`, or None for a write it is let in to (never sent)."""
    if method == "get":
        status = answer(kind.read, relation)
        return 405 if status == 200 and kind.post_only else status
    return None if relation in kind.write.allowed else answer(kind.write, relation)


def workspace(allowed=KEEPERS, *, hidden_from=frozenset({OTHER_OFFICER}), post_only=False, method_first=False,
              sent_on=frozenset()):
    """The officers' workspace: 403 for a user without a register role (before anything is looked
    up), 404 for those the object is hidden from, 403 inside without the role; `sent_on` are let in
    and redirected (a national admin to the national dashboard). A POST-only view that checks the
    method first (`method_first`) answers every register role's GET with 405, never looking up."""
    access = Access(allowed, SIGNED_IN - allowed - hidden_from, frozenset({ANONYMOUS}) | sent_on)
    if method_first:
        return Kind(Access(REGISTER_ROLES, SIGNED_IN - REGISTER_ROLES), access, post_only=True)
    return Kind(access, post_only=post_only)


def panel(allowed, *, post_only=False):
    """A contest's page for its officers and panel: 404 for anyone else, 403 for those who run the
    contest or sit on its panel without the page's role."""
    return Kind(Access(allowed, (KEEPERS | SEATED) - allowed), post_only=post_only)


PUBLIC = Kind(Access(EVERYONE, redirected=frozenset()))
SIGNED_IN_ONLY = Kind(Access(SIGNED_IN))
REGISTER = workspace()  # a register page, or an object of the officer's province
REGISTER_POST = workspace(post_only=True)  # a step on an object, looked up first
REGISTER_ACTION = workspace(method_first=True)  # a step on an object, the method checked first
OFFICER_DASHBOARD = workspace(sent_on=frozenset({ADMIN}))  # national admins land on the national one
UPLOADER = frozenset({OFFICER})  # a waiting import is its uploader's alone, hidden even from national admins
OWN_UPLOAD = workspace(UPLOADER, hidden_from=frozenset({OTHER_OFFICER, ADMIN}))
OWN_UPLOAD_ACTION = workspace(UPLOADER, hidden_from=frozenset({OTHER_OFFICER, ADMIN}), method_first=True)
ACCEPT_ACTION = workspace(frozenset({ADMIN}), method_first=True)  # accepting a late submission is CDD's
TWO_FACTOR = Kind(Access(STAFF, SIGNED_IN - STAFF))  # for whoever may use the admin
TWO_FACTOR_OFF = Kind(Access(EVERYONE, redirected=frozenset()), Access(frozenset(), SIGNED_IN), post_only=True)
NATIONAL = Kind(Access(frozenset({ADMIN}), SIGNED_IN - {ADMIN}))  # national admins only
MEETING = panel(KEEPERS | {CHAIR})  # the officers and the chair, who runs the meeting
MEETING_POST = panel(KEEPERS | {CHAIR}, post_only=True)
RESULTS = panel(KEEPERS | SEATED)  # a round's ranking and record, once its scores are out
OWN_SHEET = panel(KEEPERS | {MEMBER})  # the member's own score sheet (the member persona's)
SCORES = panel(KEEPERS)  # every member's scores, a group's feedback
PANEL = Kind(Access(SEATED))  # the scoring pages of the contest's panel (404 for anyone else)
SCORED = Kind(Access(frozenset({CHAIR, MEMBER})))  # an entry's scoring: not for its conflicted member
LOGIN = Kind(Access(EVERYONE, redirected=SIGNED_IN))  # signed-in users are sent home
LOGOUT = Kind(Access(EVERYONE, redirected=frozenset()), post_only=True)
ELSEWHERE = Kind(Access(EVERYONE, redirected=EVERYONE))  # on elsewhere: the language set, or nothing to do

ADMIN_PAGE = Kind(Access(STAFF, redirected=NON_STAFF))  # the admin's own pages, for staff
# The admin's login: anonymous users go to the site's sign-in, staff on in, others are refused.
ADMIN_LOGIN = Kind(Access(STAFF | {ANONYMOUS}, NON_STAFF - {ANONYMOUS}, STAFF | {ANONYMOUS}))
ADMIN_LOGOUT = Kind(Access(STAFF, redirected=NON_STAFF), post_only=True, to_login=False)  # others: to the index
ADMIN_ELSEWHERE = Kind(Access(STAFF, redirected=EVERYONE))  # on to an object's change page or its page on the site
ADMIN_NOWHERE = Kind(Access(frozenset(), redirected=NON_STAFF))  # the admin's catch-all: 404 for staff


@dataclass(frozen=True)
class Url:
    """A URL's kind; the object its arguments name (`row`, see `access_world.url_arguments`); the
    state of the contest it is requested in; the state of the national round the contest was
    submitted to; `judged`: also requested on the national round, where the national judge scores."""

    kind: Kind
    row: str = None
    state: str = None
    national: str = None
    judged: bool = False


def owners(url):
    """Whose objects the URL is requested with: both provinces' (and the national round's, where
    the national judge scores), the national round's, or once when it names no one's object."""
    if url.row is None or url.row in UNOWNED_ROWS:
        return [None]
    if url.row == "national round":
        return [NATIONAL_ROUND]
    return [*PROVINCES, NATIONAL_ROUND] if url.judged else [*PROVINCES]


UNOWNED_ROWS = {"results", "password reset link", "admin app", "group autocomplete", "no admin page"}

# url name (or, for an unnamed pattern, its route): what it is
URLS = {
    "home": Url(SIGNED_IN_ONLY),
    "about": Url(PUBLIC),
    "healthz": Url(PUBLIC),
    "set_language": Url(ELSEWHERE),
    "login": Url(LOGIN),
    "login_code": Url(ELSEWHERE),  # back to the login page without a password just given
    "logout": Url(LOGOUT),
    "password_change": Url(SIGNED_IN_ONLY),
    "password_change_done": Url(SIGNED_IN_ONLY),
    "password_reset": Url(PUBLIC),
    "password_reset_done": Url(PUBLIC),
    "password_reset_confirm": Url(PUBLIC, "password reset link"),  # an expired link
    "password_reset_complete": Url(PUBLIC),
    "two_factor": Url(TWO_FACTOR),
    "two_factor_remove": Url(TWO_FACTOR_OFF),  # only from a session verified with a code
    "media": Url(PUBLIC, "photo file"),  # photos under random names; no listing
    # The register
    "networks:network_list": Url(REGISTER),
    "networks:network_create": Url(REGISTER),
    "networks:network_detail": Url(REGISTER, "network"),
    "networks:network_update": Url(REGISTER, "network"),
    "networks:partner_create": Url(REGISTER, "network"),
    "networks:partner_list": Url(REGISTER),
    "networks:partner_update": Url(REGISTER, "partner"),
    "networks:partner_delete": Url(REGISTER, "partner"),
    "networks:committee_list": Url(REGISTER),
    "networks:committee_create": Url(REGISTER),
    "networks:committee_detail": Url(REGISTER, "committee"),
    "networks:committee_update": Url(REGISTER, "committee"),
    "networks:committee_copy": Url(REGISTER_ACTION, "committee"),
    "networks:committee_members_xlsx": Url(REGISTER, "committee"),
    "networks:member_create": Url(REGISTER, "committee"),
    "networks:member_update": Url(REGISTER, "committee member"),
    "networks:member_delete": Url(REGISTER, "committee member"),
    "networks:history": Url(REGISTER),
    "products:group_list": Url(REGISTER),
    "products:group_create": Url(REGISTER),
    "products:group_detail": Url(REGISTER, "group"),
    "products:group_update": Url(REGISTER, "group"),
    "products:group_delete": Url(REGISTER, "group"),
    "products:product_create": Url(REGISTER, "group"),
    "products:product_list": Url(REGISTER),
    "products:product_detail": Url(REGISTER, "product"),
    "products:product_update": Url(REGISTER, "product"),
    "products:product_delete": Url(REGISTER, "product"),
    "products:product_photo_add": Url(REGISTER_ACTION, "product"),
    "products:product_photo_delete": Url(REGISTER_ACTION, "photo"),
    "products:address_districts": Url(REGISTER),
    "products:address_subdistricts": Url(REGISTER),
    "products:address_postal_codes": Url(REGISTER),
    "products:cohort_list": Url(REGISTER),
    "products:cohort_create": Url(REGISTER),
    "products:cohort_detail": Url(REGISTER, "cohort"),
    "products:cohort_update": Url(REGISTER, "cohort"),
    "products:enrollment_create": Url(REGISTER, "cohort"),
    "products:enrollment_delete": Url(REGISTER, "enrollment"),
    "products:trainee_create": Url(REGISTER, "enrollment"),
    "products:trainee_update": Url(REGISTER, "trainee"),
    "products:trainee_delete": Url(REGISTER, "trainee"),
    "products:session_create": Url(REGISTER, "cohort"),
    "products:session_attendance": Url(REGISTER, "training session"),
    "products:import_groups": Url(REGISTER),
    "products:import_template": Url(REGISTER),
    "products:import_preview": Url(OWN_UPLOAD, "upload"),
    "products:import_commit": Url(OWN_UPLOAD_ACTION, "upload"),
    "products:dashboard": Url(OFFICER_DASHBOARD),
    "products:national_dashboard": Url(NATIONAL),
    # The contests: set-up and the meeting
    "contests:contest_list": Url(REGISTER),
    "contests:contest_create": Url(REGISTER),
    "contests:contest_detail": Url(REGISTER, "contest", S.DRAFT),
    "contests:contest_update": Url(REGISTER, "contest", S.DRAFT),
    "contests:contest_copy": Url(REGISTER_POST, "contest", S.DRAFT),
    "contests:contest_reminders": Url(REGISTER, "contest", S.SCORING_OPEN),
    "contests:round_criteria": Url(REGISTER, "round", S.DRAFT),
    "contests:entry_create": Url(REGISTER, "contest", S.ENTRIES_OPEN),
    "contests:entry_detail": Url(REGISTER, "entry", S.ENTRIES_OPEN),
    "contests:entry_update": Url(REGISTER, "entry", S.ENTRIES_OPEN),
    "contests:entry_withdraw": Url(REGISTER, "entry", S.ENTRIES_OPEN),
    "contests:draw_order": Url(REGISTER_POST, "contest", S.ENTRIES_OPEN),
    "contests:set_order": Url(REGISTER, "contest", S.ENTRIES_OPEN),
    "contests:panel_sync": Url(REGISTER_POST, "contest", S.ENTRIES_OPEN),
    "contests:conflict_create": Url(REGISTER, "contest", S.ENTRIES_OPEN),
    "contests:scoring_end": Url(REGISTER, "contest", S.SCORING_OPEN),
    "contests:advance": Url(MEETING, "closing", S.SCORING_OPEN),
    "contests:meeting": Url(MEETING, "contest", S.SCORING_OPEN),
    "contests:meeting_board": Url(MEETING, "contest", S.SCORING_OPEN),
    "contests:present": Url(MEETING_POST, "contest", S.SCORING_OPEN),
    "contests:attendance": Url(MEETING_POST, "contest", S.SCORING_OPEN),
    "contests:unlock": Url(MEETING, "scorecard", S.SCORING_OPEN),
    "contests:ranking": Url(RESULTS, "round", S.SCORING_CLOSED),
    "contests:shortlist": Url(REGISTER, "contest", S.SCORING_CLOSED),
    "contests:casting_vote": Url(MEETING, "contest", S.SCORING_CLOSED),
    "contests:final_round": Url(REGISTER_ACTION, "contest", S.SHORTLISTED),
    "contests:select_winner": Url(REGISTER, "contest", S.SHORTLISTED),
    "contests:no_entry": Url(REGISTER, "contest", S.SHORTLISTED),
    # Scoring on a phone
    "contests:my_contests": Url(SIGNED_IN_ONLY),
    "contests:score_home": Url(PANEL, "contest", S.SCORING_OPEN, judged=True),
    "contests:score_now": Url(PANEL, "contest", S.SCORING_OPEN, judged=True),
    "contests:score_entry": Url(SCORED, "entry", S.SCORING_OPEN, judged=True),
    "contests:declare_conflict": Url(SCORED, "entry", S.SCORING_OPEN, judged=True),
    # Documents
    "contests:score_sheet_pdf": Url(OWN_SHEET, "score sheet", S.SCORING_CLOSED),
    "contests:score_sheets_pdf": Url(SCORES, "contest", S.SCORING_CLOSED),
    "contests:ranking_pdf": Url(RESULTS, "round", S.SCORING_CLOSED),
    "contests:record_pdf": Url(RESULTS, "contest", S.SCORING_CLOSED),
    "contests:scores_xlsx": Url(SCORES, "contest", S.SCORING_CLOSED),
    "contests:feedback": Url(SCORES, "entry", S.SCORING_CLOSED),
    "contests:feedback_xlsx": Url(SCORES, "entry", S.SCORING_CLOSED),
    # The national submission and the national round
    "contests:dossier": Url(REGISTER, "contest", S.WINNER_SELECTED),
    "contests:national_result": Url(REGISTER, "contest", S.SUBMITTED, S.PUBLISHED),
    "contests:submission_detail": Url(REGISTER, "submission", S.SUBMITTED),
    "contests:submission_submit": Url(REGISTER_ACTION, "submission", S.SUBMITTED),
    "contests:submission_withdraw": Url(REGISTER, "submission", S.SUBMITTED),
    "contests:submission_accept": Url(ACCEPT_ACTION, "submission", S.SUBMITTED),
    "contests:national_list": Url(NATIONAL),
    "contests:national_create": Url(NATIONAL),
    "contests:national_detail": Url(NATIONAL, "national round", S.SUBMITTED),
    "contests:national_update": Url(NATIONAL, "national round", S.SUBMITTED),
    "contests:national_awards": Url(NATIONAL, "national round", S.SUBMITTED),
    "contests:national_teams": Url(NATIONAL, "national round", S.SUBMITTED),
    "contests:national_dashboard": Url(NATIONAL, "national round", S.SUBMITTED),
    "contests:award_assign": Url(NATIONAL, "national round", S.SUBMITTED, S.SCORING_CLOSED),
    "contests:certificates_pdf": Url(NATIONAL, "national round", S.SUBMITTED, S.PUBLISHED),
    "contests:certificate_pdf": Url(REGISTER, "national entry", S.SUBMITTED, S.PUBLISHED),
    "contests:public_results": Url(PUBLIC, "results", S.SUBMITTED, S.PUBLISHED),
    # The Django admin's own pages (its model admins are declared in ADMINS)
    "admin:index": Url(ADMIN_PAGE),
    "admin:login": Url(ADMIN_LOGIN),
    "admin:logout": Url(ADMIN_LOGOUT),
    "admin:password_change": Url(ADMIN_PAGE),
    "admin:password_change_done": Url(ADMIN_PAGE),
    "admin:jsi18n": Url(ADMIN_PAGE),
    "admin:autocomplete": Url(ADMIN_PAGE, "group autocomplete"),  # a product's group: every keeper may pick one
    "admin:view_on_site": Url(ADMIN_ELSEWHERE, "network on site"),
    "admin:app_list": Url(None, "admin app"),  # by app: see admin_app_kind
    "admin/(?P<url>.*)$": Url(ADMIN_NOWHERE, "no admin page"),
}


# The Django admin, by rule

@dataclass(frozen=True)
class AdminProfile:
    """What national admins and officers may do in a model admin: (v)iew, (a)dd, (c)hange,
    (d)elete. `scoped`: an officer sees only their provinces' rows, and `elsewhere` is what the
    admin lets them do with a row outside them (which it then finds missing)."""

    may: dict
    scoped: bool = False
    elsewhere: str = ""


REGISTER_ADMIN = AdminProfile({ADMIN: "vacd", OFFICER: "vacd"}, scoped=True, elsewhere="vacd")
RECORD_ADMIN = AdminProfile({ADMIN: "v", OFFICER: "v"}, scoped=True, elsewhere="v")  # written by KBO only
CONTEST_ADMIN = AdminProfile({ADMIN: "v", OFFICER: "v"}, scoped=True, elsewhere="vcd")  # a contest past its set-up
AREA_ADMIN = RECORD_ADMIN  # geography: reference data, each officer's own provinces
NATIONAL_ADMIN = AdminProfile({ADMIN: "vacd", OFFICER: ""})
SCHEDULE_ADMIN = AdminProfile({ADMIN: "v", OFFICER: ""})  # beat's schedules: changed by superusers
SUPERUSER_ADMIN = AdminProfile({ADMIN: "", OFFICER: ""})  # Django's permissions, which KBO's roles never hold

# model (app label.model name): its admin's profile
ADMINS = {
    "accounts.user": NATIONAL_ADMIN,
    "auth.group": SUPERUSER_ADMIN,
    "geography.province": AREA_ADMIN,
    "geography.district": AREA_ADMIN,
    "geography.subdistrict": AREA_ADMIN,
    "networks.network": REGISTER_ADMIN,
    "networks.knowledgepartner": REGISTER_ADMIN,
    "networks.committee": REGISTER_ADMIN,
    "networks.committeemember": REGISTER_ADMIN,
    "products.producergroup": REGISTER_ADMIN,
    "products.product": REGISTER_ADMIN,
    "products.productstandard": REGISTER_ADMIN,
    "products.cohort": REGISTER_ADMIN,
    "products.enrollment": REGISTER_ADMIN,
    "products.trainingsession": REGISTER_ADMIN,
    "contests.rubric": NATIONAL_ADMIN,
    "contests.contest": CONTEST_ADMIN,
    "contests.scorecard": RECORD_ADMIN,
    "contests.scorecardrevision": RECORD_ADMIN,
    "contests.contestevent": RECORD_ADMIN,
    "reminders.reminder": RECORD_ADMIN,
    "django_celery_beat.periodictask": SCHEDULE_ADMIN,
    "django_celery_beat.clockedschedule": SUPERUSER_ADMIN,
    "django_celery_beat.crontabschedule": SUPERUSER_ADMIN,
    "django_celery_beat.solarschedule": SUPERUSER_ADMIN,
    "django_celery_beat.intervalschedule": SUPERUSER_ADMIN,
    "axes.accessattempt": SUPERUSER_ADMIN,
    "axes.accesslog": SUPERUSER_ADMIN,
    "axes.accessfailurelog": SUPERUSER_ADMIN,
    "otp_totp.totpdevice": SUPERUSER_ADMIN,
    "auditlog.logentry": RECORD_ADMIN,  # the register's audit trail
}

# A model admin's views: the permissions a GET needs, those a write needs; on an object or not.
ADMIN_VIEWS = {
    "changelist": ("vc", "vc", False),
    "add": ("a", "a", False),
    "change": ("vc", "c", True),
    "history": ("vc", "vc", True),
    "delete": ("d", "d", True),
    "password": ("c", "c", True),  # UserAdmin's password form
    "device": ("vc", "vc", True),  # a two-step device's set-up and QR code
}
# Further views of some model admins: url name: (model, its view)
ADMIN_EXTRAS = {
    "admin:auth_user_password_change": ("accounts.user", "password"),
    "admin:otp_totp_totpdevice_config": ("otp_totp.totpdevice", "device"),
    "admin:otp_totp_totpdevice_qrcode": ("otp_totp.totpdevice", "device"),
}


def admin_access(profile, view, needs):
    """Who gets what from a model admin's `view` when it needs one of the permissions `needs`."""
    may = {**profile.may, OTHER_OFFICER: profile.elsewhere if profile.scoped else profile.may[OFFICER]}
    allowed = {who for who, letters in may.items() if set(letters) & set(needs)}
    missing = {OTHER_OFFICER} if profile.scoped and ADMIN_VIEWS[view][2] else set()
    if view == "history":  # looks the object up before the permissions
        return Access(frozenset(allowed - missing), frozenset(STAFF - allowed - missing), NON_STAFF | missing)
    return Access(frozenset(allowed - missing), frozenset(STAFF - allowed), NON_STAFF | (missing & allowed))


def admin_kind(profile, view):
    reads, writes, _on_object = ADMIN_VIEWS[view]
    return Kind(admin_access(profile, view, reads), admin_access(profile, view, writes))


def admin_app_kind(profiles):
    """An app's index in the admin: there for staff who may do anything with one of its models."""
    allowed = {who for profile in profiles for who, letters in profile.may.items() if letters}
    return Kind(Access(frozenset(allowed), redirected=NON_STAFF))
