from collections import Counter

from django.core.management import call_command

from code_of_conduct.models import Answer, Assessment, Campaign, FrameworkVersion, Indicator


def test_seed_demo_is_idempotent_and_covers_every_state(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)
    counts = (FrameworkVersion.objects.count(), Answer.objects.count())
    call_command("seed_demo", stdout=None)
    assert (FrameworkVersion.objects.count(), Answer.objects.count()) == counts
    assert Indicator.objects.count() == 14
    previous, current = Campaign.objects.get(year=2025), Campaign.objects.get(year=2026)
    assert previous.status == Campaign.Status.CLOSED
    assert previous.is_published
    assert set(previous.assessments.values_list("status", flat=True)) == {"validated"}
    states = Counter(current.assessments.values_list("status", flat=True))
    assert set(states) == set(Assessment.Status.values)
    assert current.is_open
