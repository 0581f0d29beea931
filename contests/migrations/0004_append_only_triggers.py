"""Triggers that make the database refuse what the ORM's guards cannot stop (`QuerySet.update()`,
`bulk_update()`, raw SQL):

- scorecard revisions and contest events are append-only: every UPDATE is refused;
- a submitted scorecard keeps what it holds: an UPDATE that changes its total, advice, round, entry
  or member is refused while it is submitted (unlocking changes only its status and time, and a
  change follows as a draft), and so is any UPDATE of one of its scores.

DELETE is left to the ORM: `AppendOnly.delete()` refuses it for one row, PROTECT keeps a scorecard
with revisions (and so its scores) and every user they name. A DELETE trigger would also fire on
SQLite's flush between transactional tests (PostgreSQL flushes with TRUNCATE, which fires none) and
on a contest's deletion, which takes its events along.

Both backends raise an integrity error (SQLite's RAISE(ABORT) is one; PostgreSQL's exceptions use
SQLSTATE 23000), so Django raises `IntegrityError` on either.

SQLite rebuilds a table to alter it and drops the table's triggers with it: a later migration that
alters one of these four tables must create its trigger again (contests/tests/test_integrity.py
fails otherwise).
"""

from django.db import migrations

APPEND_ONLY = ["contests_scorecardrevision", "contests_contestevent"]
SCORECARD_CHANGED = (
    "OLD.status = 'submitted' AND (OLD.total, OLD.advice, OLD.round_id, OLD.entry_id, OLD.juror_id) {differs} "
    "(NEW.total, NEW.advice, NEW.round_id, NEW.entry_id, NEW.juror_id)"
)
SCORE_OF_SUBMITTED = (
    "EXISTS (SELECT 1 FROM contests_scorecard WHERE id IN (OLD.scorecard_id, NEW.scorecard_id) AND status = 'submitted')"
)
SCORECARD_MESSAGE = "a submitted scorecard cannot change: unlock it first"
SCORE_MESSAGE = "the scores of a submitted scorecard cannot change: unlock it first"

POSTGRESQL = [
    """CREATE FUNCTION contests_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation';
    END $$""",
    f"""CREATE FUNCTION contests_score_locked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF {SCORE_OF_SUBMITTED} THEN
            RAISE EXCEPTION USING MESSAGE = '{SCORE_MESSAGE}', ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$""",
    *(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} FOR EACH ROW "
        f"EXECUTE FUNCTION contests_refuse('{table} rows are append-only')"
        for table in APPEND_ONLY
    ),
    f"CREATE TRIGGER contests_scorecard_locked BEFORE UPDATE ON contests_scorecard FOR EACH ROW "
    f"WHEN ({SCORECARD_CHANGED.format(differs='IS DISTINCT FROM')}) "
    f"EXECUTE FUNCTION contests_refuse('{SCORECARD_MESSAGE}')",
    "CREATE TRIGGER contests_score_locked BEFORE UPDATE ON contests_score FOR EACH ROW "
    "EXECUTE FUNCTION contests_score_locked()",
]
POSTGRESQL_REVERSE = [
    *(f"DROP TRIGGER {table}_append_only ON {table}" for table in APPEND_ONLY),
    "DROP TRIGGER contests_scorecard_locked ON contests_scorecard",
    "DROP TRIGGER contests_score_locked ON contests_score",
    "DROP FUNCTION contests_score_locked()",
    "DROP FUNCTION contests_refuse()",
]

SQLITE = [
    *(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
        for table in APPEND_ONLY
    ),
    f"CREATE TRIGGER contests_scorecard_locked BEFORE UPDATE ON contests_scorecard "
    f"WHEN {SCORECARD_CHANGED.format(differs='IS NOT')} "
    f"BEGIN SELECT RAISE(ABORT, '{SCORECARD_MESSAGE}'); END",
    f"CREATE TRIGGER contests_score_locked BEFORE UPDATE ON contests_score WHEN {SCORE_OF_SUBMITTED} "
    f"BEGIN SELECT RAISE(ABORT, '{SCORE_MESSAGE}'); END",
]
SQLITE_REVERSE = [
    *(f"DROP TRIGGER {table}_append_only" for table in APPEND_ONLY),
    "DROP TRIGGER contests_scorecard_locked",
    "DROP TRIGGER contests_score_locked",
]

STATEMENTS = {"postgresql": (POSTGRESQL, POSTGRESQL_REVERSE), "sqlite": (SQLITE, SQLITE_REVERSE)}


def run(direction):
    def operation(apps, schema_editor):
        for statement in STATEMENTS[schema_editor.connection.vendor][direction]:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("contests", "0003_integrity_constraints")]

    operations = [migrations.RunPython(run(0), run(1))]
