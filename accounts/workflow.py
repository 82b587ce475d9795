"""User and role management: the only code that creates logins, resets passwords, locks accounts,
grants or revokes roles, clears sign-in pauses and resets second factors outside Django admin.

三员分立: the system administrator runs the user steps and grants business roles; the security
administrator clears sign-in pauses and resets second factors; the administrator roles themselves are
granted by a superuser (Django admin), so no administrator can make an account that acts as another.

Every step is one transaction and audited: user-level steps here, role grants and revocations by
the receivers in accounts/audit_events.py (which also catch admin writes).
"""

from __future__ import annotations

import secrets
import string

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, connection, transaction

from accounts import audit_events, backends, rules, two_factor
from accounts.hashers import InitialPasswordHasher
from accounts.models import Role, RoleAssignment, User
from core import audit

ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0Oo1lI")


# Initial passwords of a roster import: random, so a fast hash suffices (see the hasher).
INITIAL_PASSWORD_HASHER = InitialPasswordHasher.algorithm
BULK_SIZE = 500


class UserRefused(Exception):
    """A step the rules refuse; the message is shown to the office."""


def temporary_password(length: int = 12) -> str:
    """A random password with letters and digits (shown once to the office, or sent by SMS)."""
    while True:
        value = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if (
            any(c.isdigit() for c in value)
            and any(c.isupper() for c in value)
            and any(c.islower() for c in value)
        ):
            return value


def _manages(actor, user: User, congress) -> None:
    if user.is_superuser and not actor.is_superuser:
        raise UserRefused("超级管理员账户只能在系统管理后台维护。")
    if user.pk is None:
        return
    if not actor.is_superuser and user.pk == actor.pk:
        raise UserRefused("不能对自己的账户办理此项操作，请由其他管理员办理。")
    administrator = RoleAssignment.objects.filter(
        user=user, role__in=rules.ADMINISTRATOR_ROLES, is_active=True
    ).exists()
    if administrator and not actor.is_superuser:
        raise UserRefused("系统管理员、安全管理员和安全审计员的账户只能由超级管理员在系统管理后台维护。")
    if not actor.is_superuser and not RoleAssignment.objects.filter(user=user, congress=congress).exists():
        deputy_here = getattr(getattr(user, "deputy", None), "congress_id", None) == congress.pk
        if not deputy_here:
            raise UserRefused("该用户不在本级人大。")


PASSWORD_SMS = "【{sign}】{name}代表：您的履职平台账户已开通，用户名 {username}{mobile}，初始密码 {password}，首次登录后请修改密码。"


def create_deputy_logins(
    *, actor, congress, deputies, request=None, send_passwords: bool = False, progress=None
) -> list[tuple]:
    """A login for each deputy without one: username = 代表证号, the deputy's role; (deputy, user, password).

    The login also signs in with the deputy's mobile number unless another account has it. With
    ``send_passwords`` each initial password goes to the deputy's mobile by SMS once the
    transaction commits (core.jobs.send_text; the office then sees no password), and the audit
    entry says so. ``progress`` (core.progress.Progress) is told of each login opened.

    Written in bulk (4,000 logins of a roster import in seconds): the users and their role grants
    with ``bulk_create``, the deputies' links with ``bulk_update``, and the audit entries (each
    role grant, as accounts.audit_events would record it, then the login) with one
    ``audit.record_many``.
    """

    todo = [d for d in deputies if d.congress_id == congress.pk and d.user_id is None]
    if not todo:
        return []
    candidates = {f"{congress.code}-{d.number}" for d in todo}
    taken = set(User.objects.filter(username__in=candidates).values_list("username", flat=True))
    phones = {d.phone for d in todo if d.phone}
    phones_taken = set(User.objects.filter(mobile__in=phones).values_list("mobile", flat=True))
    planned: list[tuple] = []
    for deputy in todo:
        username = f"{congress.code}-{deputy.number}"
        if username in taken:
            # The same 代表证号 in another term belongs to another seat: name the term too.
            username = f"{congress.code}-{deputy.term.number}-{deputy.number}"
            if User.objects.filter(username=username).exists():
                taken.add(username)
        if username in taken:
            raise UserRefused(f"用户名 {username} 已被占用，请先处理该账户。")
        taken.add(username)
        mobile = deputy.phone or None
        if mobile in phones_taken:
            mobile = None  # the number already signs in another account; keep the username only
        elif mobile:
            phones_taken.add(mobile)
        password = temporary_password()
        user = User(
            username=username,
            full_name=deputy.name,
            mobile=mobile,
            password=make_password(password, hasher=INITIAL_PASSWORD_HASHER),
        )
        planned.append((deputy, user, password))
        if progress is not None:
            progress.advance()
    try:
        with transaction.atomic():
            return _write_logins(
                planned, actor=actor, congress=congress, request=request, send_passwords=send_passwords
            )
    except IntegrityError:
        raise UserRefused("开通账户时发现用户名或手机号码刚被其他账户占用，没有开通任何账户，请重试。")


def _write_logins(planned: list[tuple], *, actor, congress, request, send_passwords: bool) -> list[tuple]:
    from registry.models import Deputy

    users = User.objects.bulk_create([user for _d, user, _p in planned], batch_size=BULK_SIZE)
    if any(user.pk is None for user in users):  # a backend that returns no ids
        by_name = dict(
            User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk")
        )
        for user in users:
            user.pk = by_name[user.username]
    for deputy, user, _password in planned:
        deputy.user = user
    # One prepared UPDATE run for every deputy (bulk_update's CASE per row costs more than the insert).
    quote, meta = connection.ops.quote_name, Deputy._meta
    table, column, key = meta.db_table, meta.get_field("user").column, meta.pk.column
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(key)} = %s",
            [(user.pk, deputy.pk) for deputy, user, _p in planned],
        )
    grants = RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, congress=congress, role=Role.DEPUTY) for user in users],
        batch_size=BULK_SIZE,
    )
    entries = []
    for (deputy, user, password), assignment in zip(planned, grants, strict=True):
        texted = bool(send_passwords and user.mobile)
        entries.append(audit_events.grant_entry(assignment))
        entries.append(
            {
                "action": "create_login",
                "obj": user,
                "changes": {"username": user.username, "deputy": deputy.pk},
                "note": "初始密码已以短信发送本人" if texted else "",
            }
        )
        if texted:
            _text_password(user, deputy.name, password)
    audit.record_many(entries, actor=actor, congress=congress, request=request)
    return planned


def _text_password(user: User, name: str, password: str) -> None:
    from django.conf import settings

    from core import jobs

    text = PASSWORD_SMS.format(
        sign=getattr(settings, "SMS_SIGN", ""),
        name=name,
        username=user.username,
        mobile="（也可用本手机号码登录）",
        password=password,
    )
    mobile = user.mobile
    transaction.on_commit(lambda: jobs.send_text(mobile, text))


def create_user(
    *,
    actor,
    congress,
    username: str,
    full_name: str,
    mobile: str = "",
    role: str,
    unit=None,
    station=None,
    request=None,
) -> tuple[User, str]:
    """A new login with one role (staff, leader, unit handler, station staff); the password is returned once."""
    username, full_name, mobile = username.strip(), full_name.strip(), (mobile or "").strip()
    if not username or not full_name:
        raise UserRefused("请填写用户名和姓名。")
    if role == Role.DEPUTY:
        raise UserRefused("代表的账户请用“为代表开通账户”，以便与代表名册对应。")
    if role in rules.ADMINISTRATOR_ROLES and not actor.is_superuser:
        raise UserRefused("系统管理员、安全管理员和安全审计员角色只能由超级管理员在系统管理后台授予。")
    if User.objects.filter(username=username).exists():
        raise UserRefused(f"用户名 {username} 已被占用。")
    if mobile and User.objects.filter(mobile=mobile).exists():
        raise UserRefused("该手机号码已用于其他账户。")
    password = temporary_password()
    with transaction.atomic():
        user = User(username=username, full_name=full_name, mobile=mobile or None)
        user.set_password(password)
        user.save()
        audit.record(
            actor=actor,
            action="create_login",
            obj=user,
            congress=congress,
            request=request,
            changes={"username": username},
        )
        _grant(user=user, congress=congress, role=role, unit=unit, station=station)
    return user, password


def reset_password(*, actor, user: User, congress, request=None) -> str:
    """A new temporary password, returned once; failed-login counters are cleared."""
    _manages(actor, user, congress)
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.failed_logins, user.locked_until = 0, None
        user.save()
        audit.record(actor=actor, action="reset_password", obj=user, congress=congress, request=request)
    return password


def set_active(*, actor, user: User, congress, active: bool, reason: str = "", request=None) -> User:
    """Lock (停用) or unlock (启用) an account; locking needs a reason and never one's own account."""
    _manages(actor, user, congress)
    if not active and user.pk == actor.pk:
        raise UserRefused("不能停用自己的账户。")
    if not active and not reason.strip():
        raise UserRefused("请填写停用原因。")
    if user.is_active == active:
        raise UserRefused("该账户已是启用状态。" if active else "该账户已停用。")
    with transaction.atomic():
        user.is_active = active
        if active:
            user.failed_logins, user.locked_until = 0, None
        user.save()
        audit.record(
            actor=actor,
            action="unlock_user" if active else "lock_user",
            obj=user,
            congress=congress,
            request=request,
            note=reason.strip()[:500],
            changes={"is_active": [not active, active]},
        )
    return user


def grant(*, actor, user: User, congress, role: str, unit=None, station=None, request=None) -> RoleAssignment:
    """Give ``user`` a role in ``congress``, scoped to a unit or station where the role needs one."""
    if role in rules.ADMINISTRATOR_ROLES and not actor.is_superuser:
        raise UserRefused("系统管理员、安全管理员和安全审计员角色只能由超级管理员在系统管理后台授予。")
    _manages(actor, user, congress)
    return _grant(user=user, congress=congress, role=role, unit=unit, station=station)


def _grant(*, user: User, congress, role: str, unit=None, station=None) -> RoleAssignment:
    if role not in Role.values:
        raise UserRefused("请选择角色。")
    if role == Role.UNIT_HANDLER and (unit is None or unit.congress_id != congress.pk):
        raise UserRefused("承办单位经办人须选择本级人大的承办单位。")
    if role == Role.STATION_STAFF and (station is None or station.congress_id != congress.pk):
        raise UserRefused("联络站工作人员须选择本级人大的联络站。")
    if role == Role.DEPUTY and getattr(getattr(user, "deputy", None), "congress_id", None) != congress.pk:
        raise UserRefused("代表角色须对应本级人大的代表名册，请在名册中关联账户。")
    unit = unit if role == Role.UNIT_HANDLER else None
    station = station if role == Role.STATION_STAFF else None
    held = set(
        RoleAssignment.objects.filter(user=user, congress=congress, is_active=True).values_list(
            "role", flat=True
        )
    )
    clash = rules.conflicting_role(role, held)
    if clash is not None:
        raise UserRefused(rules.clash_message(Role(role).label, Role(clash).label))
    with transaction.atomic():
        existing = (
            RoleAssignment.objects.select_for_update()
            .filter(user=user, congress=congress, role=role, unit=unit, station=station)
            .first()
        )
        if existing is not None:
            if existing.is_active:
                raise UserRefused("该用户已有此角色。")
            existing.is_active = True
            existing.save(update_fields=["is_active"])
            return existing
        try:
            with transaction.atomic():
                return RoleAssignment.objects.create(
                    user=user, congress=congress, role=role, unit=unit, station=station
                )
        except IntegrityError:
            raise UserRefused("该用户已有此角色。")


def revoke(*, actor, assignment: RoleAssignment, request=None) -> RoleAssignment:
    """End a role (the row stays, inactive, so history shows who held it)."""
    if assignment.user_id == actor.pk:
        raise UserRefused("不能撤销自己的角色，请由其他管理员办理。")
    if assignment.role in rules.ADMINISTRATOR_ROLES and not actor.is_superuser:
        raise UserRefused("系统管理员、安全管理员和安全审计员角色只能由超级管理员在系统管理后台撤销。")
    with transaction.atomic():
        locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if not locked.is_active:
            raise UserRefused("该角色已撤销。")
        locked.is_active = False
        locked.save(update_fields=["is_active"])
    return locked


def clear_sign_in_pauses(*, actor, user: User, congress, request=None) -> int:
    """The security administrator lifts every sign-in pause of ``user`` (wrong passwords from any address)."""
    _manages_security(actor, user, congress)
    with transaction.atomic():
        cleared = backends.clear_pauses(user)
        user.failed_logins, user.locked_until = 0, None
        user.save(update_fields=["failed_logins", "locked_until"])
        audit.record(
            actor=actor,
            action="clear_sign_in_pauses",
            obj=user,
            congress=congress,
            request=request,
            note=f"解除登录暂停（{cleared} 个地址）",
        )
    return cleared


def reset_two_factor(*, actor, user: User, congress, request=None) -> None:
    """The security administrator removes ``user``'s authenticator and recovery codes (a lost phone)."""
    _manages_security(actor, user, congress)
    with transaction.atomic():
        if not two_factor.reset(user):
            raise UserRefused("该用户尚未启用双因素认证。")
        audit.record(
            actor=actor,
            action="reset_two_factor",
            obj=user,
            congress=congress,
            request=request,
            note="重置双因素认证：下次登录须重新绑定身份验证器",
        )


def _manages_security(actor, user: User, congress) -> None:
    if user.pk == actor.pk:
        raise UserRefused("不能对自己的账户办理此项操作，请由其他管理员办理。")
    if user.is_superuser and not actor.is_superuser:
        raise UserRefused("超级管理员账户只能在系统管理后台维护。")
    here = RoleAssignment.objects.filter(user=user, congress=congress).exists()
    deputy_here = getattr(getattr(user, "deputy", None), "congress_id", None) == congress.pk
    if not (here or deputy_here):
        raise UserRefused("该用户不在本级人大。")
