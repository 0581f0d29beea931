"""The national round's results: the awards assigned on the ranking, the certificates, and the
public results page.

- `award_assign`: national admins (403 for anyone else signed in), once judging has closed: the
  ranking (and the normalised score beside it when the round shows one), per entry the award (the
  ranking's suggestion until awards are saved) and the reason for a departure; then the link to
  publish the results.
- `certificates_pdf`: national admins (403 for anyone else signed in), once the results are
  published (403 before): one A4 landscape page per awarded entry, in Thai.
- `certificate_pdf`: one entry's certificate, for national admins and, once the results are
  published, the officers of the province that submitted the entry (404 for other officers, 403
  for users without a register role).
- `public_results`: no login; the awards of a published national round, with no personal data.
The rules are in `contests.awards`; these views only call them."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View, generic

from contests import awards, documents, permissions, scoring, workflow
from contests.enums import ContestKind
from contests.enums import ContestState as S
from contests.models import Contest
from contests.views.base import run_service
from contests.views.meeting import scores_hidden
from contests.views.national import NationalRoundMixin
from kbo.core.workspace import RegisterAccessMixin

CERTIFICATE_LANGUAGE = "th"  # an official document of CDD, in Thai whoever prints it


class AwardForm(forms.Form):
    """Per ranked entry: the award (blank for none) and the reason for a departure from the suggestion."""

    def __init__(self, *args, ranking, suggestion, awards, current, editable, **kwargs):
        super().__init__(*args, **kwargs)
        self.ranking, self.suggestion, self.awards = ranking, suggestion, {str(a.pk): a for a in awards}
        choices = [("", _("No award")), *[(str(a.pk), str(a)) for a in awards]]
        for result in ranking.results:
            entry = result.entry
            chosen = entry.award if current else suggestion.get(entry.pk)
            self.fields[f"award_{entry.pk}"] = forms.ChoiceField(
                label=_("Award for %(entry)s") % {"entry": entry}, choices=choices, required=False,
                initial=str(chosen.pk) if chosen else "", disabled=not editable,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"reason_{entry.pk}"] = forms.CharField(
                label=_("Reason for %(entry)s") % {"entry": entry}, required=False, max_length=2000,
                initial=entry.award_reason, disabled=not editable,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def rows(self):
        """(ranking result, suggested award, award field, reason field) per ranked entry."""
        return [
            (result, self.suggestion.get(result.entry.pk), self[f"award_{result.entry.pk}"],
             self[f"reason_{result.entry.pk}"])
            for result in self.ranking.results
        ]

    def assignments(self):
        return {
            result.entry.pk: self.awards.get(self.cleaned_data[f"award_{result.entry.pk}"])
            for result in self.ranking.results
        }

    def reasons(self):
        return {result.entry.pk: self.cleaned_data[f"reason_{result.entry.pk}"] for result in self.ranking.results}


class AwardAssignView(NationalRoundMixin, generic.FormView):
    form_class = AwardForm
    template_name = "contests/award_form.html"

    @cached_property
    def round(self):
        round = awards.main_round(self.contest)
        round.contest = self.contest
        return round

    @cached_property
    def ranking(self):
        return scoring.ranking(self.round)

    def hidden(self):
        """403 until judging closes: the page shows the ranking."""
        if not permissions.can_see_ranking(self.request.user, self.round):
            return scores_hidden(self.request, self.round)
        return None

    def get(self, request, *args, **kwargs):
        return self.hidden() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.hidden() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        contest = self.contest
        return {
            **super().get_form_kwargs(),
            "ranking": self.ranking, "suggestion": awards.suggested_awards(self.round, self.ranking),
            "awards": list(contest.awards.all()),
            "current": any(result.entry.award_id for result in self.ranking.results),
            "editable": contest.state == S.SCORING_CLOSED,
        }

    def get_context_data(self, **kwargs):
        contest, user = self.contest, self.request.user
        publish = workflow.transition(contest, S.PUBLISHED)
        assigned = any(result.entry.award_id for result in self.ranking.results)
        return {
            **super().get_context_data(**kwargs),
            "round": self.round,
            "ranking": self.ranking,
            "editable": contest.state == S.SCORING_CLOSED,
            "can_publish": bool(publish and assigned and workflow.may_trigger(user, contest, publish)),
            "public_url": reverse("contests:public_results", args=[contest.fiscal_year, contest.kind]),
        }

    def form_valid(self, form):
        if run_service(
            self.request, awards.assign_awards, self.contest, form.assignments(), form.reasons(), by=self.request.user
        ) is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The awards are saved. Publish the results when they are final."))
        return redirect("contests:award_assign", self.contest.pk)


class CertificatesPdf(NationalRoundMixin, View):
    def get(self, request, contest_pk):
        if self.contest.state != S.PUBLISHED:
            raise PermissionDenied  # the round exists; its certificates come with the published results
        with translation.override(CERTIFICATE_LANGUAGE):
            return documents.pdf_response(documents.certificates(self.contest))


class CertificatePdf(RegisterAccessMixin, View):
    def get(self, request, entry_pk):
        entries = awards.certificate_entries(request.user).select_related(
            "contest", "award", "product", "group__subdistrict__province", "submission__province"
        )
        entry = get_object_or_404(entries, pk=entry_pk)
        if entry.contest.state != S.PUBLISHED:
            raise PermissionDenied  # a national admin, before the results are out
        with translation.override(CERTIFICATE_LANGUAGE):
            return documents.pdf_response(documents.certificates([entry]))


class PublicResultsView(generic.TemplateView):
    """Anyone, signed in or not: the awards of a published national round. Products, groups,
    provinces and categories only: no person's name or contact, no judge's scores."""

    template_name = "contests/public_results.html"

    @cached_property
    def contest(self):
        if self.kwargs["kind"] not in ContestKind.values:
            raise Http404
        rounds = Contest.objects.national().filter(state=S.PUBLISHED)
        return get_object_or_404(rounds, fiscal_year=self.kwargs["fiscal_year"], kind=self.kwargs["kind"])

    def get_context_data(self, **kwargs):
        contest = self.contest
        by_award = {}
        for entry in awards.awarded_entries(contest):
            entry.province = awards.entry_province(entry)
            by_award.setdefault(entry.award, []).append(entry)
        return {
            **super().get_context_data(**kwargs),
            "contest": contest,
            "awards": list(by_award.items()),
            "published_on": awards.published_on(contest),
        }


urlpatterns = [
    path("national/<int:contest_pk>/assign-awards/", AwardAssignView.as_view(), name="award_assign"),
    path("national/<int:contest_pk>/certificates.pdf", CertificatesPdf.as_view(), name="certificates_pdf"),
    path("entries/<int:entry_pk>/certificate.pdf", CertificatePdf.as_view(), name="certificate_pdf"),
    path("results/<int:fiscal_year>/<str:kind>/", PublicResultsView.as_view(), name="public_results"),
]
