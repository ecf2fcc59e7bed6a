"""The International Criminal Court's preconditions to jurisdiction, article by article (Rome Statute).

Follows ``../shared/facts/rome-statute-jurisdiction.md``: art. 11 (temporal), 12(2) (territory or
nationality of a party), 12(3) (declarations by non-parties), 13(b) (Security Council referrals),
15 bis (aggression), 26 (under-18s), 124 (transitional declarations) and 127 (withdrawal). It
answers whether the Court *can* act, not whether a case is admissible (art. 17).
"""

from django.db.models import Prefetch

from core.models import Source
from courts.jurisdiction.base import Assessment, Basis, Crime, Rules, Trigger, Verdict
from courts.models import Referral, TreatyAction
from courts.models.treaties import standing_on

ROLE_NAMES = {"territory": "territorial State", "nationality": "State of nationality"}
ROLE_ARTICLE = {"territory": "12(2)(a)", "nationality": "12(2)(b)"}
# Which declaration scopes speak to which role of a State; an empty scope speaks to both.
ROLE_SCOPES = {"territory": ("", TreatyAction.Scope.TERRITORY), "nationality": ("", TreatyAction.Scope.NATIONALS)}


def _day(date):
    return f"{date.day} {date:%B %Y}"


class RomeStatuteRules(Rules):
    def assess(self, question):
        result = Assessment(court=self.court, question=question)
        treaty = self.court.founding_treaty
        if treaty is None or treaty.entered_into_force_on is None:
            return result.decide(Verdict.UNDETERMINED, "The founding treaty or its entry into force is not recorded.")
        trigger = Trigger(question.trigger).label
        result.step(f"Question: {Crime(question.crime).label} on {_day(question.date)}, {trigger}.")

        in_force = treaty.entered_into_force_on
        if question.date < in_force:
            result.bases.append(Basis("11(1)", treaty, holds=False))
            return result.decide(
                Verdict.NO,
                f"Art. 11(1): the Court has jurisdiction only over crimes committed after the Statute entered into "
                f"force on {_day(in_force)}; the conduct is earlier.",
            )
        result.step(f"Art. 11(1): the conduct is after the Statute entered into force ({_day(in_force)}).")

        if question.age is not None and question.age < 18:
            return result.decide(
                Verdict.NO, f"Art. 26: no jurisdiction over a person under 18 at the time (age {question.age})."
            )

        if question.trigger == Trigger.SECURITY_COUNCIL:
            return self._security_council(question, result)
        if question.crime == Crime.AGGRESSION:
            return result.decide(
                Verdict.UNDETERMINED,
                "Arts. 15 bis and 15 ter: for aggression on a State referral or proprio motu, jurisdiction depends on "
                "the acceptance of the Kampala amendments and excludes nationals and territory of non-parties; "
                "this needs legal review. On a Security Council referral the Court can act.",
            )
        return self._preconditions(question, result, treaty)

    def _security_council(self, question, result):
        if question.territory is None:
            return result.decide(
                Verdict.UNDETERMINED,
                "Art. 13(b): a Security Council referral covers a situation; give the territory to find it.",
            )
        referrals = [
            referral
            for referral in Referral.objects.filter(
                court=self.court, referred_by=Referral.ReferredBy.SECURITY_COUNCIL, territory=question.territory
            ).prefetch_related("sources")
            if referral.covers(question.date)
        ]
        if not referrals:
            return result.decide(
                Verdict.NO,
                f"Art. 13(b): no Security Council referral on record covers {question.territory.name} on "
                f"{_day(question.date)}.",
            )
        referral = referrals[0]
        result.bases.append(Basis("13(b)", referral, state=question.territory))
        return result.decide(
            Verdict.YES,
            f"Art. 13(b): the Security Council referred the situation in {referral.situation} "
            f"({referral.resolution or 'resolution'}, {_day(referral.date)}), covering conduct from "
            f"{_day(referral.period_start)}. The art. 12(2) preconditions do not apply: neither the territorial "
            f"State nor the State of nationality needs to be a party.",
        )

    def _preconditions(self, question, result, treaty):
        result.step(
            "Art. 12(2): on a State referral or proprio motu, the territorial State or the State of nationality "
            "must have been a party, or have accepted jurisdiction under art. 12(3), at the time of the conduct. "
            "One is enough."
        )
        accepted, unknown = False, []
        for role, state in (("territory", question.territory), ("nationality", question.nationality)):
            if state is None:
                unknown.append(role)
                result.step(f"The {ROLE_NAMES[role]} is not given.")
                continue
            accepted = self._accepts(treaty, state, role, question, result) or accepted
        if accepted:
            return result.decide(Verdict.YES, "At least one precondition of art. 12(2) is met: the Court can act.")
        if unknown:
            return result.decide(
                Verdict.UNDETERMINED,
                "No known State provides a basis; the unknown "
                + " and ".join(ROLE_NAMES[role] for role in unknown)
                + " could.",
            )
        return result.decide(Verdict.NO, "Neither the territorial State nor the State of nationality provides a basis.")

    def _accepts(self, treaty, state, role, question, result):
        """Did ``state``, in ``role``, accept the Court's jurisdiction over this conduct? Records every step."""
        when = question.date
        actions = list(
            treaty.actions.filter(state=state).prefetch_related(Prefetch("sources", Source.objects.only("key")))
        )
        article = ROLE_ARTICLE[role]
        label = f"{state.name} ({'territory' if role == 'territory' else 'nationality'})"

        excluded = self._article_124(actions, role, question)
        if excluded is not None:
            result.bases.append(Basis("124", excluded, state=state, holds=False))
            result.step(
                f"{label}: its art. 124 declaration excludes war crimes "
                f"{'on its territory' if role == 'territory' else 'by its nationals'} from "
                f"{_day(excluded.period_start)} to {_day(excluded.period_end)}: no basis through this State."
            )
            return False

        standing = standing_on(actions, when)
        if standing.status == TreatyAction.Status.PARTY:
            result.bases.append(Basis(article, standing.consent, state=state))
            result.step(
                f"{label}: a party on {_day(when)}; its {standing.consent.get_action_type_display()} took effect on "
                f"{_day(standing.consent.effective_date)} (art. {article})."
            )
            later = [a for a in actions if a.action_type == TreatyAction.Type.WITHDRAWAL and a.effective_date > when]
            for withdrawal in later:
                result.bases.append(Basis("127(2)", withdrawal, state=state))
                result.step(
                    f"{label}: its withdrawal took effect on {_day(withdrawal.effective_date)}, after the conduct; "
                    "art. 127(2) keeps crimes committed while it was a party within jurisdiction."
                )
            for announcement in self._announcements(actions, when):
                result.step(
                    f"{label}: withdrawal announced on {_day(announcement.date)} but not notified to the depositary; "
                    "an announcement has no legal effect (art. 127), so the State remains a party."
                )
            return True

        self._explain_not_party(actions, standing, label, when, result, state)
        for declaration in self._declarations(actions, role, when):
            result.bases.append(Basis("12(3)", declaration, state=state))
            until = _day(declaration.period_end) if declaration.period_end else "open-ended"
            result.step(
                f"{label}: its art. 12(3) declaration lodged on {_day(declaration.date)} accepts jurisdiction over "
                f"conduct from {_day(declaration.period_start)} ({until}), which covers {_day(when)}"
                + (
                    "; art. 11(2) allows it to reach back before the State became a party."
                    if standing.consent is None
                    else "."
                )
            )
            return True
        return False

    def _explain_not_party(self, actions, standing, label, when, result, state):
        status = TreatyAction.Status
        if standing.status == status.WITHDRAWN:
            result.bases.append(Basis("127", standing.withdrawal, state=state, holds=False))
            result.step(
                f"{label}: its withdrawal took effect on {_day(standing.withdrawal.effective_date)}, before the "
                "conduct; it was no longer a party."
            )
            return
        later = [a for a in actions if a.is_consent and a.effective_date and a.effective_date > when]
        if later:
            consent = min(later, key=lambda a: a.effective_date)
            result.bases.append(Basis("11(2)", consent, state=state, holds=False))
            result.step(
                f"{label}: it became a party only on {_day(consent.effective_date)}, after the conduct; art. 11(2) "
                "limits jurisdiction to later crimes unless an art. 12(3) declaration covers the period."
            )
            return
        result.step(f"{label}: not a party on {_day(when)} ({status(standing.status).label}).")

    @staticmethod
    def _announcements(actions, when):
        return [a for a in actions if a.action_type == TreatyAction.Type.WITHDRAWAL_ANNOUNCED and a.date <= when]

    @staticmethod
    def _declarations(actions, role, when):
        return [
            a
            for a in actions
            if a.action_type == TreatyAction.Type.JURISDICTION_DECLARATION
            and a.scope in ROLE_SCOPES[role]
            and a.period_start
            and a.period_start <= when
            and (a.period_end is None or when <= a.period_end)
        ]

    @staticmethod
    def _article_124(actions, role, question):
        if question.crime != Crime.WAR_CRIME:
            return None
        for action in actions:
            if (
                action.action_type == TreatyAction.Type.DECLARATION
                and action.article == "124"
                and action.scope in ROLE_SCOPES[role]
                and action.period_start
                and action.period_start <= question.date
                and (action.period_end is None or question.date <= action.period_end)
            ):
                return action
        return None


__all__ = ["RomeStatuteRules"]
