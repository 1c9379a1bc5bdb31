import pytest

from insyn.registry import services

pytestmark = pytest.mark.django_db


def test_the_api_lists_the_postlista_masked(client, register, ground_social):
    register(
        description="Hemlig utredning om Kalle",
        counterpart=services.Counterpart(name="Hemliga Avsändaren", kind="company"),
        secrecy="secret",
        secrecy_ground=ground_social,
    )
    register(
        description="Synpunkt på snöröjning",
        counterpart=services.Counterpart(
            name="Anna Privatsson", kind="private_person", personal_identity_number="191212121212"
        ),
    )
    public = register(description="Remiss om vattenskydd")
    response = client.get("/api/v1/postlista")
    assert response.status_code == 200
    body = response.content.decode()
    for word in ("Kalle", "Hemliga", "Privatsson", "19121212"):
        assert word not in body
    items = response.json()["items"]
    assert items[0]["number"] == public.number
    assert {i["counterpart"] for i in items} >= {"Sekretess", "Privatperson"}
    detail = client.get(f"/api/v1/postlista/{items[-1]['id']}").json()
    assert detail["secret"] is True and detail["description"] == "Sekretess"


def test_the_api_searches_and_pages(client, register):
    for i in range(3):
        register(description=f"Beslut om skolskjutsar {i}")
    register(description="Remiss")
    first = client.get("/api/v1/postlista", {"q": "skolskjuts", "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next"]
    second = client.get("/api/v1/postlista", {"q": "skolskjuts", "efter": first["next"]}).json()
    assert len(second["items"]) == 1 and second["next"] is None


def test_bad_api_input_is_a_4xx(client):
    assert client.get("/api/v1/postlista", {"limit": 1000}).status_code == 422
    assert client.get("/api/v1/postlista", {"date_from": "igår"}).status_code == 422
    assert client.get("/api/v1/postlista/999999").status_code == 404


def test_the_openapi_document_is_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "insyn API"
    assert "/api/v1/postlista" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_the_api_lists_challenges_without_a_private_persons_identity(client, ks_series, tn_unit):
    from insyn.challenges import services as challenges

    private, _ = challenges.challenge_submit(
        challenger=challenges.Challenger(
            kind="private_person", name="Petra Privatsson", email="petra@example.se"
        ),
        proposal=challenges.Proposal(
            activity_description="Petra Privatssons förslag om snöröjning vid Björkvägen 3",
            price="Billigare",
        ),
    )
    company, _ = challenges.challenge_submit(
        challenger=challenges.Challenger(
            kind="company", name="Parkbolaget AB", org_number="556045-6781", phone="08-123"
        ),
        proposal=challenges.Proposal(activity_unit=tn_unit, quality="Bättre skötsel"),
    )
    challenges.challenge_withdraw(challenge=company, user=None, message="Vi avstår")

    response = client.get("/api/v1/utmaningar")
    assert response.status_code == 200
    body = response.content.decode()
    for word in ("Petra", "Privatsson", "petra@", "Björkvägen"):
        assert word not in body
    items = {item["number"]: item for item in response.json()}
    assert items[private.case.number]["open"] is True
    assert items[private.case.number]["step_number"] == 1
    assert items[private.case.number]["outcome"] == ""
    assert items[company.case.number]["activity"] == tn_unit.name
    assert items[company.case.number]["outcome"] == "withdrawn"
    assert items[company.case.number]["step_number"] is None
    # The link leads to the challenge's documents in the postlista.
    documents = client.get(items[company.case.number]["documents_url"])
    assert company.case.documents.first().number in documents.content.decode()
