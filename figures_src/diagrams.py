"""Drawing fully connected networks as layers of circles joined by lines.

A unit is named by ``(layer, index)``, a connection by ``(layer, i, j)``: from unit
``i`` of ``layer`` to unit ``j`` of ``layer + 1``. Highlighted units and connections
are drawn in the accent colour; removed units are greyed and crossed out and their
connections left out.
"""

from . import style

UNIT_RADIUS = 0.16
LAYER_GAP = 1.5
UNIT_GAP = 0.6


def unit_positions(sizes):
    """Centre ``(x, y)`` of every unit, layers left to right, units top to bottom."""
    tallest = max(sizes)
    positions = {}
    for layer, size in enumerate(sizes):
        top = (tallest - 1) * UNIT_GAP / 2 + (size - 1) * UNIT_GAP / 2
        for i in range(size):
            y = top - i * UNIT_GAP - (tallest - 1) * UNIT_GAP / 2
            positions[layer, i] = (layer * LAYER_GAP, y)
    return positions


def draw_network(
    ax,
    sizes,
    *,
    highlight_units=(),
    highlight_edges=(),
    removed=(),
    accent=style.RED,
    edge_labels=None,
):
    """Draw the network ``sizes`` (units per layer) on ``ax``; return unit positions."""
    from matplotlib.patches import Circle

    positions = unit_positions(sizes)
    highlight_units, highlight_edges, removed = (
        set(highlight_units),
        set(highlight_edges),
        set(removed),
    )
    for layer in range(len(sizes) - 1):
        for i in range(sizes[layer]):
            for j in range(sizes[layer + 1]):
                if (layer, i) in removed or (layer + 1, j) in removed:
                    continue
                (x0, y0), (x1, y1) = positions[layer, i], positions[layer + 1, j]
                lit = (layer, i, j) in highlight_edges
                ax.plot(
                    [x0, x1],
                    [y0, y1],
                    color=accent if lit else style.GREY,
                    lw=2.4 if lit else 0.8,
                    alpha=1.0 if lit else 0.6,
                    zorder=2 if lit else 1,
                    solid_capstyle="butt",
                )
    for x0, y0, x1, y1, text in edge_labels or ():
        ax.text(
            (x0 + x1) / 2,
            (y0 + y1) / 2,
            text,
            ha="center",
            va="center",
            fontsize=13,
            color=style.INK,
            bbox={"boxstyle": "round,pad=0.15", "fc": style.PAPER, "ec": "none"},
            zorder=4,
        )
    for unit, (x, y) in positions.items():
        if unit in removed:
            face, edge = style.PAPER, style.LIGHT
        elif unit in highlight_units:
            face, edge = accent, accent
        else:
            face, edge = style.PAPER, style.INK
        ax.add_patch(Circle((x, y), UNIT_RADIUS, fc=face, ec=edge, lw=1.5, zorder=3))
        if unit in removed:
            r = UNIT_RADIUS * 0.9
            for sign in (1, -1):
                ax.plot(
                    [x - r, x + r], [y - sign * r, y + sign * r], color=style.GREY, lw=1.6, zorder=4
                )
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    pad = UNIT_RADIUS * 1.6
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.set_aspect("equal")
    ax.axis("off")
    return positions


def label_layers(ax, sizes, names, *, below=True):
    """Write one name under (or over) each layer."""
    positions = unit_positions(sizes)
    ys = [y for _, y in positions.values()]
    y = min(ys) - UNIT_RADIUS * 2.2 if below else max(ys) + UNIT_RADIUS * 2.2
    for layer, name in enumerate(names):
        ax.text(
            layer * LAYER_GAP,
            y,
            name,
            ha="center",
            va="top" if below else "bottom",
            fontsize=11,
            color=style.INK,
        )
    low, high = ax.get_ylim()
    ax.set_ylim(min(low, y - 0.45), high) if below else ax.set_ylim(low, max(high, y + 0.45))
