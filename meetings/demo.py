def load(demo) -> None:
    """Meetings of the demo year (see core.demo)."""
