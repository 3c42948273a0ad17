"""A product's file attribute takes a PDF or a photo, decided by what the file is; whatever sits
under /media/ goes out as a download or a photo, never as a page or a script of the shop."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ValidationError

from core.uploads import DocumentUploadFormField
from shop.dashboard.catalogue.forms import ProductForm
from tests.factories import jpeg

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(("name", "body"), [
    ("leaflet.html", b"<html><script>alert(document.cookie)</script></html>"),
    ("leaflet.js", b"fetch('/accounts/profile/').then(r => r.text())"),
    ("leaflet.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("leaflet.pdf", b"<script>alert(1)</script>"),  # named a PDF, is not one
    ("leaflet.jpg", PDF),  # a PDF named as a photo
])
def test_a_file_attribute_refuses_what_a_browser_could_run(name, body):
    field = DocumentUploadFormField()
    with pytest.raises(ValidationError):
        field.clean(SimpleUploadedFile(name, body))


@pytest.mark.parametrize(("name", "body"), [("certificate.pdf", PDF), ("farm.jpg", jpeg(size=(320, 240)))])
def test_a_file_attribute_takes_a_pdf_or_a_photo(name, body):
    assert DocumentUploadFormField().clean(SimpleUploadedFile(name, body)).name == name


@pytest.mark.django_db
def test_the_dashboards_product_form_uses_it_for_file_attributes(county):
    ProductAttribute = county.honey.product_class.attributes.model
    ProductAttribute.objects.create(product_class=county.honey.product_class, name="检测报告", code="report",
                                    type="file")
    form = ProductForm(county.honey.product_class, instance=county.honey)
    assert isinstance(form.fields["attr_report"], DocumentUploadFormField)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "inline"), [("x.html", False), ("x.svg", False), ("x.js", False),
                                              ("x.pdf", False), ("x.jpg", True)])
def test_media_go_out_as_downloads_or_photos_never_as_pages(client, settings, tmp_path, name, inline):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / name).write_bytes(b"<script>alert(1)</script>")
    response = client.get(f"/media/uploads/{name}")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"] and "script-src" not in response["Content-Security-Policy"]
    if inline:
        assert response["Content-Type"] == "image/jpeg"
        assert not response.get("Content-Disposition", "").startswith("attachment")
    else:
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"] == "attachment"


@pytest.mark.django_db
def test_the_shops_pages_trust_scripts_from_static_files_only(client, county):
    policy = client.get("/catalogue/")["Content-Security-Policy"]
    script_src = policy.split("script-src")[1].split(";")[0].split()
    assert script_src[0] == "http://testserver/static/" and "'self'" not in script_src
    assert policy.split("worker-src")[1].split(";")[0].split() == ["http://testserver/station/sw.js"]
