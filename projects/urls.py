from django.urls import path

from projects import views

app_name = "projects"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/close/", views.call_action, {"verb": "close_call"}, name="close_call"),
    path("calls/<int:pk>/lock/", views.call_action, {"verb": "lock_candidates"}, name="lock_candidates"),
    path(
        "calls/<int:pk>/submit/", views.call_action, {"verb": "submit_candidates"}, name="submit_candidates"
    ),
    path("calls/<int:pk>/announce/", views.call_action, {"verb": "announce_result"}, name="announce_result"),
    path("calls/<int:pk>/proposals/", views.proposal_list, name="proposal_list"),
    path("calls/<int:pk>/projects/new/", views.project_new, name="draw_up"),
    path("calls/<int:pk>/ballots/new/", views.ballot_new, name="create_ballot"),
    path("calls/<int:pk>/evaluations/new/", views.evaluation_new, name="create_evaluation"),
    path("calls/<int:pk>/export/<str:what>", views.call_export, name="call_export"),
    path("proposals/new/", views.proposal_new, name="submit"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/merge/", views.proposal_action, {"verb": "merge"}, name="merge"),
    path("proposals/<int:pk>/decline/", views.proposal_action, {"verb": "decline"}, name="decline"),
    path(
        "proposals/<int:pk>/reserve-pool/",
        views.proposal_action,
        {"verb": "reserve_pool"},
        name="tag_reserve_pool",
    ),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit_project"),
    path("<int:pk>/milestones/", views.milestone_add, name="add_milestone"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="complete_milestone"),
    path("<int:pk>/reports/", views.report_add, name="report_progress"),
    path("<int:pk>/group/", views.group_confirm, name="confirm_group"),
    path("<int:pk>/activities/", views.activity_add, name="record_activity"),
    path("activities/<int:pk>/send/", views.activity_action, {"verb": "send_findings"}, name="send_findings"),
    path("activities/<int:pk>/reply/", views.activity_action, {"verb": "reply"}, name="reply"),
    path("ballots/<int:pk>/", views.ballot_detail, name="ballot_detail"),
    path("ballots/<int:pk>/open/", views.ballot_action, {"verb": "open_ballot"}, name="open_ballot"),
    path("ballots/<int:pk>/close/", views.ballot_action, {"verb": "close_ballot"}, name="close_ballot"),
    path("ballots/<int:pk>/count/", views.ballot_action, {"verb": "count_ballot"}, name="count_ballot"),
    path("ballots/<int:pk>/tellers/", views.ballot_action, {"verb": "choose_tellers"}, name="choose_tellers"),
    path("ballots/<int:pk>/sheets/", views.sheet_entry, name="sheet_entry"),
    path("ballots/<int:pk>/compare/", views.compare, name="compare"),
    path("ballots/<int:pk>/decide-tie/", views.ballot_action, {"verb": "decide_tie"}, name="decide_tie"),
    path("ballots/<int:pk>/ballots.json", views.ballot_export, name="ballot_export"),
    *[
        path(f"{kind}s/<int:pk>/{route}", view, {"kind": kind}, name=f"{kind}_{name}")
        for kind in ("ballot", "evaluation")
        for route, view, name in (
            ("box.json", views.teller_document, "teller_document"),
            ("decryption-share/", views.submit_decryption_share, "submit_decryption_share"),
            ("ballot-box.json", views.ballot_box_export, "box_export"),
            ("paper/", views.issue_paper_ballot, "issue_paper_ballot"),
        )
    ],
    path("ballots/<int:pk>/vote/", views.ballot_vote, name="ballot_vote"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path(
        "evaluations/<int:pk>/open/",
        views.evaluation_action,
        {"verb": "open_evaluation"},
        name="open_evaluation",
    ),
    path(
        "evaluations/<int:pk>/close/",
        views.evaluation_action,
        {"verb": "close_evaluation"},
        name="close_evaluation",
    ),
    path(
        "evaluations/<int:pk>/count/",
        views.evaluation_action,
        {"verb": "count_evaluation"},
        name="count_evaluation",
    ),
    path("evaluations/<int:pk>/evaluation.json", views.evaluation_export, name="evaluation_export"),
    path("evaluations/<int:pk>/vote/", views.evaluation_vote, name="evaluation_vote"),
]
