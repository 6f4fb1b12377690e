"""The demo's memberships look like a real portal's: members since the body's creation, a few
late joiners, whose attendance counts only the meetings held since they joined."""

import datetime as dt

from django.core.management import call_command

from coordination import selectors
from coordination.models import Membership


def test_demo_members_joined_in_the_past_and_late_joiners_miss_no_earlier_meeting(db, settings):
    settings.DEBUG = True  # seed_demo is a development command
    call_command("seed_demo", stdout=None)
    today = dt.date(2026, 3, 11)  # the frozen day of tests/coordination/conftest.py
    gec = Membership.objects.filter(body__acronym="GEC")
    assert gec.get(organization__acronym="UE").joined_on == dt.date(2016, 3, 1)
    usaid = gec.get(organization__acronym="USAID")
    assert usaid.joined_on == today - dt.timedelta(days=15)
    year = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}
    # The GEC met 30 days ago, before USAID joined; the EU was a member and present.
    assert selectors.attendance_rate(organization=usaid.organization, **year).counted == []
    eu = gec.get(organization__acronym="UE").organization
    attended = selectors.attendance_rate(organization=eu, **year).matched
    assert [meeting.body.acronym for meeting in attended] == ["GEC"]
