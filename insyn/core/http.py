import ipaddress

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest


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


def client_ip(request: HttpRequest) -> str:
    """The address of the person at the other end, for rate limits and login lockout.

    With PROXY_COUNT reverse proxies in front (each appending to X-Forwarded-For), the
    address the outermost trusted proxy saw is the PROXY_COUNT-th entry from the right;
    anything further left was written by the client and is not trusted. Without proxies,
    REMOTE_ADDR. Never an invalid string: the rate limiter parses it as an address.
    """
    count = settings.PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count and _valid_ip(forwarded[-count]):
            return forwarded[-count]
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _valid_ip(remote) else "0.0.0.0"  # noqa: S104 (a value, not a bind)  # nosec B104


def _valid_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
