"""Query lookups Django leaves out."""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    """`in` on an integer column, leaving out numbers no such column can hold.

    Django (5.2) drops an out-of-range number from `exact`, `gt`, `lt` ... on an integer
    column, but not from `in`: SQLite's driver then refuses the statement (OverflowError),
    so a form's list of ids (ModelMultipleChoiceField, `pk__in`) with one made-up huge id
    failed with a server error instead of "not one of the choices". No row has such an id,
    so leaving it out changes no result.
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
