"""The charts page (server-side SVG from the live records) and the data it draws, as JSON."""

import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import render

from charts.series import designations_over_time, parties_over_time
from charts.svg import step_chart
from sanctions.models import SanctionProgram

PARAMETERS = {"treaty", "program"}


class BadQuery(ValueError):
    def __init__(self, errors):
        self.errors = errors


def _read(request):
    errors = {name: ["Unknown query parameter. Known: program, treaty."] for name in set(request.GET) - PARAMETERS}
    programs = request.GET.getlist("program")
    known = set(SanctionProgram.objects.filter(code__in=programs).values_list("code", flat=True))
    if set(programs) - known:
        errors["program"] = [f"No program with code {', '.join(sorted(set(programs) - known))}."]
    if errors:
        raise BadQuery(errors)
    return request.GET.get("treaty", "rome-statute"), programs


def _data(request):
    treaty, programs = _read(request)
    return {"parties": parties_over_time(treaty), "designations": designations_over_time(programs)}


def chart_data(request):
    """The series behind /charts/, as JSON: parties over time with withdrawals, designations per program."""
    try:
        return JsonResponse(_data(request), encoder=DjangoJSONEncoder)
    except BadQuery as bad:
        return JsonResponse(bad.errors, status=400)


def charts(request):
    try:
        data = _data(request)
    except BadQuery as bad:
        return render(request, "charts/index.html", {"errors": bad.errors}, status=400)
    today = datetime.date.today()
    parties = data["parties"]
    parties_svg = step_chart(
        title=f"States party to the {parties['title']}",
        label="States party",
        series=[(parties["title"], [(p["date"], p["parties"]) for p in parties["points"]])],
        marks=[(w["effective_date"], f"{w['name']} withdraws") for w in parties["withdrawals"] if w["effective_date"]],
        last=today,
    )
    programs = data["designations"]["programs"]
    designations_svg = step_chart(
        title="Designations in effect, per program",
        label="designations in effect",
        series=[(p["code"], [(d["date"], d["active"]) for d in p["points"]]) for p in programs],
        last=today,
    )
    context = {"parties": parties, "programs": programs, "parties_svg": parties_svg,
               "designations_svg": designations_svg}  # fmt: skip
    return render(request, "charts/index.html", context)
