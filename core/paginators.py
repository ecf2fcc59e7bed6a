"""Paging large tables in the admin without counting every row."""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

#: Below this many rows an exact count is cheap, and exact.
ESTIMATE_ABOVE = 10_000


def estimated_count(queryset):
    """The planner's row estimate for an unfiltered queryset on PostgreSQL, or None when it must be counted.

    ``COUNT(*)`` reads the whole table (or its index) on PostgreSQL; ``pg_class.reltuples``, kept by
    ANALYZE and autovacuum, is free. It is only used for a plain table read (no filter, no DISTINCT, no
    grouping) on a table large enough for the count to cost something; anything else is counted.
    """
    query = queryset.query
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or query.where or query.distinct or query.group_by or query.combinator:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [connection.ops.quote_name(queryset.model._meta.db_table)],
        )
        row = cursor.fetchone()
    if row is None or row[0] is None or row[0] < ESTIMATE_ABOVE:  # -1: never analyzed
        return None
    return int(row[0])


class EstimatedCountPaginator(Paginator):
    """Counts filtered lists exactly, and estimates the size of a large unfiltered table (see ``estimated_count``).

    The estimate is within a few percent of the truth; the last page of an unfiltered list may
    therefore hold fewer rows than the total suggests, or be empty.
    """

    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):
            estimate = estimated_count(self.object_list)
            if estimate is not None:
                return estimate
        return super().count
