"""Constraints every app declares the same way."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def one_of(field, choices, name, *, blank=False):
    """A CHECK that `field` holds one of the values of `choices` (a TextChoices), or "" when `blank`.

    A form offers only the choices, but `QuerySet.update()`, bulk inserts, seeds and raw SQL do not go
    through a form: the database is what keeps a state or a category among the ones the code knows."""
    values = ["", *choices.values] if blank else list(choices.values)
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": values}),
        name=name,
        violation_error_message=_("Choose one of the values offered."),
    )
