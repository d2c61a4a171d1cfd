"""Who may do what in an office. Checked by the services, whatever the door (page, API, task).

Roles are those of jisr.accounts: office head, agent, read-only, auditor.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jisr.accounts.models import Role, User


class Action(StrEnum):
    VIEW_PEOPLE = "view_people"
    EDIT_PEOPLE = "edit_people"
    REVEAL_IDENTITY = "reveal_identity"
    VIEW_CASES = "view_cases"
    EDIT_CASES = "edit_cases"
    ASSIGN_CASES = "assign_cases"
    REFER = "refer"
    OVERRIDE_CONSENT = "override_consent"
    MANAGE_OFFICE = "manage_office"  # categories, holidays, services, campaigns, staff
    VIEW_AUDIT = "view_audit"
    VIEW_DASHBOARD = "view_dashboard"
    ERASE_PEOPLE = "erase_people"  # on a person's request (Law 09.08): cannot be undone
    ANSWER_ACCESS_REQUESTS = "answer_access_requests"  # a person's data, exported for them (Law 09.08)
    IMPORT_REGISTERS = "import_registers"  # the office's earlier registers (XLSX/CSV), cases.imports
    TRANSFER_CASES = "transfer_cases"  # to another commune's office, and answering those sent here


READ = {Action.VIEW_PEOPLE, Action.VIEW_CASES, Action.VIEW_DASHBOARD}
WORK = READ | {
    Action.EDIT_PEOPLE,
    Action.REVEAL_IDENTITY,
    Action.EDIT_CASES,
    Action.ASSIGN_CASES,
    Action.REFER,
    Action.TRANSFER_CASES,
}

GRANTS: dict[str, frozenset[Action]] = {
    Role.OFFICE_HEAD: frozenset(
        WORK
        | {
            Action.OVERRIDE_CONSENT,
            Action.MANAGE_OFFICE,
            Action.VIEW_AUDIT,
            Action.ERASE_PEOPLE,
            Action.ANSWER_ACCESS_REQUESTS,
            Action.IMPORT_REGISTERS,
        }
    ),
    Role.AGENT: frozenset(WORK),
    Role.VIEWER: frozenset(READ),
    Role.AUDITOR: frozenset(READ | {Action.VIEW_AUDIT}),
}


class NotAllowed(PermissionDenied):
    """The user's role does not allow this action."""


def can(user: User | None, action: Action) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return action in GRANTS.get(user.role, frozenset())


def authorize(user: User | None, action: Action) -> None:
    if not can(user, action):
        raise NotAllowed(_("Your role does not allow this."))
