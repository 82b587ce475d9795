from accounts.models import RoleAssignment
from accounts.permissions import HeldRoles

SESSION_KEY = "congress_id"
# Paths whose views check scope themselves in one query (the voting API, hit by a whole hall at
# once); they skip loading the user's roles.
LEAN_PATHS = ("/meetings/api/",)


class CongressMiddleware:
    """Sets request.congress (the congress the user is working in) and request.roles.

    A user holding roles in several congresses picks one (stored in the session); every
    query of tenant data filters on request.congress, so nothing of another congress shows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.congress, request.roles, request.congresses = None, HeldRoles(), []
        if request.path.startswith(LEAN_PATHS):
            return self.get_response(request)
        if request.user.is_authenticated:
            attach_congress(request, request.user, request.session.get(SESSION_KEY))
        return self.get_response(request)


def attach_congress(request, user, chosen=None) -> None:
    """Set request.congress, request.roles and request.congresses for ``user``.

    ``chosen`` is a congress id (the session's choice, or an API client's X-Congress header);
    the first congress the user holds a role in is used when it is absent or not theirs.
    """
    assignments = list(
        RoleAssignment.objects.filter(user=user, is_active=True)
        .select_related("congress", "unit", "station")
        .order_by("congress_id", "id")
    )
    congresses = {a.congress_id: a.congress for a in assignments}
    if chosen not in congresses:
        chosen = next(iter(congresses), None)
    request.congress, request.roles = None, HeldRoles()
    if chosen is not None:
        request.congress = congresses[chosen]
        request.roles = HeldRoles([a for a in assignments if a.congress_id == chosen])
        # HeldRoles.of(user, chosen) answers from here without another query
        user.__dict__.setdefault("_held_roles", {})[chosen] = request.roles
    request.congresses = list(congresses.values())
