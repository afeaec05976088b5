import pytest

from tests.evidence.site import Site


@pytest.fixture
def site():
    with Site() as running:
        yield running


@pytest.fixture(autouse=True)
def evidence_settings(settings, tmp_path):
    # Loopback only: the test sites run on 127.0.0.1, which production refuses.
    settings.SOURCE_SNAPSHOT_ALLOW_PRIVATE_NETWORKS = True
    settings.SOURCE_SNAPSHOT_HOST_SPACING_SECONDS = 0
    settings.SOURCE_SNAPSHOT_TIMEOUT_SECONDS = 5
    settings.SOURCE_SNAPSHOT_ARCHIVE_ORG = False
    settings.STORAGES = settings.STORAGES | {
        "snapshots": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "snapshots")},
        }
    }
    return settings


def pdf_with_text(text: str, title: str = "") -> bytes:
    """A one-page PDF that shows `text` in Helvetica (ASCII), built by hand with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    info = f"<< /Title ({title}) >>".encode() if title else b"<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
