def home_todos(request):
    """Home-page lines for this app (see core.home)."""
    return []


def current_ballot_item(meeting):
    """The project ballot or evaluation shown on the meeting's big screen (see meetings.screen)."""
    return None


def public_sections(congress):
    """Links on the congress's public front page (see core.views.public_home)."""
    return []
