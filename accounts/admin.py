from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from accounts import rules
from accounts.models import Role, RoleAssignment, User


class RoleAssignmentFormSet(BaseInlineFormSet):
    """三员分立 checked over the whole submitted set of a user's roles (rows added, changed and
    removed together), so a superuser cannot give one person two administrator roles, or an
    administrator role and a business role, in the same congress (RoleAssignment.save checks again)."""

    def clean(self):
        super().clean()
        held: dict[int, list[str]] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or not data.get("is_active"):
                continue
            congress, role = data.get("congress"), data.get("role")
            if congress is None or not role:
                continue
            others = held.setdefault(congress.pk, [])
            clash = rules.conflicting_role(role, set(others))
            if clash is not None:
                labels = dict(Role.choices)
                raise ValidationError(rules.clash_message(labels.get(role, role), labels[clash]))
            others.append(role)

    def save(self, commit=True):
        # Rows revoked or deleted are written before rows granted or changed, so a role given in
        # the same save as the revocation of the role it clashes with never meets it in the
        # database (RoleAssignment.save checks every row against the others as stored).
        initial = self.initial_form_count()

        def granted_later(form) -> bool:
            data = getattr(form, "cleaned_data", None) or {}
            return not (self._should_delete_form(form) or not data.get("is_active"))

        self.forms[:initial] = sorted(self.forms[:initial], key=granted_later)
        return super().save(commit)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    formset = RoleAssignmentFormSet
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
