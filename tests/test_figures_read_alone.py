"""Every figure reads on its own (`figures_src.reads_alone`): the rule, tried on drawings made
here that break it one way at a time, and the build refusing a figure that breaks it.

Every real figure meets the rule in every layout, theme and language because the build checks
each one as it draws it: `make figures` (and `test_figures.test_everything_built`) fails on one
that does not.
"""

from __future__ import annotations

import pytest

from figures_src import build, reads_alone, registry, style


def plot():
    """A figure of two plots side by side (the wide layout), the right one sharing the left
    one's y label."""
    fig, (left, right) = style.figure("wide", 2.4, 2)
    for ax in (left, right):
        ax.plot([0, 1, 2], [2, 1, 0.5], color="C0", label="$L(w)$")
        ax.set_xlabel("$w$")
    left.set_ylabel("$L$")
    fig.canvas.draw()
    return fig, left, right


def problems_of(change) -> list[str]:
    """The rule's complaints about `plot()` after `change(fig, left, right)`."""
    with style.drawing("en"):
        fig, left, right = plot()
        try:
            change(fig, left, right)
            fig.canvas.draw()
            return reads_alone.problems(fig)
        finally:
            style.close(fig)


def test_a_plot_with_its_labels_reads_on_its_own():
    assert problems_of(lambda fig, left, right: None) == []


def test_a_missing_x_label_is_named():
    found = problems_of(lambda fig, left, right: right.set_xlabel(""))
    assert found == ["axes 1 ('') has no x label"]


def test_a_y_label_shared_from_the_left_counts_but_not_one_from_the_right():
    def move_label(fig, left, right):
        left.set_ylabel("")
        right.set_ylabel("$L$")

    assert problems_of(move_label) == ["axes 0 ('') has no y label"]


def test_a_switched_off_axes_needs_no_labels():
    def picture(fig, left, right):
        right.set_axis_off()
        right.set_xlabel("")

    assert problems_of(picture) == []


def test_a_3d_plot_needs_a_z_label_or_a_title():
    def surface(fig, left, right):
        ax = fig.add_subplot(2, 2, 4, projection="3d")
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")

    assert "3-D axes 2 has neither a z label nor a title" in problems_of(surface)


def test_a_marker_outside_the_legend_is_named_until_the_legend_lists_it():
    def star(fig, left, right):
        left.plot([1], [1], "*", color="C3", label="minimum")

    assert problems_of(star) == ["axes 0: a Line2D labelled 'minimum'"]

    def star_in_legend(fig, left, right):
        star(fig, left, right)
        left.legend()

    assert problems_of(star_in_legend) == []


def test_a_scatter_is_explained_by_legend_markers_of_all_its_colours():
    def dots(fig, left, right):
        right.scatter([0, 1], [1, 0], c=["C1", "C2"], label="_nolegend_")
        right.plot([], [], "o", color="C1", label="train")
        right.plot([], [], "o", color="C2", label="test")
        right.legend()

    assert problems_of(dots) == []

    def one_colour_unexplained(fig, left, right):
        right.scatter([0, 1], [1, 0], c=["C1", "C4"], label="_nolegend_")
        right.plot([], [], "o", color="C1", label="train")
        right.legend()

    assert problems_of(one_colour_unexplained) == ["axes 1: a PathCollection labelled '_nolegend_'"]


def test_the_build_refuses_a_figure_that_does_not_read_on_its_own(monkeypatch, tmp_path):
    def unlabelled(lang, layout="wide"):
        fig, (ax,) = style.figure(layout, 2.0)
        ax.plot([0, 1], [1, 0])
        ax.set_title("loss")
        return fig

    spec = registry.FigureSpec("unlabelled", unlabelled)
    monkeypatch.setattr(build, "_spec", lambda name: spec)
    with pytest.raises(build.FigureError) as caught:
        build.render_layout("unlabelled", "ko", "narrow", "dark")
    message = str(caught.value)
    assert message.startswith("figure ko/unlabelled (narrow, dark) does not read on its own")
    assert "has no x label" in message and "has no y label" in message
    _, _, _, error = build._job("unlabelled", "ko", tmp_path, "key")
    assert "Traceback" not in error and "does not read on its own" in error
