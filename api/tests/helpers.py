from django.test import Client

from api import workflow


def token_for(user) -> str:
    _token, raw = workflow.issue(actor=user, name="测试设备")
    return raw


def api_client(user) -> Client:
    """A client that speaks to the API with ``user``'s device token, as a phone app would."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
