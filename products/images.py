"""Product photos as officers upload them from phones: checked by content, re-encoded, stripped.

`clean_photo` trusts nothing about an upload but what Pillow makes of its bytes: the size is
checked before any decoding, the format and dimensions from the header, the whole file with
`verify()`, and what is stored is a fresh encoding (turned upright first) without EXIF, GPS
position or any other metadata, under a random name.
"""

import uuid
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = ["JPEG", "PNG", "WEBP"]
JPEG_QUALITY = 85


def clean_photo(uploaded_file):
    """A new ContentFile (JPEG, or PNG for a PNG) made from `uploaded_file`, or ValidationError."""
    if uploaded_file.size > MAX_BYTES:
        raise ValidationError(
            _("A photo may be at most %(limit)s; this file is %(size)s."),
            code="too_large",
            params={"limit": filesizeformat(MAX_BYTES), "size": filesizeformat(uploaded_file.size)},
        )
    try:
        uploaded_file.seek(0)
        with Image.open(uploaded_file, formats=ALLOWED_FORMATS) as image:  # reads the header only
            check_dimensions(image.width, image.height)
            image.verify()
        uploaded_file.seek(0)
        with Image.open(uploaded_file, formats=ALLOWED_FORMATS) as image:
            return reencode(image)
    except Image.DecompressionBombError:
        raise too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not a JPEG, PNG or WebP photo, or it is damaged."), code="not_a_photo"
        ) from None


def check_dimensions(width, height):
    if width * height > MAX_PIXELS:
        raise too_many_pixels()


def too_many_pixels():
    return ValidationError(
        _("A photo may have at most %(megapixels)s megapixels."),
        code="too_many_pixels",
        params={"megapixels": MAX_PIXELS // 1_000_000},
    )


def reencode(image):
    is_png = image.format == "PNG"
    upright = ImageOps.exif_transpose(image)
    # Keep only what the picture needs to look the same; EXIF, GPS, XMP, ICC, comments go.
    upright.info = {key: value for key, value in upright.info.items() if key == "transparency" and is_png}
    output = BytesIO()
    if is_png:
        upright.save(output, "PNG", optimize=True)
    else:
        upright.convert("RGB").save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{'png' if is_png else 'jpg'}")
