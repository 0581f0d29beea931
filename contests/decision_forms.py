"""Forms of the meeting (now presenting, attendance, unlocking a scorecard) and of the committee's
decisions on a round's ranking (shortlist, final round, casting vote, winners, no entry).

They check the shape of the input and hand it to `contests.services` / `contests.scoring`; the rules
(a reason when the choice is not the top of the ranking, the quota, the quorum, the state) are the
services', and their refusals come back as messages."""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from contests.models import Entry, Juror
from kbo.core.forms import CrispyFormMixin


class PresentForm(forms.Form):
    """Which entry presents now: one of the contest's competing entries."""

    entry = forms.ModelChoiceField(
        Entry.objects.none(), error_messages={"invalid_choice": _("This entry does not compete in this contest.")}
    )

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = contest.entries.competing()


class AttendanceForm(forms.Form):
    """Marks one of the contest's panel members present or absent."""

    juror = forms.ModelChoiceField(
        Juror.objects.none(), error_messages={"invalid_choice": _("This member does not sit on this contest's panel.")}
    )
    present = forms.BooleanField(required=False)

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = contest.jurors.all()



def _reason(required=False, help_text=""):
    return forms.CharField(
        label=_("Reason"), required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": 3})
    )


class UnlockForm(CrispyFormMixin, forms.Form):
    reason = _reason(required=True, help_text=_("Kept with the scorecard's history, e.g. “the member typed 8 for 18”."))


class NoEntryForm(CrispyFormMixin, forms.Form):
    reason = _reason(required=True, help_text=_("Recorded in the contest's history and sent with the result."))


class FinalRoundForm(CrispyFormMixin, forms.Form):
    SAME, OWN = "same", "own"

    criteria = forms.ChoiceField(
        label=_("Criteria of the final round"),
        choices=[(SAME, _("The same criteria as the main round")), (OWN, _("Own criteria (a copy to edit)"))],
        initial=SAME,
        widget=forms.RadioSelect,
    )

    @property
    def own_criteria(self):
        return self.cleaned_data["criteria"] == self.OWN


def result_label(result):
    """“2. Product (group) — 87.50 points”: the entry as the ranking shows it."""
    entry = result.entry
    score = _("not scored") if result.score is None else _("%(score)s points") % {"score": number_format(result.score, 2)}
    label = _("%(place)s. %(entry)s (%(group)s) — %(score)s") % {
        "place": result.place, "entry": entry, "group": entry.group, "score": score,
    }
    return label if result.quorum_met else _("%(label)s — no quorum") % {"label": label}


class RankedChoiceForm(CrispyFormMixin, forms.Form):
    """Entries chosen from a round's ranking, offered in ranking order; `cleaned_data["entries"]`
    holds the chosen Entry objects. `initial_count` entries from the top are ticked at first."""

    many = True  # checkboxes; a radio choice when False
    entries_label = ""
    reason = _reason(help_text=_("Required when the choice is not the top of the ranking."))

    def __init__(self, *args, ranking, initial_count, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {str(result.entry.pk): result.entry for result in ranking.results}
        choices = [(str(result.entry.pk), result_label(result)) for result in ranking.results]
        top = [str(result.entry.pk) for result in self.top(ranking.results, initial_count)]
        if self.many:
            field = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, initial=top)
        else:
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, initial=top[0] if top else None)
        field.label = self.entries_label
        self.fields["entries"] = field
        self.helper.layout = Layout("entries", "reason")

    def top(self, results, count):
        """The entries ticked at first: the top that the service compares the choice with."""
        return results[:count]

    def clean_entries(self):
        chosen = self.cleaned_data["entries"]
        return [self.entries[pk] for pk in (chosen if self.many else [chosen])]


class ShortlistForm(RankedChoiceForm):
    entries_label = _("Entries on the shortlist")

    def top(self, results, count):
        return [result for result in results[:count] if result.score is not None]


class WinnerForm(RankedChoiceForm):
    entries_label = _("Winning entries")

    def __init__(self, *args, ranking, quota, **kwargs):
        self.many = quota > 1
        super().__init__(*args, ranking=ranking, initial_count=quota, **kwargs)
        if not self.many:
            self.fields["entries"].label = _("Winning entry")


class CastingVoteForm(CrispyFormMixin, forms.Form):
    """The chair's order for each group of entries still level: a place from 1 for each entry of the
    group. `cleaned_data["order"]` lists the entries group by group, each in the chair's order."""

    def __init__(self, *args, tied, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {}
        for result in tied:
            self.groups.setdefault(result.place, []).append(result.entry)
        fieldsets = []
        for place, entries in self.groups.items():
            for position, entry in enumerate(entries, start=1):
                self.fields[f"entry_{entry.pk}"] = forms.IntegerField(
                    label=f"{entry} ({entry.group})", min_value=1, max_value=len(entries), initial=position
                )
            legend = _("Level at place %(place)s") % {"place": place}
            fieldsets.append(Fieldset(legend, *[f"entry_{entry.pk}" for entry in entries]))
        self.helper.layout = Layout(*fieldsets)

    def clean(self):
        cleaned = super().clean()
        order = []
        for entries in self.groups.values():
            places = [cleaned.get(f"entry_{entry.pk}") for entry in entries]
            if None in places:
                return cleaned
            if len(set(places)) != len(places):
                raise forms.ValidationError(_("Give each entry of a level group a different place."))
            order += [entry for _place, entry in sorted(zip(places, entries, strict=True), key=lambda pair: pair[0])]
        cleaned["order"] = order
        return cleaned
