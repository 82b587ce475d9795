def roles(request):
    return {
        "congress": getattr(request, "congress", None),
        "roles": getattr(request, "roles", None),
        "congresses": getattr(request, "congresses", []),
    }
