"""Every image uploaded through the admin is re-encoded before it is stored.

An image file can carry more than its pixels: EXIF (a phone's GPS position, the camera owner's
name), XMP, comments, and bytes after the image's end, where an HTML or script payload survives
and is served back from our own origin. Decoding the pixels and encoding them again keeps the
picture, its format and its dimensions, and drops everything else. Colour profiles and GIF/PNG
transparency and animation timing are kept: they are part of how the picture looks.

Wired through Wagtail's ``WAGTAILIMAGES_IMAGE_FORM_BASE`` (the base of the add, edit and
multiple-upload forms).
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from wagtail.images.forms import BaseImageForm

EXIF_ORIENTATION = 0x0112
# What each format keeps from the source beyond its pixels.
KEPT_INFO = ("icc_profile", "transparency", "duration", "loop", "background", "disposal")


def reencode(data: bytes) -> tuple[bytes, str]:
    """The image in ``data`` encoded again in its own format, without metadata or trailing
    bytes. Returns the new bytes and Pillow's format name."""
    with Image.open(io.BytesIO(data)) as source:
        fmt = source.format
        if fmt is None:
            raise ValueError("Unknown image format.")
        params: dict = {key: source.info[key] for key in KEPT_INFO if key in source.info}
        frames = getattr(source, "n_frames", 1)
        if fmt == "MPO":
            # Phones' JPEGs with a second picture (depth map, preview): the first is the photo.
            fmt, frames = "JPEG", 1
        if frames > 1:
            # Each frame keeps its own timing when no single duration is given.
            params.pop("duration", None)
            params["save_all"] = True
        image = source
        if fmt == "JPEG":
            # An EXIF orientation is applied to the pixels, since the tag itself goes.
            if source.getexif().get(EXIF_ORIENTATION, 1) != 1 or source.format != "JPEG":
                image = ImageOps.exif_transpose(source)
                params["quality"] = 90
            else:
                # The source's own quantisation: no second round of compression loss.
                params.update(quality="keep", subsampling="keep")
            params["comment"] = b""
        elif fmt == "GIF":
            params["comment"] = b""
        elif fmt == "WEBP":
            params["lossless"] = source.info.get("lossless", False)
            params.setdefault("quality", 90)
        out = io.BytesIO()
        image.save(out, format=fmt, **params)
    return out.getvalue(), fmt


class SanitisedImageForm(BaseImageForm):
    """Wagtail's image form; a newly uploaded file is re-encoded before it is stored."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not isinstance(file, UploadedFile):
            return file  # the stored file, unchanged on edit
        file.seek(0)
        try:
            content, _fmt = reencode(file.read())
        except (OSError, ValueError, Image.DecompressionBombError) as error:
            raise ValidationError(
                _(
                    "Berkas gambar ini tidak dapat dibaca ulang. Simpan ulang sebagai JPEG atau "
                    "PNG, lalu unggah lagi."
                ),
                code="invalid_image",
            ) from error
        return SimpleUploadedFile(file.name, content, content_type=file.content_type)
