"""The whole database as a Django fixture with natural keys, which the validating ``loaddata`` reads back."""

from django.core.management import call_command

# Our apps, in dependency order; the name index and the change counter are derived and rebuilt on load.
APPS = ("core", "courts", "sanctions")
DERIVED = ("core.NameKey", "core.DataVersion")


def dump_fixture(path):
    call_command(
        "dumpdata",
        *APPS,
        exclude=list(DERIVED),
        natural_foreign=True,
        natural_primary=True,
        indent=1,
        output=str(path),
        verbosity=0,
    )
