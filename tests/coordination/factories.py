import datetime as dt

import factory
from django.utils import timezone

from coordination.models import Body, Decision, Meeting, Membership
from tests.factories import OrganizationFactory

LONG_AGO = dt.date(2020, 1, 1)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        skip_postgeneration_save = True

    kind = Body.Kind.THEMATIC
    name = factory.Sequence(lambda n: f"Groupe thématique {n}")

    @factory.post_generation
    def members(body, create, extracted, **kwargs):
        # Members since well before any meeting a test holds.
        for organization in extracted or []:
            Membership.objects.create(body=body, organization=organization, joined_on=LONG_AGO)

    @factory.post_generation
    def leads(body, create, extracted, **kwargs):
        if extracted:
            body.lead_users.set(extracted)


def in_days(days: float, hour: int = 9) -> dt.datetime:
    moment = timezone.localtime() + dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Réunion {n}")
    starts_at = factory.LazyFunction(lambda: in_days(7))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + dt.timedelta(hours=2))
    place = "Bamako"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Décision {n}")
    responsible_organization = factory.SubFactory(OrganizationFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
