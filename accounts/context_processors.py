from core.notify import unread_count


def roles(request):
    user = getattr(request, "user", None)
    return {
        "congress": getattr(request, "congress", None),
        "roles": getattr(request, "roles", None),
        "congresses": getattr(request, "congresses", []),
        "unread_notifications": unread_count(user) if user is not None and user.is_authenticated else 0,
    }
