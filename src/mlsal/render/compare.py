"""Rendering of a comparison: the Rich view, its JSON document and its CSV rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from mlsal.render import Units, View, plain
from mlsal.render.money import format_money

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlsal.pay.compare import Comparison, CountryRef, PayRange


class _Currency(NamedTuple):
    """A currency and the locale it is written in."""

    currency: str
    locale: str


#: International dollars are written as US dollars.
_INTL = _Currency("USD", "en_US")


#: Columns of the CSV form: one row per level, both countries in three views.
CSV_HEADER: tuple[str, ...] = (
    "level", "first", "first_currency", "first_low", "first_mid", "first_high",
    "second", "second_currency", "second_low", "second_mid", "second_high",
    "target_currency", "first_converted_low", "first_converted_mid", "first_converted_high",
    "first_ppp_low", "first_ppp_mid", "first_ppp_high",
    "second_ppp_low", "second_ppp_mid", "second_ppp_high",
    "ratio_nominal", "ratio_ppp", "fx_rate", "fx_base", "fx_quote", "fx_date",
)  # fmt: skip


def _span(pay: PayRange, currency: str, locale: str, units: Units) -> str:
    """Low and high in one currency, joined by an en dash."""
    return " – ".join(format_money(x, currency, locale, units) for x in (pay.low, pay.high))


def _ratio(value: float) -> str:
    """A ratio to three significant digits, e.g. 13.4 or 1.36, with a times sign."""
    return f"{value:.3g}×"


def _rate_line(cmp: Comparison) -> str:
    ex = cmp.exchange
    if ex.base == ex.quote:
        return f"Exchange rate: none needed, both countries pay in {ex.base}."
    where = "--fx, given on the command line" if ex.overridden else f"{ex.source}, {ex.date}"
    return f"Exchange rate: {ex.rate:g} {ex.quote} per {ex.base} ({where})."


def _ppp_line(cmp: Comparison, refs: tuple[CountryRef, CountryRef]) -> str:
    parts = [
        f"{ref.name} {ppp.factor:g} {ref.currency} per international $ ({ppp.year}, {ppp.source})"
        for ref, ppp in zip(refs, cmp.ppp, strict=True)
    ]
    return f"PPP conversion factors, {cmp.ppp[0].measure}: " + "; ".join(parts) + "."


#: The note that points a gross comparison to its take-home view (the data's remark, the
#: article's words, says the figures are gross; the advice on the command is mlsal's own).
NET_HINT = "For take-home pay after tax, add --net."


def compare_renderables(
    cmp: Comparison, units: Units = Units.local, *, suggest_net: bool = True
) -> list[RenderableType]:
    """The side-by-side table, what each view is for, the rates used and the article's remark;
    ``suggest_net``: then the hint to add ``--net`` (left out when the take-home follows, and
    for two countries mlsal cannot tax)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from mlsal.render.layout import Fitting, table_width

    one, two = cmp.first, cmp.second
    target = cmp.target_currency
    heading = Text.assemble(
        ("Machine Learning Engineer pay", "bold"), f" · {one.name} vs {two.name} · per year"
    )
    if cmp.profile is not None:
        chosen = [
            f"{dim} {getattr(cmp.profile, dim)}"
            for dim in ("skill", "education", "employer", "role")
            if getattr(cmp.profile, dim) is not None
        ]
        heading.append(f" · {cmp.profile.years:g} years" + "".join(f", {c}" for c in chosen))
    ratios = f"{two.code}÷{one.code}"
    wide = Table(show_edge=False, pad_edge=False)
    # Stacked: one table per country, for a terminal too narrow for both side by side.
    left = Table(show_edge=False, pad_edge=False)
    right = Table(show_edge=False, pad_edge=False)
    for table, columns in ((wide, (one, two)), (left, (one,)), (right, (two,))):
        table.add_column("Level / view")
        for ref in columns:
            table.add_column(ref.name, justify="right", no_wrap=True)
            table.add_column("mid", justify="right", no_wrap=True)
    for table in (wide, right):
        table.add_column(ratios, justify="right", no_wrap=True)
    cells: list[list[str]] = [[one.name], ["mid"], [two.name], ["mid"], [ratios]]
    for index, row in enumerate(cmp.rows):
        if index:
            for table in (wide, left, right):
                table.add_section()
        for table in (wide, left, right):
            table.add_row(Text(row.label, style="bold"))
        views = (
            ("own currency", row.first.own, row.second.own, one, two, ""),
            (f"{target} at FX", row.first.converted, row.second.converted, two, two,
             _ratio(row.ratio_nominal)),
            ("PPP int'l $", row.first.ppp, row.second.ppp, _INTL, _INTL, _ratio(row.ratio_ppp)),
        )  # fmt: skip
        for name, a, b, a_ref, b_ref, ratio in views:
            first = (
                _span(a, a_ref.currency, a_ref.locale, units),
                format_money(a.mid, a_ref.currency, a_ref.locale, units),
            )
            second = (
                _span(b, b_ref.currency, b_ref.locale, units),
                format_money(b.mid, b_ref.currency, b_ref.locale, units),
            )
            wide.add_row(f"  {name}", *first, *second, ratio)
            for column, text in zip(cells, (*first, *second, ratio), strict=True):
                column.append(text)
            left.add_row(f"  {name}", *first)
            right.add_row(f"  {name}", *second, ratio)
    labels = ["Level / view", *(row.label for row in cmp.rows), "  own currency"]
    word = max(len(part) for label in labels for part in label.split())
    shown = Fitting(wide, Group(left, "", right), least=table_width(cells, wrapped=word + 2))
    notes = [
        f"Low – high and mid, per year. FX: converted to {target} at the exchange rate; "
        "PPP int'l $: divided by each country's PPP factor. Ratios compare the mids.",
        cmp.views,
        _rate_line(cmp),
        _ppp_line(cmp, (one, two)),
    ]
    if cmp.remark:
        notes.append(cmp.remark)
    if suggest_net:
        from mlsal.tax import NET_COUNTRIES

        if {one.code, two.code} & NET_COUNTRIES:
            notes.append(NET_HINT)
    notes.append(f"Pay: {one.name}, {one.pay_basis}; {two.name}, {two.pay_basis}.")
    notes.append("Sources: " + ", ".join(cmp.sources) + " (mlsal docs compare).")
    return [heading, "", shown, "", *(Text(n, style="dim") for n in notes)]


def compare_payload(cmp: Comparison) -> dict[str, Any]:
    """The comparison as a JSON-ready mapping (amounts as numbers per year)."""
    payload: dict[str, Any] = plain(cmp)
    return payload


def compare_rows(cmp: Comparison) -> list[Sequence[object]]:
    """The comparison as CSV rows under ``CSV_HEADER``, one per level."""
    ex = cmp.exchange
    rows: list[Sequence[object]] = []
    for row in cmp.rows:
        a, b = row.first, row.second
        rows.append(
            (
                row.level,
                cmp.first.code,
                cmp.first.currency,
                a.own.low,
                a.own.mid,
                a.own.high,
                cmp.second.code,
                cmp.second.currency,
                b.own.low,
                b.own.mid,
                b.own.high,
                cmp.target_currency,
                a.converted.low,
                a.converted.mid,
                a.converted.high,
                a.ppp.low,
                a.ppp.mid,
                a.ppp.high,
                b.ppp.low,
                b.ppp.mid,
                b.ppp.high,
                f"{row.ratio_nominal:.2f}",
                f"{row.ratio_ppp:.2f}",
                f"{ex.rate:g}",
                ex.base,
                ex.quote,
                ex.date.isoformat() if ex.date else "",
            )
        )
    return rows


def compare_view(
    cmp: Comparison, units: Units = Units.compact, *, suggest_net: bool = True
) -> View:
    """The compare result in every format (``suggest_net``: see ``compare_renderables``)."""
    return View(
        kind="compare",
        payload=lambda: compare_payload(cmp),
        header=CSV_HEADER,
        rows=lambda: compare_rows(cmp),
        renderables=lambda: compare_renderables(cmp, units, suggest_net=suggest_net),
    )
