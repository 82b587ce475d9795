from django.http import QueryDict


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
