"""The one shape of a command: its options become a frozen request that checks itself; the
request calls the pure core and hands back the result's view; this module loads the bands
and prints the view in the format asked for. Errors go up to :mod:`mlsal.cli.app`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile
    from mlsal.render import OutputFormat, View


class Request(Protocol):
    """What a command asks of the core, checked when built; ``view`` runs it on the bands."""

    def view(self, bands: BandsFile) -> View: ...


def show(request: Request, *, data: str | None, output_format: OutputFormat) -> None:
    """Load the bands file in use, run ``request`` on it and print its view."""
    from mlsal.bands.loader import data_path, load_bands
    from mlsal.render import emit

    emit(request.view(load_bands(data_path(data))), output_format)
