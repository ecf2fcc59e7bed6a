"""Writing many derived rows at once (name keys, history rows), without a model instance per row."""

# Rows per statement where COPY is not available (SQLite: executemany of one prepared INSERT).
CHUNK = 1000


def insert_rows(connection, table, columns, rows):
    """Insert ``rows`` (tuples of database values, in ``columns`` order) into ``table``.

    On PostgreSQL through ``COPY ... FROM STDIN``: a multi-row INSERT with thousands of parameters
    was parsed again by psycopg for every statement (too long for its cache), and ``executemany``
    sends one message per row; COPY streams the rows, several times faster on an import. Elsewhere
    (SQLite) an ``executemany`` of one prepared statement, which SQLite runs in-process.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(map(quote, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])
