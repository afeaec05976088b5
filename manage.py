#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        _ = settings.INSTALLED_APPS  # loads the settings: every command, `help` included, refuses a bad configuration
    except ImproperlyConfigured as error:
        sys.exit(f"factcheck cannot start: {error}")
    execute_from_command_line(sys.argv)
