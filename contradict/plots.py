"""Figures of a :class:`~contradict.report.Report` for people exploring a story.

Each ``plot_*`` function draws on the matplotlib ``Axes`` it is given (or a new figure)
and returns that Axes, so a notebook cell stays one line and a caller can add titles,
save or combine figures. matplotlib is imported only when a plot is drawn: the library
itself never needs it (``pip install contradict[notebooks]`` brings it).

Example:
    >>> import contradict
    >>> from contradict import plots
    >>> report = contradict.analyze(["seeds/"])
    >>> ax = plots.plot_quantities(report, counted="troops")
    >>> ax.figure.savefig("troops.png")
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover - only for type checkers
    from matplotlib.axes import Axes

    from .report import Report

__all__ = [
    "ANY_UNIT", "STANCE_COLORS", "plot_quantities", "plot_stance_matrix", "plot_topic_map", "project_claims",
]

#: Colour of each stance in :func:`plot_stance_matrix` (conflict stands out; absent is blank).
STANCE_COLORS = {
    "conflict": "#d62728",
    "mixed": "#ff9f1c",
    "agree": "#2ca02c",
    "unrelated": "#d9d9d9",
    "single-source": "#9ecae1",
    "absent": "#ffffff",
}
_OUTLET_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">", "*", "h", "p"]
#: ``unit`` value of :func:`plot_quantities` that keeps every unit (``None`` means plain counts only).
ANY_UNIT = "any"
#: Modalities that are not assertions about the present: drawn hollow so they read as "maybe".
_HYPOTHETICAL = {"projection", "possibility"}


def _new_axes(ax: Any, figsize: tuple[float, float]) -> "Axes":
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # lazily: the library must import without matplotlib

    _, ax = plt.subplots(figsize=figsize)
    return ax


def _outlets(report: "Report") -> list[str]:
    """Every outlet with a claim: the same list in every figure, so an outlet keeps its colour and marker."""
    return report.sentences.loc[report.sentences["status"] == "used", "source"].unique().tolist()


def _outlet_styles(outlets: list[str]) -> dict[str, dict[str, Any]]:
    """A stable marker and colour per outlet, the same in every figure of one report."""
    import matplotlib

    palette = matplotlib.colormaps["tab10"].colors
    return {
        outlet: {"marker": _OUTLET_MARKERS[i % len(_OUTLET_MARKERS)], "color": palette[i % len(palette)]}
        for i, outlet in enumerate(sorted(outlets))
    }


# ----------------------------------------------------------------------------- topic map


def project_claims(report: "Report", dims: int = 2) -> pd.DataFrame:
    """The claim sentences projected onto their first ``dims`` principal components.

    PCA by singular value decomposition of the centred embeddings, with each axis's sign
    fixed (its largest loading positive) so the same report always gives the same map.
    One row per used sentence: ``sentence_id``, ``source``, ``topic_id``, ``topic``,
    ``text`` and ``x``, ``y`` (``z`` ... for more dimensions).

    Example:
        >>> points = project_claims(report)
        >>> points.groupby("topic")[["x", "y"]].mean()  # where each topic sits on the map
    """
    if dims < 1:
        raise ValueError(f"dims must be at least 1, got {dims}")
    used = report.sentences[report.sentences["status"] == "used"].reset_index(drop=True)
    axes_names = ["x", "y", "z"] + [f"pc{i + 1}" for i in range(3, dims)]
    frame = pd.DataFrame({
        "sentence_id": used["id"], "source": used["source"], "topic_id": used["topic_id"],
        "topic": used["topic_id"].map(_topic_names(report)), "text": used["text"],
    })
    embeddings = report.embeddings
    if embeddings is None or len(used) == 0:
        for name in axes_names[:dims]:
            frame[name] = pd.Series(dtype=float)
        return frame
    embeddings = np.asarray(embeddings, dtype=float)
    if embeddings.shape[0] != len(used):
        raise ValueError(f"report has {embeddings.shape[0]} embedding rows for {len(used)} used sentences")
    centred = embeddings - embeddings.mean(axis=0)
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    coordinates = np.zeros((len(used), dims))
    for axis in range(min(dims, components.shape[0])):
        component = components[axis]
        # An SVD axis is defined up to sign; pin it so reruns do not mirror the map.
        sign = 1.0 if component[np.argmax(np.abs(component))] >= 0 else -1.0
        coordinates[:, axis] = centred @ (component * sign)
    for axis, name in enumerate(axes_names[:dims]):
        frame[name] = coordinates[:, axis]
    return frame


def _topic_names(report: "Report") -> dict[int, str]:
    return {int(row.topic_id): f"#{int(row.topic_id)} {row.label}" for row in report.topics.itertuples()}


def plot_topic_map(report: "Report", ax: "Axes | None" = None, *, max_topics: int = 10) -> "Axes":
    """A 2-D map of every claim sentence: colour = topic, marker = outlet, red lines = conflicts.

    Sentences close together say similar things. The ``max_topics`` largest topics that
    more than one outlet speaks on get their own colour and a ``#id`` label near their centre;
    the rest (mostly single-outlet topics, where nothing can conflict) are small grey points.
    Each conflicting pair is joined by a dashed red line.

    Example:
        >>> ax = plot_topic_map(report)
        >>> ax.figure.savefig("map.png", bbox_inches="tight")
    """
    import matplotlib

    ax = _new_axes(ax, (11, 7.5))
    points = project_claims(report, dims=2)
    styles = _outlet_styles(_outlets(report))
    shared = report.topics[report.topics["sources"].map(len) > 1].sort_values(["size", "topic_id"], ascending=[False, True])
    coloured = [int(t) for t in shared["topic_id"].head(max_topics)]
    # tab10, not tab20: tab20's light/dark pairs make neighbouring topics look alike.
    palette = matplotlib.colormaps["tab10"].colors
    topic_color = {topic_id: palette[i % len(palette)] for i, topic_id in enumerate(coloured)}
    names = _topic_names(report)

    in_colour = points["topic_id"].isin(coloured).fillna(False).astype(bool)
    for outlet, style in styles.items():
        grey = points[(points["source"] == outlet) & ~in_colour]
        ax.scatter(grey["x"], grey["y"], marker=style["marker"], s=18, color="#bbbbbb", alpha=0.8, linewidths=0)
        mine = points[(points["source"] == outlet) & in_colour]
        ax.scatter(mine["x"], mine["y"], marker=style["marker"], s=55, c=[topic_color[int(t)] for t in mine["topic_id"]],
                   edgecolors="black", linewidths=0.4, alpha=0.9)
    position = points.set_index("sentence_id")[["x", "y"]]
    conflicts = report.conflicts
    for pair in conflicts.itertuples():
        if pair.a_sentence_id in position.index and pair.b_sentence_id in position.index:
            a, b = position.loc[pair.a_sentence_id], position.loc[pair.b_sentence_id]
            ax.plot([a["x"], b["x"]], [a["y"], b["y"]], color="#d62728", linestyle="--", linewidth=1.3, zorder=0)
    for topic_id in coloured:
        members = points[points["topic_id"] == topic_id]
        if len(members):
            # Offset from the centre so the label does not hide the points it names.
            ax.annotate(f"#{topic_id}", (members["x"].mean(), members["y"].mean()), xytext=(6, 6),
                        textcoords="offset points", fontsize=10, fontweight="bold", ha="left", va="bottom",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": topic_color[topic_id], "alpha": 0.7})

    from matplotlib.lines import Line2D

    topic_handles = [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=topic_color[t],
                            markeredgecolor="black", label=names.get(t, f"#{t}")) for t in coloured]
    topic_handles.append(Line2D([], [], marker="o", linestyle="", markersize=5, markerfacecolor="#bbbbbb",
                                markeredgecolor="none", label="other topics (mostly one outlet)"))
    topic_handles.append(Line2D([], [], color="#d62728", linestyle="--", label=f"conflicting pair ({len(conflicts)})"))
    outlet_handles = [Line2D([], [], marker=style["marker"], linestyle="", markersize=8, markerfacecolor="white",
                             markeredgecolor="black", label=outlet) for outlet, style in styles.items()]
    # The outlet legend sits inside the axes; the long topic legend outside is the axes' own
    # legend, which a tight bounding box (savefig bbox_inches="tight") keeps in the picture.
    outlet_legend = ax.legend(handles=outlet_handles, title="outlet (marker)", loc="best", fontsize=8,
                              title_fontsize=9, framealpha=0.8)
    ax.add_artist(outlet_legend)
    ax.legend(handles=topic_handles, title="topic (colour)", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize=8, title_fontsize=9, frameon=False)
    ax.set_xlabel("first principal component of the sentence embeddings")
    ax.set_ylabel("second principal component")
    ax.set_title(f"{len(points)} claim sentences, {len(report.topics)} topics")
    return ax


# ----------------------------------------------------------------------------- stance matrix


def plot_stance_matrix(report: "Report", ax: "Axes | None" = None, *, include_single_source: bool = True) -> "Axes":
    """The outlet-by-topic stances of :meth:`Report.stance_matrix` as a coloured grid.

    One row per topic (labelled ``#id label``), one column per outlet; each cell is coloured
    by :data:`STANCE_COLORS` and also written out, so the grid reads without colour.
    ``include_single_source=False`` drops topics only one outlet speaks on.

    Example:
        >>> ax = plot_stance_matrix(report, include_single_source=False)
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    matrix = report.stance_matrix().T  # topics as rows: their labels are long, outlets are few
    if not include_single_source:
        matrix = matrix[(matrix != "single-source").all(axis=1) & (matrix != "absent").sum(axis=1).gt(1)]
    stances = list(STANCE_COLORS)
    codes = matrix.apply(lambda column: column.map(stances.index)).to_numpy(dtype=float) if matrix.size else np.zeros((0, 0))
    height = max(2.5, 0.32 * len(matrix) + 1.5)
    ax = _new_axes(ax, (max(6.0, 1.5 * len(matrix.columns) + 4), height))
    ax.imshow(codes if codes.size else np.zeros((1, 1)), cmap=ListedColormap([STANCE_COLORS[s] for s in stances]),
              vmin=-0.5, vmax=len(stances) - 0.5, aspect="auto", interpolation="nearest")
    conflict_counts = _conflicts_per_cell(report)
    names = _topic_names(report)
    ax.set_yticks(range(len(matrix)), [_shorten(names.get(int(t), f"#{t}"), 42) for t in matrix.index], fontsize=8)
    ax.set_xticks(range(len(matrix.columns)), [_shorten(str(c), 18) for c in matrix.columns], rotation=20,
                  ha="right", fontsize=9)
    for row in range(len(matrix)):
        for column in range(len(matrix.columns)):
            stance = matrix.iat[row, column]
            conflicts = conflict_counts.get((matrix.columns[column], int(matrix.index[row])), 0)
            if stance != "absent":
                # "mixed" alone hides how much is contested: say how many pairs conflict.
                shown = f"{stance} · {conflicts} conflict{'s' if conflicts > 1 else ''}" if stance == "mixed" and conflicts else stance
                ax.text(column, row, shown, ha="center", va="center", fontsize=7,
                        color="white" if stance == "conflict" else "black")
    # Thin white lines between cells so neighbouring cells of one colour stay countable.
    ax.set_xticks(np.arange(-0.5, len(matrix.columns), 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(matrix), 1), minor=True)
    ax.grid(which="minor", color="#888888", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    ax.legend(handles=[Patch(facecolor=STANCE_COLORS[s], edgecolor="#888888", label=s) for s in stances],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False, title="stance")
    ax.set_title("How each outlet's claims fare against the other outlets, topic by topic")
    return ax


def _conflicts_per_cell(report: "Report") -> dict[tuple[str, int], int]:
    """Conflicting pairs per (outlet, topic id)."""
    counts: dict[tuple[str, int], int] = {}
    for pair in report.conflicts.itertuples():
        for source in {pair.a_source, pair.b_source}:
            key = (source, int(pair.topic_id))
            counts[key] = counts.get(key, 0) + 1
    return counts


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ----------------------------------------------------------------------------- numbers


def plot_quantities(report: "Report", counted: str | None = "troops", ax: "Axes | None" = None, *,
                    unit: str | None = ANY_UNIT, log: bool | None = None, explain: bool = True) -> "Axes":
    """Every quantity of one counted thing, one row each, grouped by what happens to it.

    Ranges are bars, lower bounds a point with an arrow to the right ("more than"), upper
    bounds an arrow to the left, exact values points, approximate values points with error
    bars over their interval. Colour = outlet; hollow marks are projections or possibilities,
    filled ones facts or estimates. Each row is labelled with the outlet, article date,
    modality and the words as written. ``counted=None`` selects numbers of an unstated thing;
    ``unit`` narrows to one unit (``"km"``; ``None`` = plain counts without a unit). The x axis is logarithmic when the values
    span more than a factor of 20 (``log`` forces it on or off). ``explain=False`` leaves the
    key to the marks out of the title (for small multiples).

    Example:
        >>> ax = plot_quantities(report, counted="troops")  # 60,000–90,000 vs >100,000 at a glance
    """
    quantities = report.quantities()
    chosen = quantities[quantities["counted"].isna()] if counted is None else quantities[quantities["counted"] == counted]
    if unit is None:
        chosen = chosen[chosen["unit"].isna()]
    elif unit != ANY_UNIT:
        chosen = chosen[chosen["unit"] == unit]
    chosen = chosen.assign(event_order=chosen["event"].fillna("~unstated"))
    chosen = chosen.sort_values(["event_order", "low", "date", "source"], kind="stable").reset_index(drop=True)
    ax = _new_axes(ax, (11, max(2.5, 0.45 * len(chosen) + 1.5)))
    thing = counted or "an unstated thing"
    if chosen.empty:
        ax.text(0.5, 0.5, f"no quantities of {thing}", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax

    finite = np.concatenate([chosen["low"].to_numpy(), chosen["high"].to_numpy()])
    finite = finite[np.isfinite(finite)]
    positive = finite[finite > 0]
    use_log = log if log is not None else bool(len(positive) and positive.max() / positive.min() > 20)
    low_limit, high_limit = _x_limits(finite, use_log)
    styles = _outlet_styles(_outlets(report))

    labels = []
    for row_number, row in enumerate(chosen.itertuples(index=False)):
        y = len(chosen) - 1 - row_number  # first row at the top
        style = styles[row.source]
        hollow = row.modality in _HYPOTHETICAL
        face = "white" if hollow else style["color"]
        _draw_interval(ax, y, row, style["color"], face, style["marker"], low_limit, high_limit, use_log)
        ax.annotate(row.interval, (_anchor(row), y), xytext=(0, 7), textcoords="offset points", ha="center",
                    fontsize=7, color=style["color"])
        labels.append(f"{row.source} · {row.date or 'undated'} · {row.modality}: “{_shorten(' '.join(row.quantity_text.split()), 28)}”")

    ax.set_yticks(range(len(chosen)), labels[::-1], fontsize=8)
    for label, source in zip(ax.get_yticklabels(), chosen["source"][::-1]):
        label.set_color(styles[source]["color"])
    _shade_events(ax, chosen)
    if use_log:
        ax.set_xscale("log")
    ax.set_xlim(low_limit, high_limit)
    ax.set_ylim(-0.7, len(chosen) - 0.3)
    ax.grid(axis="x", which="both", color="#e6e6e6", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.xaxis.set_major_formatter(_thousands_formatter())
    unit_text = f" ({unit})" if unit and unit != ANY_UNIT else ""
    ax.set_xlabel(f"{thing}{unit_text}" + (" — log scale" if use_log else ""))
    title = f"Numbers of {thing}{unit_text} in the coverage, one row per mention"
    if explain:
        title += ("\nbar = range · arrow = “more/less than” · dot = exact · whiskers = approximate · "
                  "hollow or dashed = projection")
    ax.set_title(title)
    return ax


def _x_limits(values: np.ndarray, use_log: bool) -> tuple[float, float]:
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
    if use_log:
        low = max(low, 1e-9) if low > 0 else float(values[values > 0].min()) if (values > 0).any() else 1.0
        return low / 1.8, high * 2.2  # room on the right for "more than" arrows
    span = (high - low) or max(abs(high), 1.0)
    return min(0.0, low - 0.05 * span), high + 0.35 * span


def _anchor(row: Any) -> float:
    """Where on the x axis a quantity's label sits: the finite middle of its interval."""
    if math.isinf(row.high):
        return row.low
    if row.kind == "upper_bound":
        return row.high
    return (row.low + row.high) / 2 if row.kind in ("range", "approximate") else row.low


def _draw_interval(ax, y, row, color, face, marker, low_limit, high_limit, use_log) -> None:
    hypothetical = face == "white"
    arrow = {"arrowstyle": "-|>", "color": color, "linewidth": 2, "mutation_scale": 14,
             "linestyle": "--" if hypothetical else "-"}
    if math.isinf(row.high):  # lower bound: from the number towards the right edge
        end = high_limit / 1.15 if use_log else high_limit - 0.03 * (high_limit - low_limit)
        ax.annotate("", xy=(end, y), xytext=(row.low, y), arrowprops=arrow)
        ax.plot([row.low], [y], marker="|" if row.low_open else marker, markersize=12 if row.low_open else 8,
                color=color, markerfacecolor=face, markeredgewidth=2)
    elif row.kind == "upper_bound":  # from the number towards the left edge
        start = max(row.low, low_limit * 1.15 if use_log else low_limit)
        ax.annotate("", xy=(start, y), xytext=(row.high, y), arrowprops=arrow)
        ax.plot([row.high], [y], marker="|", markersize=12, color=color, markeredgewidth=2)
    elif row.kind == "range":
        ax.plot([row.low, row.high], [y, y], color=color, linewidth=7, solid_capstyle="butt", alpha=0.85 if face != "white" else 0.35)
        ax.plot([row.low, row.high], [y, y], linestyle="", marker="|", markersize=12, color=color, markeredgewidth=2)
    elif row.kind == "approximate":
        middle = _anchor(row)
        ax.errorbar([middle], [y], xerr=[[middle - row.low], [row.high - middle]], fmt=marker, color=color,
                    markerfacecolor=face, markersize=8, capsize=5, elinewidth=1.5, markeredgewidth=1.5)
    else:
        ax.plot([row.low], [y], marker=marker, markersize=9, color=color, markerfacecolor=face, markeredgewidth=1.5,
                linestyle="")


def _shade_events(ax, chosen: pd.DataFrame) -> None:
    """Alternate light bands per event ("withdrawal", "build-up"): numbers of different events never conflict."""
    count = len(chosen)
    for band, (event, rows) in enumerate(chosen.groupby("event_order", sort=False)):
        ys = [count - 1 - i for i in rows.index]
        top, bottom = max(ys) + 0.5, min(ys) - 0.5
        if band % 2 == 0:
            ax.axhspan(bottom, top, color="#f2f2f2", zorder=0)
        name = "event not stated" if event == "~unstated" else event
        ax.text(1.01, (top + bottom) / 2, name, transform=ax.get_yaxis_transform(), ha="left", va="center",
                fontsize=8, style="italic", color="#555555")


def _thousands_formatter():
    from matplotlib.ticker import FuncFormatter

    # Whole thousands with separators; small axes (months, km) keep their decimals.
    return FuncFormatter(lambda value, _: f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}")
