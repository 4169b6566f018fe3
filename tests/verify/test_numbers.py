"""The number-bearing expressions of running text, exactly as found."""

from ctcstudy.verify.numbers import numbers


def found(text):
    return [(n.text, n.kind, n.value, n.low, n.high, n.relation, n.total) for n in numbers(text)]


def test_words_ranges_shares_and_comparisons_and_no_dates_or_pointers():
    text = (
        "We interviewed seven leaders, two or three per coalition, in 2019 (Table 1, p. 4, §3, Q3.29). "
        "Coalition building rose from 74% in 2008 to 81.3 percent in 2011, about two-thirds overall, "
        "in over 150 organizations across 2008-2011; nearly 500 NGOs; 7 of 9 items; between 5 and 7 staff; "
        "2-3 leaders; 1,250 records; no one; the 2nd wave; H2."
    )
    assert found(text) == [
        ("seven", "word", 7.0, None, None, "", None),
        ("two or three", "range", None, 2.0, 3.0, "", None),
        ("74%", "percent", 74.0, None, None, "", None),
        ("81.3 percent", "percent", 81.3, None, None, "", None),
        ("about two-thirds", "fraction", 200 / 3, None, None, "~", None),
        ("over 150", "comparison", 150.0, None, None, ">", None),
        ("nearly 500", "comparison", 500.0, None, None, "~<", None),
        ("7 of 9", "n_of_m", 7.0, None, None, "", 9.0),
        ("between 5 and 7", "range", None, 5.0, 7.0, "", None),
        ("2-3", "range", None, 2.0, 3.0, "", None),
        ("1,250", "integer", 1250.0, None, None, "", None),
    ]


def test_one_or_five_is_two_numbers_not_a_range():
    assert [n.text for n in numbers("one or five coalitions")] == ["one", "five"]
