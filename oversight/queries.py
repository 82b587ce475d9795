def home_todos(request):
    """Home-page lines for this app (see core.home)."""
    return []
