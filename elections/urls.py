from django.urls import path

from elections import views

app_name = "elections"
urlpatterns = [
    path("", views.election_list, name="election_list"),
    path("<int:pk>/", views.election_detail, name="election_detail"),
    path("<int:pk>/announce/", views.announce, name="announce"),
    path("<int:pk>/announcement.docx", views.announcement, name="announcement"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("groups/<int:pk>/reopen-nomination/", views.reopen_nomination, name="reopen_nomination"),
    path("groups/<int:pk>/delete/", views.delete_group, name="delete_group"),
    path("nominations/<int:pk>/edit/", views.edit_nomination, name="edit_nomination"),
    path("nominations/<int:pk>/withdraw/", views.withdraw_nomination, name="withdraw_nomination"),
    path("groups/<int:pk>/fix-candidates/", views.fix_candidates, name="fix_candidates"),
    path("groups/<int:pk>/ballot.docx", views.printable_ballot, name="printable_ballot"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/setup/", views.round_setup, name="round_setup"),
    path("rounds/<int:pk>/open/", views.round_action, {"verb": "open_round"}, name="open_round"),
    path("rounds/<int:pk>/close/", views.round_action, {"verb": "close_round"}, name="close_round"),
    path("rounds/<int:pk>/count/", views.round_action, {"verb": "count_round"}, name="count_round"),
    path("rounds/<int:pk>/cancel/", views.round_action, {"verb": "cancel_round"}, name="cancel_round"),
    path("rounds/<int:pk>/sheets/", views.sheet_entry, name="sheet_entry"),
    path("rounds/<int:pk>/compare/", views.compare, name="compare"),
    path("rounds/<int:pk>/ballots.json", views.export, name="export"),
    path("rounds/<int:pk>/paper-ballot/", views.issue_paper_ballot, name="issue_paper_ballot"),
    path("rounds/<int:pk>/box.json", views.teller_document, name="teller_document"),
    path("rounds/<int:pk>/decryption-share/", views.submit_decryption_share, name="submit_decryption_share"),
    path("rounds/<int:pk>/ballot-box.json", views.ballot_box_export, name="ballot_box_export"),
    path("vote/", views.my_ballots, name="my_ballots"),
    path("rounds/<int:pk>/vote/", views.ballot, name="ballot"),
]
