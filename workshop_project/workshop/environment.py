"""The settings' environment variables, read with errors that name the variable and the fix."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def database(default_url, **options):
    """DATABASES["default"] from DATABASE_URL (default_url when it is unset)."""
    url = os.environ.get("DATABASE_URL") or default_url
    try:
        return dj_database_url.parse(url, **options)
    except ValueError as error:  # dj-database-url's errors for unknown schemes and bad URLs
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} is not a database URL ({error}). Write it like "
            "postgres://USER@HOST:5432/NAME, or unset DATABASE_URL to use the built-in SQLite file."
        ) from None


def seconds(name, default):
    """A number of seconds, zero or more, from the variable `name`."""
    value = os.environ.get(name, default)
    try:
        number = float(value)
    except ValueError:
        number = -1
    if not number >= 0:  # also refuses nan
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a number of seconds: set it to 0 or more (e.g. "
            f"{name}={default}), or unset it for the default, {default}."
        )
    return number
