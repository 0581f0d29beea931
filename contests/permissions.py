"""What a user may do with a contest: small named predicates, tested one by one. Visibility (what
a user may see at all) is in `contests.queries`; these answer questions inside what is visible."""

from contests.enums import ContestState

EDITABLE_STATES = {ContestState.DRAFT, ContestState.ENTRIES_OPEN}
SCORING_STATES = {ContestState.SCORING_OPEN: 1, ContestState.FINAL_SCORING_OPEN: 2}


def manages(user, contest):
    """The province's officers and national admins run the contest."""
    return user.is_authenticated and (
        user.sees_all_provinces or contest.network.province_id in user.officer_province_codes
    )


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
    if contest.state in (ContestState.DRAFT, ContestState.ENTRIES_OPEN, *SCORING_STATES):
        return False
    return manages(user, contest) or juror_of(user, contest) is not None
