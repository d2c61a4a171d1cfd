"""Documents of a case: checked by content, stored in the commune's folder, nothing half-saved."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat

from cases import uploads
from cases.errors import CaseError
from cases.models import Attachment
from cases.services import cases as services
from jisr.accounts.models import User
from tests.cases.test_workflow import new_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("acte.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("lettre.docx", docx(), uploads.ZIPPED["word/"]),
        ("scan-without-extension", PDF, "application/pdf"),
    ],
)
def test_accepted_documents_are_stored_in_the_communes_folder(
    agent: User, media: Path, name: str, content: bytes, content_type: str
) -> None:
    case = new_case(agent)
    attachment = services.add_attachment(actor=agent, case=case, upload=SimpleUploadedFile(name, content))
    assert attachment.content_type == content_type
    assert attachment.original_name == name
    stored = media / "commune_aitmelloul" / attachment.file.name
    assert stored.read_bytes() == content
    assert name not in attachment.file.name  # random name on disk


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script></html>"),  # HTML dressed as a PDF
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("run.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 60),
        ("empty.pdf", b""),
    ],
)
def test_other_content_is_refused_and_nothing_is_kept(agent: User, media: Path, name: str, content: bytes) -> None:
    case = new_case(agent)
    with pytest.raises(CaseError) as caught:
        services.add_attachment(actor=agent, case=case, upload=SimpleUploadedFile(name, content))
    assert "file" in caught.value.message_dict
    assert not Attachment.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_oversized_documents_are_refused(agent: User, media: Path) -> None:
    case = new_case(agent)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * uploads.MAX_BYTES)
    with pytest.raises(CaseError) as caught:
        services.add_attachment(actor=agent, case=case, upload=big)
    assert filesizeformat(uploads.MAX_BYTES) in caught.value.message_dict["file"][0]


def test_file_names_lose_their_folders_and_control_characters() -> None:
    assert uploads.safe_name("../../etc/passwd") == "passwd"
    assert uploads.safe_name("C:\\Users\\x\\acte\x00.pdf") == "acte.pdf"
    assert uploads.safe_name("عقد الازدياد.pdf") == "عقد الازدياد.pdf"
