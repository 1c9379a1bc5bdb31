"""The demo kommun's contract register: about 150 contracts over the five boards.

As a kommun of this size holds: welfare run by companies, idéburna organisations and the
kommun's own units side by side, the technical and service contracts, and the earlier
contract period of some. Everything goes through the register's services, as the staff
pages and the import do.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from insyn.contracts import services as contract_services
from insyn.contracts.models import (
    Contract,
    ContractBoard,
    ProviderInformation,
    RequirementTemplate,
)
from insyn.core.demo import Kommun, org_number
from insyn.core.models import Party
from insyn.procurement.models import Procurement
from insyn.registry.models import SecrecyGround

# Providers beyond the parties of the diarium: (name, nine digits of the org. number, kind).
PROVIDERS = [
    ("Vårdhem Norden AB", "556111222", Party.Kind.COMPANY),
    ("Hemtjänst Lugna Stunder AB", "559222333", Party.Kind.COMPANY),
    ("Trygg Omsorg Sjövik AB", "559333444", Party.Kind.COMPANY),
    ("Trygghetslarm Norden AB", "556121314", Party.Kind.COMPANY),
    ("Rekrytering & Bemanning Vård AB", "559600700", Party.Kind.COMPANY),
    ("Tvätteriet i Sjövik AB", "556234560", Party.Kind.COMPANY),
    ("Molntjänster Norden AB", "559500600", Party.Kind.COMPANY),
    ("Maskinuthyrning Sjövik AB", "556800900", Party.Kind.COMPANY),
    ("Vägbyggarna i Mälardalen AB", "556313233", Party.Kind.COMPANY),
    ("Trafiksäkerhet & Väg AB", "556700800", Party.Kind.COMPANY),
    ("Elinstallatören Sjövik AB", "556414243", Party.Kind.COMPANY),
    ("Avfallsservice Mälardalen AB", "556901000", Party.Kind.COMPANY),
    ("Fastighetsservice i Sjövik AB", "556999000", Party.Kind.COMPANY),
    ("Hissteknik Norden AB", "556100200", Party.Kind.COMPANY),
    ("Ventilationsteknik Mälardalen AB", "556515253", Party.Kind.COMPANY),
    ("Byggkonsult Mälardalen AB", "556888999", Party.Kind.COMPANY),
    ("Analyslaboratoriet Norden AB", "556616263", Party.Kind.COMPANY),
    ("Mejerigården Sjövik AB", "556300400", Party.Kind.COMPANY),
    ("Sjöviks Bageri AB", "556400500", Party.Kind.COMPANY),
    ("Livsmedelsgrossisten Mälardalen AB", "556200300", Party.Kind.COMPANY),
    ("Bredband & Nät Sverige AB", "556500600", Party.Kind.COMPANY),
    ("Dataleverantören Sverige AB", "556717273", Party.Kind.COMPANY),
    ("Kontorsvaror Direkt AB", "556600700", Party.Kind.COMPANY),
    ("Hälsopartner Företagshälsa AB", "556818283", Party.Kind.COMPANY),
    ("Säkerhetsbolaget Vakt AB", "556919293", Party.Kind.COMPANY),
    ("Tolkförmedlingen Väst AB", "556666777", Party.Kind.COMPANY),
    ("Språkservice Tolk & Översättning AB", "559444555", Party.Kind.COMPANY),
    ("Konsultbolaget Insikt AB", "556777888", Party.Kind.COMPANY),
    ("Sjöviks Taxi & Buss AB", "556444555", Party.Kind.COMPANY),
    ("Nordbuss Skoltrafik AB", "556555666", Party.Kind.COMPANY),
    ("Läromedelsförlaget Norden AB", "556020304", Party.Kind.COMPANY),
    ("Psykologpartner AB", "559030405", Party.Kind.COMPANY),
    ("Inredningshuset AB", "556040506", Party.Kind.COMPANY),
    ("Revisionsbyrån Granskning AB", "556012340", Party.Kind.COMPANY),
    ("Chefsrekrytering Norden AB", "559050607", Party.Kind.COMPANY),
    ("Reklambyrån Ord & Bild AB", "556060708", Party.Kind.COMPANY),
    ("Kommunförsäkring Norden AB", "516070809", Party.Kind.COMPANY),
    ("Systemhuset Ekonomi AB", "556080910", Party.Kind.COMPANY),
    ("Advokatfirman Lag & Rätt KB", "969091011", Party.Kind.COMPANY),
    ("Bilpoolen Norden AB", "556101112", Party.Kind.COMPANY),
    ("Drivmedelsbolaget Mälardalen AB", "556111213", Party.Kind.COMPANY),
    ("Kooperativet Vardagsstöd ek. för.", "769600111", Party.Kind.NONPROFIT),
    ("Kvinnojouren i Sjövik", "802789012", Party.Kind.NONPROFIT),
    ("Sjöviks Fritidsgårdsförening", "802890123", Party.Kind.NONPROFIT),
    ("Region Exempellän", "232100111", Party.Kind.PUBLIC_BODY),
]
# A sole trader (enskild firma) holds one contract: a private person, whose name the
# public pages never show.
SOLE_TRADER = "Per Sandberg"

P = Contract.Procedure
LOV = P.CHOICE_SYSTEM


@dataclass(frozen=True)
class Deal:
    """One contract of the demo register."""

    boards: str  # "VON", or shares: "KS:50,SN:50"
    title: str
    cpv: str
    procedure: str
    provider: str  # a party's name, or "@unit" for an internal agreement (egen regi)
    yearly: int  # thousand SEK a year, roughly
    years: int = 4
    service: str = ""  # the requirement templates' group of the service, if any
    citizens: bool = False  # touches citizens directly: high impact when classified
    strategic: str = ""  # the boards that mark it strategic: "TN" or "KS,SN"
    # open: until further notice; expiring: ends within six months; ended; upcoming;
    # reserved (for idéburna); secret (values under 31 kap. 16 § OSL)
    flags: str = ""
    previous: str = ""  # the provider of the previous period ("=" the same), if any


DEALS = [
    # Vård- och omsorgsnämnden: hemtjänst in a choice system (LOV), egen regi included.
    Deal("VON", "Hemtjänst i valfrihetssystem (LOV) – Omsorgspartner i Mälardalen AB", "85312000-9", LOV, "Omsorgspartner i Mälardalen AB", 18000, service="Hemtjänst", citizens=True, strategic="VON", flags="open"),
    Deal("VON", "Hemtjänst i valfrihetssystem (LOV) – Hemtjänst Lugna Stunder AB", "85312000-9", LOV, "Hemtjänst Lugna Stunder AB", 9500, service="Hemtjänst", citizens=True, flags="open"),
    Deal("VON", "Hemtjänst i valfrihetssystem (LOV) – Trygg Omsorg Sjövik AB", "85312000-9", LOV, "Trygg Omsorg Sjövik AB", 7200, service="Hemtjänst", citizens=True, flags="open"),
    Deal("VON", "Hemtjänst i valfrihetssystem (LOV) – Kooperativet Vardagsstöd", "85312000-9", LOV, "Kooperativet Vardagsstöd ek. för.", 4200, service="Hemtjänst", citizens=True, flags="open"),
    Deal("VON", "Hemtjänst i egen regi inom valfrihetssystemet – Hemtjänst Norr", "85312000-9", P.INTERNAL, "@Hemtjänst Norr", 24000, service="Hemtjänst", citizens=True, strategic="VON", flags="open"),
    Deal("VON", "Hemtjänst i egen regi inom valfrihetssystemet – Hemtjänst Söder", "85312000-9", P.INTERNAL, "@Hemtjänst Söder", 21000, service="Hemtjänst", citizens=True, flags="open"),
    Deal("VON", "Nattpatrull i hemtjänsten", "85312000-9", P.SIMPLIFIED, "Trygg Omsorg Sjövik AB", 4600, 3, citizens=True, flags="upcoming"),
    # Särskilt boende and other welfare.
    Deal("VON", "Drift av Björkbackens vård- och omsorgsboende", "85311000-2", P.OPEN, "Vårdhem Norden AB", 36000, service="Särskilt boende", citizens=True, strategic="VON", previous="="),
    Deal("VON", "Drift av Lärkans demensboende", "85311000-2", P.OPEN, "Omsorgspartner i Mälardalen AB", 27000, service="Särskilt boende", citizens=True, flags="expiring"),
    Deal("VON", "Drift av Ekbackens vård- och omsorgsboende (egen regi)", "85311000-2", P.INTERNAL, "@Ekbackens vård- och omsorgsboende", 41000, service="Särskilt boende", citizens=True, strategic="VON", flags="open"),
    Deal("VON", "Korttidsplatser och växelvård", "85311000-2", P.SIMPLIFIED, "Vårdhem Norden AB", 8500, 3, citizens=True),
    Deal("VON", "Boendestöd och sysselsättning för personer med missbruk", "85312000-9", P.RESERVED, "Föreningen Vägen ut", 3200, 3, citizens=True, flags="reserved"),
    Deal("VON", "IOP om kvinnojour och skyddat boende", "85312000-9", P.IOP, "Kvinnojouren i Sjövik", 1800, 3, citizens=True),
    Deal("VON", "Bemanning av sjuksköterskor", "79620000-6", P.OPEN, "Rekrytering & Bemanning Vård AB", 5400, 2, flags="secret"),
    Deal("VON", "Trygghetslarm och larmmottagning", "79711000-1", P.OPEN, "Trygghetslarm Norden AB", 2900, citizens=True, previous="="),
    Deal("VON", "Digitala lås i hemtjänsten", "35121000-6", P.OPEN, "Trygghetslarm Norden AB", 1100, 4),
    Deal("VON", "Fotvård för boende i vård- och omsorgsboende", "85140000-2", P.DIRECT, SOLE_TRADER, 180, 2, citizens=True),
    Deal("VON", "Tvätt av arbetskläder och textilier", "98310000-9", P.SIMPLIFIED, "Tvätteriet i Sjövik AB", 1300, 3, flags="expiring"),
    Deal("VON", "Ledsagning och avlösarservice", "85312000-9", P.SIMPLIFIED, "Stadsmissionen i Sjövik", 1600, 3, citizens=True),
    Deal("VON", "Dagverksamhet för personer med demenssjukdom", "85312000-9", P.SIMPLIFIED, "Trygg Omsorg Sjövik AB", 3800, 3, citizens=True, previous="Omsorgspartner i Mälardalen AB"),
    Deal("VON", "Matdistribution till hemtjänstens brukare", "55521000-8", P.SIMPLIFIED, "Kostkompaniet Sverige AB", 2100, 3, citizens=True),
    Deal("VON", "Utbildning i lågaffektivt bemötande", "80500000-9", P.DIRECT, "Konsultbolaget Insikt AB", 240, 1, flags="ended"),
    Deal("VON", "Verksamhetssystem för socialtjänsten", "48000000-8", P.OPEN, "Molntjänster Norden AB", 2600, 5),
    # Tekniska nämnden: snow, parks, streets, waste, water, buildings.
    Deal("TN", "Snöröjning och halkbekämpning – centrala Sjövik", "90620000-9", P.OPEN, "Sjöviks Snöröjning & Entreprenad AB", 4800, 3, service="Snöröjning", citizens=True, strategic="TN", previous="="),
    Deal("TN", "Snöröjning och halkbekämpning – norra distriktet", "90620000-9", P.OPEN, "Sjöviks Snöröjning & Entreprenad AB", 2900, 3, service="Snöröjning", citizens=True, flags="expiring"),
    Deal("TN", "Snöröjning och halkbekämpning – södra distriktet", "90620000-9", P.OPEN, "Maskinuthyrning Sjövik AB", 2600, 3, service="Snöröjning", citizens=True, previous="Sjöviks Snöröjning & Entreprenad AB"),
    Deal("TN", "Snöröjning och halkbekämpning – västra distriktet och ytterområdena (egen regi)", "90620000-9", P.INTERNAL, "@Gata och park", 3400, service="Snöröjning", citizens=True, strategic="TN", flags="open"),
    Deal("TN:70,BUN:30", "Snöröjning av skol- och förskolegårdar", "90620000-9", P.SIMPLIFIED, "Maskinuthyrning Sjövik AB", 900, 2, citizens=True),
    Deal("TN", "Gatusopning och sandupptagning", "90612000-0", P.OPEN, "Maskinuthyrning Sjövik AB", 1300, 3, citizens=True, previous="="),
    Deal("TN", "Parkskötsel – centrala Sjövik", "77313000-7", P.OPEN, "Grönytor & Park i Sjövik AB", 3100, service="Park", citizens=True, strategic="TN", previous="="),
    Deal("TN", "Parkskötsel – Stadsparken och Strandpromenaden (egen regi)", "77313000-7", P.INTERNAL, "@Gata och park", 2700, service="Park", citizens=True, flags="open"),
    Deal("TN", "Skötsel och besiktning av lekplatser", "77313000-7", P.OPEN, "Grönytor & Park i Sjövik AB", 850, 3, citizens=True, flags="expiring"),
    Deal("TN", "Skötsel av badplatser", "77313000-7", P.SIMPLIFIED, "Grönytor & Park i Sjövik AB", 420, 2, citizens=True),
    Deal("TN", "Beläggningsarbeten (asfalt) – ramavtal", "45233222-1", P.OPEN, "Vägbyggarna i Mälardalen AB", 6200, previous="="),
    Deal("TN", "Markentreprenader – ramavtal", "45112000-5", P.OPEN, "Vägbyggarna i Mälardalen AB", 4100),
    Deal("TN", "Vägmarkering", "45233221-4", P.SIMPLIFIED, "Trafiksäkerhet & Väg AB", 700, 2, previous="="),
    Deal("TN", "Drift och underhåll av gatubelysning", "50232100-1", P.OPEN, "Elinstallatören Sjövik AB", 2300, citizens=True),
    Deal("TN", "Byte till LED-armaturer i gatubelysningen", "45316110-9", P.OPEN, "Elinstallatören Sjövik AB", 5200, 2, flags="upcoming"),
    Deal("TN", "Insamling av hushållsavfall", "90511000-2", P.OPEN, "Avfallsservice Mälardalen AB", 14500, 5, citizens=True, strategic="TN", previous="="),
    Deal("TN", "Slamtömning av enskilda avlopp", "90460000-9", P.OPEN, "Avfallsservice Mälardalen AB", 1900, citizens=True),
    Deal("TN", "Drift av vattenverk och avloppsreningsverk (egen regi)", "65100000-4", P.INTERNAL, "@Vatten och avlopp", 18000, citizens=True, flags="open"),
    Deal("TN", "Laboratorieanalyser av dricksvatten och avloppsvatten", "71900000-7", P.SIMPLIFIED, "Analyslaboratoriet Norden AB", 780, 3, flags="expiring"),
    Deal("TN", "Fastighetsskötsel – skolor och förskolor", "70330000-3", P.OPEN, "Fastighetsservice i Sjövik AB", 7800, previous="="),
    Deal("TN", "Fastighetsskötsel – vård- och omsorgsboenden", "70330000-3", P.OPEN, "Fastighetsservice i Sjövik AB", 4300),
    Deal("TN", "Fastighetsskötsel – kommunhuset och förvaltningsbyggnader", "70330000-3", P.OPEN, "Fastighetsservice i Sjövik AB", 1500, 3),
    Deal("TN", "Fastighetsskötsel – idrottshallar och badhus", "70330000-3", P.OPEN, "Fastighetsservice i Sjövik AB", 1200, 3, flags="ended"),
    Deal("TN", "Service och besiktning av hissar", "50750000-7", P.OPEN, "Hissteknik Norden AB", 950),
    Deal("TN", "Ventilationsservice och OVK-besiktning", "71356100-9", P.OPEN, "Ventilationsteknik Mälardalen AB", 820, 3),
    Deal("TN", "Klotter- och skadegörelsesanering", "90690000-0", P.SIMPLIFIED, "Fastighetsservice i Sjövik AB", 380, 2, citizens=True),
    Deal("KS:50,TN:50", "Konsulttjänster – projektledning för byggprojekt", "71541000-2", P.OPEN, "Byggkonsult Mälardalen AB", 3600),
    Deal("TN", "Konsulttjänster – VA-projektering", "71320000-7", P.OPEN, "Byggkonsult Mälardalen AB", 1400, 2, flags="expiring"),
    Deal("TN", "Drift av Sjövikshallen och kommunens idrottsplatser", "92610000-0", P.RESERVED, "Sjöviks Idrottsallians", 5600, service="Idrottsanläggningar", citizens=True, strategic="TN", flags="reserved"),
    # Servicenämnden: food, cleaning, IT, the service office, and what every office buys.
    Deal("SN", "Livsmedel – mejeriprodukter", "15500000-3", P.OPEN, "Mejerigården Sjövik AB", 4200, service="Livsmedel", previous="="),
    Deal("SN", "Livsmedel – bröd och bageriprodukter", "15811000-6", P.OPEN, "Sjöviks Bageri AB", 1900, service="Livsmedel"),
    Deal("SN", "Livsmedel – kött och chark", "15100000-9", P.OPEN, "Livsmedelsgrossisten Mälardalen AB", 6800, service="Livsmedel", strategic="SN", previous="Kostkompaniet Sverige AB"),
    Deal("SN", "Livsmedel – kolonialvaror", "15800000-6", P.OPEN, "Livsmedelsgrossisten Mälardalen AB", 5900, service="Livsmedel", flags="expiring"),
    Deal("SN", "Livsmedel – fisk och skaldjur", "15200000-0", P.OPEN, "Livsmedelsgrossisten Mälardalen AB", 2100, service="Livsmedel"),
    Deal("SN", "Livsmedel – frukt och grönsaker", "15300000-1", P.OPEN, "Kostkompaniet Sverige AB", 3700, service="Livsmedel", previous="="),
    Deal("SN", "Livsmedel – frysta grönsaker och färdigrätter", "15331170-9", P.OPEN, "Kostkompaniet Sverige AB", 1600, service="Livsmedel"),
    Deal("SN", "Livsmedel – ägg", "03142500-3", P.SIMPLIFIED, "Mejerigården Sjövik AB", 520, 2),
    Deal("SN", "Specialkost och allergianpassade livsmedel", "15880000-0", P.OPEN, "Kostkompaniet Sverige AB", 900, 3),
    Deal("SN", "Kaffe, te och automattjänster", "15860000-4", P.SIMPLIFIED, "Livsmedelsgrossisten Mälardalen AB", 750, 3, flags="ended"),
    Deal("BUN", "Måltider i förskola och skola (egen regi)", "55523100-3", P.INTERNAL, "@Kostenheten", 38000, service="Måltider", citizens=True, strategic="BUN", flags="open"),
    Deal("VON", "Måltider i vård- och omsorgsboenden (egen regi)", "55520000-1", P.INTERNAL, "@Kostenheten", 14000, service="Måltider", citizens=True, flags="open"),
    Deal("KS", "Lokalvård – kommunhuset", "90919200-4", P.OPEN, "Nordisk Lokalvård AB", 2400, 3, service="Lokalvård", previous="="),
    Deal("BUN", "Lokalvård – skolor i norra Sjövik", "90911200-8", P.OPEN, "Nordisk Lokalvård AB", 5200, service="Lokalvård", citizens=True, strategic="BUN"),
    Deal("BUN", "Lokalvård – skolor i södra Sjövik (egen regi)", "90911200-8", P.INTERNAL, "@Lokalvården", 5600, service="Lokalvård", citizens=True, flags="open"),
    Deal("BUN", "Lokalvård – förskolor (egen regi)", "90911200-8", P.INTERNAL, "@Lokalvården", 3900, service="Lokalvård", citizens=True, flags="open"),
    Deal("VON", "Lokalvård – vård- och omsorgsboenden (egen regi)", "90911200-8", P.INTERNAL, "@Lokalvården", 4400, service="Lokalvård", citizens=True, flags="open"),
    Deal("TN", "Lokalvård – badhuset och idrottshallar", "90911200-8", P.OPEN, "Nordisk Lokalvård AB", 1700, 3, service="Lokalvård", citizens=True, flags="expiring"),
    Deal("SN", "Fönsterputs i kommunens lokaler", "90911300-9", P.SIMPLIFIED, "Nordisk Lokalvård AB", 560, 2),
    Deal("SN", "Städmaterial och förbrukningsartiklar", "39830000-9", P.OPEN, "Kontorsvaror Direkt AB", 1400, 3, previous="="),
    Deal("KS:50,SN:50", "IT-drift och serverhallstjänster", "72514000-1", P.OPEN, "Datadrift Norr AB", 6400, strategic="KS,SN", flags="secret"),
    Deal("SN", "Bredband och datakommunikation", "72400000-4", P.OPEN, "Bredband & Nät Sverige AB", 2800, previous="="),
    Deal("KS:40,VON:30,BUN:30", "Molntjänster och licenser för kontorsprogram", "48000000-8", P.OPEN, "Molntjänster Norden AB", 4700, 3),
    Deal("SN", "Datorer, surfplattor och tillbehör", "30200000-1", P.OPEN, "Dataleverantören Sverige AB", 5300, 3, previous="="),
    Deal("KS:40,VON:30,BUN:30", "IT-support till förvaltningarna (egen regi)", "72253000-3", P.INTERNAL, "@IT-enheten", 9200, flags="open"),
    Deal("SN", "Skrivare och utskriftstjänster", "30232110-8", P.OPEN, "Kontorsvaror Direkt AB", 1100),
    Deal("KS:50,SN:50", "Kontaktcenter och växel (egen regi)", "79512000-6", P.INTERNAL, "@Servicekontoret", 5800, citizens=True, strategic="SN", flags="open"),
    Deal("SN", "Post- och budtjänster (egen regi)", "64100000-7", P.INTERNAL, "@Servicekontoret", 1200, flags="open"),
    Deal("SN", "Fordonsleasing och bilpool", "66114000-2", P.OPEN, "Bilpoolen Norden AB", 3100),
    Deal("SN", "Drivmedel", "09100000-0", P.OPEN, "Drivmedelsbolaget Mälardalen AB", 2400, flags="expiring"),
    Deal("SN", "Kontorsmaterial", "30192000-1", P.OPEN, "Kontorsvaror Direkt AB", 880, 3, previous="="),
    Deal("KS:40,VON:30,BUN:30", "Företagshälsovård", "85147000-1", P.OPEN, "Hälsopartner Företagshälsa AB", 2700),
    Deal("SN", "Bevakning, väktare och larmcentral", "79710000-4", P.OPEN, "Säkerhetsbolaget Vakt AB", 2200),
    Deal("VON:50,BUN:50", "Tolktjänster – språktolkning", "79540000-1", P.OPEN, "Tolkförmedlingen Väst AB", 3300, citizens=True, previous="="),
    Deal("VON:50,BUN:50", "Tolktjänster – teckenspråks- och dövblindtolkning", "79540000-1", P.SIMPLIFIED, "Region Exempellän", 420, 2, citizens=True),
    Deal("SN", "Översättning av skriftlig information", "79530000-8", P.SIMPLIFIED, "Språkservice Tolk & Översättning AB", 460, 3),
    # Barn- och utbildningsnämnden.
    Deal("BUN", "Skolskjuts – norra området", "60130000-8", P.OPEN, "Sjöviks Taxi & Buss AB", 4300, service="Skolskjuts", citizens=True, strategic="BUN", previous="="),
    Deal("BUN", "Skolskjuts – södra området", "60130000-8", P.OPEN, "Nordbuss Skoltrafik AB", 3900, service="Skolskjuts", citizens=True),
    Deal("BUN", "Skolskjuts – östra området", "60130000-8", P.OPEN, "Nordbuss Skoltrafik AB", 3100, service="Skolskjuts", citizens=True, flags="expiring"),
    Deal("BUN", "Skolskjuts – västra området och skärgården", "60130000-8", P.OPEN, "Sjöviks Taxi & Buss AB", 3500, service="Skolskjuts", citizens=True, previous="Nordbuss Skoltrafik AB"),
    Deal("BUN", "Skolskjuts för elever i anpassad skola", "60130000-8", P.OPEN, "Sjöviks Taxi & Buss AB", 2200, 3, service="Skolskjuts", citizens=True),
    Deal("BUN", "Bussresor vid utflykter och studiebesök", "60172000-4", P.DIRECT, "Nordbuss Skoltrafik AB", 420, 1, previous="="),
    Deal("BUN", "Förskoleverksamhet i egen regi – Förskolan Solrosen", "80110000-8", P.INTERNAL, "@Förskolan Solrosen", 11500, citizens=True, flags="open"),
    Deal("BUN", "Grundskola i egen regi – Sjöviksskolan", "80100000-5", P.INTERNAL, "@Sjöviksskolan", 52000, citizens=True, flags="open"),
    Deal("BUN", "Digitala läromedel", "48190000-6", P.OPEN, "Läromedelsförlaget Norden AB", 2300, 3),
    Deal("BUN", "Tryckta läromedel", "22112000-8", P.OPEN, "Läromedelsförlaget Norden AB", 1800, 3, flags="ended"),
    Deal("BUN", "Skolpsykologtjänster", "85121270-6", P.SIMPLIFIED, "Psykologpartner AB", 1300, 2, citizens=True),
    Deal("BUN", "Modersmålsundervisning och studiehandledning", "80000000-4", P.SIMPLIFIED, "Språkservice Tolk & Översättning AB", 2600, 3, citizens=True, flags="expiring"),
    Deal("BUN", "Surfplattor till elever i förskoleklass till årskurs 3", "30213200-7", P.OPEN, "Dataleverantören Sverige AB", 1900, 3),
    Deal("BUN", "Simundervisning för elever i årskurs 3", "92620000-3", P.DIRECT, "Sjöviks Idrottsallians", 360, 1, citizens=True, previous="="),
    Deal("BUN", "Drift av fritidsgård i Östra Sjövik", "92000000-1", P.RESERVED, "Sjöviks Fritidsgårdsförening", 1450, 3, citizens=True, flags="reserved"),
    Deal("BUN", "Skolmöbler och inredning", "39160000-1", P.OPEN, "Inredningshuset AB", 1200),
    Deal("BUN", "Lovskola och sommaraktiviteter", "92000000-1", P.DIRECT, "Stadsmissionen i Sjövik", 280, 1, citizens=True, flags="upcoming"),
    # Kommunstyrelsen.
    Deal("KS", "IOP om stöd och mötesplatser för nyanlända", "85312000-9", P.IOP, "Stadsmissionen i Sjövik", 1200, 3, citizens=True, strategic="KS"),
    Deal("KS", "Sakkunnigt biträde till de förtroendevalda revisorerna", "79212000-3", P.OPEN, "Revisionsbyrån Granskning AB", 1100, previous="="),
    Deal("KS", "Rekrytering av chefer", "79600000-0", P.SIMPLIFIED, "Chefsrekrytering Norden AB", 650, 2),
    Deal("KS", "Konsulttjänster – organisationsutveckling", "79400000-8", P.DIRECT, "Konsultbolaget Insikt AB", 580, 1),
    Deal("KS", "Kommunikationsbyrå och annonsering", "79341000-6", P.OPEN, "Reklambyrån Ord & Bild AB", 900, 3, flags="expiring"),
    Deal("KS", "Underhåll av kommunens webbplats", "72413000-8", P.SIMPLIFIED, "Reklambyrån Ord & Bild AB", 700, 3),
    Deal("KS", "Försäkringar – egendom och ansvar", "66510000-8", P.OPEN, "Kommunförsäkring Norden AB", 3200, 3, previous="="),
    Deal("KS", "E-arkiv som tjänst", "72512000-7", P.OPEN, "Molntjänster Norden AB", 1500),
    Deal("KS", "Ekonomisystem med support", "48440000-4", P.OPEN, "Systemhuset Ekonomi AB", 2100, 5, previous="="),
    Deal("KS", "Lönesystem med support", "48450000-7", P.OPEN, "Systemhuset Ekonomi AB", 1700, 5),
    Deal("KS", "Juridisk rådgivning", "79100000-5", P.SIMPLIFIED, "Advokatfirman Lag & Rätt KB", 800, 2),
    Deal("KS", "Telefoni och mobilabonnemang", "64212000-5", P.OPEN, "Bredband & Nät Sverige AB", 1900, 3, flags="expiring"),
    Deal("KS", "Trygghetsvärdar i centrum", "79713000-5", P.SIMPLIFIED, "Säkerhetsbolaget Vakt AB", 1100, 2, citizens=True),
    Deal("KS", "Näringslivsfrukostar och företagsbesök", "79952000-2", P.DIRECT, "Konsultbolaget Insikt AB", 190, 1, flags="ended"),
]  # fmt: skip

# Requirement templates: (group, title, area, labour topic, essential, text). The general
# groups apply to every strategic contract, egen regi included; a service's own group to
# the contracts of that service.
GENERAL_GROUPS = ("Kvalitet", "Miljö", "Socialt ansvar", "Arbetsrättsliga villkor")
TEMPLATES = [
    ("Kvalitet", "Systematiskt kvalitetsarbete", "quality", "", True,
     "Utföraren ska ha ett dokumenterat ledningssystem för systematiskt kvalitetsarbete och årligen redovisa hur det har använts."),
    ("Kvalitet", "Avvikelser och klagomål", "quality", "", True,
     "Utföraren ska dokumentera avvikelser och klagomål, åtgärda dem och redovisa dem för kommunen varje kvartal."),
    ("Kvalitet", "Samverkans- och uppföljningsmöten", "quality", "", False,
     "Utföraren ska delta i samverkans- och uppföljningsmöten med kommunen minst två gånger per år."),
    ("Miljö", "Fordon och arbetsmaskiner", "environment", "", True,
     "Fordon och arbetsmaskiner i uppdraget ska uppfylla lägst miljöklass Euro 6 / steg V eller drivas med el eller förnybart bränsle."),
    ("Miljö", "Miljöledning", "environment", "", False,
     "Utföraren ska ha rutiner för miljöarbetet som motsvarar ISO 14001 eller EMAS."),
    ("Socialt ansvar", "Uppförandekod i leverantörskedjan", "social", "", True,
     "Varor och tjänster ska produceras under förhållanden som är förenliga med ILO:s kärnkonventioner och FN:s barnkonvention."),
    ("Socialt ansvar", "Praktikplatser och sysselsättning", "social", "", False,
     "Utföraren ska i samråd med kommunen erbjuda praktikplatser för personer som står långt från arbetsmarknaden."),
    ("Arbetsrättsliga villkor", "Lön", "labour", "wages", True,
     "Arbetstagare som utför arbete i uppdraget ska ha lägst den lön som följer av gällande centralt kollektivavtal för branschen."),
    ("Arbetsrättsliga villkor", "Semester", "labour", "holidays", True,
     "Arbetstagare ska ha semester enligt semesterlagen och lägst enligt gällande centralt kollektivavtal."),
    ("Arbetsrättsliga villkor", "Arbetstid", "labour", "working_hours", True,
     "Arbetstiden ska följa arbetstidslagen och lägst villkoren i gällande centralt kollektivavtal."),
    ("Arbetsrättsliga villkor", "Tjänstepension", "labour", "pension", True,
     "Arbetstagare ska ha tjänstepension lägst enligt gällande centralt kollektivavtal."),
    ("Arbetsrättsliga villkor", "Försäkringar för anställda", "labour", "insurance", True,
     "Arbetstagare ska omfattas av försäkringar vid sjukdom, arbetsskada och dödsfall lägst enligt gällande centralt kollektivavtal."),
    ("Arbetsrättsliga villkor", "Meddelarfrihet", "labour", "whistleblowing", True,
     # A contractual condition: where lag (2017:151) applies (privately run school,
     # health care and social services) the contract page adds the law; elsewhere it
     # holds through the contract alone.
     "Utföraren får inte efterforska vem som har lämnat uppgifter om verksamheten för publicering i medier och får inte vidta åtgärder mot den som har gjort det. De anställda ska informeras om detta."),
    ("Hemtjänst", "Kontinuitet för brukaren", "quality", "", True,
     "En brukare med insatser varje dag ska möta högst 12 olika medarbetare under en period om 14 dagar."),
    ("Hemtjänst", "Genomförandeplan", "quality", "", True,
     "En genomförandeplan ska upprättas tillsammans med brukaren inom 14 dagar från beslutet."),
    ("Särskilt boende", "Bemanning dygnet runt", "quality", "", True,
     "Boendet ska vara bemannat dygnet runt med personal som kan nås inom fem minuter."),
    ("Särskilt boende", "Utevistelse och aktiviteter", "quality", "", True,
     "Den boende ska erbjudas utevistelse och meningsfulla aktiviteter varje dag efter egna önskemål."),
    ("Snöröjning", "Insatstid vid snöfall", "quality", "", True,
     "Vid 5 cm snö ska plogning påbörjas inom två timmar; huvudgator, gång- och cykelvägar ska vara röjda inom sex timmar efter avslutat snöfall."),
    ("Snöröjning", "Halkbekämpning av gång- och cykelvägar", "quality", "", True,
     "Gång- och cykelvägar vid skolor och busshållplatser ska halkbekämpas före klockan 07.00."),
    ("Park", "Skötselnivå enligt skötselplan", "quality", "", True,
     "Parker och grönytor ska skötas enligt kommunens skötselplan med de nivåer som anges för varje yta."),
    ("Livsmedel", "Leveransprecision", "quality", "", True,
     "Minst 98 % av leveranserna ska komma i rätt tid och med rätt innehåll."),
    ("Livsmedel", "Djurskydd", "environment", "", True,
     "Animaliska livsmedel ska vara producerade enligt djurskyddskrav motsvarande svensk lagstiftning."),
    ("Måltider", "Näringsriktiga måltider", "quality", "", True,
     "Måltiderna ska följa Livsmedelsverkets råd för måltider i förskola, skola och äldreomsorg."),
    ("Måltider", "Minskat matsvinn", "environment", "", True,
     "Matsvinnet ska mätas varje vecka och minska med minst 10 % per år."),
    ("Lokalvård", "Städkvalitet", "quality", "", True,
     "Lokalvården ska hålla kvalitetsprofil enligt SS 627801 och kontrolleras med mätningar varje kvartal."),
    ("Lokalvård", "Miljömärkta rengöringsmedel", "environment", "", False,
     "Rengöringsmedel ska vara miljömärkta enligt Svanen, EU Ecolabel eller likvärdigt."),
    ("Skolskjuts", "Trafiksäkerhet", "quality", "", True,
     "Fordonen ska ha bälte på varje plats och förarna ska se till att eleverna använder det."),
    ("Skolskjuts", "Förarnas kompetens och bemötande", "quality", "", True,
     "Förarna ska ha utbildning i bemötande av barn och av elever med funktionsnedsättning."),
    ("Idrottsanläggningar", "Öppettider och tillgänglighet", "quality", "", True,
     "Anläggningarna ska hålla de öppettider som avtalats och vara tillgängliga för personer med funktionsnedsättning."),
    ("Idrottsanläggningar", "Städning och hygien i omklädningsrum", "quality", "", True,
     "Omklädningsrum och duschar ska städas dagligen och hålla den nivå som kommunens mätningar visar."),
]  # fmt: skip

# Information to citizens on the providers' pages: (provider, title, text, published).
INFORMATION = [
    ("Sjöviks Snöröjning & Entreprenad AB", "Snöröjning i centrala Sjövik och norra distriktet",
     "Sjöviks Snöröjning & Entreprenad AB röjer snö och halkbekämpar gator, torg, gång- och cykelvägar i centrala Sjövik och i norra distriktet på uppdrag av kommunen.\n\n"
     "Plogningen börjar när det har fallit 5 cm snö. Gång- och cykelvägar vid skolor och busshållplatser röjs först; huvudgatorna ska vara röjda inom sex timmar efter avslutat snöfall.\n\n"
     "Fel och brister anmäler du till kommunens kontaktcenter, 0123-45 00 00. Anmälan går vidare till utföraren och följs upp av tekniska förvaltningen.", True),
    ("@Gata och park", "Snöröjning i västra distriktet och ytterområdena",
     "Kommunens enhet Gata och park röjer snö och halkbekämpar i västra distriktet och i ytterområdena. Samma krav på insatstider gäller som för entreprenörerna i övriga distrikt.\n\n"
     "Fel och brister anmäler du till kommunens kontaktcenter, 0123-45 00 00.", True),
    ("Sjöviks Idrottsallians", "Sjövikshallen och idrottsplatserna",
     "Sjöviks Idrottsallians driver Sjövikshallen och kommunens idrottsplatser. Hallen har öppet måndag–fredag 07.00–22.00 och lördag–söndag 08.00–20.00.\n\n"
     "Omklädningsrummen städas varje dag. Kommunen mäter städkvaliteten varje kvartal och resultaten redovisas här när uppföljningen är klar.\n\n"
     "Bokning av tider sker hos alliansens kansli.", True),
    ("@Hemtjänst Norr", "Hemtjänst Norr – så arbetar vi",
     "Hemtjänst Norr är kommunens egen hemtjänst i norra Sjövik och ett av alternativen i valfrihetssystemet. Varje brukare har en kontaktperson och ett fast team.\n\n"
     "Vi följer samma krav och följs upp på samma sätt som de privata och idéburna utförarna.", True),
    ("Omsorgspartner i Mälardalen AB", "Hemtjänst med fasta team (utkast)",
     "Utkast som ännu inte är granskat av förvaltningen.", False),
]  # fmt: skip


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _deal_dates(deal: Deal, today: datetime.date, rng: random.Random) -> dict[str, Any]:
    """Start, end, notice and extensions, spread so that some contracts have ended, some
    end or reach their notice date within six months, and a few have not started."""
    days = datetime.timedelta
    if "open" in deal.flags:
        start = today - days(rng.randint(200, 2000))
        return {
            "start_date": start,
            "extension_terms": "Gäller tills vidare med sex månaders uppsägningstid",
        }
    if "upcoming" in deal.flags:
        start = today + days(rng.randint(20, 90))
    elif "expiring" in deal.flags:
        start = _years_later(today + days(rng.randint(15, 175)), -deal.years) + days(1)
    elif "ended" in deal.flags:
        start = _years_later(today - days(rng.randint(30, 400)), -deal.years) + days(1)
    else:
        start = today - days(rng.randint(60, deal.years * 365 - 200))
    return _period(start, deal.years, rng)


def _period(start: datetime.date, years: int, rng: random.Random) -> dict[str, Any]:
    end = _years_later(start, years) - datetime.timedelta(days=1)
    fields: dict[str, Any] = {"start_date": start, "end_date": end}
    if years >= 2 and rng.random() < 0.6:
        # The option to extend is used, or not, by the notice date six months ahead.
        notice = end - datetime.timedelta(days=182)
        fields.update(
            extension_terms="1 + 1 år",
            latest_end_date=_years_later(end, 2),
            notice_date=notice if notice > start else None,
        )
    return fields


# Each board's contract manager (a user name of core.demo.USERS).
MANAGERS = {
    "KS": "avtalsansvarig",
    "VON": "avtalsansvarig",
    "TN": "avtal_tn",
    "SN": "avtal_sn",
    "BUN": "avtal_bun",
}


# Every period to register, the previous ones too: (deal, dates, provider, current).
Period = tuple[Deal, dict[str, Any], str, bool]


def contracts_load(*, kommun: Kommun, rng: random.Random) -> int:
    """Register the contracts of DEALS (and their previous periods); return how many."""
    providers = _providers_create()
    templates = _templates_create()
    created = 0
    for deal, dates, provider, current in _periods(kommun.today, rng):
        contract = _contract_register(kommun, deal, dates, providers, provider, rng)
        created += 1
        if current:
            _contract_manage(kommun, contract, deal, templates, rng)
    _information_create(kommun, providers)
    return created


def _providers_create() -> dict[str, Party]:
    """The providers beyond the parties of the diarium, by name (those included)."""
    providers: dict[str, Party] = {p.name: p for p in Party.objects.all()}
    for name, digits, party_kind in PROVIDERS:
        providers[name] = Party.objects.create(
            kind=party_kind,
            name=name,
            org_number=org_number(digits),
            nonprofit_registered=party_kind == Party.Kind.NONPROFIT,
        )
    providers[SOLE_TRADER] = Party.objects.create(kind=Party.Kind.PRIVATE_PERSON, name=SOLE_TRADER)
    return providers


def _templates_create() -> dict[str, list[RequirementTemplate]]:
    templates: dict[str, list[RequirementTemplate]] = {}
    for group, title, area, topic, essential, text in TEMPLATES:
        templates.setdefault(group, []).append(
            RequirementTemplate.objects.create(
                group=group,
                title=title,
                text=text,
                area=area,
                labour_topic=topic,
                essential=essential,
            )
        )
    return templates


def _periods(today: datetime.date, rng: random.Random) -> list[Period]:
    periods: list[Period] = []
    for deal in DEALS:
        dates = _deal_dates(deal, today, rng)
        periods.append((deal, dates, deal.provider, True))
        if deal.previous:
            before = _years_later(dates["start_date"], -deal.years)
            provider = deal.provider if deal.previous == "=" else deal.previous
            periods.append((deal, _period(before, deal.years, rng), provider, False))
    # Numbered in the order they began, as the register would have numbered them.
    periods.sort(key=lambda p: (p[1]["start_date"], p[0].title))
    return periods


def _contract_register(
    kommun: Kommun,
    deal: Deal,
    dates: dict[str, Any],
    providers: dict[str, Party],
    provider: str,
    rng: random.Random,
) -> Contract:
    shares = []
    for part in deal.boards.split(","):
        code, _sep, percent = part.partition(":")
        shares.append(contract_services.Share(kommun.boards[code], Decimal(percent or "100")))
    in_house = provider.startswith("@")
    years = deal.years if dates.get("end_date") else None
    yearly = Decimal(round(deal.yearly * rng.uniform(0.85, 1.15)) * 1000)
    if deal.procedure == P.IOP:
        kind = Contract.Kind.IOP
    elif in_house:
        kind = Contract.Kind.INTERNAL
    else:
        kind = Contract.Kind.EXTERNAL
    secret = "secret" in deal.flags
    return contract_services.contract_create(
        data=contract_services.ContractData(
            number=contract_services.next_contract_number(year=dates["start_date"].year),
            title=deal.title,
            procedure=deal.procedure,
            shares=shares,
            kind=kind,
            provider_party=None if in_house else providers[provider],
            provider_unit=kommun.units[provider[1:]] if in_house else None,
            yearly_value=yearly,
            total_value=yearly * years if years else None,
            values_secret=secret,
            values_secrecy_ground=_business_secrets() if secret else None,
            cpv_code=deal.cpv,
            reserved="reserved" in deal.flags,
            **dates,
        ),
        user=kommun.users["upphandlare"],
    )


def _business_secrets() -> SecrecyGround:
    return SecrecyGround.objects.get(chapter=31, section="16")


def _contract_manage(
    kommun: Kommun,
    contract: Contract,
    deal: Deal,
    templates: dict[str, list[RequirementTemplate]],
    rng: random.Random,
) -> None:
    """A current contract classified, given a manager and its requirements."""
    users = kommun.users
    strategic = [code for code in deal.strategic.split(",") if code]
    # Most contracts are classified; the strategic ones were chosen from the
    # high-value, high-impact class.
    if strategic or rng.random() < 0.85:
        contract_services.contract_classify(
            contract=contract,
            value_level="high" if strategic or deal.yearly >= 3000 else "low",
            impact_level="high" if strategic or deal.citizens else "low",
            user=users["upphandlare"],
        )
    board = deal.boards.split(":")[0].split(",")[0]
    if strategic or ("ended" not in deal.flags and rng.random() < 0.75):
        contract_services.contract_manager_appoint(
            contract=contract,
            manager=users[MANAGERS[board]],
            appointed_by=users["forvaltningschef" if board == "VON" else "kommundirektor"],
        )
    for share in ContractBoard.objects.filter(contract=contract, board__code__in=strategic):
        contract_services.strategic_set(share=share, strategic=True)
    # The same requirements for every provider of a service: the strategic contracts
    # and the whole choice system for hemtjänst, egen regi as much as the others.
    if strategic or deal.service == "Hemtjänst":
        groups = [*GENERAL_GROUPS, deal.service] if deal.service else list(GENERAL_GROUPS)
        contract_services.requirements_apply_templates(
            contract=contract,
            templates=[t for group in groups for t in templates.get(group, [])],
        )
    if deal.title == "Snöröjning och halkbekämpning – centrala Sjövik":
        contract_services.requirement_add(
            contract=contract,
            title="Torget röjt före klockan 07.00 på torgdagar",
            text="På torgdagar ska Stora torget vara röjt och halkbekämpat före klockan 07.00.",
            area="quality",
            essential=True,
        )


def _information_create(kommun: Kommun, providers: dict[str, Party]) -> None:
    for provider, title, body, published in INFORMATION:
        in_house = provider.startswith("@")
        ProviderInformation.objects.create(
            provider_party=None if in_house else providers[provider],
            provider_unit=kommun.units[provider[1:]] if in_house else None,
            title=title,
            body=body,
            published=published,
        )


def award_contract(
    *, kommun: Kommun, procurement: Procurement, year: int, yearly: int, board: str
) -> Contract:
    """The contract made from a procurement's award, running three years from 1 January
    of `year`: classified, given a manager, strategic for its board, with the general
    requirements and those of its service (lokalvård)."""
    officer = kommun.users["upphandlare"]
    contract = contract_services.contract_from_award(
        procurement=procurement,
        number=contract_services.next_contract_number(year=year - 1),
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year + 2, 12, 31),
        shares=[contract_services.Share(kommun.boards[board], Decimal(100))],
        user=officer,
        yearly_value=Decimal(yearly),
        total_value=Decimal(yearly * 3),
    )
    contract_services.contract_classify(
        contract=contract, value_level="high", impact_level="high", user=officer
    )
    contract_services.contract_manager_appoint(
        contract=contract,
        manager=kommun.users[MANAGERS[board]],
        appointed_by=kommun.users["kommundirektor"],
    )
    for share in ContractBoard.objects.filter(contract=contract, board=kommun.boards[board]):
        contract_services.strategic_set(share=share, strategic=True)
    contract_services.requirements_apply_templates(
        contract=contract,
        templates=list(
            RequirementTemplate.objects.filter(group__in=[*GENERAL_GROUPS, "Lokalvård"]).order_by(
                "pk"
            )
        ),
    )
    return contract
