"""Multi-row INSERTs and prepared UPDATEs of table-import rows, with their django-simple-history
records ("+" for a new row, "~" for a changed one).

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

import sqlite3

from django.conf import settings
from django.db import connections, router
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
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [*row, pk.get_db_prep_save(key, connection)]
                for row, key in zip(rows, keys, strict=True)
            ],
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


def _insert(connection, table: str, fields: list, rows: list[list], *, returning=None) -> list:
    quote = connection.ops.quote_name
    width = len(fields)
    per_statement = max(1, _max_parameters(connection) // width)
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(field.column) for field in fields)}) "
    one = "(" + ", ".join(["%s"] * width) + ")"
    tail = f" RETURNING {quote(returning.column)}" if returning is not None else ""
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


def _max_parameters(connection) -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return min(limit, MAX_PARAMETERS)
    return MAX_PARAMETERS
