"""The member's scoring form and conflict declaration, as the phone shows them.

The scoring form is not a Django form: `contests.scoring.save_scorecard` validates the points (and
must, under its lock), so the page only reads the `criterion_<id>` fields out of the POST and lays
out one row per criterion with the value and error to show.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from contests.enums import ConflictGrounds

FIELD = "criterion_%s"
FIELD_NAME = re.compile(r"^criterion_(.+)$")
QUICK_PICKS = (Decimal("0.5"), Decimal("0.6"), Decimal("0.7"), Decimal("0.8"), Decimal("0.9"), Decimal(1))


def plain(number):
    """20.00 → "20", 7.50 → "7.5": a Decimal as typed, never in exponent form and not localised."""
    return f"{Decimal(number).normalize():f}" if number is not None else ""


def points_from(data):
    """{criterion id (text): points typed} from the POSTed `criterion_<id>` fields, unchecked."""
    return {match[1]: value for name, value in data.items() if (match := FIELD_NAME.match(name))}


def quick_picks(max_points):
    """Tap targets from half to full marks, rounded down to half points: 20 → 10, 12, 14, 16, 18, 20."""
    picks = []
    for share in QUICK_PICKS:
        value = (max_points * share * 2).to_integral_value(rounding="ROUND_FLOOR") / 2
        if value not in picks:
            picks.append(value)
    return [plain(value) for value in picks]


@dataclass
class Row:
    criterion: object
    value: str = ""
    error: str = ""
    name: str = field(init=False)
    max: str = field(init=False)
    weight: str = field(init=False)
    picks: list = field(init=False)

    def __post_init__(self):
        self.name = FIELD % self.criterion.pk
        self.max = plain(self.criterion.max_points)
        self.weight = plain(self.criterion.weight)
        self.picks = quick_picks(self.criterion.max_points)

    @property
    def weighted(self):
        return self.criterion.weight != 1


def score_rows(criteria, scorecard=None, posted=None, errors=None):
    """One row per criterion with the value to show: the POSTed text when the page comes back with
    errors, else the saved points."""
    saved = {score.criterion_id: plain(score.points) for score in scorecard.scores.all()} if scorecard else {}
    posted = posted if posted is not None else {}
    errors = errors or {}
    rows = []
    for criterion in criteria:
        key = str(criterion.pk)
        value = posted.get(key, saved.get(criterion.pk, "")) if posted else saved.get(criterion.pk, "")
        rows.append(Row(criterion, value=value, error=errors.get(FIELD % criterion.pk, "")))
    return rows


class ConflictForm(forms.Form):
    grounds = forms.ChoiceField(
        label=_("Why must you leave the room for this group?"), choices=ConflictGrounds.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: “my sister is a member of the group”."),
    )

    def clean(self):
        data = super().clean()
        if data.get("grounds") == ConflictGrounds.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Describe the conflict when you choose “Other”."))
        return data
