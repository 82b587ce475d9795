"""Users and the roles they hold in a congress (and, for some roles, in a unit or station)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from registry.models import Congress, Station, Unit, mobile_validator


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=30, blank=True)
    mobile = models.CharField(
        "手机号码", max_length=11, unique=True, null=True, blank=True, validators=[mobile_validator]
    )
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True, default=timezone.now)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def deputy(self):
        """The user's seat, for the many who hold one; a person with seats at several levels
        (DOMAIN §11) is asked per congress with ``registry.bodies.seat_of``. Current term first."""
        cache = self.__dict__.setdefault("_seats", {})
        if cache.get("any") is None and self.pk:
            cache["any"] = self.seats.order_by("-term__starts_on", "congress_id").first()
        return cache.get("any")

    def set_password(self, raw_password):
        # Every way of setting a password (own page, admin, import) restarts PASSWORD_MAX_AGE_DAYS.
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()


class Role(models.TextChoices):
    STAFF = "staff", "工作人员"
    LEADER = "leader", "领导"
    DEPUTY = "deputy", "代表"
    UNIT_HANDLER = "unit_handler", "承办单位经办人"
    STATION_STAFF = "station_staff", "联络站工作人员"
    # 三员分立 (GB/T 22239-2019 8.1.4.1 访问控制, 8.1.10 集中管控): three administrators, three
    # different people, none of them holding a business role (accounts.rules.conflicting_role).
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDITOR = "auditor", "安全审计员"


class RoleAssignment(models.Model):
    """A role held in one congress; unit handlers hold it in a unit, station staff in a station."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name="用户"
    )
    congress = models.ForeignKey(
        Congress, on_delete=models.PROTECT, related_name="role_assignments", verbose_name="人大"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handlers",
        verbose_name="承办单位",
    )
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name="联络站"
    )
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="unit_handler") | Q(unit__isnull=False), name="role_unit_handler_has_unit"
            ),
            models.CheckConstraint(
                condition=~Q(role="station_staff") | Q(station__isnull=False),
                name="role_station_staff_has_station",
            ),
            models.UniqueConstraint(
                fields=["user", "congress", "role", "unit", "station"], name="role_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        where = self.unit or self.station
        return f"{self.get_role_display()}（{where}）" if where else self.get_role_display()

    def clash(self) -> str | None:
        """The refusal when this grant, active, would break 三员分立 with the user's other active roles
        in the same congress (as the database holds them now), else None."""
        from accounts import rules

        if not self.is_active or self.user_id is None or self.congress_id is None:
            return None
        held = set(
            RoleAssignment.objects.filter(user_id=self.user_id, congress_id=self.congress_id, is_active=True)
            .exclude(pk=self.pk)
            .values_list("role", flat=True)
        )
        clash = rules.conflicting_role(self.role, held)
        labels = dict(Role.choices)
        return None if clash is None else rules.clash_message(labels.get(self.role, self.role), labels[clash])

    def save(self, *args, **kwargs):
        # Every write path (renda's pages, /admin/, a shell) is held to 三员分立, not only the workflow.
        message = self.clash()
        if message is not None:
            raise ValidationError(message)
        super().save(*args, **kwargs)
