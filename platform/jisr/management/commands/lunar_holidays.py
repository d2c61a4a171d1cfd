"""manage.py lunar_holidays list [--year YEAR] | confirm KIND YYYY-MM-DD [--days N] [--source TEXT] [--by EMAIL]"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from jisr import holidays
from jisr.accounts.models import Role, User
from jisr.models import LunarHolidayDate


class Command(BaseCommand):
    help = (
        "The lunar public holidays, for the whole country: list a year's (estimated by python-holidays, or "
        "confirmed), or confirm or move one once it is announced."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="a year's lunar holidays, estimated or confirmed")
        listing.add_argument("--year", type=int, default=timezone.localdate().year)
        confirm = actions.add_parser("confirm", help="confirm or move a lunar holiday as announced")
        confirm.add_argument("kind", choices=LunarHolidayDate.Kind.values)
        confirm.add_argument("first_day", type=date.fromisoformat, help="the first day off, YYYY-MM-DD")
        confirm.add_argument("--days", type=int, help="days off (default: as many as python-holidays estimates)")
        confirm.add_argument("--source", default="", help="the announcement, e.g. the Ministry of Habous' statement")
        confirm.add_argument("--by", help="e-mail of the operator who confirms")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list(options["year"])
        else:
            self._confirm(options)

    def _list(self, year: int) -> None:
        if not 1 <= year <= 9999:
            raise CommandError("The year is between 1 and 9999.")
        announced = list(LunarHolidayDate.objects.filter(first_day__year__in=[year - 1, year, year + 1]))
        for estimate in holidays.lunar_dates(year):
            line = f"{estimate.kind:<18} estimated {estimate.first_day:%d/%m/%Y} ({estimate.days} d)"
            for confirmed in announced:
                if (
                    confirmed.kind == estimate.kind
                    and holidays.estimate_near(confirmed.kind, confirmed.first_day) == estimate
                ):
                    line += f", confirmed {confirmed.first_day:%d/%m/%Y} ({confirmed.days} d)"
            self.stdout.write(line)

    def _confirm(self, options: dict[str, Any]) -> None:
        kind, first_day = options["kind"], options["first_day"]
        estimate = holidays.estimate_near(kind, first_day)
        by = None
        if options["by"]:
            by = User.objects.filter(email__iexact=options["by"], role=Role.OPERATOR, is_active=True).first()
            if by is None:
                raise CommandError(f"No active operator account {options['by']}.")
        days = options["days"] or (estimate.days if estimate else 1)
        try:
            announced = holidays.confirm(kind=kind, first_day=first_day, days=days, source=options["source"], by=by)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"{announced}: {announced.days} day(s) off, in every commune.")
