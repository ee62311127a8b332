"""Take-home views added to other commands' views: ``estimate --net`` (low, mid, high and the
offer after tax) and ``compare``'s two after-tax views per level (own currency, and at PPP).

Each function wraps a command's View (or, for ``batch --net``, its rows) and adds its net
figures to every format, so the command's own rendering is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from mlsal.pay.batch import PricedRow, RejectedRow
from mlsal.render import Units, View

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlsal.pay.compare import Comparison
    from mlsal.tax.net import NetRange

#: Columns ``estimate --net`` adds to the estimate's CSV row.
NET_COLUMNS: tuple[str, ...] = ("net_low", "net_mid", "net_high", "net_offer")

#: What PPP cannot see, said wherever take-home is compared by PPP.
PPP_NATIONAL = (
    "PPP is national: a costly metro (Bengaluru, Mumbai, San Francisco, New York) buys less "
    "than the national figure shows."
)


#: International dollars are written as US dollars.
INTL = ("USD", "en_US")


def net_object(net: NetRange | None) -> dict[str, Any] | None:
    """The JSON ``net`` object: low, mid, high, offer (null without one) and the basis."""
    if net is None:
        return None
    return {
        "low": net.low,
        "mid": net.mid,
        "high": net.high,
        "offer": net.offer,
        "basis": net.basis,
    }


def estimate_with_net(
    view: View, net: NetRange | None, currency: str, locale: str, units: Units
) -> View:
    """The estimate's view with its take-home added: ``net`` in JSON, four CSV columns, and a
    line on the card."""

    def renderables() -> list[RenderableType]:
        from rich.text import Text

        from mlsal.render.money import format_money

        items = list(view.renderables())
        if net is None:
            return [*items, Text("Take-home: not computed for this country.", style="dim")]

        def money(amount: int) -> str:
            return format_money(amount, currency, locale, units)

        shown = f"{money(net.low)} – {money(net.mid)} – {money(net.high)}"
        if net.offer is not None:
            shown += f"; offer {money(net.offer)}"
        return [
            *items,
            "",
            Text.assemble(("Take-home  ", "bold"), (shown, "bold green"), "  (per year)"),
            Text(f"Take-home basis: {net.basis} (mlsal takehome for yours).", style="dim"),
        ]

    def cells() -> tuple[object, ...]:
        if net is None:
            return ("", "", "", "")
        return (net.low, net.mid, net.high, "" if net.offer is None else net.offer)

    return View(
        kind=view.kind,
        payload=lambda: {**view.payload(), "net": net_object(net)},
        header=(*view.header, *NET_COLUMNS),
        rows=lambda: [(*row, *cells()) for row in view.rows()],
        renderables=renderables,
    )


#: Columns ``compare`` adds to each row of its CSV.
COMPARE_NET_COLUMNS: tuple[str, ...] = (
    "first_net_low", "first_net_mid", "first_net_high",
    "second_net_low", "second_net_mid", "second_net_high",
    "first_net_ppp_low", "first_net_ppp_mid", "first_net_ppp_high",
    "second_net_ppp_low", "second_net_ppp_mid", "second_net_ppp_high",
    "ratio_net_ppp",
)  # fmt: skip


def _trio(net: NetRange | None) -> tuple[int, int, int] | None:
    return None if net is None else (net.low, net.mid, net.high)


def _ppp(net: NetRange | None, factor: float) -> tuple[int, int, int] | None:
    from mlsal.pay.compare import CONVERTED_ROUND_TO
    from mlsal.pay.estimate import round_half_up

    if net is None:
        return None
    low, mid, high = (round_half_up(x / factor, CONVERTED_ROUND_TO) for x in _trio(net) or ())
    return (low, mid, high)


def _range(values: tuple[int, int, int] | None) -> dict[str, int] | None:
    if values is None:
        return None
    return dict(zip(("low", "mid", "high"), values, strict=True))


def compare_with_net(
    view: View,
    cmp: Comparison,
    nets: Sequence[tuple[NetRange | None, NetRange | None]],
    units: Units,
) -> View:
    """The comparison with take-home per level, in own currency and at PPP (``nets``: one
    pair per row, first and second country)."""
    factors = (cmp.ppp[0].factor, cmp.ppp[1].factor)

    def ratio(pair: tuple[NetRange | None, NetRange | None]) -> float | None:
        one, two = pair
        if one is None or two is None or one.mid <= 0:
            return None
        return round((two.mid / factors[1]) / (one.mid / factors[0]), 2)

    def payload() -> dict[str, Any]:
        document = dict(view.payload())
        rows = []
        for row, pair in zip(document["rows"], nets, strict=True):
            first = {**row["first"], "net": _range(_trio(pair[0]))}
            first["net_ppp"] = _range(_ppp(pair[0], factors[0]))
            second = {**row["second"], "net": _range(_trio(pair[1]))}
            second["net_ppp"] = _range(_ppp(pair[1], factors[1]))
            rows.append({**row, "first": first, "second": second, "ratio_net_ppp": ratio(pair)})
        basis = nets[0] if nets else (None, None)
        return {
            **document,
            "rows": rows,
            "net_basis": {
                "first": None if basis[0] is None else basis[0].basis,
                "second": None if basis[1] is None else basis[1].basis,
            },
        }

    def csv_rows() -> list[Sequence[object]]:
        out: list[Sequence[object]] = []
        for row, pair in zip(view.rows(), nets, strict=True):
            cells: list[object] = []
            for values in (
                _trio(pair[0]),
                _trio(pair[1]),
                _ppp(pair[0], factors[0]),
                _ppp(pair[1], factors[1]),
            ):
                cells += ["", "", ""] if values is None else list(values)
            found = ratio(pair)
            cells.append("" if found is None else f"{found:.2f}")
            out.append((*row, *cells))
        return out

    def renderables() -> list[RenderableType]:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        from mlsal.render.layout import Fitting, table_width
        from mlsal.render.money import format_money

        one, two = cmp.first, cmp.second
        ratios = f"{two.code}÷{one.code}"
        wide = Table(title="After tax", title_justify="left", show_edge=False, pad_edge=False)
        # Stacked, one table per country, where both do not fit side by side.
        left = Table(title="After tax", title_justify="left", show_edge=False, pad_edge=False)
        right = Table(show_edge=False, pad_edge=False)
        for table, names in ((wide, (one.name, "mid", two.name, "mid")),
                             (left, (one.name, "mid")), (right, (two.name, "mid"))):  # fmt: skip
            table.add_column("Level / view")
            for name in names:
                table.add_column(name, justify="right", no_wrap=True)
        for table in (wide, right):
            table.add_column(ratios, justify="right", no_wrap=True)

        def cells(values: tuple[int, int, int] | None, currency: str, locale: str) -> list[str]:
            if values is None:
                return ["not computed", ""]
            low, mid, high = (format_money(v, currency, locale, units) for v in values)
            return [f"{low} – {high}", mid]

        columns: list[list[str]] = [[one.name], ["mid"], [two.name], ["mid"], [ratios]]
        for index, (row, pair) in enumerate(zip(cmp.rows, nets, strict=True)):
            if index:
                for table in (wide, left, right):
                    table.add_section()
            for table in (wide, left, right):
                table.add_row(Text(row.label, style="bold"))
            found = ratio(pair)
            for name, first, second, end in (
                ("  net, own", cells(_trio(pair[0]), one.currency, one.locale),
                 cells(_trio(pair[1]), two.currency, two.locale), ""),
                ("  net, PPP int'l $", cells(_ppp(pair[0], factors[0]), *INTL),
                 cells(_ppp(pair[1], factors[1]), *INTL),
                 "" if found is None else f"{found:.3g}×"),
            ):  # fmt: skip
                wide.add_row(name, *first, *second, end)
                left.add_row(name, *first)
                right.add_row(name, *second, end)
                for column, text in zip(columns, (*first, *second, end), strict=True):
                    column.append(text)
        labels = ["Level / view", "net, PPP int'l $", *(row.label for row in cmp.rows)]
        word = max(len(part) for label in labels for part in label.split())
        shown = Fitting(wide, Group(left, "", right), least=table_width(columns, wrapped=word + 2))
        notes = [PPP_NATIONAL]
        if nets:
            for ref, net in zip((one, two), nets[0], strict=True):
                basis = "not computed" if net is None else net.basis
                notes.append(f"Take-home, {ref.name}: {basis}.")
        return [
            *view.renderables(),
            "",
            shown,
            "",
            *(Text(note, style="dim") for note in notes),
        ]

    return View(
        kind=view.kind,
        payload=payload,
        header=(*view.header, *COMPARE_NET_COLUMNS),
        rows=csv_rows,
        renderables=renderables,
    )


#: Columns ``batch --net`` adds to each row.
BATCH_NET_COLUMNS: tuple[str, ...] = NET_COLUMNS


def batch_net_records(
    results: Iterable[PricedRow | RejectedRow],
    on_rejected: Callable[[RejectedRow], None],
    net_of: Callable[[str, int], int | None],
) -> Iterator[dict[str, object]]:
    """Each estimate as ``batch_record`` gives it, with the take-home of low, mid, high and
    the offer (None where the country is not taxed); rejected rows go to ``on_rejected``."""
    from mlsal.render.batch import batch_record

    for result in results:
        if isinstance(result, RejectedRow):
            on_rejected(result)
            continue
        record = batch_record(result)
        country = result.profile.country
        amounts = (result.low, result.mid, result.high, result.offer)
        nets = [None if a is None else net_of(country, a) for a in amounts]
        yield {**record, **dict(zip(BATCH_NET_COLUMNS, nets, strict=True))}


def write_batch_net_csv(
    results: Iterable[PricedRow | RejectedRow],
    out: IO[str],
    on_rejected: Callable[[RejectedRow], None],
    net_of: Callable[[str, int], int | None],
) -> None:
    """``batch --net`` as CSV: the batch columns, then net_low, net_mid, net_high, net_offer.

    Written row by row through ``batch_record`` (not the plain batch's shared-text path):
    each row computes up to four take-homes, which costs far more than its text.
    """
    import csv

    from mlsal.render.batch import BATCH_HEADER

    writer = csv.writer(out, lineterminator="\n")
    header = (*BATCH_HEADER, *BATCH_NET_COLUMNS)
    started = False
    for record in batch_net_records(results, on_rejected, net_of):
        if not started:
            writer.writerow(header)
            started = True
        shown = {
            **record,
            "years": f"{record['years']:g}",
            "multiplier": f"{record['multiplier']:.4f}",
        }
        writer.writerow(["" if shown[name] is None else shown[name] for name in header])
    if not started:
        writer.writerow(header)


def write_batch_net_jsonl(
    results: Iterable[PricedRow | RejectedRow],
    out: IO[str],
    on_rejected: Callable[[RejectedRow], None],
    net_of: Callable[[str, int], int | None],
) -> None:
    """``batch --net`` as JSON Lines: each batch record with net_low ... net_offer."""
    import json

    from mlsal.render import SCHEMA_VERSION

    for record in batch_net_records(results, on_rejected, net_of):
        document = {"schema_version": SCHEMA_VERSION, **record}
        out.write(json.dumps(document, separators=(",", ":")) + "\n")  # as write_batch_jsonl
