"""The `motcua` command: `motcua <command>` is `manage.py <command>`."""

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], *sys.argv[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
