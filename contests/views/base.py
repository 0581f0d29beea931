"""Who may open a contest page, decided once for every contest view.

- `ManagerMixin`: the province's officers and national admins (403 for other roles, 404 for another
  province's contest, login for anonymous users).
- `MeetingMixin`: the same, plus the committee's chair, who runs the meeting beside the officer
  (403 for other panel members).
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
    contest_kwarg = "contest_pk"

    @cached_property
    def contest(self):
        contests = Contest.objects.visible_to(self.request.user).select_related(*CONTEST_RELATED)
        return get_object_or_404(contests, pk=self.kwargs[self.contest_kwarg])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contest": self.contest}


class MeetingMixin(LoginRequiredMixin):
    contest_kwarg = "contest_pk"

    @cached_property
    def contest(self):
        user = self.request.user
        contests = Contest.objects.select_related(*CONTEST_RELATED)
        contest = (
            contests.visible_to(user).filter(pk=self.kwargs[self.contest_kwarg]).first()
            or get_object_or_404(contests.scored_by(user), pk=self.kwargs[self.contest_kwarg])
        )
        if not permissions.runs_meeting(user, contest):
            raise PermissionDenied
        return contest

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.contest  # noqa: B018 — 404/403 before any work
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contest": self.contest}


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

