def load(demo) -> None:
    """This app's part of the demo congress (see core.demo)."""
