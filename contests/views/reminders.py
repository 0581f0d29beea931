"""The reminders of one contest, for its officers (and national admins; a national round's for
national admins): what was sent to whom and when, who is behind now, and a reminder by hand."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import generic

from contests.permissions import SCORING_STATES
from contests.reminders import rules
from contests.reminders.forms import RemindBehindForm
from contests.views.base import ManagerMixin


class ContestRemindersView(ManagerMixin, generic.FormView):
    both_levels = True
    template_name = "contests/reminders.html"
    form_class = RemindBehindForm

    def get_context_data(self, **kwargs):
        contest = self.contest
        return {
            **super().get_context_data(**kwargs),
            "reminders": contest.reminders.select_related("juror", "user", "province").order_by("-due_at", "name", "pk"),
            "behind": sorted(rules.jurors_behind(contest).items(), key=lambda pair: (pair[0].seat, pair[0].pk)),
            "may_remind": contest.state in SCORING_STATES,
        }

    def form_valid(self, form):
        if self.contest.state not in SCORING_STATES:
            messages.error(self.request, _("Reminders by hand are for members who are behind while scoring is open."))
            return redirect(self.request.path)
        count = rules.remind_behind(self.contest, by=self.request.user, note=form.cleaned_data["note"])
        if count:
            messages.success(self.request, ngettext(
                "A reminder to %(count)s member goes out within a minute.",
                "Reminders to %(count)s members go out within a minute.", count,
            ) % {"count": count})
        else:
            messages.info(self.request, _("Nobody to remind: everyone has submitted, or was reminded in the last ten minutes."))
        return redirect(self.request.path)


urlpatterns = [
    path("<int:contest_pk>/reminders/", ContestRemindersView.as_view(), name="contest_reminders"),
]
