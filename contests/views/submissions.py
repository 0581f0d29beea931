"""A province's national submission: the dossier the officer reviews and submits, the submission's
page with its steps (submit, withdraw, accept a late one), and the province's national result.

The provincial contest is fetched through `Contest.objects.visible_to` and a submission through
`Submission.objects.visible_to` (the province's officers and national admins): another province's is
a 404, a user without a register role gets 403, anonymous users go to the login page. The steps are
`contests.national`'s; a refusal comes back as a message (`run_service`), accepting a late
submission without being a national admin is a 403.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from contests import national
from contests.enums import ContestState, SubmissionState
from contests.forms import WithdrawForm
from contests.models import Contest, Submission
from contests.submission_forms import DossierForm
from contests.views.base import CONTEST_RELATED, run_service
from contests.views.setup import ContestGuardMixin
from kbo.core.workspace import FormPageMixin, RegisterAccessMixin

DOSSIER_STATES = {ContestState.WINNER_SELECTED, ContestState.SUBMITTED}
SUBMISSION_RELATED = (
    "national", "provincial__network__province", "province", "entry__group", "entry__product", "national_entry",
    "submitted_by", "accepted_by",
)


class ProvincialContestMixin(RegisterAccessMixin):
    """The provincial contest of the URL among those the user runs (404 otherwise)."""

    @cached_property
    def contest(self):
        contests = Contest.objects.visible_to(self.request.user).provincial()
        return get_object_or_404(contests.select_related(*CONTEST_RELATED), pk=self.kwargs["contest_pk"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contest": self.contest}


class SubmissionMixin(RegisterAccessMixin):
    """The submission of the URL among those of the user's provinces (404 otherwise)."""

    @cached_property
    def submission(self):
        submissions = Submission.objects.visible_to(self.request.user).select_related(*SUBMISSION_RELATED)
        return get_object_or_404(submissions, pk=self.kwargs["submission_pk"])


class DossierView(ProvincialContestMixin, ContestGuardMixin, generic.FormView):
    """The dossier for review, its texts to edit while it is a draft, and the button that submits it."""

    form_class = DossierForm
    template_name = "contests/dossier.html"
    refused_message = gettext_lazy("The national dossier is prepared once the committee has selected the winner.")

    def is_allowed(self):
        return self.contest.state in DOSSIER_STATES

    @cached_property
    def dossier(self):
        return national.dossier_of(self.contest)

    def get_form(self, form_class=None):
        submission, winner = self.dossier.submission, self.dossier.winner
        initial = national.dossier_texts(self.contest, winner) if submission is None and winner else {}
        return DossierForm(self.request.POST or None, instance=submission, initial=initial)

    def get_context_data(self, **kwargs):
        submission = self.dossier.submission
        return {
            **super().get_context_data(**kwargs),
            "dossier": self.dossier,
            "can_edit": submission is None or national.may_edit(self.request.user, submission),
        }

    def form_valid(self, form):
        saved = run_service(self.request, national.save_dossier, self.contest, form.cleaned_data, by=self.request.user)
        if saved is not None:
            messages.success(self.request, _("The dossier is saved. Review it, then submit it to the national round."))
        return redirect("contests:dossier", self.contest.pk)


class SubmissionDetailView(SubmissionMixin, generic.TemplateView):
    template_name = "contests/submission_detail.html"

    def get_context_data(self, **kwargs):
        user, submission = self.request.user, self.submission
        return {
            **super().get_context_data(**kwargs),
            "submission": submission,
            "contest": submission.provincial,
            "dossier": national.dossier_of(submission.provincial, submission),
            "can_edit": national.may_edit(user, submission),
            "can_withdraw": national.may_withdraw(user, submission),
            "can_accept": national.may_accept_late(user, submission),
        }


class SubmitView(SubmissionMixin, generic.View):
    """POST only: submits the dossier to the national round."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        submitted = run_service(request, national.submit, self.submission, by=request.user)
        if submitted is not None and submitted.state == SubmissionState.LATE:
            messages.warning(request, _(
                "Submitted after the deadline: the submission waits for a national admin to accept it."
            ))
        elif submitted is not None:
            messages.success(request, _("Submitted to the national round."))
        return redirect(self.submission)


class AcceptLateView(SubmissionMixin, generic.View):
    """POST only, national admins: a late submission joins the national round."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if run_service(request, national.accept_late, self.submission, by=request.user) is not None:
            messages.success(request, _("The late submission is accepted: its entry joins the national round."))
        return redirect(self.submission)


class WithdrawView(SubmissionMixin, FormPageMixin, generic.FormView):
    form_class = WithdrawForm

    def get(self, request, *args, **kwargs):
        if not national.may_withdraw(request.user, self.submission):
            messages.error(request, _("This submission can no longer be withdrawn."))
            return redirect(self.submission)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.submission  # noqa: B018 — 404 before the form is read
        return super().post(request, *args, **kwargs)

    def get_title(self):
        return _("Withdraw the national submission of %(entry)s") % {"entry": self.submission.entry}

    def get_cancel_url(self):
        return self.submission.get_absolute_url()

    def form_valid(self, form):
        reason = form.cleaned_data["reason"]
        if run_service(self.request, national.withdraw, self.submission, reason, by=self.request.user) is not None:
            messages.success(self.request, _("The submission is withdrawn. A new dossier may be prepared."))
        return redirect(self.submission)


class NationalResultView(ProvincialContestMixin, generic.TemplateView):
    """The province's national result once the national round has published it."""

    template_name = "contests/national_result.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "result": national.result_of(self.contest)}


urlpatterns = [
    path("<int:contest_pk>/national/dossier/", DossierView.as_view(), name="dossier"),
    path("submissions/<int:submission_pk>/", SubmissionDetailView.as_view(), name="submission_detail"),
    path("submissions/<int:submission_pk>/submit/", SubmitView.as_view(), name="submission_submit"),
    path("submissions/<int:submission_pk>/withdraw/", WithdrawView.as_view(), name="submission_withdraw"),
    path("submissions/<int:submission_pk>/accept/", AcceptLateView.as_view(), name="submission_accept"),
    path("<int:contest_pk>/national/result/", NationalResultView.as_view(), name="national_result"),
]
