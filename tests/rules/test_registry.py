from metricsmith.rules import RULE_IDS, audit, explain, get_rule, rules


def test_rule_ids_are_the_documented_ones():
    assert RULE_IDS == (
        "activity-as-value", "vanity", "not-measurable", "opinion-not-fact", "no-goal", "no-owner",
        "owner-is-department", "baseline-or-target-missing", "target-not-better",
        "goal-needs-leading-and-lagging", "goal-not-measurable", "goal-result-is-activity", "goal-target-no-date",
        "set-size", "duplicate", "impossible-value",
    )


def test_every_rule_has_bilingual_title_and_explanation():
    for rid, info in rules().items():
        assert info.severity in ("error", "warning", "info")
        for lang in ("en", "ru"):
            assert info.title_in(lang) and len(info.explanation_in(lang)) > 60
        assert info.title_in("en") != info.title_in("ru")
        assert rid in explain(rid, "ru")


def test_unknown_rule_names_the_known_ones():
    try:
        get_rule("nope")
    except KeyError as exc:
        assert "activity-as-value" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected KeyError")


def test_findings_use_only_registered_rules(full):
    from metricsmith.models import Metric

    metrics = [full(id="a", name="Calls made", owner="Sales team", baseline=5.0, target=1.0),
               Metric(id="b", name="GRR", actual=120.0), Metric(id="c", name="Site visits")]
    found = audit(metrics)
    assert found and {f.rule for f in found} <= set(RULE_IDS)
    assert all(f.message for f in found)
