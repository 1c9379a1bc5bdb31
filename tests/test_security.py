"""Production settings and response headers: `check --deploy` is clean, cookies are secure,
every page carries a Content-Security-Policy without inline script, and no template has
inline script, inline event handlers or inline styles."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

import insyn

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(insyn.__file__).parent.glob("*/jinja2/**/*.html"))


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "INSYN_TESTING"}}
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "insyn.kommun.example",
            "CSRF_TRUSTED_ORIGINS": "https://insyn.kommun.example",
            "DJANGO_SETTINGS_MODULE": "insyn.settings",
        }
    )
    env.update(extra)
    return env


def run_insyn(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "insyn.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(expression: str, **extra: str):
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=production_env(**extra),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- production settings --------------------------------------------------------------


def test_check_deploy_passes_without_a_single_warning():
    result = run_insyn("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout


def test_check_deploy_is_clean_with_redis_too():
    env = production_env(REDIS_URL="redis://127.0.0.1:6379/0")
    result = run_insyn("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_are_secure_and_hsts_is_on():
    values = production_settings(
        "[settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,"
        " settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_HTTPONLY,"
        " settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " settings.SECURE_SSL_REDIRECT, settings.X_FRAME_OPTIONS, settings.DEBUG,"
        " settings.CACHES['default']['BACKEND']]"
    )
    assert values[:4] == [True, True, True, True]
    assert values[4] >= 31536000
    assert values[5:9] == [True, True, "DENY", False]
    # Without REDIS_URL the rate limits count in the database, shared by all workers.
    assert values[9] == "django.core.cache.backends.db.DatabaseCache"


def test_redis_url_selects_the_redis_cache():
    backend = production_settings(
        "settings.CACHES['default']['BACKEND']", REDIS_URL="redis://cache.example:6379/1"
    )
    assert backend == "django.core.cache.backends.redis.RedisCache"


def test_the_development_secret_key_is_refused_in_production():
    env = production_env(SECRET_KEY="insyn-development-only-not-secret")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


# --- headers on the pages people get ---------------------------------------------------


def public_urls(document) -> list[str]:
    return [
        reverse("portal:home"),
        reverse("portal:postlista"),
        reverse("portal:postlista_document", args=[document.pk]),
        reverse("portal:access_request"),
        reverse("portal:accessibility"),
        reverse("login"),
        "/finns-inte/",
        "/api/v1/docs",
    ]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_public_pages_send_a_strict_content_security_policy(client, register):
    document = register()
    for url in public_urls(document):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = csp_directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'none'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["base-uri"] == ["'none'"], url
        assert policy["form-action"] == ["'self'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert "camera=()" in response["Permissions-Policy"], url
        assert "geolocation=()" in response["Permissions-Policy"], url


def test_staff_pages_and_the_admin_send_it_too(client, rebecka, register, django_user_model):
    document = register()
    client.force_login(rebecka)
    for url in (
        reverse("registry:case_list"),
        reverse("registry:document_detail", args=[document.pk]),
    ):
        assert "script-src 'self'" in client.get(url)["Content-Security-Policy"]
    admin = django_user_model.objects.create_superuser("csp-admin", "a@example.se", "x-x-x-x-1")
    client.force_login(admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_api_docs_are_served_from_this_site_without_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn.jsdelivr.net" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui-init.js" in html
    assert inline_code(html) == []
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


# --- no inline script, handlers or styles: in templates and in what is rendered --------


class _InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: <script> without src (a JSON data block
    is not code), on* handler attributes, javascript: URLs, <style> and style=."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        data_block = (values.get("type") or "").lower() in {"application/json", "text/template"}
        if tag == "script" and not values.get("src") and not data_block:
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"{name}= on <{tag}> at line {self.getpos()[0]}")
            if name.lower() == "style":
                self.found.append(f"style= on <{tag}> at line {self.getpos()[0]}")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}> at line {self.getpos()[0]}")


def inline_code(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def test_the_scanner_finds_what_it_looks_for():
    html = (
        '<p onclick="x()">a</p><script>alert(1)</script><script src="/s.js"></script>'
        '<a href="javascript:void(0)">b</a><div style="color:red"></div><style>p{}</style>'
        '<script type="application/json" id="data">{}</script>'
    )
    assert len(inline_code(html)) == 5


def test_there_are_templates_to_scan():
    names = {p.name for p in TEMPLATES}
    assert {"base.html", "postlista.html", "login.html", "case_detail.html"} <= names


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p).split("insyn/", 1)[-1])
def test_no_template_has_inline_script_handlers_or_styles(template):
    assert inline_code(template.read_text(encoding="utf-8")) == []


def test_rendered_public_pages_have_no_inline_script(client, register):
    document = register()
    for url in public_urls(document):
        assert inline_code(client.get(url).content.decode()) == [], url
