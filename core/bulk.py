"""Writing many rows at once (imported records, name keys, history rows), as fast as the database allows."""

import itertools

from django.db import connections, models, router

# Rows per statement where COPY is not available (SQLite: executemany of one prepared INSERT).
CHUNK = 1000

# Field types whose Python values the database drivers take as they are (psycopg adapts dates itself).
PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


def insert_rows(connection, table, columns, rows):
    """Insert ``rows`` (tuples of database values, in ``columns`` order; any iterable, even a generator)
    into ``table``; return how many there were.

    On PostgreSQL through ``COPY ... FROM STDIN``: a multi-row INSERT with thousands of parameters
    was parsed again by psycopg for every statement (too long for its cache), and ``executemany``
    sends one message per row; COPY streams the rows, several times faster on an import. The database
    writes the rows sent while later ones are still being made, so a generator overlaps their making with
    the writing. Elsewhere (SQLite) an ``executemany`` of one prepared statement, which SQLite runs
    in-process.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    rows = itertools.chain([first], rows)
    quote = connection.ops.quote_name
    names = ", ".join(map(quote, columns))
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's own cursor, so its errors are turned into Django's here (an IntegrityError, say).
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        while batch := list(itertools.islice(rows, CHUNK)):
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def insert_objects(objs, model):
    """Insert new instances of ``model`` and set their primary keys, like ``bulk_create`` (no signals, no
    ``save()``), for an import's hot path.

    On PostgreSQL the keys are drawn from the table's sequence in one query and the rows are COPYed:
    ``bulk_create``'s wide INSERT cost more to compile (in Django, then in psycopg) than the rows did to
    write. Elsewhere ``bulk_create`` itself, which reads the keys back with RETURNING.
    """
    objs = list(objs)
    using = router.db_for_write(model)
    connection = connections[using]
    if not objs:
        return objs
    if connection.vendor != "postgresql":
        return model._default_manager.using(using).bulk_create(objs, batch_size=CHUNK)
    opts = model._meta.concrete_model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
    fields = opts.concrete_fields
    plain = [isinstance(f.target_field if f.is_relation else f, PLAIN_FIELDS) for f in fields]

    def value(obj, field, is_plain):
        if is_plain:
            return getattr(obj, field.attname)
        found = field.pre_save(obj, True)  # e.g. an auto_now date
        return None if found is None else field.get_db_prep_save(found, connection)

    rows = [tuple(value(obj, f, p) for f, p in zip(fields, plain, strict=True)) for obj in objs]
    insert_rows(connection, opts.db_table, [f.column for f in fields], rows)
    for obj in objs:
        obj._state.adding, obj._state.db = False, using
    return objs


# A table whose planner statistics count fewer rows than this share of those just written into it is analysed
# again before it is queried in the same transaction.
STALE_SHARE = 0.2


def refresh_statistics(connection, written):
    """ANALYZE the tables of ``written`` (``{model: rows just written}``) that their statistics say are much
    smaller than that, and return their names: PostgreSQL only (SQLite plans without row counts).

    Autovacuum analyses a table a while after a bulk load, not inside the transaction that made it. Until then
    the planner takes a freshly filled table for empty: on a first import the delisting's anti-join read the
    list's actors once per designation (0.11 s of the UN list's 1,003 entries, and growing with the square).
    """
    if connection.vendor != "postgresql":
        return []
    tables = {model._meta.db_table: rows for model, rows in written.items() if rows}
    if not tables:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s) AND pg_table_is_visible(oid)",
            [list(tables)],
        )
        counted = dict(cursor.fetchall())
        # reltuples is -1 for a table never analysed.
        stale = sorted(name for name, rows in tables.items() if rows > STALE_SHARE * max(counted.get(name, -1), 0))
        if stale:
            cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, stale)))
    return stale
