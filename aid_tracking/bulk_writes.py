"""Multi-row INSERTs and prepared UPDATEs of imported rows, with their django-simple-history
records ("+" for a new row, "~" for a changed one, "-" for a removed one). The table import
writes model instances (``insert_with_history``, ``update_with_history``); the IATI import writes
rows given as dicts and lets the database copy them into their history (``insert_dicts``,
``update_columns``, ``copy_to_history``, ``delete_where``).

Why not ``bulk_create_with_history``/``bulk_update_with_history``: Django's ``bulk_create``
sends every value through the query compiler and builds a historical model instance per row (on
SQLite it also sends at most 999 parameters per statement), and ``bulk_update`` writes one
``CASE WHEN`` per column over the whole batch: for a table of 5,000 transactions that was two
thirds of an import's time, and 40 s for a re-import (``bench/bench_csv_import.py``). Here each
value goes through its field's ``get_db_prep_save`` (the same conversion) into one parameterised
statement per few thousand values (an INSERT, new primary keys coming back with ``RETURNING`` as
``bulk_create`` gets them) or one UPDATE per row sent with ``executemany``, and the history rows
copy the converted columns. Any other case falls back to the library.
"""

import datetime
import io
import operator
import sqlite3
from decimal import Decimal

from django.conf import settings
from django.db import connections, router
from django.db.models import DateTimeField
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

MAX_PARAMETERS = 30_000  # per statement; SQLite allows 32766 since 3.32, PostgreSQL 65535
HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def insert_with_history(objects: list, model, *, user) -> None:
    """Insert ``objects`` (new, unsaved) and their creation history; sets their primary keys."""
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert or not _plain_history(model):
        bulk_create_with_history(objects, model, batch_size=1000, default_user=user)
        return
    fields = _fields(model)
    rows = [
        [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
        for obj in objects
    ]
    keys = _insert(connection, model._meta.db_table, fields, rows, returning=model._meta.pk)
    for obj, key in zip(objects, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias
    _write_history(connection, model, rows, keys, kind="+", user=user)


def update_with_history(objects: list, model, *, user, names: list[str]) -> None:
    """Write every column of ``objects`` (saved rows) and their change history."""
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    if not _plain_history(model):
        bulk_update_with_history(objects, model, names, batch_size=1000, default_user=user)
        return
    fields = _fields(model)
    rows = [
        [field.get_db_prep_save(field.pre_save(obj, False), connection) for field in fields]
        for obj in objects
    ]
    keys = [obj.pk for obj in objects]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    pk = model._meta.pk
    table = quote(model._meta.db_table)
    # Identifiers come from the model and are quoted; every value is a parameter.
    sql = f"UPDATE {table} SET {assignments} WHERE {quote(pk.column)} = %s"  # noqa: S608
    _execute_many(
        connection,
        sql,
        [[*row, pk.get_db_prep_save(key, connection)] for row, key in zip(rows, keys, strict=True)],
    )
    _write_history(connection, model, rows, keys, kind="~", user=user)


def _fields(model) -> list:
    return [field for field in model._meta.concrete_fields if not field.primary_key]


def _write_history(connection, model, rows: list[list], keys: list, *, kind: str, user) -> None:
    """The history rows of rows just written: the same converted columns, and the stamp."""
    history = getattr(model, "history", None)
    if history is None or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    historical = history.model
    tracked = _fields(historical)
    stamp = {
        "history_date": timezone.now(),
        "history_change_reason": "",
        "history_type": kind,
        "history_user_id": getattr(user, "pk", None),
    }
    stamp = {
        field.attname: field.get_db_prep_save(stamp[field.attname], connection)
        for field in tracked
        if field.attname in stamp
    }
    fields = _fields(model)
    position = {field.attname: index for index, field in enumerate(fields)}
    position[model._meta.pk.attname] = len(fields)
    picks = [(position.get(field.attname), stamp.get(field.attname)) for field in tracked]
    pk = model._meta.pk
    history_rows = [
        [row_and_key[index] if index is not None else fixed for index, fixed in picks]
        for row_and_key in (
            [*row, pk.get_db_prep_save(key, connection)]
            for row, key in zip(rows, keys, strict=True)
        )
    ]
    _insert(connection, historical._meta.db_table, tracked, history_rows)


def _plain_history(model) -> bool:
    """True when the history table holds the model's columns plus the four history columns."""
    history = getattr(model, "history", None)
    if history is None:
        return True
    own = {field.attname for field in model._meta.concrete_fields}
    return all(
        field.primary_key or field.attname in own or field.attname in HISTORY_COLUMNS
        for field in history.model._meta.concrete_fields
    )


def _insert(connection, table: str, fields: list, rows: list, *, returning=None) -> list:
    quote = connection.ops.quote_name
    width = len(fields)
    per_statement = max(1, _max_parameters(connection) // width)
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(field.column) for field in fields)}) "
    one = "(" + ", ".join(["%s"] * width) + ")"
    tail = f" RETURNING {quote(returning.column)}" if returning is not None else ""
    if returning is None and connection.vendor == "sqlite":
        per_batch = min(SQLITE_ROWS_PER_INSERT, per_statement)
        _insert_in_batches(connection, f"{head}VALUES ", one, rows, per_batch)
        return []
    keys = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join([one] * len(chunk))
            parameters = [value for row in chunk for value in row]
            cursor.execute(f"{head}VALUES {values}{tail}", parameters)
            if returning is not None:
                keys.extend(returning.to_python(converted) for (converted,) in cursor.fetchall())
    return keys


# SQLite: rows per INSERT sent with executemany. One statement of 30,000 parameters is first
# rewritten placeholder by placeholder by Django's cursor (a regular expression), then compiled;
# a statement of 100 rows is compiled once and run for each batch: a quarter to a third faster.
SQLITE_ROWS_PER_INSERT = 100


def _insert_in_batches(connection, head: str, one_row: str, rows: list, per_batch: int) -> None:
    full = len(rows) - len(rows) % per_batch
    batches = [
        [value for row in rows[start : start + per_batch] for value in row]
        for start in range(0, full, per_batch)
    ]
    with connection.cursor() as cursor:
        if batches:
            cursor.executemany(head + ", ".join([one_row] * per_batch), batches)
        if full < len(rows):
            rest = rows[full:]
            cursor.execute(
                head + ", ".join([one_row] * len(rest)), [value for row in rest for value in row]
            )


def _max_parameters(connection) -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return min(limit, MAX_PARAMETERS)
    return MAX_PARAMETERS


def _execute_many(connection, sql: str, rows: list[list]) -> None:
    """One statement per row, sent in pages on PostgreSQL (psycopg2's ``executemany`` makes one
    round trip per row)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_batch

            execute_batch(cursor.cursor, sql, rows, page_size=100)
        else:
            cursor.executemany(sql, rows)


# --- Rows as dicts, their history copied by the database (the IATI import) ---------------------
# An IATI import writes tens of thousands of part rows: building model instances and sending
# each value through its field cost more than reading the file. Rows are plain dicts; strings,
# numbers, decimals, booleans and dates go to the driver as they are (Django registers the SQLite
# adapters), date-times through their field. History rows are copied by the database from the
# rows as stored (INSERT … SELECT): what simple-history would record, by the importing user.
# On PostgreSQL the rows go in with COPY (a multi-row INSERT of 30,000 parameters spent more time
# being quoted, sent and parsed than inserted: a third of an import's time, a tenth with COPY).


def insert_dicts(model, rows: list[dict], *, return_keys: bool = False) -> list:
    """Insert ``rows`` (dicts by attribute name; missing ones take the field's default). With
    ``return_keys``, returns their primary keys in the order of ``rows`` (``RETURNING``); else
    PostgreSQL gets them with ``COPY``."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    fields = _fields(model)
    defaults = {field.attname: field.get_default() for field in fields}
    values = operator.itemgetter(*(field.attname for field in fields))
    datetimes = [
        (index, field) for index, field in enumerate(fields) if isinstance(field, DateTimeField)
    ]

    def prepare(row: dict):
        try:
            line = values(row)
        except KeyError:  # a row without some columns: they take their defaults
            line = values({**defaults, **row})
        if datetimes:
            line = list(line)
            for index, field in datetimes:
                line[index] = field.get_db_prep_save(line[index], connection)
        return line

    lines = [prepare(row) for row in rows]
    table = model._meta.db_table
    pk = model._meta.pk
    if connection.vendor == "postgresql":
        if not return_keys:
            _copy(connection, table, fields, lines)
            return []
        keys = _next_keys(connection, model, len(lines))
        _copy(
            connection,
            table,
            [pk, *fields],
            [(key, *line) for key, line in zip(keys, lines, strict=True)],
        )
        return keys
    if return_keys:
        return _insert(connection, table, fields, lines, returning=pk)
    _insert(connection, table, fields, lines)
    return []


def _next_keys(connection, model, count: int) -> list[int]:
    """``count`` new primary keys from the table's sequence (PostgreSQL), for rows written with
    COPY, which cannot return the keys it gives (a multi-row INSERT … RETURNING can, but its
    parameters cost more to send than the rows to write)."""
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(model._meta.db_table), pk.column, count],
        )
        return [key for (key,) in cursor.fetchall()]


# COPY's text format: a tab between values, a newline after each row, \N for NULL, and a
# backslash before a backslash, tab, newline or carriage return inside a value.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy(connection, table: str, fields: list, rows: list) -> None:
    """``COPY … FROM STDIN`` of ``rows`` (PostgreSQL): the server reads the values as it would
    read their literals, without parsing a statement of tens of thousands of parameters."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    stream = io.StringIO("".join(map(_copy_line, rows)))
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(table)} ({columns}) FROM STDIN", stream)


def _copy_line(row) -> str:
    # Most values are strings or NULLs: written here without a call each; the others by type.
    escapes, writers = COPY_ESCAPES, _COPY_WRITERS
    return (
        "\t".join(
            [
                v.translate(escapes)
                if type(v) is str
                else "\\N"
                if v is None
                else (writers.get(type(v)) or copy_text)(v)
                for v in row
            ]
        )
        + "\n"
    )


def _bool_text(value: bool) -> str:
    return "t" if value else "f"


# COPY's text of a value by its exact type (a dict lookup instead of a chain of isinstance for
# each of the hundreds of thousands of values of an import).
_COPY_WRITERS = {
    bool: _bool_text,
    int: str,
    float: str,
    Decimal: str,
    datetime.date: datetime.date.isoformat,
    datetime.datetime: datetime.datetime.isoformat,
}


def copy_text(value) -> str:
    """``value`` as COPY's text format writes it."""
    if value is None:
        return "\\N"
    writer = _COPY_WRITERS.get(type(value))
    if writer is not None:
        return writer(value)
    if isinstance(value, str):  # and its subclasses (safe strings…)
        return value.translate(COPY_ESCAPES)
    for kind in (bool, int, float, Decimal, datetime.datetime, datetime.date):
        if isinstance(value, kind):
            return _COPY_WRITERS[kind](value)
    raise TypeError(f"No COPY text for {type(value).__name__}")


def update_columns(model, rows: list[dict], names) -> None:
    """Write the fields ``names`` of ``rows`` (dicts by attribute name, with the primary key):
    on PostgreSQL one ``UPDATE … FROM (VALUES …)`` per few thousand values, elsewhere one UPDATE
    per row sent with ``executemany`` (Django's ``bulk_update`` builds a CASE per field and
    object: 10 s for 300 activities)."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in names]
    key = model._meta.pk.attname
    lines = [
        [field.get_db_prep_save(row[field.attname], connection) for field in fields] + [row[key]]
        for row in rows
    ]
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        _update_from_values(connection, model, fields, lines)
        return
    table, key_column = quote(model._meta.db_table), quote(model._meta.pk.column)
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {table} SET {assignments} WHERE {key_column} = %s"  # noqa: S608 - model names
    _execute_many(connection, sql, lines)


def _update_from_values(connection, model, fields: list, rows: list[list]) -> None:
    """The rows (values of ``fields``, then the key) as one VALUES list joined on the key; each
    value is cast to its column's type (a column of NULLs would otherwise be text)."""
    quote = connection.ops.quote_name
    pk = model._meta.pk
    columns = [quote(field.column) for field in [*fields, pk]]
    one = "(" + ", ".join(f"%s::{field.cast_db_type(connection)}" for field in [*fields, pk]) + ")"
    assignments = ", ".join(f"{column} = v.{column}" for column in columns[:-1])
    table, key = quote(model._meta.db_table), columns[-1]
    with connection.cursor() as cursor:
        for part in _slices(rows, _max_parameters(connection) // len(columns)):
            cursor.execute(
                f"UPDATE {table} SET {assignments} "  # noqa: S608 - names from models
                f"FROM (VALUES {', '.join([one] * len(part))}) AS v ({', '.join(columns)}) "
                f"WHERE {table}.{key} = v.{key}",
                [value for row in part for value in row],
            )


def copy_to_history(model, key: str, ids: list, *, history_type: str, user_id, now) -> None:
    """Record the rows of ``model`` whose column ``key`` is in ``ids`` in its history table."""
    connection = connections[router.db_for_write(model)]
    history = model.history.model
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in history.tracked_fields)
    extra = ", ".join(map(quote, HISTORY_COLUMNS))
    date = history._meta.get_field("history_date").get_db_prep_save(now, connection)
    stamp = [date, "", history_type, user_id]  # in the order of HISTORY_COLUMNS
    for part in _slices(ids, _max_parameters(connection) - len(stamp)):
        placeholders = ", ".join(["%s"] * len(part))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}, {extra}) "  # noqa: S608
                f"SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(key)} IN ({placeholders})",
                [*stamp, *part],
            )


def delete_where(model, key: str, ids: list) -> None:
    """Delete the rows of ``model`` whose column ``key`` is in ``ids`` (no signals, no cascade:
    for part tables nothing refers to)."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    for part in _slices(ids, _max_parameters(connection)):
        placeholders = ", ".join(["%s"] * len(part))
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} "  # noqa: S608 - names from models
                f"WHERE {quote(key)} IN ({placeholders})",
                part,
            )


def _slices(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
