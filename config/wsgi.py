import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

# The deputies' ballots take a short path in front of Django (see meetings/device_api.py).
from meetings import device_api  # noqa: E402  (needs the apps loaded)

application = device_api.wrap(django_application)
