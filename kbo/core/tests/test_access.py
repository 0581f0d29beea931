"""Every URL of KBO, requested with every HTTP method it accepts, as every persona, on objects of
both provinces; the answers must be the ones the declared table (`access_table.py`) gives.

The URLs are discovered from the root URLconf, not listed by hand: a URL missing from the table fails
`test_every_url_is_declared`, and so does a declared one that no longer exists. Each URL that names
an object is requested once with Ubon Ratchathani's object and once with Chachoengsao's (the scoring
pages also on the national round, where the national judge scores); the objects and the personas are
built once for the module (`access_world.py`) and every test rolls back what it changed.

Methods: a class-based view accepts the methods it has a handler for; a function view those its
`require_http_methods` allows, else GET and POST. HEAD runs the GET handler, OPTIONS answers the
Allow header, and some handlers of Django's generic views only hand over to another (`ALIASES`):
none of those is requested on its own. A GET is sent by every persona; a write (POST, PUT, PATCH,
DELETE) by every persona the table refuses it to, and the row counts of every table (sessions
aside) and the number of rows the database wrote must be the same after it.
"""

import inspect
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kbo.core.tests import access_world
from kbo.core.tests.access_table import (
    ADMIN_ELSEWHERE, ADMIN_EXTRAS, ADMIN_VIEWS, ADMINS, ANONYMOUS, PERSONAS, UBON, URLS, Kind, admin_app_kind,
    admin_kind, expected_status, owners, relation,
)
from networks.models import Network

pytestmark = pytest.mark.permissions

METHODS = ("get", "post", "put", "patch", "delete")
WRITES = METHODS[1:]
# Handlers of Django's generic views that only hand over to another handler of the same view (a
# form's PUT is its POST, a redirect answers every method as GET): requested as the method they alias.
ALIASES = {"ProcessFormView.put", "RedirectView.post", "RedirectView.put", "RedirectView.patch", "RedirectView.delete"}
ADMIN_REDIRECT_ROUTE = "admin/{app}/{model}/<path:object_id>/"  # an object's bare URL: on to its change page


# Discovery

def discovered(resolver=None, prefix="", namespace=""):
    """{key: pattern} for every URL pattern of the project: the key is the pattern's name with its
    namespaces ("contests:meeting"), or for an unnamed pattern its whole route."""
    resolver = resolver or get_resolver()
    found = {}
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= discovered(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            found[f"{namespace}{pattern.name}" if pattern.name else route] = pattern
    return found


def methods_of(view):
    """The HTTP methods a view accepts (see the module's docstring)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return [
            method for method in METHODS
            if method in view_class.http_method_names and getattr(view_class, method, None)
            and getattr(view_class, method).__qualname__ not in ALIASES
        ]
    while view is not None:
        allowed = inspect.getclosurevars(view).nonlocals.get("request_method_list")
        if allowed:
            return [method for method in METHODS if method.upper() in allowed]
        view = getattr(view, "__wrapped__", None)
    return ["get", "post"]


def admin_declarations():
    """{url key: (model label, view)} of the model admins declared in ADMINS, by Django's naming."""
    declared = {}
    for label in ADMINS:
        app, model = label.split(".")
        views = ("changelist", "add", "change", "history", "delete")
        declared |= {f"admin:{app}_{model}_{view}": (label, view) for view in views}
        declared[ADMIN_REDIRECT_ROUTE.format(app=app, model=model)] = (label, "redirect")
    return declared | ADMIN_EXTRAS


def declared():
    return {*URLS, *admin_declarations()}


def served_keys():
    """The keys of the URLs that exist and are declared."""
    return sorted(key for key in discovered() if key in declared())


# Targets: each concrete URL a key is requested at

@dataclass(frozen=True)
class Target:
    owner: str  # whose object the URL names (a province, the national round), or None
    url: str
    kind: Kind
    body: dict = field(default_factory=dict)  # what a refused persona posts


def targets(world, key, pattern):
    """Every concrete URL the URL `key` is requested at."""
    arguments = sorted(pattern.pattern.converters)
    if key in URLS:
        row = URLS[key]
        stage = access_world.stage_of(row.state, row.national) if row.state else None
        if row.row == "admin app":
            return [
                Target(None, reverse(key, args=[app]), admin_app_kind(profiles)) for app, profiles in admin_apps().items()
            ]
        if row.row == "no admin page":
            return [Target(None, "/admin/nothing-here/", row.kind)]
        if row.row == "group autocomplete":
            query = "?app_label=products&model_name=product&field_name=group&term="
            return [Target(None, reverse(key) + query, row.kind)]
        return [
            Target(
                owner, reverse(key, kwargs=kwargs(arguments, access_world.url_arguments(world, row.row, owner, stage))),
                row.kind, access_world.posted(world, key, owner, stage),
            )
            for owner in owners(row)
        ]
    label, view = admin_declarations()[key]
    rows = world.admin_objects[label]
    if view == "redirect":  # on to the change page, whoever's the object is
        return [Target(None, pattern_url(key, object_id=next(iter(rows.values())).pk), ADMIN_ELSEWHERE)]
    kind = admin_kind(ADMINS[label], view)
    if not ADMIN_VIEWS[view][2]:
        return [Target(None, reverse(key), kind)]
    body = access_world.posted(world, key, None, None)
    return [Target(owner, reverse(key, args=[obj.pk]), kind, body) for owner, obj in rows.items()]


def kwargs(arguments, value):
    return value if isinstance(value, dict) else dict.fromkeys(arguments, value)


def pattern_url(route, **values):
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(values[match[1]]), route)


def admin_apps():
    """{app label: [profiles of its model admins]} of the admin site."""
    apps_ = {}
    for model in admin.site._registry:
        apps_.setdefault(model._meta.app_label, []).append(ADMINS[model._meta.label_lower])
    return apps_


# Rows

def row_counts():
    """The number of rows of every table but the sessions', and the number of rows written so far in
    this transaction (PostgreSQL) or on this connection (SQLite), in one query."""
    tables = sorted({
        model._meta.db_table for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label != "sessions" and model._meta.managed
    })
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})" for table in tables)
    if connection.vendor == "postgresql":
        written = ("(SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "
                   "WHERE relname <> 'django_session')")
    else:
        written = "total_changes()"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {written}, {counts}")
        written_rows, *values = cursor.fetchone()
    return written_rows, dict(zip(tables, values, strict=True))


# The world, built once

@contextmanager
def built_world(folder):
    """The personas, their sessions and the rows of both provinces (access_world.py), with
    uploads and photos under `folder`."""
    hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hasher, VAR_DIR=folder, MEDIA_ROOT=folder / "media"):
        world = access_world.build()
        world.folder, world.sessions = folder, {}
        for persona, user in world.users.items():
            client = Client()
            client.force_login(user)
            world.sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield world


def signed_in(world):
    """A client per persona, signed in with the session it was given when the world was built."""
    clients = {persona: Client() for persona in PERSONAS}
    for persona, session in world.sessions.items():
        clients[persona].cookies[settings.SESSION_COOKIE_NAME] = session
    return clients


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world of the module, in a transaction rolled back after it; each test runs inside it and
    rolls back its own."""
    with django_db_blocker.unblock(), transaction.atomic(), built_world(tmp_path_factory.mktemp("access")) as world:
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def clients(world, db, settings, caplog):
    """Refusals are the answers expected here: Django's warning for each is not logged."""
    settings.VAR_DIR, settings.MEDIA_ROOT = world.folder, world.folder / "media"
    caplog.set_level(logging.ERROR, logger="django.request")
    return signed_in(world)


# Requests

def check_url(world, clients, key, personas=PERSONAS, *, writes=True):
    """Requests the URL `key` at each of its targets as each of `personas`: a GET, and (with
    `writes`) each write the table refuses; the answers must be the declared ones, a refused write
    must leave every row as it was, and a refused anonymous user must be sent to a login page."""
    pattern = discovered()[key]
    methods = ["get", *(method for method in methods_of(pattern.callback) if method != "get" and writes)]
    answers, expected, changed, astray = {}, {}, [], []
    for target in targets(world, key, pattern):
        for persona in personas:
            who = relation(persona, target.owner)
            for method in methods:
                status = expected_status(target.kind, who, method)
                if status is None:
                    continue  # a write this persona is let in to: never sent
                before = row_counts() if method != "get" else None
                response = send(clients[persona], method, target)
                if before is not None and row_counts() != before:
                    changed.append((target.url, persona, method))
                answers[target.url, persona, method] = response.status_code
                expected[target.url, persona, method] = status
                if who == ANONYMOUS and response.status_code == 302 and sends_to_login(target.kind, method):
                    if not response.url.startswith((f"{reverse('login')}?next=", f"{reverse('admin:login')}?next=")):
                        astray.append((target.url, method, response.url))
    assert answers == expected
    assert changed == [], "refused writes that changed rows"
    assert astray == [], "anonymous users not sent to a login page"


def send(client, method, target):
    if method == "post":
        return client.post(target.url, target.body)
    return getattr(client, method)(target.url)


def sends_to_login(kind, method):
    """Whether an anonymous user the URL refuses is sent to a login page."""
    access = kind.read if method == "get" else kind.write
    return ANONYMOUS not in access.allowed and kind.to_login


# The tests

def test_every_url_is_declared():
    found = discovered()
    undeclared = [key for key in found if key not in declared()]
    assert not undeclared, f"Declare these URLs in kbo/core/tests/access_table.py: {', '.join(undeclared)}"
    gone = [key for key in declared() if key not in found]
    assert not gone, f"Declared in kbo/core/tests/access_table.py, but no longer URLs: {', '.join(gone)}"


def test_post_only_urls_are_declared_so():
    """A class-based view that has no GET handler is declared POST-only, and the other way round."""
    found = discovered()
    wrong = [
        key for key, url in URLS.items()
        if key in found and getattr(found[key].callback, "view_class", None)
        and url.kind is not None and url.kind.post_only == ("get" in methods_of(found[key].callback))
    ]
    assert wrong == []


def test_row_counts_notice_every_write(world, clients):
    """The check on refused writes sees a row changed in place, not only one added or removed."""
    before = row_counts()
    Network.objects.filter(province_id=UBON).update(name="เครือข่ายที่ถูกแก้")
    after = row_counts()
    assert after[0] > before[0]
    assert after[1] == before[1]


@pytest.mark.parametrize("key", served_keys())
def test_url_answers_every_persona_as_declared(world, clients, key):
    check_url(world, clients, key)
