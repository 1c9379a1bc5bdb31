"""Rate limits on what anyone can post: the access-request form, and failed logins per
user name and address (django-axes). Over the limit: a Swedish page with status 429, and
nothing of the request is kept."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from insyn.registry.models import AccessRequest, Document
from tests.conftest import PASSWORD
from tests.test_access_request import valid

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    """Rate limits on (the test suite runs without them), low, with a clean count."""
    settings.RATELIMIT_ENABLE = True
    # Per hour: a window ending in the middle of a test (a minute would, now and then)
    # would reset the count and make the test fail by chance.
    settings.INSYN_RATE_LIMITS = {**settings.INSYN_RATE_LIMITS, "access_request": "3/h"}
    cache.clear()
    yield settings
    cache.clear()


def post_request(client, **extra):
    return client.post(reverse("portal:access_request"), valid(), **extra)


def assert_too_many(response) -> None:
    assert response.status_code == 429
    html = response.content.decode()
    assert "För många försök" in html
    assert "inget har sparats" in html
    assert int(response["Retry-After"]) > 0
    assert "Content-Security-Policy" in response


def test_access_requests_over_the_limit_get_429_and_are_not_kept(client, ks_series, rebecka):
    for _ in range(3):
        assert post_request(client).status_code == 302
    assert AccessRequest.objects.count() == 3

    refused = post_request(client)
    assert_too_many(refused)
    assert AccessRequest.objects.count() == 3
    assert Document.objects.count() == 3
    # What was typed is not shown back either.
    assert "Avtalet om snöröjning" not in refused.content.decode()
    # Reading the form still works.
    assert client.get(reverse("portal:access_request")).status_code == 200


def test_invalid_posts_count_too(client, ks_series):
    for _ in range(3):
        response = client.post(reverse("portal:access_request"), {"requested": ""})
        assert response.status_code == 422
    assert_too_many(client.post(reverse("portal:access_request"), {"requested": ""}))


def test_the_limit_is_per_address(client, ks_series, rebecka):
    for _ in range(3):
        post_request(client, REMOTE_ADDR="192.0.2.1")
    assert_too_many(post_request(client, REMOTE_ADDR="192.0.2.1"))
    assert post_request(client, REMOTE_ADDR="192.0.2.2").status_code == 302


def test_behind_a_proxy_the_forwarded_address_counts_and_cannot_be_forged(
    client, ks_series, rebecka, settings
):
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(3):
        post_request(client, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    # Another person behind the same proxy is not affected...
    assert post_request(client, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 302
    # ...and the limited one cannot escape by writing an address of their own in front.
    forged = post_request(client, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", **proxy)
    assert_too_many(forged)


def test_the_honeypot_still_turns_robots_away_silently(client, ks_series):
    response = client.post(reverse("portal:access_request"), valid(website="http://spam"))
    assert response.status_code == 302
    assert AccessRequest.objects.count() == 0


def login(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def login_from(client, username: str, password: str, address: str):
    data = {"username": username, "password": password}
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def test_an_office_behind_one_address_signs_in_whatever_others_there_mistyped(
    client, rebecka, linus
):
    # Forty failed logins from the office's one address, four under each of ten names ...
    for number in range(40):
        assert login(client, f"kollega{number % 10}", "gissning").status_code == 200
    # ... and a colleague with the right password signs in all the same.
    assert login(client, "rebecka", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(rebecka.pk)


def test_successful_logins_do_not_count(client, rebecka):
    for _ in range(6):
        assert login(client, "rebecka", PASSWORD).status_code == 302
        client.post(reverse("logout"))


def test_guessing_one_accounts_password_locks_that_account_at_that_address(
    client, rebecka, linus, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "rebecka", "fel")
    # Even the right password is refused now, for this user name at this address.
    locked = login(client, "rebecka", PASSWORD)
    assert locked.status_code == 429
    assert "spärrad" in locked.content.decode().lower()
    assert "_auth_user_id" not in client.session
    # Not at another address, and not for a colleague at this one.
    other = login_from(client, "rebecka", PASSWORD, "192.0.2.7")
    assert other.status_code == 302
    client.post(reverse("logout"))
    assert login(client, "linus", PASSWORD).status_code == 302


def test_a_cache_outage_lets_requests_through_and_is_logged(client, ks_series, rebecka, caplog):
    # Nothing listens on port 9 of the loopback address: every cache call fails at once.
    broken = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    with (
        override_settings(CACHES=broken),
        caplog.at_level(logging.ERROR, logger="insyn.core.ratelimits"),
    ):
        for _ in range(4):
            assert post_request(client).status_code == 302
    assert AccessRequest.objects.count() == 4
    assert "could not be checked" in caplog.text
