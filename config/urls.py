from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from charts import views as charts
from courts import pages as court_pages

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/", admin.site.urls),
    path("jurisdiction/", court_pages.jurisdiction, name="jurisdiction"),
    path("jurisdiction/<slug:slug>/", court_pages.jurisdiction, name="court-jurisdiction"),
    path("charts/", charts.charts, name="charts"),
    path("charts/data.json", charts.chart_data, name="chart-data"),
    path("api/", include("config.api")),
]
