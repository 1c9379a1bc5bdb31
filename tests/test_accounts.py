"""Local accounts: argon2 hashes, login, lockout; single sign-on switched on by environment."""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def settings_in_subprocess(env: dict[str, str], expression: str):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "insyn.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_hashes_passwords_with_argon2():
    hashers = settings_in_subprocess(
        {"SECRET_KEY": "x" * 50, "INSYN_TESTING": "0"}, "settings.PASSWORD_HASHERS"
    )
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert Argon2PasswordHasher().encode("lösenord", "saltsaltsalt").startswith("argon2$")


def test_production_refuses_to_start_without_a_secret_key():
    code = "import django; django.setup()"
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "insyn.settings", "INSYN_TESTING": "0"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_single_sign_on_is_switched_on_by_environment_variables():
    env = {
        "OIDC_RP_CLIENT_ID": "insyn",
        "OIDC_RP_CLIENT_SECRET": "hemligt",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
        "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
        "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
        "DEBUG": "1",
    }
    backends = settings_in_subprocess(env, "settings.AUTHENTICATION_BACKENDS")
    assert "insyn.core.oidc.InsynOIDCBackend" in backends
    assert backends[0] == "axes.backends.AxesStandaloneBackend"
    off = settings_in_subprocess({"DEBUG": "1"}, "settings.AUTHENTICATION_BACKENDS")
    assert "insyn.core.oidc.InsynOIDCBackend" not in off


def test_login_with_a_local_account_leads_to_the_registry(client, rebecka):
    response = client.post(reverse("login"), {"username": "rebecka", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:case_list")


def test_a_wrong_password_gets_a_swedish_message(client, rebecka):
    response = client.post(reverse("login"), {"username": "rebecka", "password": "fel"})
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()


def test_repeated_failed_logins_lock_the_account(client, rebecka, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "rebecka", "password": "fel"})
    locked = client.post(reverse("login"), {"username": "rebecka", "password": PASSWORD})
    assert locked.status_code == 429
    assert "spärrad" in locked.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client, rebecka):
    client.force_login(rebecka)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
