"""Documents people bring: checked by what they contain, not by their name.

Only formats an office needs (PDF, images, Word/Excel/OpenDocument files)
pass; HTML, SVG, scripts and executables never do, whatever they are called.
Files get a random name in storage; the name the person gave is kept apart,
and they are always served as a download (cases.views).
"""

from __future__ import annotations

import secrets
import unicodedata
import zipfile
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cases.errors import CaseError

MAX_BYTES = 10 * 1024 * 1024

SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
ZIPPED = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.spreadsheet": "application/vnd.oasis.opendocument.spreadsheet",
}
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    ZIPPED["word/"]: ".docx",
    ZIPPED["xl/"]: ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}
ACCEPTED = "PDF, JPEG, PNG, WebP, Word, Excel, OpenDocument"


def sniff(head: bytes, upload: UploadedFile) -> str | None:
    """The real type of the content, or None if it is not one we take."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"PK\x03\x04":
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                members = archive.namelist()
                if "mimetype" in members:
                    return OPENDOCUMENT.get(archive.read("mimetype").strip())
                if "[Content_Types].xml" in members:
                    for prefix, content_type in ZIPPED.items():
                        if any(name.startswith(prefix) for name in members):
                            return content_type
        except zipfile.BadZipFile:
            return None
    return None


def check(upload: UploadedFile) -> str:
    """The file's content type if the office may keep it; else a clear error."""
    size = upload.size or 0
    if size == 0:
        raise CaseError({"file": [_("The file is empty.")]})
    if size > MAX_BYTES:
        raise CaseError(
            {
                "file": [
                    _("The file is %(size)s; the limit is %(limit)s.")
                    % {"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)}
                ]
            }
        )
    upload.seek(0)
    head = upload.read(16)
    content_type = sniff(head, upload)
    upload.seek(0)
    if content_type is None:
        raise CaseError({"file": [_("This kind of file is not accepted. Accepted: %(kinds)s.") % {"kinds": ACCEPTED}]})
    return content_type


def safe_name(name: str) -> str:
    """The person's file name, without folders or control characters, for display and download."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(char for char in unicodedata.normalize("NFC", base) if unicodedata.category(char)[0] != "C")
    return cleaned.strip()[:200] or "document"


def storage_name(content_type: str) -> str:
    return secrets.token_hex(16) + EXTENSIONS[content_type]
