from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def download_response(file: FieldFile, *, filename: str) -> FileResponse:
    """A registered file as a download, never rendered by the browser: a file someone
    uploaded must not run as a page of this site."""
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Not kept by proxies: a document made secret by a correction must disappear at once.
    response["Cache-Control"] = "private, no-store"
    return response
