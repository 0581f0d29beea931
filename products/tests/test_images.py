"""Uploaded photos are checked by their content and stored re-encoded, without metadata."""

import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from products import images
from products.images import clean_photo
from products.models import ProductPhoto
from products.tests.factories import ProductFactory

ENGLISH = {"accept-language": "en"}
GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg_with_gps(size=(40, 20), orientation=1):
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (15.0, 13.0, 44.0), 3: "E", 4: (104.0, 51.0, 25.0)})
    output = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, "JPEG", exif=exif, comment=b"taken at home")
    return output.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_jpeg_is_stored_without_exif_and_turned_upright():
    original = jpeg_with_gps(orientation=6)  # "rotate 90° clockwise to view"
    with Image.open(BytesIO(original)) as image:
        assert image.getexif().get_ifd(GPS_IFD)[1] == "N"
    cleaned = clean_photo(upload(original))
    assert cleaned.name.endswith(".jpg") and len(cleaned.name) == 32 + 4
    with Image.open(cleaned) as image:
        assert (image.format, image.size) == ("JPEG", (20, 40))
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info and "comment" not in image.info


def test_png_stays_png_and_webp_becomes_jpeg():
    output = BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(output, "PNG")
    with Image.open(clean_photo(upload(output.getvalue(), "logo.png", "image/png"))) as image:
        assert (image.format, image.mode) == ("PNG", "RGBA")
    output = BytesIO()
    Image.new("RGB", (10, 10)).save(output, "WEBP")
    cleaned = clean_photo(upload(output.getvalue(), "photo.webp", "image/webp"))
    assert cleaned.name.endswith(".jpg")
    with Image.open(cleaned) as image:
        assert (image.format, image.mode) == ("JPEG", "RGB")


@pytest.mark.parametrize("content", [b"not a photo at all, just text\n", jpeg_with_gps()[:200]])
def test_text_or_a_damaged_file_named_jpg_is_refused(content):
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(content, "holiday.jpg"))
    assert refused.value.code == "not_a_photo"


def test_a_gif_is_refused_even_though_pillow_reads_it():
    output = BytesIO()
    Image.new("RGB", (10, 10)).save(output, "GIF")
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(output.getvalue(), "animation.jpg"))
    assert refused.value.code == "not_a_photo"


def test_an_oversize_file_is_refused_before_decoding(monkeypatch):
    def must_not_decode(*args, **kwargs):
        raise AssertionError("decoded an oversize file")

    monkeypatch.setattr(images.Image, "open", must_not_decode)
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(b"\xff\xd8" + b"0" * (5 * 1024 * 1024)))
    assert refused.value.code == "too_large"
    assert refused.value.params["limit"] == "5.0\xa0MB"


@pytest.mark.parametrize("size", [(8000, 5001), (20000, 20000)])
def test_too_many_pixels_are_refused(size):
    output = BytesIO()
    Image.new("1", size).save(output, "PNG")
    assert len(output.getvalue()) < images.MAX_BYTES
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(output.getvalue(), "huge.png", "image/png"))
    assert refused.value.code == "too_many_pixels"


# --- Through the product page ---------------------------------------------------------------


@pytest.fixture
def product(geography):
    return ProductFactory(name="ผ้าไหมมัดหมี่")


def test_officer_uploads_a_photo_and_deletes_it(client, product, ubon_officer, media_root):
    client.force_login(ubon_officer)
    response = client.post(
        reverse("products:product_photo_add", args=[product.pk]),
        {"image": upload(jpeg_with_gps(), "IMG_0001.jpg"), "caption": "ผ้าไหมผืนใหม่"},
    )
    assert response.url == product.get_absolute_url()
    photo = ProductPhoto.objects.get()
    assert (photo.product, photo.caption) == (product, "ผ้าไหมผืนใหม่")
    assert photo.image.name.startswith("products/") and "IMG_0001" not in photo.image.name
    stored = media_root / photo.image.name
    with Image.open(stored) as image:
        assert dict(image.getexif()) == {}
    assert photo.image.url in client.get(product.get_absolute_url()).content.decode()

    response = client.post(reverse("products:product_photo_delete", args=[photo.pk]))
    assert response.url == product.get_absolute_url()
    assert not ProductPhoto.objects.exists()


def test_deleting_a_photo_removes_its_file_after_commit(
    client, product, ubon_officer, media_root, django_capture_on_commit_callbacks
):
    photo = ProductPhoto.objects.create(product=product, image=clean_photo(upload(jpeg_with_gps())))
    stored = media_root / photo.image.name
    assert stored.exists()
    client.force_login(ubon_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("products:product_photo_delete", args=[photo.pk]))
    assert not stored.exists()


def test_a_refused_file_shows_its_error_and_stores_nothing(client, product, ubon_officer, media_root):
    client.force_login(ubon_officer)
    response = client.post(
        reverse("products:product_photo_add", args=[product.pk]),
        {"image": upload(b"<?php echo 'hi'; ?>", "shell.jpg"), "caption": "รูปสินค้า"},
        headers=ENGLISH,
    )
    assert response.status_code == 200
    form = response.context["photo_form"]
    assert form.errors == {"image": ["This file is not a JPEG, PNG or WebP photo, or it is damaged."]}
    assert form["caption"].value() == "รูปสินค้า"
    assert "This file is not a JPEG, PNG or WebP photo, or it is damaged." in response.content.decode()
    assert not ProductPhoto.objects.exists()
    assert not (media_root / "products").exists()


# --- Hostile files and how photos are served ----------------------------------------------------

SCRIPT = b"<script>alert(document.cookie)</script>"


def test_a_script_hidden_in_a_photo_does_not_survive_reencoding():
    jpeg = BytesIO()
    Image.new("RGB", (30, 30), (10, 120, 10)).save(jpeg, "JPEG", comment=SCRIPT)
    png = BytesIO()
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    Image.new("RGB", (30, 30), (10, 120, 10)).save(png, "PNG", pnginfo=info)
    for content in (jpeg.getvalue(), png.getvalue()):
        assert SCRIPT in content
        stored = clean_photo(upload(content)).read()
        assert SCRIPT not in stored and b"<script" not in stored


def test_an_svg_or_html_named_as_a_photo_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'
    for content, name in ((svg, "photo.svg"), (svg, "photo.png"), (b"<html>" + SCRIPT, "photo.jpg")):
        with pytest.raises(ValidationError) as refused:
            clean_photo(upload(content, name, "image/svg+xml"))
        assert refused.value.code == "not_a_photo"


def test_a_stored_photo_is_served_as_an_image_that_cannot_run_anything(client, product, media_root):
    photo = ProductPhoto.objects.create(product=product, image=clean_photo(upload(jpeg_with_gps(), "บ้าน.jpg")))
    assert re.fullmatch(r"products/[0-9a-f]{32}\.jpg", photo.image.name)
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_only_photos_are_served_from_media(client, media_root):
    (media_root / "products").mkdir(parents=True)
    (media_root / "products" / "page.html").write_bytes(b"<html>" + SCRIPT)
    (media_root / "products" / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    assert client.get("/media/products/photo.jpg").status_code == 200
    for path in ("/media/products/page.html", "/media/products/", "/media/../kbo/settings.py"):
        assert client.get(path).status_code == 404, path
    client.raise_request_exception = False  # as in production: a path out of MEDIA_ROOT is a bad request
    assert client.get("/media/products/../../../etc/passwd.jpg").status_code == 400
