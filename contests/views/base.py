"""Who may open a contest page, decided once for every contest view.

- `ManagerMixin`: the province's officers and national admins (403 for other roles, 404 for another
  province's contest, login for anonymous users).
- `PanelContestMixin`: the officers and the contest's panel, each page deciding further in
  `allows`; `MeetingMixin` is the officers plus the committee's chair, who runs the meeting beside
  the officer (403 for other panel members).
- `JurorMixin`: a member of the contest's scoring panel (404 for everyone else).

Each sets `self.contest` (and `self.juror` for panel members) from the URL's `contest_pk`.
`run_service` turns a refused step into a message for the user instead of an error page.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from contests import permissions
from contests.models import Contest
from kbo.core.workspace import RegisterAccessMixin

CONTEST_RELATED = ("network__province", "now_presenting")


class ManagerMixin(RegisterAccessMixin):
    """A provincial contest's page (a national round's number is a 404 there), unless the page
    serves both tiers (`both_levels`: the criteria, the end of the scoring window)."""

    contest_kwarg = "contest_pk"
    both_levels = False

    def contests(self):
        contests = Contest.objects.visible_to(self.request.user).select_related(*CONTEST_RELATED)
        return contests if self.both_levels else contests.provincial()

    @cached_property
    def contest(self):
        return get_object_or_404(self.contests(), pk=self.kwargs[self.contest_kwarg])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contest": self.contest}


class PanelContestMixin(LoginRequiredMixin):
    """The contest the URL leads to (`contest_lookup` = the URL's `contest_kwarg`) among those the
    user runs or sits on (404 otherwise); then `allows(user, contest)` decides (403 otherwise).
    Both are checked before any other work."""

    contest_kwarg = "contest_pk"
    contest_lookup = "pk"

    def allows(self, user, contest):
        return True

    @cached_property
    def contest(self):
        user = self.request.user
        contests = Contest.objects.select_related(*CONTEST_RELATED)
        lookup = {self.contest_lookup: self.kwargs[self.contest_kwarg]}
        contest = contests.visible_to(user).filter(**lookup).first() or get_object_or_404(
            contests.scored_by(user), **lookup
        )
        if not self.allows(user, contest):
            raise PermissionDenied
        return contest

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.contest  # noqa: B018 — 404/403 before any work
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contest": self.contest}


class MeetingMixin(PanelContestMixin):
    def allows(self, user, contest):
        return permissions.runs_meeting(user, contest)


class JurorMixin(LoginRequiredMixin):
    contest_kwarg = "contest_pk"

    @cached_property
    def contest(self):
        contests = Contest.objects.scored_by(self.request.user).select_related(*CONTEST_RELATED)
        return get_object_or_404(contests, pk=self.kwargs[self.contest_kwarg])

    @cached_property
    def juror(self):
        return self.contest.jurors.get(user=self.request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contest": self.contest, "juror": self.juror}


def run_service(request, step, *args, **kwargs):
    """Runs a domain step; a refusal (a guard, a lost race, bad input) becomes an error message and
    None, so the view can redirect back. Permission refusals stay 403."""
    try:
        return step(*args, **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None

