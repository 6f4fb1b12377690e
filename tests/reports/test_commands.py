"""``python manage.py generate_reports``."""

import datetime
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from seg_portal.reports.models import Report

# Real commits, as when an operator runs it: the render queued on commit runs before the print.
pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run():
    def command(*args: str) -> str:
        out = StringIO()
        call_command("generate_reports", *args, stdout=out)
        return out.getvalue()

    return command


def test_list_prints_the_registered_kinds_one_per_line(run):
    lines = run("--list").splitlines()

    assert [line.split("\t")[0] for line in lines] == [
        "test_directory",
        "test_failing",
        "test_hostile",
        "test_profile",
    ]
    assert lines[0] == "test_directory\tmonth\tDirectory of members"


def test_a_kind_without_period_renders_its_latest_complete_period_in_both_languages(run):
    with time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC)):
        output = run("--kind", "test_directory")

    reports = Report.objects.order_by("language")
    assert [(r.period, r.language, r.status) for r in reports] == [
        ("2026-10", "en", "ready"),
        ("2026-10", "fr", "ready"),
    ]
    for report in reports:
        assert f"test_directory\t2026-10\t{report.language}\tready\t{report.file.path}" in output


def test_one_language_and_an_explicit_period(run):
    output = run("--kind", "test_directory", "--period", "2025-03", "--language", "en")

    report = Report.objects.get()
    assert (report.period, report.language, report.status) == ("2025-03", "en", "ready")
    assert Path(report.file.path).exists()
    assert "1 report(s), rendered in-process:" in output


def test_running_it_twice_changes_nothing(run):
    run("--kind", "test_directory", "--period", "2025-03", "--language", "fr")
    first = Report.objects.get()
    run("--kind", "test_directory", "--period", "2025-03", "--language", "fr")

    again = Report.objects.get()
    assert (again.pk, again.sha256, again.finished_at) == (
        first.pk,
        first.sha256,
        first.finished_at,
    )


def test_a_per_subject_kind_takes_a_subject(run, alpha):
    output = run("--kind", "test_profile", "--subject", str(alpha.pk), "--language", "fr")

    assert f"test_profile\t{alpha.pk}\tfr\tready" in output


def test_due_generates_every_periodic_kind(run):
    with (
        time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC)),
        pytest.raises(CommandError, match="Some reports failed"),
    ):
        run("--due")  # the test kind that fails, fails, and says so

    assert Report.objects.filter(status="ready").count() == 4
    assert Report.objects.filter(kind="test_failing", status="failed").count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "no_such_kind"], "Unknown report kind: no_such_kind."),
        (["--kind", "test_directory", "--period", "2026-Q3"], "is not a period"),
        (["--kind", "test_profile"], "Choose the subject of this report."),
        (["--due", "--kind", "test_directory"], "--due takes no --kind"),
        ([], "Give --kind KIND, --due or --list."),
    ],
)
def test_bad_arguments_raise_a_command_error(run, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--kind", "no_such_kind"], 1, "Unknown report kind: no_such_kind."),
        (["--kind", "x", "--language", "de"], 2, "invalid choice: 'de'"),
        ([], 1, "Give --kind KIND, --due or --list."),
    ],
)
def test_bad_arguments_exit_non_zero_with_a_message_and_no_traceback(args, code, message, tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["SQLITE_PATH"] = str(tmp_path / "unused.sqlite3")
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "generate_reports", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        check=False,
    )

    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
