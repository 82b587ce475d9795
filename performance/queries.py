def home_todos(request):
    """Home-page lines for this app (see core.home)."""
    return []


def public_sections(congress):
    """Links on the congress's public front page (see core.views.public_home)."""
    return []
