from courts.models.court_actions import Charge, CourtAction
from courts.models.courts import Court
from courts.models.referrals import Referral
from courts.models.treaties import Treaty, TreatyAction

__all__ = ["Charge", "Court", "CourtAction", "Referral", "Treaty", "TreatyAction"]
