"""Uploaded media as the app server hands them out (one machine without object storage, and
development): never as a page of the shop.

Everything under /media/ was uploaded by someone. Each file goes out with `nosniff` (a browser
takes the type we name, so nothing becomes a script by sniffing) and a sandboxing CSP of its own
(opened directly, even an HTML or SVG file runs no script with the shop's cookies); only photos
(JPEG, PNG, WebP, GIF) are shown inline, anything else is a download (`attachment`)."""

import mimetypes

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.static import serve

INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    content_type, _encoding = mimetypes.guess_type(path)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    if content_type not in INLINE_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    return response
