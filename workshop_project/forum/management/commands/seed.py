from django.core.management.base import BaseCommand

from forum import seeding


class Command(BaseCommand):
    help = "Fill the database with a deterministic forum dataset (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "size",
            nargs="?",
            default="workshop",
            choices=seeding.SIZES,
            help="dataset size (default: workshop)",
        )
        parser.add_argument("--reset", action="store_true", help="delete the data first")

    def handle(self, size, reset, verbosity, **options):
        if reset:
            seeding.reset()
        if seeding.seed(size, progress=verbosity > 0):
            self.stdout.write(self.style.SUCCESS(f"Seeded the {size} dataset."))
        else:
            self.stdout.write("The database already has forum data; add --reset to rebuild it.")
        if seeding.is_local_database():
            self.stdout.write(
                f"Admin login: {seeding.ADMIN_USERNAME} / {seeding.ADMIN_PASSWORD} "
                "(made for a local workbook database only)."
            )
        else:
            self.stdout.write(
                "No admin/admin login: the database is not on this machine. "
                "Create an admin with manage.py createsuperuser."
            )
