def current_vote_item(meeting):
    """The vote shown on the meeting's big screen (see meetings.screen)."""
    return None
