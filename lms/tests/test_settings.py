"""Production settings refuse to start without a secret key and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "lms.settings.production", **env_extra})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env_extra={"DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_production_refuses_a_short_or_development_secret_key():
    result = _manage("check", env_extra={"DJANGO_SECRET_KEY": "dev-only-not-secret-" + "x" * 40})
    assert result.returncode != 0


@pytest.mark.slow
def test_production_with_a_secret_key_passes_check_deploy():
    secret = "k3v9-Qp2x!Lm8#Rt5@Wz7$Hb4%Nc6^Yd1&Fg0*Js3(Ua8)Ve2_Ox9+Ti5=Pr"
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={"DJANGO_SECRET_KEY": secret, "DJANGO_ALLOWED_HOSTS": "lms.example.go.id"},
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
