"""Dimensions declare what they read; a number never depends on what else happened to run."""

import pytest

import framing as fr
from framing import registry
from framing.scoring import Scorer


@pytest.fixture(scope="module")
def sample():
    return fr.load_sample()


def test_attribution_alone_gives_the_numbers_it_gives_beside_promotional(sample):
    # issue 14: attribution read promotional's results only when promotional also ran, so
    # sample-03 had attribution_unsourced_claims = 0 alone and 10 with promotional
    alone, _ = fr.analyze(sample, dimensions=["attribution"])
    together, _ = fr.analyze(sample, dimensions=["promotional", "attribution"])
    columns = [c for c in together.columns if c.startswith("attribution_")]
    assert alone["attribution_unsourced_claims"].sum() > 0
    assert alone[columns].fillna(-1).equals(together[columns].fillna(-1))
    assert not any(c.startswith("promotional_") for c in alone.columns)


@pytest.mark.parametrize("name", ["attribution", "criticism", "classifier", "hedging"])
def test_every_dimension_alone_matches_the_full_run(sample, name):
    full, full_ev = fr.analyze(sample[:4])
    alone, alone_ev = fr.analyze(sample[:4], dimensions=[name])
    columns = [c for c in full.columns if c.startswith(f"{name}_")]
    assert columns and list(alone.columns[-len(columns):]) == columns
    assert alone[columns].fillna(-1).equals(full[columns].fillna(-1))
    mine = full_ev[full_ev.dimension == name].reset_index(drop=True)
    assert set(alone_ev.dimension) <= {name}
    assert len(alone_ev) == len(mine)


def test_required_dimensions_run_first_but_are_not_shown():
    assert registry.plan(["criticism"]) == ["promotional", "attribution", "criticism"]
    assert registry.plan(["classifier", "hedging"]) == ["promotional", "hedging", "classifier"]
    scorer = Scorer(["criticism"])
    assert [d.name for d in scorer.dimensions] == ["promotional", "attribution", "criticism"]
    assert scorer.describe()["dimensions"] == ["criticism"]
    # the lexicons of the required dimensions are recorded: they shaped the numbers
    assert any(lid.startswith("promotional") for lid in scorer.describe()["lexicons"])


def test_a_requirement_cycle_and_unknown_names_are_errors(monkeypatch):
    monkeypatch.setitem(registry._REQUIRES, "promotional", ("criticism",))
    with pytest.raises(ValueError, match="require each other"):
        registry.plan(["criticism"])
    with pytest.raises(fr.UnknownNameError):
        registry.plan(["sentiment"])


def test_requires_names_registered_dimensions():
    for name in registry.available():
        assert set(registry.requires(name)) <= set(registry.available())


def test_dimensions_declare_the_record_fields_they_write(sample):
    assert registry.assigns("attribution") == ("attributions",)
    assert registry.assigns("criticism") == ("topic", "topic_reason", "aspects")
    assert registry.assigns("promotional") == () and registry.assigns("classifier") == ("classifier",)
    record = Scorer().score_article(sample[0])
    declared = {f for name in registry.available() for f in registry.assigns(name)}
    assert set(record.parts) == declared


def test_a_record_field_not_declared_or_declared_twice_is_refused(monkeypatch, sample):
    registry.create("attribution")  # loaded as declared, before the declaration is changed
    monkeypatch.setitem(registry._ASSIGNS, "attribution", ())
    with pytest.raises(ValueError, match="'attribution' wrote the record field 'attributions'"):
        Scorer(["attribution"]).score_article(sample[0])
    monkeypatch.setattr(registry, "_FACTORIES", dict(registry._FACTORIES))
    with pytest.raises(ValueError, match="assigns the record field 'aspects', which 'criticism'"):
        registry.register("my_omission", assigns=("aspects",))(object)
    assert "my_omission" not in registry._FACTORIES


def test_unknown_dimension_before_the_catalogue_says_where_the_built_ins_are(monkeypatch):
    monkeypatch.setattr(registry, "_FACTORIES", {})
    with pytest.raises(fr.UnknownNameError, match="use framing.dimensions.create"):
        registry.create("promotional")
    monkeypatch.undo()
    with pytest.raises(fr.UnknownNameError) as info:
        registry.create("promotionl")
    assert "framing.dimensions.create" not in str(info.value)


def test_a_run_imports_only_the_dimensions_it_needs():
    # issue 19: promotional and hedging alone load no model of another dimension (numpy,
    # scikit-learn, the attribution rules: about 0.2 s of CPU per process)
    import subprocess
    import sys

    code = ("import sys\nfrom framing.scoring import Scorer\n"
            "Scorer(['promotional', 'hedging'])\n"
            "print(sorted(m for m in sys.modules if m.startswith(('numpy', 'framing.dim'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert eval(out) == ["framing.dimensions", "framing.dimensions.hedging",
                         "framing.dimensions.lexical", "framing.dimensions.promotional",
                         "framing.dimensions.sense"]  # promotional's sense model, numpy-free


def test_a_declared_dimension_must_register_as_declared(monkeypatch):
    for table in ("_FACTORIES", "_ORDER", "_REQUIRES", "_ASSIGNS", "_DECLARED"):
        monkeypatch.setattr(registry, table, dict(getattr(registry, table)))
    registry.declare("my_dim", "no.such.module", order=70, requires=("hedging",))
    assert "my_dim" in registry.available() and registry.requires("my_dim") == ("hedging",)
    with pytest.raises(ValueError, match="not .* as declared"):
        registry.register("my_dim", order=71, requires=("hedging",))(object)
    registry.register("my_dim", order=70, requires=("hedging",))(dict)
    assert registry.create("my_dim") == {}
    with pytest.raises(ValueError, match="registered twice"):
        registry.declare("my_dim", "no.such.module")
