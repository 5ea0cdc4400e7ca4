"""How the workbench's results show: a text table in a terminal, a table and a chart in a notebook.

Charts are embedded as PNG, so that they are saved with the notebook and need no kernel to show.
"""

import base64
import html
import io


class TableAndChart:
    """For results with table() (a header row, then rows, all strings) and chart() (a Figure)."""

    def __str__(self):
        rows = self.table()
        widths = [max(map(len, column)) for column in zip(*rows, strict=True)]
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        )

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        header, *rows = self.table()
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in rows
        )
        return f"<table><tr>{head}</tr>{body}</table>{png_tag(self.chart())}"


class Chart:
    """A matplotlib figure that shows itself in a notebook as an embedded PNG."""

    def __init__(self, figure):
        self.figure = figure

    def _repr_html_(self):
        return png_tag(self.figure)


def png_tag(figure):
    """An <img> tag holding the figure."""
    png = io.BytesIO()
    figure.savefig(png, format="png", dpi=100)
    return f'<img src="data:image/png;base64,{base64.b64encode(png.getvalue()).decode()}">'
