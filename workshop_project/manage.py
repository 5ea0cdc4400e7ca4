#!/usr/bin/env python
"""Django's command-line utility for the workshop project."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except Exception as error:
        from workshop.services import explain

        if (paragraph := explain(error)) is None:
            raise
        sys.exit(paragraph)  # a setting to fix: its paragraph, not a traceback


if __name__ == "__main__":
    main()
