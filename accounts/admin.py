from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit", "station"]


@admin.register(User)
class RendaUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        ("renda", {"fields": ("full_name", "mobile", "failed_logins", "locked_until")}),
    )
    list_display = ["username", "full_name", "mobile", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "mobile"]
    inlines = [RoleAssignmentInline]
