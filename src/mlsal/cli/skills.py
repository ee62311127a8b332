"""``mlsal skills``: specializations by pay impact and the article's essential skills."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlsal.cli.app import command_app
from mlsal.cli.command import show
from mlsal.cli.options import CountryFilterOption, DataOption, FormatOption
from mlsal.render import OutputFormat
from mlsal.value import Value, frozen

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile
    from mlsal.render import View

skills_app = command_app()


@frozen
class SkillsRequest(Value):
    """The skills report, for one country or (None) every country in the data."""

    country: str | None = None

    def view(self, bands: BandsFile) -> View:
        """The specializations and essential skills in ``bands``."""
        from mlsal.pay.skills import skills_report
        from mlsal.render.skills import skills_view

        return skills_view(skills_report(bands, country=self.country))


@skills_app.command(
    epilog="Examples:\n\n  mlsal skills\n\n  mlsal skills --country IN --format json"
)
def skills(
    country: CountryFilterOption = None,
    output_format: FormatOption = OutputFormat.table,
    data: DataOption = None,
) -> None:
    """Specializations with their multiplier per country, highest first, with the evidence;
    then the essential skills the article names, what each is for and its tools.

    CSV holds the specializations; JSON holds both.
    """
    show(SkillsRequest(country=country), data=data, output_format=output_format)
