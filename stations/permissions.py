"""Who may see and handle station messages, receptions and activities.

- Station staff: their own station's messages (with the full phone number), receptions, activities.
- A deputy: messages addressed to them, and messages they were made handler of.
- The congress office (staff): every message, masked phone; refers messages to units.
  Leaders read everything, change nothing.
- A unit handler: only the messages referred to their unit.
Every getter filters on request.congress; missing and hidden give the same 404.
Checks take the user (not the request) so workflow.py repeats them inside its transaction.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.permissions import HeldRoles, has_role
from registry.models import Deputy, Station
from stations.models import Activity, Message, Reception


def is_station_staff(user, station_id, congress_id) -> bool:
    return station_id in HeldRoles.of(user, congress_id).station_ids


def is_addressed_deputy(user, message: Message) -> bool:
    return message.deputy_id is not None and getattr(message.deputy, "user_id", None) == getattr(
        user, "pk", -1
    )


# --------------------------------------------------------------------------- messages


def can_handle(user, message: Message) -> bool:
    """Assign a handler and record an outcome: the station's staff, the addressed deputy, the handler."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if is_station_staff(user, message.station_id, message.congress_id):
        return True
    if message.handler_id == user.pk and HeldRoles.of(user, message.congress_id):
        return True
    return has_role(user, message.congress_id, Role.DEPUTY) and is_addressed_deputy(user, message)


can_assign = can_answer_on_spot = can_hand_to_subdistrict = can_forward_to_office = can_handle
can_convert_to_suggestion = can_decline = can_handle


def can_refer(user, message: Message) -> bool:
    """Referral to a unit goes through the congress office (DOMAIN §5)."""
    return has_role(user, message.congress_id, Role.STAFF)


def can_reply(user, message: Message) -> bool:
    return message.unit_id is not None and message.unit_id in HeldRoles.of(user, message.congress_id).unit_ids


can_send_back = can_reply


def can_view_message(user, message: Message) -> bool:
    if has_role(user, message.congress_id, Role.STAFF, Role.LEADER):
        return True
    if can_handle(user, message):
        return True
    return message.status in (Message.Status.REFERRED, Message.Status.CLOSED) and can_reply(user, message)


def can_see_phone(user, message: Message) -> bool:
    """Only the station staff handling the message see the number; everyone else sees it masked."""
    if is_station_staff(user, message.station_id, message.congress_id):
        return True
    return message.handler_id is not None and message.handler_id == getattr(user, "pk", None)


def get_message_for_user(request, pk) -> Message:
    if request.congress is None:
        raise Http404
    message = get_object_or_404(
        Message.objects.select_related("station", "deputy", "handler", "unit", "subdistrict", "community"),
        pk=pk,
        congress=request.congress,
    )
    if not can_view_message(request.user, message):
        raise Http404
    return message


# --------------------------------------------------------------------------- stations, receptions, activities


def can_manage_station(user, station: Station) -> bool:
    """Schedule and record receptions, register activities: the station's staff or the congress office."""
    return is_station_staff(user, station.pk, station.congress_id) or has_role(
        user, station.congress_id, Role.STAFF
    )


can_schedule = can_record = can_cancel = can_manage_station


def can_view_station(user, station: Station) -> bool:
    return can_manage_station(user, station) or has_role(user, station.congress_id, Role.LEADER)


def managed_stations(request):
    """Stations this person works for (all of the congress for the office)."""
    qs = Station.objects.filter(congress=request.congress)
    if has_role(request.user, request.congress.pk, Role.STAFF, Role.LEADER):
        return qs
    return qs.filter(pk__in=HeldRoles.of(request.user, request.congress.pk).station_ids)


def get_station_for_user(request, pk) -> Station:
    if request.congress is None:
        raise Http404
    station = get_object_or_404(Station, pk=pk, congress=request.congress)
    if not can_view_station(request.user, station):
        raise Http404
    return station


def get_reception_for_user(request, pk) -> Reception:
    if request.congress is None:
        raise Http404
    reception = get_object_or_404(
        Reception.objects.select_related("station"), pk=pk, congress=request.congress
    )
    if not can_view_station(request.user, reception.station):
        raise Http404
    return reception


def get_activity_for_user(request, pk) -> Activity:
    if request.congress is None:
        raise Http404
    activity = get_object_or_404(Activity.objects.select_related("station"), pk=pk, congress=request.congress)
    if not can_view_station(request.user, activity.station):
        raise Http404
    return activity


def get_deputy_for_user(request, pk) -> Deputy:
    """A deputy's QR code and poster: the office, or the staff of the deputy's station."""
    if request.congress is None:
        raise Http404
    deputy = get_object_or_404(Deputy.objects.select_related("station"), pk=pk, congress=request.congress)
    user = request.user
    if has_role(user, request.congress.pk, Role.STAFF, Role.LEADER):
        return deputy
    if deputy.station_id and is_station_staff(user, deputy.station_id, request.congress.pk):
        return deputy
    if deputy.user_id == user.pk:
        return deputy
    raise Http404
