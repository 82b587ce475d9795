import re
import uuid

from django.http import QueryDict

from core import audit, logs

# C0 controls other than tab, line feed and carriage return, DEL, and C1 controls. Nobody types
# them; pasted from Word or a PDF they would break every Excel export (openpyxl refuses them) and
# PostgreSQL refuses NUL outright.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def _cleaned(query: QueryDict) -> QueryDict | None:
    """A copy of `query` without control characters, or None when it has none."""
    if not any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in query.lists()
    ):
        return None
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(strip_control_characters(key), [strip_control_characters(v) for v in values])
    cleaned._mutable = False
    return cleaned


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
RAW_BODY_PATHS = ("/meetings/api/",)


class StripControlCharactersMiddleware:
    """Drop control characters from every query string and posted form, before any form sees them.

    The one place that keeps them out of every text field of every form (staff, public, admin):
    a stray %00 in a search box or a \x0b in a pasted title becomes an ordinary value instead of
    a database error or an export that fails for everyone (500).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING"):
            cleaned = _cleaned(request.GET)
            if cleaned is not None:
                request.GET = cleaned
        # The ballot API parses its raw body itself, strictly (meetings.device_api): reading the
        # form here would consume the stream it reads.
        if (
            request.method == "POST"
            and request.content_type in FORM_TYPES
            and not request.path.startswith(RAW_BODY_PATHS)
        ):
            cleaned = _cleaned(request.POST)
            if cleaned is not None:
                request.POST = cleaned
        return self.get_response(request)


# The former name, for settings written before control characters other than NUL were dropped.
StripNulMiddleware = StripControlCharactersMiddleware


class RequestIdMiddleware:
    """Give every request an id: in the X-Request-ID header, every log line and the 500 page.

    A user reads the id from the error page; the administrator finds the traceback by it. It also
    makes the request available to code far from the view (core.audit.current_request).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex[:12]
        request_token = audit._current_request.set(request)
        id_token = logs.request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            audit._current_request.reset(request_token)
            logs.request_id.reset(id_token)
        response["X-Request-ID"] = request.request_id
        return response


class NoStoreMiddleware:
    """Pages and files served to a signed-in user (ID numbers, phones, ledgers) are never stored.

    `Cache-Control: no-store` keeps them out of shared proxies and the browser's disk cache on a
    shared office computer. A view that sets its own Cache-Control keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
