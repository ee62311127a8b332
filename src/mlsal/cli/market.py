"""``mlsal market``: industries hiring, top recruiters and career facts (the article's)."""

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

market_app = command_app()


@frozen
class MarketRequest(Value):
    """The hiring report, for one country or (None) every country in the data."""

    country: str | None = None

    def view(self, bands: BandsFile) -> View:
        """Industries, recruiters and career facts in ``bands``."""
        from mlsal.pay.hiring import hiring_report
        from mlsal.render.market import market_view

        return market_view(hiring_report(bands, country=self.country))


@market_app.command(
    epilog="Examples:\n\n  mlsal market\n\n  mlsal market --country US --format csv"
)
def market(
    country: CountryFilterOption = None,
    output_format: FormatOption = OutputFormat.table,
    data: DataOption = None,
) -> None:
    """Who hires ML engineers and the career facts readers ask about.

    Every item is the article's claim: industries hiring, top recruiters per country, time
    to become job-ready, and whether ML engineers out-earn data scientists, which is checked
    against the measured role factors.
    """
    show(MarketRequest(country=country), data=data, output_format=output_format)
