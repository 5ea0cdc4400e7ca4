"""The Django project the workbook's notebooks boot."""
