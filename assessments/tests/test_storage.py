"""Answers' files on the local file system and on S3 (moto's server on loopback): stored under
unguessable names, read back only through the checking view."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.factories import PDF_BYTES, pdf_upload
from assessments.models import SubmissionVersion

pytestmark = pytest.mark.django_db


def _roundtrip(client, world):
    services.submit(actor=world.a1, assignment=world.team, upload=pdf_upload("AD-ART kami.pdf"))
    version = SubmissionVersion.objects.get()
    assert version.file.name.startswith("assessments/submissions/")
    assert "AD-ART" not in version.file.name
    url = reverse("assessments:file", args=[version.pk])
    client.force_login(world.a2)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "AD-ART kami.pdf" in response["Content-Disposition"]
    client.force_login(world.b1)
    assert client.get(url).status_code == 404
    return version


def test_files_on_the_file_system(client, world):
    _roundtrip(client, world)


def test_files_on_s3(client, world, s3_storage):
    import boto3
    from django.core.files.storage import default_storage

    version = _roundtrip(client, world)
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    s3 = boto3.client("s3", endpoint_url=default_storage.endpoint_url, region_name="us-east-1")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=s3_storage)["Contents"]]
    assert keys == [version.file.name]
