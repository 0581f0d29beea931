"""What a user may do with a contest: small named predicates, tested one by one. Visibility (what
a user may see at all) is in `contests.queries`; these answer questions inside what is visible."""

from contests.enums import ContestState

EDITABLE_STATES = {ContestState.DRAFT, ContestState.ENTRIES_OPEN}
SCORING_STATES = {ContestState.SCORING_OPEN: 1, ContestState.FINAL_SCORING_OPEN: 2}
SCORES_HIDDEN_STATES = {*EDITABLE_STATES, *SCORING_STATES}
PREPARATION_STATES = {*EDITABLE_STATES, ContestState.SCORING_OPEN}
DECIDED_STATES = {ContestState.WINNER_SELECTED, ContestState.SUBMITTED, ContestState.NO_ENTRY, ContestState.PUBLISHED}


def manages(user, contest):
    """The province's officers and national admins run a provincial contest; national admins alone
    run the national round."""
    if not user.is_authenticated:
        return False
    if user.sees_all_provinces:
        return True
    return contest.network_id is not None and contest.network.province_id in user.officer_province_codes


def juror_of(user, contest):
    """The user's seat on the contest's panel, or None."""
    if not user.is_authenticated:
        return None
    return contest.jurors.filter(user=user).first()


def chairs(user, contest):
    juror = juror_of(user, contest)
    return juror is not None and juror.is_chair


def runs_meeting(user, contest):
    """Officers, national admins and the committee's chair run the meeting (now presenting, unlocks)."""
    return manages(user, contest) or chairs(user, contest)


def can_edit_setup(user, contest):
    """Dates, quota, rules and criteria are fixed once scoring opens."""
    return manages(user, contest) and contest.state in EDITABLE_STATES


def can_see_scores(user, contest):
    """No one sees scores while scoring is open; afterwards the officers and the panel do."""
    if contest.state in SCORES_HIDDEN_STATES:
        return False
    return manages(user, contest) or juror_of(user, contest) is not None


def can_prepare_meeting(user, contest):
    """The presentation order and the panel may still change until scoring closes (a group that
    arrives late, a substitute member)."""
    return manages(user, contest) and contest.state in PREPARATION_STATES


def can_amend_entries(user, contest):
    """Withdrawals and conflicts (who competes, who scores what) are recorded until the committee decides."""
    return manages(user, contest) and contest.state not in DECIDED_STATES


def can_edit_criteria(user, round):
    """A round's criteria change only before it opens: the main round while the set-up is open;
    the final round, on its own copy of the criteria, while the contest is shortlisted."""
    contest = round.contest
    if not manages(user, contest) or round.rubric.is_template:  # CDD's template is edited in the admin
        return False
    if round.number == 1:
        return contest.state in EDITABLE_STATES
    main_rubric = contest.rounds.filter(number=1).values_list("rubric_id", flat=True).first()
    return contest.state == ContestState.SHORTLISTED and round.rubric_id != main_rubric


RANKING_HIDDEN_STATES = {  # by round number: until that round's scoring closes
    1: {*EDITABLE_STATES, ContestState.SCORING_OPEN},
    2: {*SCORES_HIDDEN_STATES, ContestState.SCORING_CLOSED, ContestState.SHORTLISTED},
}


def can_see_ranking(user, round):
    """A round's ranking, once that round's scoring has closed (the main round's stays visible while
    the final round is scored), to the officers and the panel."""
    contest = round.contest
    if contest.state in RANKING_HIDDEN_STATES[round.number]:
        return False
    return manages(user, contest) or juror_of(user, contest) is not None


def can_move_scoring_end(user, contest):
    """Once scoring has opened, the rest of the set-up is fixed, but the window's end may still move
    (a meeting that runs late, scoring reopened the next day) until the committee decides."""
    return manages(user, contest) and contest.state not in {*EDITABLE_STATES, *DECIDED_STATES}


def can_mark_attendance(user, contest):
    """Attendance decides the quorum: it is kept by whoever runs the meeting until the committee decides."""
    return runs_meeting(user, contest) and contest.state not in DECIDED_STATES


def can_withdraw(user, entry):
    return can_amend_entries(user, entry.contest) and not entry.withdrawn


def can_declare_conflict(juror, contest):
    """A panel member declares their own conflicts until the committee decides, as the officers may
    record them (`can_amend_entries`): afterwards a new conflict would change a decided ranking."""
    return juror is not None and juror.contest_id == contest.pk and contest.state not in DECIDED_STATES
