"""The programmes and networks named in the source documents (see DOMAIN.md).

Loaded by a data migration (network.migrations.0007) and kept in step by
`network.services.sync_programmes`, matched by `code`. Which communes are
members is not here: communes are created at run time, and join a network
through `network.services.join`.

The sources give PRIM's years only (2020-2025): its dates are the first and
the last day of those years. Jamaâ Mouwatena's are not given: left empty.
"""

from datetime import date
from typing import Any

SOUSS_MASSA = "souss-massa"
ORIENTAL = "oriental"
BENI_MELLAL_KHENIFRA = "beni-mellal-khenifra"

PRIM = "prim"
MIGRATIONS_DEVELOPMENT = "migrations-developpement"
JAMAA_MOUWATENA = "jamaa-mouwatena"

PROGRAMMES: list[dict[str, Any]] = [
    {
        "code": PRIM,
        "name_fr": "PRIM - Programme Régional d'Initiatives des acteurs de la Migration",
        "name_ar": "البرنامج الجهوي لمبادرات الفاعلين في مجال الهجرة (PRIM)",
        "name_en": "PRIM - Regional Programme of Initiatives of Migration Actors",
        "funders": "AFD (Agence française de développement)",
        "operator": "Expertise France",
        "starts_on": date(2020, 1, 1),
        "ends_on": date(2025, 12, 31),
        "description": (
            "Territorialisation des politiques migratoires dans l'Oriental et le Souss-Massa, en partenariat "
            "avec le ministère des Affaires étrangères (MRE), les conseils régionaux et les wilayas. Cellules "
            "d'accueil des MRE, des personnes de retour et des ressortissants étrangers dans six communes et "
            "trois préfectures/provinces de l'Oriental ; la seconde phase anime un réseau régional des cellules."
        ),
        "regions": [ORIENTAL, SOUSS_MASSA],
    },
    {
        "code": MIGRATIONS_DEVELOPMENT,
        "name_fr": "Partenariat Migrations & Développement",
        "name_ar": "الشراكة مع منظمة الهجرة والتنمية",
        "name_en": "Migrations & Développement partnership",
        "funders": "",
        "operator": "Migrations & Développement",
        "starts_on": date(2021, 5, 6),
        "ends_on": None,
        "description": (
            "Conventions de partenariat entre des communes du Souss-Massa et l'ONG Migrations & Développement "
            "pour ouvrir et accompagner les bureaux d'accueil des Marocains du monde (Aït Melloul : convention "
            "approuvée par le conseil le 6 mai 2021, bureau ouvert en 2022), suivies par l'AFD et Expertise France."
        ),
        "regions": [SOUSS_MASSA],
    },
    {
        "code": JAMAA_MOUWATENA,
        "name_fr": "Jamaâ Mouwatena - Promotion de la Gestion de Proximité dans les Communes",
        "name_ar": "جماعة مواطنة - تشجيع تدبير القرب بالجماعات",
        "name_en": "Jamaâ Mouwatena - Promoting local management in the communes",
        "funders": "GIZ (coopération allemande)",
        "operator": "GIZ, avec la DGCL (ministère de l'Intérieur)",
        "starts_on": None,
        "ends_on": None,
        "description": (
            "Coopération maroco-allemande entre le ministère de l'Intérieur (DGCL) et la GIZ. À Béni Mellal, "
            "le bureau d'accueil de la commune a été refondé avec elle : guide d'accueil, guide des procédures, "
            "registre des usagers, modèle de statistiques mensuelles, fiche d'orientation."
        ),
        "regions": [BENI_MELLAL_KHENIFRA],
    },
]

PRIM_ORIENTAL = "prim-oriental"
PRIM_SOUSS_MASSA = "prim-souss-massa"
MD_SOUSS_MASSA = "md-souss-massa"
JAMAA_MOUWATENA_COMMUNES = "jamaa-mouwatena-communes"

NETWORKS: list[dict[str, Any]] = [
    {
        "code": PRIM_ORIENTAL,
        "kind": "programme",
        "programme": PRIM,
        "name_fr": "Réseau des cellules MRE de l'Oriental (PRIM)",
        "name_ar": "شبكة خلايا استقبال مغاربة العالم بجهة الشرق (PRIM)",
        "name_en": "Network of the Oriental's MRE cells (PRIM)",
        "description": "Les cellules d'accueil ouvertes par PRIM dans l'Oriental (Driouch, Nador, Berkane, Oujda, Guercif, Figuig).",
    },
    {
        "code": PRIM_SOUSS_MASSA,
        "kind": "programme",
        "programme": PRIM,
        "name_fr": "Réseau Souss-Massa (PRIM)",
        "name_ar": "شبكة سوس ماسة (PRIM)",
        "name_en": "Souss-Massa network (PRIM)",
        "description": "Les bureaux d'accueil des communes accompagnées par PRIM dans le Souss-Massa.",
    },
    {
        "code": MD_SOUSS_MASSA,
        "kind": "partnership",
        "programme": MIGRATIONS_DEVELOPMENT,
        "name_fr": "Communes partenaires de Migrations & Développement",
        "name_ar": "الجماعات الشريكة لمنظمة الهجرة والتنمية",
        "name_en": "Partner communes of Migrations & Développement",
        "description": "Communes liées par une convention de partenariat à Migrations & Développement.",
    },
    {
        "code": JAMAA_MOUWATENA_COMMUNES,
        "kind": "programme",
        "programme": JAMAA_MOUWATENA,
        "name_fr": "Communes de Jamaâ Mouwatena",
        "name_ar": "جماعات برنامج جماعة مواطنة",
        "name_en": "Jamaâ Mouwatena communes",
        "description": "Communes dont le bureau d'accueil a été mis en place avec Jamaâ Mouwatena (GIZ).",
    },
]
