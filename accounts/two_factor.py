"""TOTP second factor (django-otp) with one-time recovery codes.

Required (settings.TWO_FACTOR_REQUIRED) for everyone who holds a role beyond deputy: staff, leaders,
unit handlers, station staff, the three administrators (三员) and superusers; for deputies only where
the congress turns it on (Congress.settings["accounts"]["deputies_need_two_factor"], default off:
deputies vote from shared hall devices). 等保三级 身份鉴别: two factors for administrative users.
"""

from __future__ import annotations

from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import rules
from accounts.models import Role, RoleAssignment

ROLES_NEEDING_TWO_FACTOR = {
    Role.STAFF,
    Role.LEADER,
    Role.UNIT_HANDLER,
    Role.STATION_STAFF,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.AUDITOR,
}
RECOVERY_CODES = 10


def deputies_need_two_factor(congress) -> bool:
    return bool(rules.SETTINGS.value(congress, "deputies_need_two_factor"))


def required_for(user) -> bool:
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    for assignment in RoleAssignment.objects.filter(user=user, is_active=True).select_related("congress"):
        if assignment.role in ROLES_NEEDING_TWO_FACTOR:
            return True
        if assignment.role == Role.DEPUTY and deputies_need_two_factor(assignment.congress):
            return True
    return False


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (a new secret until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app that cannot scan."""
    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def confirm(user, device: TOTPDevice) -> list[str]:
    """Make `device` the user's only authenticator and issue fresh recovery codes."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes; each works once."""
    static, _ = StaticDevice.objects.get_or_create(user=user, name="恢复码", defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def verify(user, token: str):
    """The device that accepts `token` (an authenticator code or an unused recovery code), or None."""
    token = "".join((token or "").split())[:16]
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


@transaction.atomic
def reset(user) -> int:
    """Remove the user's authenticator and recovery codes (a lost phone); they enrol again at next sign-in."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    return deleted + static
