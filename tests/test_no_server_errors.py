"""No URL answers with a server error (5xx), whatever it is sent and by whom.

Every URL pattern of the site (walked from the resolver, the admin's included) is
requested as an anonymous visitor and as a few signed-in users (no role, a business
guide, a registrar, a superuser), with

- its path parameters filled with hostile values: huge and out-of-range numbers, ids
  that do not exist, a NUL byte, overlong strings, unicode;
- hostile values in the query string for every parameter a view reads (the fields of
  every form in insyn, the parameters read straight from request.GET, the API's query
  schemas and the admin's own), all at once and the main ones one by one;
- a POST of forged data: every known field name with junk, and a junk file.

Each may be refused (400, 403, 404, 405, 422, a redirect ...), but never with a 5xx.
Each request runs in a savepoint, so that on PostgreSQL one failed statement does not
hide the rest. Runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import resolve
from ninja import Schema

import insyn
from insyn.core.models import Role
from tests import factories
from tests.test_authorization_matrix import (  # noqa: F401 (world: the fixture)
    NOT_REQUESTED,
    Route,
    _url,
    routes,
    world,
)

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
# Values for path parameters. Numbers that the <int:...> converter lets through, and
# strings for <str:...> and <path:...> (a negative number never matches <int:...> and
# is answered 404 by the resolver; it is tried as a string).
HOSTILE_INTS = [HUGE, "9223372036854775808", "2147483648", "0", "987654"]
HOSTILE_STRINGS = ["\x00", "x" * 3000, "åäö☃😀\u202e", "-1", HUGE, "..", "<script>'\""]
# Values for query parameters and posted fields.
HOSTILE_QUERY = [
    "\x00",
    HUGE,
    "-1",
    "x" * 3000,
    "åäö😀'\"<>%_\\",
    "2026-01-01_" + HUGE,
    "99999-99-99",
]
HOSTILE_POST = [HUGE, "x" * 3000 + "😀", "-1", "\x00"]
# The parameters tried one by one (a view may refuse an unknown parameter before it
# reads the others, as the admin's list does).
MAIN_PARAMETERS = ["q", "efter", "page", "sida", "year", "ar", "o", "p", "format", "next"]
ADMIN_PARAMETERS = ["q", "o", "p", "all", "e", "_to_field", "_popup", "_changelist_filters"]
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
READ_FROM_REQUEST = re.compile(r"request\.(?:GET|POST)(?:\.get|\.getlist)?[(\[]\s*[\"'](\w+)[\"']")


def _insyn_modules():
    root = Path(insyn.__file__).parent
    for info in pkgutil.walk_packages([str(root)], prefix="insyn."):
        if ".migrations" in info.name or info.name.endswith((".wsgi", ".manage")):
            continue
        yield importlib.import_module(info.name)


def _parameters() -> tuple[list[str], list[str]]:
    """Every parameter name a view may read, and the names of file fields."""
    names = set(ADMIN_PARAMETERS) | set(MAIN_PARAMETERS)
    file_fields = set()
    for module in _insyn_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not cls.__module__.startswith("insyn."):
                continue
            if issubclass(cls, forms.BaseForm):
                for field_name, field in cls.base_fields.items():
                    names.add(field_name)
                    if isinstance(field, forms.FileField):
                        file_fields.add(field_name)
            elif issubclass(cls, Schema) and cls.__name__.endswith("Query"):
                names.update(cls.model_fields)
    root = Path(insyn.__file__).parent
    for source in root.rglob("*.py"):
        names.update(READ_FROM_REQUEST.findall(source.read_text()))
    names.discard("csrfmiddlewaretoken")
    return sorted(names), sorted(file_fields)


PARAMETERS, FILE_FIELDS = _parameters()


def _checked_routes() -> list[Route]:
    return [r for r in routes() if (r.name or "") not in NOT_REQUESTED]


def _hostile_paths(r: Route, url: str) -> list[str]:
    """The URL of `r` with each path parameter in turn given each hostile value."""
    if "(?P" in r.route or "^" in r.route:  # a regular expression (a few admin URLs)
        return []
    path = url.split("?", 1)[0]
    valid = {k: str(v) for k, v in resolve(path).kwargs.items()}
    urls = []
    for match in CONVERTER.finditer(r.route):
        name, converter = match["name"], match["converter"] or "str"
        for value in HOSTILE_INTS if converter == "int" else HOSTILE_STRINGS:
            values = {**valid, name: value}
            urls.append(
                "/"
                + CONVERTER.sub(
                    lambda m, values=values: quote(values.get(m["name"], "1"), safe=""), r.route
                )
            )
    return urls


def _with_query(url: str, params: dict[str, str]) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


def _hostile_queries(r: Route, url: str, *, one_by_one: bool) -> list[str]:
    names = ADMIN_PARAMETERS if r.route.startswith("admin/") else PARAMETERS
    urls = [_with_query(url, dict.fromkeys(names, value)) for value in HOSTILE_QUERY]
    if one_by_one:
        urls += [
            _with_query(url, {name: value}) for name in MAIN_PARAMETERS for value in HOSTILE_QUERY
        ]
    return urls


def _forged_posts() -> list[dict]:
    posts = []
    for value in HOSTILE_POST:
        data: dict = dict.fromkeys(PARAMETERS, value)
        for name in FILE_FIELDS:
            data[name] = SimpleUploadedFile(
                "skräp\u202efdp.exe", b"MZ\x90\x00" + value.encode()[:1000]
            )
        posts.append(data)
    return posts


def _user(role: str | None, objects: dict):
    if role == "superuser":
        return objects["superuser"]
    if role == "anonymous":
        return None
    user = factories.UserFactory(username=f"fuzz-{role or 'none'}")
    return factories.assign(user, role) if role else user


def _url_of(r: Route, objects: dict) -> str:
    if r.name:
        return _url(r, objects)
    # The admin's few unnamed URLs (an object's old address, redirected): any object.
    return "/" + CONVERTER.sub("1", r.route)


def _send(client, method: str, url: str, data=None) -> str | None:
    """None if the answer is not a server error, else what went wrong."""
    savepoint = transaction.savepoint()
    try:
        response = client.get(url) if method == "get" else client.post(url, data or {})
    finally:
        # Every request starts from the same data (a forged post that succeeds changes
        # nothing for the next), and on PostgreSQL a failed statement does not abort the
        # test's transaction for every request after it.
        transaction.savepoint_rollback(savepoint)
        # A savepoint rolled back to stays open; release it, or every request would nest
        # one level deeper (on PostgreSQL, until the lock table is full).
        transaction.savepoint_commit(savepoint)
    if response.status_code < 500:
        return None
    error = getattr(response, "exc_info", None)
    return f"{response.status_code} {error[0].__name__}: {error[1]}"[:300] if error else "5xx"


# Who asks, and which URLs: the site's, the admin's or all. Only a superuser gets past the
# admin's one gate (it needs the staff flag, which no role gives), so only a superuser's
# requests to it are worth sending with hostile values; the two halves run as two tests.
CASES = [
    ("anonymous", "all"),
    (None, "site"),
    (Role.BUSINESS_GUIDE, "site"),
    (Role.REGISTRAR, "site"),
    ("superuser", "site"),
    ("superuser", "admin"),
]


@pytest.mark.parametrize(("role", "part"), CASES)
def test_no_url_answers_with_a_server_error(client, request, role, part):
    # The world of tests/test_authorization_matrix.py: an object behind every URL.
    objects = request.getfixturevalue("world")
    client.raise_request_exception = False
    user = _user(role, objects)
    thorough = role in ("anonymous", "superuser")
    failures = []
    posts = _forged_posts()
    for r in _checked_routes():
        admin = r.route.startswith("admin/")
        if (part == "site" and admin) or (part == "admin" and not admin):
            continue
        if user is not None:
            client.force_login(user)
        url = _url_of(r, objects)
        requests = [("get", url, None)]
        if not admin or role == "superuser":
            requests += [("get", u, None) for u in _hostile_paths(r, url)]
            requests += [
                ("get", u, None)
                for u in _hostile_queries(r, url, one_by_one=thorough and not admin)
            ]
            requests += [("post", url, data) for data in posts]
        for method, target, data in requests:
            error = _send(client, method, target, data)
            if error:
                failures.append(f"{method.upper()} {target[:150]!r}: {error}")
            if user is not None and r.name in ("logout", "admin:logout"):
                client.force_login(user)
    assert not failures, f"{len(failures)} server errors as {role}:\n" + "\n".join(failures)
