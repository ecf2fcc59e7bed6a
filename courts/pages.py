"""HTML pages for people (the API serves programs)."""

from django.shortcuts import get_object_or_404, render

from courts.forms import JurisdictionForm
from courts.jurisdiction import NoRulesForCourt, Question, assess
from courts.models import Court


def jurisdiction(request, slug="icc"):
    """Ask whether a court can exercise jurisdiction over some conduct, and read the reasoning."""
    court = get_object_or_404(Court.objects.select_related("founding_treaty"), slug=slug)
    form = JurisdictionForm(request.GET or None)
    assessment = error = None
    if form.is_valid():
        try:
            assessment = assess(court, Question(**form.cleaned_data))
        except NoRulesForCourt as exc:
            error = str(exc)
    return render(
        request, "courts/jurisdiction.html", {"court": court, "form": form, "assessment": assessment, "error": error}
    )
