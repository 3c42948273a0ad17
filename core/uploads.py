"""Uploaded images are checked before anything decodes them.

Oscar's image forms accept any size and any number of pixels, and sorl-thumbnail decodes
the whole image inside a request: a 20 KB PNG of 13000 × 13000 pixels asks for half a
gigabyte of memory. :func:`validate_image_upload` reads only the file's size and the
image header (Pillow's ``Image.open`` is lazy) and refuses, with a clear message:

- files over ``IMAGE_UPLOAD_MAX_BYTES`` (10 MB),
- images over ``IMAGE_UPLOAD_MAX_PIXELS`` (40 megapixels),
- anything that is not, by its content, a JPEG, PNG or WebP image, and a name whose
  extension says otherwise (a ``.jpg`` that is really something else).

:class:`ValidatedImageField` puts it on a model's image field, for forms (the dashboard's,
the Django admin's) and for code that saves a file straight into the field. It lives in
households, the lowest app with images (cadres' visit photos); the catalogue's product images and
the shop's upload forms (claim photos) import it from here.
"""

from __future__ import annotations

import io
import os
import warnings
from typing import IO, Any, NoReturn

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format → the file name extensions that go with it.
IMAGE_FORMATS = {"JPEG": ("jpg", "jpeg"), "PNG": ("png",), "WEBP": ("webp",)}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000


def max_bytes() -> int:
    return getattr(settings, "IMAGE_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pixels() -> int:
    return getattr(settings, "IMAGE_UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def _size(file: File[bytes] | IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return size
    position = file.tell()
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def _too_many_pixels() -> ValidationError:
    width = int(round((max_pixels() * 8 / 5) ** 0.5, -2)) or 1  # a 8:5 photo at the limit
    return ValidationError(
        _("The image has too many pixels: at most %(mp)s megapixels are allowed (for example %(w)s × %(h)s).")
        % {"mp": f"{max_pixels() / 1_000_000:g}", "w": width, "h": max_pixels() // width},
        code="image_pixels")


def _not_an_image() -> ValidationError:
    return ValidationError(_("This file is not a JPEG, PNG or WebP image."), code="image_type")


def validate_image_upload(file: File[bytes] | None) -> None:
    """Refuse (``ValidationError``) an upload that is too big, has too many pixels or is not
    a JPEG, PNG or WebP image. Reads the header only; the file position is restored.

    ``file`` is an ``UploadedFile`` or any Django ``File``; a file already stored in a model's
    field (a committed ``FieldFile``) was checked when it was saved and is left alone.
    """
    # FieldFile._committed is set in its __init__; django-stubs does not declare it.
    if file is None or (isinstance(file, FieldFile) and (file._committed or not file)):  # type: ignore[attr-defined]
        return
    size = _size(file)
    if size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; images may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
            code="image_size")
    if size == 0:
        raise _not_an_image()

    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between 89 and 179 megapixels: treat that as refused too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=list(IMAGE_FORMATS)) as image:
                image_format, (width, height) = image.format, image.size
                if width * height > max_pixels():
                    raise _too_many_pixels()
                # Checks the structure (PNG chunk checksums) without decoding pixels.
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise _not_an_image() from None
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds (OSError, SyntaxError, struct.error...) on damaged files
        raise ValidationError(_("The image file is damaged or incomplete."), code="image_damaged") from None
    finally:
        file.seek(position)

    assert image_format is not None  # Image.open(formats=...) opens only the formats named
    extension = os.path.splitext(getattr(file, "name", "") or "")[1].lower().lstrip(".")
    if extension not in IMAGE_FORMATS[image_format]:
        raise ValidationError(
            _("This file is a %(format)s image but its name ends in “.%(extension)s”: "
              "name it .%(expected)s.")
            % {"format": "WebP" if image_format == "WEBP" else image_format,
               "extension": extension, "expected": IMAGE_FORMATS[image_format][0]},
            code="image_extension")


def _looks_like_pdf(file: File[bytes]) -> bool:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(1024)
    finally:
        file.seek(position)
    return head.startswith(b"%PDF-")


def validate_document_upload(file: File[bytes] | None) -> None:
    """Refuse (``ValidationError``) a document that is too big or is neither a PDF (decided by its
    first bytes) nor a JPEG, PNG or WebP image (checked as images are); its name must end in the
    type's extension, so the media server names the same type. HTML, scripts and SVG are refused:
    served from the shop's origin they could run as the shop."""
    if file is None or (isinstance(file, FieldFile) and (file._committed or not file)):  # type: ignore[attr-defined]
        return
    size = _size(file)
    if size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes())}, code="file_size")
    extension = os.path.splitext(getattr(file, "name", "") or "")[1].lower().lstrip(".")
    if size and _looks_like_pdf(file):
        if extension != "pdf":
            raise ValidationError(_("This file is a PDF but its name ends in “.%(extension)s”: name it .pdf.")
                                  % {"extension": extension}, code="file_extension")
        return
    try:
        validate_image_upload(file)
    except ValidationError as exc:
        if exc.code == "image_type":
            raise ValidationError(_("This file is not a PDF or a JPEG, PNG or WebP image."),
                                  code="file_type") from None
        raise


class DocumentUploadFormField(forms.FileField):
    """A file attribute of a product (a certificate, a leaflet): PDF or a photo, decided by content."""

    def to_python(self, data: File[Any] | None) -> File[Any] | None:
        validate_document_upload(data)
        return super().to_python(data)


class ImageUploadFormField(forms.ImageField):
    """Checks the upload before Django's own ImageField opens it."""

    def to_python(self, data: File[Any] | None) -> File[Any] | None:
        if data not in self.empty_values:
            validate_image_upload(data)
        return super().to_python(data)


class ValidatedImageFieldFile(ImageFieldFile):
    def save(self, name: str, content: File[Any], save: bool = True) -> None:
        # Also for code that saves straight into the field (shell, demo loader, data imports).
        validate_image_upload(content if getattr(content, "name", None) else File(content, name=name))
        super().save(name, content, save)


class ValidatedImageField(models.ImageField):
    """An ImageField whose uploads go through :func:`validate_image_upload` on every path."""

    attr_class = ValidatedImageFieldFile
    default_validators = [validate_image_upload]

    def formfield(self, **kwargs: Any) -> forms.Field | None:
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})


class NoPublicURL:
    """Private files (settings.STORAGES["private"]) are read through views that check who is
    asking, so asking the storage for a URL is a mistake."""

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("Private files have no URL: serve them through a view that checks access.")


class PrivateFileStorage(NoPublicURL, FileSystemStorage):
    """A folder no URL serves."""


try:
    from storages.backends.s3 import S3Storage
except ImportError:  # django-storages is needed only with object storage
    S3Storage = None

# What a browser may show from the media host: photos. Any other upload (a file attribute's PDF)
# is stored to be downloaded, never rendered (the object's Content-Disposition).
INLINE_MEDIA = (".jpg", ".jpeg", ".png", ".webp")

if S3Storage is not None:
    class PrivateS3Storage(NoPublicURL, S3Storage):
        """A prefix of the bucket that is never public (objects written with the private ACL)."""

    class MediaS3Storage(S3Storage):
        """Uploaded media in the bucket: photos served inline, everything else with
        ``Content-Disposition: attachment``, so that a file that got past the upload checks still
        never runs as a page of the media host."""

        def get_object_parameters(self, name: str) -> dict[str, Any]:
            params = super().get_object_parameters(name)
            if not name.lower().endswith(INLINE_MEDIA):
                params["ContentDisposition"] = "attachment"
            return params


def without_metadata(upload: File[bytes]) -> ContentFile[bytes]:
    """The photo re-encoded without its EXIF block (a phone's GPS position of someone's home),
    turned upright first. Call only on an upload that passed validate_image_upload."""
    upload.seek(0)
    with Image.open(upload, formats=list(IMAGE_FORMATS)) as image:
        image_format = image.format
        upright = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        out = io.BytesIO()
        options = {"quality": 88, "optimize": True} if image_format in ("JPEG", "WEBP") else {}
        upright.save(out, image_format, **options)
    return ContentFile(out.getvalue(), name=os.path.basename(getattr(upload, "name", "") or "photo.jpg"))
