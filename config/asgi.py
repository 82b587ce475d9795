import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()

from meetings import live  # noqa: E402  (after Django is set up)

# The live streams are sent outside Django's per-request thread (meetings/live.py).
application = live.asgi_streams(django_application)
