import pytest

from deliberation import workflow
from deliberation.tests.helpers import deputy_record, first_group, meeting_with_agenda
from performance import queries
from performance.models import PerformanceEntry

pytestmark = pytest.mark.django_db


def test_recorded_speeches_count_in_the_deputys_performance_record(clerk, deputy, congress):
    meeting = meeting_with_agenda(congress)
    group = first_group(meeting, clerk, deputy)
    for item in meeting.agenda_items.all():
        workflow.record_speech(
            group, actor=clerk, deputy=deputy_record(deputy), agenda_item=item, summary="发言"
        )
    year = meeting.starts_at.year
    assert queries.counts_for_deputy(deputy_record(deputy), year)["speech"] == 2
    assert queries.counts_for_deputy(deputy_record(deputy), year - 1)["speech"] == 0


def test_manual_speech_entries_add_to_recorded_ones_without_double_counting(clerk, deputy, congress):
    meeting = meeting_with_agenda(congress)
    group = first_group(meeting, clerk, deputy)
    item = meeting.agenda_items.first()
    workflow.record_speech(group, actor=clerk, deputy=deputy_record(deputy), agenda_item=item, summary="发言")
    PerformanceEntry.objects.create(
        congress=congress,
        deputy=deputy_record(deputy),
        kind=PerformanceEntry.Kind.SPEECH,
        date=meeting.starts_at.date(),
        title="在常委会会议上审议报告时发言",
        recorded_by=clerk,
    )
    assert queries.counts_for_deputy(deputy_record(deputy), meeting.starts_at.year)["speech"] == 2


def test_deleted_speech_no_longer_counts(clerk, deputy, congress):
    meeting = meeting_with_agenda(congress)
    group = first_group(meeting, clerk, deputy)
    speech = workflow.record_speech(
        group,
        actor=clerk,
        deputy=deputy_record(deputy),
        agenda_item=meeting.agenda_items.first(),
        summary="发言",
    )
    workflow.delete_speech(speech, actor=clerk)
    assert queries.counts_for_deputy(deputy_record(deputy), meeting.starts_at.year)["speech"] == 0
