"""Settings for the test suite: the production settings with fast hashing and no static manifest."""
from config.settings import *  # noqa: F403
from config.settings import PASSWORD_HASHERS, STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Argon2 stays installed (a test checks it); MD5 first only so that fixtures with hundreds of users are quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
WHITENOISE_AUTOREFRESH = True
