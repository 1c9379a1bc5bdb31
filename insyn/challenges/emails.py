"""The Swedish wording of the challenge process's e-mails. An administrator replaces any of
them under "E-mail templates" in the admin (same key); these are the defaults."""

from __future__ import annotations

from insyn.notifications.services import DEFAULT_TEMPLATES

COMMON = "organisation, number, activity, received_on, step, due_on, staff_link"

TEMPLATES: dict[str, tuple[str, str, str]] = {
    "challenge_new_staff": (
        "Ny utmaning {{ number }}: {{ activity }}",
        """En utmaning har kommit in till {{ organisation }} och är diarieförd som {{ number }}.

Verksamhet som utmanas: {{ activity }}
Inkom: {{ received_on }}
Utmanare: {{ challenger }}

Utmaningen är allmän handling och syns i postlistan.

Öppna utmaningen: {{ staff_link }}
""",
        COMMON + ", challenger",
    ),
    "challenge_step_staff": (
        "Utmaning {{ number }}: steg {{ step }}",
        """Utmaningen {{ number }} ({{ activity }}) är nu i steget "{{ step }}".
{% if due_on %}
Steget ska vara klart senast {{ due_on }}.{% endif %}

Öppna utmaningen: {{ staff_link }}
""",
        COMMON,
    ),
    "challenge_receipt": (
        "Vi har tagit emot din utmaning – {{ number }}",
        """Tack för din utmaning av {{ activity }}.

{{ organisation }} har tagit emot den {{ received_on }} och diariefört den med
diarienummer {{ number }}. Utmaningen är allmän handling och syns i kommunens postlista.

Följ ärendet, skicka in din formella utmaning och andra handlingar, eller återkalla
utmaningen via din personliga länk:
{{ status_link }}

Länken är personlig. Dela den inte med andra.

Kommunens företagslots kontaktar dig för att klarlägga förutsättningarna och kontrollera
att vi har förstått din utmaning rätt.
""",
        COMMON + ", status_link",
    ),
    "challenge_status": (
        "Din utmaning {{ number }}: {{ status }}",
        """Din utmaning {{ number }} ({{ activity }}) har gått vidare.

Nu: {{ status }}
{% if note %}
{{ note }}
{% endif %}
Följ ärendet via din personliga länk:
{{ status_link }}
""",
        COMMON + ", status, note, status_link",
    ),
    "challenge_document_received": (
        "Vi har tagit emot din handling – {{ document_number }}",
        """Vi har tagit emot din handling "{{ description }}" i utmaningen {{ number }}.
Den är diarieförd som {{ document_number }}.

Följ ärendet via din personliga länk:
{{ status_link }}
""",
        COMMON + ", document_number, description, status_link",
    ),
    "challenge_document_staff": (
        "Utmaning {{ number }}: ny handling från utmanaren",
        """Utmanaren har skickat in "{{ description }}" i utmaningen {{ number }}. Handlingen är
diarieförd som {{ document_number }}.

Öppna utmaningen: {{ staff_link }}
""",
        COMMON + ", document_number, description",
    ),
    "challenge_decision": (
        "Beslut om din utmaning {{ number }}",
        """{{ board }} har den {{ decided_on }}, {{ paragraph }}, beslutat om din utmaning
{{ number }} ({{ activity }}):

{{ outcome }}
{% if motivation %}
{{ motivation }}
{% endif %}
Beslutet är diariefört som {{ document_number }}.

Hur man överklagar

{{ appeal }}

Följ ärendet via din personliga länk:
{{ status_link }}
""",
        COMMON + ", board, decided_on, paragraph, outcome, motivation, document_number, "
        "appeal, status_link",
    ),
    "challenge_overdue": (
        "Försenat steg i utmaning {{ number }}",
        """Steget "{{ step }}" i utmaningen {{ number }} ({{ activity }}) skulle ha varit klart
{{ due_on }}.

Öppna utmaningen: {{ staff_link }}
""",
        COMMON,
    ),
}

DEFAULT_TEMPLATES.update(TEMPLATES)
