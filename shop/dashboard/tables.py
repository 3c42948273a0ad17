"""The dashboard's tables sort only by what the database can sort by.

Oscar's product table links its checkbox column header to ``?sort=checkbox``; django-tables2
passes that on to ``order_by("checkbox")`` and the page fails with a FieldError. Here every
table drops sorting from a column whose ordering does not name a field (or annotation) of
the table's queryset: no header link is drawn for it, and django-tables2 ignores a
``?sort=`` that names an unknown or unsortable column. ``?per_page=`` and ``?page=`` are kept
within range.
"""

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.constants import LOOKUP_SEP
from oscar.apps.dashboard.tables import DashboardTable as OscarDashboardTable


def sortable_path(model, annotations, accessor):
    """Whether ``accessor`` (``a.b`` or ``a__b``) is a field path the database can order by."""
    parts = str(accessor).replace(".", LOOKUP_SEP).split(LOOKUP_SEP)
    if parts[0] in annotations:
        return len(parts) == 1
    for position, part in enumerate(parts):
        if model is None:
            return False
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if getattr(field, "is_relation", False):
            model = field.related_model
        elif position < len(parts) - 1:
            return False
    return True


MAX_PER_PAGE = 200


class DashboardTable(OscarDashboardTable):
    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        queryset = getattr(self.data, "data", None)
        if isinstance(queryset, QuerySet):
            annotations = queryset.query.annotations
            for bound in self.columns.iterall():
                if bound.orderable and not all(
                        sortable_path(queryset.model, annotations, o.bare) for o in bound.order_by):
                    bound.column.orderable = False

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        # ?per_page= and ?page= come straight from the query string: keep them in range
        # (a page past the end shows the last page, as django-tables2 does itself).
        if per_page is not None and not 1 <= per_page <= MAX_PER_PAGE:
            per_page = None
        if not isinstance(page, int) or page < 1:
            page = 1
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)

    class Meta(OscarDashboardTable.Meta):
        pass
