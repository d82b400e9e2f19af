import pytest

from certificates import signing


@pytest.fixture(scope="session")
def _issuer_key_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("keys") / "issuer.pem"
    signing.make_self_signed(path, common_name="Koperasi LMS test")
    return path


@pytest.fixture(autouse=True)
def issuer_key_file(settings, _issuer_key_file):
    """Every certificate test signs with a throwaway key, never the developer's var/ one."""
    settings.CERTIFICATES_SIGNING_KEYS = {"default": str(_issuer_key_file)}
    settings.CERTIFICATES_PUBLIC_BASE_URL = "https://lms.example.id"
    return _issuer_key_file
