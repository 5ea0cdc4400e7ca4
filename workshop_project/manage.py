#!/usr/bin/env python
"""Django's command-line utility for the workshop project."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshop.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:  # a setting to fix: say which, without a traceback
        sys.exit(f"ImproperlyConfigured: {error}")


if __name__ == "__main__":
    main()
