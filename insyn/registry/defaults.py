"""The grounds for secrecy a Swedish kommun meets most often (offentlighets- och
sekretesslagen 2009:400), so that a registrar can choose one from the start.
Administrators add others in the admin."""

from __future__ import annotations

SECRECY_GROUNDS: list[tuple[int, str, str]] = [
    (18, "8", "Säkerhets- eller bevakningsåtgärd"),
    (19, "3", "Upphandling: anbud och uppgifter före tilldelningsbeslut"),
    (21, "1", "Uppgift om hälsa eller sexualliv"),
    (21, "3", "Skyddad personuppgift (t.ex. adress till förföljd person)"),
    (23, "2", "Förskola och skola: enskilds personliga förhållanden"),
    (25, "1", "Hälso- och sjukvård: enskilds hälsotillstånd"),
    (26, "1", "Socialtjänst: enskilds personliga förhållanden"),
    (31, "16", "Affärsförhållanden hos den som trätt i affärsförbindelse med myndigheten"),
    (39, "3", "Personaladministration: enskilds personliga förhållanden"),
]


def secrecy_grounds_ensure(model) -> None:
    """Create the default grounds that are missing; `model` is SecrecyGround, or the
    historical model inside a migration."""
    for chapter, section, description in SECRECY_GROUNDS:
        model.objects.get_or_create(
            chapter=chapter, section=section, defaults={"description": description}
        )
