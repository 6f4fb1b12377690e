"""Import pages: who may use them, preview then confirm, large files in a Celery task."""

import pytest
from django.urls import reverse

from aid_tracking.imports import get_job
from aid_tracking.models import Activity
from aid_tracking.tasks_io import run_iati_import
from tests.aid_tracking.io_factories import in_english, path, upload  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

IMPORT_URL = reverse("aid_tracking:iati_import")


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat", 200), ("ptf", 200), ("other_ptf", 200), ("viewer", 403)],
)
def test_iati_upload_page_by_role(request, client_for, reference_data, who, status):
    response = client_for(request.getfixturevalue(who)).get(IMPORT_URL)

    assert response.status_code == status


def test_anonymous_is_sent_to_log_in(client, reference_data):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert "login" in response["Location"]


def send(client, name: str, content: bytes | None = None, **extra):
    return client.post(IMPORT_URL, {"file": upload(name, content), **extra})


def test_ptf_previews_then_confirms_its_own_activities(client_for, reference_data, ptf):
    client = client_for(ptf)

    response = send(client, "alpha-two-activities.xml")

    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert "Preview: nothing has been written yet" in preview.text
    assert "XM-ALPHA-0001" in preview.text
    assert "not for Mali" in preview.text
    assert not Activity.objects.exists()

    token = response["Location"].rstrip("/").split("/")[-1]
    confirmed = client.post(reverse("aid_tracking:iati_import_confirm", args=[token]))
    assert confirmed.status_code == 302
    done = client.get(confirmed["Location"])
    assert "Import done" in done.text
    assert Activity.objects.filter(reporting_organization=ptf.organization).count() == 2


def test_other_ptf_cannot_import_alpha_activities(client_for, reference_data, other_ptf):
    client = client_for(other_ptf)

    response = send(client, "alpha-two-activities.xml")
    preview = client.get(response["Location"])

    assert "is not your organisation" in preview.text
    assert "Import these activities" not in preview.text
    token = response["Location"].rstrip("/").split("/")[-1]
    client.post(reverse("aid_tracking:iati_import_confirm", args=[token]))
    assert not Activity.objects.exists()


def test_another_user_cannot_see_or_confirm_someone_else_upload(
    client_for, reference_data, ptf, lead
):
    response = send(client_for(ptf), "alpha-two-activities.xml")
    token = response["Location"].rstrip("/").split("/")[-1]
    client = client_for(lead)

    assert client.get(reverse("aid_tracking:iati_import_job", args=[token])).status_code == 404
    confirm = client.post(reverse("aid_tracking:iati_import_confirm", args=[token]))
    assert confirm.status_code == 404
    assert not Activity.objects.exists()


def test_viewer_cannot_confirm(client_for, reference_data, viewer):
    url = reverse("aid_tracking:iati_import_confirm", args=["abc"])

    assert client_for(viewer).post(url).status_code == 403


def test_secretariat_imports_for_a_chosen_organisation(
    client_for, reference_data, secretariat, beta
):
    client = client_for(secretariat)

    response = send(client, "activity-standard-example-mali.xml", organization=beta.pk)
    token = response["Location"].rstrip("/").split("/")[-1]
    client.post(reverse("aid_tracking:iati_import_confirm", args=[token]))

    assert Activity.objects.get().reporting_organization == beta


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("doctype-xxe.xml", "DOCTYPE"),
        ("billion-laughs.xml", "DOCTYPE"),
        ("not-iati.xml", "not an IATI activity file"),
        ("wrong-encoding.xml", "not well-formed XML"),
    ],
)
def test_hostile_uploads_are_refused_with_their_message(
    client_for, reference_data, ptf, name, message
):
    client = client_for(ptf)

    response = send(client, name)
    page = client.get(response["Location"])

    assert message in page.text
    assert "Import these activities" not in page.text
    assert not Activity.objects.exists()


def test_truncated_upload_is_refused(client_for, reference_data, ptf):
    content = path("alpha-two-activities.xml").read_bytes()[:1500]
    client = client_for(ptf)

    page = client.get(send(client, "cut.xml", content)["Location"])

    assert "not well-formed XML" in page.text
    assert not Activity.objects.exists()


def test_oversized_upload_is_refused_before_reading(client_for, reference_data, ptf, settings):
    settings.MAX_UPLOAD_MB = 0.001

    response = send(client_for(ptf), "alpha-two-activities.xml")

    assert response.status_code == 200
    assert "too large" in response.text
    assert not (settings.MEDIA_ROOT / "aid_imports").exists()


def test_empty_upload_is_refused(client_for, reference_data, ptf):
    response = send(client_for(ptf), "empty.xml", b"")

    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_large_file_runs_in_a_celery_task_with_a_progress_page(
    client_for, reference_data, ptf, settings, django_capture_on_commit_callbacks
):
    settings.AID_IMPORT_SYNC_MAX_MB = 0.0001
    client = client_for(ptf)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = send(client, "alpha-two-activities.xml")
    token = response["Location"].rstrip("/").split("/")[-1]
    waiting = client.get(response["Location"])
    assert "The file is being read" in waiting.text
    assert 'hx-trigger="every 2s"' in waiting.text
    polled = client.get(response["Location"], headers={"HX-Request": "true"})
    assert 'id="import-progress"' in polled.text
    assert "<html" not in polled.text

    assert len(callbacks) == 1  # the task is queued once the request commits
    run_iati_import.apply(args=(token, True))  # what the worker runs (here, in this process)
    assert get_job(token)["status"] == "done"
    finished = client.get(response["Location"], headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    assert "XM-ALPHA-0001" in client.get(response["Location"]).text

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("aid_tracking:iati_import_confirm", args=[token]))
    assert len(callbacks) == 1
    assert not Activity.objects.exists()
    run_iati_import.apply(args=(token, False))
    assert Activity.objects.count() == 2
    assert not (settings.MEDIA_ROOT / "aid_imports" / f"{token}.xml").exists()


def test_uploads_are_not_served_by_url(client_for, reference_data, ptf, settings):
    client = client_for(ptf)
    token = send(client, "alpha-two-activities.xml")["Location"].rstrip("/").split("/")[-1]

    assert client.get(f"{settings.MEDIA_URL}aid_imports/{token}.xml").status_code == 404


def test_the_refusal_reads_in_french_by_default(client, reference_data, ptf, settings):
    """The portal speaks French unless the person chose English."""
    settings.LANGUAGE_CODE = "fr"
    ptf.language = "fr"
    ptf.save(update_fields=["language"])
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    client.force_login(ptf)

    page = client.get(send(client, "doctype-xxe.xml")["Location"])

    assert "Le fichier déclare un DOCTYPE" in page.text
