from core.models import Notification
from suggestions import workflow
from suggestions.tests import factories as f


def test_satisfied_closes(congress, clerk, deputy, unit, unit_handler, django_capture_on_commit_callbacks):
    s = f.replied(congress, deputy, clerk, unit, unit_handler)
    r, s = f.post_verb(
        deputy, s, "feedback", {"rating": "satisfied"}, capture=django_capture_on_commit_callbacks
    )
    assert r.status_code == 302 and s.status == "closed" and s.first_rating == s.final_rating == "satisfied"
    f.assert_one_history_row(s, "feedback", deputy)
    assert Notification.objects.filter(user=unit_handler, kind="suggestions.feedback").exists()


def test_dissatisfied_needs_reasons_and_goes_to_rehandling(congress, clerk, deputy, unit, unit_handler):
    s = f.replied(congress, deputy, clerk, unit, unit_handler)
    r, s = f.post_verb(deputy, s, "feedback", {"rating": "dissatisfied"})
    assert r.status_code == 400 and s.status == "replied"
    r, s = f.post_verb(deputy, s, "feedback", {"rating": "dissatisfied", "comment": "没解决"})
    assert s.status == "dissatisfied"
    r, s = f.post_verb(clerk, s, "rehandle", {"assigned_on": "2025-03-31"})
    assert s.status == "rehandling" and s.round == 2 and str(s.due_on) == "2025-04-30"
    f.assert_one_history_row(s, "rehandle", clerk)


def test_co_signers_feedback_when_congress_wishes(congress, clerk, deputy, co_signer, unit, unit_handler):
    s = f.draft(congress, deputy)
    workflow.save_draft(actor=deputy, suggestion=s, co_signer_ids=[co_signer.deputy.pk])
    workflow.co_sign(actor=co_signer, suggestion=s)
    workflow.submit(actor=deputy, suggestion=s)
    workflow.register(actor=clerk, suggestion=s)
    workflow.assign(actor=clerk, suggestion=s, mode="sole", units=[unit])
    workflow.accept(actor=unit_handler, suggestion=s)
    workflow.reply(actor=unit_handler, suggestion=s, category="A", content="x", signed_by="y")
    s.refresh_from_db()
    assert "feedback" not in workflow.allowed_actions(s, co_signer)
    congress.settings = {"suggestions": {"co_signers_give_feedback": True}}
    congress.save()
    s = type(s).objects.get(pk=s.pk)
    _r, s = f.post_verb(co_signer, s, "feedback", {"rating": "basically_satisfied"})
    assert s.status == "replied" and s.feedbacks.get().is_lead is False and s.final_rating == ""


def test_the_inbox_awaits_exactly_the_feedback_the_deputy_may_give(
    congress, clerk, deputy, co_signer, unit, unit_handler
):
    """待我评价 is asked of the database in one query (permissions.feedback_awaited); it holds the
    suggestions where can_feedback says yes, for the lead deputy and a co-signer, with the
    congress's setting off and on, before and after feedback."""
    from suggestions import permissions as perms
    from suggestions.models import Suggestion

    s = f.draft(congress, deputy)
    workflow.save_draft(actor=deputy, suggestion=s, co_signer_ids=[co_signer.deputy.pk])
    workflow.co_sign(actor=co_signer, suggestion=s)
    workflow.submit(actor=deputy, suggestion=s)
    workflow.register(actor=clerk, suggestion=s)
    workflow.assign(actor=clerk, suggestion=s, mode="sole", units=[unit])
    workflow.accept(actor=unit_handler, suggestion=s)
    workflow.reply(actor=unit_handler, suggestion=s, category="A", content="x", signed_by="y")
    f.replied(congress, deputy, clerk, unit, unit_handler)  # the lead deputy's own, no co-signer

    def agree(user):
        congress.refresh_from_db()
        replied = Suggestion.objects.filter(congress=congress, status="replied")
        awaited = set(perms.feedback_awaited(user, congress, replied).values_list("pk", flat=True))
        assert awaited == {r.pk for r in replied if perms.can_feedback(user, r)}
        return len(awaited)

    assert (agree(deputy), agree(co_signer)) == (2, 0)
    congress.settings = {"suggestions": {"co_signers_give_feedback": True}}
    congress.save()
    assert (agree(deputy), agree(co_signer)) == (2, 1)
    f.post_verb(co_signer, Suggestion.objects.get(pk=s.pk), "feedback", {"rating": "basically_satisfied"})
    assert (agree(deputy), agree(co_signer)) == (2, 0)
    f.post_verb(deputy, Suggestion.objects.get(pk=s.pk), "feedback", {"rating": "satisfied"})
    assert (agree(deputy), agree(co_signer)) == (1, 0)
