from matplotlib.figure import Figure

from workbench.display import Chart, TableAndChart


class Results(TableAndChart):
    def table(self):
        return [["approach", "ms"], ["naive", "120.5"], ["prefetch", "9.1"]]

    def chart(self):
        figure = Figure()
        figure.subplots().bar(["naive", "prefetch"], [120.5, 9.1])
        return figure


def test_prints_aligned_columns():
    assert str(Results()).splitlines() == ["approach  ms", "naive     120.5", "prefetch  9.1"]


def test_shows_an_html_table_and_an_embedded_chart():
    shown = Results()._repr_html_()
    assert "<th>approach</th>" in shown
    assert "<td>prefetch</td><td>9.1</td>" in shown
    assert '</table><img src="data:image/png;base64,' in shown


def test_a_chart_shows_as_an_embedded_png():
    assert Chart(Results().chart())._repr_html_().startswith('<img src="data:image/png;base64,')
