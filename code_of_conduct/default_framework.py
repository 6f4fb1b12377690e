"""The starting framework the secretariat begins from and then edits in the portal.

The official text of the Triple C is not public: this is a reasonable starting point built on the
Paris/Busan principles and the former joint country strategy, never a hard-coded framework.
Each principle: (code, title FR, title EN, [commitments]); each commitment: (code, FR, EN,
[indicators]); each indicator: (code, FR, EN, kind, source key, baseline, target).
"""

from decimal import Decimal as D

SCALE_LEVELS_FR = (
    "0 — Pas du tout : aucune pratique en ce sens.\n"
    "1 — Rarement : quelques cas isolés.\n"
    "2 — Partiellement : pratique fréquente mais non systématique.\n"
    "3 — Largement : pratique habituelle, quelques exceptions.\n"
    "4 — Pleinement : pratique systématique et documentée."
)
SCALE_LEVELS_EN = (
    "0 — Not at all: no such practice.\n"
    "1 — Rarely: a few isolated cases.\n"
    "2 — Partly: frequent but not systematic.\n"
    "3 — Largely: the usual practice, with a few exceptions.\n"
    "4 — Fully: systematic and documented practice."
)

S, Y, C = "scale", "yes_no", "computed"

DEFAULT_FRAMEWORK = [
    (
        "1",
        "Appropriation et alignement sur le CREDD",
        "Ownership and alignment on the CREDD",
        [
            (
                "1.1",
                "Aligner nos programmes sur les priorités du CREDD et les politiques sectorielles.",
                "Align our programmes on the CREDD priorities and sector policies.",
                [
                    (
                        "1.1.1",
                        "Les nouveaux programmes sont rattachés à un axe stratégique du CREDD.",
                        "New programmes are linked to a strategic axis of the CREDD.",
                        S,
                        "",
                        D("2.00"),
                        D("3.50"),
                    ),
                    (
                        "1.1.2",
                        "Une part de l'aide est inscrite au budget de l'État (aide sur budget).",
                        "Part of the aid is recorded in the State budget (on-budget aid).",
                        S,
                        "",
                        D("1.50"),
                        D("3.00"),
                    ),
                ],
            ),
        ],
    ),
    (
        "2",
        "Harmonisation et division du travail",
        "Harmonisation and division of labour",
        [
            (
                "2.1",
                "Assumer les rôles de chef de file et respecter la division du travail convenue.",
                "Take on chef de file roles and respect the agreed division of labour.",
                [
                    (
                        "2.1.1",
                        "Le PTF assume ou soutient activement un rôle de chef de file.",
                        "The PTF takes on or actively supports a chef de file role.",
                        Y,
                        "",
                        D("2.00"),
                        D("4.00"),
                    ),
                ],
            ),
            (
                "2.2",
                "Conduire des missions et des analyses conjointes.",
                "Conduct joint missions and analytical work.",
                [
                    (
                        "2.2.1",
                        "Les missions et analyses sont menées conjointement avec d'autres PTF.",
                        "Missions and analyses are carried out jointly with other PTF.",
                        S,
                        "",
                        D("1.50"),
                        D("3.00"),
                    ),
                ],
            ),
        ],
    ),
    (
        "3",
        "Prévisibilité et transparence",
        "Predictability and transparency",
        [
            (
                "3.1",
                "Publier nos données d'aide à temps et communiquer nos plans prévisionnels.",
                "Publish our aid data on time and share our forward plans.",
                [
                    (
                        "3.1.1",
                        "Prévisibilité annuelle : décaissements rapportés aux prévisions (5a).",
                        "Annual predictability: disbursements against schedule (5a).",
                        C,
                        "aid.annual_predictability",
                        D("2.80"),
                        D("3.60"),
                    ),
                    (
                        "3.1.2",
                        "Visibilité à moyen terme : plans prévisionnels à trois ans (5b).",
                        "Forward visibility: three-year forward plans (5b).",
                        C,
                        "aid.forward_visibility",
                        D("2.00"),
                        D("3.00"),
                    ),
                    (
                        "3.1.3",
                        "Actualité des données publiées sur le portail.",
                        "Timeliness of the data published on the portal.",
                        C,
                        "aid.reporting_timeliness",
                        D("2.00"),
                        D("3.50"),
                    ),
                ],
            ),
        ],
    ),
    (
        "4",
        "Responsabilité mutuelle",
        "Mutual accountability",
        [
            (
                "4.1",
                "Participer aux revues conjointes et rendre compte de nos engagements.",
                "Take part in joint reviews and report on our commitments.",
                [
                    (
                        "4.1.1",
                        "Le PTF participe à la revue annuelle conjointe avec le Gouvernement.",
                        "The PTF takes part in the joint annual review with the Government.",
                        Y,
                        "",
                        D("3.00"),
                        D("4.00"),
                    ),
                    (
                        "4.1.2",
                        "Les résultats de nos programmes sont partagés avec les parties prenantes.",
                        "The results of our programmes are shared with stakeholders.",
                        S,
                        "",
                        D("2.00"),
                        D("3.00"),
                    ),
                ],
            ),
        ],
    ),
    (
        "5",
        "Concertation et partage d'information",
        "Concertation and information sharing",
        [
            (
                "5.1",
                "Participer aux instances de concertation et assurer le suivi des décisions.",
                "Attend the coordination bodies and follow up their decisions.",
                [
                    (
                        "5.1.1",
                        "Taux de participation aux réunions des instances de concertation.",
                        "Attendance rate at meetings of the coordination bodies.",
                        C,
                        "coordination.attendance_rate",
                        D("2.80"),
                        D("3.40"),
                    ),
                    (
                        "5.1.2",
                        "Taux de suivi des décisions confiées au PTF.",
                        "Follow-up rate of the decisions assigned to the PTF.",
                        C,
                        "coordination.decision_follow_up_rate",
                        D("2.00"),
                        D("3.20"),
                    ),
                ],
            ),
        ],
    ),
    (
        "6",
        "Sensibilité aux conflits (ne pas nuire)",
        "Conflict sensitivity (Do No Harm)",
        [
            (
                "6.1",
                "Analyser le contexte et appliquer le principe « ne pas nuire ».",
                "Analyse the context and apply the Do No Harm principle.",
                [
                    (
                        "6.1.1",
                        "Une analyse de sensibilité aux conflits précède chaque nouveau programme.",
                        "A conflict-sensitivity analysis precedes every new programme.",
                        S,
                        "",
                        D("1.50"),
                        D("3.00"),
                    ),
                ],
            ),
        ],
    ),
    (
        "7",
        "Inclusion (genre, société civile)",
        "Inclusion (gender, civil society)",
        [
            (
                "7.1",
                "Intégrer le genre et associer la société civile.",
                "Mainstream gender and involve civil society.",
                [
                    (
                        "7.1.1",
                        "Les programmes intègrent une analyse de genre et des indicateurs sexués.",
                        "Programmes include a gender analysis and disaggregated indicators.",
                        S,
                        "",
                        D("2.00"),
                        D("3.50"),
                    ),
                    (
                        "7.1.2",
                        "La société civile est consultée lors de la formulation des programmes.",
                        "Civil society is consulted when programmes are designed.",
                        Y,
                        "",
                        D("2.00"),
                        D("4.00"),
                    ),
                ],
            ),
        ],
    ),
]
