import uuid

from django.http import QueryDict

from core import audit, logs


def _without_nul(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    cleaned._mutable = False
    return cleaned


class StripNulMiddleware:
    """Drop NUL characters from query strings and url-encoded forms.

    PostgreSQL text cannot hold NUL, so a stray %00 in a search box would otherwise end in a
    database error (500) instead of an ordinary search; nobody types NUL on purpose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", ""):
            request.GET = _without_nul(request.GET)
        if (
            request.method == "POST"
            and request.content_type == "application/x-www-form-urlencoded"
            and b"%00" in request.body
        ):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


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
