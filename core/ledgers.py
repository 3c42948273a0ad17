"""Append-only ledgers: a booked entry is never changed and never deleted.

A correction is a new entry with the opposite amount. Both of the platform's ledgers (a
household's income, the platform's own accounts) are built on these three pieces: a queryset
that refuses bulk updates and deletes, an abstract model whose instances refuse a second save and
a delete, and a read-only admin. Each ledger names itself in the refusal (`ledger_refusal`), so
the message says which book was touched.
"""

from typing import Any, NoReturn

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from typing_extensions import TypeVar

# The queryset's model and row types, as django-stubs' QuerySet has them: the model is a ledger's.
_Entry = TypeVar("_Entry", bound="AppendOnlyEntry", covariant=True)
_Row = TypeVar("_Row", covariant=True, default=_Entry)


class AppendOnlyQuerySet(models.QuerySet[_Entry, _Row]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ValidationError(self.model.ledger_refusal)

    def delete(self) -> NoReturn:
        raise ValidationError(self.model.ledger_refusal)


class AppendOnlyEntry(models.Model):
    """An entry of an append-only ledger: saved once, never again, never deleted."""

    ledger_refusal = _("The ledger is append-only: book a reversing entry instead.")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError(self.ledger_refusal)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValidationError(self.ledger_refusal)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows of a ledger, or a record of decisions, shown in the admin and never changed there."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False
