from django.contrib import admin
from django.http import HttpRequest

from jisr.accounts.models import Invitation, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name"]
    exclude = ["password", "user_permissions", "groups"]
    readonly_fields = ["last_login", "date_joined"]

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        """Accounts are deactivated (`is_active`), never deleted: what they did keeps its author. And the
        users table exists in every commune's schema too, so a deletion from the platform's schema would
        look for rows in tables that only communes have."""
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["token", "created_at", "accepted_at", "user"]
