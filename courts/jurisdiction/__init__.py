"""Can a court exercise jurisdiction over given conduct? A rules engine per court, fed by the records.

``assess(court, question)`` picks the rules registered for the court's slug. The rules read the
dated records (treaty actions, declarations, referrals), so editing those in the admin changes the
answer without a code change; a second court needs a new ``Rules`` subclass, not a rewrite.
"""

from courts.jurisdiction.base import Assessment, Basis, Crime, NoRulesForCourt, Question, Trigger, Verdict
from courts.jurisdiction.icc import RomeStatuteRules

RULES = {"icc": RomeStatuteRules}


def assess(court, question):
    try:
        rules = RULES[court.slug]
    except KeyError:
        raise NoRulesForCourt(f"No jurisdiction rules are implemented for {court}.") from None
    return rules(court).assess(question)


__all__ = ["Assessment", "Basis", "Crime", "NoRulesForCourt", "Question", "RULES", "Trigger", "Verdict", "assess"]
