from django.apps import AppConfig


class HistoryConfig(AppConfig):
    """Holds the edit history of every curated record (django-simple-history's historical tables).

    The tables live in an app of their own so that the curated apps' migrations stay about the
    records, and so that ``get_models()`` of core, courts and sanctions lists only the records.
    """

    name = "history"
    verbose_name = "Edit history"

    def ready(self):
        # Proxy models (e.g. SanctionTarget of Actor) share their concrete model's history; simple_history
        # marks only the concrete model's options, which its admin views read.
        from django.apps import apps

        for model in apps.get_models():
            concrete = model._meta.concrete_model
            if model._meta.proxy and hasattr(concrete._meta, "simple_history_manager_attribute"):
                model._meta.simple_history_manager_attribute = concrete._meta.simple_history_manager_attribute
