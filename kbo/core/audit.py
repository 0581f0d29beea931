"""The register's audit trail: who changed which row, when, and from what to what.

django-auditlog records every save and delete of the register's models (the apps in
`AUDITED_APPS`); its middleware names the signed-in user as the actor. Each entry carries the
row's province code in `additional_data`, so that officers see their provinces' changes through
the same rule as every other row (`ProvinceScopedQuerySet`), deletes included. Bulk writes
(`bulk_create`, `update`) are not recorded: the seeds use them on purpose. Contest workflow
transitions have their own trail (`contests.ContestEvent`, on each contest's page).

The app labels are named as strings, resolved when the apps are ready, so that `kbo` does not
import the apps that depend on it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kbo.accounts.scoping import scoped_queryset
from kbo.core.thaidates import format_be
from kbo.core.workspace import may_keep_register

AUDITED_APPS = ("networks", "products")
EMPTY = "None"  # how auditlog stores a missing value
NOTHING = "—"

ACTIONS = {
    LogEntry.Action.CREATE: _("Added"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
}

EntryQuerySet = scoped_queryset("additional_data__province")


def audited_models():
    return [model for label in AUDITED_APPS for model in apps.get_app_config(label).get_models()]


def recorded_fields(model):
    """The row's own columns: not its primary key, which the entry names already, nor the reverse
    relations that auditlog would otherwise record as text when a row is added or deleted."""
    return [field.name for field in model._meta.concrete_fields if not field.primary_key]


def province_code(instance):
    """The code of the row's province, reached through the lookup its scoped manager names: from
    the relations already loaded, else with one query to the nearest parent (which still exists
    when a cascade deletes its children, as children go first)."""
    return _follow(instance, instance._meta.default_manager._queryset_class.province_lookup)


def _follow(instance, lookup):
    name, _, rest = lookup.partition("__")
    field = instance._meta.get_field(name)
    if not rest:
        return getattr(instance, field.attname)
    if field.is_cached(instance):
        return _follow(getattr(instance, name), rest)
    parents = field.related_model._base_manager.filter(pk=getattr(instance, field.attname))
    return parents.values_list(rest, flat=True).first()


def _additional_data(instance):
    return {"province": province_code(instance)}


class RegistryLogEntryAdmin(LogEntryAdmin):
    """auditlog's log in the admin: read-only for everyone, scoped to the officer's provinces."""

    def get_queryset(self, request):
        self.request = request  # auditlog's columns read it
        return visible_entries(request.user)

    def has_module_permission(self, request):
        return may_keep_register(request.user)

    def has_view_permission(self, request, obj=None):
        return may_keep_register(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


def register():
    """Called once from `CoreConfig.ready`. auditlog asks each instance for `get_additional_data()`;
    the audited models get theirs here rather than in each app's models."""
    for model in audited_models():
        model.get_additional_data = _additional_data
        auditlog.register(model, include_fields=recorded_fields(model))
    admin.site.unregister(LogEntry)
    admin.site.register(LogEntry, RegistryLogEntryAdmin)


def visible_entries(user):
    """The log entries this user may see: an officer's provinces', or all for national admins."""
    return EntryQuerySet(LogEntry).visible_to(user)


def recent_changes(obj, limit=10):
    """The latest changes of one row, for its own page (workspace/_recent_changes.html). The page
    shows the row's values already, so its addition is listed without them."""
    entries = LogEntry.objects.get_for_object(obj).select_related("actor", "content_type")[:limit]
    return describe(entries, with_added_values=False)


# Display


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    """One log entry as people read it: the kind of row, a link while the row still exists and the
    user may see it, and each changed field with its values before and after."""

    entry: LogEntry
    kind: str
    action: str
    url: str
    fields: list

    @property
    def actor(self):
        actor = self.entry.actor
        if actor is not None:
            return actor.get_full_name() or actor.username
        return self.entry.actor_email or gettext("System")


def describe(entries, user=None, with_added_values=True):
    """`Change`s for these entries (with `content_type` and `actor` selected). Related rows named in
    the changes, and the links when `user` is given, take one query per model, however many
    entries there are."""
    entries = list(entries)
    detailed = [e for e in entries if with_added_values or e.action != LogEntry.Action.CREATE]
    related = _related_rows(detailed)
    detailed = {e.pk for e in detailed}
    urls = _urls(entries, user) if user is not None else {}
    return [
        Change(
            entry=entry,
            kind=capfirst(_model(entry)._meta.verbose_name),
            action=ACTIONS.get(entry.action, ""),
            url=urls.get((entry.content_type_id, entry.object_id), ""),
            fields=_field_changes(entry, related) if entry.pk in detailed else [],
        )
        for entry in entries
    ]


def _model(entry):
    return entry.content_type.model_class()


def _fields(entry):
    """(model field, before, after) for each change the model still has a field for, in the
    model's order (auditlog's is arbitrary)."""
    model = _model(entry)
    fields = []
    for name, (before, after) in (entry.changes or {}).items():
        try:
            fields.append((model._meta.get_field(name), before, after))
        except FieldDoesNotExist:  # removed since
            continue
    return sorted(fields, key=lambda change: change[0].creation_counter)


def _related_rows(entries):
    """{model: {pk: row}} for the foreign keys named in the entries' changes."""
    wanted = defaultdict(set)
    for entry in entries:
        for field, before, after in _fields(entry):
            if field.is_relation:
                wanted[field.related_model].update(value for value in (before, after) if value != EMPTY)
    return {
        model: {str(pk): row for pk, row in model._base_manager.select_related().in_bulk(pks).items()}
        for model, pks in wanted.items()
    }


def _urls(entries, user):
    """{(content type id, object id): URL} for the rows that still exist and have a page."""
    ids = defaultdict(set)
    for entry in entries:
        if hasattr(_model(entry), "get_absolute_url"):
            ids[entry.content_type].add(entry.object_id)
    return {
        (content_type.pk, pk): row.get_absolute_url()
        for content_type, pks in ids.items()
        for pk, row in content_type.model_class().objects.visible_to(user).select_related().in_bulk(pks).items()
    }


def _field_changes(entry, related):
    """An addition shows the values given, a deletion the values lost, a change both sides ("—"
    for an empty one)."""
    changes = []
    for field, before, after in _fields(entry):
        before, after = _readable(field, before, related), _readable(field, after, related)
        if not (before or after):
            continue
        if entry.action == LogEntry.Action.UPDATE:
            before, after = before or NOTHING, after or NOTHING
        changes.append(FieldChange(capfirst(field.verbose_name), before, after))
    return changes


def _readable(field, value, related):
    """A stored value as the register shows it: choice labels, BE dates, names of related rows."""
    if value == EMPTY or value == "":
        return ""
    if field.is_relation:
        return str(related.get(field.related_model, {}).get(value, value))
    if field.choices:
        return str(dict(field.flatchoices).get(_typed(field, value), value))
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value == "True" else gettext("No")
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return format_be(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    return value


def _typed(field, value):
    try:
        return field.to_python(value)
    except ValidationError:  # a value the field no longer accepts
        return value
