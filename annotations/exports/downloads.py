"""Exports as file downloads, for the API and for the export page alike."""

from django.http import StreamingHttpResponse

from annotations.exports import claims_csv
from factcheck.db_router import streamed_from_replica

CHUNK = 500  # claims fetched per round trip (with their sources in one more query) while streaming


def claims_csv_download(claims, filename: str) -> StreamingHttpResponse:
    """Streamed as it is read (a server-side cursor, CHUNK claims at a time), from a read replica when there is
    one: a year's claims take the memory of one chunk, and the first bytes leave before the last row is read."""
    lines = claims_csv.claims_csv_lines(claims.iterator(chunk_size=CHUNK))
    response = StreamingHttpResponse(streamed_from_replica(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
