"""The exploration views of a Report (quantities, stance matrix, claim readings) and the
figures drawn from them (contradict.plots), on a report built with fake models."""

from __future__ import annotations

import math
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")  # headless: tests never open windows

import matplotlib.pyplot as plt  # noqa: E402

from contradict import plots  # noqa: E402

from test_pipeline import AFP, BBC, EXPRESS, FOX  # noqa: E402


@pytest.fixture
def report(fake_pipeline):
    return fake_pipeline.analyze([FOX, BBC, EXPRESS, AFP])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ----------------------------------------------------------------------------- Report.quantities


def test_quantities_give_the_express_range_and_the_afp_lower_bound(report):
    quantities = report.quantities()
    express = quantities[quantities["source"] == "Express"].iloc[0]
    assert (express["low"], express["high"], express["kind"]) == (60000.0, 90000.0, "range")
    assert express["interval"] == "60,000–90,000"
    assert express["counted"] == "troops" and express["date"] == "2021-12-25"
    assert "60,000 to 90,000" in express["quantity_text"] and "Estimates" in express["text"]

    afp = quantities[quantities["source"] == "AFP"].iloc[0]
    assert afp["low"] == 100000.0 and math.isinf(afp["high"])
    assert afp["low_open"] and afp["high_open"] and afp["kind"] == "lower_bound"
    assert afp["interval"] == ">100,000" and afp["event"] == "build-up"


def test_quantities_keep_each_rows_sentence_and_topic(report):
    quantities = report.quantities()
    sentences = report.sentences.set_index("id")
    for row in quantities.itertuples():
        assert sentences.loc[row.sentence_id, "text"] == row.text
        assert sentences.loc[row.sentence_id, "topic_id"] == row.topic_id
    assert set(quantities["modality"]) <= {"fact", "estimate", "projection", "possibility"}


def test_quantities_of_a_report_without_numbers_is_an_empty_frame_with_the_columns(fake_pipeline):
    from contradict import Article

    report = fake_pipeline.analyze([
        Article(id="a", source="A", text="Talks with Germany are planned in Geneva."),
        Article(id="b", source="B", text="Talks with Germany were cancelled in Geneva."),
    ])
    quantities = report.quantities()
    assert quantities.empty
    assert {"sentence_id", "low", "high", "low_open", "high_open", "counted", "modality", "topic_id"} <= set(quantities)


# ----------------------------------------------------------------------------- Report.stance_matrix


def test_stance_matrix_has_an_outlet_row_per_outlet_and_a_column_per_topic(report):
    matrix = report.stance_matrix()
    assert list(matrix.index) == ["AFP", "BBC", "Express", "Fox News"]
    assert list(matrix.columns) == list(report.topics["topic_id"])
    assert set(matrix.to_numpy().ravel()) <= {"conflict", "agree", "mixed", "unrelated", "single-source", "absent"}


def test_stance_matrix_marks_the_troop_conflict_and_the_absent_outlets(report):
    matrix = report.stance_matrix()
    troop_topic = int(report.sentences.loc[report.sentences["text"].str.contains("60,000"), "topic_id"].iloc[0])
    assert matrix.loc["Express", troop_topic] == "conflict"
    assert matrix.loc["AFP", troop_topic] == "conflict"
    assert matrix.loc["Fox News", troop_topic] == "agree"  # Fox and BBC agree on >10,000 / ≥10,000
    geneva_topic = int(report.sentences.loc[report.sentences["text"].str.contains("Geneva"), "topic_id"].iloc[0])
    assert matrix.loc["BBC", geneva_topic] == "absent"


def test_stance_matrix_says_single_source_when_nobody_else_speaks(fake_pipeline):
    from contradict import Article

    report = fake_pipeline.analyze([FOX, Article(id="zz", source="Other", text="Volcanic ash closed airports in Iceland.")])
    matrix = report.stance_matrix()
    ash_topic = int(report.sentences.loc[report.sentences["text"].str.contains("ash"), "topic_id"].iloc[0])
    assert matrix.loc["Other", ash_topic] == "single-source"


# ----------------------------------------------------------------------------- Report.claim_readings


def test_claim_readings_write_numbers_as_the_report_does(report):
    readings = report.claim_readings()
    express = readings[readings["source"] == "Express"].iloc[0]
    assert express["numbers"] == ["60,000–90,000 troops"]
    denial = readings[readings["text"].str.contains("denied")].iloc[0]
    assert denial["numbers"] == []
    assert len(readings) == (report.sentences["status"] == "used").sum()


def test_claim_readings_of_one_topic(report):
    topic_id = int(report.topics["topic_id"].iloc[0])
    readings = report.claim_readings(topic_id=topic_id)
    assert len(readings) == int(report.topics["size"].iloc[0])
    assert (readings["topic_id"] == topic_id).all()


# ----------------------------------------------------------------------------- projection


def test_projection_has_one_point_per_claim_and_is_deterministic(report):
    first = plots.project_claims(report)
    again = plots.project_claims(report)
    used = report.sentences[report.sentences["status"] == "used"]
    assert list(first["sentence_id"]) == list(used["id"])
    assert first[["x", "y"]].equals(again[["x", "y"]])
    # identical sentences ("Talks with Germany ...") land on the same point
    talks = first[first["text"].str.startswith("Talks with Germany")]
    assert np.allclose(talks[["x", "y"]].to_numpy()[0], talks[["x", "y"]].to_numpy()[1])


def test_projection_does_not_mirror_when_the_svd_flips_an_axis(report, monkeypatch):
    """An SVD axis is defined up to sign (LAPACK builds may return either): the map must not depend on it."""
    before = plots.project_claims(report)[["x", "y"]].to_numpy()
    svd = np.linalg.svd

    def svd_with_other_signs(matrix, *args, **kwargs):
        u, singular, vt = svd(matrix, *args, **kwargs)
        signs = np.where(np.arange(len(singular)) % 2 == 0, -1.0, 1.0)  # flip the first axis, keep the second...
        return u * signs, singular, vt * signs[:, None]                  # ...an equally valid decomposition

    monkeypatch.setattr(np.linalg, "svd", svd_with_other_signs)
    after = plots.project_claims(report)[["x", "y"]].to_numpy()
    assert np.abs(before[:, 0]).max() > 0.1  # a non-degenerate axis, which a mirror would visibly change
    assert np.allclose(after, before)


def test_projection_axes_are_pinned_in_embedding_space(report):
    """Negated embeddings are the point cloud reflected through its centre: with the axes pinned by
    their largest loading (not by the data's sign), every point lands exactly opposite."""
    flipped = type(report)(**{**report.__dict__, "embeddings": -report.embeddings})
    points = plots.project_claims(report)[["x", "y"]].to_numpy()
    assert np.abs(points).max() > 0.1
    assert np.allclose(plots.project_claims(flipped)[["x", "y"]].to_numpy(), -points)


def test_projection_rejects_embeddings_that_do_not_match_the_sentences(report):
    broken = type(report)(**{**report.__dict__, "embeddings": report.embeddings[:2]})
    with pytest.raises(ValueError, match="embedding rows"):
        plots.project_claims(broken)


# ----------------------------------------------------------------------------- figures


def test_quantity_plot_labels_outlet_date_and_modality(report):
    ax = plots.plot_quantities(report, counted="troops")
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert any(label.startswith("Express · 2021-12-25 · estimate") for label in labels)
    assert any(label.startswith("AFP · 2022-02-17 · fact") for label in labels)
    assert len(labels) == len(report.quantities().query("counted == 'troops'"))
    texts = {text.get_text() for text in ax.texts}
    assert {"60,000–90,000", ">100,000"} <= texts


def test_quantity_plot_of_an_unknown_thing_says_so(report):
    ax = plots.plot_quantities(report, counted="tanks")
    assert "no quantities of tanks" in [text.get_text() for text in ax.texts]


def test_quantity_plot_uses_a_log_axis_only_for_wide_spans(fake_pipeline, report):
    # 10,000 to 100,000: a linear axis keeps the gap between 90,000 and 100,000 visible
    assert plots.plot_quantities(report, counted="troops").get_xscale() == "linear"
    assert plots.plot_quantities(report, counted="troops", log=True).get_xscale() == "log"
    from contradict import Article

    wide = fake_pipeline.analyze([
        Article(id="a", source="A", text="About 200 troops crossed the border."),
        Article(id="b", source="B", text="More than 150,000 troops crossed the border."),
    ])
    assert plots.plot_quantities(wide, counted="troops").get_xscale() == "log"


def test_stance_plot_writes_each_stance_in_its_cell(report):
    ax = plots.plot_stance_matrix(report)
    written = [text.get_text() for text in ax.texts]
    matrix = report.stance_matrix()
    assert sorted(text.split(" · ")[0] for text in written) == sorted(v for v in matrix.to_numpy().ravel() if v != "absent")
    assert "conflict" in written  # Express and AFP conflict on the troop topic
    assert len(ax.get_yticklabels()) == len(report.topics)


def test_topic_map_draws_every_claim_on_the_given_axes(report):
    fig, ax = plt.subplots()
    assert plots.plot_topic_map(report, ax=ax) is ax
    drawn = sum(len(collection.get_offsets()) for collection in ax.collections)
    assert drawn == (report.sentences["status"] == "used").sum()
    conflict_lines = [line for line in ax.lines if line.get_linestyle() == "--" and len(line.get_xdata()) == 2]
    assert len(conflict_lines) == len(report.conflicts)


def test_importing_contradict_plots_does_not_import_matplotlib():
    code = "import sys, contradict.plots; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
