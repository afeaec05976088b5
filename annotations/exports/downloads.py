"""Exports as file downloads, for the API and for the export page alike."""

from django.http import HttpResponse

from annotations.exports import claims_csv


def claims_csv_download(claims, filename: str) -> HttpResponse:
    response = HttpResponse(claims_csv.claims_csv(claims), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
