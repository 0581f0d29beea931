"""A restart of PostgreSQL costs a request a few seconds, not an error page.

When the database goes away (a restart, a failover, a dropped connection), a request that has not
committed anything yet is safe to run again: whatever it had begun was rolled back with the lost
connection. `DatabaseRestartMiddleware` notices such a request failing on the database connection,
waits until the database answers again (up to DATABASE_WAIT_SECONDS) and runs the request once more.
A request that has already committed a write is never run twice: it fails as before, and whoever
sent it sees KBO's error page and decides.

What "committed" means is recorded as the request runs (`WriteWatch`): a write outside a transaction
commits at once; a write inside one commits when its outermost transaction does (on_commit).
"""

import logging
import sys
import time

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction

logger = logging.getLogger(__name__)

WRITES = ("insert", "update", "delete")


class WriteWatch:
    """An execute wrapper on the request's connection that remembers whether anything was committed."""

    def __init__(self):
        self.committed = False

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip()[:6].lower() in WRITES:
            if connection.in_atomic_block:
                transaction.on_commit(self.commit)
            else:
                self.commit()
        return execute(sql, params, many, context)

    def commit(self):
        self.committed = True


# SQLSTATEs that mean the server went away or is not taking connections: class 08 (connection
# exception), and an administrator's or a crash's shutdown, or a server still starting (57P01-57P03).
SERVER_GONE = ("08", "57P01", "57P02", "57P03")


def lost_connection(exception):
    """True for an error that says PostgreSQL could not be reached or dropped the connection, as
    opposed to an error in what was asked of it (a constraint, a bad query, a timeout). psycopg2 gives
    no SQLSTATE when the connection itself failed."""
    if connection.vendor != "postgresql":
        return False
    if isinstance(exception, InterfaceError):
        return True
    code = getattr(exception.__cause__, "pgcode", None)
    return isinstance(exception, OperationalError) and (code is None or code.startswith(SERVER_GONE))


def wait_for_database(seconds):
    """Closes the broken connection and waits until a new one opens; False if it never did."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            connection.close()
            connection.ensure_connection()
            return True
        except DatabaseError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.25)


def _remember_failure(sender, request=None, **kwargs):
    if request is not None:
        request.kbo_database_lost = lost_connection(sys.exc_info()[1])


got_request_exception.connect(_remember_failure, dispatch_uid="kbo.core.resilience")


class DatabaseRestartMiddleware:
    """Outermost: runs a request once more after the database came back, if nothing was committed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        watch = WriteWatch()
        with connection.execute_wrapper(watch):
            response = self.get_response(request)
        if not getattr(request, "kbo_database_lost", False) or watch.committed:
            return response
        request.kbo_database_lost = False
        logger.warning("The database connection was lost during %s %s; waiting to run it again", request.method, request.path)
        if not wait_for_database(settings.DATABASE_WAIT_SECONDS):
            return response
        with connection.execute_wrapper(watch):
            return self.get_response(request)
