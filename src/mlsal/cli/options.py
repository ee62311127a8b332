"""Options that several commands share, declared once: the profile (country, years and the
four factors), the output format and units, the bands and tax rules files, and where output
goes."""

from __future__ import annotations

from typing import Annotated

import typer

from mlsal.cli.completion import (
    complete_city,
    complete_country,
    complete_education,
    complete_employer,
    complete_role,
    complete_skill,
)
from mlsal.render import OutputFormat, Units

CountryOption = Annotated[
    str,
    typer.Option(
        "--country",
        "-c",
        help="Country code or name: IN, US, india, usa.",
        metavar="CODE",
        autocompletion=complete_country,
    ),
]
CountryFilterOption = Annotated[
    str | None,
    typer.Option(
        "--country",
        "-c",
        help="Only this country: IN, US, india, usa.",
        metavar="CODE",
        autocompletion=complete_country,
    ),
]
YearsOption = Annotated[
    str,
    typer.Option(
        "--years",
        "-y",
        metavar="YEARS",
        help="Years of experience, 0 to 60; may be fractional (3.5).",
    ),
]
CityOption = Annotated[
    str | None,
    typer.Option(
        "--city",
        metavar="CITY",
        help="City or metro area (aliases such as Bangalore work).",
        autocompletion=complete_city,
    ),
]
SkillOption = Annotated[
    str | None,
    typer.Option(
        "--skill",
        metavar="SKILL",
        help="Specialization: general, deep-learning, computer-vision, nlp, ...",
        autocompletion=complete_skill,
    ),
]
EducationOption = Annotated[
    str | None,
    typer.Option(
        "--education",
        "--cert",
        metavar="EDUCATION",
        help="Certification / education: none, certification, portfolio, ms, phd.",
        autocompletion=complete_education,
    ),
]
EmployerOption = Annotated[
    str | None,
    typer.Option(
        "--employer",
        metavar="TYPE",
        help="Employer type (it-services, product, big-tech, ...) or a listed company (Flipkart).",
        autocompletion=complete_employer,
    ),
]
RoleOption = Annotated[
    str | None,
    typer.Option(
        "--role",
        metavar="ROLE",
        help="Role: machine-learning-engineer (default), data-scientist, applied-scientist, "
        "research-scientist, ai-engineer.",
        autocompletion=complete_role,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format", "-f", case_sensitive=False, help="Output: table for people, json or csv."
    ),
]
UnitsOption = Annotated[
    Units,
    typer.Option(
        "--units",
        case_sensitive=False,
        help="Money in tables: local (lakh for INR, full dollars), full or compact.",
    ),
]
DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        envvar="MLSAL_DATA",
        show_envvar=True,
        metavar="PATH",
        help="A bands file to use instead of the bundled one.",
    ),
]
TaxDataOption = Annotated[
    str | None,
    typer.Option(
        "--tax-data",
        envvar="MLSAL_TAX_DATA",
        show_envvar=True,
        metavar="PATH",
        help="A tax rules file to use instead of the bundled one.",
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write here instead of stdout (- is stdout); written whole or not at all.",
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="With --output: replace an existing file.")
]
