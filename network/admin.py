"""The regional layer's admin, for the platform's operators: places, programmes and their networks,
which communes belong to them (dated), who sees what, the shared directory and procedure templates.

What an operator changes here is what coordinators and funders see: a membership decides whose facts
a network's figures count, a scope which networks or programmes an account follows. Only operators
reach these pages, whatever permissions another staff account was given.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jisr.accounts.models import PLATFORM_ROLES, Role, User
from network.models import (
    AccountScope,
    ExternalService,
    Membership,
    Network,
    ProcedureTemplate,
    Programme,
    Province,
    Region,
    scope_errors,
)


def is_operator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "role", None) == Role.OPERATOR)


class OperatorsOnly:
    """Admin pages only the platform's operators reach (and may change)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_operator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_operator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request)


@admin.register(Region)
class RegionAdmin(OperatorsOnly, admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "code"]


@admin.register(Province)
class ProvinceAdmin(OperatorsOnly, admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "kind", "region"]
    list_filter = ["region", "kind"]


@admin.register(Programme)
class ProgrammeAdmin(OperatorsOnly, admin.ModelAdmin):
    list_display = ["name_fr", "code", "funders", "operator", "starts_on", "ends_on"]
    search_fields = ["name_fr", "name_ar", "code", "funders"]
    filter_horizontal = ["regions"]


class MembershipInline(OperatorsOnly, admin.TabularInline):
    """The network's memberships, to read: they change at /regional/networks/<code>/, where dates are checked
    and every change is recorded with its author (network.services.join_network and the others)."""

    model = Membership
    extra = 0
    fields = ("commune", "joined_on", "left_on")
    readonly_fields = ("commune", "joined_on", "left_on")
    verbose_name_plural = _("memberships (changed on the network's page of the regional layer)")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Network)
class NetworkAdmin(OperatorsOnly, admin.ModelAdmin):
    list_display = ["name_fr", "code", "kind", "programme"]
    list_filter = ["kind", "programme"]
    search_fields = ["name_fr", "name_ar", "code"]
    inlines = [MembershipInline]


class AccountScopeForm(forms.ModelForm):
    class Meta:
        model = AccountScope
        fields = ["user", "networks", "programmes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)
        user.queryset = User.objects.filter(role__in=[Role.COORDINATOR, Role.FUNDER]).order_by("email")

    def clean(self) -> dict[str, Any]:
        """The scope fits the account's role (the model cannot check many-to-many rows before they are saved)."""
        data = super().clean() or {}
        account = data.get("user")
        if account is not None and account.role in PLATFORM_ROLES:
            errors = scope_errors(
                account.role, networks=len(data.get("networks") or ()), programmes=len(data.get("programmes") or ())
            )
            for field, messages in errors.items():
                self.add_error(field if field in self.fields else None, messages)
        return data


@admin.register(AccountScope)
class AccountScopeAdmin(OperatorsOnly, admin.ModelAdmin):
    form = AccountScopeForm
    list_display = ["user", "role"]
    filter_horizontal = ["networks", "programmes"]

    @admin.display(description=_("role"))
    def role(self, scope: AccountScope) -> str:
        return scope.user.get_role_display()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (
            False  # a scope is replaced, never left half-deleted; network.services.remove_scope before an account goes
        )


@admin.register(ExternalService)
class ExternalServiceAdmin(OperatorsOnly, admin.ModelAdmin):
    list_display = ["name_fr", "kind", "region", "province", "active"]
    list_filter = ["kind", "region", "active"]
    search_fields = ["name_fr", "name_ar", "code"]


@admin.register(ProcedureTemplate)
class ProcedureTemplateAdmin(OperatorsOnly, admin.ModelAdmin):
    list_display = ["title_fr", "code", "category_code", "region"]
    list_filter = ["region"]
    search_fields = ["title_fr", "title_ar", "code"]
