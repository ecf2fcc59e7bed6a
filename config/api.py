"""The API's router: every resource under /api/, addressed by its natural key where it has a simple one."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from core import views as core
from courts import views as courts
from sanctions import views as sanctions
from timeline.views import TimelineViewSet


class Router(DefaultRouter):
    """The default router, whose browsable root also lists the endpoints that are not viewsets."""

    extra_root = {"match": "match", "schema": "schema", "docs": "api-docs"}

    def get_api_root_view(self, api_urls=None):
        root = {prefix: self.routes[0].name.format(basename=basename) for prefix, _, basename in self.registry}
        return self.APIRootView.as_view(api_root_dict={**root, **self.extra_root})


router = Router()
router.register("states", courts.StatePartyViewSet, basename="state")
router.register("sources", core.SourceViewSet, basename="source")
router.register("actors", core.ActorViewSet, basename="actor")
router.register("aliases", core.AliasViewSet, basename="alias")
router.register("addresses", core.AddressViewSet, basename="address")
router.register("identity-documents", core.IdentityDocumentViewSet, basename="identitydocument")
router.register("positions", core.PositionViewSet, basename="position")
router.register("treaties", courts.TreatyViewSet, basename="treaty")
router.register("treaty-actions", courts.TreatyActionViewSet, basename="treaty-action")
router.register("courts", courts.CourtViewSet, basename="court")
router.register("referrals", courts.ReferralViewSet, basename="referral")
router.register("court-actions", courts.CourtActionViewSet, basename="court-action")
router.register("charges", courts.ChargeViewSet, basename="charge")
router.register("measures", sanctions.MeasureViewSet, basename="measure")
router.register("instruments", sanctions.LegalInstrumentViewSet, basename="instrument")
router.register("executive-orders", sanctions.ExecutiveOrderViewSet, basename="executive-order")
router.register("instrument-relations", sanctions.InstrumentRelationViewSet, basename="instrument-relation")
router.register("programs", sanctions.SanctionProgramViewSet, basename="program")
router.register("designations", sanctions.DesignationViewSet, basename="designation")
router.register("targets", sanctions.SanctionTargetViewSet, basename="target")
router.register("legislation", sanctions.BillViewSet, basename="bill")
router.register("bill-actions", sanctions.BillActionViewSet, basename="bill-action")
router.register("timeline", TimelineViewSet, basename="timeline")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("auth/", include("rest_framework.urls")),
    path("match/", sanctions.MatchView.as_view(), name="match"),
    path("", include(router.urls)),
]
