from django.contrib import admin
from django.http import HttpRequest

from tenants.models import Commune, Domain


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "slug", "code", "status", "province", "created_at"]
    list_filter = ["status", "province__region"]
    search_fields = ["name_fr", "name_ar", "slug", "code"]
    # The schema, slug and status change only through tenants.services
    # (`manage.py commune ...`), which keep the schema and its rows in step. The code is given at creation
    # (`commune create --code`) and never changed: its cases' references carry it, and a code given up
    # could be taken by another commune, whose references would then name the same cases.
    readonly_fields = ["schema_name", "slug", "code", "status", "created_at", "activated_at", "suspended_at"]
    inlines = [DomainInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Commune | None = None) -> bool:
        return False
