"""Sign in with a username or an 11-digit mobile number; lock the account after repeated failures."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from accounts import rules
from accounts.models import User
from core import audit


class AccountLocked(Exception):
    def __init__(self, minutes: int):
        super().__init__(minutes)
        self.minutes = minutes


def find_user(identifier: str) -> User | None:
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    field = "mobile" if identifier.isdigit() and len(identifier) == 11 else "username"
    return User.objects.filter(**{field: identifier}).first()


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = find_user(username)
        if user is None:
            # Hash anyway so that unknown and known names take the same time.
            User().set_password(password or "")
            return None
        now = timezone.now()
        if rules.is_locked(user.locked_until, now):
            raise AccountLocked(rules.minutes_left(user.locked_until, now))
        if user.check_password(password or "") and self.user_can_authenticate(user):
            if user.failed_logins or user.locked_until:
                User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
            return user
        self.record_failure(request, user, now)
        return None

    @staticmethod
    def record_failure(request, user: User, now) -> None:
        with transaction.atomic():
            locked = User.objects.select_for_update().get(pk=user.pk)
            count, until = rules.after_failure(
                locked.failed_logins, now, settings.LOGIN_MAX_FAILURES, settings.LOGIN_LOCKOUT_MINUTES
            )
            User.objects.filter(pk=user.pk).update(failed_logins=count, locked_until=until)
            if until:
                audit.record(
                    actor=None,
                    action="lock_account",
                    obj=locked,
                    request=request,
                    note=f"连续 {settings.LOGIN_MAX_FAILURES} 次密码错误，锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟",
                )
