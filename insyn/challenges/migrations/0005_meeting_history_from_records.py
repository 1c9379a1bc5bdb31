"""Meetings recorded before their history was kept get its first entry from what they
record themselves: who recorded the meeting and when."""

from django.db import migrations


def first_entries(apps, schema_editor):
    Meeting = apps.get_model("challenges", "Meeting")
    HistoricalMeeting = apps.get_model("challenges", "HistoricalMeeting")
    kept = set(HistoricalMeeting.objects.values_list("id", flat=True).distinct())
    HistoricalMeeting.objects.bulk_create(
        HistoricalMeeting(
            id=meeting.pk,
            challenge_id=meeting.challenge_id,
            kind=meeting.kind,
            held_on=meeting.held_on,
            participants=meeting.participants,
            minutes_id=meeting.minutes_id,
            recorded_by_id=meeting.recorded_by_id,
            recorded_at=meeting.recorded_at,
            history_date=meeting.recorded_at,
            history_type="+",
            history_user_id=meeting.recorded_by_id,
            history_change_reason="Mötet registrerat",
        )
        for meeting in Meeting.objects.exclude(pk__in=kept).iterator()
    )


class Migration(migrations.Migration):
    dependencies = [("challenges", "0004_meeting_history")]

    operations = [migrations.RunPython(first_entries, migrations.RunPython.noop)]
