from django import forms

from core.models import State
from courts.jurisdiction import Crime, Trigger


class JurisdictionForm(forms.Form):
    """The jurisdiction question, as a person asks it on the web page."""

    date = forms.DateField(
        help_text="Date of the conduct (YYYY-MM-DD).", widget=forms.DateInput(attrs={"type": "date"})
    )
    trigger = forms.ChoiceField(choices=Trigger.choices, help_text="How the court is seized.")
    crime = forms.ChoiceField(choices=Crime.choices, help_text="Category of crime.")
    territory = forms.ModelChoiceField(
        State.objects.all(), to_field_name="code", required=False, help_text="Where it happened; blank if unknown."
    )
    nationality = forms.ModelChoiceField(
        State.objects.all(),
        to_field_name="code",
        required=False,
        help_text="The accused's nationality; blank if unknown.",
    )
    age = forms.IntegerField(min_value=0, max_value=130, required=False, help_text="Age of the accused then, if known.")
