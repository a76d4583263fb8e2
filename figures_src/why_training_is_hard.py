"""Figures of the section "Why training is hard"."""

import numpy as np

from experiments import params
from words import WORDS

from . import diagrams, style
from .registry import figure


def downstream(sizes, connection):
    """Units and connections reached from ``connection`` = (layer, i, j) going forward."""
    layer, i, j = connection
    units, edges = {(layer + 1, j)}, {connection}
    frontier = [j]
    for next_layer in range(layer + 1, len(sizes) - 1):
        for a in frontier:
            for b in range(sizes[next_layer + 1]):
                edges.add((next_layer, a, b))
                units.add((next_layer + 1, b))
        frontier = range(sizes[next_layer + 1])
    return units, edges


@figure()
def connection_tweak(lang, layout="wide"):
    """One first-layer weight changes, and its influence fans out to every output."""
    w = WORDS[lang]
    sizes = params.TWEAK_NETWORK
    units, edges = downstream(sizes, params.TWEAK_CONNECTION)
    fig, (ax,) = style.figure(layout, style.by_layout(layout, wide=4.6, narrow=3.6))
    positions = diagrams.draw_network(ax, sizes, highlight_units=units, highlight_edges=edges)
    names = [w["input_layer"]]
    names += [w["hidden_layer"].format(k=k) for k in range(1, len(sizes) - 1)]
    diagrams.label_layers(ax, sizes, [*names, w["output_layer"]])
    layer, i, j = params.TWEAK_CONNECTION
    (x0, y0), (x1, y1) = positions[layer, i], positions[layer + 1, j]
    ax.annotate(
        w["tweaked_weight"],
        xy=((x0 + x1) / 2, (y0 + y1) / 2),
        xytext=(x0 - 0.2, max(y for _, y in positions.values()) + 0.5),
        ha="center",
        color=style.RED,
        arrowprops={"arrowstyle": "->", "color": style.RED, "lw": 1.2},
    )
    low, high = ax.get_ylim()
    ax.set_ylim(low, high + 0.6)
    return fig


@figure()
def small_nets(lang, layout="wide"):
    """Two tiny networks: two inputs and three inputs feeding one output (no bias)."""
    w = WORDS[lang]
    fig, axes = style.figure(layout, style.by_layout(layout, wide=3.4, narrow=5.0), 2)
    for ax, n in zip(axes, (2, 3), strict=True):
        positions = diagrams.unit_positions((n, 1))
        labels = []
        for i in range(n):
            (x0, y0), (x1, y1) = positions[0, i], positions[1, 0]
            labels.append((x0, y0, x1, y1, w[f"w{i + 1}"]))
        diagrams.draw_network(ax, (n, 1), edge_labels=labels)
        ax.set_title(w["n_weights"].format(n=n))
        ax.set_xlim(-0.6, diagrams.LAYER_GAP + 0.6)
        ax.set_ylim(-1.0, 1.0)
    return fig


@figure()
def sampling(lang, layout="wide"):
    """A square sampled on a 10 x 10 grid beside (or above) a cube sampled on 10 x 10 x 10."""
    w = WORDS[lang]
    k = params.SAMPLES_PER_AXIS
    axis = (np.arange(k) + 0.5) / k
    fig, (square, cube) = style.figure(
        layout, style.by_layout(layout, wide=4.8, narrow=7.2), 2, projections=(None, "3d")
    )
    X, Y = np.meshgrid(axis, axis)
    square_title = w["square_samples"].format(k=k, n=X.size)
    square.scatter(X, Y, s=10, color=style.BLUE, label=square_title)
    square.set(xlim=(0, 1), ylim=(0, 1), aspect="equal", xticks=[0, 1], yticks=[0, 1])
    square.set(xlabel=w["w1"], ylabel=w["w2"])
    square.set_title(square_title)
    X, Y, Z = np.meshgrid(axis, axis, axis)
    cube_title = w["cube_samples"].format(k=k, n=X.size)
    cube.scatter(X, Y, Z, s=3, color=style.BLUE, alpha=0.6, depthshade=False, label=cube_title)
    cube.set(xlim=(0, 1), ylim=(0, 1), zlim=(0, 1), xticks=[0, 1], yticks=[0, 1], zticks=[0, 1])
    cube.set(xlabel=w["w1"], ylabel=w["w2"], zlabel=w["w3"])
    cube.set_box_aspect(None, zoom=0.78)
    cube.set_title(cube_title)
    return fig
