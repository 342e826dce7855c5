"""A small site for the backup drill, written by the real services in a `motcua shell`
of its own (tests/core/test_backup.py): an agency with its officers, a procedure,
dossiers with scanned documents under MEDIA_ROOT, and the audit events they leave."""

import time
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from motcua.accounts.models import Role, User
from motcua.catalog.models import Procedure
from motcua.dossiers.uploads import attachment_add
from motcua.units.models import Agency
from tests.dossiers.factories import Team, procedure_with_steps, receive, team_for
from tests.factories import AgencyFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(255, -1, -1)) * 20


def populate(dossiers: int = 3) -> None:
    team = team_for(AgencyFactory.create())
    procedure = procedure_with_steps()
    for n in range(dossiers):
        dossier = receive(team, procedure)
        for name, data in (("to-khai.pdf", PDF), ("anh.png", PNG)):
            upload = SimpleUploadedFile(name, data[:-1] + bytes([n]))
            attachment_add(actor=team.counter, dossier=dossier, upload=upload)


def _team() -> Team:
    agency = Agency.objects.get()

    def officer(role: str) -> User:
        return User.objects.get(username=f"{role}_{agency.pk}")

    return Team(
        agency=agency,
        counter=officer(Role.COUNTER_OFFICER),
        specialist=officer(Role.SPECIALIST),
        leader=officer(Role.LEADER),
        manager=officer(Role.CENTRE_MANAGER),
    )


def receive_more(dossiers: int) -> None:
    """More dossiers for the agency `populate` made, then a checkpoint of the log."""
    team, procedure = _team(), Procedure.objects.get()
    for _ in range(dossiers):
        receive(team, procedure)
    call_command("audit", "checkpoint", stdout=StringIO())


def keep_writing(stop: str, written: str) -> None:
    """Receive dossiers one after another until the file `stop` appears, writing how many
    so far to the file `written`."""
    team, procedure = _team(), Procedure.objects.get()
    count = 0
    while not Path(stop).exists():
        receive(team, procedure)
        count += 1
        Path(written).write_text(str(count))
        time.sleep(0.01)
