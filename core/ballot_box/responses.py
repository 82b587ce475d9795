"""The tellers' pages of every poll with a ballot box (an election round, a meeting's vote, an
evaluation, a project ballot), written once: each app passes its poll, the file name, the label
and where to go back, after checking the role and scope as always.

- ``teller_document``: the closed box's homomorphic sum, downloaded for the tellers' offline
  `renda decryption_share`;
- ``submit_decryption_share``: a teller's uploaded share, handed to the app's workflow step; the
  outcome is a message on the poll's page;
- ``ballot_box_export``: a counted poll's encrypted ballot box (fingerprints, proofs, shares and
  the list of who took part) for `renda tally`.

Both downloads are bulk exports (core.downloads.export: audited, never cached). A poll not in the
right state is refused: with 404 by default, or, for the pages that answer the device's script,
with 409 and the Chinese reason ``not_ready`` as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect

from core import downloads
from core.ballot_box import box
from core.workflow import TransitionRefused

SHARE_ACCEPTED = "解密份额已通过验证并登记。"


def _refused(not_ready: str) -> HttpResponse:
    if not not_ready:
        raise Http404
    return JsonResponse({"error": not_ready}, status=409, json_dumps_params={"ensure_ascii": False})


def _download(request, document: dict, *, file_name: str, what: str, rows: int, indent=None) -> HttpResponse:
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=indent)
    return downloads.export(request, body.encode(), file_name, what=what, rows=rows)


def teller_document(request, poll, *, file_name: str, what: str, not_ready: str = "") -> HttpResponse:
    """The sum of ``poll``'s closed box while it waits for the tellers' shares (status counting)."""
    if poll.status != "counting" or poll.ballot_box is None:
        return _refused(not_ready)
    document = box.teller_document(poll.ballot_box)
    return _download(request, document, file_name=file_name, what=what, rows=document["ballots"])


def submit_decryption_share(request, submit: Callable[[object], object], *, redirect_to: str) -> HttpResponse:
    """Hand the uploaded share to ``submit`` (the app's workflow step); a refusal becomes its message."""
    document = box.uploaded_document(request)
    try:
        submit(document)
    except TransitionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, SHARE_ACCEPTED)
    return redirect(redirect_to)


def ballot_box_export(
    request, poll, document: Callable[[], dict], *, file_name: str, what: str, not_ready: str = ""
) -> HttpResponse:
    """``poll``'s whole encrypted ballot box once it is counted (status closed); ``document`` builds it."""
    if poll.status != "closed" or poll.ballot_box is None:
        return _refused(not_ready)
    exported = document()
    rows = len(exported.get("ballots") or [])
    return _download(request, exported, file_name=file_name, what=what, rows=rows, indent=2)
