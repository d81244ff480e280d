"""Static tables: organisations, blocs, institutional metonyms, titles and overrides."""

from __future__ import annotations

from ..model import AttendeeKind, Level

ORGANISATIONS: tuple[tuple[str, AttendeeKind, tuple[str, ...]], ...] = (
    ("United Nations", AttendeeKind.organisation, ("UN", "U.N.", "United Nations")),
    (
        "UN Security Council",
        AttendeeKind.organisation,
        (
            "UN Security Council",
            "U.N. Security Council",
            "United Nations Security Council",
            "Security Council",
        ),
    ),
    (
        "UN General Assembly",
        AttendeeKind.organisation,
        (
            "UN General Assembly",
            "U.N. General Assembly",
            "United Nations General Assembly",
            "General Assembly",
        ),
    ),
    (
        "European Union",
        AttendeeKind.bloc,
        (
            "EU",
            "E.U.",
            "European Union",
            "European Commission",
            "Brussels",
        ),
    ),
    (
        "NATO",
        AttendeeKind.bloc,
        ("NATO", "Nato", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"),
    ),
    ("G20", AttendeeKind.bloc, ("G20", "G-20", "Group of 20", "Group of Twenty")),
    ("G7", AttendeeKind.bloc, ("G7", "G-7", "Group of Seven")),
    (
        "G77 and China",
        AttendeeKind.bloc,
        (
            "G77 and China",
            "G-77 and China",
            "Group of 77 and China",
            "G77",
            "G-77",
            "Group of 77",
        ),
    ),
    (
        "OSCE",
        AttendeeKind.organisation,
        (
            "OSCE",
            "Organization for Security and Co-operation in Europe",
            "Organisation for Security and Co-operation in Europe",
            "Organization for Security and Cooperation in Europe",
        ),
    ),
    ("Council of Europe", AttendeeKind.organisation, ("Council of Europe",)),
    ("African Union", AttendeeKind.bloc, ("AU", "African Union")),
    ("ASEAN", AttendeeKind.bloc, ("ASEAN", "Association of Southeast Asian Nations")),
    (
        "Intergovernmental Authority on Development",
        AttendeeKind.bloc,
        (
            "IGAD",
            "Intergovernmental Authority on Development",
        ),
    ),
    (
        "International Atomic Energy Agency",
        AttendeeKind.organisation,
        (
            "IAEA",
            "International Atomic Energy Agency",
            "U.N. nuclear watchdog",
            "UN nuclear watchdog",
        ),
    ),
    (
        "World Trade Organization",
        AttendeeKind.organisation,
        (
            "WTO",
            "World Trade Organization",
            "World Trade Organisation",
        ),
    ),
    ("OPEC", AttendeeKind.organisation, ("OPEC", "OPEC+", "Organization of the Petroleum Exporting Countries")),
    ("BRICS", AttendeeKind.bloc, ("BRICS",)),
    ("ECOWAS", AttendeeKind.bloc, ("ECOWAS", "Economic Community of West African States")),
    (
        "Southern African Development Community",
        AttendeeKind.bloc,
        (
            "SADC",
            "Southern African Development Community",
        ),
    ),
    ("East African Community", AttendeeKind.bloc, ("EAC", "East African Community")),
    ("Arab League", AttendeeKind.bloc, ("Arab League", "League of Arab States")),
    ("Gulf Cooperation Council", AttendeeKind.bloc, ("GCC", "Gulf Cooperation Council")),
    (
        "Shanghai Cooperation Organisation",
        AttendeeKind.bloc,
        (
            "SCO",
            "Shanghai Cooperation Organisation",
            "Shanghai Cooperation Organization",
        ),
    ),
    (
        "Organisation of Islamic Cooperation",
        AttendeeKind.organisation,
        (
            "OIC",
            "Organisation of Islamic Cooperation",
            "Organization of Islamic Cooperation",
        ),
    ),
    (
        "Organization of American States",
        AttendeeKind.organisation,
        (
            "OAS",
            "Organization of American States",
        ),
    ),
    ("CARICOM", AttendeeKind.bloc, ("CARICOM", "Caribbean Community")),
    ("Mercosur", AttendeeKind.bloc, ("Mercosur", "MERCOSUR")),
    ("E3", AttendeeKind.bloc, ("E3",)),
    ("International Monetary Fund", AttendeeKind.organisation, ("IMF", "International Monetary Fund")),
    ("World Bank", AttendeeKind.organisation, ("World Bank",)),
    ("World Health Organization", AttendeeKind.organisation, ("WHO", "World Health Organization")),
    ("International Criminal Court", AttendeeKind.organisation, ("ICC", "International Criminal Court")),
    ("International Court of Justice", AttendeeKind.organisation, ("ICJ", "International Court of Justice")),
    ("UNHCR", AttendeeKind.organisation, ("UNHCR", "U.N. refugee agency", "UN refugee agency")),
    ("UNICEF", AttendeeKind.organisation, ("UNICEF",)),
    ("World Food Programme", AttendeeKind.organisation, ("WFP", "World Food Programme", "World Food Program")),
    (
        "International Committee of the Red Cross",
        AttendeeKind.organisation,
        (
            "ICRC",
            "International Committee of the Red Cross",
            "Red Cross",
        ),
    ),
    ("Vatican", AttendeeKind.state, ("Vatican", "Holy See", "Vatican City")),
)
"""Canonical name, kind and the case-sensitive surface forms of international bodies."""

METONYMS: dict[str, str] = {
    "Kremlin": "Russia",
    "White House": "United States",
    "Pentagon": "United States",
    "State Department": "United States",
    "Capitol Hill": "United States",
    "Élysée": "France",
    "Elysee": "France",
    "Élysée Palace": "France",
    "Quai d'Orsay": "France",
    "Downing Street": "United Kingdom",
    "Whitehall": "United Kingdom",
    "Foreign Office": "United Kingdom",
    "Zhongnanhai": "China",
    "Blue House": "South Korea",
    "Knesset": "Israel",
    "Farnesina": "Italy",
    "Bundestag": "Germany",
}
"""Buildings and institutions that stand for their government in news reporting."""

COUNTRY_NAMES: dict[str, str] = {
    "Holy See (Vatican City State)": "",
    "Vatican City State": "",
    "Burma": "",
    "Palestine, State of": "",
    "Serbia and Montenegro": "",
    "Antilles Néerlandaises": "",
    "Republic of Macedonia": "North Macedonia",
    "Swaziland": "Eswatini",
    "The Bahamas": "Bahamas",
    "The Gambia": "Gambia",
}
"""Country names of the gazetteer replaced by their usual short English name ("" drops the entry)."""

EXTRA_COUNTRY_FORMS: dict[str, tuple[str, ...]] = {
    "United States": ("U.S.", "U.S.A.", "America", "Washington"),
    "United Kingdom": ("Britain", "U.K.", "Great Britain"),
    "Ukraine": ("Kyiv", "Kiev"),
    "China": ("Beijing",),
    "Myanmar": ("Burma", "Burmese"),
    "Netherlands": ("The Hague",),
    "South Korea": ("Seoul",),
    "North Korea": ("Pyongyang",),
    "Ivory Coast": ("Côte d'Ivoire",),
    "Turkey": ("Türkiye",),
    "Czech Republic": ("Czechia",),
    "Israel": ("Jerusalem",),
}
"""Further surface forms of countries that the gazetteer lacks or spells otherwise."""

AMBIGUOUS_FORMS: frozenset[str] = frozenset(
    {
        "Victoria",
        "Kingston",
        "Male",
        "Hamilton",
        "Georgetown",
        "Jamestown",
        "Nassau",
        "Saint John's",
        "Road Town",
        "Charlotte Amalie",
        "Avarua",
        "Alofi",
        "Adamstown",
        "Flying Fish Cove",
        "King Edward Point",
        "Brussels",
        "Jersey",
        "Guernsey",
        "Amsterdam",
        "Washington D.C.",
    }
)
"""Capitals and names too ambiguous to read as a country (some are mapped elsewhere)."""

BLOCKERS: tuple[str, ...] = (
    "Latin America",
    "Latin American",
    "Latin Americans",
    "South America",
    "South American",
    "North America",
    "North American",
    "Central America",
    "Central American",
    "American Samoa",
    "Indian Ocean",
    "Native American",
    "Gulf of Mexico",
    "New Mexico",
    "New South Wales",
    "British Columbia",
    "Washington Post",
    "Washington Times",
    "Moscow Times",
    "Jordan River",
    "Global South",
    "West Bank",
)
"""Names that contain a country form but do not stand for the country."""

TITLES: dict[str, Level | None] = {
    "president": Level.head_of_state,
    "vice president": Level.senior_official,
    "king": Level.head_of_state,
    "queen": Level.head_of_state,
    "emir": Level.head_of_state,
    "crown prince": Level.head_of_state,
    "prime minister": Level.head_of_government,
    "premier": Level.head_of_government,
    "chancellor": Level.head_of_government,
    "foreign minister": Level.foreign_minister,
    "foreign secretary": Level.foreign_minister,
    "secretary of state": Level.foreign_minister,
    "minister": Level.minister,
    "deputy minister": Level.vice_minister,
    "vice minister": Level.vice_minister,
    "commissioner": Level.minister,
    "trade representative": Level.minister,
    "secretary-general": Level.senior_official,
    "secretary general": Level.senior_official,
    "director general": Level.senior_official,
    "director-general": Level.senior_official,
    "envoy": Level.envoy,
    "special envoy": Level.envoy,
    "representative": Level.envoy,
    "ambassador": Level.ambassador,
    "spokesman": Level.senior_official,
    "spokeswoman": Level.senior_official,
    "spokesperson": Level.senior_official,
    "negotiator": Level.senior_official,
    "chief negotiator": Level.senior_official,
    "coordinator": Level.senior_official,
    "official": Level.senior_official,
    "general": None,
    "brigadier general": None,
    "major general": None,
    "lieutenant general": None,
    "colonel": None,
    "commander": None,
    "chief": None,
    "leader": None,
    "chair": None,
    "chairman": None,
    "chairwoman": None,
    "delegate": None,
    "senator": None,
    "governor": None,
}
"""Titles that mark a person as speaking for a party, with the rank they imply."""

TITLE_WORDS: frozenset[str] = frozenset(
    word for title in TITLES for word in title.replace("-", " ").split() if word not in {"of", "state"}
) | frozenset(
    {
        "deputy",
        "vice",
        "acting",
        "senior",
        "top",
        "mr",
        "mrs",
        "ms",
        "dr",
        "brigadier",
        "lieutenant",
        "major",
        "admiral",
        "marshal",
        "field",
        "sheikh",
        "prince",
        "foreign",
        "trade",
        "defence",
        "defense",
        "finance",
        "commerce",
        "economy",
        "interior",
        "humanitarian",
        "army",
    }
)
"""Words that can appear inside a title and are never part of a person's name."""
