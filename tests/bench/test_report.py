from bench.report import Row, table


def test_rows_check_their_ratio_against_the_target():
    assert Row("03", "feed", "ms", 100, 20, target=5).verdict == "met"
    assert Row("03", "feed", "ms", 100, 25, target=5).verdict == "MISSED"
    assert Row("03", "feed", "queries", 301, 0).ratio == float("inf")


def test_table_lists_every_row_with_its_verdict():
    lines = table([Row("03", "feed", "ms", 100, 20, target=5)]).splitlines()
    assert lines[1].split()[-3:] == [">=", "5x", "met"]
