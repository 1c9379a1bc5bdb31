"""Import and export of the contract register, through the pages a procurement officer
uses: the template, an upload, the status page with every error by row, the export, and
the round trip export -> import that changes nothing. Messages are Swedish for the user;
the tests look at their structure (rows, columns, counts), not their wording."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insyn.contracts import importing, services
from insyn.contracts.models import Contract, ContractBoard, ContractImport
from insyn.core.models import Party, Role
from insyn.registry.models import SecrecyGround
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date
COLUMNS = importing.COLUMNS


@pytest.fixture
def ulla(organisation):
    """A procurement officer (upphandlare): imports contracts."""
    user = factories.UserFactory(username="ulla", first_name="Ulla", last_name="Upphandlare")
    return factories.assign(user, Role.PROCUREMENT_OFFICER)


@pytest.fixture
def anders(organisation):
    """A contract manager (avtalsansvarig): may export, may not import."""
    user = factories.UserFactory(username="anders", first_name="Anders", last_name="Avtal")
    return factories.assign(user, Role.CONTRACT_MANAGER)


@pytest.fixture
def officer(client, ulla):
    client.force_login(ulla)
    return client


@pytest.fixture
def supplier():
    return Party.objects.create(
        kind=Party.Kind.COMPANY, name="Städbolaget AB", org_number="556036-0793"
    )


def row(**cells) -> list:
    """A row in the template's columns; a valid external contract unless told."""
    values = {
        "Avtalsnummer": "AVT-2026-0001",
        "Titel": "Lokalvård",
        "Typ": "extern",
        "Leverantör": "Städbolaget AB",
        "Organisationsnummer": "556036-0793",
        "Startdatum": D(2026, 1, 1),
        "Slutdatum": D(2027, 12, 31),
        "Förfarande": "open",
        "Nämnder": "KS",
    }
    values.update(cells)
    assert set(values) <= set(COLUMNS)
    return [values.get(column) for column in COLUMNS]


def xlsx(rows: list[list], *, header=COLUMNS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Avtal"
    sheet.append(list(header))
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "avtal.xlsx", capture=None):
    with capture(execute=True):
        return client.post(reverse("contracts:import"), {"file": SimpleUploadedFile(name, content)})


def status_page(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page


# --- The template --------------------------------------------------------------------------


def test_the_template_has_the_columns_and_the_instructions(officer, ks, tn):
    response = officer.get(reverse("contracts:import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Avtal", "Instruktioner"]
    header = next(workbook["Avtal"].iter_rows(max_row=1, values_only=True))
    assert header == COLUMNS
    instructions = [
        r[0] for r in workbook["Instruktioner"].iter_rows(values_only=True) if r and r[0]
    ]
    assert set(COLUMNS) <= set(instructions)
    assert {"KS", "TN"} <= set(instructions)  # the valid board codes

    response = officer.get(reverse("contracts:import_template") + "?format=csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.lstrip("\ufeff").strip().split(";") == list(COLUMNS)


# --- Good files ----------------------------------------------------------------------------


def test_a_good_file_registers_every_row_with_its_boards(
    officer, ulla, ks, tn, tn_unit, supplier, django_capture_on_commit_callbacks
):
    content = xlsx(
        [
            row(),  # an existing provider, found by its number
            row(
                **{
                    "Avtalsnummer": "AVT-2026-0002",
                    "Typ": "intern",
                    "Leverantör": None,
                    "Organisationsnummer": None,
                    "Egen regi-enhet": tn_unit.name,
                    "Förfarande": "internal",
                    "Nämnder": "KS 60; TN 40",
                    "Startdatum": "2026-02-01",
                    "Slutdatum": None,
                    "Årsvärde": "1 200 000",
                    "Totalvärde": 4800000,
                }
            ),
            row(
                **{
                    "Avtalsnummer": "AVT-2026-0003",
                    "Typ": "iop",
                    "Leverantör": "Föreningen Gemenskap",
                    "Organisationsnummer": "8024561238",  # new: added to the register
                    "Förfarande": "iop",
                    "Nämnder": "TN 33,5; KS 66,5",
                    "Värden sekretess": "ja",
                    "Årsvärde": 300000,
                    "Värde": "hög",
                    "Påverkan": "låg",
                    "CPV": "85311000-2",
                }
            ),
        ]
    )
    page = status_page(
        officer, upload(officer, content, capture=django_capture_on_commit_callbacks)
    )
    record = ContractImport.objects.get()
    assert record.status == ContractImport.Status.DONE, record.errors
    assert (record.created_count, record.updated_count) == (3, 0)
    assert record.processed_rows == record.total_rows == 3
    assert record.created_by == ulla
    assert 'data-status="done"' in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()

    first, internal, iop = Contract.objects.order_by("number")
    assert first.provider_party == supplier
    assert list(first.boards.values_list("board__code", "share")) == [("KS", Decimal(100))]
    assert internal.kind == Contract.Kind.INTERNAL and internal.provider_unit == tn_unit
    assert internal.start_date == D(2026, 2, 1) and internal.end_date is None
    assert (internal.yearly_value, internal.total_value) == (Decimal(1200000), Decimal(4800000))
    assert dict(internal.boards.values_list("board__code", "share")) == {
        "KS": Decimal(60),
        "TN": Decimal(40),
    }
    assert dict(iop.boards.values_list("board__code", "share")) == {
        "KS": Decimal("66.5"),
        "TN": Decimal("33.5"),
    }
    new_party = iop.provider_party
    assert new_party.org_number == "802456-1238"
    assert new_party.kind == Party.Kind.NONPROFIT
    assert iop.values_secret and iop.values_secrecy_ground.chapter == 31
    assert (iop.value_level, iop.impact_level) == ("high", "low")
    # The history says who imported, like a registration by hand.
    assert iop.history.get().history_user == ulla


def test_progress_is_written_while_the_rows_are_checked(
    officer, ks, supplier, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(importing, "CHUNK", 2)
    seen = []
    load_chunk = importing._Lookups.load_chunk

    def spy(self, numbers, org_numbers):
        seen.append(ContractImport.objects.values_list("processed_rows", flat=True).get())
        return load_chunk(self, numbers, org_numbers)

    monkeypatch.setattr(importing._Lookups, "load_chunk", spy)
    content = xlsx([row(Avtalsnummer=f"A-{n}") for n in range(5)])
    status_page(officer, upload(officer, content, capture=django_capture_on_commit_callbacks))
    assert seen == [0, 2, 4]
    record = ContractImport.objects.get()
    assert record.processed_rows == record.total_rows == 5
    assert record.created_count == 5


def test_the_status_page_refreshes_itself_while_the_import_runs(officer, ulla):
    record = ContractImport.objects.create(
        file="imports/x.xlsx",
        original_name="x.xlsx",
        created_by=ulla,
        status=ContractImport.Status.CHECKING,
        total_rows=1000,
        processed_rows=500,
    )
    page = officer.get(reverse("contracts:import_status", args=[record.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="import-progress" value="500" max="1000">' in page
    # The refresh needs no script of its own (the site's script only focuses form errors).
    assert "<script" not in page.split("<main", 1)[1]


def test_a_csv_file_from_swedish_excel_is_imported(
    officer, ks, tn, supplier, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerow(row(Startdatum="2026-01-01", Slutdatum="2027-12-31", Årsvärde="250 000"))
    writer.writerow(
        row(
            Avtalsnummer="AVT-2026-0002",
            Startdatum="2026-03-01",
            Slutdatum="",
            Nämnder="KS 50; TN 50",
            Reserverat="nej",
        )
    )
    content = out.getvalue().encode("utf-8-sig")
    status_page(
        officer, upload(officer, content, "avtal.csv", capture=django_capture_on_commit_callbacks)
    )
    record = ContractImport.objects.get()
    assert record.status == ContractImport.Status.DONE, record.errors
    assert record.created_count == 2
    first = Contract.objects.get(number="AVT-2026-0001")
    assert first.yearly_value == Decimal(250000)
    assert Contract.objects.get(number="AVT-2026-0002").boards.count() == 2


def test_an_existing_number_updates_the_contract(
    officer, ks, supplier, django_capture_on_commit_callbacks
):
    contract = services.contract_create(
        data=services.ContractData(
            number="AVT-2026-0001",
            title="Lokalvård",
            procedure=Contract.Procedure.OPEN,
            start_date=D(2026, 1, 1),
            provider_party=supplier,
            shares=[services.Share(ks, Decimal(100))],
        ),
        user=None,
    )
    ContractBoard.objects.filter(contract=contract).update(strategic=True)
    content = xlsx([row(Titel="Lokalvård i skolorna")])
    status_page(officer, upload(officer, content, capture=django_capture_on_commit_callbacks))
    record = ContractImport.objects.get()
    assert (record.created_count, record.updated_count) == (0, 1)
    contract.refresh_from_db()
    assert contract.title == "Lokalvård i skolorna"
    assert contract.end_date == D(2027, 12, 31)
    assert contract.history.count() == 2
    # KS keeps its strategic mark: the board still has the contract.
    assert contract.boards.get().strategic


# --- Bad files -----------------------------------------------------------------------------


def test_a_file_with_errors_saves_nothing_and_lists_every_error_by_row(
    officer, ks, tn, supplier, django_capture_on_commit_callbacks
):
    parties = Party.objects.count()
    content = xlsx(
        [
            row(Avtalsnummer="A-1"),  # spreadsheet row 2
            row(  # row 3: a bad org number, and shares that add up to 90
                Avtalsnummer="A-2",
                Leverantör="Nytt Bolag AB",
                Organisationsnummer="556712-3450",
                Nämnder="KS 60; TN 30",
            ),
            row(Avtalsnummer="A-3"),
            row(Avtalsnummer="A-4"),
            row(  # row 6: ends before it starts, and a board that does not exist
                Avtalsnummer="A-5",
                Startdatum=D(2026, 6, 1),
                Slutdatum=D(2026, 5, 31),
                Nämnder="XN",
            ),
        ]
    )
    page = status_page(
        officer, upload(officer, content, capture=django_capture_on_commit_callbacks)
    )
    record = ContractImport.objects.get()
    assert record.status == ContractImport.Status.FAILED
    assert not Contract.objects.exists()
    assert Party.objects.count() == parties
    assert (record.created_count, record.updated_count) == (0, 0)
    assert record.processed_rows == record.total_rows == 5
    found = {(e["row"], e["column"]) for e in record.errors}
    assert found == {
        (3, "Organisationsnummer"),
        (3, "Nämnder"),
        (6, "Slutdatum"),
        (6, "Nämnder"),
    }
    assert all(e["message"] for e in record.errors)
    html = page.content.decode()
    for number, column in found:
        assert f'data-row="{number}" data-column="{column}"' in html
    assert 'data-status="failed"' in html


def test_duplicates_and_unreadable_cells_are_errors_of_their_row(
    officer, ks, supplier, django_capture_on_commit_callbacks
):
    content = xlsx(
        [
            row(),
            row(Startdatum="1 januari", Årsvärde="mycket", Typ="annan"),
            row(Förfarande="lottning", **{"Värden sekretess": "kanske"}),
        ]
    )
    status_page(officer, upload(officer, content, capture=django_capture_on_commit_callbacks))
    record = ContractImport.objects.get()
    found = {(e["row"], e["column"]) for e in record.errors}
    assert {
        (3, "Avtalsnummer"),
        (3, "Startdatum"),
        (3, "Årsvärde"),
        (3, "Typ"),
        (4, "Avtalsnummer"),
        (4, "Förfarande"),
        (4, "Värden sekretess"),
    } == found
    assert not Contract.objects.exists()


def _not_xlsx() -> bytes:
    return b"%PDF-1.4\n%not a spreadsheet\n"


def _zip_not_xlsx() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hej")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("avtal.xlsx", _not_xlsx()),
        ("avtal.xlsx", _zip_not_xlsx()),
        ("avtal.xlsx", b""),
        ("avtal.xlsx", xlsx([])),  # the headers, no rows
        ("avtal.xlsx", xlsx([["A-1", "Lokalvård"]], header=("Avtalsnummer", "Titel"))),
        ("avtal.pdf", _not_xlsx()),
        ("avtal.csv", b"\x00\x01\x02binary"),
        ("avtal.csv", b"Nummer;Namn\n1;2\n"),
    ],
    ids=[
        "pdf-named-xlsx",
        "zip-named-xlsx",
        "empty",
        "headers-only",
        "missing-columns",
        "wrong-extension",
        "binary-csv",
        "csv-without-our-headers",
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_with_a_message(
    officer, ks, name, content, django_capture_on_commit_callbacks
):
    response = upload(officer, content, name, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert not ContractImport.objects.exists()


def test_a_too_large_file_is_refused(officer, ks, settings, django_capture_on_commit_callbacks):
    settings.MAX_UPLOAD_BYTES = 1000
    content = xlsx([row(Beskrivning="x" * 5000)])
    response = upload(officer, content, capture=django_capture_on_commit_callbacks)
    assert response.status_code in (413, 422)
    assert not ContractImport.objects.exists()


# --- Access --------------------------------------------------------------------------------


def test_a_contract_manager_may_export_but_not_import(client, anders, ulla, ks):
    client.force_login(anders)
    record = ContractImport.objects.create(
        file="imports/x.xlsx", original_name="x.xlsx", created_by=ulla
    )
    for url in (
        reverse("contracts:import"),
        reverse("contracts:import_template"),
        reverse("contracts:import_status", args=[record.pk]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("contracts:import"), {"file": SimpleUploadedFile("a.xlsx", xlsx([row()]))}
    )
    assert response.status_code == 403
    assert client.get(reverse("contracts:export")).status_code == 200


# --- Export and the round trip ---------------------------------------------------------


def _register(ks, tn, tn_unit, supplier):
    person = Party.objects.create(kind=Party.Kind.PRIVATE_PERSON, name="Pelle Plogsson")
    ground = SecrecyGround.objects.get(chapter=31, section="16")
    common = {"procedure": Contract.Procedure.OPEN, "start_date": D(2026, 1, 1)}
    rows = [
        services.ContractData(
            number="AVT-2026-0001",
            title='=Lokalvård, med "citat"; och semikolon',
            description="Två rader\nbeskrivning",
            provider_party=supplier,
            end_date=D(2027, 12, 31),
            latest_end_date=D(2029, 12, 31),
            notice_date=D(2027, 6, 30),
            extension_terms="1 + 1 år",
            yearly_value=Decimal(1200000),
            total_value=Decimal(4800000),
            values_secret=True,
            values_secrecy_ground=ground,
            cpv_code="90911200-8",
            value_level="high",
            impact_level="low",
            shares=[services.Share(ks, Decimal("33.5")), services.Share(tn, Decimal("66.5"))],
            **common,
        ),
        services.ContractData(
            number="AVT-2026-0002",
            title="Parkskötsel i egen regi",
            kind=Contract.Kind.INTERNAL,
            provider_unit=tn_unit,
            shares=[services.Share(tn, Decimal(100))],
            **{**common, "procedure": Contract.Procedure.INTERNAL},
        ),
        services.ContractData(
            number="AVT-2026-0003",
            title="Snöröjning",
            provider_party=person,  # no organisation number
            reserved=False,
            shares=[services.Share(ks, Decimal(100))],
            **common,
        ),
        services.ContractData(
            number="AVT-2026-0004",
            title="Boende",
            kind=Contract.Kind.IOP,
            provider_party=Party.objects.create(
                kind=Party.Kind.NONPROFIT, name="Föreningen", org_number="802456-1238"
            ),
            reserved=False,
            shares=[services.Share(ks, Decimal(100))],
            # An IOP is made outside procurement law: never a reserved procurement.
            **{**common, "procedure": Contract.Procedure.IOP},
        ),
    ]
    contracts = [services.contract_create(data=data, user=None) for data in rows]
    ContractBoard.objects.filter(contract=contracts[0], board=tn).update(strategic=True)
    return contracts


def _snapshot() -> dict:
    fields = [f.attname for f in Contract._meta.concrete_fields]
    return {c["number"]: c for c in Contract.objects.values(*fields)} | {
        f"shares {number}": sorted(
            ContractBoard.objects.filter(contract__number=number).values_list(
                "board_id", "share", "strategic"
            )
        )
        for number in Contract.objects.values_list("number", flat=True)
    }


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(
    officer, ks, tn, tn_unit, supplier, fmt, django_capture_on_commit_callbacks
):
    _register(ks, tn, tn_unit, supplier)
    before = _snapshot()
    histories = Contract.history.count()
    parties = Party.objects.count()

    response = officer.get(reverse("contracts:export") + f"?format={fmt}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Avtal"]
        cells = list(sheet.iter_rows(values_only=True))
        assert cells[0] == COLUMNS
        first = dict(zip(COLUMNS, cells[1], strict=True))
        # A staff export: the secret values are in it.
        assert first["Årsvärde"] == 1200000 and first["Värden sekretess"] == "ja"
        assert first["Titel"].startswith("=")  # text, not a formula
        assert sheet["B2"].data_type == "s"
    else:
        assert response.content.startswith("\ufeff".encode())

    status_page(
        officer,
        upload(
            officer, response.content, f"export.{fmt}", capture=django_capture_on_commit_callbacks
        ),
    )
    record = ContractImport.objects.get()
    assert record.status == ContractImport.Status.DONE, record.errors
    assert (record.created_count, record.updated_count) == (0, 4)
    assert _snapshot() == before
    # Nothing changed, so nothing was written.
    assert Contract.history.count() == histories
    assert Party.objects.count() == parties


def test_the_export_follows_the_list_filters(client, anders, ks, tn, tn_unit, supplier):
    _register(ks, tn, tn_unit, supplier)
    client.force_login(anders)
    response = client.get(reverse("contracts:export"), {"q": "Snöröjning", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["AVT-2026-0003"]
    response = client.get(reverse("contracts:export"), {"board": tn.pk, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["AVT-2026-0001", "AVT-2026-0002"]
