"""Secret ballots: nobody (staff, admins, anyone reading the database) can link a ballot to a voter.

DOMAIN requires the secret ballot for elections at a session (§2: 选举法 40–44, 组织法 28), for
the livelihood-project ballot and its evaluation (§3) and for satisfaction votes (§6, local),
and a meeting may hold any vote by secret ballot (无记名表决). One pattern keeps them all secret:

- *Who* has voted is a participation row, unique per (poll, deputy): the database, not a
  check in Python, refuses a second vote, also under concurrent requests.
- *What* was voted is an AnonymousBallot row: a random id, the poll and the content. It shares
  nothing with the participation written in the same transaction.
- While voting is open the ballots sit in the table in the order they were cast (PostgreSQL
  ctid, SQLite rowid); at close shuffle_ballots rewrites them in random order under fresh ids,
  so afterwards nothing in the ballot table follows the order of voting.

Casting writes no audit row: an audit entry carries the actor and a time.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable

from django.db import IntegrityError, models, transaction


class AnonymousBallot(models.Model):
    """One ballot of a secret vote: a random id, the poll (a foreign key) and the content, nothing else.

    No voter key, so no join leads from a ballot to a deputy; no timestamp, which could be
    lined up with the participations or the access log; a random UUID instead of a sequential id,
    which would give away the order of voting.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


def cast(participations, ballots, *, deputy, already_voted: Exception, **content) -> None:
    """Record that `deputy` has voted, then store the ballot, in the caller's transaction.

    `participations` and `ballots` are the poll's related managers (`round_.participations`,
    `round_.ballots`). The participation goes first, in a savepoint: its unique constraint is
    what stops a second vote, and `already_voted` is raised before any ballot is written.
    """
    try:
        with transaction.atomic():
            participations.create(deputy=deputy)
    except IntegrityError:
        raise already_voted from None
    ballots.create(**content)


def _content_fields(related) -> list[str]:
    """The columns of a poll's rows other than the random id and the poll itself."""
    return [
        f.attname for f in related.model._meta.concrete_fields if not f.primary_key and f != related.field
    ]


def _rewrite(related, rows: list[dict]) -> None:
    related.all().delete()
    owner = {related.field.name: related.instance}
    related.model.objects.bulk_create(related.model(id=uuid.uuid4(), **owner, **row) for row in rows)


def _in_random_order(rows: Iterable) -> list:
    rows = list(rows)
    secrets.SystemRandom().shuffle(rows)
    return rows


def shuffle_ballots(ballots, rows: Iterable[dict] | None = None) -> None:
    """Rewrite a poll's ballots in random order with fresh random ids (see the module docstring).

    `ballots` is the poll's related manager (`vote.secret_ballots`); every content field is
    copied. `rows` ({field: value} per ballot) replaces the contents instead, e.g. the paper
    sheets as the tellers entered them.
    """
    if rows is None:
        rows = ballots.values(*_content_fields(ballots))
    _rewrite(ballots, _in_random_order(rows))


def rewrite_participations(participations) -> None:
    """Rewrite a poll's participations ordered by deputy with fresh random ids.

    For participations keyed by a random id: afterwards they say who voted, never in which order.
    """
    fields = _content_fields(participations)
    _rewrite(participations, list(participations.order_by(*fields).values(*fields)))
