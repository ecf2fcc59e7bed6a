from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared records: States, actors, sources"

    def ready(self):
        # After every app is loaded, so that the data version watches courts and sanctions too.
        from core import signals

        signals.connect()
